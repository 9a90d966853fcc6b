/* guidance.c — rules and storage of SYV guidance times and their bookings
 * (guidance.h, docs/plans.md "SYV-tider"). A booking is the conditional
 * UPDATE of the time's participant_id from NULL, judged by the row it
 * returns: whoever comes second finds no free row and gets 409, on SQLite
 * and on PostgreSQL alike; the partial unique index on the bookings is a
 * second guard. */
#include "guidance.h"
#include "handover.h"
#include "../access.h"
#include "../audit.h"
#include "../check.h"
#include "../mail.h"
#include "../trainings/session.h"
#include "../../base/clock.h"
#include "../../base/utf8.h"
#include "../../report/table.h"
#include "../../store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char time_not_found[] = "SYV-tiden finns inte.";
static const char *const outcomes[][2] = {{"held", "genomförd"}, {"not_held", "ej genomförd"}};

/* --- who may ---------------------------------------------------------- */

bool guidance_may_see_calendar(const struct actor *a)
{
	return actor_has(a, ROLE_ADMIN | ROLE_KANSLI | ROLE_CASE_WORKER | ROLE_READER);
}

static int may_see(struct ctx *c)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se SYV-tiderna.");
	if (!guidance_may_see_calendar(c->actor))
		return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte se SYV-tiderna.");
	return 0;
}

/* Counsellors are case workers; an admin publishes on their behalf. */
static int may_publish(struct ctx *c)
{
	if (may_see(c) != 0) return c->err.code;
	if (!actor_has(c->actor, ROLE_ADMIN | ROLE_CASE_WORKER))
		return err_set(&c->err, ERR_FORBIDDEN, "Bara vägledare (handläggare) och administratörer får lägga ut SYV-tider.");
	return 0;
}

/* Does the actor see participant_id, or is her organisation a partner in
 * a joint plan of hers: an active one to book (Arbetsförmedlingen books
 * SYV for the person it plans with, though it does not see the rest of
 * her: docs/plans.md "Booking SYV as a partner"), or one not closed to see
 * and cancel what it booked (a paused plan stops new bookings, not the
 * partner's sight of its own, as it does not stop its sight of the plan). */
static bool participant_reachable(struct ctx *c, int64_t participant_id, bool to_book)
{
	if (participant_id < 1) return false;
	if (access_participant_visible(c, participant_id)) return true;
	if (!c->actor || !access_participants(c->actor)) return false;
	struct stmt *s = store_prepare(c->db, to_book
		? "SELECT 1 FROM plans pl WHERE pl.participant_id = :participant AND pl.status = 'active' AND " PLAN_PARTNER_SQL
		: "SELECT 1 FROM plans pl WHERE pl.participant_id = :participant AND pl.status <> 'closed' AND " PLAN_PARTNER_SQL);
	stmt_bind_int(s, ":participant", participant_id);
	access_bind(s, c->actor);
	bool partner = stmt_step(s) == STORE_ROW;
	stmt_done(s);
	return partner;
}

bool guidance_participant_visible(struct ctx *c, int64_t participant_id)
{
	return participant_reachable(c, participant_id, true);
}

/* Is the booking of participant_id made by booked_by_org one the actor
 * sees with its participant? She must see the participant, and it must be
 * her organisation's booking (an admin sees every one): seeing a person is
 * not seeing what another organisation arranged for her, as with
 * enrolments (access.h). */
static bool booking_visible(struct ctx *c, int64_t participant_id, int64_t booked_by_org)
{
	return participant_reachable(c, participant_id, false) &&
	       (access_all_participants(c->actor) || booked_by_org == c->actor->org_id);
}

static bool is_counsellor(const struct ctx *c, const struct guidance_time *t)
{
	return c->actor && c->actor->user_id == t->counsellor_user_id;
}

/* --- reading ---------------------------------------------------------- */

#define TIME_FROM                                                                                               \
	" FROM guidance_times t JOIN users u ON u.id = t.counsellor_user_id"                                     \
	" LEFT JOIN guidance_bookings b ON b.time_id = t.id AND b.cancelled_at IS NULL"                          \
	" LEFT JOIN participants p ON p.id = t.participant_id" ACCESS_OWN_REGISTRATION_JOIN
#define TIME_COLS                                                                                               \
	"t.id, t.counsellor_user_id, t.org_id, COALESCE(t.participant_id, 0), COALESCE(b.id, 0),"               \
	" COALESCE(b.booked_by_org_id, 0), u.name, t.starts_at, t.ends_at, t.place,"                            \
	" " ACCESS_FIRST_NAME_SQL " || ' ' || " ACCESS_LAST_NAME_SQL ", b.outcome, b.feedback, t.created_at, t.updated_at"

