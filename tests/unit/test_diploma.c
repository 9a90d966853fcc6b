/* test_diploma.c — the diploma PDF (src/report/diploma.c): three diplomas
 * with Swedish names make a PDF that poppler opens (pdfinfo: three A4
 * pages) and whose text (pdftotext) has every name, the title, the course,
 * the date in Swedish and the code, letters right; bad input is refused
 * with the field named; four threads draw at once; and the verification code: length, alphabet,
 * grouping, no repeat in 10 000, and a typed code read back. */
#include "testutil.h"
#include "report/diploma.h"

/* The whole standard output of a shell command, NUL-terminated. */
static char *run_output(const char *command)
{
	FILE *p = popen(command, "r");
	assert_non_null(p);
	size_t cap = 4096, len = 0;
	char *out = malloc(cap);
	assert_non_null(out);
	size_t n;
	while ((n = fread(out + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (cap - len < 2) {
			cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
	}
	out[len] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

static void test_three_diplomas_as_pdf(void **state)
{
	(void)state;
	static const char *const names[3] = {"Åsa Öberg", "Örjan Ångström-Älvén", "Renée Ärlig Åkesson"};
	char codes[3][DIPLOMA_CODE_SIZE];
	struct diploma d[3];
	for (int i = 0; i < 3; i++) {
		assert_int_equal(diploma_code_new(codes[i]), 0);
		d[i] = (struct diploma){names[i], "Diplomerad mentor", "Mentorskap grundutbildning", "2026-12-02",
					"Samordningsförbundet Östra Södertörn", codes[i]};
	}
	struct err e;
	err_clear(&e);
	unsigned char *pdf;
	size_t len;
	assert_int_equal(diploma_render_pdf(d, 3, "https://samsyn.example.se/diplom", &pdf, &len, &e), 0);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);

	const char *tmp = getenv("TMPDIR");
	char dir[512], path[600], command[1400];
	snprintf(dir, sizeof dir, "%s/samsyn-diploma-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/diplom.pdf", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(pdf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(pdf);

	snprintf(command, sizeof command, "pdfinfo '%s'", path);
	char *info = run_output(command);
	assert_non_null(strstr(info, "Pages:           3\n"));
	assert_non_null(strstr(info, "(A4)"));
	free(info);

	/* Page by page: each diploma on its own page, in order. */
	for (int page = 1; page <= 3; page++) {
		snprintf(command, sizeof command, "pdftotext -f %d -l %d '%s' -", page, page, path);
		char *text = run_output(command);
		const int i = page - 1;
		assert_non_null(strstr(text, "Diplom\n"));
		assert_non_null(strstr(text, names[i]));
		for (int other = 0; other < 3; other++)
			if (other != i) assert_null(strstr(text, names[other]));
		assert_non_null(strstr(text, "Diplomerad mentor"));
		assert_non_null(strstr(text, "har genomgått"));
		assert_non_null(strstr(text, "Mentorskap grundutbildning"));
		assert_non_null(strstr(text, "2 december 2026"));
		assert_non_null(strstr(text, "Samordningsförbundet Östra Södertörn"));
		char code_line[64];
		snprintf(code_line, sizeof code_line, "Kontrollkod: %s", codes[i]);
		assert_non_null(strstr(text, code_line));
		assert_non_null(strstr(text, "kontrolleras med kontrollkoden på https://samsyn.example.se/diplom"));
		free(text);
	}
	unlink(path);
	rmdir(dir);
}

static void test_checked_at_the_federation_without_an_address(void **state)
{
	(void)state;
	struct diploma d = {"Zoë Sjöö", "Diplomerad mentor", "Mentorskap fördjupning", "2024-02-29",
			    "Samordningsförbundet Norr", "ABCDE-FGH23"};
	struct err e;
	err_clear(&e);
	unsigned char *pdf;
	size_t len;
	assert_int_equal(diploma_render_pdf(&d, 1, NULL, &pdf, &len, &e), 0);
	assert_true(len > 1000);
	free(pdf);
}

/* The server draws diplomas on several threads at once: the first call of
 * each starts fontconfig together, and every PDF comes out whole. */
static void *render_one(void *arg)
{
	size_t *len = arg;
	struct diploma d = {"Håkan Nordén", "Diplomerad mentor", "Mentorskap", "2026-06-15", "Förbundet",
			    "K7QM2-X9HAR"};
	struct err e;
	err_clear(&e);
	unsigned char *pdf;
	for (int i = 0; i < 3; i++) {
		if (diploma_render_pdf(&d, 1, NULL, &pdf, len, &e) != 0) return NULL;
		if (memcmp(pdf, "%PDF-", 5) != 0) *len = 0;
		free(pdf);
	}
	return arg;
}

static void test_concurrent_renders(void **state)
{
	(void)state;
	enum { THREADS = 4 };
	pthread_t threads[THREADS];
	size_t lens[THREADS] = {0};
	for (int i = 0; i < THREADS; i++) assert_int_equal(pthread_create(&threads[i], NULL, render_one, &lens[i]), 0);
	for (int i = 0; i < THREADS; i++) {
		void *result;
		assert_int_equal(pthread_join(threads[i], &result), 0);
		assert_ptr_equal(result, &lens[i]);
		assert_true(lens[i] > 1000);
	}
}

static void test_bad_input_is_refused(void **state)
{
	(void)state;
	struct diploma d[2] = {
		{"Åsa Öberg", "Diplomerad mentor", "Mentorskap", "2026-12-02", "Förbundet", "ABCDE-FGH23"},
		{"", "Diplomerad mentor", "Mentorskap", "2026-02-30", "Förbundet", "ABCDE-FGH23"},
	};
	struct err e;
	err_clear(&e);
	unsigned char *pdf = (unsigned char *)"x";
	size_t len = 7;
	assert_int_equal(diploma_render_pdf(d, 2, NULL, &pdf, &len, &e), ERR_INVALID);
	assert_null(pdf);
	assert_int_equal(len, 0);
	assert_int_equal(e.nparams, 2);
	assert_string_equal(e.params[0].name, "diplomas[1].full_name");
	assert_string_equal(e.params[1].name, "diplomas[1].date");

	err_clear(&e);
	d[1] = d[0];
	d[1].course = "Mentorskap \xc3";
	assert_int_equal(diploma_render_pdf(d, 2, NULL, &pdf, &len, &e), ERR_INVALID);
	assert_string_equal(e.params[0].name, "diplomas[1].course");

	err_clear(&e);
	assert_int_equal(diploma_render_pdf(d, 0, NULL, &pdf, &len, &e), ERR_INVALID);
}

static void test_swedish_dates(void **state)
{
	(void)state;
	char out[48];
	assert_true(diploma_swedish_date("2026-12-02", out, sizeof out));
	assert_string_equal(out, "2 december 2026");
	assert_true(diploma_swedish_date("2027-01-31", out, sizeof out));
	assert_string_equal(out, "31 januari 2027");
	assert_true(diploma_swedish_date("2024-02-29", out, sizeof out));
	assert_string_equal(out, "29 februari 2024");
	assert_false(diploma_swedish_date("2025-02-29", out, sizeof out));
	assert_false(diploma_swedish_date("1900-02-29", out, sizeof out));
	assert_false(diploma_swedish_date("2026-13-01", out, sizeof out));
	assert_false(diploma_swedish_date("2026-04-31", out, sizeof out));
	assert_false(diploma_swedish_date("2026-12-2", out, sizeof out));
	assert_false(diploma_swedish_date("2026/12/02", out, sizeof out));
	assert_false(diploma_swedish_date(NULL, out, sizeof out));
	assert_string_equal(out, "");
}

static int compare_codes(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_codes(void **state)
{
	(void)state;
	enum { COUNT = 10000 };
	char(*codes)[DIPLOMA_CODE_SIZE] = malloc(COUNT * sizeof *codes);
	assert_non_null(codes);
	assert_int_equal(strlen(diploma_code_alphabet), 32);
	assert_null(strpbrk(diploma_code_alphabet, "0O1I"));
	int seen[32] = {0};
	for (int i = 0; i < COUNT; i++) {
		assert_int_equal(diploma_code_new(codes[i]), 0);
		assert_int_equal(strlen(codes[i]), DIPLOMA_CODE_SIZE - 1);
		for (int c = 0; c < DIPLOMA_CODE_SIZE - 1; c++) {
			if (c == 5) {
				assert_int_equal(codes[i][c], '-');
				continue;
			}
			const char *at = strchr(diploma_code_alphabet, codes[i][c]);
			assert_non_null(at);
			seen[at - diploma_code_alphabet]++;
		}
	}
	/* Every symbol turns up (100 000 draws of 32: about 3 125 each). */
	for (int s = 0; s < 32; s++) assert_true(seen[s] > 2500 && seen[s] < 3750);
	qsort(codes, COUNT, sizeof *codes, compare_codes);
	for (int i = 1; i < COUNT; i++) assert_string_not_equal(codes[i - 1], codes[i]);
	free(codes);
}

static void test_typed_codes(void **state)
{
	(void)state;
	char out[DIPLOMA_CODE_SIZE];
	assert_true(diploma_code_normalise("K7QM2-X9HAR", out));
	assert_string_equal(out, "K7QM2-X9HAR");
	assert_true(diploma_code_normalise(" k7qm2 x9har ", out));
	assert_string_equal(out, "K7QM2-X9HAR");
	assert_true(diploma_code_normalise("k7qm2x9har", out));
	assert_string_equal(out, "K7QM2-X9HAR");
	assert_false(diploma_code_normalise("K7QM2-X9HA", out));    /* too short */
	assert_false(diploma_code_normalise("K7QM2-X9HARR", out));  /* too long */
	assert_false(diploma_code_normalise("K7QM0-X9HAR", out));   /* 0 is not a symbol */
	assert_false(diploma_code_normalise("K7QMO-X9HAR", out));   /* nor O */
	assert_false(diploma_code_normalise("K7QMÅ-X9HAR", out));   /* nor anything outside ASCII */
	assert_false(diploma_code_normalise("K7QM2/X9HAR", out));
	assert_false(diploma_code_normalise(NULL, out));
	assert_string_equal(out, "");
}

TEST_MAIN(cmocka_unit_test(test_concurrent_renders), cmocka_unit_test(test_three_diplomas_as_pdf),
	  cmocka_unit_test(test_checked_at_the_federation_without_an_address),
	  cmocka_unit_test(test_bad_input_is_refused),
	  cmocka_unit_test(test_swedish_dates), cmocka_unit_test(test_codes), cmocka_unit_test(test_typed_codes))
