/* audit.c — writing and reading audit events: a change's in its
 * transaction, reads of personal data queued for the read log's writer
 * thread (audit_reads), the log read back from both. */
#include "audit.h"
#include "check.h"
#include "../base/clock.h"
#include "../base/log.h"
#include "../base/mem.h"
#include "../base/strset.h"
#include "../store/store.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One event as written. */
struct audit_row {
	char at[21];
	int64_t id_time; /* when, in microseconds: the id it gets (insert_row) */
	int64_t user_id, org_id, entity_id; /* 0: NULL */
	const char *username, *action, *entity, *address, *detail;
	const char *entity_ids; /* a list read's ids, "3,7,9"; else NULL */
};

static void row_now(struct audit_row *r)
{
	r->id_time = clock_now_us();
	clock_format_rfc3339(r->id_time / 1000000, r->at);
}

/* The log is two tables in two files: changes in audit_events, in the
 * database, inside the transaction of the change; reads in audit_reads,
 * the read log (store_reads). An event's id orders it among both: the
 * microsecond it was written times two, plus one in the read log, or the
 * next id of its parity after its own table's last when the clock has not
 * moved past it (or went back); ids are unique across the two, and grow
 * with time (:us, the microsecond). */
#define AUDIT_INSERT(table, parity) \
	"INSERT INTO " table " (id, at, user_id, username, org_id, action, entity, entity_id, address, detail," \
	" entity_ids) SELECT CASE WHEN t > n THEN t ELSE n END, :at, :user, :username, :org, :action, :entity," \
	" :entity_id, :address, :detail, :entity_ids FROM (SELECT CAST(:us AS BIGINT) * 2 + " \
	parity " AS t, (COALESCE((SELECT MAX(id) FROM " table "), 0) + " parity ") / 2 * 2 + 2 - " parity \
	" AS n) AS next RETURNING id"

/* On PostgreSQL a change's event takes its id from the database's clock
 * when it is written, without reading the table's last id: every writing
 * transaction read that, and under SERIALIZABLE any two concurrent changes
 * then conflicted and one was retried (docs/postgresql.md). Two events in
 * one microsecond: the second finds the id taken and is written again
 * (AUDIT_ID_TRIES). Events still grow with time, but no longer commit in
 * the order of their ids, which figure_cache.c allows for. */
#define AUDIT_INSERT_PG \
	"INSERT INTO audit_events (id, at, user_id, username, org_id, action, entity, entity_id, address, detail," \
	" entity_ids) VALUES (" AUDIT_CLOCK_ID ", :at, :user, :username, :org, :action, :entity, :entity_id," \
	" :address, :detail, :entity_ids) ON CONFLICT (id) DO NOTHING RETURNING id"
#define AUDIT_CLOCK_ID "CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000) AS BIGINT) * 2"
#define AUDIT_ID_TRIES 8

/* Inserts r into the read log when reads, else into audit_events; *id
 * receives its id. Returns STORE_DONE or STORE_E*. */
static int insert_row(struct store *db, const struct audit_row *r, bool reads, int64_t *id)
{
	bool by_clock = !reads && store_is_server(db);
	for (int try = 0; try < AUDIT_ID_TRIES; try++) {
		struct stmt *s = store_prepare(db, by_clock ? AUDIT_INSERT_PG
						  : reads ? AUDIT_INSERT("reads.audit_reads", "1")
							  : AUDIT_INSERT("audit_events", "0"));
		stmt_bind_text(s, ":at", r->at);
		stmt_bind_id(s, ":user", r->user_id);
		stmt_bind_text(s, ":username", r->username);
		stmt_bind_id(s, ":org", r->org_id);
		stmt_bind_text(s, ":action", r->action);
		stmt_bind_text(s, ":entity", r->entity);
		stmt_bind_id(s, ":entity_id", r->entity_id);
		stmt_bind_text(s, ":address", r->address);
		stmt_bind_text(s, ":detail", r->detail);
		stmt_bind_text_ref(s, ":entity_ids", r->entity_ids);
		if (!by_clock) stmt_bind_int(s, ":us", r->id_time);
		int rc = stmt_scalar(s, id);
		if (rc != STORE_DONE || !by_clock) return rc == STORE_ROW ? STORE_DONE : rc < 0 ? rc : STORE_EFAIL;
		/* No row: the microsecond's id was taken. */
	}
	return STORE_EFAIL;
}

int audit_write_as(struct ctx *c, int64_t user_id, const char *username, int64_t org_id, const char *action,
		   const char *entity, int64_t entity_id, const char *detail)
{
	struct audit_row r = {.user_id = user_id, .username = username, .org_id = org_id, .action = action,
			      .entity = entity, .entity_id = entity_id, .address = c->address, .detail = detail};
	row_now(&r);
	int64_t id;
	if (insert_row(c->db, &r, false, &id) != STORE_DONE) return err_set(&c->err, ERR_INTERNAL, "Kunde inte skriva i loggen.");
	return 0;
}

int audit_write(struct ctx *c, const char *action, const char *entity, int64_t entity_id, const char *detail)
{
	const struct actor *a = c->actor;
	return audit_write_as(c, a ? a->user_id : 0, a ? a->username : "system", a ? a->org_id : 0, action, entity,
			      entity_id, detail);
}

int change_commit(struct ctx *c, int rc, const struct change *ch)
{
	if (rc == STORE_DONE && audit_write(c, ch->action, ch->entity, ch->id, ch->detail) == 0 &&
	    (rc = store_commit(c->db)) == STORE_DONE)
		return 0;
	ctx_store_error(c, rc, ch->conflict, ch->fail); /* before the rollback, which clears the busy mark */
	store_rollback(c->db);
	return c->err.code;
}