static void read_time(struct ctx *c, struct stmt *s, void *out)
{
	struct guidance_time *t = out;
	memset(t, 0, sizeof *t);
	t->id = stmt_int(s, 0);
	t->counsellor_user_id = stmt_int(s, 1);
	t->org_id = stmt_int(s, 2);
	t->participant_id = stmt_int(s, 3);
	t->booking_id = stmt_int(s, 4);
	t->booked_by_org_id = stmt_int(s, 5);
	t->booked = t->participant_id != 0;
	read_texts(c, s, 6, (const char **[]){&t->counsellor_name, &t->starts_at, &t->ends_at, &t->place,
					    &t->participant_name, &t->outcome, &t->feedback, &t->created_at, &t->updated_at,
					    NULL});
}

/* What the actor may not see of the booking is taken away; returns
 * whether she sees the participant (her read is then audited). */
static bool hide(struct ctx *c, struct guidance_time *t)
{
	if (!t->booked) return false;
	if (booking_visible(c, t->participant_id, t->booked_by_org_id)) {
		/* A plan partner books for a person it does not otherwise see:
		 * it gets her name as the plan gives it (PLAN_NAME_SQL, plan.h),
		 * withheld when any organisation protected her identity. */
		if (!access_participant_visible(c, t->participant_id) &&
		    row_exists(c, "SELECT 1 FROM participants p WHERE p.id = :id AND " ACCESS_PROTECTED_ANYWHERE_SQL,
			       t->participant_id))
			t->participant_name = NULL;
		return true;
	}
	t->participant_id = t->booking_id = t->booked_by_org_id = 0;
	t->participant_name = NULL;
	if (!is_counsellor(c, t)) t->outcome = t->feedback = NULL;
	return false;
}

/* The time as stored, nothing hidden, not audited. */
static int load(struct ctx *c, int64_t id, struct guidance_time *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " TIME_COLS TIME_FROM " WHERE t.id = :id AND t.removed_at IS NULL");
	stmt_bind_int(s, ":id", id);
	stmt_bind_int(s, ":org", access_own_org(c->actor));
	return get_one(c, s, read_time, out, time_not_found, "Kunde inte läsa SYV-tiden.");
}

/* The time as the actor may see it, her read of the participant audited. */
static int shown(struct ctx *c, int64_t id, struct guidance_time *out)
{
	if (load(c, id, out) != 0) return c->err.code;
	if (hide(c, out))
		return audit_read(c, "participant", out->participant_id, "guidance_booking", "Kunde inte skriva i loggen.");
	return 0;
}

int guidance_time_get(struct ctx *c, int64_t id, struct guidance_time *out)
{
	if (may_see(c) != 0) return c->err.code;
	return shown(c, id, out);
}

/* A filter bound: a day (the whole day: to is the next day's start) or an
 * RFC 3339 time; NULL when absent, an error when neither. */
static const char *bound(struct ctx *c, const char *field, const char *v, bool upper)
{
	if (!v) return NULL;
	if (training_timestamp_valid(v)) return v;
	if (clock_valid_date(v)) {
		char day[11];
		if (upper) clock_add_days(v, 1, day);
		else memcpy(day, v, 11);
		return arena_printf(c->arena, "%sT00:00:00Z", day);
	}
	err_field(&c->err, field, v, "Ange ett datum som ÅÅÅÅ-MM-DD eller en tid i UTC, till exempel 2027-01-18T08:00:00Z.");
	return NULL;
}

#define FILTER                                                                                                  \
	" WHERE t.removed_at IS NULL AND (CAST(:from AS TEXT) IS NULL OR t.starts_at >= :from)"                 \
	" AND (CAST(:to AS TEXT) IS NULL OR t.starts_at < :to) AND (CAST(:place AS TEXT) IS NULL OR t.place = :place)" \
	" AND (CAST(:counsellor AS BIGINT) IS NULL OR t.counsellor_user_id = :counsellor)"                       \
	" AND (:free = 0 OR t.participant_id IS NULL)"

static void bind_filter(struct stmt *s, const char *from, const char *to, const struct guidance_filter *f)
{
	stmt_bind_texts(s, (const char *const[][2]){{":from", from}, {":to", to}, {":place", f->place}, {NULL}});
	stmt_bind_id(s, ":counsellor", f->counsellor_user_id);
	stmt_bind_int(s, ":free", f->free_only ? 1 : 0);
}

