/* report.h — the follow-up reports of docs/followup.md ("Reports", "SUS
 * export"): the SQL that counts unique people per period, split by sex,
 * into report tables (src/report/table.h), the money reports and the SUS
 * export. Enrolments with exit reason registration_error are left out of
 * all of them. Every logged-in user may read the reports (they carry no
 * names); users who may not see participants (access_participants) always
 * get them suppressed, with at least the settings' threshold. The SUS
 * export needs participant access or the kansli role. */
#ifndef SAMSYN_DOMAIN_REPORT_H
#define SAMSYN_DOMAIN_REPORT_H
#include "ctx.h"
#include "../base/csv_writer.h"
#include "../report/table.h"

struct report_params {
	/* The period, both days inclusive. Missing: from the first day of the
	 * year of `to` (or of `year`, or of this year), to the last day of the
	 * year of `from` (or …). report_* fills them in. */
	const char *from, *to;
	const char *until;       /* the earlier of to and today, the last day counted; report_* sets it */
	int year;                /* the reports per year; 0: this year (or that of from/to) */
	int64_t intervention_id; /* 0: every intervention */
	const char *by;          /* grouping; NULL: the report's default */
	int suppress;            /* 0: none; else N ≥ 2. Raised to the settings' threshold for users
				  * without participant access (the report functions set it). */
};

/* For reports kept elsewhere (the trainings' report): checks p as every
 * report of a period does — the dates, the defaults of from and to,
 * until, the intervention, and the suppression raised to the förbund's
 * threshold for a user who may not see the people behind the counts. */
int report_check_period(struct ctx *c, struct report_params *p);
/* The end of such a report's table: key columns described in Swedish (a
 * "format" column by the attendee_format list) and p->suppress applied. */
int report_finish(struct ctx *c, struct report_params *p, struct report_table *t);

/* by: municipality (default), target_group, age_band, outcome,
 * intervention, sex. Unique participants with an enrolment overlapping the
 * period. */
int report_participants(struct ctx *c, struct report_params *p, struct report_table *out);
/* by: format (default), intervention. Unique attendees (person_key) with a
 * date in the period. */
int report_attendees(struct ctx *c, struct report_params *p, struct report_table *out);
/* Occupation before (at start) and after (the outcome) of the enrolments
 * ended in the period, per occupation code, with the change. */
int report_occupation(struct ctx *c, struct report_params *p, struct report_table *out);
/* Per intervention, of the people whose enrolment ended in the period: how
 * many went to work or studies, and the share. */
int report_work_or_studies(struct ctx *c, struct report_params *p, struct report_table *out);
/* Income source at start × income source at exit of the enrolments ended
 * in the period. */
int report_income_transitions(struct ctx *c, struct report_params *p, struct report_table *out);
/* Per intervention in the year: unique participants named and anonymous,
 * enrolments started and ended, volume head counts, unique attendees. */
int report_interventions(struct ctx *c, struct report_params *p, struct report_table *out);

struct report_cost_funder {
	const char *funder;
	int64_t budget_sek;
	int64_t actual_sek;
	bool has_actual;
};

struct report_cost {
	int64_t intervention_id;
	const char *name, *kind;
	struct report_cost_funder *funders;
	size_t nfunders;
	int64_t budget_sek, actual_sek; /* sums; actual over the funders with an outcome */
	bool has_actual;
	int64_t cost_sek;               /* per funder the outcome, or the budget while none is recorded */
	struct report_count participants;
	int64_t cost_per_participant_sek; /* rounded; -1 when none can be given */
};

struct report_costs {
	int year;
	struct report_cost *items;
	size_t n;
	int64_t budget_sek, actual_sek, cost_sek;
	bool has_actual;
	struct report_count participants; /* unique over all interventions */
	int64_t cost_per_participant_sek;
};

/* Budget and outcome per intervention and funder for the year; the cost per
 * unique participant (with an enrolment overlapping the year). */
int report_costs(struct ctx *c, struct report_params *p, struct report_costs *out);

struct report_funding_kind {
	const char *kind;
	int64_t budget_sek;
	int64_t actual_sek;
	bool has_actual;
	int64_t percent_tenths;    /* of the year's budget; -1 when the budget is 0 */
	int64_t benchmark_percent; /* whole percent: settings_funding_benchmark() */
};

struct report_funding {
	int year;
	int64_t budget_sek;
	struct report_funding_kind kinds[3]; /* individual, structural, competence */
};

/* The year's budget per intervention kind against the board's benchmark. */
int report_funding(struct ctx *c, struct report_params *p, struct report_funding *out);

struct report_goal {
	int64_t intervention_id;
	const char *intervention;
	const char *indicator;
	int64_t target;
	bool measured;               /* false for an indicator Samsyn does not know */
	struct report_count value;
	int64_t progress_tenths;     /* value in percent of target; -1 when none */
};

struct report_goals {
	int year;
	struct report_goal *items;
	size_t n;
};

/* Every goal of the year with its measured value (docs/followup.md). */
int report_goals(struct ctx *c, struct report_params *p, struct report_goals *out);

/* The SUS export: one CSV line per enrolment overlapping the period, in
 * the columns of docs/followup.md; the personnummer only of named
 * participants the user may see. One audit event per participant. */
int report_sus_export(struct ctx *c, struct report_params *p, struct csvw *out);

#endif
