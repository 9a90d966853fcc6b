/* test_audit.c — the shared ends of a change (audit_commit) and of a list
 * read (audit_reads) in domain/audit.c, against a real SQLite file: what is
 * written and kept when all goes well, what is rolled back when it does not,
 * and which message the caller gets; a list read as one event indexed under
 * each record (append-only too), and one record's events (audit_list). */
#include "testutil.h"
#include "domain/audit.h"
#include <pthread.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

static const struct actor kansli = {.user_id = 2, .org_id = 1, .roles = ROLE_KANSLI, .username = "kansli"};

/* Begins a change that adds the organisation "Testorg"; its step's result. */
static int begin_change(struct ctx *c)
{
	assert_int_equal(store_begin(c->db), STORE_DONE);
	struct stmt *s = store_prepare(c->db, "INSERT INTO orgs (name, kind, created_at, updated_at)"
					      " VALUES ('Testorg', 'other', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')");
	return stmt_exec(s);
}

/* A number from the read log (SQL on its tables, reads.audit_reads and
 * reads.audit_read_subjects). */
#define reads_int(env, sql) testdb_reads_int((env)->t.db, sql)

static int64_t testorgs(struct testenv *env)
{
	return testdb_int(env->t.db, "SELECT COUNT(*) FROM orgs WHERE name = 'Testorg'");
}

static void test_commit_ok(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &kansli);
	int rc = begin_change(c);
	assert_int_equal(audit_commit(c, rc == STORE_DONE, "create", "org", 42, "detalj", "Kunde inte spara."), 0);
	assert_int_equal(c->err.code, 0);
	assert_int_equal(testorgs(env), 1);
	assert_int_equal(audit_count(env), events + 1);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'create' AND entity = 'org'"
					       " AND entity_id = 42 AND detail = 'detalj' AND user_id = 2"),
			 1);
}

static void test_commit_not_ok(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &kansli);
	begin_change(c);
	assert_int_equal(audit_commit(c, false, "create", "org", 42, NULL, "Kunde inte spara organisationen."),
			 ERR_INTERNAL);
	assert_int_equal(c->err.code, ERR_INTERNAL);
	assert_string_equal(c->err.msg, "Kunde inte spara organisationen.");
	assert_int_equal(testorgs(env), 0);
	assert_int_equal(audit_count(env), events);
}

/* The audit event itself fails (entity is NOT NULL): the change goes too,
 * and the caller's message replaces audit_write's. */
static void test_commit_audit_fails(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &kansli);
	int rc = begin_change(c);
	assert_int_equal(audit_commit(c, rc == STORE_DONE, "create", NULL, 42, NULL, "Kunde inte spara 100 %."),
			 ERR_INTERNAL);
	assert_string_equal(c->err.msg, "Kunde inte spara 100 %.");
	assert_int_equal(testorgs(env), 0);
	assert_int_equal(audit_count(env), events);
}

/* A list read is one event naming every id, in the order shown, found
 * from each of them; a single read is the plain event. */