int guidance_time_list(struct ctx *c, const struct guidance_filter *f, const struct page *p,
		       struct guidance_time_list *out)
{
	memset(out, 0, sizeof *out);
	if (may_see(c) != 0) return c->err.code;
	const char *from = bound(c, "from", f->from, false), *to = bound(c, "to", f->to, true);
	if (f->counsellor_user_id < 0) err_field(&c->err, "counsellor_user_id", NULL, "Ange vägledaren med hennes id.");
	if (c->err.code) return c->err.code;
	struct stmt *count = store_prepare(c->db, "SELECT COUNT(*) FROM guidance_times t" FILTER);
	struct stmt *page = store_prepare(c->db, "SELECT " TIME_COLS TIME_FROM FILTER
						 " ORDER BY t.starts_at, t.id LIMIT :limit OFFSET :offset");
	bind_filter(count, from, to, f);
	bind_filter(page, from, to, f);
	stmt_bind_int(page, ":org", access_own_org(c->actor));
	out->items = list_page(c, count, page, p, sizeof *out->items, read_time, &out->n, &out->total,
			       "Kunde inte läsa SYV-tiderna.");
	if (!out->items) return c->err.code;
	int64_t *seen = arena_alloc(c->arena, sizeof *seen * (out->n + 1));
	size_t nseen = 0;
	for (size_t i = 0; i < out->n; i++)
		if (hide(c, &out->items[i])) seen[nseen++] = out->items[i].participant_id;
	return audit_reads(c, "participant", seen, nseen, "guidance_booking", "Kunde inte skriva i loggen.");
}

/* --- publishing ------------------------------------------------------- */

/* t moved by days (the same time of day, UTC). */
static const char *add_days(struct ctx *c, const char *t, int64_t days)
{
	char date[11], moved[11];
	memcpy(date, t, 10);
	date[10] = 0;
	clock_add_days(date, (int)days, moved);
	return arena_printf(c->arena, "%s%s", moved, t + 10);
}

static void validate(struct ctx *c, const struct guidance_time_input *in, int64_t counsellor)
{
	bool start_ok = training_timestamp_valid(in->starts_at), end_ok = training_timestamp_valid(in->ends_at);
	if (!start_ok) err_field(&c->err, "starts_at", in->starts_at, "Ange starttiden i UTC, till exempel 2027-01-18T08:00:00Z.");
	if (!end_ok) err_field(&c->err, "ends_at", in->ends_at, "Ange sluttiden i UTC, till exempel 2027-01-18T09:00:00Z.");
	if (start_ok && end_ok && strcmp(in->ends_at, in->starts_at) <= 0)
		err_field(&c->err, "ends_at", in->ends_at, "Sluttiden ska vara efter starttiden.");
	if (!in->place || !utf8_text_ok(in->place, 1, 200))
		err_field(&c->err, "place", NULL, "Ange platsen (1–200 tecken), t.ex. samlokaliseringen.");
	if (in->repeat < 0 || in->repeat > 52) err_field(&c->err, "repeat", NULL, "Ange hur många tider, 1–52.");
	if (in->every_days < 0 || in->every_days > 28)
		err_field(&c->err, "every_days", NULL, "Ange antal dagar mellan tiderna, 1–28.");
	if (counsellor == 0)
		err_field(&c->err, "counsellor_user_id", NULL, "Ange vägledaren som har tiden.");
	else if (counsellor < 0 ||
		 !row_exists(c, "SELECT 1 FROM users WHERE id = :id AND active = 1"
				" AND (',' || roles || ',') LIKE '%,case_worker,%'", counsellor))
		err_field(&c->err, "counsellor_user_id", NULL, "Vägledaren ska vara en aktiv användare med rollen handläggare.");
	else if (counsellor != c->actor->user_id && !actor_has(c->actor, ROLE_ADMIN))
		err_field(&c->err, "counsellor_user_id", NULL, "Du kan bara lägga ut tider för dig själv.");
}

/* Does the counsellor already have a time that overlaps [starts, ends)? */
static int overlaps(struct ctx *c, int64_t counsellor, const char *starts, const char *ends, bool *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT 1 FROM guidance_times WHERE counsellor_user_id = :counsellor"
					      " AND removed_at IS NULL AND starts_at < :ends AND ends_at > :starts");
	stmt_bind_int(s, ":counsellor", counsellor);
	stmt_bind_texts(s, (const char *const[][2]){{":starts", starts}, {":ends", ends}, {NULL}});
	int rc = stmt_exec(s);
	*out = rc == STORE_ROW;
	return rc < 0 ? rc : STORE_DONE;
}

