/* test_rate_limit.c — the public routes' per-address counter and the
 * scheduled jobs' lease, both in the database (domain/rate_limit.c,
 * domain/jobs.c): the limit within a window, Retry-After to the window's
 * end, a new window, keys apart, two connections (two servers) counting
 * into one window; the lease held by one holder until it ends or is
 * given up. */
#include "testutil.h"
#include "domain/jobs.h"
#include "domain/rate_limit.h"

/* A window's start, so the expected Retry-After is exact. */
#define T0 (RATE_LIMIT_WINDOW_S * 1000)

static int take(struct store *db, const char *key, int64_t now, int limit, int *retry)
{
	struct arena a;
	arena_init(&a, 0);
	struct ctx c;
	ctx_init(&c, db, &a, NULL, "127.0.0.1");
	int rc = rate_limit_take(&c, key, now, limit, retry);
	arena_free(&a);
	return rc;
}

static void test_limit_and_retry_after(void **state)
{
	struct testdb *t = *state;
	int retry = -1;
	for (int i = 0; i < 3; i++) assert_int_equal(take(t->db, "10.0.0.1", T0, 3, &retry), 1);
	assert_int_equal(take(t->db, "10.0.0.1", T0 + 10, 3, &retry), 0);
	assert_int_equal(retry, RATE_LIMIT_WINDOW_S - 10);
	assert_int_equal(take(t->db, "10.0.0.1", T0 + RATE_LIMIT_WINDOW_S - 1, 3, &retry), 0);
	assert_int_equal(retry, 1);
	/* Refused requests are not counted on. */
	assert_int_equal(testdb_int(t->db, "SELECT count FROM rate_limits"), 3);
	/* The window is over: counted afresh. */
	assert_int_equal(take(t->db, "10.0.0.1", T0 + RATE_LIMIT_WINDOW_S, 3, &retry), 1);
}

static void test_keys_apart(void **state)
{
	struct testdb *t = *state;
	int retry;
	assert_int_equal(take(t->db, "10.0.0.1", T0, 1, &retry), 1);
	assert_int_equal(take(t->db, "10.0.0.1", T0, 1, &retry), 0);
	assert_int_equal(take(t->db, "10.0.0.2", T0, 1, &retry), 1);
	assert_int_equal(take(t->db, "::1", T0, 1, &retry), 1);
	assert_int_equal(take(t->db, "::1", T0 + 1, 1, &retry), 0);
}

/* Two connections to one file are two servers: one count. */
static void test_two_connections_one_count(void **state)
{
	struct testdb *t = *state;
	struct store *other = NULL;
	struct err e;
	err_clear(&e);
	assert_int_equal(store_open(t->path, &other, &e), 0);
	int retry;
	for (int i = 0; i < 4; i++) assert_int_equal(take(i % 2 ? other : t->db, "192.0.2.7", T0 + i, 4, &retry), 1);
	assert_int_equal(take(other, "192.0.2.7", T0 + 5, 4, &retry), 0);
	assert_int_equal(take(t->db, "192.0.2.7", T0 + 5, 4, &retry), 0);
	store_close(other);
}

/* Another connection holding the write lock past the busy wait (an
 * import): the request is let through, not refused. */
static void test_busy_lets_through(void **state)
{
	struct testdb *t = *state;
	struct store *other = NULL;
	struct err e;
	err_clear(&e);
	assert_int_equal(store_open(t->path, &other, &e), 0);
	int wait = store_busy_wait();
	store_set_busy_wait(50);
	assert_int_equal(store_begin(other), STORE_DONE);
	assert_int_equal(stmt_exec(store_prepare(other, "DELETE FROM rate_limits")), STORE_DONE);
	int retry;
	assert_int_equal(take(t->db, "10.0.0.9", T0, 1, &retry), 1);
	assert_int_equal(take(t->db, "10.0.0.9", T0, 1, &retry), 1);
	assert_int_equal(store_commit(other), STORE_DONE);
	store_set_busy_wait(wait);
	store_close(other);
	/* Free again: counted, and over the limit refused. */
	assert_int_equal(take(t->db, "10.0.0.9", T0, 1, &retry), 1);
	assert_int_equal(take(t->db, "10.0.0.9", T0, 1, &retry), 0);
}

static void test_sweep(void **state)
{
	struct testdb *t = *state;
	int retry;
	assert_int_equal(take(t->db, "a", T0, 5, &retry), 1);
	assert_int_equal(take(t->db, "b", T0 + RATE_LIMIT_WINDOW_S, 5, &retry), 1);
	struct arena a;
	arena_init(&a, 0);
	struct ctx c;
	ctx_init(&c, t->db, &a, NULL, "scheduler");
	/* In the second window the first has ended: only it goes. */
	assert_int_equal(jobs_housekeeping(&c, T0 + RATE_LIMIT_WINDOW_S + 1), 0);
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM rate_limits"), 1);
	arena_free(&a);
}

static int lease(struct store *db, const char *holder, int64_t now)
{
	struct arena a;
	arena_init(&a, 0);
	struct ctx c;
	ctx_init(&c, db, &a, NULL, "scheduler");
	int rc = job_lease_take(&c, JOB_SCHEDULER, holder, now, 30);
	arena_free(&a);
	return rc;
}

static void test_lease(void **state)
{
	struct testdb *t = *state;
	assert_int_equal(lease(t->db, "a", 1000), 1);
	assert_int_equal(lease(t->db, "b", 1001), 0);
	assert_int_equal(lease(t->db, "a", 1020), 1); /* renewed: until 1050 */
	assert_int_equal(lease(t->db, "b", 1049), 0);
	assert_int_equal(lease(t->db, "b", 1050), 1); /* a's lease ended: taken over */
	assert_int_equal(lease(t->db, "a", 1051), 0);
	struct arena a;
	arena_init(&a, 0);
	struct ctx c;
	ctx_init(&c, t->db, &a, NULL, "scheduler");
	/* Only the holder gives it up. */
	assert_int_equal(job_lease_release(&c, JOB_SCHEDULER, "a"), 0);
	assert_int_equal(lease(t->db, "a", 1052), 0);
	assert_int_equal(job_lease_release(&c, JOB_SCHEDULER, "b"), 0);
	assert_int_equal(lease(t->db, "a", 1053), 1);
	arena_free(&a);
	assert_non_null(strchr(job_holder(), ':'));
}

TEST_MAIN(testdb_migrated_unit_test(test_limit_and_retry_after), testdb_migrated_unit_test(test_keys_apart),
	  testdb_migrated_unit_test(test_two_connections_one_count), testdb_migrated_unit_test(test_busy_lets_through),
	  testdb_migrated_unit_test(test_sweep),
	  testdb_migrated_unit_test(test_lease))