int audit_commit(struct ctx *c, bool ok, const char *action, const char *entity, int64_t entity_id, const char *detail,
		 const char *msg)
{
	return change_commit(c, ok ? STORE_DONE : STORE_EFAIL, &(struct change){action, entity, entity_id, detail, NULL, msg});
}

/* The index of list reads, audit_read_subjects (entity, entity_id,
 * event_id), is written behind the requests, a batch of list events at a
 * time. A list read is one event naming every id shown ("3,7,9", in the
 * order shown), not one per id: a page of 50 participants wrote 50 rows
 * and 50 entries in each of the log's indexes. A pass runs every
 * AUDIT_INDEX_LISTS list events (or AUDIT_INDEX_SPAN events of any kind):
 * it indexes each record named by the list events since the last pass
 * once, whatever the number of them that named it, under the pass's end
 * (event_id: the last event of the log when it ran), and writes a mark,
 * an entry with entity '' and that end. So an entry says "named by some
 * list event between the mark before and this one", and the record's
 * list events are found by reading those few events (AUDIT_RECORD_READS).
 * One entry per record and pass, not per record and event: with an entry
 * per event, the inserts (50 per list read, each in another B-tree leaf)
 * were most of what a list read cost, and the records read most (a list's
 * first page) are the ones a pass names many times. The list events after
 * the last mark are read as well, so the answer is exact whenever the pass
 * runs, and a pass that fails is only a longer tail. (audit_events and
 * its audit_event_subjects, an entry per record and event, hold the list
 * reads written before the read log had a file of its own; migration
 * 0008 indexed the last of them.) */
/* The advisory lock the read log's writers take turns by on PostgreSQL
 * (write_batch): a number of Samsyn's own, "SAMS" in ASCII. */
#define AUDIT_READS_LOCK "1396788563"
#define AUDIT_MARK \
	"SELECT COALESCE(MAX(event_id), 0) FROM reads.audit_read_subjects WHERE entity = '' AND entity_id = 0"

struct subject {
	const char *entity;
	int64_t id;
};

static int cmp_subject(const void *a, const void *b)
{
	const struct subject *x = a, *y = b;
	int c = strcmp(x->entity, y->entity);
	if (c) return c;
	return (x->id > y->id) - (x->id < y->id);
}

/* Indexes the list events after the mark and moves it; inside the
 * caller's transaction on the read log. Returns STORE_DONE or STORE_E*. */
static int index_tail(struct store *log, struct arena *a)
{
	int64_t mark, last;
	if (stmt_scalar(store_prepare(log, AUDIT_MARK), &mark) != STORE_ROW) return STORE_EFAIL;
	if (stmt_scalar(store_prepare(log, "SELECT COALESCE(MAX(id), 0) FROM reads.audit_reads"), &last) != STORE_ROW)
		return STORE_EFAIL;
	int rc;
	size_t n = 0, cap = 256;
	struct subject *all = xmalloc(cap * sizeof *all);
	struct stmt *s = store_prepare(log, "SELECT id, entity, entity_ids FROM reads.audit_reads WHERE id > :mark AND id <= :last"
					    " AND entity_ids IS NOT NULL");
	stmt_bind_int(s, ":mark", mark);
	stmt_bind_int(s, ":last", last);
	while ((rc = stmt_step(s)) == STORE_ROW) {
		const char *entity = arena_strdup(a, stmt_text(s, 1));
		for (const char *p = stmt_text(s, 2); p && *p;) {
			char *end;
			int64_t id = strtoll(p, &end, 10);
			if (n == cap) all = xrealloc(all, (cap *= 2) * sizeof *all);
			all[n++] = (struct subject){entity, id};
			p = *end == ',' ? end + 1 : end + strlen(end);
		}
	}
	stmt_done(s);
	if (rc < 0) {
		free(all);
		return rc;
	}
	qsort(all, n, sizeof *all, cmp_subject);
	s = store_prepare(log, "INSERT INTO reads.audit_read_subjects (entity, entity_id, event_id) VALUES (:entity, :id, :last)");
	rc = STORE_DONE;
	for (size_t i = 0; i <= n && rc == STORE_DONE; i++) {
		/* Each record once, however many of the lists named it. */
		if (i < n && i > 0 && cmp_subject(&all[i], &all[i - 1]) == 0) continue;
		struct subject mk = {"", 0};
		const struct subject *e = i < n ? &all[i] : &mk; /* the mark last */
		stmt_bind_text_ref(s, ":entity", e->entity);
		stmt_bind_int(s, ":id", e->id);
		stmt_bind_int(s, ":last", last);
		rc = stmt_exec(s);
	}
	free(all);
	return rc;
}

/* Reads are logged behind the answers. A read event has no change to be
 * atomic with, and waiting for its commit made every request wait in
 * line for one writer: the read log takes one writer at a time, and with
 * a commit for each request the audited participant list ran at less
 * than half the speed of the same list unaudited (docs/performance.md).
 * So a request queues its event (audit_reads) and answers; one thread of
 * the process, the log's writer, writes what is queued in one
 * transaction, again and again, on a connection of its own: the events
 * of up to AUDIT_GATHER_MS, written a few milliseconds after their
 * answers.
 *
 * What that costs, and the bounds kept: an event is in memory from its
 * answer until the writer's commit, a few milliseconds, or as long as the
 * log cannot be written. A crash of the process in that time
 * loses it (a clean stop writes the queue first: audit_shutdown); a
 * change's event is never queued. When the log cannot be written (locked
 * by another process, full disk), the writer keeps the events and tries
 * again (every 10 ms after a failure), and once an event has waited for
 * the busy wait, reads are refused (ERR_BUSY, 503) until it is written:
 * no read is shown for longer than that without its event on disk. At
 * AUDIT_QUEUE_MAX queued events a reader waits for room (the busy wait,
 * then ERR_BUSY). */
