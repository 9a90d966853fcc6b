/* plan.c — rules and storage of the joint plan (plan.h, docs/plans.md).
 * A plan's stage is the latest row of plan_assessments; each change
 * (plan, step, assessment, pause) bumps plans.version and stores the plan
 * as it then is in plan_versions, in the change's transaction, so that
 * "what did we agree in March?" is one row. */
#include "plan.h"
#include "handover.h"
#include "toolbox.h"
#include "../access.h"
#include "../audit.h"
#include "../check.h"
#include "../../base/clock.h"
#include "../../base/strbuf.h"
#include "../../base/utf8.h"
#include "../../base/strset.h"
#include "../../store/store.h"
#include <stdlib.h>
#include <string.h>

static const char plan_not_found[] = "Planen finns inte.";
static const char read_fail[] = "Kunde inte läsa planen.";
static const char log_fail[] = "Kunde inte skriva i loggen.";

static const char *const plan_statuses[] = {"active", "paused", "closed"};
const char *const plan_status_labels[3][2] = {{"active", "Aktiv"}, {"paused", "Pausad"}, {"closed", "Avslutad"}};
static const char *const step_states[] = {"planned", "ongoing", "done", "cancelled"};

/* --- reading ---------------------------------------------------------------- */

/* The participant's name as the responsible organisation typed it; withheld
 * (NULL) from a partner who does not otherwise see a participant whose
 * identity is protected anywhere. */
#define PLAN_COLS                                                                                                  \
	"pl.id, pl.participant_id, pl.assessed_by_user_id, pl.assessed_by_org_id, pl.responsible_org_id, pl.version," \
	" pl.updated_by_user_id, pl.updated_by_org_id,"                                                               \
	" " PLAN_NAME_SQL("first_name") ", " PLAN_NAME_SQL("last_name") ","                                          \
	" pl.goal, pl.stage, pl.assessed_on, pl.status, pl.pause_reason, pl.resume_conditions, pl.review_date,"     \
	" pl.next_meeting_at, pl.next_meeting_place, pl.created_at, pl.updated_at,"                                 \
	" (EXISTS (SELECT 1 FROM participant_registrations vr WHERE vr.participant_id = p.id AND vr.org_id = :org)" \
	" OR " ACCESS_VISIBLE_PROBE_SQL ")"
#define PLAN_FROM                                                                                                  \
	" FROM plans pl JOIN participants p ON p.id = pl.participant_id" PLAN_NAME_JOIN

static void read_plan(struct ctx *c, struct stmt *s, void *out)
{
	struct plan *p = out;
	memset(p, 0, sizeof *p);
	p->id = stmt_int(s, 0);
	p->participant_id = stmt_int(s, 1);
	p->assessed_by_user_id = stmt_int(s, 2);
	p->assessed_by_org_id = stmt_int(s, 3);
	p->responsible_org_id = stmt_int(s, 4);
	p->version = stmt_int(s, 5);
	p->updated_by_user_id = stmt_int(s, 6);
	p->updated_by_org_id = stmt_int(s, 7);
	read_texts(c, s, 8, (const char **[]){&p->first_name, &p->last_name, &p->goal, &p->stage, &p->assessed_on,
					    &p->status, &p->pause_reason, &p->resume_conditions, &p->review_date,
					    &p->next_meeting_at, &p->next_meeting_place, &p->created_at, &p->updated_at,
					    NULL});
	p->participant_visible = stmt_int(s, 21) != 0;
}

static void read_step(struct ctx *c, struct stmt *s, void *out)
{
	struct plan_step *t = out;
	memset(t, 0, sizeof *t);
	t->id = stmt_int(s, 0);
	t->plan_id = stmt_int(s, 1);
	t->toolbox_id = stmt_int(s, 2);
	t->org_id = stmt_int(s, 3);
	t->responsible_user_id = stmt_int(s, 4);
	read_texts(c, s, 5, (const char **[]){&t->responsible_name, &t->start_date, &t->end_date, &t->state,
					    &t->cancel_reason, &t->toolbox_name, &t->toolbox_stage, &t->created_at,
					    &t->updated_at, &t->responsible_user_name, NULL});
}

static void read_assessment(struct ctx *c, struct stmt *s, void *out)
{
	struct plan_assessment *a = out;
	a->user_id = stmt_int(s, 0);
	a->org_id = stmt_int(s, 1);
	read_texts(c, s, 2, (const char **[]){&a->stage, &a->assessed_on, &a->note, &a->created_at, NULL});
}

static int load_partners(struct ctx *c, struct plan *p)
{
	p->partner_org_ids = list_all_of_parent(c, "SELECT org_id FROM plan_partners WHERE plan_id = :parent ORDER BY org_id",
						p->id, sizeof *p->partner_org_ids, read_int_column, &p->npartner_org_ids,
						read_fail);
	return p->partner_org_ids ? 0 : c->err.code;
}

