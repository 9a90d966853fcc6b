/* audit.c — writing and reading audit events; reads of personal data are
 * written by whichever request thread is free to write them, several at a
 * time (audit_reads). */
#include "audit.h"
#include "../base/clock.h"
#include "../base/log.h"
#include "../base/mem.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One audit_events row as written. */
struct audit_row {
	char at[21];
	int64_t user_id, org_id, entity_id; /* 0: NULL */
	const char *username, *action, *entity, *address, *detail;
	const char *entity_ids; /* a list read's ids, "3,7,9"; else NULL */
};

/* Inserts r; *id receives its id. Returns STORE_DONE or STORE_E*. */
static int insert_row(struct store *db, const struct audit_row *r, int64_t *id)
{
	struct stmt *s = store_prepare(db,
		"INSERT INTO audit_events (at, user_id, username, org_id, action, entity, entity_id, address, detail,"
		" entity_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	stmt_bind_text(s, 1, r->at);
	if (r->user_id) stmt_bind_int(s, 2, r->user_id); else stmt_bind_null(s, 2);
	stmt_bind_text(s, 3, r->username);
	if (r->org_id) stmt_bind_int(s, 4, r->org_id); else stmt_bind_null(s, 4);
	stmt_bind_text(s, 5, r->action);
	stmt_bind_text(s, 6, r->entity);
	if (r->entity_id) stmt_bind_int(s, 7, r->entity_id); else stmt_bind_null(s, 7);
	stmt_bind_text(s, 8, r->address);
	stmt_bind_text(s, 9, r->detail);
	stmt_bind_text_ref(s, 10, r->entity_ids);
	int rc = stmt_scalar(s, id);
	return rc == STORE_ROW ? STORE_DONE : rc < 0 ? rc : STORE_EFAIL;
}

int audit_write_as(struct ctx *c, int64_t user_id, const char *username, int64_t org_id, const char *action,
		   const char *entity, int64_t entity_id, const char *detail)
{
	struct audit_row r = {.user_id = user_id, .username = username, .org_id = org_id, .action = action,
			      .entity = entity, .entity_id = entity_id, .address = c->address, .detail = detail};
	clock_format_rfc3339(clock_now(), r.at);
	int64_t id;
	if (insert_row(c->db, &r, &id) != STORE_DONE) return err_set(&c->err, ERR_INTERNAL, "Kunde inte skriva i loggen.");
	return 0;
}

int audit_write(struct ctx *c, const char *action, const char *entity, int64_t entity_id, const char *detail)
{
	const struct actor *a = c->actor;
	return audit_write_as(c, a ? a->user_id : 0, a ? a->username : "system", a ? a->org_id : 0, action, entity,
			      entity_id, detail);
}

/* Commits when ok; otherwise, or when the commit fails, rolls back. */
static int end_change(struct ctx *c, bool ok, const char *msg)
{
	if (!ok || store_commit(c->db) != STORE_DONE) {
		ctx_store_failed(c, msg); /* before the rollback, which clears the store's busy mark */
		store_rollback(c->db);
		return c->err.code;
	}
	return 0;
}

int audit_commit(struct ctx *c, bool ok, const char *action, const char *entity, int64_t entity_id, const char *detail,
		 const char *msg)
{
	return end_change(c, ok && audit_write(c, action, entity, entity_id, detail) == 0, msg);
}

/* A read to audit, from the request's thread to the one that writes it. */
struct pending_read {
	struct audit_row row;
	int code;              /* the result: 0, ERR_BUSY or ERR_INTERNAL */
	char msg[256];         /* ERR_BUSY's message */
	bool done;
	struct pending_read *next;
};

/* Writes p's event.
 *
 * A list read is one event naming every id shown, not one event per id: a
 * page of 50 participants wrote 50 rows and 50 entries in each of the
 * log's three indexes. The ids go into the event as text, in the order
 * shown ("3,7,9"); audit_event_subjects indexes them later (index_tail). */
static int write_pending(struct store *db, const struct pending_read *p)
{
	int64_t event;
	return insert_row(db, &p->row, &event);
}

/* The index of list reads, audit_event_subjects (entity, entity_id,
 * event_id), is written behind the requests, a batch of list events at a
 * time: its entries go to one B-tree leaf each, wherever the record's id
 * falls, and 50 of them a request were most of what a list read wrote to
 * disk (a page each to the WAL and again at the checkpoint). Written every
 * AUDIT_INDEX_LISTS list events, the entries of records read again (the
 * first page of a list, a participant worked on all day) share their
 * leaves. Every list event up to a mark is indexed, the mark being an
 * entry with entity '' whose event_id is the last event of the log when
 * the pass ran; the per-record query reads the index up to the mark and
 * the few list events after it (AUDIT_WHERE_RECORD), so it is exact
 * whenever the pass runs, and a pass that fails is only a longer tail. */
#define AUDIT_MARK \
	"SELECT COALESCE(MAX(event_id), 0) FROM audit_event_subjects WHERE entity = '' AND entity_id = 0"

struct subject {
	const char *entity;
	int64_t id, event;
};

static int cmp_subject(const void *a, const void *b)
{
	const struct subject *x = a, *y = b;
	int c = strcmp(x->entity, y->entity);
	if (c) return c;
	if (x->id != y->id) return (x->id > y->id) - (x->id < y->id);
	return (x->event > y->event) - (x->event < y->event);
}

/* Indexes the list events after the mark and moves it, when there are
 * AUDIT_INDEX_LISTS of them or AUDIT_INDEX_SPAN events of any kind;
 * inside the caller's transaction, which holds the write lock. Returns
 * STORE_DONE or STORE_E*. */
static int index_tail(struct store *db, struct arena *a)
{
	int64_t mark, last, lists = 0;
	if (stmt_scalar(store_prepare(db, AUDIT_MARK), &mark) != STORE_ROW) return STORE_EFAIL;
	if (stmt_scalar(store_prepare(db, "SELECT COALESCE(MAX(id), 0) FROM audit_events"), &last) != STORE_ROW)
		return STORE_EFAIL;
	if (last - mark < AUDIT_INDEX_SPAN) {
		struct stmt *s = store_prepare(db, "SELECT COUNT(*) FROM audit_events WHERE id > ? AND entity_ids IS NOT NULL");
		stmt_bind_int(s, 1, mark);
		if (stmt_scalar(s, &lists) != STORE_ROW) return STORE_EFAIL;
		if (lists < AUDIT_INDEX_LISTS) return STORE_DONE;
	}
	size_t n = 0, cap = 256;
	struct subject *all = xmalloc(cap * sizeof *all);
	struct stmt *s = store_prepare(db, "SELECT id, entity, entity_ids FROM audit_events WHERE id > ? AND id <= ?"
					   " AND entity_ids IS NOT NULL");
	stmt_bind_int(s, 1, mark);
	stmt_bind_int(s, 2, last);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		int64_t event = stmt_int(s, 0);
		const char *entity = arena_strdup(a, stmt_text(s, 1));
		for (const char *p = stmt_text(s, 2); p && *p;) {
			char *end;
			int64_t id = strtoll(p, &end, 10);
			if (n == cap) all = xrealloc(all, (cap *= 2) * sizeof *all);
			all[n++] = (struct subject){entity, id, event};
			p = *end == ',' ? end + 1 : end + strlen(end);
		}
	}
	stmt_done(s);
	if (rc < 0) {
		free(all);
		return rc;
	}
	qsort(all, n, sizeof *all, cmp_subject);
	/* DO NOTHING: a pass over events indexed already (a database written by
	 * a build that indexed every list read at once, before the mark) only
	 * moves the mark, where a conflict would fail it, and every pass after. */
	s = store_prepare(db, "INSERT INTO audit_event_subjects (entity, entity_id, event_id) VALUES (?, ?, ?)"
			      " ON CONFLICT DO NOTHING");
	rc = STORE_DONE;
	for (size_t i = 0; i <= n && rc == STORE_DONE; i++) {
		/* A repeat within a list (the callers drop them, but) is indexed once. */
		if (i < n && i > 0 && cmp_subject(&all[i], &all[i - 1]) == 0) continue;
		struct subject mk = {"", 0, last};
		const struct subject *e = i < n ? &all[i] : &mk; /* the mark last */
		stmt_bind_text_ref(s, 1, e->entity);
		stmt_bind_int(s, 2, e->id);
		stmt_bind_int(s, 3, e->event);
		rc = stmt_exec(s);
	}
	free(all);
	return rc;
}