static void test_reads(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &kansli);
	const int64_t ids[] = {7, 3, 9};
	assert_int_equal(audit_reads(c, "attendee", ids, 3, "lista", "Kunde inte skriva i loggen."), 0);
	assert_int_equal(audit_count(env), events + 1);
	assert_int_equal(reads_int(env, "SELECT COUNT(*) FROM reads.audit_reads WHERE action = 'read' AND entity = 'attendee'"
					       " AND entity_id IS NULL AND entity_ids = '7,3,9' AND detail = 'lista' AND user_id = 2"),
			 1);
	/* Not indexed yet (one list event is not a pass), found all the same. */
	assert_int_equal(reads_int(env, "SELECT COUNT(*) FROM reads.audit_read_subjects"), 0);
	for (size_t i = 0; i < 3; i++) assert_int_equal(audit_events_of(env->t.db, "read", "attendee", ids[i]), 1);
	assert_int_equal(audit_events_of(env->t.db, "read", "attendee", 4), 0);
	assert_int_equal(audit_events_of(env->t.db, "read", "participant", 7), 0);
	/* A repeated id (the callers drop them, but) is indexed once, not an error. */
	const int64_t twice[] = {8, 8, 6};
	assert_int_equal(audit_reads(c, "attendee", twice, 3, NULL, "Kunde inte skriva i loggen."), 0);
	assert_int_equal(audit_events_of(env->t.db, "read", "attendee", 8), 1);
	events++;

	/* One id: the event of a single read, without a list. */
	const int64_t one[] = {5};
	assert_int_equal(audit_reads(c, "attendee", one, 1, NULL, "Kunde inte skriva i loggen."), 0);
	assert_int_equal(audit_count(env), events + 2);
	assert_int_equal(reads_int(env, "SELECT COUNT(*) FROM reads.audit_reads WHERE entity = 'attendee'"
					       " AND entity_id = 5 AND entity_ids IS NULL"),
			 1);

	/* Nothing to audit still ends its (empty) transaction cleanly. */
	assert_int_equal(audit_reads(c, "attendee", NULL, 0, NULL, "Kunde inte skriva i loggen."), 0);
	assert_int_equal(audit_count(env), events + 2);
	assert_int_equal(begin_change(c), STORE_DONE); /* no transaction was left open */
	store_rollback(c->db);
}

/* Every AUDIT_INDEX_LISTS list events the writer indexes them, sorted, one
 * row per record named (however often), and moves the mark; a record's
 * events are the same before and after, each once, also over several
 * passes. */
static void test_index_pass(void **state)
{
	struct testenv *env = *state;
	struct ctx *c;
	for (int k = 0; k < AUDIT_INDEX_LISTS - 1; k++) {
		const int64_t ids[] = {50 - k, 7, k ? 7 + k + 1 : 7}; /* 7 in every one, twice in the first */
		c = testenv_ctx(env, &kansli);
		assert_int_equal(audit_reads(c, "participant", ids, 3, NULL, "x"), 0);
	}
	assert_int_equal(reads_int(env, "SELECT COUNT(*) FROM reads.audit_read_subjects"), 0);
	assert_int_equal(audit_events_of(env->t.db, "read", "participant", 7), AUDIT_INDEX_LISTS - 1);
	/* The one that makes AUDIT_INDEX_LISTS: the pass, in its transaction. */
	const int64_t last[] = {7, 1000};
	c = testenv_ctx(env, &kansli);
	assert_int_equal(audit_reads(c, "participant", last, 2, NULL, "x"), 0);
	int64_t top = reads_int(env, "SELECT MAX(id) FROM reads.audit_reads");
	assert_int_equal(reads_int(env, "SELECT MAX(event_id) FROM reads.audit_read_subjects WHERE entity = '' AND entity_id = 0"),
			 top);
	/* Each record once a pass, however many lists named it (7: all 16). */
	assert_int_equal(reads_int(env, "SELECT COUNT(*) FROM reads.audit_read_subjects WHERE entity = 'participant'"
					" AND entity_id = 7"),
			 1);
	/* Every id of the lists once (50…36, 7, 9…22, 1000); none but theirs. */
	assert_int_equal(reads_int(env, "SELECT COUNT(*) FROM reads.audit_read_subjects WHERE entity = 'participant'"),
			 2 * (AUDIT_INDEX_LISTS - 1) + 1);
	assert_int_equal(audit_events_of(env->t.db, "read", "participant", 7), AUDIT_INDEX_LISTS);
	assert_int_equal(audit_events_of(env->t.db, "read", "participant", 50), 1);
	assert_int_equal(audit_events_of(env->t.db, "read", "participant", 1000), 1);
	assert_int_equal(audit_events_of(env->t.db, "read", "participant", 999), 0);
	/* After the mark, a new list event is in the tail again. */
	const int64_t more[] = {7, 999};
	c = testenv_ctx(env, &kansli);
	assert_int_equal(audit_reads(c, "participant", more, 2, NULL, "x"), 0);
	assert_int_equal(audit_events_of(env->t.db, "read", "participant", 7), AUDIT_INDEX_LISTS + 1);
	assert_int_equal(audit_events_of(env->t.db, "read", "participant", 999), 1);
	static const struct actor admin = {.user_id = 1, .org_id = 1, .roles = ROLE_ADMIN, .username = "admin"};
	struct audit_filter f = {.entity = "participant", .entity_id = 7};
	struct page p = {.limit = 500};
	struct audit_list l;
	c = testenv_ctx(env, &admin);
	assert_int_equal(audit_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, AUDIT_INDEX_LISTS + 1);
	for (size_t i = 1; i < l.n; i++) assert_true(l.items[i].id < l.items[i - 1].id);

	/* AUDIT_INDEX_SPAN reads of any kind since the mark (the list above and
	 * the audit_list's own read are two): a pass for one list. */
	int64_t after = reads_int(env, "SELECT COUNT(*) FROM reads.audit_reads WHERE id > (SELECT MAX(event_id)"
				       " FROM reads.audit_read_subjects WHERE entity = '')");
	assert_int_equal(after, 2);
	for (int k = 0; k < AUDIT_INDEX_SPAN - after - 1; k++) {
		c = testenv_ctx(env, &kansli);
		assert_int_equal(audit_read(c, "employer", 1, NULL, "x"), 0);
	}
	const int64_t span[] = {7, 998};
	c = testenv_ctx(env, &kansli);
	assert_int_equal(audit_reads(c, "participant", span, 2, NULL, "x"), 0);
	assert_int_equal(reads_int(env, "SELECT MAX(event_id) FROM reads.audit_read_subjects WHERE entity = '' AND entity_id = 0"),
			 reads_int(env, "SELECT MAX(id) FROM reads.audit_reads"));
	assert_int_equal(reads_int(env, "SELECT COUNT(*) FROM reads.audit_read_subjects WHERE entity_id = 998"), 1);
	assert_int_equal(audit_events_of(env->t.db, "read", "participant", 7), AUDIT_INDEX_LISTS + 2);
	/* Through the index, over the two passes' ranges and nothing after the
	 * last mark: the same events, each once. */
	c = testenv_ctx(env, &admin);
	assert_int_equal(audit_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, AUDIT_INDEX_LISTS + 2);
	for (size_t i = 1; i < l.n; i++) assert_true(l.items[i].id < l.items[i - 1].id);
	f.entity_id = 998;
	c = testenv_ctx(env, &admin);
	assert_int_equal(audit_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 1);
	f.entity_id = 999; /* a list after the first pass, indexed by the second */
	c = testenv_ctx(env, &admin);
	assert_int_equal(audit_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 1);
	f.entity_id = 49; /* in the first pass only */
	c = testenv_ctx(env, &admin);
	assert_int_equal(audit_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 1);
}

