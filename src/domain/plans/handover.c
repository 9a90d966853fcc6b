/* handover.c — rules and storage of handovers and feedback in the joint
 * plan (handover.h, docs/plans.md "Handovers"). Each request, decision and
 * feedback entry is written in one transaction with the plan version that
 * records it (plan_record_version) and, for feedback, the mails that tell
 * the partners: a change and its notice commit together or not at all. */
#include "handover.h"
#include "plan.h"
#include "toolbox.h"
#include "../access.h"
#include "../audit.h"
#include "../check.h"
#include "../mail.h"
#include "../../base/clock.h"
#include "../../base/utf8.h"
#include "../../base/strset.h"
#include "../../store/store.h"
#include <stdlib.h>
#include <string.h>

static const char handover_not_found[] = "Överlämningen finns inte.";
static const char read_fail[] = "Kunde inte läsa överlämningarna.";
static const char log_fail[] = "Kunde inte skriva i loggen.";

/* --- reading ---------------------------------------------------------------- */

#define HANDOVER_COLS                                                                                             \
	"h.id, h.plan_id, pl.participant_id, COALESCE(h.step_id, 0), h.from_org_id, h.to_org_id,"                  \
	" COALESCE(h.to_user_id, 0), h.created_by_user_id, COALESCE(h.decided_by_user_id, 0),"                     \
	" CASE WHEN h.status = 'pending' AND h.deadline < :today THEN 1 ELSE 0 END,"                                \
	" i.name, fo.name, tor.name, tu.name, cu.name, du.name, " PLAN_NAME_SQL("first_name") ","                \
	" " PLAN_NAME_SQL("last_name") ", h.note, h.deadline, h.status, h.reason, h.created_at, h.decided_at"
#define HANDOVER_FROM " FROM plan_handovers h" HANDOVER_JOINS
#define HANDOVER_JOINS                                                                                            \
	" JOIN plans pl ON pl.id = h.plan_id JOIN participants p ON p.id = pl.participant_id"                       \
	PLAN_NAME_JOIN " LEFT JOIN plan_steps t ON t.id = h.step_id LEFT JOIN toolbox_items i ON i.id = t.toolbox_id" \
	" JOIN orgs fo ON fo.id = h.from_org_id JOIN orgs tor ON tor.id = h.to_org_id"                              \
	" LEFT JOIN users tu ON tu.id = h.to_user_id JOIN users cu ON cu.id = h.created_by_user_id"                \
	" LEFT JOIN users du ON du.id = h.decided_by_user_id"

static void read_handover(struct ctx *c, struct stmt *s, void *out)
{
	struct plan_handover *h = out;
	memset(h, 0, sizeof *h);
	int64_t *ints[] = {&h->id, &h->plan_id, &h->participant_id, &h->step_id, &h->from_org_id, &h->to_org_id,
			   &h->to_user_id, &h->created_by_user_id, &h->decided_by_user_id};
	for (int i = 0; i < 9; i++) *ints[i] = stmt_int(s, i);
	h->overdue = stmt_int(s, 9) != 0;
	read_texts(c, s, 10, (const char **[]){&h->step_name, &h->from_org_name, &h->to_org_name, &h->to_user_name,
					     &h->created_by_name, &h->decided_by_name, &h->first_name, &h->last_name,
					     &h->note, &h->deadline, &h->status, &h->reason, &h->created_at,
					     &h->decided_at, NULL});
}

static void bind_today(struct ctx *c, struct stmt *s)
{
	char today[11];
	clock_today(today);
	stmt_bind_text(s, ":today", arena_strdup(c->arena, today));
	access_bind(s, c->actor);
}

struct plan_handover *plan_handovers_of(struct ctx *c, int64_t plan_id, size_t *n)
{
	struct stmt *s = store_prepare(c->db, "SELECT " HANDOVER_COLS HANDOVER_FROM " WHERE h.plan_id = :plan ORDER BY h.id");
	stmt_bind_int(s, ":plan", plan_id);
	bind_today(c, s);
	return list_all(c, s, sizeof(struct plan_handover), read_handover, n, read_fail);
}

/* The handover, nothing checked, not audited. */
static int load(struct ctx *c, int64_t id, struct plan_handover *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " HANDOVER_COLS HANDOVER_FROM " WHERE h.id = :id");
	stmt_bind_int(s, ":id", id);
	bind_today(c, s);
	return get_one(c, s, read_handover, out, handover_not_found, read_fail);
}

/* The handover when the actor's organisation is a partner of its plan,
 * else 404: the plan's existence is private, and so is its handovers'. */
static int load_visible(struct ctx *c, int64_t id, struct plan_handover *out)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se överlämningarna.");
	if (access_require_participants(c) != 0) return c->err.code;
	if (id < 1 || !row_exists(c, "SELECT 1 FROM plan_handovers h JOIN plans pl ON pl.id = h.plan_id WHERE h.id = :id", id))
		return err_set(&c->err, ERR_NOT_FOUND, "%s", handover_not_found);
	if (load(c, id, out) != 0) return c->err.code;
	if (!access_plan_partner(c, out->plan_id)) return err_set(&c->err, ERR_NOT_FOUND, "%s", handover_not_found);
	return 0;
}