/* The plan whole, without a check of who asks and without audit. */
static int load(struct ctx *c, int64_t id, struct plan *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " PLAN_COLS PLAN_FROM " WHERE pl.id = :id");
	stmt_bind_int(s, ":id", id);
	access_bind(s, c->actor);
	if (get_one(c, s, read_plan, out, plan_not_found, read_fail) != 0 || load_partners(c, out) != 0)
		return c->err.code;
	out->steps = list_all_of_parent(c, "SELECT t.id, t.plan_id, t.toolbox_id, t.org_id, t.responsible_user_id,"
					   " t.responsible_name, t.start_date, t.end_date, t.state, t.cancel_reason, i.name,"
					   " i.stage, t.created_at, t.updated_at, u.name FROM plan_steps t"
					   " JOIN toolbox_items i ON i.id = t.toolbox_id LEFT JOIN users u ON u.id = t.responsible_user_id"
					   " WHERE t.plan_id = :parent ORDER BY t.id",
					id, sizeof *out->steps, read_step, &out->nsteps, read_fail);
	if (!out->steps) return c->err.code;
	out->assessments = list_all_of_parent(c, "SELECT user_id, org_id, stage, assessed_on, note, created_at"
						 " FROM plan_assessments WHERE plan_id = :parent ORDER BY id",
					      id, sizeof *out->assessments, read_assessment, &out->nassessments, read_fail);
	if (!out->assessments) return c->err.code;
	out->handovers = plan_handovers_of(c, id, &out->nhandovers);
	if (!out->handovers) return c->err.code;
	out->feedback = plan_feedback_of(c, id, &out->nfeedback);
	return out->feedback ? 0 : c->err.code;
}

int plan_load(struct ctx *c, int64_t id, struct plan *out)
{
	return load(c, id, out);
}

static int check_actor(struct ctx *c)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se planerna.");
	return access_require_participants(c);
}

/* The plan when the actor's organisation is its partner, else 404: a
 * non-partner learns nothing, not even that it exists. */
static int load_visible(struct ctx *c, int64_t id, struct plan *out)
{
	if (check_actor(c) != 0) return c->err.code;
	if (!access_plan_partner(c, id)) return err_set(&c->err, ERR_NOT_FOUND, "%s", plan_not_found);
	return load(c, id, out);
}

int plan_read_visible(struct ctx *c, int64_t id, struct plan *out)
{
	return load_visible(c, id, out);
}

int plan_get(struct ctx *c, int64_t id, struct plan *out)
{
	if (load_visible(c, id, out) != 0) return c->err.code;
	return audit_read(c, "participant", out->participant_id, "plan", log_fail);
}

