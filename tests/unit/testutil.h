/* testutil.h — helpers shared by the unit tests: a scratch directory with a
 * migrated SQLite database, a context for domain calls, the cmocka
 * fixtures that give a test its database, context or arena and free them
 * even when a check fails, fixture SQL and the actors of its users, row
 * counts, the checks every SCB code list passes, the field an error
 * names, a test file's main
 * (TEST_MAIN), and the cmocka includes in the order cmocka needs them.
 * Header-only, so every test stays one file. */
#ifndef SAMSYN_TESTUTIL_H
#define SAMSYN_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>
#include "base/csv_reader.h"
#include "base/embed.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/ctx.h"
#include "store/store.h"

struct testdb {
	char dir[512];
	char path[600];
	struct store *db;
};

/* Creates $TMPDIR/samsyn-unit-XXXXXX and opens dir/test.db (not migrated). */
static inline void testdb_open(struct testdb *t)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(t->dir, sizeof t->dir, "%s/samsyn-unit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof t->path, "%s/test.db", t->dir);
	struct err e;
	err_clear(&e);
	t->db = NULL;
	assert_int_equal(store_open(t->path, &t->db, &e), 0);
	assert_non_null(t->db);
}

/* Opens and migrates. */
static inline void testdb_open_migrated(struct testdb *t)
{
	testdb_open(t);
	struct err e;
	err_clear(&e);
	int applied = -1;
	assert_int_equal(store_migrate(t->db, &applied, &e), 0);
	assert_true(applied >= 1);
}

/* Stops the read log's writer, closes the database and removes the
 * scratch directory. */
static inline void testdb_close(struct testdb *t)
{
	audit_shutdown();
	store_close(t->db);
	t->db = NULL;
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal", STORE_READS_SUFFIX,
					       STORE_READS_SUFFIX "-wal", STORE_READS_SUFFIX "-shm", STORE_READS_SUFFIX "-journal"};
	char f[700];
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(f, sizeof f, "%s%s", t->path, suffixes[i]);
		unlink(f);
	}
	rmdir(t->dir);
}

/* A test case with a database of its own, empty or migrated: cmocka's
 * setup and teardown make *state a struct testdb, opened (testdb_setup)
 * or opened and migrated (testdb_migrated_setup), and close it. */
#define testdb_unit_test(f) cmocka_unit_test_setup_teardown(f, testdb_setup, testdb_teardown)
#define testdb_migrated_unit_test(f) cmocka_unit_test_setup_teardown(f, testdb_migrated_setup, testdb_teardown)
static inline int testdb_setup(void **state)
{
	testdb_open(*state = calloc(1, sizeof(struct testdb)));
	return 0;
}

static inline int testdb_migrated_setup(void **state)
{
	testdb_open_migrated(*state = calloc(1, sizeof(struct testdb)));
	return 0;
}

static inline int testdb_teardown(void **state)
{
	testdb_close(*state);
	free(*state);
	return 0;
}

/* A test case with an arena of its own: *state is a struct arena, freed
 * after the test whether it passed or not. */
#define arena_unit_test(f) cmocka_unit_test_setup_teardown(f, testarena_setup, testarena_teardown)
static inline int testarena_setup(void **state)
{
	arena_init(*state = calloc(1, sizeof(struct arena)), 0);
	return 0;
}

static inline int testarena_teardown(void **state)
{
	arena_free(*state);
	free(*state);
	return 0;
}

/* The single integer the statement returns (sql must be a string literal:
 * the statement cache is keyed by its address). */
static inline int64_t testdb_int(struct store *db, const char *sql)
{
	struct stmt *s = store_prepare(db, sql);
	assert_int_equal(stmt_step(s), STORE_ROW);
	int64_t v = stmt_int(s, 0);
	stmt_done(s);
	return v;
}

/* Runs a fixture script; a failure fails the test with SQLite's message. */
static inline void testdb_exec(struct store *db, const char *sql)
{
	struct err e;
	err_clear(&e);
	if (store_exec_script(db, sql, &e) != 0) fail_msg("%s: %s", sql, e.msg);
}

/* The förbund (1) and three member organisations: AF (2), FK (3) and a
 * kommun (4). */
#define TESTDB_ORGS_SQL \
	"INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES (1, 'Förbundet', 'forbund', 'x', 'x')," \
	" (2, 'AF', 'af', 'x', 'x'), (3, 'FK', 'fk', 'x', 'x'), (4, 'Kommunen', 'other', 'x', 'x');"