#define AUDIT_QUEUE_MAX 10000
/* The writer gathers a batch for up to AUDIT_GATHER_MS after its first
 * event, or until AUDIT_GATHER_MAX events: each commit costs far more than
 * its rows (the WAL frames of every page it touched, its share of the
 * checkpoints), and committing each event as it came cost a tenth of the
 * list's time (docs/performance.md). It bounds what a crash can lose. */
#define AUDIT_GATHER_MS 2
#define AUDIT_GATHER_MAX 256

struct queued_read {
	struct audit_row row; /* its strings point into text */
	double queued_at;     /* clock_monotonic_ms */
	struct queued_read *next;
	char text[]; /* username, entity, address, detail, entity_ids */
};

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t log_wake = PTHREAD_COND_INITIALIZER;    /* the writer: events queued, or stop */
static pthread_cond_t log_settled = PTHREAD_COND_INITIALIZER; /* written or failed: flushers, readers waiting for room */
static struct queued_read *queue, **queue_tail = &queue;
static size_t queued;
static uint64_t n_queued, n_written; /* events queued and written since the start, in queue order */
static char *log_url;                /* the database whose read log the queue is for */
static pthread_t writer;
static bool writer_running, writer_stop;
static bool writer_hurry; /* a flush waits: write what is queued now */
static double oldest_unwritten;      /* queued_at of the oldest event not yet written; 0: none */
static int failing_code;             /* the last write's failure, ERR_BUSY or ERR_INTERNAL; 0: it was written */

static const char busy_msg[] = "Databasen är upptagen just nu. Försök igen om en stund.";

/* The events and list events written since the last pass over the index
 * (or the writer's start): a pass runs when AUDIT_INDEX_LISTS list events
 * or AUDIT_INDEX_SPAN events of any kind have come, counted here rather
 * than in the log, where counting read the tail's pages with every commit.
 * Another process's reads (the command line's) only lengthen the tail
 * until the next pass. The writer alone touches them. */
static int64_t since_pass, lists_since_pass;

/* Writes the batch in one transaction on the read log, then, when due, a
 * pass over the index in a savepoint (a pass that fails leaves the events
 * unindexed, and found all the same, until the next one). Returns 0,
 * ERR_BUSY or ERR_INTERNAL; on failure nothing of the batch is written. */
static int write_batch(struct store *log, struct arena *a, const struct queued_read *batch)
{
	if (store_begin(log) != STORE_DONE) return store_busy(log) ? ERR_BUSY : ERR_INTERNAL;
	/* Each server has a writer of its own on PostgreSQL: they take turns, so
	 * that a batch's ids, read from the log's last (AUDIT_INSERT), commit in
	 * their order, and a pass's mark never passes over a batch committed
	 * after it with lower ids (its list reads would go unfound). SQLite's
	 * writers take turns by its lock. */
	if (store_is_server(log) &&
	    stmt_exec(store_prepare(log, "SELECT pg_advisory_xact_lock(" AUDIT_READS_LOCK ")")) < 0) {
		int code = store_busy(log) ? ERR_BUSY : ERR_INTERNAL;
		store_rollback(log);
		return code;
	}
	int64_t events = 0, lists = 0;
	for (const struct queued_read *q = batch; q; q = q->next) {
		int64_t id;
		if (insert_row(log, &q->row, true, &id) != STORE_DONE) {
			int code = store_busy(log) ? ERR_BUSY : ERR_INTERNAL;
			store_rollback(log);
			return code;
		}
		events++;
		lists += q->row.entity_ids != NULL;
	}
	bool pass = lists_since_pass + lists >= AUDIT_INDEX_LISTS || since_pass + events >= AUDIT_INDEX_SPAN;
	bool passed = false;
	if (pass && store_begin(log) == STORE_DONE) {
		passed = index_tail(log, a) == STORE_DONE && store_commit(log) == STORE_DONE;
		if (!passed) {
			char why[160];
			log_warn("audit_index", "msg=\"list reads left for the next pass\" error=\"%s\"",
				 log_clean(why, sizeof why, store_errmsg(log)));
			store_rollback(log);
		}
	}
	if (store_commit(log) != STORE_DONE) {
		int code = store_busy(log) ? ERR_BUSY : ERR_INTERNAL;
		store_rollback(log);
		return code;
	}
	since_pass = passed ? 0 : since_pass + events;
	lists_since_pass = passed ? 0 : lists_since_pass + lists;
	return 0;
}

/* Waits on cond (with log_mu held) for at most ms milliseconds: the
 * writer's and the waiters' naps, each checking its condition again. */
static void nap_on(pthread_cond_t *cond, long ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += ms * 1000000L;
	if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
	pthread_cond_timedwait(cond, &log_mu, &until);
}

