/* guidance.h — SYV guidance times and their bookings (issue 15 item 5,
 * docs/plans.md "SYV-tider"): a counsellor publishes bookable times at a
 * place, a case worker books one for a participant she may see (one time,
 * one person), cancels and rebooks; the counsellor records whether the
 * guidance was held and writes the feedback, which the booking keeps (the
 * joint plan reads it from there); the booking case worker gets a
 * reminder by mail the day before. The calendar is no one's personal
 * data: everyone who may see it sees booked or free; the participant (id,
 * name), the outcome and the feedback only those who may see her and
 * belong to the organisation that booked (an admin every one; the
 * counsellor the outcome and feedback she wrote). */
#ifndef SAMSYN_PLANS_GUIDANCE_H
#define SAMSYN_PLANS_GUIDANCE_H
#include "../ctx.h"
#include "../report.h"

struct guidance_time {
	int64_t id;
	int64_t counsellor_user_id, org_id; /* the counsellor and her organisation */
	const char *counsellor_name;
	const char *starts_at, *ends_at; /* RFC 3339 UTC */
	const char *place;
	bool booked;
	/* The booking, each 0 or NULL when free or when the actor may not see
	 * the participant (outcome and feedback also for the counsellor). */
	int64_t participant_id, booking_id, booked_by_org_id;
	const char *participant_name; /* NULL also for an anonymous participant */
	const char *outcome, *feedback;
	const char *created_at, *updated_at;
};

/* POST: counsellor_user_id (0: the actor), starts_at, ends_at, place;
 * repeat (1–52, 0 is 1) times every every_days days (1–28, 0 is 7): a
 * series, answered with its first time. */
struct guidance_time_input {
	int64_t counsellor_user_id;
	const char *starts_at, *ends_at, *place;
	int64_t repeat, every_days;
};

struct guidance_filter {
	const char *from, *to; /* RFC 3339 or YYYY-MM-DD: times starting from … before to; NULL: open */
	const char *place;     /* exact; NULL: every place */
	int64_t counsellor_user_id; /* 0: every counsellor */
	bool free_only;
};

struct guidance_time_list {
	struct guidance_time *items;
	size_t n;
	int64_t total;
};

/* May the actor see the calendar (admin, kansli, case workers, readers)? */
bool guidance_may_see_calendar(const struct actor *a);

/* Times by start; the participants shown are audited as read. */
int guidance_time_list(struct ctx *c, const struct guidance_filter *f, const struct page *p,
		       struct guidance_time_list *out);
int guidance_time_get(struct ctx *c, int64_t id, struct guidance_time *out);
int guidance_time_create(struct ctx *c, const struct guidance_time_input *in, struct guidance_time *out);
/* The counsellor (or an admin) removes a time nobody has booked; 409 when booked. */
int guidance_time_remove(struct ctx *c, int64_t id);

/* Books the time for the participant: 201, 409 when taken (one winner
 * however many try at once), 422 when the participant is not one the
 * actor may book for. */
int guidance_book(struct ctx *c, int64_t time_id, int64_t participant_id, struct guidance_time *out);
/* Cancels the time's booking (the booked participant's case workers, the
 * counsellor, an admin); the time is free again. */
int guidance_cancel(struct ctx *c, int64_t time_id, struct guidance_time *out);

/* PATCH: outcome held|not_held and feedback, by the counsellor or an admin,
 * on a booked time that has started. */
struct guidance_outcome {
	const char *outcome, *feedback;
	bool has_outcome, has_feedback;
};
int guidance_record_outcome(struct ctx *c, int64_t time_id, const struct guidance_outcome *in, struct guidance_time *out);

/* The one rule of whom the actor may book for: the participants she sees
 * (access.h), and those in whose active joint plan her organisation is a
 * partner. What was booked stays in sight while the plan is not closed. */
bool guidance_participant_visible(struct ctx *c, int64_t participant_id);

struct guidance_booking {
	int64_t id, time_id, participant_id, counsellor_user_id, booked_by_user_id, booked_by_org_id;
	const char *counsellor_name, *starts_at, *ends_at, *place;
	const char *created_at, *cancelled_at; /* cancelled_at NULL when standing */
	const char *outcome, *feedback, *outcome_at; /* NULL until recorded */
};
struct guidance_booking_list {
	struct guidance_booking *items;
	size_t n;
	int64_t total;
};
/* A participant's bookings by the actor's organisation (an admin: all),
 * newest time first, with outcome and feedback; 404 when the actor may not
 * see her. Audited. */
int guidance_participant_bookings(struct ctx *c, int64_t participant_id, const struct page *p,
				  struct guidance_booking_list *out);

/* The reminders due (the sender thread's round, actor the system): each
 * standing booking of a time starting within the next 24 hours whose
 * reminder is not queued gets its mail, once. *made: how many. */
int guidance_remind_due(struct ctx *c, int *made);

/* GET /reports/guidance: bookings of times starting in the period, held,
 * not held, cancelled and not yet recorded, per place (by=place, default)
 * or the counsellor's organisation (by=org), women and men, suppressed as
 * every report. */
int report_guidance(struct ctx *c, struct report_params *p, struct report_table *out);

#endif
