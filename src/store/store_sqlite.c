/* store_sqlite.c — the SQLite backend of store.h: WAL, foreign keys,
 * the wait for the write lock (one deadline per transaction) and a
 * per-connection statement cache. */
#define STORE_ENGINE_PREFIX sqlite_
#include "store_engine.h"
#include "store.h"
#include "../base/mem.h"
#include "../base/log.h"
#include "../base/strbuf.h"
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

/* Open addressing; must be a power of two. Room for every literal of the
 * code and the few variants of each composed list query
 * (store_prepare_composed). */
#define STMT_CACHE_SIZE 1024

struct stmt {
	const struct store_engine *engine; /* first: store_engine.h */
	sqlite3_stmt *st;
	const char *sql;
	struct store *db;
	/* The debug check of binds (check_binds): how often each parameter
	 * was bound since stmt_done, and whether the statement has stepped. */
	unsigned char *bound;
	int nparams;
	bool stepped;
};

/* Whether binds are checked: in debug builds, where the tests run. */
#ifdef NDEBUG
static const bool check_binds = false;
#else
static const bool check_binds = true;
#endif

struct store {
	const struct store_engine *engine; /* first: store_engine.h */
	sqlite3 *h;
	struct stmt cache[STMT_CACHE_SIZE];
	int depth; /* open store_begin levels: 1 = the transaction, more = savepoints */
	char **bulk_indexes; /* CREATE INDEX statements dropped by store_bulk_begin */
	size_t nbulk_indexes;
	bool bulk;
	char *url;          /* what it was opened from: its read log's companion opens the same */
	struct store *reads; /* store_reads: opened on first use, closed with it */
	bool reads_only;    /* a companion: its transactions write the read log only */
	bool busy;          /* the last call failed for a lock (store_busy) */
	bool in_begin;      /* BEGIN IMMEDIATE runs: busy_until is the transaction's deadline */
	int64_t busy_until; /* CLOCK_MONOTONIC ms after which the busy handler gives up */
	sqlite3_stmt *append; /* store_append_begin's INSERT, until store_append_end */
	int append_n;
};

static int64_t mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* SQLite's busy handler: another connection (another process: an import
 * from the command line) holds the lock. Waits until the deadline — the
 * transaction's, set by store_begin, so the queue of this process's
 * writers and SQLite's wait share one busy wait; for a statement outside
 * it, the busy wait from its first retry. SQLite's own handler sleeps up
 * to 100 ms at a time, so a writer went on sleeping well after an import
 * had committed; naps of at most 10 ms start it within that of the lock's
 * release. */
static int on_busy(void *arg, int count)
{
	struct store *db = arg;
	int64_t now = mono_ms();
	if (count == 0 && !db->in_begin) db->busy_until = now + store_busy_wait();
	int64_t left = db->busy_until - now;
	if (left <= 0) return 0;
	int64_t nap = count < 10 ? 1 : count < 40 ? 5 : 10;
	if (nap > left) nap = left;
	struct timespec ts = {0, (long)nap * 1000000L};
	nanosleep(&ts, NULL);
	return 1;
}

/* SQLite's memory statistics take a global mutex around every allocation:
 * measured as an eighth of a bulk import's time. Samsyn reads none of them. */
static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* The database holds personal data: a new file is made here, readable by
 * its owner only, whatever the umask (SQLite would make it 0644). SQLite
 * gives its -wal, -shm and -journal files the database file's mode. An
 * existing file is left as it is; an error is SQLite's to report. */
static void create_private(const char *path)
{
	if (path[0] == ':' || strncmp(path, "file:", 5) == 0) return;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) close(fd);
}

