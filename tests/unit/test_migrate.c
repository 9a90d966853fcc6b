/* test_migrate.c — schema migrations (store/migrate.c) and the SQLite
 * connection set-up (store/store_sqlite.c) against a real database file in
 * a scratch directory: 0001 is applied once, a second run applies nothing,
 * each migration is recorded with its checksum, a database whose migration
 * differs or is unknown is refused unchanged, an older database gets its
 * checksums, the expected tables exist, the audit log is append-only,
 * foreign keys are enforced and the journal is WAL. */
#include "testutil.h"
#include "base/embed.h"
#include <sodium.h>

/* The highest version among the embedded portable migrations. */
static int newest_version(int *count)
{
	int v = 0;
	*count = 0;
	for (size_t i = 0; i < embedded_migrations_count; i++) {
		const char *n = embedded_migrations[i].name;
		if (strstr(n, ".sqlite.sql") || strstr(n, ".pg.sql")) continue;
		(*count)++;
		if (atoi(n) > v) v = atoi(n);
	}
	return v;
}

static void test_fresh_database(void **state)
{
	struct testdb *t = *state;
	assert_int_equal(store_schema_version(t->db), 0);
	struct err e;
	err_clear(&e);
	int applied = -1, portable;
	int newest = newest_version(&portable);
	assert_true(newest >= 1);
	assert_int_equal(store_migrate(t->db, &applied, &e), 0);
	assert_int_equal(e.code, 0);
	assert_int_equal(applied, portable);
	assert_int_equal(store_schema_version(t->db), newest);
	/* 0001 is recorded under its file name. */
	struct stmt *s = store_prepare(t->db, "SELECT name, applied_at FROM schema_migrations WHERE version = 1");
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_string_equal(stmt_text(s, 0), "0001_foundation.sql");
	assert_int_equal(strlen(stmt_text(s, 1)), 20);
	stmt_done(s);
	/* Dialect files are not versions of their own. */
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM schema_migrations"), portable);
}

static void test_second_run(void **state)
{
	struct testdb *t = *state;
	int v = store_schema_version(t->db);
	struct err e;
	err_clear(&e);
	int applied = -1;
	assert_int_equal(store_migrate(t->db, &applied, &e), 0);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(t->db), v);
	/* NULL for applied is allowed. */
	assert_int_equal(store_migrate(t->db, NULL, &e), 0);
	/* A new connection to the same file sees the same schema, applies nothing. */
	store_close(t->db);
	t->db = NULL;
	assert_int_equal(store_open(t->path, &t->db, &e), 0);
	applied = -1;
	assert_int_equal(store_migrate(t->db, &applied, &e), 0);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(t->db), v);
	int portable;
	newest_version(&portable);
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM schema_migrations"), portable);
}

/* What the checksum of 0001 must be: SHA-256 of the portable file and then
 * its SQLite part. */
static void expected_0001(char hex[65])
{
	const struct embedded_file *a = embed_find(embedded_migrations, embedded_migrations_count, "0001_foundation.sql");
	const struct embedded_file *b = embed_find(embedded_migrations, embedded_migrations_count, "0001_foundation.sqlite.sql");
	assert_non_null(a);
	assert_non_null(b);
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)a->data, a->len);
	crypto_hash_sha256_update(&st, (const unsigned char *)b->data, b->len);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

static void assert_checksum_0001(struct store *db)
{
	char want[65];
	expected_0001(want);
	struct stmt *s = store_prepare(db, "SELECT checksum FROM schema_migrations WHERE version = 1");
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_string_equal(stmt_text(s, 0), want);
	stmt_done(s);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM schema_migrations WHERE length(checksum) = 64"),
			 testdb_int(db, "SELECT COUNT(*) FROM schema_migrations"));
}

static void test_checksums(void **state)
{
	struct testdb *t = *state;
	assert_checksum_0001(t->db);
	/* 0002 has no SQLite part: its checksum differs from 0001's. */
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(DISTINCT checksum) = COUNT(*) FROM schema_migrations"), 1);
}

/* A refusal names the migration and changes nothing: not the rows, and
 * not a pending migration (this binary's newest is made pending). */