int guidance_time_create(struct ctx *c, const struct guidance_time_input *in, struct guidance_time *out)
{
	if (may_publish(c) != 0) return c->err.code;
	int64_t counsellor = in->counsellor_user_id;
	if (counsellor == 0 && actor_has(c->actor, ROLE_CASE_WORKER)) counsellor = c->actor->user_id;
	validate(c, in, counsellor);
	if (c->err.code) return c->err.code;
	int64_t n = in->repeat ? in->repeat : 1, every = in->every_days ? in->every_days : 7;
	int64_t org = 0;
	{
		struct stmt *s = store_prepare(c->db, "SELECT org_id FROM users WHERE id = :id");
		stmt_bind_int(s, ":id", counsellor);
		if (stmt_scalar(s, &org) != STORE_ROW) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa vägledaren.");
	}
	if (ctx_begin(c) != 0) return c->err.code;
	int rc = STORE_DONE;
	int64_t first = 0;
	for (int64_t i = 0; i < n && rc == STORE_DONE; i++) {
		const char *starts = add_days(c, in->starts_at, i * every), *ends = add_days(c, in->ends_at, i * every);
		bool clash = false;
		if ((rc = overlaps(c, counsellor, starts, ends, &clash)) != STORE_DONE) break;
		if (clash) {
			store_rollback(c->db);
			return err_field(&c->err, "starts_at", starts,
					 n > 1 ? arena_printf(c->arena, "Vägledaren har redan en tid som krockar med tid %lld i serien (%s).",
							      (long long)(i + 1), starts)
					       : "Vägledaren har redan en tid som krockar med den här.");
		}
		struct stmt *s = store_prepare(c->db,
			"INSERT INTO guidance_times (counsellor_user_id, org_id, starts_at, ends_at, place, created_by_user_id,"
			" created_at, updated_at) VALUES (:counsellor, :org, :starts, :ends, :place, :user, :now, :now) RETURNING id");
		stmt_bind_int(s, ":counsellor", counsellor);
		stmt_bind_int(s, ":org", org);
		stmt_bind_int(s, ":user", c->actor->user_id);
		stmt_bind_texts(s, (const char *const[][2]){{":starts", starts}, {":ends", ends}, {":place", in->place},
			{":now", c->now}, {NULL}});
		int64_t id = 0;
		rc = stmt_write_id(s, &id);
		if (!first) first = id;
	}
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "guidance_time", .id = first,
		.detail = n > 1 ? arena_printf(c->arena, "series of %lld", (long long)n) : NULL,
		.fail = "Kunde inte spara SYV-tiden."}) != 0)
		return c->err.code;
	return shown(c, first, out);
}

int guidance_time_remove(struct ctx *c, int64_t id)
{
	struct guidance_time t;
	if (may_publish(c) != 0 || load(c, id, &t) != 0) return c->err.code;
	if (!is_counsellor(c, &t) && !actor_has(c->actor, ROLE_ADMIN))
		return err_set(&c->err, ERR_FORBIDDEN, "Bara vägledaren själv eller en administratör får ta bort tiden.");
	if (ctx_begin(c) != 0) return c->err.code;
	/* Only while free: a booking made meanwhile keeps its time. */
	struct stmt *s = store_prepare(c->db, "UPDATE guidance_times SET removed_at = :now, updated_at = :now"
					      " WHERE id = :id AND participant_id IS NULL AND removed_at IS NULL RETURNING id");
	stmt_bind_int(s, ":id", id);
	stmt_bind_text(s, ":now", c->now);
	int64_t done = 0;
	int rc = stmt_write_id(s, &done);
	if (rc == STORE_EFAIL) {
		store_rollback(c->db);
		return err_set(&c->err, ERR_CONFLICT, "Tiden är bokad. Avboka den innan den tas bort.");
	}
	return change_commit(c, rc, &(struct change){.action = "delete", .entity = "guidance_time", .id = id,
		.fail = "Kunde inte ta bort SYV-tiden."});
}

/* --- booking ---------------------------------------------------------- */

int guidance_book(struct ctx *c, int64_t time_id, int64_t participant_id, struct guidance_time *out)
{
	struct guidance_time t;
	if (may_see(c) != 0 || access_require_participants(c) != 0 || load(c, time_id, &t) != 0) return c->err.code;
	if (participant_id == 0) return err_field(&c->err, "participant_id", NULL, "Ange deltagaren som tiden bokas för.");
	if (!guidance_participant_visible(c, participant_id))
		return err_field(&c->err, "participant_id", NULL, "Deltagaren finns inte.");
	/* Taken already as read: answered without queueing for the write lock
	 * (the conditional UPDATE below decides the races). */
	if (t.booked) return err_set(&c->err, ERR_CONFLICT, "Tiden är redan bokad.");
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "UPDATE guidance_times SET participant_id = :participant, updated_at = :now"
					      " WHERE id = :id AND participant_id IS NULL AND removed_at IS NULL RETURNING id");
	stmt_bind_int(s, ":id", time_id);
	stmt_bind_int(s, ":participant", participant_id);
	stmt_bind_text(s, ":now", c->now);
	int64_t won = 0;
	int rc = stmt_write_id(s, &won);
	if (rc == STORE_EFAIL) {
		store_rollback(c->db);
		return err_set(&c->err, ERR_CONFLICT, "Tiden är redan bokad.");
	}
	if (rc == STORE_DONE) {
		s = store_prepare(c->db, "INSERT INTO guidance_bookings (time_id, participant_id, booked_by_user_id,"
					 " booked_by_org_id, created_at) VALUES (:id, :participant, :user, :org, :now)");
		stmt_bind_int(s, ":id", time_id);
		stmt_bind_int(s, ":participant", participant_id);
		stmt_bind_int(s, ":user", c->actor->user_id);
		stmt_bind_int(s, ":org", c->actor->org_id);
		stmt_bind_text(s, ":now", c->now);
		rc = stmt_exec(s);
	}
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "participant", .id = participant_id,
		.detail = "guidance_booking", .conflict = "Tiden är redan bokad.", .fail = "Kunde inte boka SYV-tiden."}) != 0)
		return c->err.code;
	return shown(c, time_id, out);
}

