/* job_track_report.h — the admission funnel of job tracks (docs/matching.md
 * "Job tracks", "Funnel report"): per stage how many candidates reached it
 * (their stage history has it), split women and men, the conversion from
 * each main-line stage to the next, and the days from nomination to
 * start. Aggregate: every logged-in user reads it; counts are suppressed
 * as the follow-up reports' (report/table.h) for anyone but an admin. */
#ifndef SAMSYN_MATCHING_JOB_TRACK_REPORT_H
#define SAMSYN_MATCHING_JOB_TRACK_REPORT_H
#include "../ctx.h"
#include "../../report/table.h"

struct job_track_funnel {
	int64_t job_track_id;     /* 0: every track */
	struct report_table rows; /* key stage, one group: job_track_stages' order */
	int suppress;             /* the threshold applied, 0 none */
	int64_t started;          /* candidates with both nominated and started in their history */
	int64_t median_days_tenths, mean_days_tenths; /* nomination to start; -1 none or hidden */
};

/* suppress: 0 or N ≥ 2, raised to the förbund's threshold for anyone but
 * an admin. */
int job_track_funnel(struct ctx *c, int64_t job_track_id, int suppress, struct job_track_funnel *out);
/* The conversion from main-line row i to row i + 1 of count part
 * (REPORT_HIDE_TOTAL, _WOMEN or _MEN) in tenths of a percent; -1 when it
 * cannot be shown (a last or branch stage, a hidden cell, nobody at i). */
int64_t job_track_conversion(const struct job_track_funnel *f, size_t i, unsigned part);

#endif