int plan_handover_get(struct ctx *c, int64_t id, struct plan_handover *out)
{
	if (load_visible(c, id, out) != 0) return c->err.code;
	return audit_read(c, "participant", out->participant_id, "plan_handover", log_fail);
}

/* The inbox: the organisation's own (received: to_org_id; sent:
 * from_org_id, one statement each so that the index serves either), also
 * for an admin (who otherwise sees every plan). The partner rule still
 * holds: a receiver taken off the plan no longer sees its request. The
 * page is chosen by ids first and only its rows get names (the name rule
 * costs a look at the organisation's participants). Exported for `samsyn
 * plans-sql` (the benchmark runs the same text in the sqlite3 shell). */
#define INBOX_WHERE_SQL(col)                                                                                       \
	" WHERE h." col " = :own AND (CAST(:status AS TEXT) IS NULL OR h.status = :status) AND " PLAN_PARTNER_SQL    \
	" AND (:mine = 0 OR h.to_user_id = :me OR h.step_id IN (SELECT ms.id FROM plan_steps ms"                     \
	" WHERE ms.responsible_user_id = :me))"
#define INBOX_ORDER " ORDER BY CASE WHEN h.deadline IS NULL THEN 1 ELSE 0 END, h.deadline, h.id DESC"
#define INBOX_COUNT_SQL(col) "SELECT COUNT(*) FROM plan_handovers h JOIN plans pl ON pl.id = h.plan_id" INBOX_WHERE_SQL(col)
#define INBOX_SQL(col)                                                                                             \
	"SELECT " HANDOVER_COLS " FROM (SELECT h.* FROM plan_handovers h JOIN plans pl ON pl.id = h.plan_id"        \
	INBOX_WHERE_SQL(col) INBOX_ORDER " LIMIT :limit OFFSET :offset) h" HANDOVER_JOINS INBOX_ORDER
const char plan_handover_inbox_count_sql[] = INBOX_COUNT_SQL("to_org_id");
const char plan_handover_inbox_sql[] = INBOX_SQL("to_org_id");
static const char outbox_count_sql[] = INBOX_COUNT_SQL("from_org_id");
static const char outbox_sql[] = INBOX_SQL("from_org_id");

static const char *const handover_statuses[] = {"pending", "accepted", "declined", "withdrawn", "all"};

int plan_handover_list(struct ctx *c, const struct plan_handover_filter *f, const struct page *p,
		       struct plan_handover_list *out)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se överlämningarna.");
	if (access_require_participants(c) != 0) return c->err.code;
	const char *status = f->status ? f->status : "pending";
	if (!STR_IN(status, handover_statuses))
		return err_field(&c->err, "status", status, "Okänd status: ange pending, accepted, declined, withdrawn eller all.");
	struct stmt *count = store_prepare(c->db, f->outgoing ? outbox_count_sql : plan_handover_inbox_count_sql);
	struct stmt *page = store_prepare(c->db, f->outgoing ? outbox_sql : plan_handover_inbox_sql);
	struct stmt *both[] = {count, page};
	bind_today(c, page);
	access_bind(count, c->actor);
	for (int i = 0; i < 2; i++) {
		stmt_bind_int(both[i], ":own", c->actor->org_id);
		stmt_bind_int(both[i], ":mine", f->mine);
		stmt_bind_int(both[i], ":me", c->actor->user_id);
		stmt_bind_text(both[i], ":status", strcmp(status, "all") == 0 ? NULL : status);
	}
	out->items = list_page(c, count, page, p, sizeof *out->items, read_handover, &out->n, &out->total, read_fail);
	if (!out->items) return c->err.code;
	return audit_reads_of(c, "participant", out->items, out->n, sizeof *out->items,
			      offsetof(struct plan_handover, participant_id), "plan_handover", log_fail);
}

void plan_handover_write_json(struct jsonw *w, const struct plan_handover *h)
{
	jw_object(w);
	jw_kint(w, "id", h->id);
	jw_kint(w, "plan_id", h->plan_id);
	jw_kint(w, "participant_id", h->participant_id);
	jw_kstring(w, "first_name", h->first_name);
	jw_kstring(w, "last_name", h->last_name);
	jw_kint_or_null(w, "step_id", h->step_id);
	jw_kstring(w, "step_name", h->step_name);
	jw_kint(w, "from_org_id", h->from_org_id);
	jw_kstring(w, "from_org_name", h->from_org_name);
	jw_kint(w, "to_org_id", h->to_org_id);
	jw_kstring(w, "to_org_name", h->to_org_name);
	jw_kint_or_null(w, "to_user_id", h->to_user_id);
	jw_kstring(w, "to_user_name", h->to_user_name);
	jw_kstring(w, "note", h->note);
	jw_kstring(w, "deadline", h->deadline);
	jw_kbool(w, "overdue", h->overdue);
	jw_kstring(w, "status", h->status);
	jw_kstring(w, "reason", h->reason);
	jw_kint(w, "created_by_user_id", h->created_by_user_id);
	jw_kstring(w, "created_by_name", h->created_by_name);
	jw_kstring(w, "created_at", h->created_at);
	jw_kint_or_null(w, "decided_by_user_id", h->decided_by_user_id);
	jw_kstring(w, "decided_by_name", h->decided_by_name);
	jw_kstring(w, "decided_at", h->decided_at);
	jw_object_end(w);
}

