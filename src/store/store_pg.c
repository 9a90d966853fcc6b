/* store_pg.c — the PostgreSQL backend of store.h and conn.h, on libpq:
 * a connection per server thread (the pool), statements prepared once per
 * connection and cached as the SQLite backend caches them, named
 * parameters numbered $1, $2 … (sql_params.h) and bound as text, and the
 * few rewrites the shared SQL needs on this engine (pg_dialect).
 *
 * Results: a statement's whole result is fetched by PQexecPrepared on its
 * first step and the steps walk its rows. Single-row mode would keep the
 * connection busy until the last row, and the domain runs statements while
 * it steps another (a child list per row, an audit event in a loop): on
 * one connection only a whole result allows that. Lists are paged, so a
 * result is a page; reports aggregate in SQL.
 *
 * Transactions (docs/postgresql.md): store_begin is BEGIN ISOLATION LEVEL
 * SERIALIZABLE, so the checks the domain makes before it writes (a
 * registration's capacity, a SYV time, one personnummer) hold with any
 * number of servers writing at once, without a writer lock: the loser of
 * a race gets a serialization failure, STORE_EBUSY, which the request
 * layer retries a bounded number of times and then answers 503 with
 * Retry-After, the one path a busy SQLite takes too. Lock waits end after
 * the busy wait (lock_timeout), also STORE_EBUSY. The read log's companion
 * writes in READ COMMITTED: it only appends. */
#define STORE_ENGINE_PREFIX pg_
#include "store_engine.h"
#include "store.h"
#include "sql_params.h"
#include "../base/mem.h"
#include "../base/log.h"
#include "../base/strbuf.h"
#include <libpq-fe.h>
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define STMT_CACHE_SIZE 1024

struct stmt {
	const struct store_engine *engine; /* first: store_engine.h */
	struct store *db;
	const char *sql;       /* the cache key: the caller's text */
	struct sql_params p;   /* the text as sent, and the name of each $n */
	char name[16];         /* of the prepared statement on the server */
	unsigned prepared_gen; /* the connection's generation it was prepared in; 0 not yet */
	const char **vals;     /* p.n values as text; NULL binds NULL */
	char **owned;          /* copies made for vals (stmt_bind_text, ints) */
	unsigned char *bound;  /* the debug check of binds: per $n, since stmt_done */
	bool stepped;
	bool stream;           /* stmt_stream: read in single-row mode */
	bool streaming;        /* its rows are arriving: the connection is its own */
	PGresult *res;         /* the whole result, from the first step (streaming: the row) */
	int row, nrows;
};

#ifdef NDEBUG
static const bool check_binds = false;
#else
static const bool check_binds = true;
#endif

struct store {
	const struct store_engine *engine; /* first: store_engine.h */
	PGconn *h;
	unsigned gen;        /* grows when the connection is made again: statements are prepared anew */
	struct stmt cache[STMT_CACHE_SIZE];
	int depth;           /* open store_begin levels: 1 = the transaction, more = savepoints */
	char *url;
	struct store *reads; /* store_reads: opened on first use, closed with it */
	bool reads_only;     /* a companion: writes the read log (schema reads) */
	bool busy;
	unsigned conflicts;  /* store_conflicts */
	char errmsg[512];
	char **bulk_indexes; /* CREATE INDEX statements dropped by store_bulk_begin */
	size_t nbulk_indexes;
	struct strbuf append; /* store_append_row's rows not yet sent */
	int append_n;
	bool appending;
};

static void set_error(struct store *db, const char *msg)
{
	snprintf(db->errmsg, sizeof db->errmsg, "%s", msg ? msg : "");
	size_t n = strlen(db->errmsg);
	while (n && (db->errmsg[n - 1] == '\n' || db->errmsg[n - 1] == ' ')) db->errmsg[--n] = 0;
}

/* A result's outcome as a STORE_ code, remembering why it failed: class 23
 * is a constraint (unique, foreign key, check, not null), 40001 a
 * serialization failure, 40P01 a deadlock, 55P03 a lock not had within
 * lock_timeout — the last three "busy", retried above. */
