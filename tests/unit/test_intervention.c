/* test_intervention.c — interventions, volumes and attendees
 * (domain/intervention.c, volume.c, attendee.c) against a real SQLite file:
 * defaults, validation naming every wrong field ("budgets[0].amount_sek"),
 * who may create and record, lists replaced as a whole on update, filters,
 * the audit event in the same transaction (a failed write leaves nothing),
 * and the attendee person key with Swedish letters. */
#include "testutil.h"
#include "base/utf8.h"
#include "domain/attendee.h"
#include "domain/intervention.h"
#include "domain/org.h"
#include "domain/volume.h"

static const struct actor sys = {.user_id = 0, .roles = ROLE_ADMIN, .username = "system"};
static const struct actor kansli = {.user_id = 2, .org_id = 1, .roles = ROLE_KANSLI, .username = "kansli"};
static const struct actor trainer = {.user_id = 3, .org_id = 3, .roles = ROLE_TRAINER, .username = "trainer"};
static const struct actor reader = {.user_id = 4, .org_id = 1, .roles = ROLE_READER, .username = "reader"};
/* Case workers of the owner (1), a partner (2) and an outside organisation (3). */
static const struct actor cw_owner = {.user_id = 5, .org_id = 1, .roles = ROLE_CASE_WORKER, .username = "cw1"};
static const struct actor cw_partner = {.user_id = 6, .org_id = 2, .roles = ROLE_CASE_WORKER, .username = "cw2"};
static const struct actor cw_other = {.user_id = 7, .org_id = 3, .roles = ROLE_CASE_WORKER, .username = "cw3"};

static const int64_t partner_ids[] = {2};
static const char *const groups_ab[] = {"A", "B"};
static const struct intervention_budget budgets_2024[] = {
	{.year = 2024, .funder = "state", .amount_sek = 700000, .has_actual = false},
	{.year = 2024, .funder = "municipality", .amount_sek = 350000, .actual_sek = 340000, .has_actual = true},
};
static const struct intervention_goal goals_2024[] = {{.year = 2024, .indicator = "mentors_trained", .target = 65}};

static int setup(void **state)
{
	testenv_setup(state);
	struct testenv *env = *state;
	static const char *const names[] = {"Samordningsförbundet", "Trollhättans stad", "Folkuniversitetet"};
	static const char *const kinds[] = {"forbund", "kommun", "education"};
	for (int i = 0; i < 3; i++) {
		struct org in = {.name = names[i], .kind = kinds[i], .municipality_code = i == 1 ? "1488" : NULL}, out;
		assert_int_equal(org_create(testenv_ctx(env, &sys), &in, &out), 0);
		assert_int_equal(out.id, i + 1);
	}
	return 0;
}

static struct intervention mentors(void)
{
	return (struct intervention){
		.name = "Mentorskap Trollhättan",
		.kind = "structural",
		.owner_org_id = 1,
		.partner_org_ids = partner_ids,
		.n_partners = 1,
		.start_date = "2024-01-01",
		.end_date = "2025-12-31",
		.target_groups = groups_ab,
		.n_target_groups = 2,
		.budgets = budgets_2024,
		.n_budgets = 2,
		.goals = goals_2024,
		.n_goals = 1,
	};
}

static int64_t make(struct testenv *env, struct intervention in)
{
	struct intervention out;
	struct ctx *c = testenv_ctx(env, &kansli);
	if (intervention_create(c, &in, &out) != 0) fail_msg("create: %s (%s)", c->err.msg, c->err.params[0].name);
	return out.id;
}

static void assert_last_event(struct testenv *env, const char *action, const char *entity, int64_t entity_id)
{
	struct stmt *s = store_prepare(env->t.db, "SELECT action, entity, entity_id FROM audit_events ORDER BY id DESC LIMIT 1");
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_string_equal(stmt_text(s, 0), action);
	assert_string_equal(stmt_text(s, 1), entity);
	assert_int_equal(stmt_int(s, 2), entity_id);
	stmt_done(s);
}

static int64_t child_rows(struct testenv *env)
{
	return testdb_int(env->t.db, "SELECT (SELECT COUNT(*) FROM intervention_partners) + (SELECT COUNT(*) FROM"
				     " intervention_target_groups) + (SELECT COUNT(*) FROM intervention_budgets) + (SELECT"
				     " COUNT(*) FROM intervention_goals)");
}

