/* intervention.c — rules and storage calls for interventions: validation
 * of every field (Swedish messages naming the field, list items as
 * "budgets[0].amount_sek"), the lists stored in their own tables and
 * replaced as a whole, one transaction with the audit event. */
#include "intervention.h"
#include "access.h"
#include "audit.h"
#include "check.h"
#include "org.h"
#include "../base/clock.h"
#include "../base/utf8.h"
#include "../base/strset.h"
#include "../store/store.h"
#include <stdio.h>
#include <string.h>

#define MAX_PARTNERS 100
#define MAX_TARGET_GROUPS 50
#define MAX_BUDGETS 500
#define MAX_GOALS 500

/* The codes of the fields, with their Swedish labels. */
static const char *const kinds[][2] = {
	{"individual", "Individinriktad"}, {"structural", "Strukturövergripande"}, {"competence", "Kompetenshöjande"},
};
static const char *const statuses[][2] = {{"planned", "Planerad"}, {"active", "Pågår"}, {"ended", "Avslutad"}};
static const char *const funders[][2] = {
	{"state", "Staten"}, {"municipality", "Kommunerna"}, {"region", "Regionen"}, {"esf", "ESF"}, {"other", "Övriga"},
};

bool intervention_kind_valid(const char *kind) { return CODE_KNOWN(kinds, kind); }
bool intervention_status_valid(const char *status) { return CODE_KNOWN(statuses, status); }
bool intervention_funder_valid(const char *funder) { return CODE_KNOWN(funders, funder); }

bool intervention_indicator_valid(const char *indicator)
{
	static const char *const indicators[] = {"participants", "work_or_studies", "attendees", "mentors_trained", "volume"};
	return STR_IN(indicator, indicators);
}

const char *intervention_default_measurement(const char *kind)
{
	return kind && strcmp(kind, "structural") == 0 ? "volume" : "participants";
}

#define IV_COLS "id, owner_org_id, name, kind, start_date, end_date, status, measurement, description"

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct intervention *v = out;
	memset(v, 0, sizeof *v);
	v->id = stmt_int(s, 0);
	v->owner_org_id = stmt_int(s, 1);
	read_texts(c, s, 2, (const char **[]){&v->name, &v->kind, &v->start_date, &v->end_date, &v->status,
					    &v->measurement, &v->description, NULL});
}

static void read_budget(struct ctx *c, struct stmt *s, void *out)
{
	*(struct intervention_budget *)out = (struct intervention_budget){
		.year = stmt_int(s, 0),
		.funder = arena_strdup(c->arena, stmt_text(s, 1)),
		.amount_sek = stmt_int(s, 2),
		.actual_sek = stmt_int(s, 3),
		.has_actual = !stmt_is_null(s, 3),
	};
}

static void read_goal(struct ctx *c, struct stmt *s, void *out)
{
	*(struct intervention_goal *)out = (struct intervention_goal){
		.year = stmt_int(s, 0),
		.indicator = arena_strdup(c->arena, stmt_text(s, 1)),
		.target = stmt_int(s, 2),
	};
}

/* Partners, target groups, budgets and goals of v->id; ERR_INTERNAL with
 * fail when they cannot be read. */
static int load_lists(struct ctx *c, struct intervention *v, const char *fail)
{
	v->partner_org_ids = list_all_of_parent(c, "SELECT org_id FROM intervention_partners WHERE intervention_id = :parent ORDER BY org_id",
						v->id, sizeof *v->partner_org_ids, read_int_column, &v->n_partners, fail);
	if (!v->partner_org_ids) return c->err.code;
	v->target_groups = list_all_of_parent(c, "SELECT code FROM intervention_target_groups WHERE intervention_id = :parent ORDER BY code",
					      v->id, sizeof *v->target_groups, read_text_column, &v->n_target_groups, fail);
	if (!v->target_groups) return c->err.code;
	v->budgets = list_all_of_parent(c, "SELECT year, funder, amount_sek, actual_sek FROM intervention_budgets"
					   " WHERE intervention_id = :parent ORDER BY year, funder",
					v->id, sizeof *v->budgets, read_budget, &v->n_budgets, fail);
	if (!v->budgets) return c->err.code;
	v->goals = list_all_of_parent(c, "SELECT year, indicator, target FROM intervention_goals"
					 " WHERE intervention_id = :parent ORDER BY year, indicator",
				      v->id, sizeof *v->goals, read_goal, &v->n_goals, fail);
	return v->goals ? 0 : c->err.code;
}