int plan_list_of_participant(struct ctx *c, int64_t participant_id, struct plan_list *out)
{
	if (check_actor(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT pl.id FROM plans pl WHERE pl.participant_id = :participant AND "
					      PLAN_PARTNER_SQL " ORDER BY pl.id DESC");
	stmt_bind_int(s, ":participant", participant_id);
	access_bind(s, c->actor);
	size_t n;
	int64_t *ids = list_all(c, s, sizeof *ids, read_int_column, &n, read_fail);
	if (!ids) return c->err.code;
	if (n == 0 && !access_participant_visible(c, participant_id))
		return err_set(&c->err, ERR_NOT_FOUND, "Deltagaren finns inte.");
	out->items = arena_alloc(c->arena, (n ? n : 1) * sizeof *out->items);
	out->n = n;
	out->total = (int64_t)n;
	for (size_t i = 0; i < n; i++)
		if (load(c, ids[i], &out->items[i]) != 0) return c->err.code;
	return audit_read(c, "participant", participant_id, "plans", log_fail);
}

/* The organisation's plans (:status NULL: every status), newest first; and
 * review=due: paused plans whose review date is at the latest :until, the
 * week's Sunday (those overdue from earlier weeks included), the oldest
 * date first — its own statement, so that the (status, review_date) index
 * finds the few paused plans without a look at the others. The page is
 * chosen by ids first, and only its rows get names (the name rule looks at
 * each participant). Exported for `samsyn plans-sql` (the benchmark runs
 * the same text in the sqlite3 shell). */
#define LIST_WHERE " WHERE " PLAN_PARTNER_SQL " AND (CAST(:status AS TEXT) IS NULL OR pl.status = :status)"
#define LIST_ORDER " ORDER BY pl.id DESC"
#define REVIEW_WHERE                                                                                               \
	" WHERE pl.status = 'paused' AND pl.review_date <= :until AND (CAST(:status AS TEXT) IS NULL OR pl.status = :status)" \
	" AND " PLAN_PARTNER_SQL
#define REVIEW_ORDER " ORDER BY pl.review_date, pl.id DESC"
#define PAGE_SQL(where, order)                                                                                     \
	"SELECT " PLAN_COLS " FROM (SELECT pl.* FROM plans pl" where order " LIMIT :limit OFFSET :offset) pl"           \
	" JOIN participants p ON p.id = pl.participant_id" PLAN_NAME_JOIN order
const char plan_list_count_sql[] = "SELECT COUNT(*) FROM plans pl" LIST_WHERE;
const char plan_list_sql[] = PAGE_SQL(LIST_WHERE, LIST_ORDER);
const char plan_review_count_sql[] = "SELECT COUNT(*) FROM plans pl" REVIEW_WHERE;
const char plan_review_sql[] = PAGE_SQL(REVIEW_WHERE, REVIEW_ORDER);

int plan_list(struct ctx *c, const struct plan_filter *f, const struct page *p, struct plan_list *out)
{
	if (check_actor(c) != 0) return c->err.code;
	if (f->status && !STR_IN(f->status, plan_statuses))
		err_field(&c->err, "status", f->status, "Okänd status: ange active, paused eller closed.");
	char monday[11], until[11] = "";
	/* A week is checked whether or not it is used: a typo is never ignored. */
	if (f->week && !clock_iso_week_monday(f->week, monday))
		err_field(&c->err, "week", f->week, "Ange en vecka som ÅÅÅÅ-Vnn, t.ex. 2026-W49.");
	if (f->review_due) {
		if (!f->week) {
			char today[11], week[9];
			clock_today(today);
			clock_iso_week(today, week);
			clock_iso_week_monday(week, monday);
		}
		if (!c->err.code) clock_add_days(monday, 6, until);
	}
	if (c->err.code) return c->err.code;
	struct stmt *count = store_prepare(c->db, f->review_due ? plan_review_count_sql : plan_list_count_sql);
	struct stmt *page = store_prepare(c->db, f->review_due ? plan_review_sql : plan_list_sql);
	struct stmt *both[] = {count, page};
	for (int i = 0; i < 2; i++) {
		access_bind(both[i], c->actor);
		stmt_bind_text(both[i], ":status", f->status);
		if (f->review_due) stmt_bind_text(both[i], ":until", until);
	}
	out->items = list_page(c, count, page, p, sizeof *out->items, read_plan, &out->n, &out->total, read_fail);
	if (!out->items) return c->err.code;
	for (size_t i = 0; i < out->n; i++)
		if (load_partners(c, &out->items[i]) != 0) return c->err.code;
	return audit_reads_of(c, "participant", out->items, out->n, sizeof *out->items,
			      offsetof(struct plan, participant_id), "plan", log_fail);
}

/* --- the JSON of a plan ------------------------------------------------------ */

static void write_step(struct jsonw *w, const struct plan_step *t)
{
	jw_object(w);
	jw_kint(w, "id", t->id);
	jw_kint(w, "toolbox_id", t->toolbox_id);
	jw_kstring(w, "toolbox_name", t->toolbox_name);
	jw_kstring(w, "toolbox_stage", t->toolbox_stage);
	jw_kint(w, "org_id", t->org_id);
	jw_kint_or_null(w, "responsible_user_id", t->responsible_user_id);
	jw_kstring(w, "responsible_user_name", t->responsible_user_name);
	jw_kstring(w, "responsible_name", t->responsible_name);
	jw_kstring(w, "start_date", t->start_date);
	jw_kstring(w, "end_date", t->end_date);
	jw_kstring(w, "state", t->state);
	jw_kstring(w, "cancel_reason", t->cancel_reason);
	jw_kstring(w, "updated_at", t->updated_at);
	jw_object_end(w);
}

void plan_write_json(struct jsonw *w, const struct plan *p, bool with_names)
{
	jw_object(w);
	jw_kint(w, "id", p->id);
	jw_kint(w, "participant_id", p->participant_id);
	if (with_names) {
		jw_kstring(w, "first_name", p->first_name);
		jw_kstring(w, "last_name", p->last_name);
		jw_kbool(w, "participant_visible", p->participant_visible);
	}
	jw_kstring(w, "goal", p->goal);
	jw_kstring(w, "stage", p->stage);
	jw_kstring(w, "assessed_on", p->assessed_on);
	jw_kint_or_null(w, "assessed_by_user_id", p->assessed_by_user_id);
	jw_kint_or_null(w, "assessed_by_org_id", p->assessed_by_org_id);
	jw_kint(w, "responsible_org_id", p->responsible_org_id);
	jw_key(w, "partner_org_ids");
	jw_array(w);
	for (size_t i = 0; i < p->npartner_org_ids; i++) jw_int(w, p->partner_org_ids[i]);
	jw_array_end(w);
	jw_kstring(w, "status", p->status);
	jw_kstring(w, "pause_reason", p->pause_reason);
	jw_kstring(w, "resume_conditions", p->resume_conditions);
	jw_kstring(w, "review_date", p->review_date);
	jw_key(w, "next_meeting");
	if (p->next_meeting_at || p->next_meeting_place) {
		jw_object(w);
		jw_kstring(w, "at", p->next_meeting_at);
		jw_kstring(w, "place", p->next_meeting_place);
		jw_object_end(w);
	} else {
		jw_null(w);
	}
	jw_kint(w, "version", p->version);
	if (p->steps) {
		jw_key(w, "steps");
		jw_array(w);
		for (size_t i = 0; i < p->nsteps; i++) write_step(w, &p->steps[i]);
		jw_array_end(w);
	}
	if (p->assessments) {
		jw_key(w, "assessments");
		jw_array(w);
		for (size_t i = 0; i < p->nassessments; i++) {
			const struct plan_assessment *a = &p->assessments[i];
			jw_object(w);
			jw_kstring(w, "stage", a->stage);
			jw_kstring(w, "assessed_on", a->assessed_on);
			jw_kstring(w, "note", a->note);
			jw_kint(w, "user_id", a->user_id);
			jw_kint(w, "org_id", a->org_id);
			jw_kstring(w, "created_at", a->created_at);
			jw_object_end(w);
		}
		jw_array_end(w);
	}
	if (p->handovers) {
		jw_key(w, "handovers");
		jw_array(w);
		for (size_t i = 0; i < p->nhandovers; i++) plan_handover_write_json(w, &p->handovers[i]);
		jw_array_end(w);
	}
	if (p->feedback) {
		jw_key(w, "feedback");
		jw_array(w);
		/* unread is the reader's, never a version's */
		for (size_t i = 0; i < p->nfeedback; i++) plan_feedback_write_json(w, &p->feedback[i], with_names);
		jw_array_end(w);
	}
	jw_kstring(w, "created_at", p->created_at);
	jw_kstring(w, "updated_at", p->updated_at);
	jw_kint(w, "updated_by_user_id", p->updated_by_user_id);
	jw_kint(w, "updated_by_org_id", p->updated_by_org_id);
	jw_object_end(w);
}

/* --- writing ----------------------------------------------------------------- */

/* A date field: absent, or a real date. */
static bool date_ok(struct ctx *c, const char *field, const char *v)
{
	if (v && !clock_valid_date(v)) {
		err_field(&c->err, field, v, "Ange ett datum som ÅÅÅÅ-MM-DD.");
		return false;
	}
	return true;
}

/* "YYYY-MM-DDTHH:MM", optionally with seconds and a zone: the next
 * meeting, as the person typed it (local time). */
static bool meeting_time_ok(const char *v)
{
	size_t n = strlen(v);
	if (n < 16 || n > 25 || v[10] != 'T' || v[13] != ':') return false;
	char day[11];
	memcpy(day, v, 10);
	day[10] = 0;
	if (!clock_valid_date(day)) return false;
	for (int i = 11; i < 16; i++)
		if (i != 13 && (v[i] < '0' || v[i] > '9')) return false;
	int h = (v[11] - '0') * 10 + (v[12] - '0'), m = (v[14] - '0') * 10 + (v[15] - '0');
	return h < 24 && m < 60;
}

static bool org_exists(struct ctx *c, int64_t id)
{
	return id > 0 && row_exists(c, "SELECT 1 FROM orgs WHERE id = :id", id);
}

/* The checks of a plan's members as sent (create and change alike). */
static void validate_input(struct ctx *c, const struct plan_input *in)
{
	if (in->has_goal && in->goal && !utf8_text_ok(in->goal, 1, 2000))
		err_field(&c->err, "goal", NULL, "Målet ska ha 1–2000 tecken.");
	if (in->npartner_org_ids > 20) err_field(&c->err, "partner_org_ids", NULL, "Ange högst 20 parter.");
	for (size_t i = 0; i < in->npartner_org_ids && i < 20; i++)
		if (!org_exists(c, in->partner_org_ids[i]))
			err_field(&c->err, arena_printf(c->arena, "partner_org_ids[%zu]", i), NULL, "Organisationen finns inte.");
	if (in->has_stage) {
		char today[11];
		clock_today(today);
		if (!in->stage)
			err_field(&c->err, "stage", NULL, "Ange steget på vägen till arbete.");
		else if (path_stage_index(in->stage) < 0)
			err_field(&c->err, "stage", in->stage, "Okänt steg: ange clarify, guide, equip, employable eller matchable.");
		if (date_ok(c, "assessed_on", in->assessed_on) && in->assessed_on && strcmp(in->assessed_on, today) > 0)
			err_field(&c->err, "assessed_on", in->assessed_on, "Bedömningen kan inte vara daterad efter i dag.");
		if (in->assessment_note && !utf8_text_ok(in->assessment_note, 1, 2000))
			err_field(&c->err, "assessment_note", NULL, "Kommentaren ska ha 1–2000 tecken.");
	} else if (in->assessed_on || in->assessment_note) {
		err_field(&c->err, "stage", NULL, "Ange steget som bedömningen gäller.");
	}
	if (in->has_status && !STR_IN(in->status, plan_statuses))
		err_field(&c->err, "status", in->status, "Okänd status: ange active, paused eller closed.");
	if (in->has_next_meeting_at && in->next_meeting_at && !meeting_time_ok(in->next_meeting_at))
		err_field(&c->err, "next_meeting.at", in->next_meeting_at, "Ange dag och klockslag som ÅÅÅÅ-MM-DD och TT:MM, t.ex. 2026-12-10T09:00.");
	if (in->has_next_meeting_place) check_text(c, "next_meeting.place", in->next_meeting_place, 200, "Platsen");
}

/* Whether the new status and pause members make a valid plan; the
 * members of p are the plan as it will be. */
static void validate_pause(struct ctx *c, const struct plan *was, const struct plan *p, const struct plan_input *in)
{
	bool pausing = strcmp(p->status, "paused") == 0;
	if (pausing) {
		char today[11];
		clock_today(today);
		if (!p->pause_reason || !utf8_text_ok(p->pause_reason, 1, 2000))
			err_field(&c->err, "pause_reason", NULL, "Ange varför planen pausas (1–2000 tecken).");
		if (!p->resume_conditions || !utf8_text_ok(p->resume_conditions, 1, 2000))
			err_field(&c->err, "resume_conditions", NULL,
				  "Ange vad som måste hända innan insatser blir aktuella igen (1–2000 tecken).");
		if (!p->review_date)
			err_field(&c->err, "review_date", NULL, "Ange när planen ska ses över igen.");
		else if (date_ok(c, "review_date", p->review_date) && in->has_review_date && strcmp(p->review_date, today) < 0)
			err_field(&c->err, "review_date", p->review_date, "Datumet för att se över planen kan inte vara före i dag.");
	} else if (in->has_pause_reason || in->has_resume_conditions || in->has_review_date) {
		if ((in->pause_reason || in->resume_conditions || in->review_date))
			err_field(&c->err, in->pause_reason ? "pause_reason" : in->resume_conditions ? "resume_conditions" : "review_date",
				  NULL, "Skäl, villkor och datum för översyn hör till en pausad plan.");
	}
	/* Re-actualising (paused or closed → active) needs a new assessment. */
	if (was && strcmp(was->status, "active") != 0 && strcmp(p->status, "active") == 0 && !in->has_stage)
		err_field(&c->err, "stage", NULL, "Gör en ny bedömning av steget när planen återaktualiseras.");
}

/* Adds s to what changed, comma-separated. */
static void what(struct strbuf *b, const char *s)
{
	if (b->len) strbuf_puts(b, ", ");
	strbuf_puts(b, s);
}

/* Bumps the version of plan id, stamps who changed it, and keeps the plan
 * as it now is (inside the write). */
int plan_record_version(struct ctx *c, int64_t id, const char *what_changed)
{
	struct stmt *s = store_prepare(c->db, "UPDATE plans SET version = version + 1, updated_at = :now,"
					      " updated_by_user_id = :user, updated_by_org_id = :org WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	stmt_bind_int(s, ":user", c->actor->user_id);
	stmt_bind_int(s, ":org", c->actor->org_id);
	stmt_bind_text(s, ":now", c->now);
	int rc = stmt_exec(s);
	if (rc != STORE_DONE) return rc;
	struct plan p;
	if (load(c, id, &p) != 0) return STORE_EFAIL;
	struct jsonw w;
	jw_init(&w);
	plan_write_json(&w, &p, false);
	size_t len;
	char *json = jw_finish(&w, &len);
	s = store_prepare(c->db, "INSERT INTO plan_versions (plan_id, version, changed_at, user_id, org_id, what, snapshot)"
				 " VALUES (:id, :version, :now, :user, :org, :what, :snapshot)");
	stmt_bind_int(s, ":id", id);
	stmt_bind_int(s, ":version", p.version);
	stmt_bind_int(s, ":user", c->actor->user_id);
	stmt_bind_int(s, ":org", c->actor->org_id);
	stmt_bind_texts(s, (const char *const[][2]){{":now", c->now}, {":what", what_changed}, {":snapshot", json}, {NULL}});
	rc = stmt_exec(s);
	free(json);
	return rc;
}

static int add_assessment(struct ctx *c, int64_t id, const struct plan_input *in)
{
	char today[11];
	clock_today(today);
	const char *on = in->assessed_on ? in->assessed_on : today;
	struct stmt *s = store_prepare(c->db, "INSERT INTO plan_assessments (plan_id, stage, assessed_on, note, user_id,"
					      " org_id, created_at) VALUES (:id, :stage, :on, :note, :user, :org, :now)");
	stmt_bind_int(s, ":id", id);
	stmt_bind_int(s, ":user", c->actor->user_id);
	stmt_bind_int(s, ":org", c->actor->org_id);
	stmt_bind_texts(s, (const char *const[][2]){{":stage", in->stage}, {":on", on}, {":note", in->assessment_note},
		{":now", c->now}, {NULL}});
	int rc = stmt_exec(s);
	if (rc != STORE_DONE) return rc;
	s = store_prepare(c->db, "UPDATE plans SET stage = :stage, assessed_on = :on, assessed_by_user_id = :user,"
				 " assessed_by_org_id = :org WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	stmt_bind_int(s, ":user", c->actor->user_id);
	stmt_bind_int(s, ":org", c->actor->org_id);
	stmt_bind_texts(s, (const char *const[][2]){{":stage", in->stage}, {":on", on}, {NULL}});
	return stmt_exec(s);
}

/* A partner that holds a step still to be done, or a handover waiting for
 * its answer, is not taken off the plan: it would no longer see the step
 * it is responsible for, nor could it answer the handover — and, the
 * handover pending for ever, no other could be made (one at a time). The
 * step is moved, or the answer given, first. */
static void check_partners_kept(struct ctx *c, const struct plan *was, const struct plan_input *in)
{
	struct stmt *s = store_prepare(c->db, "SELECT o.id, o.name FROM orgs o WHERE o.id <> :responsible AND o.id IN"
		" (SELECT t.org_id FROM plan_steps t WHERE t.plan_id = :id AND t.state IN ('planned', 'ongoing')"
		" UNION SELECT h.to_org_id FROM plan_handovers h WHERE h.plan_id = :id AND h.status = 'pending')"
		" ORDER BY o.name");
	stmt_bind_int(s, ":id", was->id);
	stmt_bind_int(s, ":responsible", was->responsible_org_id);
	while (stmt_step(s) == STORE_ROW) {
		int64_t org = stmt_int(s, 0);
		bool kept = false;
		for (size_t i = 0; i < in->npartner_org_ids && !kept; i++) kept = in->partner_org_ids[i] == org;
		if (!kept)
			err_field(&c->err, "partner_org_ids", NULL,
				  arena_printf(c->arena, "%s har ett steg som inte är klart eller en överlämning som väntar"
					       " på svar i planen. Flytta steget eller invänta svaret innan organisationen"
					       " tas bort som part.", stmt_text(s, 1)));
	}
	stmt_done(s);
}

/* The partners other than the responsible organisation, each once. */
static int save_partners(struct ctx *c, int64_t id, int64_t responsible, const int64_t *orgs, size_t n)
{
	int64_t *keep = arena_alloc(c->arena, (n ? n : 1) * sizeof *keep);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool seen = orgs[i] == responsible;
		for (size_t j = 0; j < k && !seen; j++) seen = keep[j] == orgs[i];
		if (!seen) keep[k++] = orgs[i];
	}
	return replace_children(c, "DELETE FROM plan_partners WHERE plan_id = :parent",
				"INSERT INTO plan_partners (plan_id, org_id) VALUES (:parent, :item)", id, keep, k, bind_int_item);
}

/* The end of every plan write: the version, the audit event on the
 * participant, the commit, and the plan as it now is. */
static int finish(struct ctx *c, int rc, int64_t id, int64_t participant_id, const char *action, const char *what_changed,
		  struct plan *out)
{
	if (rc == STORE_DONE) rc = plan_record_version(c, id, what_changed);
	if (change_commit(c, rc, &(struct change){.action = action, .entity = "participant", .id = participant_id,
		.detail = "plan", .fail = "Kunde inte spara planen."}) != 0)
		return c->err.code;
	return load(c, id, out);
}

static bool may_write(struct ctx *c)
{
	return actor_has(c->actor, ROLE_ADMIN | ROLE_CASE_WORKER);
}

int plan_create(struct ctx *c, int64_t participant_id, const struct plan_input *in, struct plan *out)
{
	if (check_actor(c) != 0) return c->err.code;
	if (!access_participant_visible(c, participant_id))
		return err_set(&c->err, ERR_NOT_FOUND, "Deltagaren finns inte.");
	if (!may_write(c)) return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte lägga upp planer.");
	validate_input(c, in);
	if (in->has_status && in->status && strcmp(in->status, "active") != 0)
		err_field(&c->err, "status", in->status, "En ny plan är aktiv; pausa den efteråt vid behov.");
	if (c->err.code) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "INSERT INTO plans (participant_id, goal, responsible_org_id, status,"
					      " next_meeting_at, next_meeting_place, version, created_at, updated_at,"
					      " updated_by_user_id, updated_by_org_id) VALUES (:participant, :goal, :org, 'active',"
					      " :at, :place, 0, :now, :now, :user, :org) RETURNING id");
	stmt_bind_int(s, ":participant", participant_id);
	stmt_bind_int(s, ":org", c->actor->org_id);
	stmt_bind_int(s, ":user", c->actor->user_id);
	stmt_bind_texts(s, (const char *const[][2]){{":goal", in->goal}, {":at", in->next_meeting_at},
		{":place", in->next_meeting_place}, {":now", c->now}, {NULL}});
	int64_t id;
	int rc = stmt_write_id(s, &id);
	if (rc == STORE_DONE) rc = save_partners(c, id, c->actor->org_id, in->partner_org_ids, in->npartner_org_ids);
	if (rc == STORE_DONE && in->has_stage) rc = add_assessment(c, id, in);
	return finish(c, rc, id, participant_id, "create", "Planen upprättades", out);
}

int plan_update(struct ctx *c, int64_t id, const struct plan_input *in, struct plan *out)
{
	struct plan was;
	if (load_visible(c, id, &was) != 0) return c->err.code;
	if (!may_write(c)) return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte ändra planer.");
	if (in->has_version && in->version != was.version)
		return err_set(&c->err, ERR_CONFLICT,
			       "Planen har ändrats av någon annan sedan du läste den (version %lld). Läs om den och försök igen.",
			       (long long)was.version);
	validate_input(c, in);
	if (in->has_partner_org_ids && was.responsible_org_id != c->actor->org_id && !access_all_participants(c->actor))
		err_field(&c->err, "partner_org_ids", NULL, "Bara den ansvariga organisationen kan ändra planens parter.");
	else if (in->has_partner_org_ids && !c->err.code)
		check_partners_kept(c, &was, in);
	struct plan p = was;
	if (in->has_goal) p.goal = in->goal;
	if (in->has_status && in->status) p.status = in->status;
	if (in->has_pause_reason) p.pause_reason = in->pause_reason;
	if (in->has_resume_conditions) p.resume_conditions = in->resume_conditions;
	if (in->has_review_date) p.review_date = in->review_date;
	if (in->has_next_meeting_at) p.next_meeting_at = in->next_meeting_at;
	if (in->has_next_meeting_place) p.next_meeting_place = in->next_meeting_place;
	if (!c->err.code) validate_pause(c, &was, &p, in);
	if (c->err.code) return c->err.code;
	/* Leaving the pause clears its members: the versions keep them. */
	if (strcmp(p.status, "paused") != 0) p.pause_reason = p.resume_conditions = p.review_date = NULL;
	struct strbuf b;
	strbuf_init(&b);
	if (strcmp(was.status, p.status) != 0)
		what(&b, strcmp(p.status, "paused") == 0   ? "Planen pausades"
			 : strcmp(p.status, "closed") == 0 ? "Planen avslutades"
							   : "Planen återaktualiserades");
	else if (strcmp(p.status, "paused") == 0 && (in->has_pause_reason || in->has_resume_conditions || in->has_review_date))
		what(&b, "Pausen ändrades");
	if (in->has_stage) what(&b, arena_printf(c->arena, "Steget bedömdes: %s", path_stages[path_stage_index(in->stage)][1]));
	if (in->has_goal) what(&b, "Målet ändrades");
	if (in->has_partner_org_ids) what(&b, "Parterna ändrades");
	if (in->has_next_meeting_at || in->has_next_meeting_place) what(&b, "Nästa möte ändrades");
	if (!b.len) what(&b, "Planen sparades");
	const char *what_changed = arena_strdup(c->arena, b.buf);
	strbuf_free(&b);
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "UPDATE plans SET goal = :goal, status = :status, pause_reason = :reason,"
					      " resume_conditions = :conditions, review_date = :review, next_meeting_at = :at,"
					      " next_meeting_place = :place WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	stmt_bind_texts(s, (const char *const[][2]){{":goal", p.goal}, {":status", p.status}, {":reason", p.pause_reason},
		{":conditions", p.resume_conditions}, {":review", p.review_date}, {":at", p.next_meeting_at},
		{":place", p.next_meeting_place}, {NULL}});
	int rc = stmt_exec(s);
	if (rc == STORE_DONE && in->has_partner_org_ids)
		rc = save_partners(c, id, was.responsible_org_id, in->partner_org_ids, in->npartner_org_ids);
	if (rc == STORE_DONE && in->has_stage) rc = add_assessment(c, id, in);
	return finish(c, rc, id, was.participant_id, "update", what_changed, out);
}