/* --- the request --------------------------------------------------------------- */

static bool may_write(struct ctx *c)
{
	return actor_has(c->actor, ROLE_ADMIN | ROLE_CASE_WORKER);
}

static const char *org_name(struct ctx *c, int64_t id)
{
	struct stmt *s = store_prepare(c->db, "SELECT name FROM orgs WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	const char *name = stmt_step(s) == STORE_ROW ? arena_strdup(c->arena, stmt_text(s, 0)) : "?";
	stmt_done(s);
	return name;
}

static const struct plan_step *find_step(const struct plan *p, int64_t step_id)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].id == step_id) return &p->steps[i];
	return NULL;
}

int plan_handover_create(struct ctx *c, int64_t plan_id, const struct plan_handover_input *in, struct plan_handover *out)
{
	struct plan plan;
	if (plan_load_visible(c, plan_id, &plan) != 0) return c->err.code;
	if (!may_write(c)) return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte lämna över planer.");
	if (strcmp(plan.status, "closed") == 0) return err_set(&c->err, ERR_CONFLICT, "Planen är avslutad och kan inte lämnas över.");
	const struct plan_step *step = NULL;
	if (in->step_id) {
		step = find_step(&plan, in->step_id);
		if (!step) return err_field(&c->err, "step_id", NULL, "Steget finns inte i planen.");
	}
	/* Who holds it hands it over: the step's partner (or the plan's
	 * responsible organisation, which leads the whole), an admin too. */
	int64_t holder = step ? step->org_id : plan.responsible_org_id;
	if (c->actor->org_id != holder && c->actor->org_id != plan.responsible_org_id && !access_all_participants(c->actor))
		return err_set(&c->err, ERR_FORBIDDEN, "Bara den part som har ansvaret kan lämna över det.");
	if (in->to_org_id < 1 || !row_exists(c, "SELECT 1 FROM orgs WHERE id = :id", in->to_org_id))
		err_field(&c->err, "to_org_id", NULL, "Välj organisationen som ska ta över.");
	else if (in->to_org_id == holder)
		err_field(&c->err, "to_org_id", NULL, step ? "Den organisationen har redan ansvaret för steget."
							  : "Den organisationen har redan ansvaret för planen.");
	if (in->to_user_id) {
		struct stmt *s = store_prepare(c->db, "SELECT 1 FROM users WHERE id = :id AND org_id = :org AND active = 1");
		stmt_bind_int(s, ":id", in->to_user_id);
		stmt_bind_int(s, ":org", in->to_org_id);
		bool ok = in->to_user_id > 0 && stmt_step(s) == STORE_ROW;
		stmt_done(s);
		if (!ok) err_field(&c->err, "to_user_id", NULL, "Personen finns inte hos den mottagande organisationen.");
	}
	if (!in->note || !utf8_text_ok(in->note, 1, 2000))
		err_field(&c->err, "note", NULL, "Skriv ett meddelande till den som ska ta över (1–2000 tecken).");
	if (in->deadline) {
		char today[11];
		clock_today(today);
		if (!clock_valid_date(in->deadline))
			err_field(&c->err, "deadline", in->deadline, "Ange ett datum som ÅÅÅÅ-MM-DD.");
		else if (strcmp(in->deadline, today) < 0)
			err_field(&c->err, "deadline", in->deadline, "Svara senast-datumet kan inte vara före i dag.");
	}
	if (c->err.code) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT 1 FROM plan_handovers WHERE plan_id = :plan AND COALESCE(step_id, 0) = :step"
					      " AND status = 'pending'");
	stmt_bind_int(s, ":plan", plan_id);
	stmt_bind_int(s, ":step", in->step_id);
	bool waiting = stmt_step(s) == STORE_ROW;
	stmt_done(s);
	if (waiting)
		return err_set(&c->err, ERR_CONFLICT, step ? "Steget har redan en överlämning som väntar på svar."
							   : "Planen har redan en överlämning som väntar på svar.");
	const char *what = step ? arena_printf(c->arena, "Överlämning begärdes: steget %s till %s", step->toolbox_name,
					       org_name(c, in->to_org_id))
				: arena_printf(c->arena, "Överlämning begärdes: hela planen till %s", org_name(c, in->to_org_id));
	if (ctx_begin(c) != 0) return c->err.code;
	s = store_prepare(c->db, "INSERT INTO plan_handovers (plan_id, step_id, from_org_id, to_org_id, to_user_id, note, deadline,"
				 " status, created_at, created_by_user_id) VALUES (:plan, :step, :from, :to, :user, :note, :deadline,"
				 " 'pending', :now, :me) RETURNING id");
	stmt_bind_int(s, ":plan", plan_id);
	stmt_bind_id(s, ":step", in->step_id);
	stmt_bind_int(s, ":from", holder);
	stmt_bind_int(s, ":to", in->to_org_id);
	stmt_bind_id(s, ":user", in->to_user_id);
	stmt_bind_int(s, ":me", c->actor->user_id);
	stmt_bind_texts(s, (const char *const[][2]){{":note", in->note}, {":deadline", in->deadline}, {":now", c->now}, {NULL}});
	int64_t id = 0;
	int rc = stmt_write_id(s, &id);
	/* The receiver joins the plan now: it must read what it is asked to take. */
	if (rc == STORE_DONE) rc = plan_join_partner(c, plan_id, plan.responsible_org_id, in->to_org_id);
	if (rc == STORE_DONE) rc = plan_record_version(c, plan_id, what);
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "participant", .id = plan.participant_id,
		.detail = "plan_handover", .fail = "Kunde inte spara överlämningen."}) != 0)
		return c->err.code;
	return load(c, id, out);
}

