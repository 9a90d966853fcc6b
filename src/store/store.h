/* store.h — the statement layer of the storage interface: prepared
 * statements with typed binds, transactions and bulk loads (the
 * connections themselves are in conn.h), in the spirit of Fossil's
 * db_prepare/db_bind/db_step. Values are always bound, never pasted into SQL.
 *
 * SQL is written once, with named parameters (`:org`), in the subset
 * SQLite and PostgreSQL share (INSERT … RETURNING for new ids, TEXT
 * timestamps in RFC 3339, BIGINT epoch seconds, INTEGER 0/1 for booleans);
 * for PostgreSQL the layer numbers them $1, $2 … (sql_params.h).
 */
#ifndef SAMSYN_STORE_H
#define SAMSYN_STORE_H
#include <stdbool.h>
#include <stdint.h>
#include "../base/err.h"
#include "conn.h"

/* Only src/domain and src/store see statements; the layers above have no
 * SQL (conn.h). CMake defines SAMSYN_NO_STATEMENTS for their files. */
#ifdef SAMSYN_NO_STATEMENTS
#error "store.h is the statement layer: src/api, src/http and src/cli include store/conn.h and reach data through src/domain"
#endif

struct stmt;

enum {
	STORE_DONE = 0,
	STORE_ROW = 1,
	STORE_ECONSTRAINT = -20, /* unique or foreign key violated */
	STORE_EBUSY = -21,       /* a lock another connection held longer than the busy wait; on
				  * PostgreSQL also a lost serialization race or a deadlock */
	STORE_EFAIL = -22,
};

/* The statement for sql, prepared once per connection and cached by the
 * address of the SQL text: pass string literals. A statement that does not
 * compile is a bug and aborts. Call stmt_done when finished with it. */
struct stmt *store_prepare(struct store *db, const char *sql);
/* The same for SQL composed at run time (a list whose filters each add a
 * condition, so that SQLite plans each combination with its indexes): the
 * text is kept once per process and its copy is the cache key. Compose only
 * from fixed fragments, never from input: values are always bound. */
struct stmt *store_prepare_composed(struct store *db, const char *sql);

/* The statement that saves a record: insert_sql when id is 0 (a new one),
 * else update_sql with its :id bound to id. Both name the same other
 * parameters, which the caller binds once for either. */
struct stmt *store_prepare_save(struct store *db, int64_t id, const char *insert_sql, const char *update_sql);

/* Binds by name, colon included, as the SQL writes it: ":org". A name used
 * several times in the statement (an optional filter's
 * `(CAST(:mun AS TEXT) IS NULL OR p.municipality_code = :mun)`, a shared
 * fragment) is bound once. A name the statement lacks is a bug and aborts.
 * In a debug build (NDEBUG not defined) every parameter must be bound
 * exactly once between stmt_done and the first step: a parameter bound
 * twice, or left unbound when the statement steps, aborts with the
 * statement and the parameter named. SQL with a `?` parameter is a bug
 * too: it aborts when prepared. */
void stmt_bind_int(struct stmt *s, const char *name, int64_t v);
void stmt_bind_text(struct stmt *s, const char *name, const char *v); /* NULL binds NULL */
/* As stmt_bind_text without a copy, for bulk writes: v must stay as it is
 * until stmt_done. */
void stmt_bind_text_ref(struct stmt *s, const char *name, const char *v);
void stmt_bind_null(struct stmt *s, const char *name);
/* stmt_bind_text of each {name, value} pair, up to a {NULL}: the text
 * values of a record at once,
 * `stmt_bind_texts(s, (const char *const[][2]){{":name", o->name}, {":kind", o->kind}, {NULL}});` */
void stmt_bind_texts(struct stmt *s, const char *const pairs[][2]);
/* Whether the statement has the parameter: for a helper that binds a
 * family of parameters (a report's period) into statements that each use
 * some of them. The debug check still sees every one the SQL has bound. */
bool stmt_has_param(struct stmt *s, const char *name);
/* An optional reference: the id, or NULL for 0 (ids start at 1). */
void stmt_bind_id(struct stmt *s, const char *name, int64_t id);

/* A parameter looked up by name once, for a statement run for each of
 * many rows (a bulk import's batch, hundreds of parameters): SQLite finds
 * a name by a scan of the statement's names, on every bind by name.
 * stmt_param aborts on a name the statement lacks, like a bind; the handle
 * stays good for s as long as s's connection is open. Binds through it
 * are checked like binds by name. */
struct stmt_param {
	int idx;
};
struct stmt_param stmt_param(struct stmt *s, const char *name);
void stmt_bind_int_p(struct stmt *s, struct stmt_param p, int64_t v);
/* As stmt_bind_text_ref: v must stay as it is until stmt_done. */
void stmt_bind_text_ref_p(struct stmt *s, struct stmt_param p, const char *v);

int stmt_step(struct stmt *s);  /* STORE_ROW, STORE_DONE or STORE_E* */
int64_t stmt_int(struct stmt *s, int col);       /* col from 0 */
const char *stmt_text(struct stmt *s, int col);  /* valid until next step; NULL for NULL */
bool stmt_is_null(struct stmt *s, int col);
void stmt_done(struct stmt *s);  /* reset and clear bindings; the cache keeps it */
/* Asks that the statement's rows, at its next run, be read as the engine
 * sends them rather than all at once: PostgreSQL's single-row mode (else
 * libpq holds the whole result, a whole table for `samsyn copy`); SQLite
 * always steps so. Until the last row or stmt_done, nothing else may run
 * on the connection. */