int store_open(const char *url, struct store **out, struct err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure_sqlite);
	create_private(url);
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(url, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, ERR_INTERNAL, "Kan inte öppna databasen %s: %s", url, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return ERR_INTERNAL;
	}
	sqlite3_busy_timeout(h, store_busy_wait()); /* for the pragmas; on_busy from then on */
	static const char *pragmas =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA synchronous=NORMAL;"
		"PRAGMA foreign_keys=ON;"
		/* Temp b-trees (DISTINCT, IN lists) in memory: on files the
		 * occupation report at a million participants took twice as long.
		 * store_bulk_end builds indexes with files (see there). */
		"PRAGMA temp_store=MEMORY;"
		/* Read the database through a shared memory map (capped by SQLite
		 * at 2 GiB in Debian's build) instead of a pread and a copy into each
		 * connection's small page cache: reports and counts over a million
		 * participants read far more pages than that cache holds. */
		"PRAGMA mmap_size=2147418112;";
	char *msg = NULL;
	if (sqlite3_exec(h, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, ERR_INTERNAL, "Kan inte ställa in databasen %s: %s", url, msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(h);
		return ERR_INTERNAL;
	}
	struct store *db = xcalloc(1, sizeof *db);
	db->engine = &store_engine_sqlite;
	db->h = h;
	db->url = xstrdup(url);
	sqlite3_busy_handler(h, on_busy, db);
	*out = db;
	return 0;
}

/* The read log's schema, made when a companion first attaches it: the read
 * events in the shape of audit_events, and the index of list reads in that
 * of audit_event_subjects (migrations 0001 and 0006), both append-only. It
 * is not a migration of the main file: the log is a file of its own, made
 * again, empty, when it is missing. */
static const char reads_schema[] =
	"CREATE TABLE IF NOT EXISTS reads.audit_reads ("
	" id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id BIGINT, username TEXT, org_id BIGINT,"
	" action TEXT NOT NULL, entity TEXT NOT NULL, entity_id BIGINT, address TEXT, detail TEXT, entity_ids TEXT);"
	"CREATE INDEX IF NOT EXISTS reads.audit_reads_user ON audit_reads(user_id, at);"
	/* A list read (entity_id NULL) is found through audit_read_subjects. */
	"CREATE INDEX IF NOT EXISTS reads.audit_reads_entity ON audit_reads(entity, entity_id) WHERE entity_id IS NOT NULL;"
	"CREATE TABLE IF NOT EXISTS reads.audit_read_subjects ("
	" entity TEXT NOT NULL, entity_id BIGINT NOT NULL, event_id BIGINT NOT NULL,"
	" PRIMARY KEY (entity, entity_id, event_id)) WITHOUT ROWID;"
	"CREATE TRIGGER IF NOT EXISTS reads.audit_reads_no_update BEFORE UPDATE ON audit_reads"
	" BEGIN SELECT RAISE(ABORT, 'audit_reads is append-only'); END;"
	"CREATE TRIGGER IF NOT EXISTS reads.audit_reads_no_delete BEFORE DELETE ON audit_reads"
	" BEGIN SELECT RAISE(ABORT, 'audit_reads is append-only'); END;"
	"CREATE TRIGGER IF NOT EXISTS reads.audit_read_subjects_no_update BEFORE UPDATE ON audit_read_subjects"
	" BEGIN SELECT RAISE(ABORT, 'audit_read_subjects is append-only'); END;"
	"CREATE TRIGGER IF NOT EXISTS reads.audit_read_subjects_no_delete BEFORE DELETE ON audit_read_subjects"
	" BEGIN SELECT RAISE(ABORT, 'audit_read_subjects is append-only'); END;";

/* A connection to url's database with its read log attached as `reads`
 * (made, 0600, with its schema, when missing); NULL when it cannot be
 * opened (logged). */
static struct store *open_reads(const char *url)
{
	struct store *r = store_open_logged(url);
	if (!r) return NULL;
	struct err e;
	err_clear(&e);
	char *path = sqlite3_mprintf("%s" STORE_READS_SUFFIX, url);
	create_private(path);
	char *sql = sqlite3_mprintf("ATTACH %Q AS reads; PRAGMA reads.journal_mode=WAL; PRAGMA reads.synchronous=NORMAL;", path);
	sqlite3_free(path);
	int rc = store_exec_script(r, sql, &e);
	sqlite3_free(sql);
	if (rc != 0 || store_exec_script(r, reads_schema, &e) != 0) {
		log_error("db_open", "msg=\"read log: %s\"", e.msg);
		store_close(r);
		return NULL;
	}
	r->reads_only = true;
	return r;
}

