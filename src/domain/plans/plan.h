/* plan.h — a participant's joint plan (gemensam planering, issue 15 items
 * 2 and 4, docs/plans.md): her goal in her own words, the stage of the
 * path she is at (assessed, dated, by whom; with its history), the chain
 * of steps, each a toolbox item with the responsible partner and person,
 * the next meeting, pause and re-actualisation. Every change makes a
 * version (plan_versions), dated and signed, that can be read back.
 * Who sees a plan is PLAN_PARTNER_SQL (access.h): its responsible
 * organisation and its partners; everyone else gets 404. Reads and
 * changes are audited as the participant's ("plan"). */
#ifndef SAMSYN_PLANS_PLAN_H
#define SAMSYN_PLANS_PLAN_H
#include "../ctx.h"
#include "../access.h"
#include "../../base/jsonw.h"

/* The statuses with their Swedish names, for files people read. */
extern const char *const plan_status_labels[3][2];

struct plan_handover;
struct plan_feedback;

/* The participant's name as the plan shows it: as the responsible
 * organisation typed it (alias rr, PLAN_NAME_JOIN), withheld (NULL) from a
 * partner who does not otherwise see a participant whose identity is
 * protected anywhere. Needs access_bind's :all and :org, aliases pl and p. */
#define PLAN_NAME_JOIN \
	" LEFT JOIN participant_registrations rr ON rr.participant_id = p.id AND rr.org_id = pl.responsible_org_id"
/* (Visibility as ACCESS_VISIBLE_SQL, written as a probe of this one
 * participant: a page of names never builds the organisation's whole set.) */
#define PLAN_NAME_SQL(col)                                                                                        \
	"CASE WHEN " ACCESS_PROTECTED_ANYWHERE_SQL " AND NOT (EXISTS (SELECT 1 FROM participant_registrations vr"   \
	" WHERE vr.participant_id = p.id AND vr.org_id = :org) OR " ACCESS_VISIBLE_PROBE_SQL ") THEN NULL"          \
	" ELSE COALESCE(rr." col ", p." col ") END"

struct plan_step {
	int64_t id, plan_id, toolbox_id, org_id;
	int64_t responsible_user_id;   /* 0: none (or a name in free text) */
	const char *responsible_name;  /* free text when the person is no user */
	const char *start_date, *end_date;
	const char *state;             /* planned, ongoing, done, cancelled */
	const char *cancel_reason;     /* why, when cancelled */
	const char *toolbox_name, *toolbox_stage; /* the item's, read along */
	const char *responsible_user_name;        /* the user's name, read along; NULL without one */
	const char *created_at, *updated_at;
};

struct plan_assessment {
	const char *stage, *assessed_on, *note;
	int64_t user_id, org_id;
	const char *created_at;
};

struct plan {
	int64_t id, participant_id;
	const char *first_name, *last_name; /* as the responsible organisation typed them; NULL when withheld */
	bool participant_visible; /* does the reader see the rest of her (ACCESS_VISIBLE_SQL), or only the plan? */
	const char *goal;
	const char *stage, *assessed_on; /* the latest assessment; NULL before the first */
	int64_t assessed_by_user_id, assessed_by_org_id;
	int64_t responsible_org_id;
	int64_t *partner_org_ids; /* besides the responsible organisation */
	size_t npartner_org_ids;
	const char *status;       /* active, paused, closed */
	const char *pause_reason, *resume_conditions, *review_date;
	const char *next_meeting_at, *next_meeting_place;
	int64_t version;
	struct plan_step *steps;
	size_t nsteps;
	struct plan_assessment *assessments; /* oldest first */
	size_t nassessments;
	struct plan_handover *handovers;     /* oldest first (handover.h) */
	size_t nhandovers;
	struct plan_feedback *feedback;      /* oldest first (handover.h) */
	size_t nfeedback;
	const char *created_at, *updated_at;
	int64_t updated_by_user_id, updated_by_org_id;
};

/* POST /participants/{id}/plans and PATCH /plans/{id}: the members whose
 * has_ flag is set. stage (with assessed_on, NULL: today, and
 * assessment_note) is a new stage assessment. version, when sent, must be
 * the plan's current one (409 otherwise). */