/* The SQL of the list filters; the parameters are bound by bind_filter. */
#define LIST_WHERE                                                                                                  \
	" WHERE (CAST(:like AS TEXT) IS NULL OR i.name LIKE :like ESCAPE '\\')"                                      \
	" AND (CAST(:kind AS TEXT) IS NULL OR i.kind = :kind) AND (CAST(:status AS TEXT) IS NULL OR i.status = :status)" \
	" AND (CAST(:org_id AS BIGINT) IS NULL OR i.owner_org_id = :org_id OR EXISTS (SELECT 1 FROM intervention_partners ip" \
	" WHERE ip.intervention_id = i.id AND ip.org_id = :org_id))"                                                 \
	" AND (CAST(:year_end AS TEXT) IS NULL OR (i.start_date <= :year_end AND (i.end_date IS NULL OR i.end_date >= :year_start)))"

static void bind_filter(struct ctx *c, struct stmt *s, const struct intervention_filter *f, const char *like)
{
	stmt_bind_texts(s, (const char *const[][2]){{":like", like}, {":kind", f->kind}, {":status", f->status},
		{NULL}});
	stmt_bind_id(s, ":org_id", f->org_id);
	const char *first = NULL, *last = NULL;
	if (f->year) {
		first = arena_printf(c->arena, "%04d-01-01", (int)f->year);
		last = arena_printf(c->arena, "%04d-12-31", (int)f->year);
	}
	stmt_bind_text(s, ":year_start", first);
	stmt_bind_text(s, ":year_end", last);
}

static bool year_ok(int64_t y)
{
	return y >= 1990 && y <= 2100;
}

int intervention_list(struct ctx *c, const struct intervention_filter *f, const struct page *p,
		      struct intervention_list *out)
{
	if (f->kind && !intervention_kind_valid(f->kind))
		err_field(&c->err, "kind", f->kind, "Ange typ: individual, structural eller competence.");
	if (f->status && !intervention_status_valid(f->status))
		err_field(&c->err, "status", f->status, "Ange status: planned, active eller ended.");
	if (f->org_id < 0) err_field(&c->err, "org_id", NULL, "Ange organisationens id, ett positivt heltal.");
	if (f->year && !year_ok(f->year)) err_field(&c->err, "year", NULL, "Ange ett år 1990–2100.");
	if (c->err.code) return c->err.code;

	const char *like = page_like_pattern(c->arena, p->q);
	struct stmt *count = store_prepare(c->db, "SELECT COUNT(*) FROM interventions i" LIST_WHERE);
	struct stmt *page = store_prepare(c->db, "SELECT " IV_COLS " FROM interventions i" LIST_WHERE
						 " ORDER BY name, id LIMIT :limit OFFSET :offset");
	bind_filter(c, count, f, like);
	bind_filter(c, page, f, like);
	static const char fail[] = "Kunde inte läsa insatser.";
	out->items = list_page(c, count, page, p, sizeof *out->items, read_row, &out->n, &out->total, fail);
	if (!out->items) return c->err.code;
	for (size_t i = 0; i < out->n; i++)
		if (load_lists(c, &out->items[i], fail) != 0) return c->err.code;
	return 0;
}

int intervention_get(struct ctx *c, int64_t id, struct intervention *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " IV_COLS " FROM interventions WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	if (get_one(c, s, read_row, out, "Insatsen finns inte.", "Kunde inte läsa insatsen.") != 0) return c->err.code;
	return load_lists(c, out, "Kunde inte läsa insatsen.");
}