static void test_create_and_read(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct intervention in = mentors(), out;
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(intervention_create(c, &in, &out), 0);
	assert_true(out.id > 0);
	assert_string_equal(out.status, "planned");      /* default */
	assert_string_equal(out.measurement, "volume"); /* structural: SUS's default */
	assert_int_equal(audit_count(env), events + 1);
	assert_last_event(env, "create", "intervention", out.id);

	struct intervention got;
	c = testenv_ctx(env, &reader); /* anyone logged in reads */
	assert_int_equal(intervention_get(c, out.id, &got), 0);
	assert_string_equal(got.name, "Mentorskap Trollhättan");
	assert_string_equal(got.kind, "structural");
	assert_int_equal(got.owner_org_id, 1);
	assert_int_equal(got.n_partners, 1);
	assert_int_equal(got.partner_org_ids[0], 2);
	assert_string_equal(got.end_date, "2025-12-31");
	assert_int_equal(got.n_target_groups, 2);
	assert_string_equal(got.target_groups[0], "A");
	assert_string_equal(got.target_groups[1], "B");
	assert_null(got.description);
	assert_int_equal(got.n_budgets, 2);
	/* Ordered by year and funder: municipality before state. */
	assert_string_equal(got.budgets[0].funder, "municipality");
	assert_true(got.budgets[0].has_actual);
	assert_int_equal(got.budgets[0].actual_sek, 340000);
	assert_string_equal(got.budgets[1].funder, "state");
	assert_false(got.budgets[1].has_actual);
	assert_int_equal(got.budgets[1].amount_sek, 700000);
	assert_int_equal(got.n_goals, 1);
	assert_string_equal(got.goals[0].indicator, "mentors_trained");
	assert_int_equal(got.goals[0].target, 65);
	assert_int_equal(audit_count(env), events + 1); /* reading holds no personal data */

	/* Individual and competence interventions are measured with participants. */
	struct intervention ind = {.name = "Steget vidare", .kind = "individual", .owner_org_id = 2, .start_date = "2024-03-01",
				   .status = "active"};
	c = testenv_ctx(env, &sys);
	assert_int_equal(intervention_create(c, &ind, &out), 0);
	assert_string_equal(out.measurement, "participants");
	assert_string_equal(out.status, "active");
	assert_null(out.end_date);
	struct intervention comp = {.name = "Kompetens MI", .kind = "competence", .owner_org_id = 1, .start_date = "2024-01-01",
				    .measurement = "volume"};
	c = testenv_ctx(env, &kansli);
	assert_int_equal(intervention_create(c, &comp, &out), 0);
	assert_string_equal(out.measurement, "volume"); /* an explicit choice wins */

	c = testenv_ctx(env, &reader);
	assert_int_equal(intervention_get(c, 999999, &got), ERR_NOT_FOUND);
}

static void test_only_admin_and_kansli_change(void **state)
{
	struct testenv *env = *state;
	int64_t id = make(env, mentors());
	int64_t rows = testdb_int(env->t.db, "SELECT COUNT(*) FROM interventions"), events = audit_count(env);
	const struct actor *denied[] = {&reader, &trainer, &cw_owner, NULL};
	for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) {
		struct intervention in = mentors(), out;
		struct ctx *c = testenv_ctx(env, denied[i]);
		assert_int_equal(intervention_create(c, &in, &out), ERR_FORBIDDEN);
		assert_true(c->err.msg[0] != 0);
		struct intervention_patch p = {.v.name = "Kapad", .has_name = true};
		c = testenv_ctx(env, denied[i]);
		assert_int_equal(intervention_update(c, id, &p, &out), ERR_FORBIDDEN);
	}
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM interventions"), rows);
	assert_int_equal(audit_count(env), events);
}