struct plan_input {
	const char *goal;
	int64_t *partner_org_ids;
	size_t npartner_org_ids;
	const char *stage, *assessed_on, *assessment_note;
	const char *status, *pause_reason, *resume_conditions, *review_date;
	const char *next_meeting_at, *next_meeting_place;
	int64_t version;
	bool has_goal, has_partner_org_ids, has_stage, has_status, has_pause_reason, has_resume_conditions;
	bool has_review_date, has_next_meeting_at, has_next_meeting_place, has_version;
};

struct plan_step_input {
	struct plan_step v;
	bool has_toolbox_id, has_org_id, has_responsible_user_id, has_responsible_name, has_start_date, has_end_date;
	bool has_state, has_cancel_reason;
};

struct plan_list {
	struct plan *items;
	size_t n;
	int64_t total;
};

struct plan_filter {
	const char *status;  /* NULL: every status */
	bool review_due;     /* paused plans whose review date is in week or before */
	const char *week;    /* YYYY-Www; NULL: this week */
};

struct plan_version {
	int64_t version, user_id, org_id;
	const char *changed_at, *what;
	const char *snapshot; /* the plan's JSON as it was (GET /plans/{id} without names) */
};

struct plan_version_list {
	struct plan_version *items;
	size_t n;
};

/* plan_list's statements as the server runs them (`samsyn plans-sql`). */
extern const char plan_list_sql[];
extern const char plan_list_count_sql[];
extern const char plan_review_sql[];
extern const char plan_review_count_sql[];

/* The plans of the caller's organisation (responsible or partner; an
 * admin's: all), newest first, by the filter. Audited. */
int plan_list(struct ctx *c, const struct plan_filter *f, const struct page *p, struct plan_list *out);
/* The participant's plans the caller is partner in; 404 when she sees
 * neither the participant nor any of them. Audited. */
int plan_list_of_participant(struct ctx *c, int64_t participant_id, struct plan_list *out);
int plan_get(struct ctx *c, int64_t id, struct plan *out);
/* The same without the audit event, for a reader that writes its own
 * (plan_pdf). */
int plan_read_visible(struct ctx *c, int64_t id, struct plan *out);
int plan_create(struct ctx *c, int64_t participant_id, const struct plan_input *in, struct plan *out);
int plan_update(struct ctx *c, int64_t id, const struct plan_input *in, struct plan *out);
int plan_step_add(struct ctx *c, int64_t plan_id, const struct plan_step_input *in, struct plan *out);
int plan_step_update(struct ctx *c, int64_t plan_id, int64_t step_id, const struct plan_step_input *in,
		     struct plan *out);
/* Newest first, without snapshots. */
int plan_versions(struct ctx *c, int64_t plan_id, struct plan_version_list *out);
int plan_version_get(struct ctx *c, int64_t plan_id, int64_t version, struct plan_version *out);

/* For the plans group (handover.c, guidance.c), inside a write begun with
 * ctx_begin: the plan whole without a check of who asks; the bumped
 * version with the plan as it now is; and org joining the partners (no-op
 * for the responsible organisation). STORE_DONE or a STORE_E*. */
int plan_load(struct ctx *c, int64_t id, struct plan *out);
int plan_record_version(struct ctx *c, int64_t id, const char *what_changed);
int plan_join_partner(struct ctx *c, int64_t plan_id, int64_t responsible, int64_t org);
/* The plan when the actor's organisation is its partner (and her role may
 * work with participants), else 403/404; not audited. */
#define plan_load_visible plan_read_visible

/* The plan as its JSON object, the one writer of its shape: the API's
 * answers and the versions' snapshots (names left out: with_names false). */
void plan_write_json(struct jsonw *w, const struct plan *p, bool with_names);

/* The plan as a PDF for the participant, in plain Swedish (plan_pdf.c):
 * *pdf malloc'd. Audited as a read. */
int plan_pdf(struct ctx *c, int64_t id, unsigned char **pdf, size_t *len);

#endif