/* List reads an older server left in audit_events after its index's mark
 * are indexed by migration 0008 (run again here over such events), and
 * found with the read log's in one record's events. */
static void test_legacy_list_reads(void **state)
{
	struct testenv *env = *state;
	testdb_exec(env->t.db, "INSERT INTO audit_events (at, user_id, username, action, entity, entity_ids)"
			       " VALUES ('2025-01-01T00:00:00Z', 2, 'kansli', 'read', 'participant', '3,4'),"
			       " ('2025-01-01T00:00:01Z', 2, 'kansli', 'read', 'participant', '4,5');");
	const char *sql = NULL;
	for (size_t i = 0; i < embedded_migrations_count; i++)
		if (strcmp(embedded_migrations[i].name, "0008_audit_read_log.sqlite.sql") == 0) sql = embedded_migrations[i].data;
	assert_non_null(sql);
	testdb_exec(env->t.db, sql);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_event_subjects WHERE entity = 'participant'"), 4);
	assert_int_equal(testdb_int(env->t.db, "SELECT MAX(event_id) FROM audit_event_subjects WHERE entity = ''"),
			 testdb_int(env->t.db, "SELECT MAX(id) FROM audit_events"));
	testdb_exec(env->t.db, sql); /* again: nothing new */
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_event_subjects"), 5);
	struct ctx *c = testenv_ctx(env, &kansli);
	const int64_t ids[] = {4, 6};
	assert_int_equal(audit_reads(c, "participant", ids, 2, NULL, "x"), 0);
	static const struct actor admin = {.user_id = 1, .org_id = 1, .roles = ROLE_ADMIN, .username = "admin"};
	struct audit_filter f = {.entity = "participant", .entity_id = 4};
	struct page p = {.limit = 50};
	struct audit_list l;
	c = testenv_ctx(env, &admin);
	assert_int_equal(audit_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 3);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.items[0].entity_ids[1], 6); /* the newest, from the read log */
	assert_int_equal(l.items[2].entity_ids[0], 3);
}