static int map_result(struct store *db, PGresult *r, const char *sql)
{
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
		db->busy = false;
		return STORE_DONE;
	}
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	/* A statement after a failed one in the same transaction: the first
	 * failure was logged, and whether it was a lost race (busy) stays what
	 * the first said, also for a caller that went on. It rolls back. */
	if (state && !strcmp(state, "25P02")) return STORE_EFAIL;
	db->busy = false;
	/* The primary message only: the detail of a constraint's failure
	 * quotes the row's values (a personnummer), and this text reaches
	 * the log. */
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	set_error(db, primary ? primary : PQerrorMessage(db->h));
	if (state && strncmp(state, "23", 2) == 0) {
		const char *name = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
		log_info("sql_constraint", "state=%s constraint=%s", state, name ? name : "-");
		return STORE_ECONSTRAINT;
	}
	/* A database that cannot be reached (down, failing over, refusing
	 * connections) is busy too: the caller answers 503 with Retry-After,
	 * as for a lock, not 500. */
	if (PQstatus(db->h) == CONNECTION_BAD) db->busy = true;
	if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))) {
		db->busy = true;
		if (strcmp(state, "55P03") != 0) db->conflicts++; /* a lock wait that ran out is not retried */
		return STORE_EBUSY;
	}
	log_error("sql", "msg=\"%s\" state=%s sql=\"%.200s\"", db->errmsg, state ? state : "-", sql ? sql : "");
	return STORE_EFAIL;
}

/* Runs sql without parameters; STORE_DONE or STORE_E*. */
static int run(struct store *db, const char *sql)
{
	PGresult *r = PQexec(db->h, sql);
	int rc = map_result(db, r, sql);
	PQclear(r);
	return rc;
}

/* Notices (a CREATE … IF NOT EXISTS that found it) are not worth a line. */
static void quiet(void *arg, const PGresult *r)
{
	(void)arg, (void)r;
}

/* The session's settings: UTC, lock waits bounded by the busy wait, and
 * text comparisons as SQLite's (docs/postgresql.md, "Text"). */
static int configure(struct store *db)
{
	PQsetNoticeReceiver(db->h, quiet, NULL);
	char sql[160];
	snprintf(sql, sizeof sql, "SET TIME ZONE 'UTC'; SET lock_timeout = %d; SET client_encoding = 'UTF8'",
		 store_busy_wait());
	return run(db, sql) == STORE_DONE ? 0 : -1;
}

int store_open(const char *url, struct store **out, struct err *e)
{
	PGconn *h = PQconnectdb(url);
	if (!h || PQstatus(h) != CONNECTION_OK) {
		/* The URL may hold a password: the message names the server only. */
		char msg[300];
		snprintf(msg, sizeof msg, "%s", h ? PQerrorMessage(h) : "libpq");
		size_t n = strlen(msg);
		while (n && msg[n - 1] == '\n') msg[--n] = 0;
		err_set(e, ERR_INTERNAL, "Kan inte ansluta till PostgreSQL (%s:%s/%s): %s", h ? PQhost(h) : "?", h ? PQport(h) : "?",
			h ? PQdb(h) : "?", msg);
		PQfinish(h);
		return ERR_INTERNAL;
	}
	struct store *db = xcalloc(1, sizeof *db);
	db->engine = &store_engine_pg;
	db->h = h;
	db->gen = 1;
	db->url = xstrdup(url);
	if (configure(db) != 0) {
		err_set(e, ERR_INTERNAL, "Kan inte ställa in PostgreSQL-anslutningen: %s", db->errmsg);
		store_close(db);
		return ERR_INTERNAL;
	}
	*out = db;
	return 0;
}

/* The read log on this engine: schema `reads` in the same database, the
 * tables in the shape of the SQLite read log file's (store_sqlite.c), made
 * by the first companion under an advisory lock (two servers starting at
 * once would race on CREATE … IF NOT EXISTS), append-only by trigger. */