int guidance_cancel(struct ctx *c, int64_t time_id, struct guidance_time *out)
{
	struct guidance_time t;
	if (may_see(c) != 0 || load(c, time_id, &t) != 0) return c->err.code;
	if (!t.booked) return err_set(&c->err, ERR_CONFLICT, "Tiden är inte bokad.");
	bool sees = access_participants(c->actor) && booking_visible(c, t.participant_id, t.booked_by_org_id);
	if (!sees && !is_counsellor(c, &t) && !actor_has(c->actor, ROLE_ADMIN))
		return err_set(&c->err, ERR_FORBIDDEN, "Bara deltagarens handläggare, vägledaren eller en administratör får avboka tiden.");
	if (t.outcome) return err_set(&c->err, ERR_CONFLICT, "Vägledningen är redan registrerad och kan inte avbokas.");
	if (ctx_begin(c) != 0) return c->err.code;
	/* Only the booking read: one made after a cancel meanwhile stays. */
	struct stmt *s = store_prepare(c->db, "UPDATE guidance_times SET participant_id = NULL, updated_at = :now"
					      " WHERE id = :id AND participant_id = :participant RETURNING id");
	stmt_bind_int(s, ":id", time_id);
	stmt_bind_int(s, ":participant", t.participant_id);
	stmt_bind_text(s, ":now", c->now);
	int64_t done = 0;
	int rc = stmt_write_id(s, &done);
	if (rc == STORE_EFAIL) {
		store_rollback(c->db);
		return err_set(&c->err, ERR_CONFLICT, "Bokningen ändrades samtidigt av någon annan. Läs om tiden och försök igen.");
	}
	if (rc == STORE_DONE) {
		s = store_prepare(c->db, "UPDATE guidance_bookings SET cancelled_at = :now, cancelled_by_user_id = :user"
					 " WHERE id = :booking AND cancelled_at IS NULL");
		stmt_bind_int(s, ":booking", t.booking_id);
		stmt_bind_id(s, ":user", c->actor->user_id);
		stmt_bind_text(s, ":now", c->now);
		rc = stmt_exec(s);
	}
	if (change_commit(c, rc, &(struct change){.action = "delete", .entity = "participant", .id = t.participant_id,
		.detail = "guidance_booking", .fail = "Kunde inte avboka SYV-tiden."}) != 0)
		return c->err.code;
	return shown(c, time_id, out);
}

int guidance_record_outcome(struct ctx *c, int64_t time_id, const struct guidance_outcome *in, struct guidance_time *out)
{
	struct guidance_time t;
	if (may_see(c) != 0 || load(c, time_id, &t) != 0) return c->err.code;
	if (!is_counsellor(c, &t) && !actor_has(c->actor, ROLE_ADMIN))
		return err_set(&c->err, ERR_FORBIDDEN, "Bara vägledaren själv eller en administratör registrerar vägledningen.");
	if (!t.booked) return err_set(&c->err, ERR_CONFLICT, "Tiden är inte bokad.");
	const char *outcome = in->has_outcome ? in->outcome : t.outcome;
	const char *feedback = in->has_feedback ? in->feedback : t.feedback;
	if (in->has_outcome && !CODE_KNOWN(outcomes, in->outcome))
		err_field(&c->err, "outcome", in->outcome, "Ange om vägledningen blev av: held eller not_held.");
	else if (!outcome)
		err_field(&c->err, "outcome", NULL, "Ange om vägledningen blev av: held eller not_held.");
	else {
		char now[21];
		clock_format_rfc3339(clock_now(), now);
		if (strcmp(t.starts_at, now) > 0)
			err_field(&c->err, "outcome", outcome, "Tiden har inte börjat än; registrera vägledningen efteråt.");
	}
	if (feedback && !utf8_text_ok(feedback, 0, 4000))
		err_field(&c->err, "feedback", NULL, "Återkopplingen får ha högst 4000 tecken.");
	if (c->err.code) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "UPDATE guidance_bookings SET outcome = :outcome, feedback = :feedback,"
					      " outcome_at = :now, outcome_by_user_id = :user WHERE id = :booking AND cancelled_at IS NULL"
					      " RETURNING id");
	stmt_bind_int(s, ":booking", t.booking_id);
	stmt_bind_id(s, ":user", c->actor->user_id);
	stmt_bind_texts(s, (const char *const[][2]){{":outcome", outcome}, {":feedback", feedback && *feedback ? feedback : NULL},
		{":now", c->now}, {NULL}});
	int64_t done = 0;
	int rc = stmt_write_id(s, &done);
	if (rc == STORE_EFAIL) {
		store_rollback(c->db);
		return err_set(&c->err, ERR_CONFLICT, "Bokningen avbokades samtidigt. Läs om tiden.");
	}
	/* The feedback goes to her active joint plans too, in this write: an
	 * entry in each (a version, mails to the case workers in it). Only
	 * new words: recording the outcome again with the same text adds none. */
	if (rc == STORE_DONE && feedback && *feedback && (!t.feedback || strcmp(t.feedback, feedback) != 0)) {
		s = store_prepare(c->db, "SELECT id FROM plans WHERE participant_id = :participant AND status = 'active' ORDER BY id");
		stmt_bind_int(s, ":participant", t.participant_id);
		size_t n;
		int64_t *plans = list_all(c, s, sizeof *plans, read_int_column, &n, "Kunde inte läsa planerna.");
		if (!plans) rc = STORE_EFAIL;
		for (size_t i = 0; plans && i < n && rc == STORE_DONE; i++)
			rc = plan_feedback_add(c, plans[i], 0, t.booking_id, feedback);
	}
	if (change_commit(c, rc, &(struct change){.action = "update", .entity = "participant", .id = t.participant_id,
		.detail = "guidance_outcome",
		.fail = "Kunde inte spara vägledningen."}) != 0)
		return c->err.code;
	return shown(c, time_id, out);
}