/* Sets p's result after a store call on c->db failed: ERR_BUSY with
 * ctx's message when it was a lock, else ERR_INTERNAL. */
static void pending_failed(struct ctx *c, struct pending_read *p)
{
	ctx_store_failed(c, "");
	p->code = c->err.code;
	snprintf(p->msg, sizeof p->msg, "%s", c->err.msg);
	err_clear(&c->err);
}

/* Writes a batch of reads in one transaction on c's connection, each in a
 * savepoint of its own, so that one failing event does not take the
 * others with it; sets each one's result. c->err is left clear. */
static void write_batch(struct ctx *c, struct pending_read *batch)
{
	if (ctx_begin(c) != 0) {
		for (struct pending_read *p = batch; p; p = p->next) {
			p->code = c->err.code;
			snprintf(p->msg, sizeof p->msg, "%s", c->err.msg);
		}
		err_clear(&c->err);
		return;
	}
	for (struct pending_read *p = batch; p; p = p->next) {
		if (store_begin(c->db) != STORE_DONE) {
			pending_failed(c, p);
			continue;
		}
		if (write_pending(c->db, p) != STORE_DONE || store_commit(c->db) != STORE_DONE) {
			pending_failed(c, p);
			store_rollback(c->db);
		}
	}
	/* In a savepoint: a pass that fails leaves the events unindexed, and
	 * found all the same, until the next one. */
	if (store_begin(c->db) == STORE_DONE) {
		if (index_tail(c->db, c->arena) != STORE_DONE || store_commit(c->db) != STORE_DONE) {
			char why[160];
			log_warn("audit_index", "msg=\"list reads left for the next pass\" error=\"%s\"",
				 log_clean(why, sizeof why, store_errmsg(c->db)));
			store_rollback(c->db);
		}
	}
	if (store_commit(c->db) != STORE_DONE) {
		struct pending_read failed = {0};
		pending_failed(c, &failed);
		store_rollback(c->db);
		for (struct pending_read *p = batch; p; p = p->next)
			if (!p->code) {
				p->code = failed.code;
				memcpy(p->msg, failed.msg, sizeof p->msg);
			}
	}
}