struct store *store_reads(struct store *db)
{
	if (db->reads_only) return db;
	if (!db->reads) db->reads = open_reads(db->url);
	return db->reads;
}

struct store *store_reads_open(const char *url)
{
	return open_reads(url);
}

const char *store_url(struct store *db)
{
	return db->url;
}

static void bulk_forget(struct store *db);

void store_close(struct store *db)
{
	if (!db) return;
	store_close(db->reads);
	while (db->depth > 0) store_rollback(db); /* also lets other writers in */
	bulk_forget(db);
	for (int i = 0; i < STMT_CACHE_SIZE; i++) {
		sqlite3_finalize(db->cache[i].st);
		free(db->cache[i].bound);
	}
	sqlite3_close(db->h);
	free(db->url);
	free(db);
}

static size_t ptr_hash(const void *p)
{
	uintptr_t x = (uintptr_t)p;
	x ^= x >> 17;
	x *= 0x9E3779B97F4A7C15ull;
	return (size_t)(x >> 24);
}

static _Noreturn void bind_fault(struct stmt *s, const char *what, const char *param);

struct stmt *store_prepare(struct store *db, const char *sql)
{
	size_t i = ptr_hash(sql) & (STMT_CACHE_SIZE - 1);
	for (size_t n = 0; n < STMT_CACHE_SIZE; n++, i = (i + 1) & (STMT_CACHE_SIZE - 1)) {
		struct stmt *s = &db->cache[i];
		if (s->sql == sql) return s;
		if (!s->sql) {
			if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL) != SQLITE_OK) {
				log_error("sql_prepare", "msg=\"%s\" sql=\"%.200s\"", sqlite3_errmsg(db->h), sql);
				abort();
			}
			s->engine = &store_engine_sqlite;
			s->sql = sql;
			s->db = db;
			s->nparams = sqlite3_bind_parameter_count(s->st);
			/* Parameters are bound by name only: a `?` (SQLite names
			 * it NULL, `?NNN` "?NNN") could not be bound at all. */
			for (int k = 1; k <= s->nparams; k++) {
				const char *name = sqlite3_bind_parameter_name(s->st, k);
				if (!name || name[0] == '?') bind_fault(s, "a parameter by position, not by name:", name ? name : "?");
			}
			if (check_binds) s->bound = xcalloc((size_t)s->nparams + 1, 1);
			return s;
		}
	}
	log_error("sql_prepare", "msg=\"statement cache full\"");
	abort();
}

/* A bind the statement cannot take: a bug in the caller, like SQL that does
 * not compile. */
static _Noreturn void bind_fault(struct stmt *s, const char *what, const char *param)
{
	log_error("sql_bind", "msg=\"%s %s\" sql=\"%.300s\"", what, param, s->sql);
	abort();
}

/* Counts a bind of parameter idx for the debug check. */
static void note_bind(struct stmt *s, int idx, const char *name)
{
	if (!check_binds || idx < 1 || idx > s->nparams) return;
	if (s->stepped) bind_fault(s, "bound after a step without stmt_done:", name);
	if (s->bound[idx]) bind_fault(s, "bound twice:", name);
	s->bound[idx] = 1;
}

/* The debug check before a statement's first step: every parameter bound. */
static void check_bound(struct stmt *s)
{
	for (int i = 1; i <= s->nparams; i++)
		if (!s->bound[i]) bind_fault(s, "never bound:", sqlite3_bind_parameter_name(s->st, i));
}

static int named(struct stmt *s, const char *name)
{
	int idx = sqlite3_bind_parameter_index(s->st, name);
	if (idx == 0) bind_fault(s, "no such parameter:", name);
	note_bind(s, idx, name);
	return idx;
}

static void bind_int(struct stmt *s, int idx, int64_t v)
{
	sqlite3_bind_int64(s->st, idx, v);
}

static void bind_text(struct stmt *s, int idx, const char *v, sqlite3_destructor_type how)
{
	if (v)
		sqlite3_bind_text(s->st, idx, v, -1, how);
	else
		sqlite3_bind_null(s->st, idx);
}