static const char reads_schema[] =
	"BEGIN;"
	"SELECT pg_advisory_xact_lock(74201601);"
	"CREATE SCHEMA IF NOT EXISTS reads;"
	"CREATE TABLE IF NOT EXISTS reads.audit_reads ("
	" id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at TEXT NOT NULL, user_id BIGINT, username TEXT,"
	" org_id BIGINT, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id BIGINT, address TEXT, detail TEXT,"
	" entity_ids TEXT);"
	"CREATE INDEX IF NOT EXISTS audit_reads_user ON reads.audit_reads(user_id, at);"
	"CREATE INDEX IF NOT EXISTS audit_reads_entity ON reads.audit_reads(entity, entity_id) WHERE entity_id IS NOT NULL;"
	"CREATE TABLE IF NOT EXISTS reads.audit_read_subjects ("
	" entity TEXT NOT NULL, entity_id BIGINT NOT NULL, event_id BIGINT NOT NULL,"
	" PRIMARY KEY (entity, entity_id, event_id));"
	"CREATE OR REPLACE FUNCTION reads.refuse_change() RETURNS trigger LANGUAGE plpgsql AS"
	" $$BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END$$;"
	"CREATE OR REPLACE TRIGGER audit_reads_append_only BEFORE UPDATE OR DELETE ON reads.audit_reads"
	" FOR EACH ROW EXECUTE FUNCTION reads.refuse_change();"
	"CREATE OR REPLACE TRIGGER audit_read_subjects_append_only BEFORE UPDATE OR DELETE ON reads.audit_read_subjects"
	" FOR EACH ROW EXECUTE FUNCTION reads.refuse_change();"
	"COMMIT;";

struct store *store_reads_open(const char *url)
{
	struct store *r = store_open_logged(url);
	if (!r) return NULL;
	if (run(r, reads_schema) != STORE_DONE) {
		log_error("db_open", "msg=\"read log: %s\"", r->errmsg);
		store_close(r);
		return NULL;
	}
	r->reads_only = true;
	return r;
}

struct store *store_reads(struct store *db)
{
	if (db->reads_only) return db;
	if (!db->reads) db->reads = store_reads_open(db->url);
	return db->reads;
}

const char *store_url(struct store *db)
{
	return db->url;
}

static void stmt_clear(struct stmt *s);

static void bulk_forget(struct store *db);

void store_close(struct store *db)
{
	if (!db) return;
	store_close(db->reads);
	while (db->depth > 0) store_rollback(db);
	for (int i = 0; i < STMT_CACHE_SIZE; i++) {
		struct stmt *s = &db->cache[i];
		if (!s->sql) continue;
		stmt_clear(s);
		sql_params_free(&s->p);
		free(s->vals);
		free(s->owned);
		free(s->bound);
	}
	bulk_forget(db);
	PQfinish(db->h);
	free(db->url);
	free(db);
}

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* At a quoted literal or name ('…' or "…", a doubled quote inside) or a
 * comment (-- to the line's end): appends it to b (a comment only when
 * keep_comments) and returns what follows it; else NULL. The SQL
 * rewriters below change words, never what these hold. */
static const char *skip_literal(struct strbuf *b, const char *p, bool keep_comments)
{
	const char *start = p;
	if (*p == '\'' || *p == '"') {
		char q = *p++;
		while (*p && !(*p == q && p[1] != q)) p += *p == q ? 2 : 1;
		if (*p) p++;
		strbuf_append(b, start, (size_t)(p - start));
		return p;
	}
	if (p[0] == '-' && p[1] == '-') {
		while (*p && *p != '\n') p++;
		if (keep_comments) strbuf_append(b, start, (size_t)(p - start));
		return p;
	}
	return NULL;
}

/* The shared SQL as PostgreSQL must read it. SQLite's LIKE ignores the
 * case of ASCII letters; PostgreSQL's does not, and its ILIKE in a
 * database whose LC_CTYPE is C (docs/postgresql.md) ignores that of ASCII
 * letters only, as SQLite does. Literals, quoted names and comments are
 * copied as they are. */
static char *pg_dialect(const char *sql)
{
	struct strbuf b;
	strbuf_init(&b);
	const char *p = sql;
	while (*p) {
		const char *past = skip_literal(&b, p, true);
		if (past) {
			p = past;
		} else if (word_char(*p)) {
			const char *start = p;
			while (word_char(*p)) p++;
			/* A parameter (:like) or a column (t.like) keeps its name. */
			bool keyword = start == sql || (start[-1] != ':' && start[-1] != '.');
			if (keyword && p - start == 4 && strncasecmp(start, "LIKE", 4) == 0) strbuf_append(&b, "ILIKE", 5);
			else strbuf_append(&b, start, (size_t)(p - start));
		} else {
			strbuf_append(&b, p++, 1);
		}
	}
	return strbuf_detach(&b);
}

