/* testutil.h — helpers shared by the unit tests: a scratch directory with a
 * migrated SQLite database, a context for domain calls, row counts, and the
 * cmocka includes in the order cmocka needs them. Header-only, so every
 * test stays one file. */
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
#include <unistd.h>
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

/* Closes the database and removes the scratch directory. */
static inline void testdb_close(struct testdb *t)
{
	store_close(t->db);
	t->db = NULL;
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char f[700];
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(f, sizeof f, "%s%s", t->path, suffixes[i]);
		unlink(f);
	}
	rmdir(t->dir);
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

static inline int64_t audit_count(struct testenv *env)
{
	return testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events");
}

#endif