/* --- a participant's bookings ------------------------------------------ */

static void read_booking(struct ctx *c, struct stmt *s, void *out)
{
	struct guidance_booking *b = out;
	memset(b, 0, sizeof *b);
	b->id = stmt_int(s, 0);
	b->time_id = stmt_int(s, 1);
	b->participant_id = stmt_int(s, 2);
	b->counsellor_user_id = stmt_int(s, 3);
	b->booked_by_user_id = stmt_int(s, 4);
	b->booked_by_org_id = stmt_int(s, 5);
	read_texts(c, s, 6, (const char **[]){&b->counsellor_name, &b->starts_at, &b->ends_at, &b->place, &b->created_at,
					    &b->cancelled_at, &b->outcome, &b->feedback, &b->outcome_at, NULL});
}

int guidance_participant_bookings(struct ctx *c, int64_t participant_id, const struct page *p,
				  struct guidance_booking_list *out)
{
	memset(out, 0, sizeof *out);
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se SYV-bokningarna.");
	if (access_require_participants(c) != 0) return c->err.code;
	if (!participant_reachable(c, participant_id, false))
		return err_set(&c->err, ERR_NOT_FOUND, "Deltagaren finns inte.");
	/* The organisation's own bookings (booking_visible's second half). */
	struct stmt *count = store_prepare(c->db, "SELECT COUNT(*) FROM guidance_bookings b WHERE b.participant_id = :participant"
						  " AND (:all = 1 OR b.booked_by_org_id = :org)");
	struct stmt *page = store_prepare(c->db,
		"SELECT b.id, b.time_id, b.participant_id, t.counsellor_user_id, b.booked_by_user_id, b.booked_by_org_id,"
		" u.name, t.starts_at, t.ends_at, t.place, b.created_at, b.cancelled_at, b.outcome, b.feedback, b.outcome_at"
		" FROM guidance_bookings b JOIN guidance_times t ON t.id = b.time_id JOIN users u ON u.id = t.counsellor_user_id"
		" WHERE b.participant_id = :participant AND (:all = 1 OR b.booked_by_org_id = :org)"
		" ORDER BY t.starts_at DESC, b.id DESC LIMIT :limit OFFSET :offset");
	for (int i = 0; i < 2; i++) {
		struct stmt *s = i ? page : count;
		stmt_bind_int(s, ":participant", participant_id);
		stmt_bind_int(s, ":all", access_all_participants(c->actor) ? 1 : 0);
		stmt_bind_int(s, ":org", c->actor->org_id);
	}
	out->items = list_page(c, count, page, p, sizeof *out->items, read_booking, &out->n, &out->total,
			       "Kunde inte läsa SYV-bokningarna.");
	if (!out->items) return c->err.code;
	return audit_read(c, "participant", participant_id, "guidance_bookings", "Kunde inte skriva i loggen.");
}

/* --- the reminder ------------------------------------------------------- */

/* Swedish local time of t (RFC 3339 UTC) as "2026-12-03 kl. 09.00": CET,
 * or CEST from the last Sunday of March 01:00 UTC to the last Sunday of
 * October 01:00 UTC (the EU rule). */