/* Each case names exactly one field. */
static void test_validation(void **state)
{
	struct testenv *env = *state;
	int64_t rows = testdb_int(env->t.db, "SELECT COUNT(*) FROM interventions"), children = child_rows(env);
	int64_t events = audit_count(env);
	static const int64_t unknown_partner[] = {2, 99};
	static const int64_t owner_as_partner[] = {1};
	static const int64_t twice[] = {2, 2};
	static const char *const unknown_group[] = {"A", "Z"};
	static const char *const group_twice[] = {"B", "B"};
	static const struct intervention_budget negative[] = {{.year = 2024, .funder = "state", .amount_sek = -1}};
	static const struct intervention_budget bad_funder[] = {{.year = 2024, .funder = "bank", .amount_sek = 1}};
	static const struct intervention_budget bad_year[] = {{.year = 1989, .funder = "esf", .amount_sek = 1}};
	static const struct intervention_budget bad_actual[] = {
		{.year = 2024, .funder = "region", .amount_sek = 1, .actual_sek = -5, .has_actual = true}};
	static const struct intervention_budget same_row[] = {
		{.year = 2024, .funder = "state", .amount_sek = 1}, {.year = 2024, .funder = "state", .amount_sek = 2}};
	static const struct intervention_goal bad_indicator[] = {
		{.year = 2024, .indicator = "participants", .target = 10}, {.year = 2024, .indicator = "happiness", .target = 5}};
	static const struct intervention_goal zero_target[] = {{.year = 2024, .indicator = "volume", .target = 0}};
	static const struct intervention_goal same_goal[] = {
		{.year = 2025, .indicator = "attendees", .target = 1}, {.year = 2025, .indicator = "attendees", .target = 2}};
	struct {
		struct intervention v;
		const char *field;
	} bad[] = {
		{{.name = NULL}, "name"},
		{{.name = ""}, "name"},
		{{.kind = "individuell"}, "kind"},
		{{.kind = NULL}, "kind"},
		{{.owner_org_id = 0}, "owner_org_id"},
		{{.owner_org_id = 99}, "owner_org_id"},
		{{.partner_org_ids = unknown_partner, .n_partners = 2}, "partner_org_ids[1]"},
		{{.partner_org_ids = owner_as_partner, .n_partners = 1}, "partner_org_ids[0]"},
		{{.partner_org_ids = twice, .n_partners = 2}, "partner_org_ids[1]"},
		{{.start_date = NULL}, "start_date"},
		{{.start_date = "2024-02-30"}, "start_date"},
		{{.end_date = "2023-12-31"}, "end_date"},
		{{.end_date = "31/12/2025"}, "end_date"},
		{{.status = "done"}, "status"},
		{{.measurement = "both"}, "measurement"},
		{{.target_groups = unknown_group, .n_target_groups = 2}, "target_groups[1]"},
		{{.target_groups = group_twice, .n_target_groups = 2}, "target_groups[1]"},
		{{.budgets = negative, .n_budgets = 1}, "budgets[0].amount_sek"},
		{{.budgets = bad_funder, .n_budgets = 1}, "budgets[0].funder"},
		{{.budgets = bad_year, .n_budgets = 1}, "budgets[0].year"},
		{{.budgets = bad_actual, .n_budgets = 1}, "budgets[0].actual_sek"},
		{{.budgets = same_row, .n_budgets = 2}, "budgets[1].funder"},
		{{.goals = bad_indicator, .n_goals = 2}, "goals[1].indicator"},
		{{.goals = zero_target, .n_goals = 1}, "goals[0].target"},
		{{.goals = same_goal, .n_goals = 2}, "goals[1].indicator"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		/* Start from a valid intervention and spoil one field. */
		struct intervention in = mentors(), out;
		const struct intervention *b = &bad[i].v;
		const char *f = bad[i].field;
		if (strcmp(f, "name") == 0) in.name = b->name;
		if (strcmp(f, "kind") == 0) in.kind = b->kind;
		if (strcmp(f, "owner_org_id") == 0) in.owner_org_id = b->owner_org_id;
		if (strncmp(f, "partner", 7) == 0) in.partner_org_ids = b->partner_org_ids, in.n_partners = b->n_partners;
		if (strcmp(f, "start_date") == 0) in.start_date = b->start_date;
		if (strcmp(f, "end_date") == 0) in.end_date = b->end_date;
		if (strcmp(f, "status") == 0) in.status = b->status;
		if (strcmp(f, "measurement") == 0) in.measurement = b->measurement;
		if (strncmp(f, "target", 6) == 0) in.target_groups = b->target_groups, in.n_target_groups = b->n_target_groups;
		if (strncmp(f, "budgets", 7) == 0) in.budgets = b->budgets, in.n_budgets = b->n_budgets;
		if (strncmp(f, "goals", 5) == 0) in.goals = b->goals, in.n_goals = b->n_goals;
		struct ctx *c = testenv_ctx(env, &kansli);
		if (intervention_create(c, &in, &out) != ERR_INVALID) fail_msg("case %zu (%s) accepted", i, f);
		if (c->err.nparams != 1) fail_msg("case %zu (%s): %d fields, first %s", i, f, c->err.nparams, c->err.params[0].name);
		assert_string_equal(c->err.params[0].name, f);
		assert_true(c->err.params[0].reason[0] != 0);
	}
	/* Every wrong field at once. */
	struct intervention all = {.name = "", .kind = "x", .start_date = "igår", .status = "x", .measurement = "x"}, out;
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(intervention_create(c, &all, &out), ERR_INVALID);
	assert_int_equal(c->err.nparams, 6);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM interventions"), rows);
	assert_int_equal(child_rows(env), children);
	assert_int_equal(audit_count(env), events);
}

static void test_update_replaces_lists(void **state)
{
	struct testenv *env = *state;
	int64_t id = make(env, mentors());
	int64_t events = audit_count(env);
	/* Only the budgets are sent: they replace the old rows; the goals stay. */
	static const struct intervention_budget b2025[] = {{.year = 2025, .funder = "region", .amount_sek = 100000}};
	struct intervention_patch p = {.v.budgets = b2025, .v.n_budgets = 1, .has_budgets = true};
	struct intervention out, got;
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(intervention_update(c, id, &p, &out), 0);
	assert_int_equal(audit_count(env), events + 1);
	assert_last_event(env, "update", "intervention", id);
	c = testenv_ctx(env, &reader);
	assert_int_equal(intervention_get(c, id, &got), 0);
	assert_int_equal(got.n_budgets, 1);
	assert_int_equal(got.budgets[0].year, 2025);
	assert_string_equal(got.budgets[0].funder, "region");
	assert_int_equal(got.n_goals, 1);
	assert_int_equal(got.n_partners, 1);
	assert_int_equal(got.n_target_groups, 2);
	assert_string_equal(got.name, "Mentorskap Trollhättan");

	/* Empty lists clear; scalar fields change; end_date null makes it open-ended. */
	struct intervention_patch q = {.v.name = "Mentorskap Väst", .has_name = true, .has_goals = true,
				       .has_partner_org_ids = true, .has_target_groups = true, .has_end_date = true,
				       .v.status = "active", .has_status = true};
	c = testenv_ctx(env, &sys);
	assert_int_equal(intervention_update(c, id, &q, &out), 0);
	c = testenv_ctx(env, &reader);
	assert_int_equal(intervention_get(c, id, &got), 0);
	assert_string_equal(got.name, "Mentorskap Väst");
	assert_string_equal(got.status, "active");
	assert_null(got.end_date);
	assert_int_equal(got.n_goals, 0);
	assert_int_equal(got.n_partners, 0);
	assert_int_equal(got.n_target_groups, 0);
	assert_int_equal(got.n_budgets, 1);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM intervention_goals WHERE intervention_id = 1"), 0);

	/* An invalid patch changes nothing. */
	static const struct intervention_budget bad[] = {{.year = 2025, .funder = "state", .amount_sek = -3}};
	struct intervention_patch r = {.v.name = "Borde inte sparas", .has_name = true, .v.budgets = bad, .v.n_budgets = 1,
				       .has_budgets = true};
	events = audit_count(env);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(intervention_update(c, id, &r, &out), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "budgets[0].amount_sek");
	c = testenv_ctx(env, &reader);
	assert_int_equal(intervention_get(c, id, &got), 0);
	assert_string_equal(got.name, "Mentorskap Väst");
	assert_int_equal(got.budgets[0].amount_sek, 100000);
	assert_int_equal(audit_count(env), events);

	c = testenv_ctx(env, &kansli);
	assert_int_equal(intervention_update(c, 999999, &p, &out), ERR_NOT_FOUND);
}

/* A retired target group stays on the interventions that have it but
 * cannot be given to new ones. */
static void test_inactive_target_group(void **state)
{
	struct testenv *env = *state;
	int64_t id = make(env, mentors());
	testdb_exec(env->t.db, "UPDATE target_groups SET active = 0 WHERE code = 'B';");
	struct intervention_patch p = {.v.name = "Behåller B", .has_name = true};
	struct intervention out;
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(intervention_update(c, id, &p, &out), 0);
	struct intervention in = mentors();
	c = testenv_ctx(env, &kansli);
	assert_int_equal(intervention_create(c, &in, &out), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "target_groups[1]");
	testdb_exec(env->t.db, "UPDATE target_groups SET active = 1 WHERE code = 'B';");
}

static void test_measurement_kept_with_enrolments(void **state)
{
	struct testenv *env = *state;
	struct intervention in = mentors();
	in.kind = "individual";
	int64_t id = make(env, in);
	testdb_exec(env->t.db,
		"INSERT INTO participants (id, anonymous, sex, birth_year, created_at, updated_at)"
		" VALUES (500, 1, 'female', 1990, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');");
	char sql[300];
	snprintf(sql, sizeof sql, "INSERT INTO enrolments (participant_id, intervention_id, start_date, created_at, updated_at)"
				  " VALUES (500, %lld, '2024-02-01', 'x', 'x');", (long long)id);
	testdb_exec(env->t.db, sql);
	struct intervention_patch p = {.v.measurement = "volume", .has_measurement = true};
	struct intervention out;
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(intervention_update(c, id, &p, &out), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "measurement");
}

/* The audit event shares the transaction: when it fails, nothing is kept. */
static void test_audit_failure_rolls_back(void **state)
{
	struct testenv *env = *state;
	int64_t id = make(env, mentors());
	testdb_break_audit(env->t.db);
	int64_t rows = testdb_int(env->t.db, "SELECT COUNT(*) FROM interventions"), children = child_rows(env);
	struct intervention in = mentors(), out;
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(intervention_create(c, &in, &out), ERR_INTERNAL);
	struct intervention_patch p = {.v.name = "Omdöpt", .has_name = true, .has_budgets = true, .has_goals = true};
	c = testenv_ctx(env, &kansli);
	assert_int_equal(intervention_update(c, id, &p, &out), ERR_INTERNAL);
	struct volume v = {.period_start = "2024-01-01", .period_end = "2024-03-31", .women = 3, .men = 4}, vout;
	c = testenv_ctx(env, &kansli);
	assert_int_equal(volume_create(c, id, &v, &vout), ERR_INTERNAL);
	struct attendee a = {.first_name = "Åsa", .last_name = "Ek", .sex = "female", .format = "webinar", .date = "2024-05-02"}, aout;
	c = testenv_ctx(env, &kansli);
	assert_int_equal(attendee_create(c, id, &a, &aout), ERR_INTERNAL);
	testdb_mend_audit(env->t.db);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM interventions"), rows);
	assert_int_equal(child_rows(env), children); /* the old lists are still there */
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM volumes"), 0);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM attendees"), 0);
	struct intervention got;
	c = testenv_ctx(env, &reader);
	assert_int_equal(intervention_get(c, id, &got), 0);
	assert_string_equal(got.name, "Mentorskap Trollhättan");
	assert_int_equal(got.n_budgets, 2);
}

