/* store.c — the storage interface's one entry point (store.h, conn.h):
 * picks the engine from the URL when a connection is opened, dispatches
 * every call to the engine of its connection or statement
 * (store_engine.h), and holds what is the same for both engines: the
 * helpers built on steps, composed SQL, the busy wait and the per-thread
 * connections. */
#include "store.h"
#include "store_engine.h"
#include "../base/mem.h"
#include "../base/log.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static const struct store_engine *engine_of(const void *db_or_stmt)
{
	return ((const struct store_engine_head *)db_or_stmt)->engine;
}
#define E(x) engine_of(x)

/* postgresql://… or postgres://… (libpq's URI forms) is PostgreSQL;
 * anything else names a SQLite file. */
static const struct store_engine *engine_for(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0 ? &store_engine_pg
												: &store_engine_sqlite;
}

bool store_url_is_server(const char *url)
{
	return url && engine_for(url) != &store_engine_sqlite;
}

bool store_is_server(struct store *db)
{
	return E(db) != &store_engine_sqlite;
}

int store_open(const char *url, struct store **out, struct err *e)
{
	return engine_for(url)->open(url, out, e);
}

struct store *store_open_logged(const char *url)
{
	struct err e;
	err_clear(&e);
	struct store *db = NULL;
	if (store_open(url, &db, &e) == 0) return db;
	log_error("db_open", "msg=\"%s\"", e.msg);
	return NULL;
}

struct store *store_reads_open(const char *url)
{
	return engine_for(url)->reads_open(url);
}

void store_close(struct store *db)
{
	if (db) E(db)->close(db);
}

struct store *store_reads(struct store *db) { return E(db)->reads(db); }
const char *store_url(struct store *db) { return E(db)->url(db); }
const char *store_errmsg(struct store *db) { return E(db)->errmsg(db); }
const char *store_backend(struct store *db) { return E(db)->name; }
bool store_busy(struct store *db) { return db && E(db)->busy(db); }
unsigned store_conflicts(struct store *db) { return db ? E(db)->conflicts(db) : 0; }

struct stmt *store_prepare(struct store *db, const char *sql) { return E(db)->prepare(db, sql); }
void stmt_bind_int(struct stmt *s, const char *name, int64_t v) { E(s)->bind_int(s, name, v); }
void stmt_bind_text(struct stmt *s, const char *name, const char *v) { E(s)->bind_text(s, name, v); }
void stmt_bind_text_ref(struct stmt *s, const char *name, const char *v) { E(s)->bind_text_ref(s, name, v); }
void stmt_bind_null(struct stmt *s, const char *name) { E(s)->bind_null(s, name); }
void stmt_bind_id(struct stmt *s, const char *name, int64_t id) { E(s)->bind_id(s, name, id); }
bool stmt_has_param(struct stmt *s, const char *name) { return E(s)->has_param(s, name); }
struct stmt_param stmt_param(struct stmt *s, const char *name) { return E(s)->param(s, name); }
void stmt_bind_int_p(struct stmt *s, struct stmt_param p, int64_t v) { E(s)->bind_int_p(s, p, v); }
void stmt_bind_text_ref_p(struct stmt *s, struct stmt_param p, const char *v) { E(s)->bind_text_ref_p(s, p, v); }
int stmt_step(struct stmt *s) { return E(s)->step(s); }
int64_t stmt_int(struct stmt *s, int col) { return E(s)->col_int(s, col); }
const char *stmt_text(struct stmt *s, int col) { return E(s)->col_text(s, col); }
bool stmt_is_null(struct stmt *s, int col) { return E(s)->col_null(s, col); }
void stmt_done(struct stmt *s) { E(s)->done(s); }
void stmt_stream(struct stmt *s) { E(s)->stream(s); }
int store_exec_script(struct store *db, const char *sql, struct err *e) { return E(db)->exec_script(db, sql, e); }
int store_begin(struct store *db) { return E(db)->begin(db); }
int store_commit(struct store *db) { return E(db)->commit(db); }
void store_rollback(struct store *db) { E(db)->rollback(db); }
bool store_in_transaction(struct store *db) { return E(db)->in_transaction(db); }
int store_bulk_begin(struct store *db, const char *table, bool keep_unique) { return E(db)->bulk_begin(db, table, keep_unique); }
int store_bulk_end(struct store *db, bool rebuild) { return E(db)->bulk_end(db, rebuild); }
bool store_load_begin(struct store *db) { return E(db)->load_begin(db); }
void store_load_end(struct store *db) { E(db)->load_end(db); }
int store_backup(struct store *db, const char *path) { return E(db)->backup(db, path); }
int store_append_begin(struct store *db, const char *table, const char *columns, int n) { return E(db)->append_begin(db, table, columns, n); }
int store_append_row(struct store *db, const char *const *values) { return E(db)->append_row(db, values); }
int store_append_end(struct store *db, bool ok) { return E(db)->append_end(db, ok); }