void stmt_bind_int(struct stmt *s, const char *name, int64_t v)
{
	bind_int(s, named(s, name), v);
}

void stmt_bind_text(struct stmt *s, const char *name, const char *v)
{
	bind_text(s, named(s, name), v, SQLITE_TRANSIENT);
}

void stmt_bind_text_ref(struct stmt *s, const char *name, const char *v)
{
	bind_text(s, named(s, name), v, SQLITE_STATIC);
}

void stmt_bind_null(struct stmt *s, const char *name)
{
	sqlite3_bind_null(s->st, named(s, name));
}

void stmt_bind_id(struct stmt *s, const char *name, int64_t id)
{
	int idx = named(s, name);
	if (id) bind_int(s, idx, id);
	else sqlite3_bind_null(s->st, idx);
}

bool stmt_has_param(struct stmt *s, const char *name)
{
	return sqlite3_bind_parameter_index(s->st, name) != 0;
}

struct stmt_param STORE_ENGINE_FN(stmt_param)(struct stmt *s, const char *name)
{
	int idx = sqlite3_bind_parameter_index(s->st, name);
	if (idx == 0) bind_fault(s, "no such parameter:", name);
	return (struct stmt_param){idx};
}

/* A bind through a handle: checked as one by its name. */
static int resolved(struct stmt *s, struct stmt_param p)
{
	if (p.idx < 1) bind_fault(s, "bound through a handle stmt_param did not give", "");
	if (check_binds) note_bind(s, p.idx, sqlite3_bind_parameter_name(s->st, p.idx));
	return p.idx;
}

void stmt_bind_int_p(struct stmt *s, struct stmt_param p, int64_t v)
{
	bind_int(s, resolved(s, p), v);
}

void stmt_bind_text_ref_p(struct stmt *s, struct stmt_param p, const char *v)
{
	bind_text(s, resolved(s, p), v, SQLITE_STATIC);
}

static int map_rc(struct store *db, int rc)
{
	db->busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
	switch (rc & 0xff) {
	case SQLITE_ROW: return STORE_ROW;
	case SQLITE_DONE: return STORE_DONE;
	case SQLITE_CONSTRAINT: return STORE_ECONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return STORE_EBUSY;
	default:
		log_error("sql", "msg=\"%s\"", sqlite3_errmsg(db->h));
		return STORE_EFAIL;
	}
}

int stmt_step(struct stmt *s)
{
	if (check_binds && !s->stepped) {
		check_bound(s);
		s->stepped = true;
	}
	return map_rc(s->db, sqlite3_step(s->st));
}

int64_t stmt_int(struct stmt *s, int col)
{
	return sqlite3_column_int64(s->st, col);
}

const char *stmt_text(struct stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s->st, col);
}