static const char *swedish_time(struct ctx *c, const char *t)
{
	int y = atoi(t), mo = atoi(t + 5), d = atoi(t + 8), h = atoi(t + 11), mi = atoi(t + 14);
	int64_t day = clock_days_from_civil(y, mo, d);
	/* The last Sunday of a month: its 31st (March and October have 31
	 * days) moved back to a Sunday; day 0 (1970-01-01) was a Thursday. */
	int64_t mar = clock_days_from_civil(y, 3, 31), oct = clock_days_from_civil(y, 10, 31);
	mar -= ((mar % 7) + 7 + 4) % 7;
	oct -= ((oct % 7) + 7 + 4) % 7;
	int64_t minutes = day * 1440 + h * 60 + mi;
	bool summer = minutes >= mar * 1440 + 60 && minutes < oct * 1440 + 60;
	minutes += summer ? 120 : 60;
	char date[11];
	clock_format_day(minutes / 1440, date);
	return arena_printf(c->arena, "%s kl. %02d.%02d", date, (int)(minutes % 1440 / 60), (int)(minutes % 60));
}

struct due {
	int64_t booking_id, time_id;
	const char *email, *case_worker, *counsellor, *starts_at, *ends_at, *place, *first_name;
};

static void read_due(struct ctx *c, struct stmt *s, void *out)
{
	struct due *d = out;
	d->booking_id = stmt_int(s, 0);
	d->time_id = stmt_int(s, 1);
	read_texts(c, s, 2, (const char **[]){&d->email, &d->case_worker, &d->counsellor, &d->starts_at, &d->ends_at,
					    &d->place, &d->first_name, NULL});
}

static const char reminder_subject[] = "Påminnelse om SYV-tid";
static const char reminder_body[] =
	"Hej {case_worker}!\n\n"
	"Du har bokat en tid hos studie- och yrkesvägledare för en deltagare.\n\n"
	"Tid: {time}\n"
	"Plats: {place}\n"
	"Vägledare: {counsellor}\n"
	"Deltagare: {first_name}\n\n"
	"Om tiden inte passar, avboka den i Samsyn så att någon annan kan få den.\n\n"
	"Det här meddelandet skickades automatiskt från Samsyn.\n";

/* One reminder, in its own write: the booking is marked, the mail queued. */
static int remind(struct ctx *c, const struct due *d)
{
	bool mailable = d->email && mail_address_valid(d->email);
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "UPDATE guidance_bookings SET reminder_queued_at = :now"
					      " WHERE id = :id AND reminder_queued_at IS NULL AND cancelled_at IS NULL RETURNING id");
	stmt_bind_int(s, ":id", d->booking_id);
	stmt_bind_text(s, ":now", c->now);
	int64_t done = 0;
	int rc = stmt_write_id(s, &done);
	if (rc == STORE_EFAIL) { /* another server's round came first */
		store_rollback(c->db);
		return 0;
	}
	if (rc == STORE_DONE && mailable) {
		const char *time = arena_printf(c->arena, "%s–%s", swedish_time(c, d->starts_at),
						swedish_time(c, d->ends_at) + 15);
		const char *body = mail_template_render(c->arena, reminder_body,
			(const char *const[]){"case_worker", "time", "place", "counsellor", "first_name"},
			(const char *const[]){d->case_worker, time, d->place, d->counsellor,
					      d->first_name ? d->first_name : "(anonym)"}, 5);
		rc = mail_enqueue(c, d->email, reminder_subject, body, NULL);
	}
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "guidance_reminder", .id = d->booking_id,
		.detail = mailable ? NULL : "no e-mail address", .fail = "Kunde inte köa påminnelsen."}) != 0)
		return c->err.code;
	return mailable ? 1 : 0;
}

int guidance_remind_due(struct ctx *c, int *made)
{
	if (made) *made = 0;
	char now[21], until[21];
	clock_format_rfc3339(clock_now(), now);
	clock_format_rfc3339(clock_now() + 24 * 3600, until);
	/* The first name as the booking organisation typed it, no more; none
	 * (as for an anonymous one) when her identity is protected anywhere:
	 * a mail leaves Samsyn (the feedback mail's rule, handover.c). */
	struct stmt *s = store_prepare(c->db,
		"SELECT b.id, t.id, bu.email, bu.name, u.name, t.starts_at, t.ends_at, t.place,"
		" CASE WHEN " ACCESS_PROTECTED_ANYWHERE_SQL " THEN NULL ELSE COALESCE(r.first_name, p.first_name) END"
		" FROM guidance_times t JOIN guidance_bookings b ON b.time_id = t.id AND b.cancelled_at IS NULL"
		" JOIN users u ON u.id = t.counsellor_user_id JOIN users bu ON bu.id = b.booked_by_user_id"
		" JOIN participants p ON p.id = b.participant_id"
		" LEFT JOIN participant_registrations r ON r.participant_id = p.id AND r.org_id = b.booked_by_org_id"
		" WHERE t.starts_at > :now AND t.starts_at <= :until AND t.removed_at IS NULL"
		" AND b.reminder_queued_at IS NULL ORDER BY t.starts_at, b.id");
	stmt_bind_texts(s, (const char *const[][2]){{":now", now}, {":until", until}, {NULL}});
	size_t n = 0;
	struct due *d = list_all(c, s, sizeof *d, read_due, &n, "Kunde inte läsa vilka påminnelser som ska skickas.");
	if (!d) return c->err.code;
	for (size_t i = 0; i < n; i++) {
		int rc = remind(c, &d[i]);
		if (rc < 0) return rc;
		if (made) *made += rc;
	}
	return 0;
}