static void *writer_main(void *arg)
{
	(void)arg;
	struct arena a;
	arena_init(&a, 0);
	struct store *log = NULL;
	pthread_mutex_lock(&log_mu);
	for (;;) {
		while (!queue && !writer_stop) pthread_cond_wait(&log_wake, &log_mu);
		if (!queue) break;
		double due = queue->queued_at + AUDIT_GATHER_MS;
		while (!writer_stop && !writer_hurry && queued < AUDIT_GATHER_MAX && clock_monotonic_ms() < due) {
			nap_on(&log_wake, 1);
		}
		writer_hurry = false;
		struct queued_read *batch = queue;
		size_t n = queued;
		queue = NULL;
		queue_tail = &queue;
		queued = 0;
		if (!log) {
			log = store_reads_open(log_url);
			since_pass = lists_since_pass = 0;
		}
		pthread_mutex_unlock(&log_mu);
		int code = log ? write_batch(log, &a, batch) : ERR_INTERNAL;
		arena_reset(&a);
		pthread_mutex_lock(&log_mu);
		if (code == 0) {
			n_written += n;
			if (failing_code) log_info("audit_reads", "msg=\"the read log is written again\"");
			failing_code = 0;
			oldest_unwritten = queue ? queue->queued_at : 0;
			while (batch) {
				struct queued_read *next = batch->next;
				free(batch);
				batch = next;
			}
		} else {
			/* Kept, first in line, and tried again. */
			struct queued_read **end = &batch;
			while (*end) end = &(*end)->next;
			*end = queue;
			if (!queue) queue_tail = end;
			queue = batch;
			queued += n;
			if (!failing_code)
				log_error("audit_reads", "msg=\"the read log cannot be written; trying again\" events=%zu", queued);
			failing_code = code;
		}
		pthread_cond_broadcast(&log_settled);
		if (code != 0 && !writer_stop) {
			pthread_mutex_unlock(&log_mu);
			struct timespec nap = {0, 10 * 1000000L};
			nanosleep(&nap, NULL);
			pthread_mutex_lock(&log_mu);
			if (log && code == ERR_INTERNAL) { /* a new connection, in case the old one is the fault */
				store_close(log);
				log = NULL;
			}
		} else if (code != 0) {
			break; /* stopping: the caller reports what is left */
		}
	}
	pthread_mutex_unlock(&log_mu);
	store_close(log);
	arena_free(&a);
	return NULL;
}

/* Whether an event has waited for the writer longer than the busy wait
 * (the log locked by another process, or failing). */
static bool failing_too_long(void)
{
	return oldest_unwritten && clock_monotonic_ms() - oldest_unwritten >= store_busy_wait();
}

/* Waits, with log_mu held, until every event queued so far is written,
 * failing when the writer has failed for the busy wait. Returns 0 or the
 * writer's ERR_BUSY or ERR_INTERNAL. */
static int drain_locked(void)
{
	uint64_t target = n_queued;
	if (n_written < target) {
		writer_hurry = true;
		pthread_cond_signal(&log_wake);
	}
	while (n_written < target) {
		if (failing_too_long() || !writer_running) return failing_code == ERR_INTERNAL ? ERR_INTERNAL : ERR_BUSY;
		nap_on(&log_settled, 20);
	}
	return 0;
}

int audit_flush(void)
{
	pthread_mutex_lock(&log_mu);
	int rc = drain_locked();
	pthread_mutex_unlock(&log_mu);
	return rc;
}

void audit_shutdown(void)
{
	pthread_mutex_lock(&log_mu);
	if (!writer_running) {
		pthread_mutex_unlock(&log_mu);
		return;
	}
	drain_locked();
	writer_stop = true;
	pthread_cond_signal(&log_wake);
	pthread_mutex_unlock(&log_mu);
	pthread_join(writer, NULL);
	pthread_mutex_lock(&log_mu);
	if (queued) log_error("audit_reads", "msg=\"read events not written at the stop\" events=%zu", queued);
	while (queue) {
		struct queued_read *next = queue->next;
		free(queue);
		queue = next;
	}
	queue_tail = &queue;
	queued = 0;
	n_queued = n_written = 0;
	writer_running = writer_stop = false;
	oldest_unwritten = 0;
	failing_code = 0;
	free(log_url);
	log_url = NULL;
	pthread_mutex_unlock(&log_mu);
}

/* Copies r and its strings into one allocation. */
static struct queued_read *queued_copy(const struct audit_row *r)
{
	const char *src[] = {r->username, r->entity, r->address, r->detail, r->entity_ids};
	size_t len = 0;
	for (size_t i = 0; i < 5; i++) len += src[i] ? strlen(src[i]) + 1 : 0;
	struct queued_read *q = xmalloc(sizeof *q + len);
	q->row = *r;
	q->next = NULL;
	const char **dst[] = {&q->row.username, &q->row.entity, &q->row.address, &q->row.detail, &q->row.entity_ids};
	char *t = q->text;
	for (size_t i = 0; i < 5; i++) {
		if (!src[i]) continue;
		size_t n = strlen(src[i]) + 1;
		memcpy(t, src[i], n);
		*dst[i] = t;
		t += n;
	}
	return q;
}

/* Queues r for the writer of db's read log (started here when needed).
 * Returns 0, or ERR_BUSY when the writer has failed for the busy wait or
 * the queue stayed full for it. */
static int enqueue(struct ctx *c, const struct audit_row *r)
{
	const char *url = store_url(c->db);
	pthread_mutex_lock(&log_mu);
	if (log_url && strcmp(log_url, url) != 0) {
		/* Another database (a test's, a command's): the old one's events
		 * first, by a writer of its own. */
		pthread_mutex_unlock(&log_mu);
		audit_shutdown();
		pthread_mutex_lock(&log_mu);
	}
	if (!log_url) log_url = xstrdup(url);
	if (!writer_running) {
		if (pthread_create(&writer, NULL, writer_main, NULL) != 0) {
			pthread_mutex_unlock(&log_mu);
			return err_set(&c->err, ERR_INTERNAL, "Kunde inte starta loggens skrivare.");
		}
		writer_running = true;
	}
	double until = clock_monotonic_ms() + store_busy_wait();
	while (failing_too_long() || queued >= AUDIT_QUEUE_MAX) {
		if (failing_too_long() || clock_monotonic_ms() >= until) {
			int code = failing_code == ERR_INTERNAL ? ERR_INTERNAL : ERR_BUSY;
			pthread_mutex_unlock(&log_mu);
			return code == ERR_BUSY ? err_set(&c->err, ERR_BUSY, "%s", busy_msg)
						: err_set(&c->err, ERR_INTERNAL, "Kunde inte skriva i loggen.");
		}
		nap_on(&log_settled, 20);
	}
	struct queued_read *q = queued_copy(r);
	q->queued_at = clock_monotonic_ms();
	if (!oldest_unwritten) oldest_unwritten = q->queued_at;
	*queue_tail = q;
	queue_tail = &q->next;
	queued++;
	n_queued++;
	if (queued == 1 || queued == AUDIT_GATHER_MAX) pthread_cond_signal(&log_wake);
	pthread_mutex_unlock(&log_mu);
	return 0;
}