bool stmt_is_null(struct stmt *s, int col)
{
	return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

void stmt_done(struct stmt *s)
{
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	if (check_binds) {
		memset(s->bound, 0, (size_t)s->nparams + 1);
		s->stepped = false;
	}
}

/* SQLite hands out one row per step already. */
void stmt_stream(struct stmt *s)
{
	(void)s;
}

int store_exec_script(struct store *db, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		err_set(e, ERR_INTERNAL, "Databasfel: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return ERR_INTERNAL;
	}
	return 0;
}

/* Writers of this process queue on a mutex before they ask SQLite for the
 * write lock: SQLite's busy handler waits by sleeping, so under many
 * concurrent writers (every read of a participant writes an audit event)
 * most of the time went to sleeps and p99 latency to seconds. Other
 * processes (the CLI) meet the busy handler. The mutex and the handler
 * share one deadline: before, each had its own 5 s, and a write behind
 * another one that waited for an import gave up only after 6–10 s. */
static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;

static int lock_writers(int64_t until_ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	int64_t left = until_ms - mono_ms();
	if (left < 0) left = 0;
	until.tv_sec += left / 1000;
	until.tv_nsec += (long)(left % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
	return pthread_mutex_timedlock(&write_mu, &until) == 0 ? 0 : -1;
}

int store_begin(struct store *db)
{
	char sql[32];
	if (db->depth == 0 && db->reads_only) {
		/* Deferred: BEGIN IMMEDIATE would take the write lock of every
		 * attached file, the main one's too. The read log's writer is one
		 * thread at a time (audit.c's group commit), so no queue either;
		 * the busy wait runs from the first write's first retry. */
		snprintf(sql, sizeof sql, "BEGIN");
	} else if (db->depth == 0) {
		int64_t until = mono_ms() + store_busy_wait();
		if (lock_writers(until) != 0) {
			db->busy = true;
			return STORE_EBUSY;
		}
		db->busy_until = until;
		db->in_begin = true;
		snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
	} else {
		snprintf(sql, sizeof sql, "SAVEPOINT s%d", db->depth);
	}
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	db->in_begin = false;
	if (rc != SQLITE_OK) {
		if (db->depth == 0 && !db->reads_only) pthread_mutex_unlock(&write_mu);
		return map_rc(db, rc);
	}
	db->depth++;
	db->busy = false;
	return STORE_DONE;
}

int store_commit(struct store *db)
{
	if (db->depth == 0) return STORE_EFAIL;
	char sql[32];
	if (db->depth == 1) snprintf(sql, sizeof sql, "COMMIT");
	else snprintf(sql, sizeof sql, "RELEASE s%d", db->depth - 1);
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) return map_rc(db, rc); /* still open: the caller rolls back */
	db->busy = false;
	if (--db->depth == 0 && !db->reads_only) pthread_mutex_unlock(&write_mu);
	return STORE_DONE;
}

void store_rollback(struct store *db)
{
	if (db->depth == 0) return;
	char sql[48];
	if (db->depth == 1) snprintf(sql, sizeof sql, "ROLLBACK");
	else snprintf(sql, sizeof sql, "ROLLBACK TO s%d; RELEASE s%d", db->depth - 1, db->depth - 1);
	if (db->depth > 1 || !sqlite3_get_autocommit(db->h)) sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	if (--db->depth == 0 && !db->reads_only) pthread_mutex_unlock(&write_mu);
}

bool store_in_transaction(struct store *db)
{
	return db->depth > 0;
}

static void bulk_forget(struct store *db)
{
	for (size_t i = 0; i < db->nbulk_indexes; i++) free(db->bulk_indexes[i]);
	free(db->bulk_indexes);
	db->bulk_indexes = NULL;
	db->nbulk_indexes = 0;
}

int store_bulk_begin(struct store *db, const char *table, bool keep_unique)
{
	/* A table loaded with no index left only appends: the small cache is enough. */
	if (!db->bulk && (!table || keep_unique)) {
		sqlite3_exec(db->h, "PRAGMA cache_size=-65536", NULL, NULL, NULL);
		db->bulk = true;
	}
	if (!table || db->nbulk_indexes) return STORE_DONE;
	/* sql IS NULL for the automatic indexes of PRIMARY KEY and UNIQUE
	 * constraints: those cannot be dropped. */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT m.name, m.sql FROM sqlite_master m JOIN pragma_index_list(?1) l ON l.name = m.name"
				      " WHERE m.type = 'index' AND m.sql IS NOT NULL AND (l.\"unique\" = 0 OR ?2 = 0)"
				      " ORDER BY m.name", -1, &st, NULL) != SQLITE_OK)
		return STORE_EFAIL;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, keep_unique);
	size_t cap = 0;
	char **names = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (db->nbulk_indexes == cap) {
			cap = cap ? cap * 2 : 8;
			db->bulk_indexes = xrealloc(db->bulk_indexes, cap * sizeof *db->bulk_indexes);
			names = xrealloc(names, cap * sizeof *names);
		}
		names[db->nbulk_indexes] = xstrdup((const char *)sqlite3_column_text(st, 0));
		db->bulk_indexes[db->nbulk_indexes++] = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	int out = rc == SQLITE_DONE ? STORE_DONE : map_rc(db, rc);
	for (size_t i = 0; i < db->nbulk_indexes; i++) {
		if (out == STORE_DONE) {
			char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
			rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
			sqlite3_free(sql);
			if (rc != SQLITE_OK) out = map_rc(db, rc);
		}
		free(names[i]);
	}
	free(names);
	return out;
}

