/* test_clock.c — the date and timestamp formats of base/clock.c:
 * clock_valid_date (leap years, month lengths, bad formats) and
 * clock_format_rfc3339. */
#include "testutil.h"
#include "base/clock.h"

static void test_valid_dates(void **state)
{
	(void)state;
	static const char *const good[] = {
		"2024-02-29", /* leap year */
		"2000-02-29", /* divisible by 400: leap */
		"1996-02-29", "2023-02-28", "2024-01-01", "2024-12-31", "2024-04-30", "2024-06-30", "2024-09-30",
		"2024-11-30", "2024-01-31", "2024-03-31", "2024-05-31", "2024-07-31", "2024-08-31", "2024-10-31",
		"1900-02-28", "1800-01-01", "9999-12-31",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!clock_valid_date(good[i])) fail_msg("%s should be valid", good[i]);
}

static void test_invalid_dates(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"2023-02-29", /* not a leap year */
		"1900-02-29", /* divisible by 100, not by 400 */
		"2100-02-29", "2024-02-30", "2024-04-31", "2024-06-31", "2024-09-31", "2024-11-31", "2024-01-32",
		"2024-13-01", "2024-00-10", "2024-01-00", "2024-99-99", "0000-01-01", "1799-12-31",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (clock_valid_date(bad[i])) fail_msg("%s should be invalid", bad[i]);
}

static void test_bad_formats(void **state)
{
	(void)state;
	assert_false(clock_valid_date(NULL));
	static const char *const bad[] = {
		"", "2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "2024.01.01", "20240101", "2024-01-01T00:00:00Z",
		"2024-01-01 ", " 2024-01-01", "2024-01-0a", "abcd-ef-gh", "2024--1-01", "+024-01-01", "-024-01-01",
		"２０２４-01-01", "2024-01-01\n", "2024_01_01", "2024-0101-",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (clock_valid_date(bad[i])) fail_msg("\"%s\" should be refused", bad[i]);
}

static void test_rfc3339(void **state)
{
	(void)state;
	char out[21];
	clock_format_rfc3339(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	clock_format_rfc3339(951782400, out);
	assert_string_equal(out, "2000-02-29T00:00:00Z");
	clock_format_rfc3339(1735689599, out);
	assert_string_equal(out, "2024-12-31T23:59:59Z");
	/* The date part of a timestamp is a valid date. */
	out[10] = 0;
	assert_true(clock_valid_date(out));
	assert_true(clock_now() > 1700000000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_dates),
		cmocka_unit_test(test_invalid_dates),
		cmocka_unit_test(test_bad_formats),
		cmocka_unit_test(test_rfc3339),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
