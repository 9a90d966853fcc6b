/* migrate.c — versioned schema migrations compiled into the binary.
 * Migration NNNN_name.sql is portable SQL; NNNN_name.sqlite.sql and
 * NNNN_name.pg.sql (optional) hold what only SQLite or only PostgreSQL
 * understands (triggers), run right after it on that engine. One list:
 * the files compiled in, each engine's part found beside the portable one. Each
 * applied migration is recorded with the checksum of what ran, so a binary
 * refuses a database whose migrations are not its own. */
#include "store.h"
#include "../base/clock.h"
#include "../base/embed.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ensure_table(struct store *db, struct err *e)
{
	return store_exec_script(db,
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		" version INTEGER NOT NULL PRIMARY KEY,"
		" name TEXT NOT NULL,"
		" applied_at TEXT NOT NULL,"
		" checksum TEXT)", e);
}

int store_schema_version(struct store *db)
{
	struct err e;
	err_clear(&e);
	if (ensure_table(db, &e) != 0) return -1;
	struct stmt *s = store_prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
	int64_t v;
	return stmt_scalar(s, &v) == STORE_ROW ? (int)v : -1;
}

/* "0001_init.sql" → 1; "0001_init.sqlite.sql" → dialect part, version 1. */
static int migration_version(const char *name, const char **dialect)
{
	*dialect = NULL;
	if (strlen(name) < 6 || name[4] != '_') return -1;
	for (int i = 0; i < 4; i++)
		if (name[i] < '0' || name[i] > '9') return -1;
	size_t n = strlen(name);
	if (n > 11 && strcmp(name + n - 11, ".sqlite.sql") == 0) *dialect = "sqlite";
	else if (n > 7 && strcmp(name + n - 7, ".pg.sql") == 0) *dialect = "postgresql"; /* as store_backend says */
	return atoi(name);
}

/* The files migration v runs on db's engine, in order: the portable one,
 * then its part for this engine if it has one (".pg.sql" sorts before
 * ".sql", so the order is made here, not taken from the list).
 * Returns how many; 0 when this binary has no migration v. */
static int migration_parts(struct store *db, int v, const struct embedded_file *parts[2])
{
	const struct embedded_file *portable = NULL, *own = NULL;
	for (size_t i = 0; i < embedded_migrations_count; i++) {
		const char *d;
		if (migration_version(embedded_migrations[i].name, &d) != v) continue;
		if (!d) portable = &embedded_migrations[i];
		else if (strcmp(d, store_backend(db)) == 0) own = &embedded_migrations[i];
	}
	int n = 0;
	if (portable) parts[n++] = portable;
	if (portable && own) parts[n++] = own;
	return n;
}

/* SHA-256, in hex, of the bytes of the parts one after the other. */
static void checksum(const struct embedded_file *const *parts, int n, char hex[65])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	for (int i = 0; i < n; i++) crypto_hash_sha256_update(&st, (const unsigned char *)parts[i]->data, parts[i]->len);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

/* Whether schema_migrations has its checksum column: 1, 0 (a database from
 * before checksums) or -1. */
static int has_checksum_column(struct store *db)
{
	int64_t n;
	struct stmt *s = !store_is_server(db)
		? store_prepare(db, "SELECT COUNT(*) FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'")
		: store_prepare(db, "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema()"
				    " AND table_name = 'schema_migrations' AND column_name = 'checksum'");
	return stmt_scalar(s, &n) == STORE_ROW ? n > 0 : -1;
}

/* Gives the rows from before checksums (none in the column, or no column
 * yet) this binary's, which has just found nothing else amiss. */
static int fill_checksums(struct store *db, struct err *e)
{
	if (store_begin(db) != STORE_DONE) return err_set(e, ERR_INTERNAL, "Databasen är låst: %s", store_errmsg(db));
	int rc = 0, has = has_checksum_column(db); /* again: another process may have added it meanwhile */
	if (has < 0) rc = err_set(e, ERR_INTERNAL, "Kan inte läsa schema_migrations: %s", store_errmsg(db));
	else if (!has) rc = store_exec_script(db, "ALTER TABLE schema_migrations ADD COLUMN checksum TEXT", e);
	for (size_t i = 0; rc == 0 && i < embedded_migrations_count; i++) {
		const char *d;
		int v = migration_version(embedded_migrations[i].name, &d);
		if (d) continue;
		const struct embedded_file *parts[2];
		char sum[65];
		checksum(parts, migration_parts(db, v, parts), sum);
		struct stmt *s = store_prepare(db, "UPDATE schema_migrations SET checksum = :checksum WHERE version = :version AND checksum IS NULL");
		stmt_bind_text(s, ":checksum", sum);
		stmt_bind_int(s, ":version", v);
		if (stmt_exec(s) != STORE_DONE) rc = err_set(e, ERR_INTERNAL, "Kan inte spara kontrollsummor: %s", store_errmsg(db));
	}
	if (rc == 0 && store_commit(db) != STORE_DONE)
		rc = err_set(e, ERR_INTERNAL, "Kan inte spara kontrollsummor: %s", store_errmsg(db));
	if (rc != 0) store_rollback(db);
	return rc;
}

