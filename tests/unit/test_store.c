/* test_store.c — nested transactions of the store (savepoints): an inner
 * level rolled back leaves the outer one's work; an outer rollback undoes
 * committed inner levels; commit/rollback without a transaction are safe.
 * A load takes the rollback journal only when it is alone with the file.
 * A write lock held by another connection is waited for up to the busy
 * wait, then STORE_EBUSY, which store_busy remembers and ctx_begin turns
 * into ERR_BUSY. Named parameters: a name used twice is bound once; in a
 * debug build a parameter left unbound or bound twice, and a positional
 * bind into a named statement, abort naming the statement and the
 * parameter, as does a name the statement lacks in every build. */
#include "testutil.h"
#include <signal.h>
#include <sys/wait.h>
#include "base/clock.h"
#include "domain/ctx.h"
#include <pthread.h>
#include <sqlite3.h>
#include <time.h>
#include <string.h>

static void insert(struct store *db, int64_t v)
{
	struct stmt *s = store_prepare(db, "INSERT INTO t (v) VALUES (:v)");
	stmt_bind_int(s, ":v", v);
	assert_int_equal(stmt_exec(s), STORE_DONE);
}

/* Ends the other connection's transaction after 100 ms. */
static void *release_later(void *arg)
{
	struct timespec ts = {0, 100 * 1000000L};
	nanosleep(&ts, NULL);
	sqlite3_exec(arg, "ROLLBACK", NULL, NULL, NULL);
	return NULL;
}

static void test_nesting(void **state)
{
	struct testdb *t = *state;
	testdb_exec(t->db, "CREATE TABLE t (v INTEGER)");

	/* inner rollback keeps the outer level's rows */
	assert_int_equal(store_begin(t->db), STORE_DONE);
	insert(t->db, 1);
	assert_int_equal(store_begin(t->db), STORE_DONE);
	insert(t->db, 2);
	store_rollback(t->db);
	assert_int_equal(store_begin(t->db), STORE_DONE);
	insert(t->db, 3);
	assert_int_equal(store_commit(t->db), STORE_DONE);
	assert_int_equal(store_commit(t->db), STORE_DONE);
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM t"), 2);
	assert_int_equal(testdb_int(t->db, "SELECT SUM(v) FROM t"), 4);

	/* outer rollback undoes a committed inner level, three deep */
	assert_int_equal(store_begin(t->db), STORE_DONE);
	insert(t->db, 10);
	assert_int_equal(store_begin(t->db), STORE_DONE);
	assert_int_equal(store_begin(t->db), STORE_DONE);
	insert(t->db, 20);
	assert_int_equal(store_commit(t->db), STORE_DONE);
	assert_int_equal(store_commit(t->db), STORE_DONE);
	store_rollback(t->db);
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM t"), 2);

	/* nothing open: commit fails, rollback is harmless, and a new
	 * transaction starts normally afterwards */
	assert_int_not_equal(store_commit(t->db), STORE_DONE);
	store_rollback(t->db);
	assert_int_equal(store_begin(t->db), STORE_DONE);
	insert(t->db, 5);
	assert_int_equal(store_commit(t->db), STORE_DONE);
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM t"), 3);
}

static const char *journal_mode(struct store *db)
{
	struct stmt *s = store_prepare(db, "PRAGMA journal_mode");
	static char mode[16];
	mode[0] = '\0';
	if (stmt_step(s) == STORE_ROW) snprintf(mode, sizeof mode, "%s", stmt_text(s, 0));
	stmt_done(s);
	return mode;
}

static void test_load_journal(void **state)
{
	struct testdb *t = *state;
	assert_string_equal(journal_mode(t->db), "wal");
	/* Alone: the load gets a rollback journal, and WAL back after. */
	assert_true(store_load_begin(t->db));
	assert_string_equal(journal_mode(t->db), "delete");
	testdb_exec(t->db, "CREATE TABLE t (v INTEGER)");
	store_load_end(t->db);
	assert_string_equal(journal_mode(t->db), "wal");
	/* With another connection open (a server): WAL stays. */
	struct store *other = NULL;
	struct err e;
	err_clear(&e);
	assert_int_equal(store_open(t->path, &other, &e), 0);
	assert_int_equal(testdb_int(other, "SELECT COUNT(*) FROM t"), 0);
	assert_false(store_load_begin(t->db));
	assert_string_equal(journal_mode(t->db), "wal");
	store_close(other);
	/* Never inside a transaction. */
	assert_int_equal(store_begin(t->db), STORE_DONE);
	assert_false(store_load_begin(t->db));
	store_rollback(t->db);
}