static void assert_refused(struct testdb *t, const char *name, const char *why)
{
	testdb_exec(t->db, "DELETE FROM schema_migrations WHERE version ="
			   " (SELECT MAX(version) FROM schema_migrations WHERE version < 9999);");
	int64_t rows = testdb_int(t->db, "SELECT COUNT(*) FROM schema_migrations");
	int v = store_schema_version(t->db);
	struct err e;
	err_clear(&e);
	int applied = -1;
	assert_int_equal(store_migrate(t->db, &applied, &e), ERR_CONFLICT);
	assert_int_equal(applied, 0);
	if (!strstr(e.msg, name) || !strstr(e.msg, why)) fail_msg("%s", e.msg);
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM schema_migrations"), rows);
	assert_int_equal(store_schema_version(t->db), v);
}

static void test_edited_migration_refused(void **state)
{
	struct testdb *t = *state;
	testdb_exec(t->db, "UPDATE schema_migrations SET checksum = 'abc' WHERE version = 2;");
	assert_refused(t, "0002_followup.sql", "kontrollsumman skiljer sig");
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM schema_migrations WHERE checksum = 'abc'"), 1);
}

static void test_unknown_migration_refused(void **state)
{
	struct testdb *t = *state;
	testdb_exec(t->db, "INSERT INTO schema_migrations VALUES (9999, '9999_later.sql', 'x', 'abc');");
	assert_refused(t, "9999_later.sql", "nyare samsyn");
}

/* A database from before checksums (no column) and a row without one get
 * this binary's; the next open finds them right. */
static void test_checksums_filled(void **state)
{
	struct testdb *t = *state;
	testdb_exec(t->db, "ALTER TABLE schema_migrations DROP COLUMN checksum;");
	struct err e;
	err_clear(&e);
	int applied = -1;
	assert_int_equal(store_migrate(t->db, &applied, &e), 0);
	assert_int_equal(applied, 0);
	assert_checksum_0001(t->db);
	testdb_exec(t->db, "UPDATE schema_migrations SET checksum = NULL WHERE version = 1;");
	assert_int_equal(store_migrate(t->db, &applied, &e), 0);
	assert_checksum_0001(t->db);
	assert_int_equal(store_migrate(t->db, &applied, &e), 0);
}

