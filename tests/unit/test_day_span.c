/* test_day_span.c — the median and mean of day spans (domain/matching/day_span.c)
 * that the job tracks' funnel (nomination to start) and the IPS figures
 * (enrolment to a first employer contact) report, in tenths of a day, by
 * hand-made cases: odd and even counts, a half day, rounding half up, none.
 * And the job-track stage list the funnel's rows follow. */
#include "testutil.h"
#include "domain/matching/day_span.h"
#include "domain/matching/job_track.h"

static void test_median_and_mean(void **state)
{
	(void)state;
	int64_t odd[] = {10, 20, 30};
	struct day_spans d = {odd, 3, 0};
	assert_int_equal(day_spans_median_tenths(&d), 200);
	assert_int_equal(day_spans_mean_tenths(&d), 200);
	int64_t even[] = {1, 2, 4, 10};
	d = (struct day_spans){even, 4, 2};
	assert_int_equal(day_spans_median_tenths(&d), 30); /* (2 + 4) / 2 */
	assert_int_equal(day_spans_mean_tenths(&d), 43);   /* 17 / 4 = 4.25 → 4.3 */
	int64_t half[] = {0, 1};
	d = (struct day_spans){half, 2, 0};
	assert_int_equal(day_spans_median_tenths(&d), 5);
	assert_int_equal(day_spans_mean_tenths(&d), 5);
	int64_t third[] = {0, 0, 1};
	d = (struct day_spans){third, 3, 0};
	assert_int_equal(day_spans_mean_tenths(&d), 3); /* 0.333 → 0.3 */
	d = (struct day_spans){NULL, 0, 5};
	assert_int_equal(day_spans_median_tenths(&d), -1);
	assert_int_equal(day_spans_mean_tenths(&d), -1);
}

static void test_stages(void **state)
{
	(void)state;
	assert_int_equal(job_track_stage_index("nominated"), 0);
	assert_int_equal(job_track_stage_index("employed"), JOB_TRACK_MAIN_STAGES - 1);
	assert_int_equal(job_track_stage_index("withdrawn"), JOB_TRACK_STAGES - 1);
	assert_int_equal(job_track_stage_index("Nominated"), -1);
	assert_int_equal(job_track_stage_index(NULL), -1);
	for (int i = 0; i < JOB_TRACK_STAGES; i++) assert_int_equal(job_track_stage_index(job_track_stages[i]), i);
}

TEST_MAIN(
	cmocka_unit_test(test_median_and_mean),
	cmocka_unit_test(test_stages),
)