/* Group commit of the reads. Every list or record shown writes its event
 * before the answer goes out, and each commit costs far more than the
 * rows: the WAL frames of every page it touched, and every other
 * connection's memory map of the database, which SQLite drops when it sees
 * another connection's commit. So a request thread queues its read; if no
 * thread is writing, it becomes the writer, takes the whole queue, writes
 * it in one transaction on its own connection and wakes the others, else
 * it waits for the writer to do its read. Under load the reads that came in
 * during one commit share the next; alone, a read is written at once. */
static pthread_mutex_t group_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t group_done = PTHREAD_COND_INITIALIZER;
static struct pending_read *group_queue, **group_tail = &group_queue;
static bool group_writing;

static void group_write(struct ctx *c, struct pending_read *p)
{
	pthread_mutex_lock(&group_mu);
	*group_tail = p;
	group_tail = &p->next;
	while (!p->done) {
		if (group_writing) {
			pthread_cond_wait(&group_done, &group_mu);
			continue;
		}
		group_writing = true;
		struct pending_read *batch = group_queue;
		group_queue = NULL;
		group_tail = &group_queue;
		pthread_mutex_unlock(&group_mu);
		write_batch(c, batch);
		pthread_mutex_lock(&group_mu);
		/* Each one's owner returns and drops it once it sees done and
		 * has the mutex: read next first. */
		for (struct pending_read *q = batch, *next; q; q = next) {
			next = q->next;
			q->done = true;
		}
		group_writing = false;
		pthread_cond_broadcast(&group_done);
	}
	pthread_mutex_unlock(&group_mu);
}