int audit_reads_of(struct ctx *c, const char *entity, const void *items, size_t n, size_t item_size, size_t id_at,
		   const char *detail, const char *msg)
{
	int64_t *ids = arena_alloc(c->arena, (n + 1) * sizeof *ids);
	for (size_t i = 0; i < n; i++) memcpy(&ids[i], (const char *)items + i * item_size + id_at, sizeof *ids);
	return audit_reads(c, entity, ids, n, detail, msg);
}

int audit_reads(struct ctx *c, const char *entity, const int64_t *ids, size_t n, const char *detail, const char *msg)
{
#ifdef SAMSYN_BENCH_NO_LIST_AUDIT
	/* A diagnostic build for bench/sus.sh only (never a setting): what a
	 * list costs without the audit of its reads. A single read still is. */
	if (n > 1) return 0;
#endif
	if (n == 0) return 0;
	/* The writer cannot tell the reader of an event it cannot write for a
	 * fault of the event's own: those are refused here. */
	if (!entity || !*entity) return err_set(&c->err, ERR_INTERNAL, "%s", msg);
	const struct actor *a = c->actor;
	struct audit_row row = {.user_id = a ? a->user_id : 0, .username = a ? a->username : "system",
				.org_id = a ? a->org_id : 0, .action = "read", .entity = entity, .address = c->address,
				.detail = detail};
	row_now(&row);
	if (n == 1) {
		row.entity_id = ids[0];
	} else {
		char *text = arena_alloc(c->arena, n * 21), *t = text;
		for (size_t i = 0; i < n; i++) t += sprintf(t, i ? ",%lld" : "%lld", (long long)ids[i]);
		row.entity_ids = text;
	}
	return enqueue(c, &row);
}

int audit_read(struct ctx *c, const char *entity, int64_t id, const char *detail, const char *msg)
{
	return audit_reads(c, entity, &id, 1, detail, msg);
}

/* One statement a question, over both tables: a NULL parameter means "no
 * filter", which keeps the SQL portable and the cache small. But the log
 * grows by every read of personal data, so the two questions asked of it
 * most get statements whose equalities are looked up in an index instead
 * of reading the whole log: the events of one record ("who has read this
 * participant?": its own events through the (entity, entity_id) indexes
 * and the list reads that named it through the subjects' primary keys)
 * and one user's (the (user_id, at) indexes, which also give the order).
 * The parameters, the same in both tables' parts and bound once by
 * bind_filter: :entity, :entity_id, :like (",id," as a LIKE pattern: the
 * list events that named the record, of the index's passes and after its
 * mark, read by id from the mark on: `entity || ''` keeps SQLite from
 * reading every event of the entity through its index instead), :user,
 * :action, :from and :to, each NULL for no filter. */
#define AUDIT_COLS "id, user_id, entity_id, at, username, action, entity, address, detail, entity_ids"
#define AUDIT_REST \
	" AND (CAST(:action AS TEXT) IS NULL OR action = :action) AND (CAST(:from AS TEXT) IS NULL OR at >= :from)" \
	" AND (CAST(:to AS TEXT) IS NULL OR at < :to)"
#define AUDIT_ANY_USER " AND (CAST(:user AS BIGINT) IS NULL OR user_id = :user)"
#define AUDIT_FILTER " WHERE (CAST(:entity AS TEXT) IS NULL OR entity = :entity)" AUDIT_ANY_USER AUDIT_REST
#define AUDIT_FILTER_USER " WHERE (CAST(:entity AS TEXT) IS NULL OR entity = :entity) AND user_id = :user" AUDIT_REST
#define AUDIT_RECORD_MAIN \
	" WHERE id IN (SELECT id FROM audit_events WHERE entity = :entity AND entity_id = :entity_id" \
	" UNION ALL SELECT event_id FROM audit_event_subjects WHERE entity = :entity AND entity_id = :entity_id)" \
	AUDIT_ANY_USER AUDIT_REST
#define AUDIT_RECORD_READS \
	" WHERE id IN (SELECT id FROM reads.audit_reads WHERE entity = :entity AND entity_id = :entity_id" \
	" UNION ALL SELECT e.id FROM reads.audit_read_subjects s JOIN reads.audit_reads e ON e.id <= s.event_id" \
	" AND e.id > (SELECT COALESCE(MAX(m.event_id), 0) FROM reads.audit_read_subjects m" \
	" WHERE m.entity = '' AND m.entity_id = 0 AND m.event_id < s.event_id)" \
	" WHERE s.entity = :entity AND s.entity_id = :entity_id AND e.entity || '' = s.entity" \
	" AND e.entity_ids IS NOT NULL AND ',' || e.entity_ids || ',' LIKE :like" \
	" UNION ALL SELECT id FROM reads.audit_reads WHERE id > (" AUDIT_MARK ") AND entity || '' = :entity" \
	" AND entity_ids IS NOT NULL AND ',' || entity_ids || ',' LIKE :like)" AUDIT_ANY_USER AUDIT_REST