static void test_list_filters(void **state)
{
	struct testenv *env = *state;
	struct intervention a = mentors(); /* structural, owner 1, partner 2, 2024–2025, planned */
	struct intervention b = {.name = "Jobbspår", .kind = "individual", .owner_org_id = 2, .start_date = "2022-01-01",
				 .end_date = "2023-06-30", .status = "ended"};
	struct intervention d = {.name = "Jobbspår 100%_x", .kind = "competence", .owner_org_id = 3, .start_date = "2026-01-01",
				 .status = "active"};
	int64_t ia = make(env, a), ib = make(env, b), id = make(env, d);
	struct intervention_list l;
	struct page p = {.limit = 50};
	struct intervention_filter f = {0};
	struct ctx *c = testenv_ctx(env, &reader);
	assert_int_equal(intervention_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 3);
	assert_string_equal(l.items[0].name, "Jobbspår"); /* by name */
	assert_int_equal(l.items[2].id, ia);
	assert_int_equal(l.items[2].n_budgets, 2); /* list items are whole */

	p.q = "jobbspår 100%";
	c = testenv_ctx(env, &reader);
	assert_int_equal(intervention_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 1);
	assert_int_equal(l.items[0].id, id);
	p.q = NULL;

	struct {
		struct intervention_filter f;
		int64_t ids[3];
		size_t n;
	} cases[] = {
		{{.kind = "individual"}, {ib}, 1},
		{{.status = "active"}, {id}, 1},
		{{.org_id = 2}, {ib, ia}, 2}, /* owner or partner */
		{{.org_id = 1}, {ia}, 1},
		{{.year = 2023}, {ib}, 1},
		{{.year = 2025}, {ia}, 1},
		{{.year = 2027}, {id}, 1}, /* open-ended */
		{{.year = 2021}, {0}, 0},
		{{.org_id = 2, .year = 2024}, {ia}, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		c = testenv_ctx(env, &reader);
		assert_int_equal(intervention_list(c, &cases[i].f, &p, &l), 0);
		if (l.total != (int64_t)cases[i].n) fail_msg("case %zu: %lld found", i, (long long)l.total);
		for (size_t j = 0; j < l.n; j++) assert_int_equal(l.items[j].id, cases[i].ids[j]);
	}
	p.limit = 1, p.offset = 1;
	c = testenv_ctx(env, &reader);
	assert_int_equal(intervention_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 3);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].id, id);

	struct intervention_filter bad = {.kind = "annan", .status = "x", .year = 3000};
	c = testenv_ctx(env, &reader);
	assert_int_equal(intervention_list(c, &bad, &p, &l), ERR_INVALID);
	assert_int_equal(c->err.nparams, 3);
}

