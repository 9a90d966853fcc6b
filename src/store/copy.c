/* copy.c — a whole database copied into another, of either engine
 * (store_copy in store.h; `samsyn copy`, docs/operations.md "Moving a
 * förbund"). Generic over the schema: the tables, their columns and their
 * foreign keys are read from each engine's catalogue, so a new migration
 * needs nothing here. Every value travels as text (each engine reads its
 * own column types back from it) and each table is checked afterwards by
 * its row count and an order-free checksum of its rows, read back from
 * the target. */
#include "store.h"
#include "../base/mem.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY_MAX_TABLES 256
#define COPY_MAX_COLUMNS 128
#define COPY_NAME_MAX 64

struct table {
	char name[COPY_NAME_MAX];
	char columns[COPY_MAX_COLUMNS][COPY_NAME_MAX];
	int ncolumns;
	bool has_id;
	bool placed; /* in the copy order already */
	char parents[16][COPY_NAME_MAX]; /* the tables its foreign keys name */
	int nparents;
};

struct schema {
	struct table t[COPY_MAX_TABLES];
	int n;
};

/* The catalogue queries of each engine, for the main schema ("main") or
 * the read log ("reads"). */
static const char *tables_sql(struct store *db, bool reads)
{
	if (store_is_server(db))
		return reads ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'reads' AND table_type = 'BASE TABLE' ORDER BY 1"
			     : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1";
	return reads ? "SELECT name FROM reads.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1"
		     : "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1";
}

static const char *columns_sql(struct store *db, bool reads)
{
	if (store_is_server(db))
		return reads ? "SELECT column_name FROM information_schema.columns WHERE table_schema = 'reads' AND table_name = :t ORDER BY ordinal_position"
			     : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = :t ORDER BY ordinal_position";
	return reads ? "SELECT name FROM pragma_table_info(:t, 'reads') ORDER BY cid" : "SELECT name FROM pragma_table_info(:t, 'main') ORDER BY cid";
}

static const char *parents_sql(struct store *db)
{
	if (store_is_server(db))
		return "SELECT DISTINCT ccu.table_name FROM information_schema.table_constraints tc"
		       " JOIN information_schema.constraint_column_usage ccu"
		       "  ON ccu.constraint_name = tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema"
		       " WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() AND tc.table_name = :t";
	return "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(:t, 'main')";
}

static bool copy_name(char *dst, const char *src, struct err *e)
{
	if (!src || strlen(src) >= COPY_NAME_MAX || strchr(src, '"')) {
		err_set(e, ERR_INTERNAL, "Namnet %.80s i databasens katalog kan inte kopieras.", src ? src : "(inget)");
		return false;
	}
	strcpy(dst, src);
	return true;
}

/* The tables of db (main schema or read log) with their columns and, for
 * the main schema, the tables their foreign keys name. schema_migrations
 * is left out: each database records the migrations it ran itself (the
 * engines' checksums differ where a migration has an engine's part). */
static bool read_schema(struct store *db, bool reads, struct schema *out, struct err *e)
{
	out->n = 0;
	struct stmt *s = store_prepare(db, tables_sql(db, reads));
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		const char *name = stmt_text(s, 0);
		if (strcmp(name, "schema_migrations") == 0) continue;
		if (out->n == COPY_MAX_TABLES) {
			stmt_done(s);
			return err_set(e, ERR_INTERNAL, "Databasen har fler än %d tabeller.", COPY_MAX_TABLES), false;
		}
		struct table *t = &out->t[out->n++];
		memset(t, 0, sizeof *t);
		if (!copy_name(t->name, name, e)) {
			stmt_done(s);
			return false;
		}
	}
	stmt_done(s);
	if (rc != STORE_DONE) return err_set(e, ERR_INTERNAL, "Kan inte läsa tabellerna: %s", store_errmsg(db)), false;
	for (int i = 0; i < out->n; i++) {
		struct table *t = &out->t[i];
		s = store_prepare(db, columns_sql(db, reads));
		stmt_bind_text(s, ":t", t->name);
		while ((rc = stmt_step(s)) == STORE_ROW && t->ncolumns < COPY_MAX_COLUMNS) {
			if (!copy_name(t->columns[t->ncolumns], stmt_text(s, 0), e)) {
				stmt_done(s);
				return false;
			}
			if (strcmp(t->columns[t->ncolumns], "id") == 0) t->has_id = true;
			t->ncolumns++;
		}
		stmt_done(s);
		if (rc == STORE_ROW) return err_set(e, ERR_INTERNAL, "Tabellen %s har för många kolumner.", t->name), false;
		if (reads) continue; /* the read log's tables name no others */
		s = store_prepare(db, parents_sql(db));
		stmt_bind_text(s, ":t", t->name);
		while ((rc = stmt_step(s)) == STORE_ROW && t->nparents < 16)
			if (strcmp(stmt_text(s, 0), t->name) != 0 && !copy_name(t->parents[t->nparents++], stmt_text(s, 0), e)) {
				stmt_done(s);
				return false;
			}
		stmt_done(s);
		if (rc == STORE_ROW) return err_set(e, ERR_INTERNAL, "Tabellen %s har för många främmande nycklar.", t->name), false;
	}
	return true;
}