/* --- the decision ---------------------------------------------------------------- */

int plan_handover_decide(struct ctx *c, int64_t id, const struct plan_handover_decision *in, struct plan_handover *out)
{
	struct plan_handover h;
	if (load_visible(c, id, &h) != 0) return c->err.code;
	if (!may_write(c)) return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte svara på överlämningar.");
	/* The sender may take back what nobody has answered yet (sent to the
	 * wrong partner, or no longer needed); only the receiver answers. */
	bool withdrawn = in->decision && strcmp(in->decision, "withdrawn") == 0;
	if (withdrawn && c->actor->org_id != h.from_org_id)
		return err_set(&c->err, ERR_FORBIDDEN, "Bara den organisation som skickade överlämningen kan dra tillbaka den.");
	if (!withdrawn && c->actor->org_id != h.to_org_id)
		return err_set(&c->err, ERR_FORBIDDEN, "Bara den mottagande organisationen kan svara på överlämningen.");
	bool accepted = in->decision && strcmp(in->decision, "accepted") == 0;
	bool declined = in->decision && strcmp(in->decision, "declined") == 0;
	if (!accepted && !declined && !withdrawn)
		err_field(&c->err, "decision", in->decision, "Ange accepted (ta över), declined (avböj) eller withdrawn (dra tillbaka).");
	if (declined && (!in->reason || !utf8_text_ok(in->reason, 1, 2000)))
		err_field(&c->err, "reason", NULL, "Skriv varför ni avböjer överlämningen (1–2000 tecken).");
	else if (in->reason && !utf8_text_ok(in->reason, 1, 2000))
		err_field(&c->err, "reason", NULL, "Kommentaren ska ha 1–2000 tecken.");
	if (c->err.code) return c->err.code;
	const char *settled = withdrawn ? "Överlämningen är redan besvarad eller tillbakadragen." : "Överlämningen är redan besvarad.";
	if (strcmp(h.status, "pending") != 0) return err_set(&c->err, ERR_CONFLICT, "%s", settled);
	struct plan plan;
	if (plan_load(c, h.plan_id, &plan) != 0) return c->err.code;
	const char *what = accepted
		? (h.step_id ? arena_printf(c->arena, "Överlämningen godtogs: %s tar över steget %s", h.to_org_name, h.step_name)
			     : arena_printf(c->arena, "Överlämningen godtogs: %s tar över hela planen", h.to_org_name))
		: declined ? arena_printf(c->arena, "Överlämningen avböjdes av %s: %s", h.to_org_name, in->reason)
		: arena_printf(c->arena, "Överlämningen till %s drogs tillbaka av %s%s%s", h.to_org_name, h.from_org_name,
			       in->reason ? ": " : "", in->reason ? in->reason : "");
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "UPDATE plan_handovers SET status = :status, reason = :reason, decided_at = :now,"
					      " decided_by_user_id = :me WHERE id = :id AND status = 'pending' RETURNING id");
	stmt_bind_int(s, ":id", id);
	stmt_bind_int(s, ":me", c->actor->user_id);
	stmt_bind_texts(s, (const char *const[][2]){{":status", in->decision}, {":reason", in->reason}, {":now", c->now}, {NULL}});
	int64_t done = 0;
	int rc = stmt_write_id(s, &done);
	if (rc == STORE_EFAIL) { /* answered or withdrawn meanwhile */
		store_rollback(c->db);
		return err_set(&c->err, ERR_CONFLICT, "%s", settled);
	}
	if (rc == STORE_DONE && accepted && !h.step_id) {
		/* The receiver leads the plan; the one who led it stays a partner. */
		s = store_prepare(c->db, "UPDATE plans SET responsible_org_id = :to WHERE id = :plan");
		stmt_bind_int(s, ":to", h.to_org_id);
		stmt_bind_int(s, ":plan", h.plan_id);
		rc = stmt_exec(s);
		if (rc == STORE_DONE) rc = plan_join_partner(c, h.plan_id, h.to_org_id, plan.responsible_org_id);
		if (rc == STORE_DONE) {
			s = store_prepare(c->db, "DELETE FROM plan_partners WHERE plan_id = :plan AND org_id = :to");
			stmt_bind_int(s, ":to", h.to_org_id);
			stmt_bind_int(s, ":plan", h.plan_id);
			rc = stmt_exec(s);
		}
	} else if (rc == STORE_DONE && accepted) {
		/* The step is the receiver's; its person is the one the request
		 * named (the other organisation's person cannot stay). */
		s = store_prepare(c->db, "UPDATE plan_steps SET org_id = :to, responsible_user_id = :user, responsible_name = NULL,"
					 " updated_at = :now WHERE id = :step AND plan_id = :plan");
		stmt_bind_int(s, ":to", h.to_org_id);
		stmt_bind_id(s, ":user", h.to_user_id);
		stmt_bind_int(s, ":step", h.step_id);
		stmt_bind_int(s, ":plan", h.plan_id);
		stmt_bind_text(s, ":now", c->now);
		rc = stmt_exec(s);
	}
	if (rc == STORE_DONE) rc = plan_record_version(c, h.plan_id, what);
	if (change_commit(c, rc, &(struct change){.action = "update", .entity = "participant", .id = h.participant_id,
		.detail = "plan_handover", .fail = "Kunde inte spara svaret på överlämningen."}) != 0)
		return c->err.code;
	return load(c, id, out);
}

