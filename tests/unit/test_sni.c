/* test_sni.c — SNI 2007 (se/sni.c): every row of the embedded file is
 * loaded with its level, title and parent; counts per level match SCB's
 * structure; every detail code has its section; dotted forms; unknown
 * codes and malformed forms are refused; first use from many threads. */
#include "testutil.h"
#include "se/sni.h"

/* Runs first, so the table is built under concurrent first use. */
static void test_concurrent_init(void **state)
{
	(void)state;
	testcodes_concurrent_count(sni_count, 1817);
}

static void describe(const char *code, struct testcode *out)
{
	*out = (struct testcode){.valid = sni_valid(code), .level = sni_level_name(sni_level(code)),
				 .title = sni_title(code), .parent = sni_parent(code), .error_text = sni_error_text(code)};
}

static void test_every_row(void **state)
{
	(void)state;
	assert_int_equal(testcodes_every_row("sni2007.csv", describe), 1817);
	assert_int_equal(sni_count(), 1817);
}

static void test_levels_and_sections(void **state)
{
	(void)state;
	int per_level[6] = {0};
	const char *prev = "";
	for (size_t i = 0; i < sni_count(); i++) {
		const char *code = sni_code_at(i);
		assert_true(strcmp(prev, code) < 0); /* sorted, no duplicates */
		prev = code;
		enum sni_level lv = sni_level(code);
		assert_int_equal(strlen(code), (size_t)lv); /* level n has n characters */
		per_level[lv]++;
		/* The section, found independently by walking up the parents. */
		const char *up = code;
		while (sni_parent(up)) up = sni_parent(up);
		const char *sec = sni_section(code);
		assert_non_null(sec);
		assert_string_equal(sec, up);
		assert_int_equal(sni_level(sec), SNI_SECTION);
		assert_true(sec[0] >= 'A' && sec[0] <= 'U' && sec[1] == 0);
		if (lv >= SNI_GROUP) {
			/* Group, class and detail codes extend their parent's digits. */
			assert_memory_equal(code, sni_parent(code), (size_t)lv - 1);
			char div[3] = {code[0], code[1], 0};
			assert_string_equal(sni_section(div), sec);
		}
	}
	assert_null(sni_code_at(sni_count()));
	assert_int_equal(per_level[SNI_NONE], 0);
	assert_int_equal(per_level[SNI_SECTION], 21);
	assert_int_equal(per_level[SNI_DIVISION], 88);
	assert_int_equal(per_level[SNI_GROUP], 272);
	assert_int_equal(per_level[SNI_CLASS], 615);
	assert_int_equal(per_level[SNI_DETAIL], 821);
}

static void test_known(void **state)
{
	(void)state;
	assert_string_equal(sni_section("25620"), "C");
	assert_string_equal(sni_title("25620"), "Metallegoarbeten");
	assert_int_equal(sni_level("25620"), SNI_DETAIL);
	assert_string_equal(sni_parent("25620"), "2562");
	assert_string_equal(sni_parent("2562"), "256");
	assert_string_equal(sni_parent("256"), "25");
	assert_string_equal(sni_parent("25"), "C");
	assert_null(sni_parent("C"));
	assert_string_equal(sni_title("01110"), "Odling av spannmål (utom ris), baljväxter och oljeväxter");
	assert_string_equal(sni_section("01110"), "A");
	assert_string_equal(sni_title("F"), "Byggverksamhet");
	assert_string_equal(sni_section("F"), "F");
	assert_string_equal(sni_section("43"), "F");
	assert_string_equal(sni_section("99000"), "U");
	assert_string_equal(sni_level_name(SNI_DETAIL), "detail");
	assert_null(sni_level_name(SNI_NONE));
}

static void test_dotted_and_normalize(void **state)
{
	(void)state;
	static const char *const written[][2] = {
		{"25.620", "25620"}, {"25.62", "2562"}, {"01.1", "011"}, {" 01.110 ", "01110"}, {"c", "C"},
	};
	char out[SNI_CODE_SIZE];
	for (size_t i = 0; i < sizeof written / sizeof written[0]; i++)
		if (!sni_normalize(written[i][0], out) || strcmp(out, written[i][1]) != 0)
			fail_msg("'%s' not normalised to %s", written[i][0], written[i][1]);
	assert_string_equal(sni_section("25.620"), "C");
	assert_string_equal(sni_title("25.62"), "Metallegoarbeten");
	assert_int_equal(sni_level("25.62"), SNI_CLASS);
	assert_int_equal(sni_level("01.1"), SNI_GROUP);
	assert_true(sni_valid("01.11"));
	assert_true(sni_valid("q"));
	/* The same pointer whatever the written form: one table. */
	assert_ptr_equal(sni_title("25.620"), sni_title("25620"));
	const char *bad[] = {"", " ", "2", "2.5620", "256.20", "25..620", "25.", ".25", "25-620", "25 620", "256201",
			     "25.6201", "AB", "Ä", "C1", "1C", "25,620", "+25", NULL};
	for (int i = 0; bad[i]; i++) {
		if (sni_normalize(bad[i], out)) fail_msg("'%s' normalised", bad[i]);
		assert_string_equal(out, "");
		assert_false(sni_valid(bad[i]));
		assert_non_null(sni_error_text(bad[i]));
	}
	assert_false(sni_normalize(NULL, out));
	assert_false(sni_valid(NULL));
}

static void test_unknown(void **state)
{
	(void)state;
	/* Well-formed, but no such code in SNI 2007. */
	const char *unknown[] = {"00", "04", "25629", "99999", "00000", "V", "Z", "3999", "040", NULL};
	for (int i = 0; unknown[i]; i++) {
		assert_false(sni_valid(unknown[i]));
		assert_int_equal(sni_level(unknown[i]), SNI_NONE);
		assert_null(sni_title(unknown[i]));
		assert_null(sni_section(unknown[i]));
		assert_null(sni_parent(unknown[i]));
		assert_string_equal(sni_error_text(unknown[i]), "Okänd SNI 2007-kod.");
	}
	assert_string_not_equal(sni_error_text("25-620"), "Okänd SNI 2007-kod.");
}

TEST_MAIN(
	cmocka_unit_test(test_concurrent_init),
	cmocka_unit_test(test_every_row),
	cmocka_unit_test(test_levels_and_sections),
	cmocka_unit_test(test_known),
	cmocka_unit_test(test_dotted_and_normalize),
	cmocka_unit_test(test_unknown),
)