/* The index of list reads is append-only, like the log. */
static void test_subjects_append_only(void **state)
{
	struct testenv *env = *state;
	struct ctx *c = testenv_ctx(env, &kansli);
	const int64_t ids[] = {1, 2};
	for (int k = 0; k < AUDIT_INDEX_LISTS; k++) { /* a pass: rows to refuse to change */
		c = testenv_ctx(env, &kansli);
		assert_int_equal(audit_reads(c, "participant", ids, 2, NULL, "Kunde inte skriva i loggen."), 0);
	}
	assert_int_equal(audit_flush(), 0);
	struct store *log = store_reads(env->t.db);
	struct stmt *s = store_prepare(log, "UPDATE reads.audit_read_subjects SET entity_id = 3");
	assert_true(stmt_exec(s) < 0);
	assert_non_null(strstr(store_errmsg(log), "audit_read_subjects is append-only"));
	s = store_prepare(log, "DELETE FROM reads.audit_read_subjects WHERE entity_id = 1");
	assert_true(stmt_exec(s) < 0);
	assert_non_null(strstr(store_errmsg(log), "audit_read_subjects is append-only"));
	s = store_prepare(log, "UPDATE reads.audit_reads SET entity_ids = '1' WHERE entity_ids IS NOT NULL");
	assert_true(stmt_exec(s) < 0);
	assert_non_null(strstr(store_errmsg(log), "audit_reads is append-only"));
	s = store_prepare(log, "DELETE FROM reads.audit_reads");
	assert_true(stmt_exec(s) < 0);
	assert_int_equal(reads_int(env, "SELECT COUNT(*) FROM reads.audit_read_subjects WHERE entity = 'participant'"), 2);
	assert_int_equal(reads_int(env, "SELECT COUNT(*) FROM reads.audit_reads WHERE entity_ids = '1,2'"), AUDIT_INDEX_LISTS);
}

/* One record's events (audit_list with entity and entity_id) are its own
 * and the list reads that named it, newest first, with the list's ids. */