static void test_tables(void **state)
{
	struct testdb *t = *state;
	static const char *const tables[] = {
		"schema_migrations", "orgs", "users", "sessions", "api_tokens", "login_failures", "audit_events",
	};
	struct stmt *s = store_prepare(t->db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :name");
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		stmt_bind_text(s, ":name", tables[i]);
		assert_int_equal(stmt_step(s), STORE_ROW);
		if (stmt_int(s, 0) != 1) fail_msg("table %s missing", tables[i]);
		stmt_done(s);
	}
	s = store_prepare(t->db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'");
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_int_equal(stmt_int(s, 0), 2);
	stmt_done(s);
}

static void test_audit_append_only(void **state)
{
	struct testdb *t = *state;
	struct stmt *s = store_prepare(t->db, "INSERT INTO audit_events (at, action, entity, detail)"
					     " VALUES ('2024-01-01T00:00:00Z', 'create', 'org', 'original')");
	assert_int_equal(stmt_exec(s), STORE_DONE);
	s = store_prepare(t->db, "UPDATE audit_events SET detail = 'changed'");
	int rc = stmt_exec(s);
	assert_int_not_equal(rc, STORE_DONE);
	assert_true(rc < 0);
	assert_non_null(strstr(store_errmsg(t->db), "append-only"));
	s = store_prepare(t->db, "DELETE FROM audit_events");
	rc = stmt_exec(s);
	assert_int_not_equal(rc, STORE_DONE);
	assert_true(rc < 0);
	/* Inside a transaction too: the trigger aborts the statement. */
	assert_int_equal(store_begin(t->db), STORE_DONE);
	s = store_prepare(t->db, "DELETE FROM audit_events WHERE id = 1");
	assert_true(stmt_exec(s) < 0);
	store_rollback(t->db);
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM audit_events"), 1);
	s = store_prepare(t->db, "SELECT detail FROM audit_events");
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_string_equal(stmt_text(s, 0), "original");
	stmt_done(s);
}

static void test_foreign_keys(void **state)
{
	struct testdb *t = *state;
	assert_int_equal(testdb_int(t->db, "PRAGMA foreign_keys"), 1);
	struct stmt *s = store_prepare(t->db,
		"INSERT INTO users (username, name, org_id, roles, created_at, updated_at)"
		" VALUES ('nobody', 'Ingen', 999, 'reader', 'x', 'x')");
	assert_int_equal(stmt_exec(s), STORE_ECONSTRAINT);
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM users"), 0);
	/* Unique and check constraints map to STORE_ECONSTRAINT as well. */
	s = store_prepare(t->db, "INSERT INTO orgs (name, kind, created_at, updated_at) VALUES ('A', 'af', 'x', 'x')");
	assert_int_equal(stmt_exec(s), STORE_DONE);
	assert_int_equal(stmt_exec(s), STORE_ECONSTRAINT);
	s = store_prepare(t->db, "INSERT INTO orgs (name, kind, created_at, updated_at) VALUES ('B', 'bank', 'x', 'x')");
	assert_int_equal(stmt_exec(s), STORE_ECONSTRAINT);
}

static void test_wal(void **state)
{
	struct testdb *t = *state;
	struct stmt *s = store_prepare(t->db, "PRAGMA journal_mode");
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_string_equal(stmt_text(s, 0), "wal");
	stmt_done(s);
	assert_string_equal(store_backend(t->db), "sqlite");
}

static void test_transactions(void **state)
{
	struct testdb *t = *state;
	assert_int_equal(store_begin(t->db), STORE_DONE);
	struct stmt *s = store_prepare(t->db, "INSERT INTO orgs (name, kind, created_at, updated_at) VALUES ('T', 'fk', 'x', 'x')");
	assert_int_equal(stmt_exec(s), STORE_DONE);
	store_rollback(t->db);
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM orgs"), 0);
	assert_int_equal(store_begin(t->db), STORE_DONE);
	assert_int_equal(stmt_exec(s), STORE_DONE);
	assert_int_equal(store_commit(t->db), STORE_DONE);
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM orgs"), 1);
	store_rollback(t->db); /* outside a transaction: harmless */
	/* Binds: NULL text binds NULL; values are never pasted into SQL. */
	s = store_prepare(t->db, "SELECT :null IS NULL, :big, length(:hostile)");
	stmt_bind_text(s, ":null", NULL);
	stmt_bind_int(s, ":big", -9007199254740993LL);
	stmt_bind_text(s, ":hostile", "'); DROP TABLE orgs; --");
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_int_equal(stmt_int(s, 0), 1);
	assert_int_equal(stmt_int(s, 1), -9007199254740993LL);
	assert_int_equal(stmt_int(s, 2), 23);
	stmt_done(s);
	assert_int_equal(testdb_int(t->db, "SELECT COUNT(*) FROM orgs"), 1);
}

static void test_open_fails(void **state)
{
	(void)state;
	struct store *db = NULL;
	struct err e;
	err_clear(&e);
	assert_int_equal(store_open("/nonexistent-dir-for-samsyn-tests/x.db", &db, &e), ERR_INTERNAL);
	assert_null(db);
	assert_int_equal(e.code, ERR_INTERNAL);
	assert_true(e.msg[0] != 0);
}

TEST_MAIN(
	testdb_unit_test(test_fresh_database),
	testdb_migrated_unit_test(test_second_run),
	testdb_migrated_unit_test(test_checksums),
	testdb_migrated_unit_test(test_edited_migration_refused),
	testdb_migrated_unit_test(test_unknown_migration_refused),
	testdb_migrated_unit_test(test_checksums_filled),
	testdb_migrated_unit_test(test_tables),
	testdb_migrated_unit_test(test_audit_append_only),
	testdb_migrated_unit_test(test_foreign_keys),
	testdb_migrated_unit_test(test_wal),
	testdb_migrated_unit_test(test_transactions),
	cmocka_unit_test(test_open_fails),
)
