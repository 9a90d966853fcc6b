/* placement.h — placements (issue 14 item 4, docs/matching.md
 * "Placements"): a participant proposed to an employer for an opportunity,
 * the employer's answer, the start and the end with its result. Every step
 * is logged as an employer contact (purpose placement) of the proposing
 * organisation in the same write, so the coordination warning of the
 * contact log covers placements too. The follow-up report counts them
 * like enrolments.
 * Who: an admin every placement; a case worker proposes and changes the
 * placements of the participants she may see (access.h); an employer
 * contact sees, answers, starts and ends the placements at the employers
 * she is main contact of or whose opportunity her organisation made, the
 * participant named by first name and last initial while the consent to
 * share with employers is in force; other roles 403. Every read and change
 * is audited as the participant's (detail "placement N", "placements"). */
#ifndef SAMSYN_MATCHING_PLACEMENT_H
#define SAMSYN_MATCHING_PLACEMENT_H
#include "../ctx.h"
#include "../report.h"

#define PLACEMENT_NOTE_MAX 2000

struct placement {
	int64_t id, participant_id, opportunity_id;
	const char *state;  /* proposed accepted declined started ended */
	const char *proposed_date, *answer_date, *start_date, *end_date; /* NULL: not yet */
	const char *result; /* employment studies completed ended_early; NULL until ended */
	const char *reason; /* why it ended early */
	const char *note;   /* the last step's note (the employer's answer …) */
	int64_t employer_id;
	const char *employer_name;
	const char *kind, *ssyk_code; /* the opportunity's */
	/* The participant's names as the actor may see them: in full when she
	 * sees the participant, first name and last initial ("A.") for an
	 * employer contact while the consent is in force and her identity is
	 * not protected, else NULL. */
	const char *first_name, *last_name;
	int64_t org_id, proposed_by_user_id;
	const char *org_name;
	const char *created_at, *updated_at;
};

/* POST: who and where, and the proposal's date (NULL: today). */
struct placement_input {
	int64_t participant_id, opportunity_id;
	const char *proposed_date, *note, *channel; /* channel of the contact; NULL: meeting */
};

/* PATCH: the next state and its step's facts. date is the step's day
 * (answer, start or end; NULL: today). */
struct placement_step {
	const char *state, *date, *result, *reason, *note, *channel;
	bool has_state;
};

struct placement_filter {
	int64_t participant_id, opportunity_id, employer_id; /* 0: any */
	const char *state;                                  /* NULL: any */
};

struct placement_list {
	struct placement *items;
	size_t n;
	int64_t total;
};

/* The recent contacts of other organisations with the employer, as the
 * contact log warns of them (employer_contact.h). */
struct employer_contact_list;

/* Proposes the participant: she must be one the actor sees, the
 * opportunity open, her latest consent to share with employers given and
 * no other placement of hers for it under way (409 with the reason
 * otherwise). Logs the contact; warnings: other organisations' recent
 * contacts with the employer. */
int placement_create(struct ctx *c, const struct placement_input *in, struct placement *out,
		     struct employer_contact_list *warnings);
/* The next step: proposed → accepted | declined, accepted → started,
 * started → ended (with result; ended_early with reason); anything else
 * 409. Dates not in the future, not before the step before. */
int placement_update(struct ctx *c, int64_t id, const struct placement_step *in, struct placement *out,
		     struct employer_contact_list *warnings);
int placement_get(struct ctx *c, int64_t id, struct placement *out);
/* The placements the actor may see, newest first, paged. */
int placement_list(struct ctx *c, const struct placement_filter *f, const struct page *p, struct placement_list *out);

/* Pure rules (unit-tested): may a placement in state from go to to?
 * NULL when it may, else the Swedish reason. */
const char *placement_transition_error(const char *from, const char *to);
/* Is result one of the results of an ended placement? */
bool placement_result_known(const char *result);
/* The Swedish words of an opportunity's kind ("praktik", "arbetsträning"). */
const char *placement_kind_label(const char *kind);

/* GET /reports/placements: by kind (default), occupation or employer, the
 * unique people per key with a placement proposed in the period, under
 * way in some part of it (started), ended in it, and ended in it with
 * employment, and the share of the ended that led to employment; split
 * women and men, suppressed as every report (report.h). */
int report_placements(struct ctx *c, struct report_params *p, struct report_table *out);

#endif
