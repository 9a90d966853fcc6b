/* day_span.h — the days between two dates of each row of a query, and
 * their median and mean: the funnel's days from nomination to start and
 * the IPS figures' days from enrolment to a first employer contact. */
#ifndef SAMSYN_MATCHING_DAY_SPAN_H
#define SAMSYN_MATCHING_DAY_SPAN_H
#include "../ctx.h"

struct day_spans {
	int64_t *days; /* sorted ascending */
	size_t n;
	int64_t without; /* rows whose second date is missing */
};

/* Steps s (its values bound) to its end: columns 0 and 1 of each row are
 * dates (YYYY-MM-DD), the span is 1 − 0 in days; a row whose date is NULL
 * or not a date counts in without. Finishes s. 0, or ERR_INTERNAL fail. */
int day_spans_read(struct ctx *c, struct stmt *s, struct day_spans *out, const char *fail);
/* In tenths of a day (rounded half up); -1 when there are none. */
int64_t day_spans_median_tenths(const struct day_spans *d);
int64_t day_spans_mean_tenths(const struct day_spans *d);

#endif