static struct table *find_table(struct schema *sc, const char *name)
{
	for (int i = 0; i < sc->n; i++)
		if (strcmp(sc->t[i].name, name) == 0) return &sc->t[i];
	return NULL;
}

/* The tables in an order where each comes after the tables it refers to,
 * so that the foreign keys hold at every insert. */
static bool copy_order(struct schema *sc, struct table **order, struct err *e)
{
	int placed = 0;
	while (placed < sc->n) {
		bool progress = false;
		for (int i = 0; i < sc->n; i++) {
			struct table *t = &sc->t[i];
			if (t->placed) continue;
			bool ready = true;
			for (int p = 0; p < t->nparents && ready; p++) {
				struct table *parent = find_table(sc, t->parents[p]);
				ready = !parent || parent->placed;
			}
			if (!ready) continue;
			t->placed = true;
			order[placed++] = t;
			progress = true;
		}
		if (!progress) return err_set(e, ERR_INTERNAL, "Tabellernas främmande nycklar bildar en cirkel: de kan inte kopieras i ordning."), false;
	}
	return true;
}

/* Both databases must have the same tables with the same columns: the
 * same migrations ran on each. */
static bool same_schema(struct schema *from, struct schema *to, const char *what, struct err *e)
{
	if (from->n != to->n) return err_set(e, ERR_CONFLICT, "%s har %d tabeller i källan och %d i målet: kör samma version av samsyn på båda.", what, from->n, to->n), false;
	for (int i = 0; i < to->n; i++) {
		struct table *t = &to->t[i], *f = find_table(from, t->name);
		if (!f) return err_set(e, ERR_CONFLICT, "Tabellen %s finns inte i källan.", t->name), false;
		if (f->ncolumns != t->ncolumns) return err_set(e, ERR_CONFLICT, "Tabellen %s har olika kolumner i källan och målet.", t->name), false;
		for (int c = 0; c < t->ncolumns; c++) {
			bool found = false;
			for (int k = 0; k < f->ncolumns && !found; k++) found = strcmp(f->columns[k], t->columns[c]) == 0;
			if (!found) return err_set(e, ERR_CONFLICT, "Kolumnen %s.%s finns inte i källan.", t->name, t->columns[c]), false;
		}
	}
	return true;
}

/* "reads"."t" or "t": the table as SQL names it on db. */
static void qualified(char *buf, size_t n, bool reads, const char *table)
{
	snprintf(buf, n, reads ? "reads.\"%s\"" : "\"%s\"", table);
}

static char *select_sql(struct table *t, bool reads)
{
	char q[COPY_NAME_MAX + 16];
	qualified(q, sizeof q, reads, t->name);
	size_t cap = 64 + (size_t)t->ncolumns * (COPY_NAME_MAX + 4) + sizeof q;
	char *sql = xmalloc(cap);
	size_t len = (size_t)snprintf(sql, cap, "SELECT ");
	for (int c = 0; c < t->ncolumns; c++) len += (size_t)snprintf(sql + len, cap - len, "%s\"%s\"", c ? ", " : "", t->columns[c]);
	snprintf(sql + len, cap - len, " FROM %s%s", q, t->has_id ? " ORDER BY \"id\"" : "");
	return sql;
}

/* t's columns as SQL: "\"id\", \"name\"". */
static char *column_list(struct table *t)
{
	size_t cap = 1 + (size_t)t->ncolumns * (COPY_NAME_MAX + 4), len = 0;
	char *sql = xmalloc(cap);
	sql[0] = 0;
	for (int c = 0; c < t->ncolumns; c++) len += (size_t)snprintf(sql + len, cap - len, "%s\"%s\"", c ? ", " : "", t->columns[c]);
	return sql;
}

/* A row's part of its table's checksum: a hash of its values as text, each
 * with its length (NULL apart from every text). The parts are added, so
 * the sum does not depend on the order the engines return the rows in. */