/* Newest first. Ids grow with time, so id order is time order; one user's
 * events are read in the order of the (user_id, at) indexes, which spares
 * a sort of all of them. Asked to order the others by time, SQLite would
 * walk audit_events_at through the whole log instead. Each table gives at
 * most the page's end (:end), and the two are merged. */
#define AUDIT_BY_ID " ORDER BY id DESC"
#define AUDIT_BY_TIME " ORDER BY at DESC, id DESC"
#define AUDIT_MERGED(filter, order) \
	"SELECT " AUDIT_COLS " FROM (SELECT " AUDIT_COLS " FROM audit_events" filter order " LIMIT :end) AS changes" \
	" UNION ALL SELECT " AUDIT_COLS " FROM (SELECT " AUDIT_COLS " FROM reads.audit_reads" filter order \
	" LIMIT :end) AS reads" order " LIMIT :limit OFFSET :offset"
#define AUDIT_COUNT(filter) \
	"SELECT (SELECT COUNT(*) FROM audit_events" filter ") + (SELECT COUNT(*) FROM reads.audit_reads" filter ")"

/* Binds a question's filters, in both tables' parts at once; a record's
 * (entity_id given) has its id and the LIKE pattern of it too. */
static void bind_filter(struct stmt *s, const struct audit_filter *f, const char *from, const char *to, const char *like)
{
	stmt_bind_text(s, ":entity", f->entity);
	if (f->entity_id) {
		stmt_bind_int(s, ":entity_id", f->entity_id);
		stmt_bind_text(s, ":like", like);
	}
	stmt_bind_id(s, ":user", f->user_id);
	stmt_bind_text(s, ":action", f->action);
	stmt_bind_text(s, ":from", from);
	stmt_bind_text(s, ":to", to);
}

/* A list read's "3,7,9": *count receives how many ids (0 for NULL), the
 * result the first AUDIT_IDS_LISTED of them and *n how many that is. */
static const int64_t *parse_ids(struct arena *a, const char *text, int64_t *count, size_t *n)
{
	*count = 0;
	*n = 0;
	if (!text || !*text) return NULL;
	size_t max = 1;
	for (const char *p = text; *p; p++) max += *p == ',';
	*count = (int64_t)max;
	if (max > AUDIT_IDS_LISTED) max = AUDIT_IDS_LISTED;
	int64_t *ids = arena_alloc(a, max * sizeof *ids);
	for (const char *p = text; *p && *n < max;) {
		char *end;
		ids[(*n)++] = strtoll(p, &end, 10);
		p = *end == ',' ? end + 1 : end + strlen(end);
	}
	return ids;
}

/* The day after a YYYY-MM-DD date, as an RFC 3339 lower bound. */
static const char *day_after(struct arena *a, const char *date)
{
	int y, m, d;
	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3) return NULL;
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int max = days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (++d > max) {
		d = 1;
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return arena_printf(a, "%04d-%02d-%02dT00:00:00Z", y, m, d);
}

/* The name of an event's record as it is now, so that the log says
 * "Eva Ek" rather than "participant 6". Only an administrator reads the
 * log, and she may see every record; her read of the page is audited. A
 * record since removed has none. */
static void name_entity(struct ctx *c, struct audit_event *ev)
{
	static const struct {
		const char *entity, *sql;
	} names[] = {
		{"participant", "SELECT CASE WHEN anonymous = 1 THEN 'anonym' ELSE first_name || ' ' || last_name END"
				" FROM participants WHERE id = :id"},
		{"user", "SELECT name || ' (' || username || ')' FROM users WHERE id = :id"},
		{"session", "SELECT name || ' (' || username || ')' FROM users WHERE id = :id"}, /* a login names its user */
		{"org", "SELECT name FROM orgs WHERE id = :id"},
		{"intervention", "SELECT name FROM interventions WHERE id = :id"},
		{"enrolment", "SELECT i.name FROM enrolments e JOIN interventions i ON i.id = e.intervention_id WHERE e.id = :id"},
		{"employer", "SELECT name FROM employers WHERE id = :id"},
		{"employer_person", "SELECT name FROM employer_contact_persons WHERE id = :id"},
		{"network", "SELECT name FROM networks WHERE id = :id"},
		{"attendee", "SELECT first_name || ' ' || last_name FROM attendees WHERE id = :id"},
		{"training_registration", "SELECT first_name || ' ' || last_name FROM training_registrations WHERE id = :id"},
		/* kaa_youth is left out on purpose: the KAA register is the
		 * municipality's alone, and the log's reader, the förbund's
		 * admin, does not see it (docs/kaa.md "Who sees it"). */
	};
	if (!ev->entity_id || !ev->entity) return;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(ev->entity, names[i].entity) != 0) continue;
		struct stmt *s = store_prepare(c->db, names[i].sql);
		stmt_bind_int(s, ":id", ev->entity_id);
		if (stmt_step(s) == STORE_ROW && stmt_text(s, 0)) ev->entity_name = arena_strdup(c->arena, stmt_text(s, 0));
		stmt_done(s);
		return;
	}
}

static void read_event(struct ctx *c, struct stmt *s, void *out)
{
	struct audit_event *ev = out;
	ev->id = stmt_int(s, 0);
	ev->user_id = stmt_int(s, 1);
	ev->entity_id = stmt_int(s, 2);
	read_texts(c, s, 3,
		   (const char **[]){&ev->at, &ev->username, &ev->action, &ev->entity, &ev->address, &ev->detail, NULL});
	ev->entity_ids = parse_ids(c->arena, stmt_text(s, 9), &ev->entity_count, &ev->n_entity_ids);
	ev->entity_name = NULL; /* name_entity, after the page */
}

