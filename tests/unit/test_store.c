/* test_store.c — nested transactions of the store (savepoints): an inner
 * level rolled back leaves the outer one's work; an outer rollback undoes
 * committed inner levels; commit/rollback without a transaction are safe. */
#include "testutil.h"

static void exec(struct store *db, const char *sql)
{
	struct err e;
	err_clear(&e);
	if (store_exec_script(db, sql, &e) != 0) fail_msg("%s: %s", sql, e.msg);
}

static void insert(struct store *db, int64_t v)
{
	struct stmt *s = store_prepare(db, "INSERT INTO t (v) VALUES (?)");
	stmt_bind_int(s, 1, v);
	assert_int_equal(stmt_exec(s), STORE_DONE);
}

static void test_nesting(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	exec(t.db, "CREATE TABLE t (v INTEGER)");

	/* inner rollback keeps the outer level's rows */
	assert_int_equal(store_begin(t.db), STORE_DONE);
	insert(t.db, 1);
	assert_int_equal(store_begin(t.db), STORE_DONE);
	insert(t.db, 2);
	store_rollback(t.db);
	assert_int_equal(store_begin(t.db), STORE_DONE);
	insert(t.db, 3);
	assert_int_equal(store_commit(t.db), STORE_DONE);
	assert_int_equal(store_commit(t.db), STORE_DONE);
	assert_int_equal(testdb_int(t.db, "SELECT COUNT(*) FROM t"), 2);
	assert_int_equal(testdb_int(t.db, "SELECT SUM(v) FROM t"), 4);

	/* outer rollback undoes a committed inner level, three deep */
	assert_int_equal(store_begin(t.db), STORE_DONE);
	insert(t.db, 10);
	assert_int_equal(store_begin(t.db), STORE_DONE);
	assert_int_equal(store_begin(t.db), STORE_DONE);
	insert(t.db, 20);
	assert_int_equal(store_commit(t.db), STORE_DONE);
	assert_int_equal(store_commit(t.db), STORE_DONE);
	store_rollback(t.db);
	assert_int_equal(testdb_int(t.db, "SELECT COUNT(*) FROM t"), 2);

	/* nothing open: commit fails, rollback is harmless, and a new
	 * transaction starts normally afterwards */
	assert_int_not_equal(store_commit(t.db), STORE_DONE);
	store_rollback(t.db);
	assert_int_equal(store_begin(t.db), STORE_DONE);
	insert(t.db, 5);
	assert_int_equal(store_commit(t.db), STORE_DONE);
	assert_int_equal(testdb_int(t.db, "SELECT COUNT(*) FROM t"), 3);
	testdb_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nesting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