void stmt_bind_texts(struct stmt *s, const char *const pairs[][2])
{
	for (size_t i = 0; pairs[i][0]; i++) stmt_bind_text(s, pairs[i][0], pairs[i][1]);
}

int stmt_exec(struct stmt *s)
{
	int rc = stmt_step(s);
	stmt_done(s);
	return rc;
}

int stmt_scalar(struct stmt *s, int64_t *v)
{
	int rc = stmt_step(s);
	*v = rc == STORE_ROW ? stmt_int(s, 0) : 0;
	stmt_done(s);
	return rc;
}

struct stmt *store_prepare_save(struct store *db, int64_t id, const char *insert_sql, const char *update_sql)
{
	if (id == 0) return store_prepare(db, insert_sql);
	struct stmt *s = store_prepare(db, update_sql);
	stmt_bind_int(s, ":id", id);
	return s;
}

int stmt_write_id(struct stmt *s, int64_t *id)
{
	int rc = stmt_scalar(s, id);
	return rc == STORE_ROW ? STORE_DONE : rc == STORE_DONE ? STORE_EFAIL : rc;
}

/* Composed SQL texts, kept for the life of the process so that each has
 * one address, the statement cache's key. A list query's variants are few
 * (which filters are given), so the set stays small. */
struct composed_sql {
	struct composed_sql *next;
	char text[];
};
static struct composed_sql *composed;
static pthread_mutex_t composed_mu = PTHREAD_MUTEX_INITIALIZER;

struct stmt *store_prepare_composed(struct store *db, const char *sql)
{
	pthread_mutex_lock(&composed_mu);
	struct composed_sql *k = composed;
	while (k && strcmp(k->text, sql) != 0) k = k->next;
	if (!k) {
		size_t n = strlen(sql) + 1;
		k = xmalloc(sizeof *k + n);
		memcpy(k->text, sql, n);
		k->next = composed;
		composed = k;
	}
	pthread_mutex_unlock(&composed_mu);
	return store_prepare(db, k->text);
}

static atomic_int busy_wait_ms = STORE_BUSY_WAIT_DEFAULT_MS;

void store_set_busy_wait(int ms)
{
	atomic_store(&busy_wait_ms, ms > 0 ? ms : 1);
}

int store_busy_wait(void)
{
	return atomic_load(&busy_wait_ms);
}

/* Per-thread connections: on PostgreSQL these are the server's pool, one
 * connection per worker thread (docs/postgresql.md). Each connection is
 * kept in a list beside its thread-local pointer so that
 * store_thread_close_all can close them all; the list links through a
 * small node of its own, the engines' structs being opaque here. */
struct thread_conn {
	struct thread_conn *next;
	struct store *db;
};
static char *thread_url;
static pthread_mutex_t thread_mu = PTHREAD_MUTEX_INITIALIZER;
static struct thread_conn *thread_conns;
static _Thread_local struct store *thread_conn;

void store_thread_config(const char *url)
{
	free(thread_url);
	thread_url = xstrdup(url);
}

struct store *store_thread(void)
{
	if (thread_conn) return thread_conn;
	struct store *db = store_open_logged(thread_url);
	if (!db) return NULL;
	struct thread_conn *n = xmalloc(sizeof *n);
	n->db = db;
	pthread_mutex_lock(&thread_mu);
	n->next = thread_conns;
	thread_conns = n;
	pthread_mutex_unlock(&thread_mu);
	thread_conn = db;
	return db;
}

struct store *store_thread_current(void)
{
	return thread_conn;
}

void store_thread_close_all(void)
{
	pthread_mutex_lock(&thread_mu);
	struct thread_conn *n = thread_conns;
	thread_conns = NULL;
	pthread_mutex_unlock(&thread_mu);
	while (n) {
		struct thread_conn *next = n->next;
		store_close(n->db);
		free(n);
		n = next;
	}
	thread_conn = NULL;
	free(thread_url);
	thread_url = NULL;
}