static size_t ptr_hash(const void *p)
{
	uintptr_t x = (uintptr_t)p;
	x ^= x >> 17;
	x *= 0x9E3779B97F4A7C15ull;
	return (size_t)(x >> 24);
}

static _Noreturn void bind_fault(struct stmt *s, const char *what, const char *param)
{
	log_error("sql_bind", "msg=\"%s %s\" sql=\"%.300s\"", what, param, s->sql);
	abort();
}

struct stmt *store_prepare(struct store *db, const char *sql)
{
	size_t i = ptr_hash(sql) & (STMT_CACHE_SIZE - 1);
	for (size_t n = 0; n < STMT_CACHE_SIZE; n++, i = (i + 1) & (STMT_CACHE_SIZE - 1)) {
		struct stmt *s = &db->cache[i];
		if (s->sql == sql) return s;
		if (s->sql) continue;
		/* Prepared on the server at its first step, not here: a
		 * statement first used after a failure in a transaction could
		 * not be prepared until the rollback. */
		char *text = pg_dialect(sql);
		int rc = sql_params_number(text, &s->p);
		free(text);
		s->engine = &store_engine_pg;
		s->sql = sql;
		s->db = db;
		if (rc != 0) bind_fault(s, "a parameter by position, not by name:", "?");
		snprintf(s->name, sizeof s->name, "s%zu", i);
		s->vals = xcalloc((size_t)s->p.n + 1, sizeof *s->vals);
		s->owned = xcalloc((size_t)s->p.n + 1, sizeof *s->owned);
		if (check_binds) s->bound = xcalloc((size_t)s->p.n + 1, 1);
		return s;
	}
	log_error("sql_prepare", "msg=\"statement cache full\"");
	abort();
}

/* Index (from 0) of the value for name; aborts when the statement lacks it. */
static int named(struct stmt *s, const char *name)
{
	int n = sql_params_index(&s->p, name);
	if (n == 0) bind_fault(s, "no such parameter:", name);
	return n - 1;
}

static void note_bind(struct stmt *s, int k)
{
	if (!check_binds) return;
	if (s->stepped) bind_fault(s, "bound after a step without stmt_done:", s->p.names[k]);
	if (s->bound[k]) bind_fault(s, "bound twice:", s->p.names[k]);
	s->bound[k] = 1;
}

static void set_value(struct stmt *s, int k, const char *v, bool copy)
{
	note_bind(s, k);
	free(s->owned[k]);
	s->owned[k] = copy && v ? xstrdup(v) : NULL;
	s->vals[k] = copy && v ? s->owned[k] : v;
}

static void set_int(struct stmt *s, int k, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	set_value(s, k, buf, true);
}

void stmt_bind_int(struct stmt *s, const char *name, int64_t v) { set_int(s, named(s, name), v); }
void stmt_bind_text(struct stmt *s, const char *name, const char *v) { set_value(s, named(s, name), v, true); }
void stmt_bind_text_ref(struct stmt *s, const char *name, const char *v) { set_value(s, named(s, name), v, false); }
void stmt_bind_null(struct stmt *s, const char *name) { set_value(s, named(s, name), NULL, false); }

void stmt_bind_id(struct stmt *s, const char *name, int64_t id)
{
	int k = named(s, name);
	if (id) set_int(s, k, id);
	else set_value(s, k, NULL, false);
}

bool stmt_has_param(struct stmt *s, const char *name)
{
	return sql_params_index(&s->p, name) != 0;
}

struct stmt_param STORE_ENGINE_FN(stmt_param)(struct stmt *s, const char *name)
{
	return (struct stmt_param){named(s, name) + 1};
}

static int resolved(struct stmt *s, struct stmt_param p)
{
	if (p.idx < 1 || p.idx > s->p.n) bind_fault(s, "bound through a handle stmt_param did not give", "");
	return p.idx - 1;
}

void stmt_bind_int_p(struct stmt *s, struct stmt_param p, int64_t v) { set_int(s, resolved(s, p), v); }
void stmt_bind_text_ref_p(struct stmt *s, struct stmt_param p, const char *v) { set_value(s, resolved(s, p), v, false); }

