/* test_org.c — organisations (domain/org.c) against a real SQLite file:
 * create, update, read and list as an administrator and as a reader
 * (ERR_FORBIDDEN), validation, name conflicts, and the audit event written
 * in the same transaction: a failed operation leaves no row and no event. */
#include "testutil.h"
#include "domain/org.h"

static const struct actor admin = {.user_id = 0, .roles = ROLE_ADMIN, .username = "system"};
static const struct actor reader = {.user_id = 77, .org_id = 1, .roles = ROLE_READER, .username = "lasare"};

static int64_t org_count(struct testenv *env)
{
	return testdb_int(env->t.db, "SELECT COUNT(*) FROM orgs");
}

/* Checks the newest audit event. */
static void assert_last_event(struct testenv *env, const char *action, const char *entity, int64_t entity_id)
{
	struct stmt *s = store_prepare(env->t.db, "SELECT action, entity, entity_id, username, user_id IS NULL, address"
						  " FROM audit_events ORDER BY id DESC LIMIT 1");
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_string_equal(stmt_text(s, 0), action);
	assert_string_equal(stmt_text(s, 1), entity);
	assert_int_equal(stmt_int(s, 2), entity_id);
	assert_string_equal(stmt_text(s, 3), "system");
	assert_int_equal(stmt_int(s, 4), 1); /* the system actor is no user */
	assert_string_equal(stmt_text(s, 5), "cli");
	stmt_done(s);
}

static void test_create(void **state)
{
	struct testenv *env = *state;
	struct org in = {.name = "Arbetsförmedlingen", .kind = "af"}, out;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(org_create(c, &in, &out), 0);
	assert_true(out.id > 0);
	assert_string_equal(out.name, "Arbetsförmedlingen");
	assert_null(out.municipality_code);
	assert_int_equal(org_count(env), 1);
	assert_int_equal(audit_count(env), events + 1);
	assert_last_event(env, "create", "org", out.id);

	struct org k = {.name = "Trollhättans stad", .kind = "kommun", .municipality_code = "1488"}, kout;
	c = testenv_ctx(env, &admin);
	assert_int_equal(org_create(c, &k, &kout), 0);
	assert_true(kout.id > out.id);
	struct org got;
	c = testenv_ctx(env, &reader);
	assert_int_equal(org_get(c, kout.id, &got), 0);
	assert_string_equal(got.name, "Trollhättans stad");
	assert_string_equal(got.kind, "kommun");
	assert_string_equal(got.municipality_code, "1488");
	assert_int_equal(audit_count(env), events + 2);
}

static void test_reader_forbidden(void **state)
{
	struct testenv *env = *state;
	int64_t orgs = org_count(env), events = audit_count(env);
	struct org in = {.name = "Försäkringskassan", .kind = "fk"}, out;
	struct ctx *c = testenv_ctx(env, &reader);
	assert_int_equal(org_create(c, &in, &out), ERR_FORBIDDEN);
	assert_int_equal(c->err.code, ERR_FORBIDDEN);
	assert_true(c->err.msg[0] != 0);
	/* No actor at all is no better. */
	c = testenv_ctx(env, NULL);
	assert_int_equal(org_create(c, &in, &out), ERR_FORBIDDEN);
	struct org_patch p = {.name = "Nytt namn", .has_name = true};
	c = testenv_ctx(env, &reader);
	assert_int_equal(org_update(c, 1, &p, &out), ERR_FORBIDDEN);
	assert_int_equal(org_count(env), orgs);
	assert_int_equal(audit_count(env), events);
}