static uint64_t row_hash(struct stmt *s, int ncolumns)
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 8);
	for (int c = 0; c < ncolumns; c++) {
		const char *v = stmt_text(s, c);
		char head[24];
		int n = v ? snprintf(head, sizeof head, "%zu:", strlen(v)) : snprintf(head, sizeof head, "N;");
		crypto_generichash_update(&st, (const unsigned char *)head, (size_t)n);
		if (v) crypto_generichash_update(&st, (const unsigned char *)v, strlen(v));
	}
	unsigned char out[8];
	crypto_generichash_final(&st, out, sizeof out);
	uint64_t h = 0;
	for (int i = 0; i < 8; i++) h = h << 8 | out[i];
	return h;
}

/* Reads every row of t on db: its count and checksum. */
static bool table_sum(struct store *db, struct table *t, bool reads, struct copy_table *out, struct err *e)
{
	char *sql = select_sql(t, reads);
	struct stmt *s = store_prepare_composed(db, sql);
	free(sql);
	stmt_stream(s); /* a whole table: row by row, not held at once */
	int rc;
	out->rows = 0;
	out->checksum = 0;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		out->rows++;
		out->checksum += row_hash(s, t->ncolumns);
	}
	stmt_done(s);
	if (rc != STORE_DONE) return err_set(e, ERR_INTERNAL, "Kan inte läsa tabellen %s: %s", t->name, store_errmsg(db)), false;
	return true;
}

/* Copies every row of t from one database to the other, in the open
 * transaction of the target, counting and summing what it sent. */
static bool copy_table(struct store *from, struct store *to, struct table *t, bool reads, struct copy_table *out, struct err *e)
{
	char q[COPY_NAME_MAX + 16];
	qualified(q, sizeof q, reads, t->name);
	char *sel = select_sql(t, reads), *cols = column_list(t);
	struct stmt *src = store_prepare_composed(from, sel);
	stmt_stream(src);
	int w = store_append_begin(to, q, cols, t->ncolumns);
	free(sel);
	free(cols);
	const char *values[COPY_MAX_COLUMNS];
	int rc = STORE_DONE;
	out->rows = 0;
	out->checksum = 0;
	while (w == STORE_DONE && (rc = stmt_step(src)) == STORE_ROW) {
		for (int c = 0; c < t->ncolumns; c++) values[c] = stmt_text(src, c);
		if ((w = store_append_row(to, values)) != STORE_DONE) break;
		out->rows++;
		out->checksum += row_hash(src, t->ncolumns);
	}
	stmt_done(src);
	int end = store_append_end(to, w == STORE_DONE && rc == STORE_DONE);
	if (w == STORE_DONE) w = end;
	if (rc != STORE_DONE && rc != STORE_ROW)
		return err_set(e, ERR_INTERNAL, "Kan inte läsa tabellen %s i källan: %s", t->name, store_errmsg(from)), false;
	if (w != STORE_DONE)
		return err_set(e, w == STORE_EBUSY ? ERR_BUSY : ERR_INTERNAL, "Kunde inte skriva tabellen %s: %s", t->name,
			       store_errmsg(to)),
		       false;
	snprintf(out->name, sizeof out->name, "%s%s", reads ? "reads." : "", t->name);
	return true;
}

/* The target must hold nothing of its own: no user and no audit event
 * (what migrations put in, code lists and settings, is replaced by the
 * source's rows). */
static bool target_empty(struct store *to, struct err *e)
{
	int64_t users = 0, events = 0;
	if (stmt_scalar(store_prepare(to, "SELECT COUNT(*) FROM users"), &users) != STORE_ROW ||
	    stmt_scalar(store_prepare(to, "SELECT COUNT(*) FROM audit_events"), &events) != STORE_ROW)
		return err_set(e, ERR_INTERNAL, "Kan inte läsa måldatabasen: %s", store_errmsg(to)), false;
	if (users || events)
		return err_set(e, ERR_CONFLICT, "Måldatabasen är inte tom (%lld användare, %lld loggade händelser): kopiera bara till en ny databas.",
			       (long long)users, (long long)events),
		       false;
	return true;
}

/* The rows migrations put into the target, removed children first. */
static bool clear_target(struct store *to, struct table **order, int n, struct err *e)
{
	for (int i = n - 1; i >= 0; i--) {
		char sql[COPY_NAME_MAX + 32];
		snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", order[i]->name);
		if (stmt_exec(store_prepare_composed(to, sql)) != STORE_DONE)
			return err_set(e, ERR_INTERNAL, "Kan inte tömma %s i målet: %s", order[i]->name, store_errmsg(to)), false;
	}
	return true;
}

/* PostgreSQL's identity sequences go on after the copied ids (SQLite's
 * follow the largest id by themselves). */
