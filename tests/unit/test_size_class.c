/* test_size_class.c — the API's size classes (se/size_class.c): the list
 * and its order, validity, and the mappings from SCB's anstklkoder (checked
 * against the code table in tests/data/classifications) and from head counts. */
#include "testutil.h"
#include "base/csv_reader.h"
#include "se/size_class.h"

static void test_list(void **state)
{
	(void)state;
	const char *expect[] = {"0", "1-4", "5-9", "10-19", "20-49", "50-99", "100-199", "200-499", "500+"};
	for (int i = 0; i < SIZE_CLASS_COUNT; i++) {
		assert_string_equal(size_class_list[i], expect[i]);
		assert_true(size_class_valid(expect[i]));
		assert_int_equal(size_class_index(expect[i]), i);
	}
	const char *bad[] = {"", "500", "500-999", "1000+", " 0", "0 ", "1 - 4", "1–4", "10-20", "-1", NULL};
	for (int i = 0; bad[i]; i++) {
		assert_false(size_class_valid(bad[i]));
		assert_int_equal(size_class_index(bad[i]), -1);
	}
	assert_false(size_class_valid(NULL));
}

static void test_employees(void **state)
{
	(void)state;
	assert_null(size_class_from_employees(-1));
	assert_string_equal(size_class_from_employees(0), "0");
	assert_string_equal(size_class_from_employees(1), "1-4");
	assert_string_equal(size_class_from_employees(4), "1-4");
	assert_string_equal(size_class_from_employees(5), "5-9");
	assert_string_equal(size_class_from_employees(19), "10-19");
	assert_string_equal(size_class_from_employees(20), "20-49");
	assert_string_equal(size_class_from_employees(99), "50-99");
	assert_string_equal(size_class_from_employees(100), "100-199");
	assert_string_equal(size_class_from_employees(499), "200-499");
	assert_string_equal(size_class_from_employees(500), "500+");
	assert_string_equal(size_class_from_employees(250000), "500+");
	/* Every count up to 1000 falls in a class whose name contains it. */
	for (long n = 0; n <= 1000; n++) {
		const char *c = size_class_from_employees(n);
		long lo = atol(c), hi = strchr(c, '-') ? atol(strchr(c, '-') + 1) : (strchr(c, '+') ? 1L << 40 : lo);
		if (n < lo || n > hi) fail_msg("%ld in %s", n, c);
	}
}

/* Each SCB code maps to the class of both its bounds in SCB's table. */
static void test_scb_codes(void **state)
{
	(void)state;
	const char *dir = getenv("SAMSYN_TESTDATA");
	char path[512];
	snprintf(path, sizeof path, "%s/classifications/storleksklasser_anstallda.csv", dir ? dir : "tests/data");
	FILE *f = fopen(path, "r");
	if (!f) fail_msg("cannot read %s", path);
	struct err e = {0};
	struct csv_reader *r = csv_open_file(f, NULL);
	assert_int_equal(csv_next(r, &e), 1);
	assert_string_equal(csv_field(r, 0), "kod");
	int rows = 0;
	while (csv_next(r, &e) == 1) {
		int code = atoi(csv_field(r, 0));
		assert_int_equal(code, rows);
		const char *min = csv_field(r, 2), *max = csv_field(r, 3);
		const char *c = size_class_from_scb(code);
		if (!*min) {
			assert_int_equal(code, 0); /* "Uppgift saknas" */
			assert_null(c);
		} else {
			assert_non_null(c);
			assert_string_equal(c, size_class_from_employees(atol(min)));
			if (*max) assert_string_equal(c, size_class_from_employees(atol(max)));
		}
		rows++;
	}
	assert_int_equal(e.code, 0);
	csv_close(r);
	fclose(f);
	assert_int_equal(rows, 17);
	assert_string_equal(size_class_from_scb(1), "0");
	assert_string_equal(size_class_from_scb(8), "200-499");
	assert_string_equal(size_class_from_scb(9), "500+");
	assert_string_equal(size_class_from_scb(16), "500+");
	assert_null(size_class_from_scb(0));
	assert_null(size_class_from_scb(17));
	assert_null(size_class_from_scb(-1));
}

TEST_MAIN(
	cmocka_unit_test(test_list),
	cmocka_unit_test(test_employees),
	cmocka_unit_test(test_scb_codes),
)