/* --- feedback --------------------------------------------------------------------- */

#define FEEDBACK_COLS                                                                                             \
	"f.id, f.plan_id, pl.participant_id, COALESCE(f.step_id, 0), COALESCE(f.booking_id, 0), f.user_id, f.org_id," \
	" CASE WHEN fr.feedback_id IS NULL AND f.user_id <> :me THEN 1 ELSE 0 END, i.name, u.name, o.name, f.text,"   \
	" f.created_at, " PLAN_NAME_SQL("first_name") ", " PLAN_NAME_SQL("last_name")
#define FEEDBACK_FROM                                                                                             \
	" FROM plan_feedback f JOIN plans pl ON pl.id = f.plan_id JOIN participants p ON p.id = pl.participant_id"  \
	PLAN_NAME_JOIN " LEFT JOIN plan_steps t ON t.id = f.step_id LEFT JOIN toolbox_items i ON i.id = t.toolbox_id" \
	" JOIN users u ON u.id = f.user_id JOIN orgs o ON o.id = f.org_id"                                          \
	" LEFT JOIN plan_feedback_reads fr ON fr.feedback_id = f.id AND fr.user_id = :me"

static void read_feedback(struct ctx *c, struct stmt *s, void *out)
{
	struct plan_feedback *f = out;
	memset(f, 0, sizeof *f);
	int64_t *ints[] = {&f->id, &f->plan_id, &f->participant_id, &f->step_id, &f->booking_id, &f->user_id, &f->org_id};
	for (int i = 0; i < 7; i++) *ints[i] = stmt_int(s, i);
	f->unread = stmt_int(s, 7) != 0;
	read_texts(c, s, 8, (const char **[]){&f->step_name, &f->user_name, &f->org_name, &f->text, &f->created_at,
					    &f->first_name, &f->last_name, NULL});
}

static void bind_reader(struct ctx *c, struct stmt *s)
{
	stmt_bind_int(s, ":me", c->actor ? c->actor->user_id : 0);
	access_bind(s, c->actor);
}

struct plan_feedback *plan_feedback_of(struct ctx *c, int64_t plan_id, size_t *n)
{
	struct stmt *s = store_prepare(c->db, "SELECT " FEEDBACK_COLS FEEDBACK_FROM " WHERE f.plan_id = :plan ORDER BY f.id");
	stmt_bind_int(s, ":plan", plan_id);
	bind_reader(c, s);
	return list_all(c, s, sizeof(struct plan_feedback), read_feedback, n, "Kunde inte läsa återkopplingen.");
}

void plan_feedback_write_json(struct jsonw *w, const struct plan_feedback *f, bool with_reader)
{
	jw_object(w);
	jw_kint(w, "id", f->id);
	jw_kint(w, "plan_id", f->plan_id);
	jw_kint_or_null(w, "step_id", f->step_id);
	jw_kstring(w, "step_name", f->step_name);
	jw_kstring(w, "source", f->booking_id ? "guidance" : "plan");
	jw_kint_or_null(w, "booking_id", f->booking_id);
	jw_kstring(w, "text", f->text);
	jw_kint(w, "user_id", f->user_id);
	jw_kstring(w, "user_name", f->user_name);
	jw_kint(w, "org_id", f->org_id);
	jw_kstring(w, "org_name", f->org_name);
	jw_kstring(w, "created_at", f->created_at);
	if (with_reader) {
		jw_kint(w, "participant_id", f->participant_id);
		jw_kstring(w, "first_name", f->first_name);
		jw_kstring(w, "last_name", f->last_name);
		jw_kbool(w, "unread", f->unread);
	}
	jw_object_end(w);
}

