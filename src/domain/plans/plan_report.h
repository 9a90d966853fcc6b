/* plan_report.h — the path model made measurable (issue 15 item 7,
 * docs/plans.md "Participants per stage over time"): how many participants
 * moved from stage to stage in a period, by the joint plans' dated stage
 * assessments, split women and men. Aggregate: every logged-in user reads
 * it; counts are suppressed as the follow-up reports' for anyone who may
 * not see the people behind them. */
#ifndef SAMSYN_PLANS_PLAN_REPORT_H
#define SAMSYN_PLANS_PLAN_REPORT_H
#include "../ctx.h"
#include "../report.h"
#include "../../report/table.h"

/* Keys from_stage (a stage, or "none": her first assessment) and to_stage;
 * one count group, moved. A participant counts once per move she made in
 * the period (an assessment whose stage differs from the plan's one
 * before it), and once in the total whatever her moves. */
int report_plan_stages(struct ctx *c, struct report_params *p, struct report_table *t);

#endif