static void test_volumes(void **state)
{
	struct testenv *env = *state;
	int64_t id = make(env, mentors()); /* 2024-01-01 – 2025-12-31, owner 1, partner 2 */
	struct volume v = {.period_start = "2024-01-01", .period_end = "2024-06-30", .women = 12, .men = 9}, out;
	int64_t events = audit_count(env);
	const struct actor *allowed[] = {&sys, &kansli, &trainer, &cw_owner, &cw_partner};
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
		struct ctx *c = testenv_ctx(env, allowed[i]);
		if (volume_create(c, id, &v, &out) != 0) fail_msg("actor %zu: %s", i, c->err.msg);
		assert_int_equal(out.intervention_id, id);
		assert_last_event(env, "create", "volume", out.id);
	}
	assert_int_equal(audit_count(env), events + 5);
	const struct actor *denied[] = {&reader, &cw_other, NULL};
	for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) {
		struct ctx *c = testenv_ctx(env, denied[i]);
		assert_int_equal(volume_create(c, id, &v, &out), ERR_FORBIDDEN);
	}
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(volume_create(c, 999999, &v, &out), ERR_NOT_FOUND);

	struct {
		struct volume v;
		const char *field;
	} bad[] = {
		{{.period_start = "2023-12-01", .period_end = "2024-01-31"}, "period_start"},
		{{.period_start = "2025-12-01", .period_end = "2026-01-31"}, "period_end"},
		{{.period_start = "2024-03-01", .period_end = "2024-02-28"}, "period_end"},
		{{.period_start = "2024-13-01", .period_end = "2024-02-28"}, "period_start"},
		{{.period_start = "2024-03-01", .period_end = NULL}, "period_end"},
		{{.period_start = "2024-03-01", .period_end = "2024-03-31", .women = -1}, "women"},
		{{.period_start = "2024-03-01", .period_end = "2024-03-31", .men = -1}, "men"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		c = testenv_ctx(env, &kansli);
		if (volume_create(c, id, &bad[i].v, &out) != ERR_INVALID) fail_msg("case %zu accepted", i);
		assert_int_equal(c->err.nparams, 1);
		assert_string_equal(c->err.params[0].name, bad[i].field);
	}
	struct volume_list l;
	struct page p = {.limit = 2, .offset = 0};
	c = testenv_ctx(env, &reader); /* head counts hold no personal data */
	assert_int_equal(volume_list(c, id, &p, &l), 0);
	assert_int_equal(l.total, 5);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].women, 12);
	assert_string_equal(l.items[0].period_end, "2024-06-30");
	assert_int_equal(audit_count(env), events + 5);
}

