/* test_store.c — nested transactions of the store (savepoints): an inner
 * level rolled back leaves the outer one's work; an outer rollback undoes
 * committed inner levels; commit/rollback without a transaction are safe.
 * A load takes the rollback journal only when it is alone with the file. */
#include "testutil.h"

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
	testdb_exec(t.db, "CREATE TABLE t (v INTEGER)");

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
	(void)state;
	struct testdb t;
	testdb_open(&t);
	assert_string_equal(journal_mode(t.db), "wal");
	/* Alone: the load gets a rollback journal, and WAL back after. */
	assert_true(store_load_begin(t.db));
	assert_string_equal(journal_mode(t.db), "delete");
	testdb_exec(t.db, "CREATE TABLE t (v INTEGER)");
	store_load_end(t.db);
	assert_string_equal(journal_mode(t.db), "wal");
	/* With another connection open (a server): WAL stays. */
	struct store *other = NULL;
	struct err e;
	err_clear(&e);
	assert_int_equal(store_open(t.path, &other, &e), 0);
	assert_int_equal(testdb_int(other, "SELECT COUNT(*) FROM t"), 0);
	assert_false(store_load_begin(t.db));
	assert_string_equal(journal_mode(t.db), "wal");
	store_close(other);
	/* Never inside a transaction. */
	assert_int_equal(store_begin(t.db), STORE_DONE);
	assert_false(store_load_begin(t.db));
	store_rollback(t.db);
	testdb_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_load_journal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
