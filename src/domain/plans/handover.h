/* handover.h — handovers and feedback in the joint plan (issue 15 items 3
 * and 7, docs/plans.md "Handovers" and "Feedback after a step"). A partner
 * hands the responsibility for one step or the whole plan to another
 * organisation with a note and a deadline; the receiving organisation
 * accepts or declines (with a reason). Feedback after a step — written by
 * a partner, or by the SYV counsellor when she records a guidance — is a
 * dated, signed entry in the plan, notified in the app (unread per user)
 * and by mail to the case workers in the plan. Who sees any of it is the
 * plan's partner rule (PLAN_PARTNER_SQL); every request, decision and
 * entry makes a plan version and is audited as the participant's. */
#ifndef SAMSYN_PLANS_HANDOVER_H
#define SAMSYN_PLANS_HANDOVER_H
#include "../ctx.h"
#include "../report.h"
#include "../../base/jsonw.h"
#include "../../report/table.h"

struct plan_handover {
	int64_t id, plan_id, participant_id;
	int64_t step_id;            /* 0: the whole plan */
	int64_t from_org_id, to_org_id;
	int64_t to_user_id;         /* 0: addressed to the organisation */
	int64_t created_by_user_id, decided_by_user_id;
	const char *step_name;      /* the step's toolbox item */
	const char *from_org_name, *to_org_name, *to_user_name, *created_by_name, *decided_by_name;
	const char *first_name, *last_name; /* as the plan shows them */
	const char *note, *deadline, *status, *reason, *created_at, *decided_at;
	bool overdue;               /* pending after its deadline */
};

struct plan_handover_input {
	int64_t to_org_id, to_user_id, step_id;
	const char *note, *deadline;
};

struct plan_handover_decision {
	const char *decision, *reason; /* accepted|declined (the receiver), withdrawn (the sender);
					* reason required when declined */
};

struct plan_handover_filter {
	const char *status; /* pending (NULL), accepted, declined, withdrawn, all */
	bool mine;          /* addressed to the actor or on a step she is responsible for */
	bool outgoing;      /* those her organisation sent instead of received */
};

struct plan_handover_list {
	struct plan_handover *items;
	size_t n;
	int64_t total;
};

struct plan_feedback {
	int64_t id, plan_id, participant_id, step_id, booking_id, user_id, org_id;
	const char *step_name, *user_name, *org_name, *text, *created_at;
	const char *first_name, *last_name; /* as the plan shows them (the unread list) */
	bool unread;                        /* for the actor */
};

struct plan_feedback_list {
	struct plan_feedback *items;
	size_t n;
	int64_t total;
};

/* POST /plans/{id}/handovers: 201 with the handover. The receiving
 * organisation becomes a partner of the plan at once, so that it can read
 * what it is asked to take. */
int plan_handover_create(struct ctx *c, int64_t plan_id, const struct plan_handover_input *in, struct plan_handover *out);
/* PATCH /handovers/{id}: a case worker (or admin) of the receiving
 * organisation. Accepting a whole plan makes the receiver
 * responsible_org_id (the sender stays a partner); a step, its org_id.
 * Withdrawn: one of the sending organisation, while it is pending. */
int plan_handover_decide(struct ctx *c, int64_t id, const struct plan_handover_decision *in, struct plan_handover *out);
int plan_handover_get(struct ctx *c, int64_t id, struct plan_handover *out);
/* The caller's organisation's inbox (or what it sent). Audited. */
int plan_handover_list(struct ctx *c, const struct plan_handover_filter *f, const struct page *p,
		       struct plan_handover_list *out);

/* The inbox's statements as the server runs them (`samsyn plans-sql`). */
extern const char plan_handover_inbox_sql[];
extern const char plan_handover_inbox_count_sql[];

/* POST /plans/{id}/feedback: text (1–4000), step_id optional. */
int plan_feedback_create(struct ctx *c, int64_t plan_id, int64_t step_id, const char *text);
/* The feedback of the plans the caller's organisation is partner in,
 * newest first; unread: only what the actor has not read (nor written). */
int plan_feedback_list(struct ctx *c, bool unread, const struct page *p, struct plan_feedback_list *out);
/* Marks every feedback entry of the plan read by the actor. */
int plan_feedback_mark_read(struct ctx *c, int64_t plan_id);

/* Inside the caller's write (between ctx_begin and change_commit): the
 * feedback entry on plan_id, the plan version that records it, and the
 * notification mails. booking_id: the SYV guidance it comes from (0:
 * none). Returns STORE_DONE or the first STORE_E*. */
int plan_feedback_add(struct ctx *c, int64_t plan_id, int64_t step_id, int64_t booking_id, const char *text);

/* What the plan read carries (plan.c's load): the plan's handovers and
 * feedback, oldest first. NULL with c->err on failure. */
struct plan_handover *plan_handovers_of(struct ctx *c, int64_t plan_id, size_t *n);
struct plan_feedback *plan_feedback_of(struct ctx *c, int64_t plan_id, size_t *n);

/* The one writer of each shape: the API's answers and the plan's JSON. */
void plan_handover_write_json(struct jsonw *w, const struct plan_handover *h);
void plan_feedback_write_json(struct jsonw *w, const struct plan_feedback *f, bool with_reader);

/* GET /reports/handovers?from&to: per receiving organisation, the
 * handovers requested in the period, accepted and declined (women and men
 * by the participant), and the median days from request to decision. */
int report_handovers(struct ctx *c, struct report_params *p, struct report_table *t);

#endif