/* --- steps -------------------------------------------------------------------- */

static void validate_step(struct ctx *c, const struct plan_step *t)
{
	if (t->toolbox_id < 1 || !row_exists(c, "SELECT 1 FROM toolbox_items WHERE id = :id", t->toolbox_id))
		err_field(&c->err, "toolbox_id", NULL, "Välj ett verktyg ur verktygslådan.");
	if (!org_exists(c, t->org_id)) err_field(&c->err, "org_id", NULL, "Organisationen finns inte.");
	if (t->responsible_user_id) {
		struct stmt *s = store_prepare(c->db, "SELECT 1 FROM users WHERE id = :id AND org_id = :org");
		stmt_bind_int(s, ":id", t->responsible_user_id);
		stmt_bind_int(s, ":org", t->org_id);
		bool ok = t->responsible_user_id > 0 && stmt_step(s) == STORE_ROW;
		stmt_done(s);
		if (!ok) err_field(&c->err, "responsible_user_id", NULL, "Personen finns inte hos den ansvariga parten.");
	}
	check_text(c, "responsible_name", t->responsible_name, 200, "Namnet");
	bool start_ok = date_ok(c, "start_date", t->start_date), end_ok = date_ok(c, "end_date", t->end_date);
	bool dates = start_ok && end_ok;
	if (dates && t->start_date && t->end_date && strcmp(t->end_date, t->start_date) < 0)
		err_field(&c->err, "end_date", t->end_date, "Slutdatum kan inte vara före startdatum.");
	if (!STR_IN(t->state, step_states))
		err_field(&c->err, "state", t->state, "Okänt läge: ange planned, ongoing, done eller cancelled.");
	else if (strcmp(t->state, "cancelled") == 0 && (!t->cancel_reason || !utf8_text_ok(t->cancel_reason, 1, 2000)))
		err_field(&c->err, "cancel_reason", NULL, "Ange varför steget avbröts (1–2000 tecken).");
	else if (strcmp(t->state, "cancelled") != 0 && t->cancel_reason)
		err_field(&c->err, "cancel_reason", NULL, "Ett skäl hör bara till ett avbrutet steg.");
}