static void test_person_key(void **state)
{
	struct arena *a = *state;
	char s[] = "ÅSA ÄNGSTRÖM Öberg Émile ÜBER Ÿ Ł Ž ΣΩ ЖЁ İ ß É";
	utf8_lower(s);
	assert_string_equal(s, "åsa ängström öberg émile über ÿ ł ž σω жё İ ß é");
	assert_true(utf8_valid(s));
	char t[] = "×Þ@Z";
	utf8_lower(t);
	assert_string_equal(t, "×þ@z");

	const char *k1 = attendee_person_key(a, "Åsa", "Öberg", "Asa.Oberg@Example.SE", "Folkuniversitetet");
	const char *k2 = attendee_person_key(a, "  åSA ", "ÖBERG", "asa.oberg@example.se", NULL);
	assert_string_equal(k1, k2);
	assert_string_equal(k1, "åsa\x1f" "öberg\x1f" "asa.oberg@example.se");
	/* Without e-mail the organisation counts; a different one is another person. */
	const char *k3 = attendee_person_key(a, "Åsa", "Öberg", NULL, "Volvo Cars");
	const char *k4 = attendee_person_key(a, "åsa", "öberg", "", "VOLVO   cars");
	assert_string_equal(k3, k4);
	assert_string_equal(k3, "åsa\x1f" "öberg\x1f" "volvo cars");
	assert_string_not_equal(k1, k3);
	assert_string_not_equal(attendee_person_key(a, "Anna Maria", "Ek", NULL, NULL),
				attendee_person_key(a, "Anna", "Maria Ek", NULL, NULL));
	assert_string_equal(attendee_person_key(a, "Bo", "Ek", NULL, NULL), "bo\x1f" "ek\x1f");
}

