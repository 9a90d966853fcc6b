/* test_csv_reader.c — the streaming CSV reader (base/csv_reader.c): separator
 * detection, quoting, line breaks and line numbers, BOM, blank lines, the
 * limits, refused input (bad UTF-8, NUL, broken quotes), the same input
 * read from a file in chunks, and an input read in parts. */
#include "testutil.h"
#include "base/csv_reader.h"
#include "base/strbuf.h"

/* Reads every record of r into "LINE:f1|f2|…\n"; stops at an error and
 * appends "ERR LINE: message". */
static char *dump(struct csv_reader *r)
{
	struct strbuf sb;
	strbuf_init(&sb);
	struct err e;
	err_clear(&e);
	int rc;
	while ((rc = csv_next(r, &e)) == 1) {
		strbuf_printf(&sb, "%ld:", csv_line(r));
		for (size_t i = 0; i < csv_nfields(r); i++) {
			if (i) strbuf_putc(&sb, '|');
			strbuf_append(&sb, csv_field(r, i), csv_field_len(r, i));
		}
		strbuf_putc(&sb, '\n');
	}
	if (rc < 0) strbuf_printf(&sb, "ERR %ld: %s", csv_line(r), e.msg);
	return strbuf_detach(&sb);
}

static char *dump_mem(const char *s, const struct csv_limits *lim, char *sep_out)
{
	struct csv_reader *r = csv_open_mem(s, strlen(s), lim);
	char *d = dump(r);
	if (sep_out) *sep_out = csv_separator(r);
	csv_close(r);
	return d;
}

#define ASSERT_CSV(input, want)                                  \
	do {                                                     \
		char *got_ = dump_mem((input), NULL, NULL);      \
		assert_string_equal(got_, (want));               \
		free(got_);                                      \
	} while (0)

static void test_simple_comma(void **state)
{
	(void)state;
	char sep;
	char *d = dump_mem("a,b,c\n1,2,3\n", NULL, &sep);
	assert_string_equal(d, "1:a|b|c\n2:1|2|3\n");
	assert_int_equal(sep, ',');
	free(d);
}

static void test_semicolon_detected(void **state)
{
	(void)state;
	char sep;
	/* Swedish Excel: ';' with decimal commas in the data. */
	char *d = dump_mem("namn;belopp\nÅsa;1,5\n", NULL, &sep);
	assert_string_equal(d, "1:namn|belopp\n2:Åsa|1,5\n");
	assert_int_equal(sep, ';');
	free(d);
	/* Separators inside quotes on the header line do not count. */
	d = dump_mem("\"a;b;c\",d\n1,2\n", NULL, &sep);
	assert_string_equal(d, "1:a;b;c|d\n2:1|2\n");
	assert_int_equal(sep, ',');
	free(d);
	/* One column: no separator on the header line, ',' is taken. */
	d = dump_mem("personnummer\n19121212-1212\n", NULL, &sep);
	assert_string_equal(d, "1:personnummer\n2:19121212-1212\n");
	assert_int_equal(sep, ',');
	free(d);
}

static void test_forced_separator(void **state)
{
	(void)state;
	struct csv_limits lim = {.separator = ';'};
	char sep;
	char *d = dump_mem("a,b\n1;2\n", &lim, &sep);
	assert_string_equal(d, "1:a,b\n2:1|2\n");
	assert_int_equal(sep, ';');
	free(d);
}

static void test_crlf_and_cr(void **state)
{
	(void)state;
	ASSERT_CSV("a,b\r\n1,2\r\n3,4\r\n", "1:a|b\n2:1|2\n3:3|4\n");
	ASSERT_CSV("a,b\r1,2\r3,4", "1:a|b\n2:1|2\n3:3|4\n"); /* old Mac line ends */
	ASSERT_CSV("a,b\n1,2\r\n3,4\n", "1:a|b\n2:1|2\n3:3|4\n");
}