int plan_feedback_list(struct ctx *c, bool unread, const struct page *p, struct plan_feedback_list *out)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se återkopplingen.");
	if (access_require_participants(c) != 0) return c->err.code;
#define WHERE_SQL                                                                                                  \
	" WHERE " PLAN_PARTNER_SQL " AND (:unread = 0 OR (fr.feedback_id IS NULL AND f.user_id <> :me))"
	struct stmt *count = store_prepare(c->db, "SELECT COUNT(*) FROM plan_feedback f JOIN plans pl ON pl.id = f.plan_id"
		" LEFT JOIN plan_feedback_reads fr ON fr.feedback_id = f.id AND fr.user_id = :me" WHERE_SQL);
	struct stmt *page = store_prepare(c->db, "SELECT " FEEDBACK_COLS FEEDBACK_FROM WHERE_SQL
		" ORDER BY f.id DESC LIMIT :limit OFFSET :offset");
#undef WHERE_SQL
	struct stmt *both[] = {count, page};
	for (int i = 0; i < 2; i++) {
		bind_reader(c, both[i]);
		stmt_bind_int(both[i], ":unread", unread);
	}
	out->items = list_page(c, count, page, p, sizeof *out->items, read_feedback, &out->n, &out->total,
			       "Kunde inte läsa återkopplingen.");
	if (!out->items) return c->err.code;
	return audit_reads_of(c, "participant", out->items, out->n, sizeof *out->items,
			      offsetof(struct plan_feedback, participant_id), "plan_feedback", log_fail);
}

struct recipient {
	const char *name, *email;
};

static void read_recipient(struct ctx *c, struct stmt *s, void *out)
{
	struct recipient *r = out;
	read_texts(c, s, 0, (const char **[]){&r->name, &r->email, NULL});
}

static const char feedback_subject[] = "Ny återkoppling i en gemensam plan";
static const char feedback_body[] =
	"Hej {name}!\n\n"
	"{writer} ({org}) har skrivit en återkoppling {after} i den gemensamma planen för {first_name}.\n\n"
	"Läs återkopplingen i Samsyn: öppna planen (nummer {plan}) under Gemensam planering, "
	"eller se Överlämningar och återkoppling.\n\n"
	"Det här meddelandet skickades automatiskt från Samsyn.\n";

/* The mails of a new feedback entry: to each case worker "in the plan" —
 * of a partner organisation, with an e-mail address, and named in it (a
 * step's person, someone who has changed the plan, the person a handover
 * was addressed to, the one who booked the guidance) — but not to the
 * writer. Only her first name and the plan's number: the text itself
 * stays in Samsyn, and no personnummer is ever in a mail. */
static int notify(struct ctx *c, int64_t plan_id, int64_t step_id, int64_t booking_id)
{
	struct stmt *s = store_prepare(c->db,
		"SELECT CASE WHEN p.anonymous <> 0 OR " ACCESS_PROTECTED_ANYWHERE_SQL " THEN NULL"
		" ELSE COALESCE(rr.first_name, p.first_name) END, (SELECT name FROM users WHERE id = :me),"
		" (SELECT name FROM orgs WHERE id = :myorg), (SELECT i.name FROM plan_steps t JOIN toolbox_items i"
		" ON i.id = t.toolbox_id WHERE t.id = :step)"
		" FROM plans pl JOIN participants p ON p.id = pl.participant_id" PLAN_NAME_JOIN " WHERE pl.id = :plan");
	stmt_bind_int(s, ":plan", plan_id);
	stmt_bind_int(s, ":me", c->actor->user_id);
	stmt_bind_int(s, ":myorg", c->actor->org_id);
	stmt_bind_int(s, ":step", step_id);
	if (stmt_step(s) != STORE_ROW) {
		stmt_done(s);
		return STORE_EFAIL;
	}
	const char *first = stmt_text(s, 0) ? arena_strdup(c->arena, stmt_text(s, 0)) : "en deltagare";
	const char *writer = arena_strdup(c->arena, stmt_text(s, 1));
	const char *org = arena_strdup(c->arena, stmt_text(s, 2));
	const char *step = stmt_text(s, 3) ? arena_printf(c->arena, "efter steget %s", stmt_text(s, 3)) : NULL;
	stmt_done(s);
	const char *after = booking_id ? "efter SYV-vägledningen" : step ? step : "";
	s = store_prepare(c->db,
		"SELECT u.name, u.email FROM users u JOIN plans pl ON pl.id = :plan WHERE u.active = 1 AND u.id <> :me"
		" AND u.email IS NOT NULL AND (',' || u.roles || ',') LIKE '%,case_worker,%'"
		" AND (u.org_id = pl.responsible_org_id OR u.org_id IN (SELECT pp.org_id FROM plan_partners pp WHERE pp.plan_id = :plan))"
		" AND (u.id IN (SELECT t.responsible_user_id FROM plan_steps t WHERE t.plan_id = :plan)"
		" OR u.id IN (SELECT v.user_id FROM plan_versions v WHERE v.plan_id = :plan)"
		" OR u.id IN (SELECT h.to_user_id FROM plan_handovers h WHERE h.plan_id = :plan)"
		" OR u.id IN (SELECT h.decided_by_user_id FROM plan_handovers h WHERE h.plan_id = :plan)"
		" OR u.id IN (SELECT b.booked_by_user_id FROM guidance_bookings b WHERE b.id = :booking))"
		" ORDER BY u.id");
	stmt_bind_int(s, ":plan", plan_id);
	stmt_bind_int(s, ":me", c->actor->user_id);
	stmt_bind_int(s, ":booking", booking_id);
	size_t n;
	struct recipient *to = list_all(c, s, sizeof *to, read_recipient, &n, "Kunde inte läsa mottagarna.");
	if (!to) return STORE_EFAIL;
	for (size_t i = 0; i < n; i++) {
		if (!mail_address_valid(to[i].email)) continue;
		const char *body = mail_template_render(c->arena, feedback_body,
			(const char *const[]){"name", "writer", "org", "after", "first_name", "plan"},
			(const char *const[]){to[i].name, writer, org, after, first,
					      arena_printf(c->arena, "%lld", (long long)plan_id)}, 6);
		int rc = mail_enqueue(c, to[i].email, feedback_subject, body, NULL);
		if (rc != STORE_DONE) return rc;
	}
	return STORE_DONE;
}