static int64_t audit_for(struct testenv *env, const char *action, int64_t attendee_id)
{
	return audit_events_of(env->t.db, action, "attendee", attendee_id);
}

static void test_attendees(void **state)
{
	struct testenv *env = *state;
	int64_t id = make(env, mentors());
	struct attendee a = {.first_name = "Åsa", .last_name = "Öberg", .sex = "female", .email = "asa@example.se",
			     .organisation_name = "Volvo Cars", .employer_id = 42, .format = "in_person", .date = "2024-03-14"};
	struct attendee out, got;
	struct ctx *c = testenv_ctx(env, &cw_partner);
	assert_int_equal(attendee_create(c, id, &a, &out), 0);
	int64_t a1 = out.id;
	assert_int_equal(audit_for(env, "create", a1), 1);
	/* The same person at a second session, written differently. */
	struct attendee again = a;
	again.first_name = "ÅSA", again.email = "ASA@example.se", again.date = "2024-04-11", again.format = "webinar";
	c = testenv_ctx(env, &trainer);
	assert_int_equal(attendee_create(c, id, &again, &out), 0);
	int64_t a2 = out.id;
	struct attendee bo = {.first_name = "Bo", .last_name = "Ek", .sex = "male", .format = "network", .date = "2024-04-11"};
	c = testenv_ctx(env, &kansli);
	assert_int_equal(attendee_create(c, id, &bo, &out), 0);
	int64_t a3 = out.id;
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(DISTINCT person_key) FROM attendees"), 2);

	/* Reading is audited: one event naming every attendee shown. */
	struct attendee_list l;
	struct page p = {.limit = 50};
	c = testenv_ctx(env, &cw_owner);
	assert_int_equal(attendee_list(c, id, &p, &l), 0);
	assert_int_equal(l.total, 3);
	assert_int_equal(l.items[0].id, a1);
	assert_string_equal(l.items[0].first_name, "Åsa");
	assert_int_equal(l.items[0].employer_id, 42);
	for (size_t i = 0; i < l.n; i++) assert_int_equal(audit_for(env, "read", l.items[i].id), 1);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(attendee_get(c, id, a3, &got), 0);
	assert_string_equal(got.last_name, "Ek");
	assert_null(got.email);
	assert_int_equal(got.employer_id, 0);
	assert_int_equal(audit_for(env, "read", a3), 2);

	/* Those outside the intervention see nothing and nothing is logged for them. */
	int64_t events = audit_count(env);
	const struct actor *denied[] = {&cw_other, &reader, NULL};
	for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) {
		c = testenv_ctx(env, denied[i]);
		assert_int_equal(attendee_list(c, id, &p, &l), ERR_FORBIDDEN);
		c = testenv_ctx(env, denied[i]);
		assert_int_equal(attendee_get(c, id, a1, &got), ERR_FORBIDDEN);
		c = testenv_ctx(env, denied[i]);
		assert_int_equal(attendee_create(c, id, &bo, &out), ERR_FORBIDDEN);
		struct attendee_patch pp = {.v.last_name = "X", .has_last_name = true};
		c = testenv_ctx(env, denied[i]);
		assert_int_equal(attendee_update(c, id, a1, &pp, &out), ERR_FORBIDDEN);
		c = testenv_ctx(env, denied[i]);
		assert_int_equal(attendee_delete(c, id, a1), ERR_FORBIDDEN);
	}
	assert_int_equal(audit_count(env), events);

	/* Update recomputes the person key; only what is sent changes. */
	struct attendee_patch up = {.v.email = NULL, .has_email = true, .v.last_name = "Öberg-Lind", .has_last_name = true};
	c = testenv_ctx(env, &cw_owner);
	assert_int_equal(attendee_update(c, id, a1, &up, &out), 0);
	assert_string_equal(out.first_name, "Åsa");
	assert_null(out.email);
	assert_int_equal(audit_for(env, "update", a1), 1);
	struct stmt *s = store_prepare(env->t.db, "SELECT person_key FROM attendees WHERE id = :id");
	stmt_bind_int(s, ":id", a1);
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_string_equal(stmt_text(s, 0), "åsa\x1f" "öberg-lind\x1f" "volvo cars");
	stmt_done(s);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(DISTINCT person_key) FROM attendees"), 3);

	/* Another intervention's attendee is not found through this one. */
	int64_t other = make(env, mentors());
	c = testenv_ctx(env, &kansli);
	assert_int_equal(attendee_get(c, other, a1, &got), ERR_NOT_FOUND);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(attendee_delete(c, other, a1), ERR_NOT_FOUND);

	c = testenv_ctx(env, &kansli);
	assert_int_equal(attendee_delete(c, id, a2), 0);
	assert_int_equal(audit_for(env, "delete", a2), 1);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(attendee_get(c, id, a2, &got), ERR_NOT_FOUND);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM attendees"), 2);
}

