/* figure_cache.c — figures kept while the records they are counted from
 * stay the same (figure_cache.h). A small table under one mutex: a start
 * page asks for a few dozen keys, and the table holds one entry per
 * organisation and per goal of the year, so a linear search over hashes
 * is enough. The database is read outside the mutex. */
#include "figure_cache.h"
#include "../base/clock.h"
#include "../store/store.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define FIGURE_CACHE_MAX 1024

/* The events that cannot move a kept figure: accounts, sessions, tokens
 * and the employer register. */
#define UNRELATED \
	"('session', 'user', 'api_token', 'employer', 'employer_contact', 'employer_person', 'recruitment_need', 'network')"

struct entry {
	uint64_t hash;
	char *key;
	char today[11];
	int64_t mark; /* no change that moves the value has an event id above it */
	void *value;
	size_t size;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry table[FIGURE_CACHE_MAX];
static size_t used;

static uint64_t hash_of(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct entry *find(const char *key, uint64_t h)
{
	for (size_t i = 0; i < used; i++)
		if (table[i].hash == h && strcmp(table[i].key, key) == 0) return &table[i];
	return NULL;
}

/* The mark: an event id such that every change not yet committed will have
 * an id above it. On SQLite, with one writer at a time, that is the newest
 * event's. On PostgreSQL changes commit side by side and an event's id is
 * the database's clock when it was written (audit.c), so a change still
 * running may have written an event below the newest one: the mark is
 * then also kept below the start of every transaction that has written
 * something and is still running (pg_stat_activity, which shows the
 * sessions of the server's own role: every samsyn server connects as the
 * same role, docs/postgresql.md). A change that has written nothing yet
 * writes its event later, above both. */
#define MARK_SQLITE "SELECT COALESCE(MAX(id), 0) FROM audit_events"
#define MARK_PG \
	"SELECT LEAST((SELECT COALESCE(MAX(id), 0) FROM audit_events), (SELECT COALESCE(CAST(FLOOR(EXTRACT(EPOCH" \
	" FROM MIN(xact_start)) * 1000000) AS BIGINT) * 2 - 1, 9223372036854775807) FROM pg_stat_activity" \
	" WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()))"
#define CHANGED_SINCE(mark) \
	"SELECT (" mark "), EXISTS (SELECT 1 FROM audit_events WHERE id > :id AND entity NOT IN " UNRELATED ")"

int figure_cache_mark(struct ctx *c, int64_t *mark)
{
	if (stmt_scalar(store_prepare(c->db, store_is_server(c->db) ? MARK_PG : MARK_SQLITE), mark) < 0)
		return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa loggen.");
	return 0;
}

/* Whether a change that could move a figure has been made after mark; the
 * next mark into *newest (read in the same statement). */
static int changed_since(struct ctx *c, int64_t mark, int64_t *newest, bool *changed)
{
	struct stmt *s = store_prepare(c->db, store_is_server(c->db) ? CHANGED_SINCE(MARK_PG) : CHANGED_SINCE(MARK_SQLITE));
	stmt_bind_int(s, ":id", mark);
	int rc = stmt_step(s);
	if (rc == STORE_ROW) {
		*newest = stmt_int(s, 0);
		*changed = stmt_int(s, 1) != 0;
	}
	stmt_done(s);
	return rc == STORE_ROW ? 0 : -1;
}

void *figure_cache_get(struct ctx *c, const char *key, size_t *size)
{
	char today[11];
	clock_today(today);
	uint64_t h = hash_of(key);
	pthread_mutex_lock(&mu);
	struct entry *e = find(key, h);
	bool fresh = e && strcmp(e->today, today) == 0;
	int64_t mark = fresh ? e->mark : 0;
	pthread_mutex_unlock(&mu);
	if (!fresh) return NULL;
	int64_t newest;
	bool changed;
	if (changed_since(c, mark, &newest, &changed) != 0 || changed) return NULL;
	void *copy = NULL;
	pthread_mutex_lock(&mu);
	e = find(key, h); /* another request may have replaced it meanwhile */
	if (e && strcmp(e->today, today) == 0 && e->mark >= mark && e->mark <= newest) {
		/* Nothing between the two marks moves it: later checks start here. */
		e->mark = newest;
		copy = arena_alloc(c->arena, e->size ? e->size : 1);
		if (e->size) memcpy(copy, e->value, e->size);
		*size = e->size;
	}
	pthread_mutex_unlock(&mu);
	return copy;
}

void figure_cache_put(const char *key, int64_t mark, const void *value, size_t size)
{
	char today[11];
	clock_today(today);
	void *v = malloc(size ? size : 1);
	char *k = strdup(key);
	if (!v || !k) {
		free(v);
		free(k);
		return; /* not kept: the figure is counted again next time */
	}
	if (size) memcpy(v, value, size);
	uint64_t h = hash_of(key);
	pthread_mutex_lock(&mu);
	struct entry *e = find(key, h);
	if (!e && used == FIGURE_CACHE_MAX) { /* full: start over rather than keep an eviction order */
		for (size_t i = 0; i < used; i++) free(table[i].key), free(table[i].value);
		used = 0;
	}
	if (!e) {
		e = &table[used++];
		e->hash = h;
		e->key = k;
	} else {
		free(k);
		free(e->value);
	}
	memcpy(e->today, today, sizeof e->today);
	e->mark = mark;
	e->value = v;
	e->size = size;
	pthread_mutex_unlock(&mu);
}

void figure_cache_clear(void)
{
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < used; i++) free(table[i].key), free(table[i].value);
	used = 0;
	pthread_mutex_unlock(&mu);
}