/* A connection the server dropped (restarted, failed over) is made again
 * between transactions; its prepared statements are gone with it. Between
 * transactions nothing is pending on the connection, so what the server
 * sent since (its FATAL on terminating the backend, the socket's end) is
 * read first, without waiting: libpq learns of the loss only when it
 * reads, and else the first request on each connection after a failover
 * failed. */
static void reconnect_if_lost(struct store *db)
{
	if (db->depth > 0) return;
	if (PQstatus(db->h) == CONNECTION_OK) PQconsumeInput(db->h);
	if (PQstatus(db->h) == CONNECTION_OK) return;
	PQreset(db->h);
	if (PQstatus(db->h) != CONNECTION_OK) return;
	db->gen++;
	configure(db);
	if (db->reads_only) run(db, reads_schema);
}

void stmt_stream(struct stmt *s)
{
	s->stream = true;
}

/* The rest of a streaming statement's results read and dropped: the
 * connection answers the next statement. */
static void stream_end(struct stmt *s)
{
	PGresult *r;
	while ((r = PQgetResult(s->db->h))) PQclear(r);
	s->streaming = false;
}

/* A streaming statement's next row, or its end: the last result, then
 * none, after which the connection is free again. */
static int stream_next(struct stmt *s)
{
	struct store *db = s->db;
	PQclear(s->res);
	s->res = NULL;
	s->row = s->nrows = 0;
	if (!s->streaming) return STORE_DONE;
	PGresult *r = PQgetResult(db->h);
	if (r && PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
		s->res = r;
		s->nrows = 1;
		return STORE_ROW;
	}
	int rc = map_result(db, r, s->sql);
	PQclear(r);
	stream_end(s);
	return rc;
}

/* The statement prepared on the connection as it is now. */
static int ensure_prepared(struct stmt *s)
{
	if (s->prepared_gen == s->db->gen) return STORE_DONE;
	PGresult *p = PQprepare(s->db->h, s->name, s->p.sql, s->p.n, NULL);
	int rc = map_result(s->db, p, s->sql);
	PQclear(p);
	if (rc == STORE_DONE) s->prepared_gen = s->db->gen;
	return rc;
}

int stmt_step(struct stmt *s)
{
	struct store *db = s->db;
	if (s->streaming || (s->stream && s->stepped)) return stream_next(s);
	if (s->res) {
		if (++s->row < s->nrows) return STORE_ROW;
		return STORE_DONE;
	}
	if (check_binds && !s->stepped)
		for (int k = 0; k < s->p.n; k++)
			if (!s->bound[k]) bind_fault(s, "never bound:", s->p.names[k]);
	s->stepped = true;
	/* A statement outside a transaction (a read, or a single write whose
	 * repeat does no harm: a session's last-seen time) that finds its
	 * connection lost runs once more on a new one: the server may have
	 * dropped it between our check and the statement (a failover, an
	 * administrator's pg_terminate_backend). Inside a transaction the loss
	 * rolled the work back and the caller's outcome says so. */
	if (s->stream) {
		reconnect_if_lost(db);
		int rc = ensure_prepared(s);
		if (rc != STORE_DONE) return rc;
		if (!PQsendQueryPrepared(db->h, s->name, s->p.n, s->vals, NULL, NULL, 0)) {
			set_error(db, PQerrorMessage(db->h));
			return STORE_EFAIL;
		}
		PQsetSingleRowMode(db->h);
		s->streaming = true;
		return stream_next(s);
	}
	PGresult *r = NULL;
	int rc = STORE_EFAIL;
	for (int attempt = 0; attempt < 2; attempt++) {
		reconnect_if_lost(db);
		if ((rc = ensure_prepared(s)) != STORE_DONE) {
			if (db->depth == 0 && PQstatus(db->h) == CONNECTION_BAD) continue;
			return rc;
		}
		r = PQexecPrepared(db->h, s->name, s->p.n, s->vals, NULL, NULL, 0);
		rc = map_result(db, r, s->sql);
		if (rc == STORE_DONE) break;
		PQclear(r);
		r = NULL;
		if (db->depth > 0 || PQstatus(db->h) != CONNECTION_BAD) return rc;
	}
	if (rc != STORE_DONE) return rc;
	s->res = r;
	s->row = 0;
	s->nrows = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) : 0;
	return s->nrows > 0 ? STORE_ROW : STORE_DONE;
}