static void test_quoted(void **state)
{
	(void)state;
	ASSERT_CSV("a,b\n\"x,y\",\"z\"\n", "1:a|b\n2:x,y|z\n");
	ASSERT_CSV("a;b\n\"1;2\";\"3\"\"4\"\n", "1:a|b\n2:1;2|3\"4\n");
	ASSERT_CSV("a\n\"\"\"\"\n", "1:a\n2:\"\n");
	/* A quote inside an unquoted field is kept as it is. */
	ASSERT_CSV("a,b\n12\" skärm,x\n", "1:a|b\n2:12\" skärm|x\n");
}

static void test_embedded_newlines_and_line_numbers(void **state)
{
	(void)state;
	ASSERT_CSV("id,text\n1,\"rad ett\nrad två\"\n2,x\n", "1:id|text\n2:1|rad ett\nrad två\n4:2|x\n");
	/* CRLF inside quotes is kept and counts as one line. */
	ASSERT_CSV("id,text\r\n1,\"a\r\nb\r\nc\"\r\n2,y\r\n", "1:id|text\n2:1|a\r\nb\r\nc\n5:2|y\n");
}

static void test_empty_fields(void **state)
{
	(void)state;
	ASSERT_CSV("a,b,c\n,,\n1,,3\n\"\",x,\n", "1:a|b|c\n2:||\n3:1||3\n4:|x|\n");
	struct csv_reader *r = csv_open_mem("a,b\n,\n", 6, NULL);
	struct err e;
	err_clear(&e);
	assert_int_equal(csv_next(r, &e), 1);
	assert_int_equal(csv_next(r, &e), 1);
	assert_int_equal(csv_nfields(r), 2);
	assert_string_equal(csv_field(r, 0), "");
	assert_int_equal(csv_field_len(r, 1), 0);
	assert_null(csv_field(r, 2));
	assert_int_equal(csv_next(r, &e), 0);
	assert_int_equal(csv_next(r, &e), 0); /* stays at the end */
	csv_close(r);
}

static void test_no_trailing_newline(void **state)
{
	(void)state;
	ASSERT_CSV("a,b\n1,2", "1:a|b\n2:1|2\n");
	ASSERT_CSV("a,b\n1,\"2\"", "1:a|b\n2:1|2\n");
	ASSERT_CSV("a,b\n1,", "1:a|b\n2:1|\n");
	ASSERT_CSV("", "");
	ASSERT_CSV("\n\n", "");
}

static void test_bom_and_blank_lines(void **state)
{
	(void)state;
	char sep;
	char *d = dump_mem("\xEF\xBB\xBFnamn;kommun\n\nAnna;1488\n\r\n\nBo;1487\n\n", NULL, &sep);
	assert_string_equal(d, "1:namn|kommun\n3:Anna|1488\n6:Bo|1487\n");
	assert_int_equal(sep, ';');
	free(d);
	/* Only a BOM at the very start is skipped. */
	ASSERT_CSV("a\n\xEF\xBB\xBFx\n", "1:a\n2:\xEF\xBB\xBFx\n");
}

static void test_field_count_checked_by_caller(void **state)
{
	(void)state;
	const char *in = "a;b;c\n1;2;3\n1;2\n1;2;3;4\n";
	struct csv_reader *r = csv_open_mem(in, strlen(in), NULL);
	struct err e;
	err_clear(&e);
	char reason[200];
	assert_int_equal(csv_next(r, &e), 1);
	size_t header = csv_nfields(r);
	assert_int_equal(header, 3);
	assert_int_equal(csv_next(r, &e), 1);
	assert_int_equal(csv_expect_fields(r, header, &e, reason, sizeof reason), 0);
	assert_int_equal(csv_next(r, &e), 1);
	assert_int_equal(csv_expect_fields(r, header, &e, reason, sizeof reason), ERR_INVALID);
	assert_string_equal(e.msg, "Rad 3: Raden har 2 fält men rubrikraden har 3.");
	assert_string_equal(reason, "Raden har 2 fält men rubrikraden har 3.");
	/* The reader goes on: the caller decides to list every bad line. */
	err_clear(&e);
	assert_int_equal(csv_next(r, &e), 1);
	assert_int_equal(csv_expect_fields(r, header, &e, NULL, 0), ERR_INVALID);
	assert_string_equal(e.msg, "Rad 4: Raden har 4 fält men rubrikraden har 3.");
	assert_int_equal(csv_next(r, &e), 0);
	csv_close(r);
}