static void test_attendee_validation(void **state)
{
	struct testenv *env = *state;
	int64_t id = make(env, mentors()); /* 2024-01-01 – 2025-12-31 */
	testdb_exec(env->t.db,
		"UPDATE codes SET active = 0 WHERE list = 'attendee_format' AND code = 'commissioned';"
		"INSERT INTO codes (list, code, label) VALUES ('income_source', 'lottery', 'Lotteri');");
	char long_name[102];
	memset(long_name, 'x', 101);
	long_name[101] = 0;
	struct {
		struct attendee v;
		const char *field;
	} bad[] = {
		{{.first_name = ""}, "first_name"},
		{{.first_name = long_name}, "first_name"},
		{{.last_name = NULL}, "last_name"},
		{{.sex = "other"}, "sex"},
		{{.email = "inte en adress"}, "email"},
		{{.employer_id = -1}, "employer_id"},
		{{.organisation_name = ""}, "organisation_name"},
		{{.format = "phone"}, "format"},
		{{.format = "lottery"}, "format"},      /* a code of another list */
		{{.format = "commissioned"}, "format"}, /* inactive */
		{{.date = "2023-12-31"}, "date"},       /* before the intervention */
		{{.date = "2026-01-01"}, "date"},       /* after it */
		{{.date = "2024-02-30"}, "date"},
	};
	int64_t events = audit_count(env);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct attendee a = {.first_name = "Bo", .last_name = "Ek", .sex = "male", .format = "webinar", .date = "2024-06-01"};
		const struct attendee *b = &bad[i].v;
		const char *f = bad[i].field;
		if (strcmp(f, "first_name") == 0) a.first_name = b->first_name;
		if (strcmp(f, "last_name") == 0) a.last_name = b->last_name;
		if (strcmp(f, "sex") == 0) a.sex = b->sex;
		if (strcmp(f, "email") == 0) a.email = b->email;
		if (strcmp(f, "employer_id") == 0) a.employer_id = b->employer_id;
		if (strcmp(f, "organisation_name") == 0) a.organisation_name = b->organisation_name;
		if (strcmp(f, "format") == 0) a.format = b->format;
		if (strcmp(f, "date") == 0) a.date = b->date;
		struct attendee out;
		struct ctx *c = testenv_ctx(env, &kansli);
		if (attendee_create(c, id, &a, &out) != ERR_INVALID) fail_msg("case %zu (%s) accepted", i, f);
		assert_int_equal(c->err.nparams, 1);
		assert_string_equal(c->err.params[0].name, f);
	}
	assert_int_equal(audit_count(env), events);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM attendees"), 0);

	/* A förbund's own format works at once, no code change needed. */
	testdb_exec(env->t.db,
		"INSERT INTO codes (list, code, label) VALUES ('attendee_format', 'study_visit', 'Studiebesök');");
	struct attendee a = {.first_name = "Bo", .last_name = "Ek", .sex = "male", .format = "study_visit", .date = "2024-06-01"}, out;
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(attendee_create(c, id, &a, &out), 0);

	/* Individual interventions enrol participants instead (409). */
	struct intervention ind = mentors();
	ind.kind = "individual";
	int64_t iid = make(env, ind);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(attendee_create(c, iid, &a, &out), ERR_CONFLICT);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(attendee_create(c, 999999, &a, &out), ERR_NOT_FOUND);
	testdb_exec(env->t.db,
		"UPDATE codes SET active = 1 WHERE list = 'attendee_format' AND code = 'commissioned';");
}

TEST_MAIN(
	fixture_unit_test(test_create_and_read),
	fixture_unit_test(test_only_admin_and_kansli_change),
	fixture_unit_test(test_validation),
	fixture_unit_test(test_update_replaces_lists),
	fixture_unit_test(test_inactive_target_group),
	fixture_unit_test(test_measurement_kept_with_enrolments),
	fixture_unit_test(test_audit_failure_rolls_back),
	fixture_unit_test(test_list_filters),
	fixture_unit_test(test_volumes),
	arena_unit_test(test_person_key),
	fixture_unit_test(test_attendees),
	fixture_unit_test(test_attendee_validation),
)