/* --- the report ---------------------------------------------------------- */

static const char *const report_bys[] = {"place", "org", NULL};
static const struct report_column col_place[] = {{"place", "Plats", REPORT_KEY_TEXT}};
static const struct report_column col_org[] = {
	{"org", "Vägledarens organisation", REPORT_KEY_TEXT},
	{"org_id", "Organisations-id", REPORT_KEY_INT},
};
/* Bookings (not people): each booking is in one group and one row. */
static const struct report_group groups[] = {
	{"held", "Genomförda", REPORT_COUNT, true, 0, 0},
	{"not_held", "Ej genomförda", REPORT_COUNT, true, 0, 0},
	{"cancelled", "Avbokade", REPORT_COUNT, true, 0, 0},
	{"unrecorded", "Utan registrerat utfall", REPORT_COUNT, true, 0, 0},
};
#define NGROUPS (int)(sizeof groups / sizeof groups[0])

int report_guidance(struct ctx *c, struct report_params *p, struct report_table *t)
{
	if (p->intervention_id) return err_field(&c->err, "intervention_id", NULL, "SYV-bokningar hör inte till en insats.");
	if (!p->by) p->by = report_bys[0];
	bool by_org = strcmp(p->by, "org") == 0;
	if (!by_org && strcmp(p->by, "place") != 0) return err_field(&c->err, "by", p->by, "Dela upp efter place eller org.");
	if (report_check_period(c, p) != 0) return c->err.code;
	if (by_org) report_table_init(t, c->arena, 2, col_org, NGROUPS, groups);
	else report_table_init(t, c->arena, 1, col_place, NGROUPS, groups);
	/* The times starting in the period (the whole of it: a cancelled or
	 * unrecorded booking of a later day in it counts as well). */
	struct stmt *s = store_prepare(c->db, by_org
		? "SELECT o.name, o.id, CASE WHEN b.cancelled_at IS NOT NULL THEN 2 WHEN b.outcome = 'held' THEN 0"
		  " WHEN b.outcome = 'not_held' THEN 1 ELSE 3 END AS g,"
		  " SUM(CASE WHEN p.sex = 'female' THEN 1 ELSE 0 END), SUM(CASE WHEN p.sex = 'male' THEN 1 ELSE 0 END), COUNT(*)"
		  " FROM guidance_bookings b JOIN guidance_times t ON t.id = b.time_id JOIN participants p ON p.id = b.participant_id"
		  " JOIN orgs o ON o.id = t.org_id WHERE t.starts_at >= :from AND t.starts_at <= :to"
		  " GROUP BY o.name, o.id, g"
		: "SELECT t.place, 0, CASE WHEN b.cancelled_at IS NOT NULL THEN 2 WHEN b.outcome = 'held' THEN 0"
		  " WHEN b.outcome = 'not_held' THEN 1 ELSE 3 END AS g,"
		  " SUM(CASE WHEN p.sex = 'female' THEN 1 ELSE 0 END), SUM(CASE WHEN p.sex = 'male' THEN 1 ELSE 0 END), COUNT(*)"
		  " FROM guidance_bookings b JOIN guidance_times t ON t.id = b.time_id JOIN participants p ON p.id = b.participant_id"
		  " WHERE t.starts_at >= :from AND t.starts_at <= :to GROUP BY t.place, g");
	stmt_bind_text(s, ":from", arena_printf(c->arena, "%sT00:00:00Z", p->from));
	stmt_bind_text(s, ":to", arena_printf(c->arena, "%sT23:59:59Z", p->to));
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		struct report_key key[2] = {{.text = arena_strdup(c->arena, stmt_text(s, 0))}, {.num = stmt_int(s, 1)}};
		report_table_add_people(t, key, (int)stmt_int(s, 2), stmt_int(s, 5), stmt_int(s, 3), stmt_int(s, 4));
	}
	stmt_done(s);
	if (rc < 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte ta fram rapporten.");
	for (int g = 0; g < NGROUPS; g++) report_table_sum_rows(t, g);
	report_table_sort(t);
	return report_finish(c, p, t);
}