static void test_list_record(void **state)
{
	struct testenv *env = *state;
	static const struct actor admin = {.user_id = 1, .org_id = 1, .roles = ROLE_ADMIN, .username = "admin"};
	struct ctx *c = testenv_ctx(env, &kansli);
	const int64_t page1[] = {12, 11, 10}, page2[] = {20, 12};
	assert_int_equal(audit_reads(c, "participant", page1, 3, NULL, "x"), 0);
	assert_int_equal(audit_write(c, "update", "participant", 12, NULL), 0);
	assert_int_equal(audit_reads(c, "participant", page2, 2, "enrolments", "x"), 0);
	assert_int_equal(audit_reads(c, "employer", page2, 2, NULL, "x"), 0); /* another entity, same ids */

	struct audit_filter f = {.entity = "participant", .entity_id = 12};
	struct page p = {.limit = 50};
	struct audit_list l;
	c = testenv_ctx(env, &admin);
	assert_int_equal(audit_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 3);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].detail, "enrolments");
	assert_int_equal(l.items[0].entity_id, 0);
	assert_int_equal(l.items[0].entity_count, 2);
	assert_int_equal(l.items[0].n_entity_ids, 2);
	assert_int_equal(l.items[0].entity_ids[0], 20);
	assert_int_equal(l.items[0].entity_ids[1], 12);
	assert_string_equal(l.items[1].action, "update");
	assert_int_equal(l.items[1].entity_id, 12);
	assert_int_equal(l.items[1].entity_count, 0);
	assert_int_equal(l.items[1].n_entity_ids, 0);
	assert_null(l.items[1].entity_ids);
	assert_int_equal(l.items[2].n_entity_ids, 3);
	assert_int_equal(l.items[2].entity_ids[2], 10);

	/* The other filters still apply to list reads. */
	f.action = "read";
	c = testenv_ctx(env, &admin);
	assert_int_equal(audit_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 2);
	f.action = NULL;
	f.user_id = 1;
	c = testenv_ctx(env, &admin);
	assert_int_equal(audit_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 0);
	f.user_id = 0;
	f.entity_id = 10;
	p.limit = 1;
	c = testenv_ctx(env, &admin);
	assert_int_equal(audit_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 1);
	assert_int_equal(l.n, 1);
	f.entity_id = 20;
	f.entity = "employer";
	c = testenv_ctx(env, &admin);
	assert_int_equal(audit_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 1);
	assert_string_equal(l.items[0].entity, "employer");
	f.entity_id = 13;
	c = testenv_ctx(env, &admin);
	assert_int_equal(audit_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 0);
	assert_int_equal(l.n, 0);

	/* An export names more ids than a page of the log lists: all are
	 * counted and indexed, the first AUDIT_IDS_LISTED are listed. */
	enum { MANY = AUDIT_IDS_LISTED + 500 };
	static int64_t many[MANY];
	for (int i = 0; i < MANY; i++) many[i] = 100000 + MANY - i;
	c = testenv_ctx(env, &kansli);
	assert_int_equal(audit_reads(c, "participant", many, MANY, "sus-export", "x"), 0);
	f = (struct audit_filter){.entity = "participant", .entity_id = many[MANY - 1]};
	c = testenv_ctx(env, &admin);
	assert_int_equal(audit_list(c, &f, &p, &l), 0);
	assert_int_equal(l.total, 1);
	assert_int_equal(l.items[0].entity_count, MANY);
	assert_int_equal(l.items[0].n_entity_ids, AUDIT_IDS_LISTED);
	assert_int_equal(l.items[0].entity_ids[0], many[0]);
	assert_int_equal(l.items[0].entity_ids[AUDIT_IDS_LISTED - 1], many[AUDIT_IDS_LISTED - 1]);
}

static void test_reads_all_or_none(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &kansli);
	const int64_t ids[] = {1, 2};
	assert_int_equal(audit_reads(c, NULL, ids, 2, NULL, "Kunde inte logga läsningen."), ERR_INTERNAL);
	assert_string_equal(c->err.msg, "Kunde inte logga läsningen.");
	assert_int_equal(audit_count(env), events);
	assert_int_equal(begin_change(c), STORE_DONE); /* rolled back, not left open */
	store_rollback(c->db);
}

/* Reads from many threads, each on its own connection, as the server's
 * workers do: they share commits (group commit), and every one is written
 * exactly once; one thread's failing events (no entity) fail alone. */
enum { READERS = 8, READS = 40 };

struct reader {
	const char *path;
	int idx;
	int ok, failed, wrong; /* results, checked by the main thread */
};

static void *reader_run(void *arg)
{
	struct reader *r = arg;
	struct store *db;
	struct err e;
	err_clear(&e);
	if (store_open(r->path, &db, &e) != 0) {
		r->wrong = READS;
		return NULL;
	}
	struct arena a;
	arena_init(&a, 4096);
	struct actor who = {.user_id = 100 + r->idx, .org_id = 1, .roles = ROLE_CASE_WORKER, .username = "läsare"};
	for (int k = 0; k < READS; k++) {
		struct ctx c;
		ctx_init(&c, db, &a, &who, "127.0.0.1");
		/* Ids unique to this thread and read: 1 or 3 of them. */
		int64_t base = (int64_t)r->idx * 10000 + k * 10 + 1;
		const int64_t ids[] = {base + 2, base, base + 1};
		size_t n = k % 4 == 0 ? 1 : 3;
		bool bad = r->idx == 0 && k % 2; /* thread 0: every other read fails */
		int rc = audit_reads(&c, bad ? NULL : "participant", ids, n, NULL, "Kunde inte skriva i loggen.");
		if (bad) {
			if (rc == ERR_INTERNAL && strcmp(c.err.msg, "Kunde inte skriva i loggen.") == 0) r->failed++;
			else r->wrong++;
		} else {
			if (rc == 0 && c.err.code == 0) r->ok++;
			else r->wrong++;
		}
		arena_reset(&a);
	}
	arena_free(&a);
	store_close(db);
	return NULL;
}