/* The actions the log is written with (audit_write's callers, the read
 * log's "read"); the filter takes no other, so that a misspelt one is not
 * an empty log. The API document's enum of GET /audit's action is this. */
static bool action_known(const char *action)
{
	static const char *const actions[] = {"create", "update", "delete", "read", "login", "login_failed",
					      "login_throttled", "logout", "password_change", "consent", "import",
					      "generate", "backup"};
	return STR_IN(action, actions);
}

int audit_list(struct ctx *c, const struct audit_filter *f, const struct page *p, struct audit_list *out)
{
	if (!actor_has(c->actor, ROLE_ADMIN)) return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer får läsa loggen.");
	if (f->from && !clock_valid_date(f->from)) return err_field(&c->err, "from", f->from, "Ange ett datum som ÅÅÅÅ-MM-DD.");
	if (f->to && !clock_valid_date(f->to)) return err_field(&c->err, "to", f->to, "Ange ett datum som ÅÅÅÅ-MM-DD.");
	if (f->action && !action_known(f->action))
		return err_field(&c->err, "action", f->action, "Välj en händelse som loggen har, till exempel create eller login.");
	if (f->entity_id && !f->entity)
		return err_field(&c->err, "entity", NULL, "Ange också vilket slags objekt id:t gäller.");
	const char *from = f->from ? arena_printf(c->arena, "%sT00:00:00Z", f->from) : NULL;
	const char *to = f->to ? day_after(c->arena, f->to) : NULL;
	const char *like = arena_printf(c->arena, "%%,%lld,%%", (long long)f->entity_id);

	/* Both tables, on the connection that has the read log beside the
	 * database; with every read so far written (unless the log cannot be
	 * written now: then what it holds). */
	audit_flush();
	struct store *log = store_reads(c->db);
	if (!log) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa loggen.");
	struct stmt *count, *page;
	int64_t end = 0; /* the merged questions' limit of each table */
	if (f->entity_id) {
		count = store_prepare(log, "SELECT (SELECT COUNT(*) FROM audit_events" AUDIT_RECORD_MAIN
					   ") + (SELECT COUNT(*) FROM reads.audit_reads" AUDIT_RECORD_READS ")");
		page = store_prepare(log, "SELECT " AUDIT_COLS " FROM audit_events" AUDIT_RECORD_MAIN " UNION ALL SELECT "
					  AUDIT_COLS " FROM reads.audit_reads" AUDIT_RECORD_READS AUDIT_BY_ID " LIMIT :limit OFFSET :offset");
	} else if (f->user_id) {
		count = store_prepare(log, AUDIT_COUNT(AUDIT_FILTER_USER));
		page = store_prepare(log, AUDIT_MERGED(AUDIT_FILTER_USER, AUDIT_BY_TIME));
		end = p->offset + p->limit;
	} else {
		count = store_prepare(log, AUDIT_COUNT(AUDIT_FILTER));
		page = store_prepare(log, AUDIT_MERGED(AUDIT_FILTER, AUDIT_BY_ID));
		end = p->offset + p->limit;
	}
	bind_filter(count, f, from, to, like);
	bind_filter(page, f, from, to, like);
	if (end) stmt_bind_int(page, ":end", end);
	out->items = list_page(c, count, page, p, sizeof *out->items, read_event, &out->n, &out->total, "Kunde inte läsa loggen.");
	if (!out->items) return c->err.code;
	for (size_t i = 0; i < out->n; i++) name_entity(c, &out->items[i]);
	return audit_read(c, "audit", 0, NULL, "Kunde inte skriva i loggen.");
}

const char *audit_action_label(const char *action)
{
	static const char *const map[][2] = {
		{"create", "Skapat"}, {"update", "Ändrat"}, {"read", "Läst"}, {"delete", "Tagit bort"},
		{"login", "Inloggning"}, {"login_failed", "Misslyckad inloggning"}, {"login_throttled", "Inloggning spärrad"},
		{"logout", "Utloggning"}, {"password_change", "Bytt lösenord"}, {"consent", "Samtycke registrerat"},
		{"import", "Importerat"}, {"generate", "Testdata skapad"}, {"backup", "Säkerhetskopia"},
	};
	return CODE_LABEL(map, action);
}

const char *audit_entity_label(const char *entity)
{
	static const char *const map[][2] = {
		{"org", "Organisation"}, {"user", "Användare"}, {"session", "Inloggning"}, {"api_token", "API-nyckel"},
		{"audit", "Logg"}, {"participant", "Deltagare"}, {"intervention", "Insats"},
		{"enrolment", "Insatsdeltagande"}, {"employer", "Arbetsgivare"},
		{"employer_person", "Kontaktperson hos arbetsgivare"}, {"employer_contact", "Arbetsgivarkontakt"},
		{"recruitment_need", "Rekryteringsbehov"}, {"network", "Nätverk"}, {"attendee", "Deltagare vid tillfälle"},
		{"volume", "Antal deltagare (volym)"}, {"target_group", "Målgrupp"}, {"code_list", "Kodlista"},
		{"settings", "Inställningar"}, {"database", "Databas"}, {"course", "Utbildning"},
		{"training_session", "Utbildningstillfälle"}, {"mail", "E-postmeddelande"},
		{"training_registration", "Anmälan till utbildningstillfälle"},
		{"training_session", "Utbildningstillfälle"}, {"mail", "E-postmeddelande"}, {"survey", "Enkät"},
		{"survey_invitation", "Enkätinbjudan"}, {"survey_response", "Enkätsvar"}, {"job_track", "Jobbspår"},
		{"opportunity", "Ledig plats"}, {"toolbox_item", "Verktyg i verktygslådan"},
		{"kaa_youth", "Ung i aktivitetsansvaret"}, {"guidance_time", "SYV-tid"}, {"guidance_reminder", "Påminnelse om SYV-tid"},
		{"plan", "Gemensam plan"},
	};
	return CODE_LABEL(map, entity);
}