int plan_feedback_add(struct ctx *c, int64_t plan_id, int64_t step_id, int64_t booking_id, const char *text)
{
	struct stmt *s = store_prepare(c->db, "INSERT INTO plan_feedback (plan_id, step_id, booking_id, text, user_id, org_id,"
					      " created_at) VALUES (:plan, :step, :booking, :text, :me, :org, :now)");
	stmt_bind_int(s, ":plan", plan_id);
	stmt_bind_id(s, ":step", step_id);
	stmt_bind_id(s, ":booking", booking_id);
	stmt_bind_int(s, ":me", c->actor->user_id);
	stmt_bind_int(s, ":org", c->actor->org_id);
	stmt_bind_texts(s, (const char *const[][2]){{":text", text}, {":now", c->now}, {NULL}});
	int rc = stmt_exec(s);
	if (rc == STORE_DONE)
		rc = plan_record_version(c, plan_id, booking_id ? "Återkoppling efter SYV-vägledning" : "Återkoppling skrevs");
	if (rc == STORE_DONE) rc = notify(c, plan_id, step_id, booking_id);
	return rc;
}

int plan_feedback_create(struct ctx *c, int64_t plan_id, int64_t step_id, const char *text)
{
	struct plan plan;
	if (plan_load_visible(c, plan_id, &plan) != 0) return c->err.code;
	if (!may_write(c)) return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte skriva i planer.");
	if (step_id && !find_step(&plan, step_id)) err_field(&c->err, "step_id", NULL, "Steget finns inte i planen.");
	if (!text || !utf8_text_ok(text, 1, 4000))
		err_field(&c->err, "text", NULL, "Skriv återkopplingen (1–4000 tecken).");
	if (c->err.code) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	int rc = plan_feedback_add(c, plan_id, step_id, 0, text);
	return change_commit(c, rc, &(struct change){.action = "create", .entity = "participant", .id = plan.participant_id,
		.detail = "plan_feedback", .fail = "Kunde inte spara återkopplingen."});
}

int plan_feedback_mark_read(struct ctx *c, int64_t plan_id)
{
	struct plan plan;
	if (plan_load_visible(c, plan_id, &plan) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "INSERT INTO plan_feedback_reads (feedback_id, user_id, read_at)"
					      " SELECT f.id, :me, :now FROM plan_feedback f WHERE f.plan_id = :plan"
					      " ON CONFLICT DO NOTHING");
	stmt_bind_int(s, ":plan", plan_id);
	stmt_bind_int(s, ":me", c->actor->user_id);
	stmt_bind_text(s, ":now", c->now);
	return change_commit(c, stmt_exec(s), &(struct change){.action = "update", .entity = "plan", .id = plan_id,
		.detail = "feedback_read", .fail = "Kunde inte markera återkopplingen som läst."});
}

/* --- the report ---------------------------------------------------------------------- */

static const struct report_column report_cols[] = {
	{"to_org", "Mottagande part", REPORT_KEY_TEXT},
	{"to_org_id", "Organisations-id", REPORT_KEY_INT},
	{"median_days", "Mediantid till svar (dagar)", REPORT_KEY_INT},
};
/* Handovers (not people), by the participant's sex: requested in the
 * period; of them accepted, declined (the rest wait). A request its sender
 * withdrew was never the receiver's to answer: not counted. */
