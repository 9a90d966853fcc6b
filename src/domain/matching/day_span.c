/* day_span.c — days between dates, their median and mean (day_span.h). */
#include "day_span.h"
#include "../../base/clock.h"
#include "../../store/store.h"
#include <stdlib.h>

#define MISSING INT64_MIN

static int64_t day_number(const char *date)
{
	return clock_days_from_civil(atoi(date), atoi(date + 5), atoi(date + 8));
}

static void read_span(struct ctx *c, struct stmt *s, void *out)
{
	(void)c;
	const char *a = stmt_text(s, 0), *b = stmt_text(s, 1);
	*(int64_t *)out = a && b && clock_valid_date(a) && clock_valid_date(b) ? day_number(b) - day_number(a) : MISSING;
}

static int cmp_days(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int day_spans_read(struct ctx *c, struct stmt *s, struct day_spans *out, const char *fail)
{
	size_t n;
	out->days = list_all(c, s, sizeof *out->days, read_span, &n, fail);
	if (!out->days) return c->err.code;
	qsort(out->days, n, sizeof *out->days, cmp_days);
	/* The missing ones sort first: the spans are what follows them. */
	size_t skip = 0;
	while (skip < n && out->days[skip] == MISSING) skip++;
	out->without = (int64_t)skip;
	out->days += skip;
	out->n = n - skip;
	return 0;
}

int64_t day_spans_median_tenths(const struct day_spans *d)
{
	if (!d->n) return -1;
	return d->n % 2 ? d->days[d->n / 2] * 10 : (d->days[d->n / 2 - 1] + d->days[d->n / 2]) * 5;
}

int64_t day_spans_mean_tenths(const struct day_spans *d)
{
	if (!d->n) return -1;
	int64_t sum = 0;
	for (size_t i = 0; i < d->n; i++) sum += d->days[i];
	/* Rounded half away from zero, in tenths. */
	int64_t n = (int64_t)d->n;
	return sum >= 0 ? (sum * 20 + n) / (2 * n) : -((-sum * 20 + n) / (2 * n));
}