static void test_reads_concurrent(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	pthread_t th[READERS];
	struct reader r[READERS];
	for (int i = 0; i < READERS; i++) {
		r[i] = (struct reader){.path = env->t.path, .idx = i};
		assert_int_equal(pthread_create(&th[i], NULL, reader_run, &r[i]), 0);
	}
	int ok = 0;
	for (int i = 0; i < READERS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(r[i].wrong, 0);
		ok += r[i].ok;
	}
	assert_int_equal(r[0].failed, READS / 2);
	assert_int_equal(ok, READERS * READS - READS / 2);
	assert_int_equal(audit_count(env), events + ok);
	/* Every read that succeeded is there once, under each of its ids. */
	for (int i = 0; i < READERS; i++)
		for (int k = 0; k < READS; k++) {
			/* The first id of a read is base + 2; a read of one has only it. */
			int64_t base = (int64_t)i * 10000 + k * 10 + 1;
			int64_t written = i == 0 && k % 2 ? 0 : 1;
			for (int64_t j = 0; j < 3; j++)
				assert_int_equal(audit_events_of(env->t.db, "read", "participant", base + j),
						 j == 2 || k % 4 ? written : 0);
		}
	assert_int_equal(reads_int(env, "SELECT COUNT(*) FROM reads.audit_reads WHERE entity_ids IS NOT NULL"
					" AND entity_ids NOT LIKE '%,%,%'"),
			 0);
	assert_int_equal(reads_int(env, "SELECT COUNT(DISTINCT user_id) FROM reads.audit_reads WHERE user_id >= 100"), READERS);
}

/* Another process holds the read log's write lock: the reads are queued
 * and answered, and written once the lock is gone, none lost; after the
 * busy wait of failing, new reads are refused (ERR_BUSY, 503, try again)
 * until the writer writes again. The database's own write lock does not
 * hold reads up: they are logged in another file. */