/* 1: usable, 0: unknown, -1: inactive. An inactive target group may stay on
 * an intervention that already has it (it cannot be removed, only retired). */
static int target_group_usable(struct ctx *c, int64_t id, const char *code)
{
	struct stmt *s = store_prepare(c->db,
		"SELECT active, EXISTS (SELECT 1 FROM intervention_target_groups WHERE intervention_id = :intervention_id AND code = :code)"
		" FROM target_groups WHERE code = :code");
	stmt_bind_int(s, ":intervention_id", id);
	stmt_bind_text(s, ":code", code);
	int r = 0;
	if (stmt_step(s) == STORE_ROW) r = stmt_int(s, 0) || stmt_int(s, 1) ? 1 : -1;
	stmt_done(s);
	return r;
}

static const char *item_name(struct ctx *c, const char *list, size_t i, const char *field)
{
	return field ? arena_printf(c->arena, "%s[%zu].%s", list, i, field) : arena_printf(c->arena, "%s[%zu]", list, i);
}

static const char *num(struct ctx *c, int64_t v)
{
	return arena_printf(c->arena, "%lld", (long long)v);
}

static void validate_lists(struct ctx *c, int64_t id, const struct intervention *v)
{
	struct err *e = &c->err;
	if (v->n_partners > MAX_PARTNERS)
		err_field(e, "partner_org_ids", NULL, "Högst 100 samverkansparter.");
	for (size_t i = 0; i < v->n_partners && i < MAX_PARTNERS; i++) {
		int64_t org = v->partner_org_ids[i];
		bool dup = false;
		for (size_t j = 0; j < i; j++) dup |= v->partner_org_ids[j] == org;
		if (org <= 0 || !org_exists(c, org))
			err_field(e, item_name(c, "partner_org_ids", i, NULL), num(c, org), "Organisationen finns inte.");
		else if (org == v->owner_org_id)
			err_field(e, item_name(c, "partner_org_ids", i, NULL), num(c, org), "Ägaren anges inte som samverkanspart.");
		else if (dup)
			err_field(e, item_name(c, "partner_org_ids", i, NULL), num(c, org), "Organisationen står redan i listan.");
	}
	if (v->n_target_groups > MAX_TARGET_GROUPS) err_field(e, "target_groups", NULL, "Högst 50 målgrupper.");
	for (size_t i = 0; i < v->n_target_groups && i < MAX_TARGET_GROUPS; i++) {
		const char *code = v->target_groups[i];
		bool dup = false;
		for (size_t j = 0; j < i; j++) dup |= code && v->target_groups[j] && strcmp(v->target_groups[j], code) == 0;
		int usable = code ? target_group_usable(c, id, code) : 0;
		if (usable == 0)
			err_field(e, item_name(c, "target_groups", i, NULL), code, "Okänd målgrupp.");
		else if (usable < 0)
			err_field(e, item_name(c, "target_groups", i, NULL), code, "Målgruppen är inte längre aktiv.");
		else if (dup)
			err_field(e, item_name(c, "target_groups", i, NULL), code, "Målgruppen står redan i listan.");
	}
	if (v->n_budgets > MAX_BUDGETS) err_field(e, "budgets", NULL, "Högst 500 budgetrader.");
	for (size_t i = 0; i < v->n_budgets && i < MAX_BUDGETS; i++) {
		const struct intervention_budget *b = &v->budgets[i];
		if (!year_ok(b->year)) err_field(e, item_name(c, "budgets", i, "year"), NULL, "Ange ett år 1990–2100.");
		if (!intervention_funder_valid(b->funder))
			err_field(e, item_name(c, "budgets", i, "funder"), b->funder,
				  "Ange finansiär: state, municipality, region, esf eller other.");
		if (b->amount_sek < 0)
			err_field(e, item_name(c, "budgets", i, "amount_sek"), NULL, "Ange budgeten i hela kronor (0 eller mer).");
		if (b->has_actual && b->actual_sek < 0)
			err_field(e, item_name(c, "budgets", i, "actual_sek"), NULL,
				  "Ange utfallet i hela kronor (0 eller mer), eller null om det inte är känt.");
		for (size_t j = 0; j < i; j++)
			if (b->year == v->budgets[j].year && b->funder && v->budgets[j].funder &&
			    strcmp(b->funder, v->budgets[j].funder) == 0) {
				err_field(e, item_name(c, "budgets", i, "funder"), b->funder,
					  "Året har redan en budgetrad för den finansiären.");
				break;
			}
	}
	if (v->n_goals > MAX_GOALS) err_field(e, "goals", NULL, "Högst 500 mål.");
	for (size_t i = 0; i < v->n_goals && i < MAX_GOALS; i++) {
		const struct intervention_goal *g = &v->goals[i];
		if (!year_ok(g->year)) err_field(e, item_name(c, "goals", i, "year"), NULL, "Ange ett år 1990–2100.");
		if (!intervention_indicator_valid(g->indicator))
			err_field(e, item_name(c, "goals", i, "indicator"), g->indicator,
				  "Okänt mått. Giltiga: participants, work_or_studies, attendees, mentors_trained, volume.");
		if (g->target < 1) err_field(e, item_name(c, "goals", i, "target"), NULL, "Ange målet som ett heltal, minst 1.");
		for (size_t j = 0; j < i; j++)
			if (g->year == v->goals[j].year && g->indicator && v->goals[j].indicator &&
			    strcmp(g->indicator, v->goals[j].indicator) == 0) {
				err_field(e, item_name(c, "goals", i, "indicator"), g->indicator,
					  "Året har redan ett mål för det måttet.");
				break;
			}
	}
}

