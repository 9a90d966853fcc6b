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
	time_t tt = time(NULL);
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
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
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m, ud = (unsigned)d;
	out[0] = (char)('0' + uy / 1000), out[1] = (char)('0' + uy / 100 % 10), out[2] = (char)('0' + uy / 10 % 10);
	out[3] = (char)('0' + uy % 10), out[4] = '-', out[5] = (char)('0' + um / 10), out[6] = (char)('0' + um % 10);
	out[7] = '-', out[8] = (char)('0' + ud / 10), out[9] = (char)('0' + ud % 10), out[10] = 0;
}