int store_bulk_end(struct store *db, bool rebuild)
{
	/* Back to SQLite's default cache first: CREATE INDEX sorts in runs the
	 * size of the cache, and runs that fit the CPU's caches, merged, beat one
	 * 64 MiB in-memory sort (measured: about half the time). The sorter's
	 * helper threads sort those runs on the other cores. */
	if (db->bulk) {
		sqlite3_exec(db->h, "PRAGMA cache_size=-2000", NULL, NULL, NULL);
		db->bulk = false;
	}
	/* The sorter spills its runs to temp files, and with temp_store=MEMORY
	 * those are chains of 1 kB chunks: CREATE INDEX over a million rows
	 * took 3.4 times as long. */
	bool build = rebuild && db->nbulk_indexes;
	if (build) sqlite3_exec(db->h, "PRAGMA threads=2; PRAGMA temp_store=FILE", NULL, NULL, NULL);
	int out = STORE_DONE;
	for (size_t i = 0; build && i < db->nbulk_indexes && out == STORE_DONE; i++) {
		int rc = sqlite3_exec(db->h, db->bulk_indexes[i], NULL, NULL, NULL);
		if (rc != SQLITE_OK) out = map_rc(db, rc);
	}
	if (build) sqlite3_exec(db->h, "PRAGMA threads=0; PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
	bulk_forget(db);
	return out;
}

bool store_load_begin(struct store *db)
{
	if (db->depth > 0) return false;
	/* Leaving WAL needs the only connection to the file: with any other
	 * open (a running server) SQLite keeps WAL and says so. */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode=DELETE", -1, &st, NULL) != SQLITE_OK) return false;
	bool off = sqlite3_step(st) == SQLITE_ROW && sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "delete") == 0;
	sqlite3_finalize(st);
	return off;
}

void store_load_end(struct store *db)
{
	sqlite3_exec(db->h, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
}

/* Appends on SQLite: one INSERT, prepared for the append, run per row. */
int store_append_begin(struct store *db, const char *table, const char *columns, int n)
{
	struct strbuf sql;
	strbuf_init(&sql);
	strbuf_printf(&sql, "INSERT INTO %s (%s) VALUES (", table, columns);
	for (int i = 0; i < n; i++) strbuf_puts(&sql, i ? ", ?" : "?");
	strbuf_putc(&sql, ')');
	int rc = sqlite3_prepare_v2(db->h, sql.buf, -1, &db->append, NULL);
	strbuf_free(&sql);
	db->append_n = n;
	return rc == SQLITE_OK ? STORE_DONE : map_rc(db, rc);
}

int store_append_row(struct store *db, const char *const *values)
{
	for (int i = 0; i < db->append_n; i++)
		sqlite3_bind_text(db->append, i + 1, values[i], -1, SQLITE_STATIC); /* NULL binds NULL */
	int rc = map_rc(db, sqlite3_step(db->append));
	sqlite3_reset(db->append);
	return rc == STORE_DONE ? STORE_DONE : rc;
}

int store_append_end(struct store *db, bool ok)
{
	(void)ok;
	sqlite3_finalize(db->append);
	db->append = NULL;
	return STORE_DONE;
}

int store_backup(struct store *db, const char *path)
{
	/* A companion copies the read log, the file it writes. */
	struct stmt *s = store_prepare(db, db->reads_only ? "VACUUM reads INTO :path" : "VACUUM INTO :path");
	stmt_bind_text(s, ":path", path);
	return stmt_exec(s);
}

bool store_busy(struct store *db)
{
	return db && db->busy;
}

const char *store_errmsg(struct store *db)
{
	return sqlite3_errmsg(db->h);
}

unsigned store_conflicts(struct store *db)
{
	(void)db;
	return 0;
}

const struct store_engine store_engine_sqlite = STORE_ENGINE_TABLE("sqlite");