/* id: 0 for a new intervention. Reports every wrong field at once. */
static int validate(struct ctx *c, int64_t id, const struct intervention *v)
{
	struct err *e = &c->err;
	if (!utf8_text_ok(v->name, 1, 200)) err_field(e, "name", NULL, "Ange ett namn (högst 200 tecken).");
	if (!intervention_kind_valid(v->kind))
		err_field(e, "kind", v->kind, "Ange typ: individual, structural eller competence.");
	if (v->owner_org_id <= 0)
		err_field(e, "owner_org_id", NULL, "Ange den organisation som äger insatsen.");
	else if (!org_exists(c, v->owner_org_id))
		err_field(e, "owner_org_id", num(c, v->owner_org_id), "Organisationen finns inte.");
	bool start_ok = v->start_date && clock_valid_date(v->start_date);
	if (!start_ok) err_field(e, "start_date", v->start_date, "Ange startdatum som ÅÅÅÅ-MM-DD.");
	if (v->end_date && !clock_valid_date(v->end_date))
		err_field(e, "end_date", v->end_date, "Ange slutdatum som ÅÅÅÅ-MM-DD, eller null om insatsen pågår tills vidare.");
	else if (v->end_date && start_ok && strcmp(v->end_date, v->start_date) < 0)
		err_field(e, "end_date", v->end_date, "Slutdatum får inte vara före startdatum.");
	if (!intervention_status_valid(v->status))
		err_field(e, "status", v->status, "Ange status: planned, active eller ended.");
	if (!v->measurement || (strcmp(v->measurement, "participants") != 0 && strcmp(v->measurement, "volume") != 0))
		err_field(e, "measurement", v->measurement, "Ange mätning: participants eller volume.");
	if (v->description && !utf8_text_ok(v->description, 0, 4000))
		err_field(e, "description", NULL, "Beskrivningen får ha högst 4000 tecken.");
	validate_lists(c, id, v);
	return e->code;
}

static void bind_budget(struct stmt *s, const void *items, size_t i)
{
	const struct intervention_budget *b = (const struct intervention_budget *)items + i;
	stmt_bind_int(s, ":year", b->year);
	stmt_bind_text(s, ":funder", b->funder);
	stmt_bind_int(s, ":amount_sek", b->amount_sek);
	if (b->has_actual) stmt_bind_int(s, ":actual_sek", b->actual_sek);
	else stmt_bind_null(s, ":actual_sek");
}