int audit_reads(struct ctx *c, const char *entity, const int64_t *ids, size_t n, const char *detail, const char *msg)
{
#ifdef SAMSYN_BENCH_NO_LIST_AUDIT
	/* A diagnostic build for bench/sus.sh only (never a setting): what a
	 * list costs without the audit of its reads. A single read still is. */
	if (n > 1) return 0;
#endif
	if (n == 0) return 0;
	const struct actor *a = c->actor;
	struct pending_read p = {.row = {.user_id = a ? a->user_id : 0, .username = a ? a->username : "system",
					 .org_id = a ? a->org_id : 0, .action = "read", .entity = entity,
					 .address = c->address, .detail = detail}};
	clock_format_rfc3339(clock_now(), p.row.at);
	if (n == 1) {
		p.row.entity_id = ids[0];
	} else {
		char *text = arena_alloc(c->arena, n * 21), *t = text;
		for (size_t i = 0; i < n; i++) t += sprintf(t, i ? ",%lld" : "%lld", (long long)ids[i]);
		p.row.entity_ids = text;
	}
	if (store_in_transaction(c->db)) {
		/* Inside the caller's transaction: part of it, on its connection. */
		if (store_begin(c->db) != STORE_DONE) return ctx_store_failed(c, msg);
		if (write_pending(c->db, &p) != STORE_DONE || store_commit(c->db) != STORE_DONE) {
			ctx_store_failed(c, msg);
			store_rollback(c->db);
			return c->err.code;
		}
		return 0;
	}
	group_write(c, &p);
	if (p.code == ERR_BUSY) return err_set(&c->err, ERR_BUSY, "%s", p.msg);
	if (p.code) return err_set(&c->err, ERR_INTERNAL, "%s", msg);
	return 0;
}

/* One statement serves every filter combination: a NULL parameter means
 * "no filter", which keeps the SQL portable and the cache small. But the
 * log grows by every read of personal data, so the two questions asked of
 * it most get statements whose equalities SQLite looks up in an index
 * instead of reading the whole log: the events of one record ("who has
 * read this participant?": its own events through audit_events_entity and
 * the list reads that named it through audit_event_subjects) and one
 * user's (audit_events_user, which also gives the order). The generic and
 * the user's statements take ten parameters: entity (2), user (2), action
 * (2), from (2), to (2); the record's fourteen: entity and id twice,
 * entity and ",id," as a LIKE pattern (the list events after the index's
 * mark, read by id from the mark on: `entity || ''` keeps SQLite from
 * reading every event of the entity through audit_events_entity instead),
 * then the same eight. */
#define AUDIT_REST \
	" AND (CAST(? AS TEXT) IS NULL OR action = ?) AND (CAST(? AS TEXT) IS NULL OR at >= ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR at < ?)"
#define AUDIT_ANY_ENTITY " (CAST(? AS TEXT) IS NULL OR entity = ?)"
#define AUDIT_ANY_USER " AND (CAST(? AS BIGINT) IS NULL OR user_id = ?)"
#define AUDIT_WHERE " WHERE" AUDIT_ANY_ENTITY AUDIT_ANY_USER AUDIT_REST
#define AUDIT_WHERE_RECORD \
	" WHERE id IN (SELECT id FROM audit_events WHERE entity = ? AND entity_id = ?" \
	" UNION ALL SELECT event_id FROM audit_event_subjects WHERE entity = ? AND entity_id = ?" \
	" UNION ALL SELECT id FROM audit_events WHERE id > (" AUDIT_MARK ") AND entity || '' = ?" \
	" AND entity_ids IS NOT NULL AND ',' || entity_ids || ',' LIKE ?)" \
	AUDIT_ANY_USER AUDIT_REST
#define AUDIT_WHERE_USER " WHERE" AUDIT_ANY_ENTITY " AND user_id = ? AND CAST(? AS BIGINT) IS NOT NULL" AUDIT_REST
/* Newest first. Ids grow with time, so id order is time order; one user's
 * events are read in the order of audit_events_user (at, then id), which
 * spares a sort of all of them. Asked to order the others by time, SQLite
 * would walk audit_events_at through the whole log instead. */
#define AUDIT_BY_ID " ORDER BY id DESC LIMIT ? OFFSET ?"
#define AUDIT_BY_TIME " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"

/* Binds the filter; returns the next parameter's index. like: the record's
 * id as a LIKE pattern over a list's ids. */