/* A number as SQLite would give it from the column's text: booleans (a
 * comparison selected as a column) are 1 and 0, a numeric (SUM, AVG) its
 * whole part. */
int64_t stmt_int(struct stmt *s, int col)
{
	if (!s->res || s->row >= s->nrows || PQgetisnull(s->res, s->row, col)) return 0;
	const char *v = PQgetvalue(s->res, s->row, col);
	if (v[0] == 't' && !v[1]) return 1;
	if (v[0] == 'f' && !v[1]) return 0;
	return strtoll(v, NULL, 10);
}

const char *stmt_text(struct stmt *s, int col)
{
	if (!s->res || s->row >= s->nrows || PQgetisnull(s->res, s->row, col)) return NULL;
	return PQgetvalue(s->res, s->row, col);
}

bool stmt_is_null(struct stmt *s, int col)
{
	return !s->res || s->row >= s->nrows || PQgetisnull(s->res, s->row, col);
}

static void stmt_clear(struct stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->row = s->nrows = 0;
	if (s->streaming) stream_end(s); /* left before its end */
	s->stream = false;
}

void stmt_done(struct stmt *s)
{
	stmt_clear(s);
	for (int k = 0; k < s->p.n; k++) {
		free(s->owned[k]);
		s->owned[k] = NULL;
		s->vals[k] = NULL;
	}
	if (check_binds) memset(s->bound, 0, (size_t)s->p.n + 1);
	s->stepped = false;
}

/* A migration's DDL as PostgreSQL must read it: SQLite's rowid alias
 * "INTEGER PRIMARY KEY" becomes an identity column (by default, so a row
 * copied with its id keeps it), every INTEGER a BIGINT (SQLite's are 64
 * bits), and WITHOUT ROWID, a SQLite storage choice, goes. */
