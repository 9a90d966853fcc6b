/* test_audit.c — the shared ends of a change (audit_commit) and of a list
 * read (audit_reads) in domain/audit.c, against a real SQLite file: what is
 * written and kept when all goes well, what is rolled back when it does not,
 * and which message the caller gets. */
#include "testutil.h"
#include "domain/audit.h"

static const struct actor kansli = {.user_id = 2, .org_id = 1, .roles = ROLE_KANSLI, .username = "kansli"};

/* Begins a change that adds the organisation "Testorg"; its step's result. */
static int begin_change(struct ctx *c)
{
	assert_int_equal(store_begin(c->db), STORE_DONE);
	struct stmt *s = store_prepare(c->db, "INSERT INTO orgs (name, kind, created_at, updated_at)"
					      " VALUES ('Testorg', 'other', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')");
	return stmt_exec(s);
}

static int64_t testorgs(struct testenv *env)
{
	return testdb_int(env->t.db, "SELECT COUNT(*) FROM orgs WHERE name = 'Testorg'");
}

static void test_commit_ok(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &kansli);
	int rc = begin_change(c);
	assert_int_equal(audit_commit(c, rc == STORE_DONE, "create", "org", 42, "detalj", "Kunde inte spara."), 0);
	assert_int_equal(c->err.code, 0);
	assert_int_equal(testorgs(env), 1);
	assert_int_equal(audit_count(env), events + 1);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'create' AND entity = 'org'"
					       " AND entity_id = 42 AND detail = 'detalj' AND user_id = 2"),
			 1);
}

static void test_commit_not_ok(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &kansli);
	begin_change(c);
	assert_int_equal(audit_commit(c, false, "create", "org", 42, NULL, "Kunde inte spara organisationen."),
			 ERR_INTERNAL);
	assert_int_equal(c->err.code, ERR_INTERNAL);
	assert_string_equal(c->err.msg, "Kunde inte spara organisationen.");
	assert_int_equal(testorgs(env), 0);
	assert_int_equal(audit_count(env), events);
}

/* The audit event itself fails (entity is NOT NULL): the change goes too,
 * and the caller's message replaces audit_write's. */
static void test_commit_audit_fails(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &kansli);
	int rc = begin_change(c);
	assert_int_equal(audit_commit(c, rc == STORE_DONE, "create", NULL, 42, NULL, "Kunde inte spara 100 %."),
			 ERR_INTERNAL);
	assert_string_equal(c->err.msg, "Kunde inte spara 100 %.");
	assert_int_equal(testorgs(env), 0);
	assert_int_equal(audit_count(env), events);
}

static void test_reads(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &kansli);
	const int64_t ids[] = {7, 3, 9};
	assert_int_equal(audit_reads(c, "attendee", ids, 3, "lista", "Kunde inte skriva i loggen."), 0);
	assert_int_equal(audit_count(env), events + 3);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'read'"
					       " AND entity = 'attendee' AND entity_id IN (3, 7, 9) AND detail = 'lista'"),
			 3);
	/* Nothing to audit still ends its (empty) transaction cleanly. */
	assert_int_equal(audit_reads(c, "attendee", NULL, 0, NULL, "Kunde inte skriva i loggen."), 0);
	assert_int_equal(audit_count(env), events + 3);
	assert_int_equal(begin_change(c), STORE_DONE); /* no transaction was left open */
	store_rollback(c->db);
}

static void test_reads_all_or_none(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &kansli);
	const int64_t ids[] = {1, 2};
	assert_int_equal(audit_reads(c, NULL, ids, 2, NULL, "Kunde inte logga läsningen."), ERR_INTERNAL);
	assert_string_equal(c->err.msg, "Kunde inte logga läsningen.");
	assert_int_equal(audit_count(env), events);
	assert_int_equal(begin_change(c), STORE_DONE); /* rolled back, not left open */
	store_rollback(c->db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		testenv_unit_test(test_commit_ok),
		testenv_unit_test(test_commit_not_ok),
		testenv_unit_test(test_commit_audit_fails),
		testenv_unit_test(test_reads),
		testenv_unit_test(test_reads_all_or_none),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