/* A step's partner joins the plan's partners: a step at Arbetsförmedlingen
 * makes Arbetsförmedlingen see the plan. */
int plan_join_partner(struct ctx *c, int64_t plan_id, int64_t responsible, int64_t org)
{
	if (org == responsible) return STORE_DONE;
	struct stmt *s = store_prepare(c->db, "INSERT INTO plan_partners (plan_id, org_id) VALUES (:id, :org)"
					      " ON CONFLICT DO NOTHING");
	stmt_bind_int(s, ":id", plan_id);
	stmt_bind_int(s, ":org", org);
	return stmt_exec(s);
}

static int save_step(struct ctx *c, const struct plan *plan, int64_t step_id, const struct plan_step *t, const char *w,
		     struct plan *out)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare_save(c->db, step_id,
		"INSERT INTO plan_steps (plan_id, toolbox_id, org_id, responsible_user_id, responsible_name, start_date,"
		" end_date, state, cancel_reason, created_at, updated_at) VALUES (:plan, :toolbox, :org, :user,"
		" :name, :start, :end, :state, :reason, :now, :now) RETURNING id",
		"UPDATE plan_steps SET toolbox_id = :toolbox, org_id = :org, responsible_user_id = :user,"
		" responsible_name = :name, start_date = :start, end_date = :end, state = :state, cancel_reason = :reason,"
		" updated_at = :now WHERE id = :id AND plan_id = :plan RETURNING id");
	stmt_bind_int(s, ":plan", plan->id);
	stmt_bind_int(s, ":toolbox", t->toolbox_id);
	stmt_bind_int(s, ":org", t->org_id);
	stmt_bind_id(s, ":user", t->responsible_user_id);
	stmt_bind_texts(s, (const char *const[][2]){{":name", t->responsible_name}, {":start", t->start_date},
		{":end", t->end_date}, {":state", t->state}, {":reason", t->cancel_reason}, {":now", c->now}, {NULL}});
	int64_t id;
	int rc = stmt_write_id(s, &id);
	if (rc == STORE_DONE) rc = plan_join_partner(c, plan->id, plan->responsible_org_id, t->org_id);
	return finish(c, rc, plan->id, plan->participant_id, "update", w, out);
}