static bool advance_sequences(struct store *to, struct table **order, int n, bool reads, struct err *e)
{
	if (!store_is_server(to)) return true;
	for (int i = 0; i < n; i++) {
		if (!order[i]->has_id) continue;
		char q[COPY_NAME_MAX + 16], sql[3 * COPY_NAME_MAX + 200];
		qualified(q, sizeof q, reads, order[i]->name);
		snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT COALESCE(MAX(\"id\"), 0) + 1 FROM %s), false)", q, q);
		int rc = stmt_exec(store_prepare_composed(to, sql));
		if (rc != STORE_ROW && rc != STORE_DONE)
			return err_set(e, ERR_INTERNAL, "Kan inte ställa om id-serien för %s: %s", order[i]->name, store_errmsg(to)), false;
	}
	return true;
}

/* A consistent view of the source for the whole copy: one read
 * transaction (not store_begin, which would take the write lock). */
static int read_snapshot(struct store *db, bool begin, struct err *e)
{
	const char *sql = !begin ? "COMMIT" : store_is_server(db) ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN";
	return store_exec_script(db, sql, e);
}

/* One schema (the database's or its read log's) copied in one transaction
 * of the target, then read back and compared. */
static bool copy_schema(struct store *from, struct store *to, bool reads, struct copy_result *r, struct err *e)
{
	struct schema *fs = xcalloc(1, sizeof *fs), *ts = xcalloc(1, sizeof *ts);
	struct table **order = xcalloc(COPY_MAX_TABLES, sizeof *order);
	bool ok = read_schema(from, reads, fs, e) && read_schema(to, reads, ts, e) &&
		  same_schema(fs, ts, reads ? "Läsloggen" : "Databasen", e) && copy_order(ts, order, e);
	int first = r->ntables;
	if (ok && r->ntables + ts->n > COPY_RESULT_MAX) ok = (err_set(e, ERR_INTERNAL, "För många tabeller."), false);
	if (ok && store_begin(to) != STORE_DONE) ok = (err_set(e, ERR_BUSY, "Måldatabasen är upptagen: %s", store_errmsg(to)), false);
	if (ok) {
		ok = (reads || clear_target(to, order, ts->n, e));
		for (int i = 0; ok && i < ts->n; i++) ok = copy_table(from, to, order[i], reads, &r->tables[r->ntables++], e);
		ok = ok && advance_sequences(to, order, ts->n, reads, e);
		if (ok && store_commit(to) != STORE_DONE) ok = (err_set(e, ERR_INTERNAL, "Kunde inte spara kopian: %s", store_errmsg(to)), false);
		if (!ok) store_rollback(to);
	}
	/* PostgreSQL plans by statistics that a bulk load leaves empty until
	 * autovacuum comes by: gathered now, before the first report. */
	if (ok && !reads && store_is_server(to) && store_exec_script(to, "ANALYZE", e) != 0) ok = false;
	/* What the target now holds, read back: the same count and sum. */
	for (int i = first; ok && i < r->ntables; i++) {
		struct copy_table back;
		ok = table_sum(to, order[i - first], reads, &back, e);
		if (ok && (back.rows != r->tables[i].rows || back.checksum != r->tables[i].checksum))
			ok = (err_set(e, ERR_INTERNAL, "%s skiljer sig efter kopieringen: %lld rader i källan, %lld i målet.", r->tables[i].name,
				     (long long)r->tables[i].rows, (long long)back.rows), false);
	}
	free(fs);
	free(ts);
	free(order);
	return ok;
}

int store_copy(struct store *from, struct store *to, struct copy_result *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	int fv = store_schema_version(from), tv = store_schema_version(to);
	if (fv != tv)
		return err_set(e, ERR_CONFLICT, "Källan har schemaversion %d och målet %d: uppgradera källan med samma samsyn först.", fv, tv);
	if (!target_empty(to, e)) return e->code;
	struct store *from_log = store_reads(from), *to_log = store_reads(to);
	if (!from_log || !to_log) return err_set(e, ERR_INTERNAL, "Kan inte öppna läsloggen i %s.", from_log ? "målet" : "källan");
	if (read_snapshot(from, true, e) != 0) return e->code;
	bool ok = copy_schema(from, to, false, r, e);
	struct err ignored;
	err_clear(&ignored);
	read_snapshot(from, false, &ignored);
	/* The read log apart, as it is kept: after the database it belongs to. */
	if (ok && read_snapshot(from_log, true, e) == 0) {
		ok = copy_schema(from_log, to_log, true, r, e);
		read_snapshot(from_log, false, &ignored);
	} else {
		ok = false;
	}
	return ok ? 0 : e->code;
}
