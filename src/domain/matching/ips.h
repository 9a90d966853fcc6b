/* ips.h — the IPS fidelity figures (issue 14 item 6, docs/matching.md
 * "IPS fidelity figures"): per employment specialist (an active
 * case_worker flagged ips_specialist) the caseload, employer contacts per
 * week, days from enrolment to the participant's first employer contact,
 * and the share of her ended enrolments that ended in work. The IPS-25
 * items a register can answer. Counts of the staff's own work, no
 * participant named: admin and kansli read every specialist's, a
 * specialist her own; anyone else 403. */
#ifndef SAMSYN_MATCHING_IPS_H
#define SAMSYN_MATCHING_IPS_H
#include "../ctx.h"

/* The IPS limit: at most 20 (good fidelity) to 25 participants. */
#define IPS_CASELOAD_GOOD 20
#define IPS_CASELOAD_MAX 25

struct ips_figures {
	int64_t user_id, org_id;
	const char *name;
	int64_t caseload;          /* participants with an ongoing enrolment she registered */
	const char *caseload_band; /* within (≤ 20), upper (21–25), over (> 25) */
	int64_t contacts;          /* her employer contacts in the weeks */
	int64_t contacts_per_week_tenths;
	int64_t with_contact, without_contact; /* her enrolments with / without an employer contact for the participant since the start */
	int64_t median_days_tenths;            /* enrolment start to the first such contact; -1 none */
	int64_t ended, ended_in_work;          /* her enrolments ended, and of them with outcome work */
	int64_t work_share_tenths;             /* -1 when none ended */
};

struct ips_report {
	int weeks;
	const char *from, *to; /* the weeks' first and last day (today) */
	struct ips_figures *items;
	size_t n;
};

/* weeks: 1–52 (0: 4). Only the actor herself for a specialist. */
int ips_report(struct ctx *c, int weeks, struct ips_report *out);
/* Whether the actor is an active IPS specialist. */
bool ips_is_specialist(struct ctx *c);

#endif