static char *pg_ddl(const char *sql)
{
	struct strbuf b;
	strbuf_init(&b);
	const char *p = sql;
	while (*p) {
		const char *past = skip_literal(&b, p, false);
		if (past) {
			p = past;
		} else if (strncmp(p, "INTEGER PRIMARY KEY", 19) == 0 && (p == sql || !word_char(p[-1]))) {
			strbuf_puts(&b, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
			p += 19;
		} else if (strncmp(p, "WITHOUT ROWID", 13) == 0) {
			p += 13;
		} else if (word_char(*p)) {
			const char *start = p;
			while (word_char(*p)) p++;
			if (p - start == 7 && strncmp(start, "INTEGER", 7) == 0) strbuf_puts(&b, "BIGINT");
			else strbuf_append(&b, start, (size_t)(p - start));
		} else {
			strbuf_append(&b, p++, 1);
		}
	}
	return strbuf_detach(&b);
}

int store_exec_script(struct store *db, const char *sql, struct err *e)
{
	char *text = pg_ddl(sql);
	PGresult *r = PQexec(db->h, text);
	free(text);
	/* A script of comments only (a migration whose work is all in its
	 * engine parts) is empty, not a failure. */
	int rc = PQresultStatus(r) == PGRES_EMPTY_QUERY ? STORE_DONE : map_result(db, r, NULL);
	PQclear(r);
	if (rc != STORE_DONE) return err_set(e, ERR_INTERNAL, "Databasfel: %s", db->errmsg);
	return 0;
}

int store_begin(struct store *db)
{
	char sql[64];
	if (db->depth == 0) reconnect_if_lost(db);
	if (db->depth == 0)
		snprintf(sql, sizeof sql, "%s", db->reads_only ? "BEGIN" : "BEGIN ISOLATION LEVEL SERIALIZABLE");
	else
		snprintf(sql, sizeof sql, "SAVEPOINT s%d", db->depth);
	int rc = run(db, sql);
	if (rc != STORE_DONE) return rc;
	db->depth++;
	return STORE_DONE;
}

int store_commit(struct store *db)
{
	if (db->depth == 0) return STORE_EFAIL;
	/* COMMIT of a transaction a statement failed in answers ROLLBACK, not
	 * an error: say it failed, and leave the level to the caller's
	 * rollback, as for any failed commit. */
	if (PQtransactionStatus(db->h) == PQTRANS_INERROR) {
		set_error(db, "the transaction had failed");
		return STORE_EFAIL;
	}
	char sql[32];
	if (db->depth == 1) snprintf(sql, sizeof sql, "COMMIT");
	else snprintf(sql, sizeof sql, "RELEASE s%d", db->depth - 1);
	int rc = run(db, sql);
	if (rc != STORE_DONE) return rc;
	db->depth--;
	return STORE_DONE;
}

void store_rollback(struct store *db)
{
	if (db->depth == 0) return;
	char sql[48];
	if (db->depth == 1) snprintf(sql, sizeof sql, "ROLLBACK");
	else snprintf(sql, sizeof sql, "ROLLBACK TO s%d; RELEASE s%d", db->depth - 1, db->depth - 1);
	bool busy = db->busy; /* why it failed stays readable after the rollback */
	PQclear(PQexec(db->h, sql));
	db->busy = busy;
	db->depth--;
}

bool store_in_transaction(struct store *db)
{
	return db->depth > 0;
}

/* Bulk loads: as on SQLite, a table's secondary indexes are dropped inside
 * the transaction and built again at the end (a sorted build beats a
 * million inserts into each), the unique ones kept when asked and those of
 * constraints (the primary key, UNIQUE columns) always; a rollback brings
 * them back. The builds get maintenance_work_mem of BULK_SORT_MEM for the
 * transaction (SET LOCAL: the server's setting is left alone), so the sort
 * of a register's names stays in memory. */
#define BULK_SORT_MEM "'256MB'"

static void bulk_forget(struct store *db)
{
	for (size_t i = 0; i < db->nbulk_indexes; i++) free(db->bulk_indexes[i]);
	free(db->bulk_indexes);
	db->bulk_indexes = NULL;
	db->nbulk_indexes = 0;
}

int store_bulk_begin(struct store *db, const char *table, bool keep_unique)
{
	if (!table || db->nbulk_indexes) return STORE_DONE;
	int rc = run(db, "SET LOCAL maintenance_work_mem = " BULK_SORT_MEM);
	if (rc != STORE_DONE) return rc;
	const char *params[2] = {table, keep_unique ? "1" : "0"};
	PGresult *r = PQexecParams(db->h,
		"SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname"
		" AND c.relnamespace = to_regnamespace(i.schemaname) JOIN pg_index x ON x.indexrelid = c.oid"
		" WHERE i.schemaname = current_schema() AND i.tablename = $1"
		" AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)"
		" AND (NOT x.indisunique OR $2 = '0') ORDER BY 1",
		2, NULL, params, NULL, NULL, 0);
	rc = map_result(db, r, "bulk indexes");
	int n = rc == STORE_DONE ? PQntuples(r) : 0;
	if (n) db->bulk_indexes = xcalloc((size_t)n, sizeof *db->bulk_indexes);
	for (int i = 0; i < n && rc == STORE_DONE; i++) {
		char *name = PQescapeIdentifier(db->h, PQgetvalue(r, i, 0), strlen(PQgetvalue(r, i, 0)));
		struct strbuf drop;
		strbuf_init(&drop);
		strbuf_printf(&drop, "DROP INDEX %s", name);
		PQfreemem(name);
		rc = run(db, drop.buf);
		strbuf_free(&drop);
		if (rc == STORE_DONE) db->bulk_indexes[db->nbulk_indexes++] = xstrdup(PQgetvalue(r, i, 1));
	}
	PQclear(r);
	return rc;
}

int store_bulk_end(struct store *db, bool rebuild)
{
	int rc = STORE_DONE;
	for (size_t i = 0; rebuild && i < db->nbulk_indexes && rc == STORE_DONE; i++) rc = run(db, db->bulk_indexes[i]);
	bulk_forget(db);
	return rc;
}

bool store_load_begin(struct store *db)
{
	(void)db;
	return false;
}

void store_load_end(struct store *db)
{
	(void)db;
}

/* Appends on PostgreSQL: COPY … FROM STDIN in its text format, rows
 * gathered into APPEND_CHUNK bytes a send. */
#define APPEND_CHUNK (256 * 1024)

int store_append_begin(struct store *db, const char *table, const char *columns, int n)
{
	struct strbuf sql;
	strbuf_init(&sql);
	strbuf_printf(&sql, "COPY %s (%s) FROM STDIN", table, columns);
	PGresult *r = PQexec(db->h, sql.buf);
	int rc = STORE_DONE;
	if (PQresultStatus(r) != PGRES_COPY_IN && (rc = map_result(db, r, sql.buf)) == STORE_DONE) rc = STORE_EFAIL;
	PQclear(r);
	strbuf_free(&sql);
	if (rc != STORE_DONE) return rc;
	strbuf_init(&db->append);
	db->append_n = n;
	db->appending = true;
	return STORE_DONE;
}

static int append_send(struct store *db)
{
	int rc = db->append.len ? PQputCopyData(db->h, db->append.buf, (int)db->append.len) : 1;
	strbuf_truncate(&db->append, 0);
	if (rc == 1) return STORE_DONE;
	set_error(db, PQerrorMessage(db->h));
	return STORE_EFAIL;
}

int store_append_row(struct store *db, const char *const *values)
{
	struct strbuf *b = &db->append;
	for (int i = 0; i < db->append_n; i++) {
		if (i) strbuf_putc(b, '\t');
		const char *v = values[i];
		if (!v) {
			strbuf_append(b, "\\N", 2);
			continue;
		}
		/* The text format's escapes: backslash, and the separators. */
		for (const char *p = v; *p;) {
			size_t plain = strcspn(p, "\\\t\n\r");
			strbuf_append(b, p, plain);
			p += plain;
			if (!*p) break;
			strbuf_putc(b, '\\');
			strbuf_putc(b, *p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : '\\');
			p++;
		}
	}
	strbuf_putc(b, '\n');
	return b->len >= APPEND_CHUNK ? append_send(db) : STORE_DONE;
}

int store_append_end(struct store *db, bool ok)
{
	if (!db->appending) return STORE_EFAIL;
	db->appending = false;
	int rc = ok ? append_send(db) : STORE_EFAIL;
	strbuf_free(&db->append);
	if (PQputCopyEnd(db->h, rc == STORE_DONE ? NULL : "abandoned") != 1) {
		set_error(db, PQerrorMessage(db->h));
		rc = STORE_EFAIL;
	}
	PGresult *r;
	while ((r = PQgetResult(db->h))) {
		int got = map_result(db, r, "COPY");
		if (rc == STORE_DONE) rc = got;
		PQclear(r);
	}
	return rc;
}

/* pg_dump, from PATH or $SAMSYN_PG_DUMP, writes a plain SQL dump of the
 * database without the read log (schema reads), or, on a companion, of the
 * read log only: the two files SQLite's backup writes. pg_dump takes one
 * snapshot of what it dumps, while the servers go on. The file exists
 * (backup.c made it 0600) and pg_dump writes into it. */
int store_backup(struct store *db, const char *path)
{
	const char *dump = getenv("SAMSYN_PG_DUMP");
	if (!dump || !*dump) dump = "pg_dump";
	char *argv[] = {(char *)dump, "--no-owner", "--no-privileges", db->reads_only ? "--schema=reads" : "--exclude-schema=reads",
			"--file", (char *)path, "--dbname", db->url, NULL};
	pid_t pid;
	int rc = posix_spawnp(&pid, dump, NULL, NULL, argv, environ);
	if (rc != 0) {
		snprintf(db->errmsg, sizeof db->errmsg, "kan inte starta %s: %s", dump, strerror(rc));
		return STORE_EFAIL;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(db->errmsg, sizeof db->errmsg, "%s misslyckades (status %d)", dump, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return STORE_EFAIL;
	}
	return STORE_DONE;
}

bool store_busy(struct store *db)
{
	return db->busy;
}

unsigned store_conflicts(struct store *db)
{
	return db->conflicts;
}

const char *store_errmsg(struct store *db)
{
	return db->errmsg[0] ? db->errmsg : PQerrorMessage(db->h);
}

const struct store_engine store_engine_pg = STORE_ENGINE_TABLE("postgresql");