static void test_busy(void **state)
{
	struct testdb *t = *state;
	testdb_exec(t->db, "CREATE TABLE t (v INTEGER)");
	int wait = store_busy_wait();
	store_set_busy_wait(200);
	/* Another connection, as another process would, holds the write lock. */
	sqlite3 *other;
	assert_int_equal(sqlite3_open(t->path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	double t0 = clock_monotonic_ms();
	assert_int_equal(store_begin(t->db), STORE_EBUSY);
	double waited = clock_monotonic_ms() - t0;
	assert_true(waited >= 190 && waited < 1000);
	assert_true(store_busy(t->db));
	/* A read is not held up (WAL), and a call that succeeds forgets the busy. */
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM t"), 0);
	assert_false(store_busy(t->db));
	/* ctx_begin: ERR_BUSY with the Swedish message; nothing left open. */
	struct arena a;
	arena_init(&a, 1024);
	struct ctx c;
	ctx_init(&c, t->db, &a, NULL, "test");
	assert_int_equal(ctx_begin(&c), ERR_BUSY);
	assert_non_null(strstr(c.err.msg, "upptagen"));
	assert_int_equal(ctx_store_failed(&c, "Fel."), ERR_BUSY);
	/* Released: the write goes through, and a failure that is not a lock is ERR_INTERNAL. */
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	err_clear(&c.err);
	assert_int_equal(ctx_begin(&c), 0);
	insert(t->db, 1);
	assert_int_equal(store_commit(t->db), STORE_DONE);
	assert_false(store_busy(t->db));
	assert_int_equal(ctx_store_failed(&c, "Fel."), ERR_INTERNAL);
	assert_string_equal(c.err.msg, "Fel.");
	/* A lock released while a write waits: the write waits and succeeds. */
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	store_set_busy_wait(60000);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, release_later, other), 0);
	t0 = clock_monotonic_ms();
	assert_int_equal(store_begin(t->db), STORE_DONE);
	waited = clock_monotonic_ms() - t0;
	assert_true(waited >= 90 && waited < 5000);
	insert(t->db, 2);
	assert_int_equal(store_commit(t->db), STORE_DONE);
	pthread_join(th, NULL);
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM t"), 2);
	sqlite3_close(other);
	arena_free(&a);
	store_set_busy_wait(wait);
}

static void test_named(void **state)
{
	struct testdb *t = *state;
	testdb_exec(t->db, "CREATE TABLE m (k TEXT, v INTEGER); INSERT INTO m VALUES ('a', 1), ('b', 2), (NULL, 3);");
	static const char sql[] = "SELECT COUNT(*) FROM m WHERE (CAST(:k AS TEXT) IS NULL OR k = :k) AND v >= :min";
	struct stmt *s = store_prepare(t->db, sql);
	assert_true(stmt_has_param(s, ":k"));
	assert_false(stmt_has_param(s, ":nope"));
	int64_t n = -1;
	stmt_bind_text(s, ":k", "b");
	stmt_bind_int(s, ":min", 0);
	assert_int_equal(stmt_scalar(s, &n), STORE_ROW);
	assert_int_equal(n, 1);
	/* the optional filter left out: its one bind is NULL */
	s = store_prepare(t->db, sql);
	stmt_bind_null(s, ":k");
	stmt_bind_int(s, ":min", 2);
	assert_int_equal(stmt_scalar(s, &n), STORE_ROW);
	assert_int_equal(n, 2);
}

/* What each child below does wrong with the statement. */
enum misuse { UNBOUND, TWICE, NO_SUCH, POSITIONAL, AFTER_STEP };

/* Runs the misuse in a child of its own (a connection of its own to a
 * database in memory) and returns what it wrote to stderr; the child must
 * have aborted. */
static char *misuse_in_child(enum misuse m)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		struct store *db = NULL;
		struct err e = {0};
		if (store_open(":memory:", &db, &e) != 0) _exit(2);
		struct stmt *s = store_prepare(db, "SELECT :a + :b + :a");
		stmt_bind_int(s, ":a", 1);
		switch (m) {
		case UNBOUND: break;
		case TWICE: stmt_bind_int(s, ":b", 2); stmt_bind_int(s, ":a", 3); break;
		case NO_SUCH: stmt_bind_int(s, ":b", 2); stmt_bind_int(s, ":c", 3); break;
		case POSITIONAL: store_prepare(db, "SELECT :a + :b + :a + ?"); break; /* aborts here */
		case AFTER_STEP:
			stmt_bind_int(s, ":b", 2);
			stmt_step(s);
			stmt_bind_int(s, ":b", 2);
			break;
		}
		stmt_step(s);
		_exit(0);
	}
	close(fds[1]);
	static char out[4096];
	size_t len = 0;
	ssize_t r;
	while (len < sizeof out - 1 && (r = read(fds[0], out + len, sizeof out - 1 - len)) > 0) len += (size_t)r;
	out[len] = '\0';
	close(fds[0]);
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT) fail_msg("misuse %d not caught: %s", (int)m, out);
	assert_non_null(strstr(out, "SELECT :a + :b + :a"));
	return out;
}

static void test_bind_check(void **state)
{
	(void)state;
	assert_non_null(strstr(misuse_in_child(NO_SUCH), "no such parameter: :c"));
	assert_non_null(strstr(misuse_in_child(POSITIONAL), "a parameter by position, not by name: ?"));
#ifdef NDEBUG
	skip();
#else
	assert_non_null(strstr(misuse_in_child(UNBOUND), "never bound: :b"));
	assert_non_null(strstr(misuse_in_child(TWICE), "bound twice: :a"));
	assert_non_null(strstr(misuse_in_child(AFTER_STEP), "bound after a step without stmt_done: :b"));
#endif
}

TEST_MAIN(
	testdb_unit_test(test_named),
	cmocka_unit_test(test_bind_check),
	testdb_unit_test(test_nesting),
	testdb_unit_test(test_load_journal),
	testdb_unit_test(test_busy),
)