void stmt_stream(struct stmt *s);

/* Runs a statement that returns no rows (or only the first row matters).
 * Convenience for the common single-step case: returns STORE_DONE/ROW/E*. */
int stmt_exec(struct stmt *s);

/* Runs a statement for its first row's first column (a COUNT(*), an id
 * looked up by key, the id of INSERT … RETURNING id) and finishes it:
 * *v is that value, 0 when there is no row. Returns STORE_ROW, STORE_DONE
 * or STORE_E*. */
int stmt_scalar(struct stmt *s, int64_t *v);

/* Runs an INSERT or UPDATE … RETURNING id and finishes it: *id is the
 * record's id (0 when none). Returns STORE_DONE when it wrote the row,
 * STORE_EFAIL when it wrote none (an UPDATE whose row is gone), or
 * STORE_E*: a write's outcome as change_commit (domain/audit.h) takes it. */
int stmt_write_id(struct stmt *s, int64_t *id);

/* Runs one or more statements without parameters (migrations). */
int store_exec_script(struct store *db, const char *sql, struct err *e);

/* Transactions. begin takes the write lock at once (BEGIN IMMEDIATE in
 * SQLite) so a transaction never fails half-way on lock upgrade; on
 * PostgreSQL it is BEGIN ISOLATION LEVEL SERIALIZABLE, without a lock
 * (docs/postgresql.md). They nest:
 * a begin inside a transaction opens a savepoint, and commit and rollback
 * end the innermost level, so a domain operation can run inside a larger
 * all-or-nothing one (an import). A failed commit leaves the level open:
 * the caller rolls it back. */
int store_begin(struct store *db);
int store_commit(struct store *db);
void store_rollback(struct store *db);
/* Whether a store_begin is open on db (a write of its own would be a
 * savepoint of it). */
bool store_in_transaction(struct store *db);

/* Bulk writes inside an open transaction (a whole-country import). begin
 * gives the connection a page cache big enough for the indexes being
 * written (bounded: 64 MiB in SQLite) and, when table is not NULL, drops
 * that table's indexes to build them again, sorted, at end — faster than a
 * million random index inserts. keep_unique keeps the unique ones (an
 * upsert needs its conflict target); those of PRIMARY KEY and UNIQUE column
 * constraints always stay. The drop is part of the transaction: a rollback
 * brings the indexes back. end(rebuild=false) after a rollback only forgets
 * them. Returns STORE_DONE or STORE_E*. */
int store_bulk_begin(struct store *db, const char *table, bool keep_unique);
int store_bulk_end(struct store *db, bool rebuild);

/* Rows appended to one table inside the open transaction, as fast as the
 * engine takes them: COPY … FROM STDIN on PostgreSQL (one stream, no
 * statement per row), an INSERT prepared once and run per row on SQLite
 * (which has no cheaper path; callers that need more batch rows into one
 * statement themselves). table is the table's name as SQL ("employers",
 * "reads.audit_reads"), columns its n columns as SQL ("id, name"); each
 * row is n values as text (NULL is NULL) that the engine reads as each
 * column's type. One append at a time per connection, and no other
 * statement on it until end; end(ok=false) abandons it (the transaction
 * must then roll back). Each returns STORE_DONE or STORE_E*. */
int store_append_begin(struct store *db, const char *table, const char *columns, int n);
int store_append_row(struct store *db, const char *const *values);
int store_append_end(struct store *db, bool ok);

/* A load that owns the database: called outside any transaction, begin
 * switches the file from WAL to a rollback journal when no other
 * connection has it open, and says whether it did. In WAL every page of a
 * load is written twice (to the log, then back into the file); with a
 * rollback journal pages new to the file are written once. Other
 * connections wait (busy timeout) while the load writes. end returns the
 * file to WAL. */
bool store_load_begin(struct store *db);
void store_load_end(struct store *db);

/* A consistent copy of the whole database in a new file at path, taken
 * while other connections go on reading and writing (SQLite's VACUUM INTO:
 * one read transaction's snapshot, written compacted); on a store_reads
 * companion, of the read log. Outside any transaction; path must not exist
 * or be empty. Returns STORE_DONE or STORE_E* (the reason in
 * store_errmsg). */
int store_backup(struct store *db, const char *path);

/* A whole database copied into an empty one of either engine (`samsyn
 * copy`): every row of every table with its id, the audit log and the read
 * log, each schema in one transaction of the target; then every table read
 * back from the target and compared with what was read from the source, by
 * its row count and an order-free checksum of its rows. Both must be
 * migrated to the same version; the target must have no user and no audit
 * event (the rows its migrations put in are replaced). Writers of the
 * source should be stopped: it is read in one read transaction. Returns 0
 * with r filled, or ERR_* with e filled (ERR_CONFLICT for a target that is
 * not empty or another version). */
int store_copy(struct store *from, struct store *to, struct copy_result *r, struct err *e);

#endif
