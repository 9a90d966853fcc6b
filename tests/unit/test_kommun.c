/* test_kommun.c — the municipality code list of se/kommun.c: all 290
 * municipalities are loaded from the embedded CSV, known codes give their
 * names, anything else gives NULL. */
#include "testutil.h"
#include "se/kommun.h"

static void test_count(void **state)
{
	(void)state;
	assert_int_equal(kommun_count(), 290);
	/* Every code 0000–9999 tried: exactly 290 are known, each with a name. */
	int known = 0;
	char code[5];
	for (int i = 0; i < 10000; i++) {
		snprintf(code, sizeof code, "%04d", i);
		const char *name = kommun_name(code);
		if (!name) continue;
		known++;
		assert_true(strlen(name) > 1);
		assert_null(strchr(name, ','));
		assert_null(strchr(name, '\n'));
		assert_null(strchr(name, '\r'));
	}
	assert_int_equal(known, 290);
}

static void test_known(void **state)
{
	(void)state;
	assert_string_equal(kommun_name("1488"), "Trollhättan");
	assert_string_equal(kommun_name("0114"), "Upplands Väsby"); /* first in the list */
	assert_string_equal(kommun_name("0180"), "Stockholm");
	assert_string_equal(kommun_name("1480"), "Göteborg");
	assert_string_equal(kommun_name("2584"), "Kiruna");
}

static void test_unknown(void **state)
{
	(void)state;
	assert_null(kommun_name("0000"));
	assert_null(kommun_name("9999"));
	assert_null(kommun_name(NULL));
	assert_null(kommun_name(""));
	assert_null(kommun_name("148"));
	assert_null(kommun_name("14880"));
	assert_null(kommun_name(" 1488"));
	assert_null(kommun_name("kod,"));
	assert_null(kommun_name("kod")); /* the CSV header is not a municipality */
}

TEST_MAIN(
	cmocka_unit_test(test_count),
	cmocka_unit_test(test_known),
	cmocka_unit_test(test_unknown),
)