static void test_limits(void **state)
{
	(void)state;
	struct csv_limits lim = {.max_field = 8};
	char *d = dump_mem("a,b\n12345678,x\n123456789,y\n", &lim, NULL);
	assert_string_equal(d, "1:a|b\n2:12345678|x\nERR 3: Rad 3: Fält 1 är längre än 8 byte.");
	free(d);
	/* Quoted fields count their content, not the quotes. */
	d = dump_mem("a\n\"12345678\"\n\"12\"\"456789\"\n", &lim, NULL);
	assert_string_equal(d, "1:a\n2:12345678\nERR 3: Rad 3: Fält 1 är längre än 8 byte.");
	free(d);
	struct csv_limits rec = {.max_record = 10};
	d = dump_mem("a,b,c\n1234,5678,901\n", &rec, NULL);
	assert_string_equal(d, "1:a|b|c\nERR 2: Rad 2: Raden är längre än 10 byte.");
	free(d);
	struct csv_limits nf = {.max_fields = 3};
	d = dump_mem("a,b,c\n1,2,3,4\n", &nf, NULL);
	assert_string_equal(d, "1:a|b|c\nERR 2: Rad 2: Raden har fler än 3 fält.");
	free(d);
}

static void test_huge_field_default_limit(void **state)
{
	(void)state;
	/* 64 KiB is the default: one byte more is refused, without reading on. */
	size_t n = 64 * 1024;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_puts(&sb, "text\n\"");
	for (size_t i = 0; i < n; i++) strbuf_putc(&sb, 'x');
	strbuf_puts(&sb, "\"\n");
	struct csv_reader *r = csv_open_mem(sb.buf, sb.len, NULL);
	struct err e;
	err_clear(&e);
	assert_int_equal(csv_next(r, &e), 1);
	assert_int_equal(csv_next(r, &e), 1);
	assert_int_equal(csv_field_len(r, 0), n);
	csv_close(r);
	strbuf_truncate(&sb, sb.len - 2);
	strbuf_puts(&sb, "x\"\n");
	r = csv_open_mem(sb.buf, sb.len, NULL);
	assert_int_equal(csv_next(r, &e), 1);
	assert_int_equal(csv_next(r, &e), ERR_INVALID);
	assert_string_equal(e.msg, "Rad 2: Fält 1 är längre än 65536 byte.");
	assert_string_equal(csv_error_reason(r), "Fält 1 är längre än 65536 byte.");
	assert_int_equal(csv_line(r), 2);
	/* A failed reader stays failed. */
	err_clear(&e);
	assert_int_equal(csv_next(r, &e), ERR_INVALID);
	assert_string_equal(e.msg, "Rad 2: Fält 1 är längre än 65536 byte.");
	csv_close(r);
	strbuf_free(&sb);
}