/* Refuses, changing nothing, a database with a migration this binary does
 * not have (a newer binary's) or whose checksum differs from what this
 * binary would run (the migration was edited after it ran): its schema is
 * then not the one this code expects. */
static int check_applied(struct store *db, struct err *e)
{
	int has = has_checksum_column(db);
	if (has < 0) return err_set(e, ERR_INTERNAL, "Kan inte läsa schema_migrations: %s", store_errmsg(db));
	struct stmt *s = store_prepare(db, has ? "SELECT version, name, checksum FROM schema_migrations ORDER BY version"
					       : "SELECT version, name, NULL FROM schema_migrations ORDER BY version");
	bool missing = !has;
	int rc, refused = 0;
	while (!refused && (rc = stmt_step(s)) == STORE_ROW) {
		const struct embedded_file *parts[2];
		int n = migration_parts(db, (int)stmt_int(s, 0), parts);
		const char *got = stmt_text(s, 2);
		char sum[65];
		checksum(parts, n, sum);
		if (n == 0)
			refused = err_set(e, ERR_CONFLICT, "Databasen har migrering %s, som den här versionen av samsyn inte"
				  " känner till (en nyare samsyn har uppgraderat databasen). Databasen har inte ändrats.",
				  stmt_text(s, 1));
		else if (got && strcmp(got, sum) != 0)
			refused = err_set(e, ERR_CONFLICT, "Migrering %s i databasen är inte densamma som i den här versionen"
				  " av samsyn (kontrollsumman skiljer sig). Databasen har inte ändrats.", stmt_text(s, 1));
		missing = missing || !got;
	}
	stmt_done(s);
	if (refused) return refused;
	if (rc != STORE_DONE) return err_set(e, ERR_INTERNAL, "Kan inte läsa schema_migrations: %s", store_errmsg(db));
	return missing ? fill_checksums(db, e) : 0;
}

int store_migrate(struct store *db, int *applied, struct err *e)
{
	if (applied) *applied = 0;
	int current = store_schema_version(db);
	if (current < 0) return err_set(e, ERR_INTERNAL, "Kan inte läsa databasens schemaversion: %s", store_errmsg(db));
	if (sodium_init() < 0) return err_set(e, ERR_INTERNAL, "Kan inte starta libsodium.");
	int rc = check_applied(db, e);
	if (rc != 0) return rc;
	for (size_t i = 0; i < embedded_migrations_count; i++) {
		const struct embedded_file *m = &embedded_migrations[i];
		const char *dialect;
		int v = migration_version(m->name, &dialect);
		if (v <= current || dialect) continue;
		const struct embedded_file *parts[2];
		int n = migration_parts(db, v, parts);
		if (store_begin(db) != STORE_DONE)
			return err_set(e, ERR_INTERNAL, "Databasen är låst: %s", store_errmsg(db));
		for (int k = 0; rc == 0 && k < n; k++) rc = store_exec_script(db, parts[k]->data, e);
		if (rc == 0) {
			char ts[21], sum[65];
			clock_format_rfc3339(clock_now(), ts);
			checksum(parts, n, sum);
			struct stmt *s = store_prepare(db, "INSERT INTO schema_migrations (version, name, applied_at, checksum)"
							   " VALUES (:version, :name, :applied_at, :checksum)");
			stmt_bind_int(s, ":version", v);
			stmt_bind_text(s, ":name", m->name);
			stmt_bind_text(s, ":applied_at", ts);
			stmt_bind_text(s, ":checksum", sum);
			if (stmt_exec(s) != STORE_DONE) rc = err_set(e, ERR_INTERNAL, "Kan inte registrera migrering %s", m->name);
		}
		if (rc == 0 && store_commit(db) != STORE_DONE)
			rc = err_set(e, ERR_INTERNAL, "Kan inte spara migrering %s: %s", m->name, store_errmsg(db));
		if (rc != 0) {
			store_rollback(db);
			char msg[sizeof e->msg];
			snprintf(msg, sizeof msg, "%s", e->msg);
			return err_set(e, ERR_INTERNAL, "Migrering %s misslyckades: %s", m->name, msg);
		}
		current = v;
		if (applied) (*applied)++;
	}
	return 0;
}