static void bind_goal(struct stmt *s, const void *items, size_t i)
{
	const struct intervention_goal *g = (const struct intervention_goal *)items + i;
	stmt_bind_int(s, ":year", g->year);
	stmt_bind_text(s, ":indicator", g->indicator);
	stmt_bind_int(s, ":target", g->target);
}

/* Replaces the four lists of intervention id. */
static int write_lists(struct ctx *c, int64_t id, const struct intervention *v)
{
	int rc = replace_children(c, "DELETE FROM intervention_partners WHERE intervention_id = :parent",
				  "INSERT INTO intervention_partners (intervention_id, org_id) VALUES (:parent, :item)", id,
				  v->partner_org_ids, v->n_partners, bind_int_item);
	if (rc == STORE_DONE)
		rc = replace_children(c, "DELETE FROM intervention_target_groups WHERE intervention_id = :parent",
				      "INSERT INTO intervention_target_groups (intervention_id, code) VALUES (:parent, :item)", id,
				      v->target_groups, v->n_target_groups, bind_text_item);
	if (rc == STORE_DONE)
		rc = replace_children(c, "DELETE FROM intervention_budgets WHERE intervention_id = :parent",
				      "INSERT INTO intervention_budgets (intervention_id, year, funder, amount_sek, actual_sek)"
				      " VALUES (:parent, :year, :funder, :amount_sek, :actual_sek)",
				      id, v->budgets, v->n_budgets, bind_budget);
	if (rc == STORE_DONE)
		rc = replace_children(c, "DELETE FROM intervention_goals WHERE intervention_id = :parent",
				      "INSERT INTO intervention_goals (intervention_id, year, indicator, target)"
				      " VALUES (:parent, :year, :indicator, :target)",
				      id, v->goals, v->n_goals, bind_goal);
	return rc;
}

/* The row, its lists and the audit event in one transaction; out is the
 * saved intervention. */
static int save(struct ctx *c, int64_t id, const struct intervention *v, struct intervention *out)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare_save(c->db, id,
		"INSERT INTO interventions (name, kind, owner_org_id, start_date, end_date, status, measurement, description,"
		" created_at, updated_at) VALUES (:name, :kind, :owner_org_id, :start_date, :end_date, :status, :measurement,"
		" :description, :now, :now) RETURNING id",
		"UPDATE interventions SET name = :name, kind = :kind, owner_org_id = :owner_org_id, start_date = :start_date,"
		" end_date = :end_date, status = :status, measurement = :measurement, description = :description,"
		" updated_at = :now WHERE id = :id RETURNING id");
	stmt_bind_int(s, ":owner_org_id", v->owner_org_id);
	stmt_bind_texts(s, (const char *const[][2]){{":now", c->now}, {":name", v->name}, {":kind", v->kind},
		{":start_date", v->start_date}, {":end_date", v->end_date}, {":status", v->status},
		{":measurement", v->measurement}, {":description", v->description}, {NULL}});
	int64_t new_id;
	int rc = stmt_write_id(s, &new_id);
	if (rc == STORE_DONE) rc = write_lists(c, new_id, v);
	/* A conflict: an organisation or target group vanished since validation. */
	if (change_commit(c, rc, &(struct change){.action = id ? "update" : "create", .entity = "intervention", .id = new_id,
		.conflict = "Insatsen ändrades samtidigt av någon annan. Försök igen.", .fail = "Kunde inte spara insatsen."}) != 0)
		return c->err.code;
	/* Read back, so the answer shows the lists in stored order as GET does. */
	return intervention_get(c, new_id, out);
}

static int forbid_unless_manager(struct ctx *c, const char *what)
{
	if (actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI)) return 0;
	return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer och kansliet får %s insatser.", what);
}

int intervention_create(struct ctx *c, const struct intervention *in, struct intervention *out)
{
	if (forbid_unless_manager(c, "lägga till")) return c->err.code;
	struct intervention v = *in;
	v.id = 0;
	if (!v.status) v.status = "planned";
	if (!v.measurement) v.measurement = intervention_default_measurement(v.kind);
	if (validate(c, 0, &v) != 0) return c->err.code;
	return save(c, 0, &v, out);
}