/* Their users: the administrator (1, in the förbund) and a case worker in
 * each member, anna (10, AF), fia (11, FK) and kim (12, the kommun). */
#define TESTDB_USERS_SQL \
	"INSERT INTO users (id, username, name, org_id, roles, created_at, updated_at) VALUES" \
	" (1, 'admin', 'Admin', 1, 'admin', 'x', 'x'), (10, 'anna', 'Anna', 2, 'case_worker', 'x', 'x')," \
	" (11, 'fia', 'Fia', 3, 'case_worker', 'x', 'x'), (12, 'kim', 'Kim', 4, 'case_worker', 'x', 'x');"

/* The users of TESTDB_USERS_SQL as actors. */
#define TESTDB_ADMIN {.user_id = 1, .org_id = 1, .roles = ROLE_ADMIN, .username = "admin"}
#define TESTDB_ANNA {.user_id = 10, .org_id = 2, .roles = ROLE_CASE_WORKER, .username = "anna"}
#define TESTDB_FIA {.user_id = 11, .org_id = 3, .roles = ROLE_CASE_WORKER, .username = "fia"}
#define TESTDB_KIM {.user_id = 12, .org_id = 4, .roles = ROLE_CASE_WORKER, .username = "kim"}

/* Steget (100): AF's (2) individual intervention that follows
 * participants, active since 2022. */
#define TESTDB_STEGET_SQL \
	"INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement," \
	" created_at, updated_at) VALUES" \
	" (100, 'Steget', 'individual', 2, '2022-01-01', NULL, 'active', 'participants', 'x', 'x');"

/* Makes every audit write fail, of changes and of reads, until
 * testdb_mend_audit: a change whose audit event cannot be written must be
 * rolled back with it, and a read not shown. */
static inline void testdb_break_audit(struct store *db)
{
	testdb_exec(db, "CREATE TRIGGER test_no_audit BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'test'); END;");
	testdb_exec(store_reads(db), "CREATE TRIGGER reads.test_no_audit BEFORE INSERT ON audit_reads"
				     " BEGIN SELECT RAISE(ABORT, 'test'); END;");
}

static inline void testdb_mend_audit(struct store *db)
{
	testdb_exec(db, "DROP TRIGGER test_no_audit;");
	testdb_exec(store_reads(db), "DROP TRIGGER reads.test_no_audit;");
}

/* A migrated database, an arena and a context for domain tests. */
struct testenv {
	struct testdb t;
	struct arena arena;
	struct ctx c;
};

static inline void testenv_open(struct testenv *env)
{
	assert_int_equal(auth_init(), 0);
	testdb_open_migrated(&env->t);
	arena_init(&env->arena, 0);
	ctx_init(&env->c, env->t.db, &env->arena, NULL, "cli");
}

/* A fresh context (error cleared) acting as a. */
static inline struct ctx *testenv_ctx(struct testenv *env, const struct actor *a)
{
	ctx_init(&env->c, env->t.db, &env->arena, a, "cli");
	return &env->c;
}

static inline void testenv_close(struct testenv *env)
{
	arena_free(&env->arena);
	testdb_close(&env->t);
}

/* cmocka setup and teardown: *state is a struct testenv. */
static inline int testenv_setup(void **state)
{
	testenv_open(*state = calloc(1, sizeof(struct testenv)));
	return 0;
}

/* A testenv for a test on a day of its own (today: SAMSYN_TODAY, NULL for
 * the clock's), with the fixture script sql run (NULL: none). */
static inline struct testenv *testenv_setup_fixture(void **state, const char *today, const char *sql)
{
	if (today) setenv("SAMSYN_TODAY", today, 1);
	testenv_setup(state);
	struct testenv *env = *state;
	if (sql) testdb_exec(env->t.db, sql);
	return env;
}

/* Also clears SAMSYN_TODAY, however the test or its setup set it. */
static inline int testenv_teardown(void **state)
{
	struct testenv *env = *state;
	testenv_close(env);
	free(env);
	unsetenv("SAMSYN_TODAY");
	return 0;
}

/* A test case with a database of its own; fixture_unit_test: one that
 * the test file's own setup (a function named setup that calls
 * testenv_setup or testenv_setup_fixture) has given its data. */
#define testenv_unit_test(f) cmocka_unit_test_setup_teardown(f, testenv_setup, testenv_teardown)
#define fixture_unit_test(f) cmocka_unit_test_setup_teardown(f, setup, testenv_teardown)

/* A number from the read log (SQL on reads.audit_reads and
 * reads.audit_read_subjects) once every read queued so far is written. */