static int bind_filter(struct stmt *s, const struct audit_filter *f, const char *from, const char *to, const char *like)
{
	int i = 1;
	if (f->entity_id) {
		for (int k = 0; k < 2; k++) {
			stmt_bind_text(s, i++, f->entity);
			stmt_bind_int(s, i++, f->entity_id);
		}
		stmt_bind_text(s, i++, f->entity);
		stmt_bind_text(s, i++, like);
	} else {
		stmt_bind_text(s, i++, f->entity);
		stmt_bind_text(s, i++, f->entity);
	}
	if (f->user_id) {
		stmt_bind_int(s, i, f->user_id);
		stmt_bind_int(s, i + 1, f->user_id);
	}
	i += 2;
	stmt_bind_text(s, i++, f->action);
	stmt_bind_text(s, i++, f->action);
	stmt_bind_text(s, i++, from);
	stmt_bind_text(s, i++, from);
	stmt_bind_text(s, i++, to);
	stmt_bind_text(s, i++, to);
	return i;
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

int audit_list(struct ctx *c, const struct audit_filter *f, const struct page *p, struct audit_list *out)
{
	if (!actor_has(c->actor, ROLE_ADMIN)) return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer får läsa loggen.");
	if (f->from && !clock_valid_date(f->from)) return err_field(&c->err, "from", f->from, "Ange ett datum som ÅÅÅÅ-MM-DD.");
	if (f->to && !clock_valid_date(f->to)) return err_field(&c->err, "to", f->to, "Ange ett datum som ÅÅÅÅ-MM-DD.");
	if (f->entity_id && !f->entity)
		return err_field(&c->err, "entity", NULL, "Ange också vilket slags objekt id:t gäller.");
	const char *from = f->from ? arena_printf(c->arena, "%sT00:00:00Z", f->from) : NULL;
	const char *to = f->to ? day_after(c->arena, f->to) : NULL;
	const char *like = arena_printf(c->arena, "%%,%lld,%%", (long long)f->entity_id);

#define AUDIT_PAGE \
	"SELECT id, at, user_id, username, action, entity, entity_id, address, detail, entity_ids FROM audit_events"
	struct stmt *s, *page;
	if (f->entity_id) {
		s = store_prepare(c->db, "SELECT COUNT(*) FROM audit_events" AUDIT_WHERE_RECORD);
		page = store_prepare(c->db, AUDIT_PAGE AUDIT_WHERE_RECORD AUDIT_BY_ID);
	} else if (f->user_id) {
		s = store_prepare(c->db, "SELECT COUNT(*) FROM audit_events" AUDIT_WHERE_USER);
		page = store_prepare(c->db, AUDIT_PAGE AUDIT_WHERE_USER AUDIT_BY_TIME);
	} else {
		s = store_prepare(c->db, "SELECT COUNT(*) FROM audit_events" AUDIT_WHERE);
		page = store_prepare(c->db, AUDIT_PAGE AUDIT_WHERE AUDIT_BY_ID);
	}
#undef AUDIT_PAGE
	bind_filter(s, f, from, to, like);
	stmt_scalar(s, &out->total);

	out->items = arena_alloc(c->arena, sizeof *out->items * (size_t)p->limit);
	out->n = 0;
	s = page;
	int i = bind_filter(s, f, from, to, like);
	stmt_bind_int(s, i, p->limit);
	stmt_bind_int(s, i + 1, p->offset);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW && out->n < (size_t)p->limit) {
		struct audit_event *ev = &out->items[out->n++];
		ev->id = stmt_int(s, 0);
		ev->at = arena_strdup(c->arena, stmt_text(s, 1));
		ev->user_id = stmt_int(s, 2);
		ev->username = arena_strdup(c->arena, stmt_text(s, 3));
		ev->action = arena_strdup(c->arena, stmt_text(s, 4));
		ev->entity = arena_strdup(c->arena, stmt_text(s, 5));
		ev->entity_id = stmt_int(s, 6);
		ev->address = arena_strdup(c->arena, stmt_text(s, 7));
		ev->detail = arena_strdup(c->arena, stmt_text(s, 8));
		ev->entity_ids = parse_ids(c->arena, stmt_text(s, 9), &ev->entity_count, &ev->n_entity_ids);
	}
	stmt_done(s);
	if (rc < 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa loggen.");
	return audit_write(c, "read", "audit", 0, NULL);
}
