/* clock.h — wall-clock time and the date/timestamp formats of the API
 * (RFC 3339 timestamps in UTC, YYYY-MM-DD dates). */
#ifndef SAMSYN_CLOCK_H
#define SAMSYN_CLOCK_H
#include <stdbool.h>
#include <stdint.h>

int64_t clock_now(void);          /* seconds since the epoch */
int64_t clock_now_us(void);       /* microseconds since the epoch */
double clock_monotonic_ms(void);  /* for durations */
/* Writes "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with NUL) */
void clock_format_rfc3339(int64_t t, char out[21]);
/* True if s is a real calendar date written YYYY-MM-DD. */
bool clock_valid_date(const char *s);
/* Today's date in Sweden as "YYYY-MM-DD" (11 bytes with NUL): the users'
 * "today", so a step taken at 00:30 in Trollhättan is dated that day.
 * SAMSYN_TODAY (YYYY-MM-DD) overrides it, for tests of date rules. */
void clock_today(char out[11]);
/* The Swedish (Europe/Stockholm) calendar date at the instant t. */
void clock_swedish_date(int64_t t, char out[11]);
/* The valid date s moved by months (day clamped to the month's end, so
 * 2024-08-31 + 6 → 2025-02-28). */
void clock_add_months(const char *s, int months, char out[11]);
/* The valid date s moved by days (negative: back). */
void clock_add_days(const char *s, int days, char out[11]);
/* The ISO 8601 week of the valid date s: "2026-W48" (9 bytes with NUL). */
void clock_iso_week(const char *s, char out[9]);
/* The Monday of the ISO week w ("YYYY-Www"); false when w is not a week
 * that exists (W53 only in a year that has one). */
bool clock_iso_week_monday(const char *w, char out[11]);
/* Day numbers: days since 1970-01-01 of a proleptic Gregorian date, and
 * back (H. Hinnant's algorithms), for day arithmetic without time zones or
 * time_t limits. */
int64_t clock_days_from_civil(int y, int m, int d);
void clock_civil_from_days(int64_t days, int *y, int *m, int *d);
/* The date of a day number as "YYYY-MM-DD" (11 bytes with NUL). */
void clock_format_day(int64_t days, char out[11]);

#endif
