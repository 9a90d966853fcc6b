/* test_kommun_neighbours.c — which municipalities share a border
 * (se/kommun.c over the embedded se/data/kommun_neighbours.csv): the cases
 * checked when the table was made (docs/matching.md), symmetry, sorted
 * output, and junk input. */
#include "testutil.h"
#include "se/kommun.h"

static void test_known_pairs(void **state)
{
	(void)state;
	/* Trollhättan borders Vänersborg and Lilla Edet; Grästorp borders both
	 * Vänersborg and Trollhättan; Stockholm borders Solna. */
	assert_true(kommun_neighbours("1488", "1487"));
	assert_true(kommun_neighbours("1488", "1462"));
	assert_true(kommun_neighbours("1444", "1487"));
	assert_true(kommun_neighbours("1444", "1488"));
	assert_true(kommun_neighbours("0180", "0184"));
	/* Both directions. */
	assert_true(kommun_neighbours("1487", "1488"));
	assert_true(kommun_neighbours("0184", "0180"));
}

static void test_not_neighbours(void **state)
{
	(void)state;
	assert_false(kommun_neighbours("1480", "1488")); /* Göteborg, Trollhättan */
	assert_false(kommun_neighbours("1488", "1480"));
	assert_false(kommun_neighbours("0180", "2584")); /* Stockholm, Kiruna */
	assert_false(kommun_neighbours("1488", "1488")); /* never with itself */
}

static void test_gotland(void **state)
{
	(void)state;
	const char *out[8];
	assert_int_equal(kommun_neighbour_codes("0980", out, 8), 0);
	assert_false(kommun_neighbours("0980", "0180"));
}

static void test_codes_sorted_and_symmetric(void **state)
{
	(void)state;
	const char *out[64];
	size_t n = kommun_neighbour_codes("1488", out, 64);
	assert_true(n >= 3);
	bool saw_1487 = false, saw_1462 = false, saw_1444 = false;
	for (size_t i = 0; i < n; i++) {
		if (i) assert_true(strcmp(out[i - 1], out[i]) < 0);
		assert_non_null(kommun_name(out[i]));
		assert_true(kommun_neighbours(out[i], "1488"));
		saw_1487 |= strcmp(out[i], "1487") == 0;
		saw_1462 |= strcmp(out[i], "1462") == 0;
		saw_1444 |= strcmp(out[i], "1444") == 0;
	}
	assert_true(saw_1487 && saw_1462 && saw_1444);

	/* max limits what is written, not what is counted. */
	const char *two[2] = {NULL, NULL};
	assert_int_equal(kommun_neighbour_codes("1488", two, 1), n);
	assert_string_equal(two[0], out[0]);
	assert_null(two[1]);
	assert_int_equal(kommun_neighbour_codes("1488", NULL, 0), n);
}

static void test_whole_table(void **state)
{
	(void)state;
	/* Every one of the 290 has a neighbour except Gotland (an island), every
	 * pair is symmetric, and the total is plausible for Sweden's map. */
	char code[5];
	size_t pairs = 0, lonely = 0;
	for (int i = 0; i < 10000; i++) {
		snprintf(code, sizeof code, "%04d", i);
		const char *out[64];
		size_t n = kommun_neighbour_codes(code, out, 64);
		if (!kommun_name(code)) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_true(n <= 64);
		if (n == 0) {
			lonely++;
			assert_string_equal(code, "0980");
		}
		for (size_t j = 0; j < n; j++) assert_true(kommun_neighbours(out[j], code));
		pairs += n;
	}
	assert_int_equal(lonely, 1);
	assert_int_equal(pairs % 2, 0);
	assert_true(pairs / 2 >= 700 && pairs / 2 <= 1000);
}

static void test_junk(void **state)
{
	(void)state;
	const char *out[4];
	assert_false(kommun_neighbours(NULL, "1487"));
	assert_false(kommun_neighbours("1488", NULL));
	assert_false(kommun_neighbours("", ""));
	assert_false(kommun_neighbours("148", "1487"));
	assert_false(kommun_neighbours("14880", "1487"));
	assert_false(kommun_neighbours("kod_", "kod_"));
	assert_int_equal(kommun_neighbour_codes(NULL, out, 4), 0);
	assert_int_equal(kommun_neighbour_codes("kod_a", out, 4), 0);
	assert_int_equal(kommun_neighbour_codes("0000", out, 4), 0);
	assert_int_equal(kommun_neighbour_codes("14881", out, 4), 0);
}

TEST_MAIN(
	cmocka_unit_test(test_known_pairs),
	cmocka_unit_test(test_not_neighbours),
	cmocka_unit_test(test_gotland),
	cmocka_unit_test(test_codes_sorted_and_symmetric),
	cmocka_unit_test(test_whole_table),
	cmocka_unit_test(test_junk),
)