int intervention_update(struct ctx *c, int64_t id, const struct intervention_patch *in, struct intervention *out)
{
	if (forbid_unless_manager(c, "ändra")) return c->err.code;
	struct intervention v;
	if (intervention_get(c, id, &v) != 0) return c->err.code;
	const char *was_measurement = v.measurement;
	const struct intervention *n = &in->v;
	if (in->has_name) v.name = n->name;
	if (in->has_kind) v.kind = n->kind;
	if (in->has_owner_org_id) v.owner_org_id = n->owner_org_id;
	if (in->has_partner_org_ids) v.partner_org_ids = n->partner_org_ids, v.n_partners = n->n_partners;
	if (in->has_start_date) v.start_date = n->start_date;
	if (in->has_end_date) v.end_date = n->end_date;
	if (in->has_status) v.status = n->status;
	if (in->has_measurement) v.measurement = n->measurement;
	if (in->has_description) v.description = n->description;
	if (in->has_target_groups) v.target_groups = n->target_groups, v.n_target_groups = n->n_target_groups;
	if (in->has_budgets) v.budgets = n->budgets, v.n_budgets = n->n_budgets;
	if (in->has_goals) v.goals = n->goals, v.n_goals = n->n_goals;
	if (validate(c, id, &v) != 0) return c->err.code;
	/* Enrolments need an intervention measured with participants. */
	if (strcmp(v.measurement, "volume") == 0 && strcmp(was_measurement, "volume") != 0 &&
	    row_exists(c, "SELECT 1 FROM enrolments WHERE intervention_id = :id LIMIT 1", id))
		return err_field(&c->err, "measurement", v.measurement,
				 "Insatsen har inskrivna deltagare och måste mätas med deltagare.");
	return save(c, id, &v, out);
}

static void read_terms(struct ctx *c, struct stmt *s, void *out)
{
	struct intervention_terms *t = out;
	read_texts(c, s, 0, (const char **[]){&t->kind, &t->start_date, &t->end_date, &t->status, &t->measurement, NULL});
}

int intervention_terms(struct ctx *c, int64_t id, struct intervention_terms *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT kind, start_date, end_date, status, measurement FROM interventions WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	return get_one(c, s, read_terms, out, "Insatsen finns inte.", "Kunde inte läsa insatsen.");
}

bool intervention_may_record(struct ctx *c, int64_t intervention_id)
{
	if (actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI | ROLE_TRAINER)) return true;
	return actor_has(c->actor, ROLE_CASE_WORKER) && access_intervention_member(c, intervention_id);
}

bool intervention_may_record_attendees(struct ctx *c, int64_t intervention_id)
{
	if (actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI)) return true;
	if (actor_has(c->actor, ROLE_CASE_WORKER) && access_intervention_member(c, intervention_id)) return true;
	if (!actor_has(c->actor, ROLE_TRAINER)) return false;
	struct stmt *s = store_prepare(c->db,
		"SELECT NOT EXISTS (SELECT 1 FROM courses WHERE intervention_id = :id) OR EXISTS (SELECT 1 FROM"
		" training_sessions ts JOIN courses co ON co.id = ts.course_id WHERE co.intervention_id = :id"
		" AND ts.trainer_user_id = :user)");
	stmt_bind_int(s, ":id", intervention_id);
	stmt_bind_int(s, ":user", c->actor->user_id);
	bool may = stmt_step(s) == STORE_ROW && stmt_int(s, 0) == 1;
	stmt_done(s);
	return may;
}

const char *intervention_kind_label(const char *kind)
{
	return CODE_LABEL(kinds, kind);
}

const char *intervention_status_label(const char *status)
{
	return CODE_LABEL(statuses, status);
}

const char *intervention_funder_label(const char *funder)
{
	return CODE_LABEL(funders, funder);
}
