/* test_ssyk.c — SSYK 2012 (se/ssyk.c): every row of the embedded file is
 * loaded with its level, title and parent; counts per level; known and
 * unknown codes; malformed forms; first use from many threads. */
#include "testutil.h"
#include "se/ssyk.h"

static void test_concurrent_init(void **state)
{
	(void)state;
	testcodes_concurrent_count(ssyk_count, 633);
}

static void describe(const char *code, struct testcode *out)
{
	*out = (struct testcode){.valid = ssyk_valid(code), .level = ssyk_level_name(ssyk_level(code)),
				 .title = ssyk_title(code), .parent = ssyk_parent(code), .error_text = ssyk_error_text(code)};
}

static void test_every_row(void **state)
{
	(void)state;
	assert_int_equal(testcodes_every_row("ssyk2012.csv", describe), 633);
}

static void test_levels(void **state)
{
	(void)state;
	int per_level[5] = {0};
	const char *prev = "";
	for (size_t i = 0; i < ssyk_count(); i++) {
		const char *code = ssyk_code_at(i);
		assert_true(strcmp(prev, code) < 0);
		prev = code;
		enum ssyk_level lv = ssyk_level(code);
		assert_int_equal(strlen(code), (size_t)lv);
		per_level[lv]++;
		/* The parent is the code minus its last digit. */
		if (lv > SSYK_MAJOR) {
			assert_int_equal(strlen(ssyk_parent(code)), (size_t)lv - 1);
			assert_memory_equal(code, ssyk_parent(code), (size_t)lv - 1);
		}
	}
	assert_null(ssyk_code_at(ssyk_count()));
	assert_int_equal(per_level[SSYK_NONE], 0);
	assert_int_equal(per_level[SSYK_MAJOR], 10);
	assert_int_equal(per_level[SSYK_SUBMAJOR], 46);
	assert_int_equal(per_level[SSYK_MINOR], 148);
	assert_int_equal(per_level[SSYK_UNIT], 429);
}

static void test_known_and_unknown(void **state)
{
	(void)state;
	assert_string_equal(ssyk_title("5120"), "Kockar och kallskänkor");
	assert_int_equal(ssyk_level("5120"), SSYK_UNIT);
	assert_string_equal(ssyk_parent("5120"), "512");
	assert_string_equal(ssyk_title("0"), "Militära yrken");
	assert_int_equal(ssyk_level("0"), SSYK_MAJOR);
	assert_null(ssyk_parent("0"));
	assert_string_equal(ssyk_title("0110"), "Officerare");
	assert_true(ssyk_valid(" 5120 "));
	assert_string_equal(ssyk_level_name(SSYK_SUBMAJOR), "submajor");
	assert_null(ssyk_level_name(SSYK_NONE));
	char out[SSYK_CODE_SIZE];
	assert_true(ssyk_normalize(" 512 ", out));
	assert_string_equal(out, "512");
	const char *unknown[] = {"00", "010", "9999", "1000", "0000", NULL};
	for (int i = 0; unknown[i]; i++) {
		assert_false(ssyk_valid(unknown[i]));
		assert_int_equal(ssyk_level(unknown[i]), SSYK_NONE);
		assert_null(ssyk_title(unknown[i]));
		assert_null(ssyk_parent(unknown[i]));
		assert_string_equal(ssyk_error_text(unknown[i]), "Okänd SSYK 2012-kod.");
	}
	const char *bad[] = {"", " ", "51200", "51.20", "5-120", "A", "512a", "5 120", "+512", NULL};
	for (int i = 0; bad[i]; i++) {
		if (ssyk_normalize(bad[i], out)) fail_msg("'%s' normalised", bad[i]);
		assert_string_equal(out, "");
		assert_false(ssyk_valid(bad[i]));
		assert_non_null(ssyk_error_text(bad[i]));
		assert_string_not_equal(ssyk_error_text(bad[i]), "Okänd SSYK 2012-kod.");
	}
	assert_false(ssyk_valid(NULL));
	assert_false(ssyk_normalize(NULL, out));
}

TEST_MAIN(
	cmocka_unit_test(test_concurrent_init),
	cmocka_unit_test(test_every_row),
	cmocka_unit_test(test_levels),
	cmocka_unit_test(test_known_and_unknown),
)