const char *audit_detail_label(const char *detail)
{
	static const char *const map[][2] = {
		{"password_reset", "Nytt engångslösenord"}, {"inactive", "Kontot är inaktiverat"},
		{"activated", "Kontot aktiverat"}, {"deactivated", "Kontot inaktiverat"}, {"consents", "Samtycken"},
		{"work_profile", "Arbetsprofil"}, {"matches", "Matchande platser"}, {"candidates", "Kandidater till en plats"},
		{"placements", "Placeringar"}, {"job_track_candidate", "Kandidat till jobbspår"},
		{"enrolments", "Insatsdeltaganden"}, {"sole_trader", "Enskild firma"},
		{"registration", "Organisationens egen registrering av personen"}, {"given", "Samtycke lämnat"},
		{"withdrawn", "Samtycke återkallat"}, {"sus-export", "SUS-export"},
		{"password_change", "Fel nuvarande lösenord vid lösenordsbyte"}, {"diploma", "Diplom"},
		{"public diploma check", "Diplomets kontrollkod prövad på den offentliga sidan"},
		{"plan", "Gemensam plan"}, {"plans", "Gemensamma planer"}, {"plan_versions", "Den gemensamma planens versioner"},
		{"plan_version", "Den gemensamma planen i en tidigare version"}, {"plan_pdf", "Den gemensamma planen som PDF"},
		{"contact", "Kontaktförsök"}, {"measure", "Åtgärd"}, {"left", "Lämnat registret"},
		{"moved to follow-up", "Flyttad till uppföljningen med samtycke"}, {"scb export", "Filen till SCB"},
		{"search", "Sökning på personnummer"},
		{"guidance_booking", "SYV-bokning"}, {"guidance_bookings", "SYV-bokningar"},
		{"guidance_outcome", "SYV-vägledningens utfall och återkoppling"},
		{"plan_handover", "Överlämning i den gemensamma planen"}, {"plan_feedback", "Återkoppling i den gemensamma planen"},
		{"feedback_read", "Återkopplingen lästes"},
	};
	return CODE_LABEL(map, detail);
}

/* n with Swedish digit grouping (20 000, a no-break space as the UI's). */
static const char *grouped(struct arena *a, long long n)
{
	return arena_grouped(a, n, "\u00a0");
}

/* Does detail match fmt (sscanf) to its very end? */
#define WHOLE(fmt, ...) (end = -1, sscanf(detail, fmt "%n", __VA_ARGS__, &end) >= 0 && end >= 0 && detail[end] == 0)

const char *audit_detail_text(struct arena *a, const char *detail)
{
	const char *word = audit_detail_label(detail);
	if (!detail || word != detail) return word;
	long long x, y, z, v;
	char today[11];
	int end;
	size_t prefix;
	if (WHOLE("enrolment %lld", &x)) return arena_printf(a, "Insatsdeltagande (id %lld)", x);
	if (WHOLE("placement %lld", &x)) return arena_printf(a, "Placering (id %lld)", x);
	if (WHOLE("course %lld", &x)) return arena_printf(a, "Utbildning (id %lld)", x);
	if (WHOLE("survey %lld", &x)) return arena_printf(a, "Enkät (id %lld)", x);
	if (strcmp(detail, "questions") == 0) return "Frågorna ändrade";
	if (WHOLE("registration %lld, session", &x))
		return arena_printf(a, "Anmälan (id %lld), enkäten när tillfället slutat", x);
	if (WHOLE("registration %lld, six_months", &x))
		return arena_printf(a, "Anmälan (id %lld), enkäten sex månader efter", x);
	if (WHOLE("diplomas of session %lld", &x)) return arena_printf(a, "Diplomen för tillfälle %lld", x);
	if (WHOLE("course %lld, copy of %lld", &x, &y))
		return arena_printf(a, "Utbildning (id %lld), kopia av tillfälle %lld", x, y);
	if (strncmp(detail, "anonymised: ", prefix = strlen("anonymised: ")) == 0)
		return arena_printf(a, "Gjord anonym. Skäl: %s", detail + prefix);
	if (strncmp(detail, "personnummer changed: ", prefix = strlen("personnummer changed: ")) == 0)
		return arena_printf(a, "Personnumret ändrat. Skäl: %s", detail + prefix);
	if (WHOLE("created %lld, updated %lld, enrolments %lld", &x, &y, &z))
		return arena_printf(a, "%s nya, %s som redan fanns, %s insatsdeltaganden", grouped(a, x), grouped(a, y),
				    grouped(a, z));
	if (WHOLE("created %lld, updated %lld", &x, &y))
		return arena_printf(a, "%s nya, %s uppdaterade", grouped(a, x), grouped(a, y));
	if (WHOLE("rows %lld, created %lld, updated %lld", &x, &y, &z))
		return arena_printf(a, "%s rader: %s nya, %s uppdaterade", grouped(a, x), grouped(a, y), grouped(a, z));
	if (WHOLE("participants=%lld enrolments=%lld seed=%lld today=%10s version=%lld", &x, &y, &z, today, &v))
		return arena_printf(a, "%s deltagare, %s insatsdeltaganden (slumpfrö %lld, dagens datum %s, version %lld)",
				    grouped(a, x), grouped(a, y), z, today, v);
	return detail;
}
#undef WHOLE
