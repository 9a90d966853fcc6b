/* conn.h — the store as the layers above the statements see it: an
 * opaque connection, opened and closed (the CLI), one per server thread,
 * the read log's companion, busy waits and migrations. No statements here:
 * src/api, src/http and src/cli include this header, never store.h, so
 * that SQL stays in src/domain and src/store (docs/architecture.md, "The
 * fences").
 *
 * A connection belongs to one thread at a time; the server opens one per
 * worker thread (store_thread). */
#ifndef SAMSYN_STORE_CONN_H
#define SAMSYN_STORE_CONN_H
#include <stdbool.h>
#include <stdint.h>
#include "../base/err.h"

struct store;

/* url: postgresql://… or postgres://… (libpq's URI: PostgreSQL,
 * docs/postgresql.md), else a file path (SQLite). Returns 0 or
 * ERR_INTERNAL with e filled. */
int store_open(const char *url, struct store **out, struct err *e);
/* Whether url names a database server (PostgreSQL) rather than a file:
 * the CLI's checks of the file (it exists, its mode) do not apply. */
bool store_url_is_server(const char *url);
/* Whether db is on a database server (PostgreSQL) rather than a SQLite
 * file: where the SQL or the way of writing differs by engine. */
bool store_is_server(struct store *db);
void store_close(struct store *db);

/* How long a write waits for a lock another connection holds (another
 * writer of this process, or another process: an import from the command
 * line) before it gives up with STORE_EBUSY: one deadline from
 * store_begin for the whole wait, in milliseconds. Process-wide; the
 * server's --busy-wait sets it. */
#define STORE_BUSY_WAIT_DEFAULT_MS 5000
void store_set_busy_wait(int ms);
int store_busy_wait(void);

/* Whether the last call on db that reached the database (a step, begin or
 * commit) failed for a lock it could not get within the busy wait — also
 * when the caller kept only "it failed": the layer above can still tell a
 * busy database (try again) from a fault. */
bool store_busy(struct store *db);

/* How many times a transaction on db lost to a concurrent one: a
 * serialization failure or a deadlock (PostgreSQL, docs/postgresql.md).
 * Such a loser is answered busy like a lock wait that ran out, but running
 * it again at once will most likely succeed: a request whose count grew
 * and that answered 503 is run again a bounded number of times
 * (api_handle). Always 0 on SQLite, whose writers queue instead. */
unsigned store_conflicts(struct store *db);

/* The read log. Every read of personal data is audited (a list page as one
 * event), by the hundred a second under load; written to the database
 * file, each commit made every other connection drop its cache and memory
 * map of it, and an audited list ran at a fifth of the speed of the same
 * list unaudited. So reads are logged in a file of their own beside the
 * database (its path + STORE_READS_SUFFIX, made 0600 like it, and made
 * again, empty, when missing), whose commits the database's readers never
 * see. store_reads(db) is db's companion connection for it: the same
 * database with the read log attached as schema `reads` (on a server
 * engine, a schema of that name), opened on db's first call, closed with
 * db, and db's thread's like db. Its transactions lock only what they
 * write, the read log, never the database. Returns NULL when it cannot be
 * opened (logged); on a companion, the companion. */
#define STORE_READS_SUFFIX "-reads"
struct store *store_reads(struct store *db);
/* A connection of its own, like a companion, to url's database and its
 * read log (the audit's writer thread has one); closed with store_close.
 * NULL when it cannot be opened (logged). */
struct store *store_reads_open(const char *url);
/* What db was opened from. */
const char *store_url(struct store *db);

const char *store_errmsg(struct store *db);
const char *store_backend(struct store *db);  /* "sqlite" or "postgresql" */

/* What store_copy (store.h, `samsyn copy`) copied and verified, table by
 * table. */
struct copy_table {
	char name[80]; /* "participants", "reads.audit_reads" */
	int64_t rows;
	uint64_t checksum;
};
#define COPY_RESULT_MAX 256
struct copy_result {
	struct copy_table tables[COPY_RESULT_MAX];
	int ntables;
};

/* Migrations compiled into the binary: applies the pending ones.
 * *applied receives how many ran (may be NULL). */
int store_migrate(struct store *db, int *applied, struct err *e);
int store_schema_version(struct store *db);

/* Per-thread connection for server workers, opened lazily from the url
 * given to store_thread_config; closed by store_thread_close_all. */
void store_thread_config(const char *url);
struct store *store_thread(void);
/* This thread's connection if it has opened one, else NULL (never opens). */
struct store *store_thread_current(void);
void store_thread_close_all(void);

#endif
