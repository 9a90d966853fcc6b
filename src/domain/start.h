/* start.h — the start page of docs/followup.md ("Start page"): what each
 * role has to do now, counted from the records (no batch; the large
 * counts kept until a change, figure_cache.h), within what the user may see (access.h). A case worker: her
 * organisation's running participants, follow-ups due, enrolments started
 * without their start variables, her next steps on employers; an employer
 * contact: her next steps and other organisations' recent contacts with
 * the employers she follows; kansli: this year's goals, budget and
 * outcome, the funding split against the benchmark and data-quality
 * warnings; admin: accounts never used, one-time passwords and the size
 * of the audit log. */
#ifndef SAMSYN_DOMAIN_START_H
#define SAMSYN_DOMAIN_START_H
#include "ctx.h"
#include "enrolment.h"
#include "report.h"
#include "matching/ips.h"

/* The windows of the start page's rules, in months before today. Exits
 * without an outcome are counted for as long as a follow-up is chased
 * (ENROLMENT_FOLLOWUP_MONTHS, enrolment.h); an enrolment running for more
 * than START_LONG_MONTHS is long-running. */
#define START_LONG_MONTHS 24

struct start_item {
	const char *kind;  /* follow_up_due, active_participants, … (docs/followup.md) */
	const char *title; /* Swedish */
	int64_t count;
	const char *link;  /* the UI route where the work is done */
};

/* Data-quality counts of one intervention (kansli). */
struct start_quality {
	int64_t intervention_id;
	const char *name;
	int64_t without_exit, long_running;
};

#define START_ITEMS_MAX 16

struct start_page {
	const char *role;  /* the first of the roles with a start page the user has, else her first role */
	const char *today; /* YYYY-MM-DD */
	struct start_item items[START_ITEMS_MAX];
	size_t n;
	/* kansli */
	bool has_kansli;
	struct report_goals goals;
	int goals_suppress;            /* the threshold the goals were suppressed with; 0 none */
	struct report_funding funding; /* budget and outcome per kind, and in total */
	int64_t actual_sek;            /* the year's recorded outcome, over all kinds */
	struct start_quality *quality;
	size_t nquality;
	/* an IPS specialist: her own fidelity figures (docs/matching.md) */
	bool has_ips;
	struct ips_figures ips;
	/* admin */
	bool has_admin;
	int64_t audit_events, audit_reads;
};

/* The start page of the actor's roles; 0 or an ERR_* code. */
int start_page(struct ctx *c, struct start_page *out);

#endif