static void test_validation(void **state)
{
	struct testenv *env = *state;
	int64_t orgs = org_count(env), events = audit_count(env);
	char long_name[202];
	memset(long_name, 'n', 201);
	long_name[201] = 0;
	static const struct {
		const char *name, *kind, *code, *field;
	} bad[] = {
		{NULL, "af", NULL, "name"},
		{"", "af", NULL, "name"},
		{"Namn", NULL, NULL, "kind"},
		{"Namn", "bank", NULL, "kind"},
		{"Namn", "AF", NULL, "kind"},
		{"Namn", "kommun", NULL, "municipality_code"},
		{"Namn", "kommun", "0000", "municipality_code"},
		{"Namn", "region", "148", "municipality_code"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct org in = {.name = bad[i].name, .kind = bad[i].kind, .municipality_code = bad[i].code}, out;
		struct ctx *c = testenv_ctx(env, &admin);
		if (org_create(c, &in, &out) != ERR_INVALID) fail_msg("case %zu accepted", i);
		assert_int_equal(c->err.nparams, 1);
		assert_string_equal(c->err.params[0].name, bad[i].field);
	}
	struct org in = {.name = long_name, .kind = "other"}, out;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(org_create(c, &in, &out), ERR_INVALID);
	/* Every wrong field is reported at once. */
	struct org all = {.name = "", .kind = "x", .municipality_code = "9999"};
	c = testenv_ctx(env, &admin);
	assert_int_equal(org_create(c, &all, &out), ERR_INVALID);
	assert_int_equal(c->err.nparams, 3);
	assert_int_equal(org_count(env), orgs);
	assert_int_equal(audit_count(env), events);
}

static void test_conflict(void **state)
{
	struct testenv *env = *state;
	struct org in = {.name = "Samordningsförbundet", .kind = "forbund"}, out;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(org_create(c, &in, &out), 0);
	int64_t orgs = org_count(env), events = audit_count(env);
	c = testenv_ctx(env, &admin);
	assert_int_equal(org_create(c, &in, &out), ERR_CONFLICT);
	assert_non_null(strstr(c->err.msg, "Samordningsförbundet"));
	assert_int_equal(org_count(env), orgs);
	assert_int_equal(audit_count(env), events);
	/* The connection is usable afterwards: no transaction left open. */
	struct org other = {.name = "Annan aktör", .kind = "other"};
	c = testenv_ctx(env, &admin);
	assert_int_equal(org_create(c, &other, &out), 0);
	assert_int_equal(org_count(env), orgs + 1);
}

/* The audit event belongs to the same transaction as the change: when it
 * cannot be written, the change is rolled back. */
static void test_audit_failure_rolls_back(void **state)
{
	struct testenv *env = *state;
	testdb_break_audit(env->t.db);
	int64_t orgs = org_count(env), events = audit_count(env);
	struct org in = {.name = "Region Västra Götaland", .kind = "region"}, out;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(org_create(c, &in, &out), ERR_INTERNAL);
	assert_int_equal(org_count(env), orgs);
	struct org_patch p = {.name = "Omdöpt", .has_name = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(org_update(c, 1, &p, &out), ERR_INTERNAL);
	testdb_mend_audit(env->t.db);
	assert_int_equal(audit_count(env), events);
	struct org got;
	c = testenv_ctx(env, &admin);
	assert_int_equal(org_get(c, 1, &got), 0);
	assert_string_not_equal(got.name, "Omdöpt");
}

static void test_update(void **state)
{
	struct testenv *env = *state;
	struct org in = {.name = "Folkuniversitetet", .kind = "education"}, out;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(org_create(c, &in, &out), 0);
	int64_t id = out.id, events = audit_count(env);

	struct org_patch p = {.name = "Folkuniversitetet Väst", .has_name = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(org_update(c, id, &p, &out), 0);
	assert_int_equal(out.id, id);
	assert_string_equal(out.name, "Folkuniversitetet Väst");
	assert_string_equal(out.kind, "education"); /* untouched fields kept */
	assert_int_equal(audit_count(env), events + 1);
	assert_last_event(env, "update", "org", id);

	/* Becoming a kommun needs a code; invalid patches change nothing. */
	struct org_patch k = {.kind = "kommun", .has_kind = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(org_update(c, id, &k, &out), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "municipality_code");
	struct org got;
	c = testenv_ctx(env, &admin);
	assert_int_equal(org_get(c, id, &got), 0);
	assert_string_equal(got.kind, "education");
	k.municipality_code = "1488", k.has_municipality_code = true;
	c = testenv_ctx(env, &admin);
	assert_int_equal(org_update(c, id, &k, &out), 0);
	assert_string_equal(out.municipality_code, "1488");

	c = testenv_ctx(env, &admin);
	assert_int_equal(org_update(c, 999999, &p, &out), ERR_NOT_FOUND);
	c = testenv_ctx(env, &admin);
	assert_int_equal(org_get(c, 0, &got), ERR_NOT_FOUND);
	assert_int_equal(audit_count(env), events + 2);
}

static void test_list(void **state)
{
	struct testenv *env = *state;
	static const char *const names[] = {"Lista A", "Lista B", "Lista C", "Annat"};
	for (size_t i = 0; i < 4; i++) {
		struct org in = {.name = names[i], .kind = "other"}, out;
		struct ctx *c = testenv_ctx(env, &admin);
		assert_int_equal(org_create(c, &in, &out), 0);
	}
	struct org_list l;
	struct page p = {.limit = 2, .offset = 0, .q = "Lista"};
	struct ctx *c = testenv_ctx(env, &reader);
	assert_int_equal(org_list(c, &p, &l), 0);
	assert_int_equal(l.total, 3);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].name, "Lista A");
	assert_string_equal(l.items[1].name, "Lista B");
	p.offset = 2;
	c = testenv_ctx(env, &reader);
	assert_int_equal(org_list(c, &p, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].name, "Lista C");
	/* q is bound, never pasted into the SQL. */
	p = (struct page){.limit = 50, .offset = 0, .q = "'); DROP TABLE orgs; --"};
	c = testenv_ctx(env, &reader);
	assert_int_equal(org_list(c, &p, &l), 0);
	assert_int_equal(l.total, 0);
	p.q = NULL;
	c = testenv_ctx(env, &reader);
	assert_int_equal(org_list(c, &p, &l), 0);
	assert_int_equal(l.total, org_count(env));
}

TEST_MAIN_WITH(testenv_setup, testenv_teardown,
	cmocka_unit_test(test_create),
	cmocka_unit_test(test_reader_forbidden),
	cmocka_unit_test(test_validation),
	cmocka_unit_test(test_conflict),
	cmocka_unit_test(test_audit_failure_rolls_back),
	cmocka_unit_test(test_update),
	cmocka_unit_test(test_list),
)