static const char *toolbox_name(struct ctx *c, int64_t toolbox_id)
{
	struct toolbox_item t;
	struct err keep = c->err;
	if (toolbox_get(c, toolbox_id, &t) != 0) {
		c->err = keep;
		return "?";
	}
	return t.name;
}

int plan_step_add(struct ctx *c, int64_t plan_id, const struct plan_step_input *in, struct plan *out)
{
	struct plan plan;
	if (load_visible(c, plan_id, &plan) != 0) return c->err.code;
	if (!may_write(c)) return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte ändra planer.");
	struct plan_step t = in->v;
	if (!in->has_org_id || !t.org_id) t.org_id = c->actor->org_id;
	if (!in->has_state || !t.state) t.state = "planned";
	validate_step(c, &t);
	if (c->err.code) return c->err.code;
	return save_step(c, &plan, 0, &t, arena_printf(c->arena, "Steg lades till: %s", toolbox_name(c, t.toolbox_id)), out);
}

int plan_step_update(struct ctx *c, int64_t plan_id, int64_t step_id, const struct plan_step_input *in,
		     struct plan *out)
{
	struct plan plan;
	if (load_visible(c, plan_id, &plan) != 0) return c->err.code;
	if (!may_write(c)) return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte ändra planer.");
	const struct plan_step *cur = NULL;
	for (size_t i = 0; i < plan.nsteps; i++)
		if (plan.steps[i].id == step_id) cur = &plan.steps[i];
	if (!cur) return err_set(&c->err, ERR_NOT_FOUND, "Steget finns inte.");
	struct plan_step t = *cur;
	const struct plan_step *v = &in->v;
#define TAKE(f) \
	if (in->has_##f) t.f = v->f
	TAKE(toolbox_id);
	TAKE(org_id);
	TAKE(responsible_user_id);
	TAKE(responsible_name);
	TAKE(start_date);
	TAKE(end_date);
	TAKE(state);
	TAKE(cancel_reason);
#undef TAKE
	/* Leaving cancelled drops its reason. */
	if (t.state && strcmp(t.state, "cancelled") != 0 && !in->has_cancel_reason) t.cancel_reason = NULL;
	validate_step(c, &t);
	if (c->err.code) return c->err.code;
	const char *w = strcmp(t.state, cur->state) != 0
		? arena_printf(c->arena, "Steget %s: %s", toolbox_name(c, t.toolbox_id),
			       strcmp(t.state, "ongoing") == 0 ? "pågår" : strcmp(t.state, "done") == 0 ? "klart"
			       : strcmp(t.state, "cancelled") == 0 ? "avbröts" : "planerat")
		: arena_printf(c->arena, "Steget ändrades: %s", toolbox_name(c, t.toolbox_id));
	return save_step(c, &plan, step_id, &t, w, out);
}

/* --- versions ------------------------------------------------------------------ */

static void read_version(struct ctx *c, struct stmt *s, void *out)
{
	struct plan_version *v = out;
	memset(v, 0, sizeof *v);
	v->version = stmt_int(s, 0);
	v->user_id = stmt_int(s, 1);
	v->org_id = stmt_int(s, 2);
	read_texts(c, s, 3, (const char **[]){&v->changed_at, &v->what, &v->snapshot, NULL});
}

int plan_versions(struct ctx *c, int64_t plan_id, struct plan_version_list *out)
{
	struct plan p;
	if (load_visible(c, plan_id, &p) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT version, user_id, org_id, changed_at, what, NULL FROM plan_versions"
					      " WHERE plan_id = :id ORDER BY version DESC");
	stmt_bind_int(s, ":id", plan_id);
	out->items = list_all(c, s, sizeof *out->items, read_version, &out->n, read_fail);
	if (!out->items) return c->err.code;
	return audit_read(c, "participant", p.participant_id, "plan_versions", log_fail);
}

int plan_version_get(struct ctx *c, int64_t plan_id, int64_t version, struct plan_version *out)
{
	struct plan p;
	if (load_visible(c, plan_id, &p) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT version, user_id, org_id, changed_at, what, snapshot FROM plan_versions"
					      " WHERE plan_id = :id AND version = :version");
	stmt_bind_int(s, ":id", plan_id);
	stmt_bind_int(s, ":version", version);
	if (get_one(c, s, read_version, out, "Versionen finns inte.", read_fail) != 0) return c->err.code;
	return audit_read(c, "participant", p.participant_id, "plan_version", log_fail);
}
