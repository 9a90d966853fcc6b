/* migrate.c — versioned schema migrations compiled into the binary.
 * Migration NNNN_name.sql is portable SQL; NNNN_name.sqlite.sql (optional)
 * holds what only SQLite understands (triggers), run right after it. */
#include "store.h"
#include "../base/clock.h"
#include "../base/embed.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ensure_table(struct store *db, struct err *e)
{
	return store_exec_script(db,
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		" version INTEGER NOT NULL PRIMARY KEY,"
		" name TEXT NOT NULL,"
		" applied_at TEXT NOT NULL)", e);
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
	else if (n > 7 && strcmp(name + n - 7, ".pg.sql") == 0) *dialect = "pg";
	return atoi(name);
}

int store_migrate(struct store *db, int *applied, struct err *e)
{
	if (applied) *applied = 0;
	int current = store_schema_version(db);
	if (current < 0) return err_set(e, ERR_INTERNAL, "Kan inte läsa databasens schemaversion: %s", store_errmsg(db));
	for (size_t i = 0; i < embedded_migrations_count; i++) {
		const struct embedded_file *m = &embedded_migrations[i];
		const char *dialect;
		int v = migration_version(m->name, &dialect);
		if (v <= current || dialect) continue;
		if (store_begin(db) != STORE_DONE)
			return err_set(e, ERR_INTERNAL, "Databasen är låst: %s", store_errmsg(db));
		int rc = store_exec_script(db, m->data, e);
		/* The dialect part sorts right after the portable file. */
		for (size_t j = i + 1; rc == 0 && j < embedded_migrations_count; j++) {
			const char *d;
			if (migration_version(embedded_migrations[j].name, &d) != v || !d) break;
			if (strcmp(d, store_backend(db)) == 0)
				rc = store_exec_script(db, embedded_migrations[j].data, e);
		}
		if (rc == 0) {
			char ts[21];
			clock_format_rfc3339(clock_now(), ts);
			struct stmt *s = store_prepare(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
			stmt_bind_int(s, 1, v);
			stmt_bind_text(s, 2, m->name);
			stmt_bind_text(s, 3, ts);
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
