/* clock.c — time helpers. */
#include "clock.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t clock_now(void)
{
	return (int64_t)time(NULL);
}

int64_t clock_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

double clock_monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void clock_format_rfc3339(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool clock_valid_date(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1800 || m < 1 || m > 12 || d < 1) return false;
	int max = days[m - 1] + (m == 2 && is_leap(y));
	return d <= max;
}

void clock_today(char out[11])
{
	const char *fixed = getenv("SAMSYN_TODAY");
	if (fixed && clock_valid_date(fixed)) {
		memcpy(out, fixed, 11);
		return;
	}
	clock_swedish_date(clock_now(), out);
}

/* "YYYY-MM-DD" digit by digit: snprintf would make gcc warn (and -Werror
 * fail) that an int might not fit. */
static void put_digits(char *out, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10) out[i] = (char)('0' + v % 10);
}

static void format_date(int y, int m, int d, char out[11])
{
	put_digits(out, (unsigned)y % 10000u, 4);
	out[4] = '-';
	put_digits(out + 5, (unsigned)m % 100u, 2);
	out[7] = '-';
	put_digits(out + 8, (unsigned)d % 100u, 2);
	out[10] = 0;
}

void clock_add_months(const char *s, int months, char out[11])
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	int max = days[m - 1] + (m == 2 && is_leap(y));
	if (d > max) d = max;
	format_date(y, m, d, out);
}

int64_t clock_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void clock_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void clock_format_day(int64_t z, char out[11])
{
	int y, m, d;
	clock_civil_from_days(z, &y, &m, &d);
	format_date(y, m, d, out);
}

static int64_t date_days(const char *s)
{
	return clock_days_from_civil(atoi(s), atoi(s + 5), atoi(s + 8));
}

/* 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
static int weekday(int64_t days)
{
	int64_t w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w) + 1;
}

void clock_add_days(const char *s, int days, char out[11])
{
	clock_format_day(date_days(s) + days, out);
}

void clock_iso_week(const char *s, char out[9])
{
	int64_t days = date_days(s);
	char thursday[11];
	clock_format_day(days - weekday(days) + 4, thursday); /* the week belongs to its Thursday's year */
	int y = atoi(thursday);
	int64_t jan1 = clock_days_from_civil(y, 1, 1);
	int week = (int)((days - weekday(days) + 4 - jan1) / 7) + 1;
	put_digits(out, (unsigned)y % 10000u, 4);
	out[4] = '-', out[5] = 'W';
	put_digits(out + 6, (unsigned)week % 100u, 2);
	out[8] = 0;
}

bool clock_iso_week_monday(const char *w, char out[11])
{
	if (!w || strlen(w) != 8 || w[4] != '-' || w[5] != 'W') return false;
	for (int i = 0; i < 8; i++)
		if (i != 4 && i != 5 && (w[i] < '0' || w[i] > '9')) return false;
	int y = atoi(w), week = atoi(w + 6);
	if (y < 1800 || week < 1 || week > 53) return false;
	int64_t jan4 = clock_days_from_civil(y, 1, 4); /* always in week 1 */
	clock_format_day(jan4 - weekday(jan4) + 1 + 7 * (week - 1), out);
	char back[9];
	clock_iso_week(out, back);
	return strcmp(back, w) == 0;
}

/* The last Sunday of a month, as a day number. */
static int64_t last_sunday(int y, int m)
{
	int64_t last = clock_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
	return last - weekday(last) % 7;
}

/* Sweden keeps the EU rule: UTC+1, and UTC+2 from 01:00 UTC on the last
 * Sunday of March to 01:00 UTC on the last Sunday of October. Written out
 * rather than read from tzdata so the date does not depend on what the
 * machine has installed or on the process's TZ. */
void clock_swedish_date(int64_t t, char out[11])
{
	int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int y, m, d;
	clock_civil_from_days(day, &y, &m, &d);
	int64_t summer_from = last_sunday(y, 3) * 86400 + 3600;
	int64_t summer_until = last_sunday(y, 10) * 86400 + 3600;
	int64_t offset = t >= summer_from && t < summer_until ? 7200 : 3600;
	int64_t local = t + offset;
	clock_format_day(local >= 0 ? local / 86400 : (local - 86399) / 86400, out);
}
