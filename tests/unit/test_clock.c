/* test_clock.c — the date and timestamp formats of base/clock.c:
 * clock_valid_date (leap years, month lengths, bad formats) and
 * clock_format_rfc3339, clock_today and clock_add_months, clock_add_days and
 * the ISO 8601 weeks. */
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

static void test_today(void **state)
{
	(void)state;
	char d[11];
	unsetenv("SAMSYN_TODAY");
	clock_today(d);
	assert_true(clock_valid_date(d));
	setenv("SAMSYN_TODAY", "2020-02-29", 1);
	clock_today(d);
	assert_string_equal(d, "2020-02-29");
	setenv("SAMSYN_TODAY", "2020-02-30", 1); /* not a date: ignored */
	clock_today(d);
	assert_string_not_equal(d, "2020-02-30");
	unsetenv("SAMSYN_TODAY");
}

/* Sweden's date across midnight, in winter (UTC+1), in summer (UTC+2) and
 * on the nights the clocks change (last Sundays of March and October). */
static void test_swedish_date(void **state)
{
	(void)state;
	static const struct { int y, m, d, h, min; const char *want; } cases[] = {
		{2026, 12, 2, 22, 59, "2026-12-02"}, {2026, 12, 2, 23, 2, "2026-12-03"},
		{2026, 6, 15, 21, 59, "2026-06-15"}, {2026, 6, 15, 22, 0, "2026-06-16"},
		{2026, 3, 28, 22, 30, "2026-03-28"}, {2026, 3, 29, 22, 30, "2026-03-30"},
		{2026, 10, 24, 22, 30, "2026-10-25"}, {2026, 10, 25, 22, 30, "2026-10-25"},
		{2026, 10, 25, 23, 0, "2026-10-26"}, {2024, 12, 31, 23, 0, "2025-01-01"},
		{2024, 2, 28, 23, 30, "2024-02-29"}, {1969, 12, 31, 23, 30, "1970-01-01"},
	};
	char d[11];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t t = clock_days_from_civil(cases[i].y, cases[i].m, cases[i].d) * 86400 + cases[i].h * 3600 + cases[i].min * 60;
		clock_swedish_date(t, d);
		if (strcmp(d, cases[i].want) != 0) fail_msg("case %zu: %s, not %s", i, d, cases[i].want);
	}
}

static void test_add_months(void **state)
{
	(void)state;
	static const struct { const char *from; int months; const char *want; } cases[] = {
		{"2024-01-15", 6, "2024-07-15"}, {"2024-08-31", 6, "2025-02-28"}, {"2023-08-31", 6, "2024-02-29"},
		{"2024-12-01", 1, "2025-01-01"}, {"2024-01-31", 1, "2024-02-29"}, {"2024-03-31", -1, "2024-02-29"},
		{"2024-06-30", 12, "2025-06-30"}, {"2024-02-29", 12, "2025-02-28"}, {"2024-05-10", 0, "2024-05-10"},
		{"2025-01-15", -13, "2023-12-15"},
	};
	char out[11];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		clock_add_months(cases[i].from, cases[i].months, out);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("%s %+d months: %s, want %s", cases[i].from, cases[i].months, out, cases[i].want);
	}
}

static void test_add_days(void **state)
{
	(void)state;
	static const char *const cases[][3] = {
		{"2026-11-20", "-14", "2026-11-06"}, {"2024-03-01", "-1", "2024-02-29"}, {"2023-03-01", "-1", "2023-02-28"},
		{"2026-12-28", "6", "2027-01-03"},   {"2000-02-28", "1", "2000-02-29"},   {"1900-02-28", "1", "1900-03-01"},
		{"1969-12-31", "1", "1970-01-01"},   {"2026-01-01", "365", "2027-01-01"}, {"2026-05-05", "0", "2026-05-05"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[11];
		clock_add_days(cases[i][0], atoi(cases[i][1]), out);
		if (strcmp(out, cases[i][2]) != 0) fail_msg("%s %s: %s, not %s", cases[i][0], cases[i][1], out, cases[i][2]);
	}
}

/* Day numbers against known dates, and there and back over four centuries
 * (leap years by 4, 100 and 400) on both sides of 1970. */
static void test_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(clock_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(clock_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(clock_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(clock_days_from_civil(2026, 11, 23), 20780);
	char out[11];
	clock_format_day(20780, out);
	assert_string_equal(out, "2026-11-23");
	clock_format_day(clock_days_from_civil(1900, 2, 28) + 1, out);
	assert_string_equal(out, "1900-03-01");
	clock_format_day(clock_days_from_civil(2000, 2, 28) + 1, out);
	assert_string_equal(out, "2000-02-29");
	int64_t prev = clock_days_from_civil(1799, 12, 31);
	for (int64_t z = prev + 1; z < clock_days_from_civil(2200, 1, 1); z++) {
		int y, m, d;
		clock_civil_from_days(z, &y, &m, &d);
		if (clock_days_from_civil(y, m, d) != z) fail_msg("day %lld: %04d-%02d-%02d", (long long)z, y, m, d);
		assert_true(m >= 1 && m <= 12 && d >= 1 && d <= 31);
	}
}

static void test_iso_weeks(void **state)
{
	(void)state;
	/* Checked against Python's date.isocalendar(). */
	static const char *const cases[][2] = {
		{"2026-11-20", "2026-W47"}, {"2026-01-01", "2026-W01"}, {"2025-12-29", "2026-W01"}, {"2027-01-03", "2026-W53"},
		{"2026-12-28", "2026-W53"}, {"2021-01-03", "2020-W53"}, {"2021-01-04", "2021-W01"}, {"2024-12-30", "2025-W01"},
		{"2008-12-29", "2009-W01"}, {"2010-01-03", "2009-W53"}, {"2024-02-29", "2024-W09"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char w[9];
		clock_iso_week(cases[i][0], w);
		if (strcmp(w, cases[i][1]) != 0) fail_msg("%s: %s, not %s", cases[i][0], w, cases[i][1]);
	}
	static const char *const mondays[][2] = {
		{"2026-W47", "2026-11-16"}, {"2026-W01", "2025-12-29"}, {"2026-W53", "2026-12-28"}, {"2020-W53", "2020-12-28"},
	};
	char m[11];
	for (size_t i = 0; i < sizeof mondays / sizeof mondays[0]; i++)
		if (!clock_iso_week_monday(mondays[i][0], m) || strcmp(m, mondays[i][1]) != 0)
			fail_msg("%s: not Monday %s", mondays[i][0], mondays[i][1]);
	static const char *const bad[] = {"2025-W53", "2026-W54", "2026-W00", "2026-48", "2026-W5", "2026-w48",
					  "2026-W480", "W48", "", "1799-W01", "2026-Wx1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (clock_iso_week_monday(bad[i], m)) fail_msg("%s should be refused", bad[i]);
	assert_false(clock_iso_week_monday(NULL, m));
}

TEST_MAIN(
	cmocka_unit_test(test_valid_dates),
	cmocka_unit_test(test_invalid_dates),
	cmocka_unit_test(test_bad_formats),
	cmocka_unit_test(test_rfc3339),
	cmocka_unit_test(test_today),
	cmocka_unit_test(test_swedish_date),
	cmocka_unit_test(test_add_months),
	cmocka_unit_test(test_add_days),
	cmocka_unit_test(test_iso_weeks),
	cmocka_unit_test(test_day_numbers),
)