#define testdb_reads_int(db, sql) (assert_int_equal(audit_flush(), 0), testdb_int(store_reads(db), sql))

/* Events in both tables of the log: changes and the read log. */
static inline int64_t audit_count(struct testenv *env)
{
	assert_int_equal(audit_flush(), 0);
	return testdb_int(store_reads(env->t.db), "SELECT (SELECT COUNT(*) FROM audit_events) + (SELECT COUNT(*) FROM reads.audit_reads)");
}

/* The events with action (NULL: any) of one record: its own and the list
 * reads naming it, in either table, counted with an index of list reads
 * (up to its mark) or without: GET /audit?entity_id= must find the same. */
static inline int64_t audit_events_of(struct store *db, const char *action, const char *entity, int64_t id)
{
	assert_int_equal(audit_flush(), 0);
	struct stmt *s = store_prepare(store_reads(db),
		"SELECT COUNT(*) FROM (SELECT action, entity, entity_id, entity_ids FROM audit_events"
		" UNION ALL SELECT action, entity, entity_id, entity_ids FROM reads.audit_reads)"
		" WHERE (CAST(:action AS TEXT) IS NULL OR action = :action) AND entity = :entity"
		" AND (entity_id = :entity_id OR ',' || entity_ids || ',' LIKE '%,' || :entity_id || ',%')");
	stmt_bind_text(s, ":action", action);
	stmt_bind_text(s, ":entity", entity);
	stmt_bind_int(s, ":entity_id", id);
	int64_t n = -1;
	assert_int_equal(stmt_scalar(s, &n), STORE_ROW);
	return n;
}

/* What an SCB classification module (se/sni.c, se/ssyk.c) answers for a
 * code: each test fills one with its own module's functions. */
struct testcode {
	bool valid;
	const char *level; /* the level's name */
	const char *title, *parent, *error_text;
};

/* Checks every row of the embedded "level,code,title,parent" asset against
 * what describe answers for its code; returns the number of rows. */
static inline size_t testcodes_every_row(const char *asset, void (*describe)(const char *code, struct testcode *out))
{
	const struct embedded_file *f = embed_find(embedded_assets, embedded_assets_count, asset);
	assert_non_null(f);
	struct err e = {0};
	struct csv_reader *r = csv_open_mem(f->data, f->len, NULL);
	assert_int_equal(csv_next(r, &e), 1); /* header */
	size_t rows = 0;
	while (csv_next(r, &e) == 1) {
		const char *level = csv_field(r, 0), *code = csv_field(r, 1), *title = csv_field(r, 2),
			   *parent = csv_field(r, 3);
		struct testcode got;
		describe(code, &got);
		if (!got.valid) fail_msg("%s not loaded", code);
		assert_string_equal(got.level, level);
		assert_string_equal(got.title, title);
		if (*parent)
			assert_string_equal(got.parent, parent);
		else
			assert_null(got.parent);
		assert_null(got.error_text);
		rows++;
	}
	assert_int_equal(e.code, 0);
	csv_close(r);
	return rows;
}

struct testcodes_thread {
	size_t (*count)(void);
	size_t n;
};

static inline void *testcodes_count_thread(void *arg)
{
	struct testcodes_thread *t = arg;
	t->n = t->count();
	return NULL;
}

/* Calls count (which loads the table on first use) from 8 threads at once;
 * each must see all `want` codes. */
static inline void testcodes_concurrent_count(size_t (*count)(void), size_t want)
{
	pthread_t th[8];
	struct testcodes_thread t[8];
	for (int i = 0; i < 8; i++) {
		t[i] = (struct testcodes_thread){.count = count};
		assert_int_equal(pthread_create(&th[i], NULL, testcodes_count_thread, &t[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(t[i].n, want);
	}
}

/* The main of a test file: runs the cases (cmocka_unit_test(f),
 * testenv_unit_test(f) …) as one group, "tests"; TEST_MAIN_WITH gives the
 * group a setup and a teardown of its own. */
/* True when the error names field name among its invalid parameters. */
static inline bool err_names_field(const struct err *e, const char *name)
{
	for (int i = 0; i < e->nparams; i++)
		if (strcmp(e->params[i].name, name) == 0) return true;
	return false;
}

#define TEST_MAIN(...) TEST_MAIN_WITH(NULL, NULL, __VA_ARGS__)
#define TEST_MAIN_WITH(setup, teardown, ...)                          \
	int main(void)                                                  \
	{                                                               \
		const struct CMUnitTest tests[] = {__VA_ARGS__};        \
		return cmocka_run_group_tests(tests, setup, teardown); \
	}

#endif