static void test_refused_input(void **state)
{
	(void)state;
	/* Latin-1 (Excel's "CSV" on older Windows) is not UTF-8. */
	ASSERT_CSV("namn\nAnna\nK\xE5re\n",
		   "1:namn\n2:Anna\nERR 3: Rad 3: Fält 1 är inte giltig UTF-8 (spara filen som CSV UTF-8).");
	ASSERT_CSV("a,b\n1,\"x\ny\xC3\"\n", "1:a|b\nERR 2: Rad 2: Fält 2 är inte giltig UTF-8 (spara filen som CSV UTF-8).");
	/* UTF-16 has NUL bytes. */
	struct csv_reader *r = csv_open_mem("a\n1\nb\0c\n", 8, NULL);
	char *d = dump(r);
	assert_string_equal(d, "1:a\n2:1\nERR 3: Rad 3: Filen innehåller en NUL-byte (spara den som CSV UTF-8, inte UTF-16).");
	free(d);
	csv_close(r);
	ASSERT_CSV("a,b\n1,\"oavslutat\n2,3\n",
		   "1:a|b\nERR 2: Rad 2: Fält 2 börjar med ett citattecken som aldrig avslutas.");
	ASSERT_CSV("a,b\n\"x\"y,2\n",
		   "1:a|b\nERR 2: Rad 2: I fält 1 följer tecken efter det avslutande citattecknet"
		   " (ett citattecken i ett fält skrivs \"\").");
}

/* The same records from a file, across many 64 KiB refills, with quoted
 * fields and line breaks landing on chunk borders. */
static void test_file_in_chunks(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	assert_non_null(f);
	fputs("\xEF\xBB\xBFid;namn;anteckning\r\n", f);
	const int rows = 60000;
	for (int i = 1; i <= rows; i++) {
		if (i % 7 == 0) fprintf(f, "%d;\"Åsa; \"\"%d\"\"\";\"två\r\nrader\"\r\n", i, i);
		else fprintf(f, "%d;Öberg %d;\r\n", i, i);
	}
	fputs("slut;x;y", f); /* no line break at the end */
	rewind(f);
	struct csv_reader *r = csv_open_file(f, NULL);
	struct err e;
	err_clear(&e);
	assert_int_equal(csv_next(r, &e), 1);
	assert_int_equal(csv_separator(r), ';');
	assert_string_equal(csv_field(r, 0), "id");
	long line = 2;
	char want[64];
	for (int i = 1; i <= rows; i++) {
		assert_int_equal(csv_next(r, &e), 1);
		assert_int_equal(csv_nfields(r), 3);
		assert_int_equal(csv_line(r), line);
		snprintf(want, sizeof want, "%d", i);
		assert_string_equal(csv_field(r, 0), want);
		if (i % 7 == 0) {
			snprintf(want, sizeof want, "Åsa; \"%d\"", i);
			assert_string_equal(csv_field(r, 1), want);
			assert_string_equal(csv_field(r, 2), "två\r\nrader");
			line += 2;
		} else {
			snprintf(want, sizeof want, "Öberg %d", i);
			assert_string_equal(csv_field(r, 1), want);
			assert_string_equal(csv_field(r, 2), "");
			line += 1;
		}
	}
	assert_int_equal(csv_next(r, &e), 1);
	assert_string_equal(csv_field(r, 2), "y");
	assert_int_equal(csv_line(r), line);
	assert_int_equal(csv_next(r, &e), 0);
	csv_close(r);
	fclose(f);
}

/* A header line longer than one chunk: the separator is still found. */
static void test_long_header_line(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	for (int i = 0; i < 9000; i++) strbuf_printf(&sb, "%skolumn%d", i ? ";" : "", i);
	strbuf_puts(&sb, "\n1;2\n");
	FILE *f = tmpfile();
	assert_non_null(f);
	fwrite(sb.buf, 1, sb.len, f);
	rewind(f);
	struct csv_limits lim = {.max_fields = 10000};
	struct csv_reader *r = csv_open_file(f, &lim);
	struct err e;
	err_clear(&e);
	assert_int_equal(csv_next(r, &e), 1);
	assert_int_equal(csv_separator(r), ';');
	assert_int_equal(csv_nfields(r), 9000);
	assert_string_equal(csv_field(r, 8999), "kolumn8999");
	assert_int_equal(csv_next(r, &e), 1);
	assert_int_equal(csv_nfields(r), 2);
	assert_int_equal(csv_next(r, &e), 0);
	csv_close(r);
	fclose(f);
	strbuf_free(&sb);
}