static void test_reads_busy(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	int wait = store_busy_wait();
	store_set_busy_wait(100);
	const int64_t ids[] = {4, 5};
	struct ctx *c = testenv_ctx(env, &kansli);
	sqlite3 *other;
	assert_int_equal(sqlite3_open(env->t.path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(audit_reads(c, "participant", ids, 2, NULL, "Kunde inte skriva i loggen."), 0);
	assert_int_equal(audit_flush(), 0);
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(audit_count(env), events + 1);

	char log[700];
	snprintf(log, sizeof log, "%s" STORE_READS_SUFFIX, env->t.path);
	assert_int_equal(sqlite3_open(log, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(audit_reads(c, "participant", ids, 2, NULL, "Kunde inte skriva i loggen."), 0);
	assert_int_equal(audit_flush(), ERR_BUSY); /* after the busy wait of trying */
	c = testenv_ctx(env, &kansli);
	assert_int_equal(audit_reads(c, "participant", ids, 2, NULL, "Kunde inte skriva i loggen."), ERR_BUSY);
	assert_non_null(strstr(c->err.msg, "upptagen"));
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	store_set_busy_wait(wait);
	/* The queued read is written, the refused one is not. */
	assert_int_equal(audit_count(env), events + 2);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(audit_reads(c, "participant", ids, 2, NULL, "Kunde inte skriva i loggen."), 0);
	assert_int_equal(audit_count(env), events + 3);
}

/* A clean stop writes what is queued; the next read starts the writer
 * again. */
static void test_shutdown_writes_queue(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	for (int64_t k = 1; k <= 50; k++) {
		struct ctx *c = testenv_ctx(env, &kansli);
		const int64_t ids[] = {k, k + 100};
		assert_int_equal(audit_reads(c, "participant", ids, 2, NULL, "x"), 0);
	}
	audit_shutdown();
	assert_int_equal(testdb_int(store_reads(env->t.db), "SELECT COUNT(*) FROM reads.audit_reads"), events + 50);
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(audit_read(c, "participant", 3, NULL, "x"), 0);
	assert_int_equal(audit_count(env), events + 51);
}

/* The read log is made beside the database, readable by its owner only
 * whatever the umask, like the database: it names whom each user read. */
static void test_read_log_file(void **state)
{
	struct testenv *env = *state;
	mode_t old = umask(022);
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(audit_read(c, "participant", 4, NULL, "x"), 0);
	assert_int_equal(audit_flush(), 0); /* the writer made the file */
	umask(old);
	char log[700];
	snprintf(log, sizeof log, "%s" STORE_READS_SUFFIX, env->t.path);
	struct stat st;
	assert_int_equal(stat(log, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(env->t.path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

/* Inside the caller's own transaction the read is logged all the same,
 * and stays when the change is rolled back: a read shown is a read made. */
static void test_reads_in_transaction(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(begin_change(c), STORE_DONE);
	const int64_t ids[] = {4, 5, 6};
	assert_int_equal(audit_reads(c, "participant", ids, 3, NULL, "x"), 0);
	assert_int_equal(audit_count(env), events + 1);
	store_rollback(c->db);
	assert_int_equal(testorgs(env), 0);
	assert_int_equal(audit_count(env), events + 1);
	assert_int_equal(audit_events_of(env->t.db, NULL, "participant", 5), 1);
}

/* The log's details in Swedish for files people read, counts and reasons
 * included, in the words of the log page (web/src/labels.ts). */
static void test_detail_text(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1024);
	assert_string_equal(audit_detail_text(&a, "rows 20000, created 19998, updated 2"),
			    "20\xc2\xa0" "000 rader: 19\xc2\xa0" "998 nya, 2 uppdaterade");
	assert_string_equal(audit_detail_text(&a, "created 3, updated 1, enrolments 2"),
			    "3 nya, 1 som redan fanns, 2 insatsdeltaganden");
	assert_string_equal(audit_detail_text(&a, "enrolment 17"), "Insatsdeltagande (id 17)");
	assert_string_equal(audit_detail_text(&a, "course 4"), "Utbildning (id 4)");
	assert_string_equal(audit_detail_text(&a, "course 4, copy of 9"), "Utbildning (id 4), kopia av tillfälle 9");
	assert_string_equal(audit_detail_text(&a, "anonymised: begärt av personen"), "Gjord anonym. Skäl: begärt av personen");
	assert_string_equal(audit_detail_text(&a, "participants=1000 enrolments=3000 seed=1 today=2026-01-01 version=2"),
			    "1\xc2\xa0" "000 deltagare, 3\xc2\xa0" "000 insatsdeltaganden (slumpfrö 1, dagens datum 2026-01-01, version 2)");
	assert_string_equal(audit_detail_text(&a, "password_reset"), "Nytt engångslösenord");
	/* Unknown, or a pattern with more after it: as written. */
	assert_string_equal(audit_detail_text(&a, "rows 3, created 2, updated 1 and more"), "rows 3, created 2, updated 1 and more");
	assert_string_equal(audit_detail_text(&a, "/var/backups/samsyn.db"), "/var/backups/samsyn.db");
	assert_null(audit_detail_text(&a, NULL));
	arena_free(&a);
}

TEST_MAIN(
	cmocka_unit_test(test_detail_text),
	testenv_unit_test(test_commit_ok),
	testenv_unit_test(test_commit_not_ok),
	testenv_unit_test(test_commit_audit_fails),
	testenv_unit_test(test_reads),
	testenv_unit_test(test_reads_all_or_none),
	testenv_unit_test(test_index_pass),
	testenv_unit_test(test_legacy_list_reads),
	testenv_unit_test(test_subjects_append_only),
	testenv_unit_test(test_list_record),
	testenv_unit_test(test_reads_concurrent),
	testenv_unit_test(test_reads_busy),
	testenv_unit_test(test_shutdown_writes_queue),
	testenv_unit_test(test_read_log_file),
	testenv_unit_test(test_reads_in_transaction),
)