static const struct report_group report_groups[] = {
	{"requested", "Begärda", REPORT_COUNT, true, 0, 0},
	{"accepted", "Godtagna", REPORT_COUNT, false, 0, 0},
	{"declined", "Avböjda", REPORT_COUNT, false, 0, 0},
};

static int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The Swedish day (days since the epoch) of an RFC 3339 UTC time. */
static int64_t day_number(const char *t)
{
	int64_t secs = clock_days_from_civil(atoi(t), atoi(t + 5), atoi(t + 8)) * 86400 + atoi(t + 11) * 3600 +
		       atoi(t + 14) * 60 + atoi(t + 17);
	char day[11];
	clock_swedish_date(secs, day);
	return clock_days_from_civil(atoi(day), atoi(day + 5), atoi(day + 8));
}

struct handover_row {
	const char *name;
	int64_t org;
	int64_t n[3][3]; /* per group: total, women, men */
	int64_t *days;   /* decided: days from request to decision */
	size_t ndays, cap;
};

int report_handovers(struct ctx *c, struct report_params *p, struct report_table *t)
{
	if (p->intervention_id) return err_field(&c->err, "intervention_id", NULL, "Överlämningar hör inte till en insats.");
	if (p->by) return err_field(&c->err, "by", p->by, "Rapporten delas alltid upp efter mottagande part.");
	if (report_check_period(c, p) != 0) return c->err.code;
	report_table_init(t, c->arena, 3, report_cols, 3, report_groups);
	/* One row per handover requested in the period, by receiving
	 * organisation: the median is counted here, in calendar days (Swedish
	 * dates) from request to decision. */
	struct stmt *s = store_prepare(c->db,
		"SELECT o.name, o.id, h.status, p.sex, h.created_at, h.decided_at FROM plan_handovers h"
		" JOIN plans pl ON pl.id = h.plan_id JOIN participants p ON p.id = pl.participant_id"
		" JOIN orgs o ON o.id = h.to_org_id WHERE h.created_at >= :from AND h.created_at <= :to AND h.status <> 'withdrawn'"
		" ORDER BY o.id");
	stmt_bind_text(s, ":from", arena_printf(c->arena, "%sT00:00:00Z", p->from));
	stmt_bind_text(s, ":to", arena_printf(c->arena, "%sT23:59:59Z", p->to));
	struct handover_row *rows = NULL, *r = NULL;
	size_t nrows = 0, rcap = 0;
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		if (!r || r->org != stmt_int(s, 1)) {
			if (nrows == rcap) {
				rcap = rcap ? rcap * 2 : 8;
				struct handover_row *grown = arena_alloc(c->arena, rcap * sizeof *grown);
				if (nrows) memcpy(grown, rows, nrows * sizeof *rows);
				rows = grown;
			}
			r = &rows[nrows++];
			memset(r, 0, sizeof *r);
			r->name = arena_strdup(c->arena, stmt_text(s, 0));
			r->org = stmt_int(s, 1);
		}
		const char *status = stmt_text(s, 2), *sex = stmt_text(s, 3);
		int x = sex && strcmp(sex, "female") == 0 ? 1 : sex && strcmp(sex, "male") == 0 ? 2 : 0;
		int g = strcmp(status, "accepted") == 0 ? 1 : strcmp(status, "declined") == 0 ? 2 : 0;
		for (int k = 0; k < (g ? 2 : 1); k++) {
			int gg = k ? g : 0;
			r->n[gg][0]++;
			if (x) r->n[gg][x]++;
		}
		if (stmt_text(s, 5)) {
			if (r->ndays == r->cap) {
				r->cap = r->cap ? r->cap * 2 : 16;
				int64_t *grown = arena_alloc(c->arena, r->cap * sizeof *grown);
				if (r->ndays) memcpy(grown, r->days, r->ndays * sizeof *grown);
				r->days = grown;
			}
			r->days[r->ndays++] = day_number(stmt_text(s, 5)) - day_number(stmt_text(s, 4));
		}
	}
	stmt_done(s);
	if (rc < 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte ta fram rapporten.");
	for (size_t i = 0; i < nrows; i++) {
		r = &rows[i];
		/* The median of whole days; of an even number, the mean of the
		 * middle two rounded up. */
		if (r->ndays) qsort(r->days, r->ndays, sizeof *r->days, cmp_int64);
		int64_t median = !r->ndays ? 0 : r->ndays % 2 ? r->days[r->ndays / 2]
							      : (r->days[r->ndays / 2 - 1] + r->days[r->ndays / 2] + 1) / 2;
		struct report_key key[3] = {{.text = r->name}, {.num = r->org}, {.num = median, .null = r->ndays == 0}};
		for (int g = 0; g < 3; g++) report_table_add_people(t, key, g, r->n[g][0], r->n[g][1], r->n[g][2]);
	}
	for (int g = 0; g < 3; g++) report_table_sum_rows(t, g);
	report_table_sort(t);
	return report_finish(c, p, t);
}