/* csv_input and csv_open_part: a file that begins part-way into its FILE,
 * read in two parts after its header with the header's separator; a byte-
 * order mark at a part's start is data; a cut inside a quoted field fails
 * the part before it; a pipe cannot be had as one block. */
static void test_parts(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	assert_non_null(f);
	const char body[] = "\xEF\xBB\xBF"
			    "a;b\r\n"
			    "1,5;\"två\nrader\"\r\n"
			    "\xEF\xBB\xBFx;y\n";
	fputs("skräp före", f);
	long start = ftell(f);
	fputs(body, f);
	fseek(f, start, SEEK_SET);
	struct csv_reader *r = csv_open_file(f, NULL);
	struct err e;
	err_clear(&e);
	assert_int_equal(csv_next(r, &e), 1);
	size_t len, from;
	const char *in = csv_input(r, &len, &from);
	assert_non_null(in);
	assert_int_equal(len, sizeof body - 1);
	assert_int_equal(from, 8); /* the BOM and "a;b\r\n" */
	assert_memory_equal(in, body, len);
	const char *rader = memmem(in, len, "rader", 5);
	assert_non_null(rader);
	size_t cut = (size_t)(rader - in) + 8; /* after "rader\"\r\n" */
	struct csv_reader *p1 = csv_open_part(r, from, cut), *p2 = csv_open_part(r, cut, len);
	char *d = dump(p1);
	assert_string_equal(d, "1:1,5|två\nrader\n");
	free(d);
	d = dump(p2);
	assert_string_equal(d, "1:\xEF\xBB\xBFx|y\n");
	free(d);
	csv_close(p1);
	csv_close(p2);
	/* Cut at the quoted line break. */
	cut = (size_t)(rader - in);
	p1 = csv_open_part(r, from, cut);
	d = dump(p1);
	assert_string_equal(d, "ERR 1: Rad 1: Fält 2 börjar med ett citattecken som aldrig avslutas.");
	free(d);
	csv_close(p1);
	csv_close(r);
	fclose(f);

	/* A memory buffer is its own block. */
	r = csv_open_mem(body, sizeof body - 1, NULL);
	assert_int_equal(csv_next(r, &e), 1);
	assert_ptr_equal(csv_input(r, &len, &from), body);
	assert_int_equal(from, 8);
	csv_close(r);

	int fds[2];
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], body, sizeof body - 1), (ssize_t)(sizeof body - 1));
	close(fds[1]);
	f = fdopen(fds[0], "r");
	r = csv_open_file(f, NULL);
	assert_int_equal(csv_next(r, &e), 1);
	assert_null(csv_input(r, &len, &from));
	assert_int_equal(csv_next(r, &e), 1); /* and it reads on */
	assert_string_equal(csv_field(r, 0), "1,5");
	csv_close(r);
	fclose(f);
}

TEST_MAIN(
	cmocka_unit_test(test_simple_comma),
	cmocka_unit_test(test_semicolon_detected),
	cmocka_unit_test(test_forced_separator),
	cmocka_unit_test(test_crlf_and_cr),
	cmocka_unit_test(test_quoted),
	cmocka_unit_test(test_embedded_newlines_and_line_numbers),
	cmocka_unit_test(test_empty_fields),
	cmocka_unit_test(test_no_trailing_newline),
	cmocka_unit_test(test_bom_and_blank_lines),
	cmocka_unit_test(test_field_count_checked_by_caller),
	cmocka_unit_test(test_limits),
	cmocka_unit_test(test_huge_field_default_limit),
	cmocka_unit_test(test_refused_input),
	cmocka_unit_test(test_file_in_chunks),
	cmocka_unit_test(test_long_header_line),
	cmocka_unit_test(test_parts),
)
