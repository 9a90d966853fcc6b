/* employer_import.c — a company register extract into the employer register
 * (employer_import.h), in two steps. First, without any lock, every line
 * is read and checked in C (a bad line never reaches the database) and the
 * good rows are staged in unlinked temp files, then put in orgnr order. A
 * file with any bad line ends there: it never waits for the database nor
 * makes anyone else wait. Only then is the write lock taken, for the
 * writing alone: the staged rows upserted in orgnr order, the indexes
 * built, one transaction.
 *
 * The check runs on every CPU (two to four threads): before issue 10 a
 * checking thread ran beside the writer, and checking everything before
 * the lock on one CPU made the import 40 % slower. A file that can be
 * mapped (a regular file, a body in memory) is cut at line breaks into
 * parts, each read, checked, staged and sorted by its own thread; the
 * sorted parts are merged, and a number twice in the file is two equal
 * neighbours there. The parts report nothing: at the first bad line in
 * any of them, or a cut inside a quoted field (the part before it ends in
 * a field never closed), or a number twice, they all stop and the whole
 * file is checked again in one thread, which reports every bad line with
 * its line and finds duplicates with an open-addressing set of 8-byte
 * entries. A good file is checked in about 1/n of the time; a bad one in
 * at most about the time of the parts more than in one go.
 *
 * Texts are held one line, or one batch of staged rows, at a time; what
 * grows with the file is the order of the staged rows, 16 bytes a row
 * (twice that while the parts are merged; with the one-thread check the
 * duplicate set, 8–16 bytes a row), and the temp files, about 76 bytes a
 * row on disk (twice that while a part copies its rows into orgnr order). */
#include "employer_import.h"
#include "csv_import.h"
#include "employer.h"
#include "../base/clock.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "../se/kommun.h"
#include "../se/orgnr.h"
#include "../se/sni.h"
#include "../se/size_class.h"
#include "../store/store.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum column {
	COL_ORGNR, COL_NAME, COL_SNI, COL_SIZE, COL_SCB_SIZE, COL_MUNICIPALITY, COL_ADDRESS, COL_POSTAL, COL_CITY,
	COL_COUNT
};

/* In the order of enum column. */
static const char *const column_names[COL_COUNT] = {"orgnr", "name", "sni_code", "size_class", "scb_size_code",
						    "municipality_code", "address", "postal_code", "city"};

/* Lines past this cannot be packed into a seen-set entry; no register
 * comes near it. */
#define MAX_LINE ((1L << 29) - 1)

/* An import this long into a register smaller than it drops the secondary
 * indexes of employers and builds them again at the end (store_bulk_begin):
 * sorted builds beat a million random inserts into each. */
#define BULK_ROWS 100000

/* orgnr already met in the file: the 10 digits as a number (< 2^34) in the
 * high bits, the line it was on in the low 30; 0 is an empty slot. */
struct seen_set {
	uint64_t *slots;
	size_t cap, n; /* cap a power of two */
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

/* Returns the line the key was first seen on, or 0 after adding it. */
static long seen_check(struct seen_set *s, uint64_t key, long line)
{
	if ((s->n + 1) * 10 > s->cap * 7) { /* load at most 0.7 */
		size_t ncap = s->cap ? s->cap * 2 : 1 << 12;
		uint64_t *n = xcalloc(ncap, sizeof *n);
		for (size_t i = 0; i < s->cap; i++) {
			uint64_t v = s->slots[i];
			if (!v) continue;
			size_t j = mix(v >> 30) & (ncap - 1);
			while (n[j]) j = (j + 1) & (ncap - 1);
			n[j] = v;
		}
		free(s->slots);
		s->slots = n, s->cap = ncap;
	}
	key += 1; /* never 0 */
	size_t j = mix(key) & (s->cap - 1);
	for (; s->slots[j]; j = (j + 1) & (s->cap - 1))
		if (s->slots[j] >> 30 == key) return (long)(s->slots[j] & ((1u << 30) - 1));
	s->slots[j] = key << 30 | (uint64_t)line;
	s->n++;
	return 0;
}

/* One good line, ready for the database (texts in its batch's arena or
 * in static tables). */
struct row {
	char orgnr[11];
	bool sole_trader;
	uint64_t key; /* orgnr as a number */
	const char *name, *name_key, *sni_code, *sni_section, *size_class, *municipality_code;
	const char *address, *postal_code, *city;
};

/* Staged rows are written BATCH_ROWS at a time. */
#define BATCH_ROWS 1024

struct batch {
	struct row rows[BATCH_ROWS];
	size_t n;
};

/* A staged row's orgnr as a number, and where the row is: the part's
 * number in the top AT_PART_BITS bits, the offset in its stage file below. */
struct staged {
	uint64_t key;
	uint64_t at;
};
#define AT_PART_BITS 2
#define AT_OFFSET(at) ((at) & (UINT64_MAX >> AT_PART_BITS))
#define AT_PART(at) ((int)((at) >> (64 - AT_PART_BITS)))

/* The check in parts: a thread each, as many as there are CPUs but at
 * least two and at most MAX_PARTS (a part's number is kept in AT_PART_BITS),
 * and parts of at least PART_BYTES: below it a thread and a temp file cost
 * more than they save. */
#define MAX_PARTS (1 << AT_PART_BITS)
#define PART_BYTES (64 * 1024)

struct import;

/* One thread's share of the check: its lines, its caches, its staged rows. */
struct part {
	struct import *im;
	struct csv_import_line line; /* its reader and current line */
	bool report;           /* the whole file in one thread: every bad line reported, duplicates in seen */
	bool failed;           /* a part: a bad line, a broken record, a stop or a failed write */
	bool thread;           /* it has a thread of its own to join */
	pthread_t tid;
	struct arena scratch;  /* one line's texts */
	struct seen_set seen;
	FILE *stage;           /* the good rows, checked, waiting for the lock */
	uint64_t stage_bytes;  /* its length */
	const char *map;       /* the stage file, in orgnr order, mapped for the write */
	struct staged *order;  /* its rows, sorted by orgnr once all are read */
	size_t n, cap;
	signed char kommun_ok[10000]; /* kommun_name's answer per code: 0 not asked, 1 yes, -1 no */
	/* sni_section's answer for a code of 2–5 digits (nearly every line has
	 * one; a lookup is a binary search), by sni_slot; NULL not asked. */
	const char **sni_memo;
};

#define ROW_PARAMS 11 /* of one row: see ROW */
#define INSERT_ROWS 64 /* rows of insert_many_sql */
/* The parameters of one row of a statement, looked up once (stmt_param):
 * a multi-row insert has INSERT_ROWS * ROW_PARAMS of them, and SQLite
 * finds a name by a scan of them all. */
struct row_params {
	struct stmt_param p[ROW_PARAMS];
};

/* The handles of the statements write_batch runs, looked up on first use:
 * the rows of insert_many_sql, and of the one-row statement (insert_sql
 * into an empty register, else upsert_sql) with its time and the upsert's
 * flags. */
struct write_params {
	const char *many_sql; /* insert_many_sql's */
	bool many_ready, one_ready;
	struct stmt_param many_now, one_now, has_address, has_postal_code, has_city;
	struct row_params many[INSERT_ROWS], one;
};

struct import {
	struct ctx *c;
	struct employer_import_result *out;
	const struct employer_import_options *opt;
	struct csv_import ci; /* the header's columns, the bad lines, the transaction */
	int today_y, today_m, today_d;
	struct part part[MAX_PARTS];
	int nparts;
	atomic_bool stop;     /* a part has failed: the others need not go on */
	struct staged *order; /* every staged row, in orgnr order, for the write */
	size_t norder;
	size_t next;          /* the next row of order to write */
	bool empty; /* the register was empty: all its indexes dropped, plain inserts */
	bool copying; /* PostgreSQL: the rows go by store_append (load_table_sql) */
	struct write_params params;
};

static const char sni_unknown[] = ""; /* in sni_memo: not a code */

/* The memo slot of a code of 2–5 digits, or -1. */
static long sni_slot(const char *v)
{
	static const long base[6] = {0, 0, 0, 100, 1100, 11100};
	long n = 0;
	size_t len = 0;
	for (; v[len]; len++) {
		if (v[len] < '0' || v[len] > '9' || len == 5) return -1;
		n = n * 10 + (v[len] - '0');
	}
	return len >= 2 ? base[len] + n : -1;
}
#define SNI_SLOTS 111100

/* The field of p's current line trimmed of spaces (csv_import_field). */
static const char *field(struct part *p, enum column k)
{
	return csv_import_field(&p->im->ci, &p->line, k);
}

/* The header's rules beyond known columns, each once (csv_import_header). */
static int check_header(struct import *im)
{
	struct csv_import *ci = &im->ci;
	static const enum column required[] = {COL_ORGNR, COL_NAME, COL_SNI, COL_MUNICIPALITY};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) csv_import_require(ci, required[i]);
	if (!csv_import_has(ci, COL_SIZE) && !csv_import_has(ci, COL_SCB_SIZE))
		csv_import_bad_line(ci, 1, "Rubrikraden saknar kolumnen size_class (eller scb_size_code med SCB:s koder 0–16).");
	if (csv_import_has(ci, COL_SIZE) && csv_import_has(ci, COL_SCB_SIZE))
		csv_import_bad_line(ci, 1, "Ange storleksklassen i en av kolumnerna size_class och scb_size_code, inte båda.");
	return csv_import_header_end(ci);
}

static bool text_ok(const char *v, size_t max)
{
	/* The reader has refused invalid UTF-8; no more bytes than max is no
	 * more characters either, and nearly every name is that short. */
	return strlen(v) <= max || utf8_length(v) <= max;
}

/* "12345" or "123 45" → "123 45"; NULL if it is neither. */
static const char *postal_code(struct arena *a, const char *v)
{
	char d[6];
	size_t n = 0;
	for (const char *p = v; *p; p++) {
		if (*p >= '0' && *p <= '9' && n < 5) d[n++] = *p;
		else if (!(*p == ' ' && n == 3 && p[1] != ' ')) return NULL;
	}
	if (n != 5) return NULL;
	return arena_printf(a, "%.3s %.2s", d, d + 3);
}

/* Checks every field of p's current line into r; false with its faults in
 * p->line. All of a line's faults go in one reason, so one pass shows
 * everything. Duplicates only when the part reports (p->report). */
static bool check_line(struct part *p, struct row *r)
{
	const struct import *im = p->im;
#define FAULT(...) csv_import_fault(&p->line, __VA_ARGS__)
	memset(r, 0, sizeof *r);

	const char *orgnr = field(p, COL_ORGNR);
	struct orgnr o;
	int oerr = orgnr ? orgnr_parse_at(orgnr, im->today_y, im->today_m, im->today_d, &o) : -1;
	if (!orgnr) {
		FAULT("orgnr: Ange organisationsnumret.");
	} else if (oerr != ORGNR_OK) {
		FAULT("orgnr: %s", orgnr_error_text(oerr)); /* never the number: it may be a personnummer */
	} else {
		memcpy(r->orgnr, o.normalized, sizeof r->orgnr);
		r->sole_trader = o.type == ORGNR_SOLE_TRADER;
		for (int i = 0; i < 10; i++) r->key = r->key * 10 + (uint64_t)(o.normalized[i] - '0');
		long first = p->report ? seen_check(&p->seen, r->key, p->line.number) : 0;
		if (first) FAULT("orgnr: Samma organisationsnummer som på rad %ld.", first);
	}

	r->name = field(p, COL_NAME);
	if (!r->name || !text_ok(r->name, 200)) {
		FAULT("name: Ange ett namn (högst 200 tecken).");
	} else {
		char *key = arena_strdup(&p->scratch, r->name);
		utf8_lower(key);
		r->name_key = key;
	}

	const char *sni = field(p, COL_SNI);
	long slot = sni ? sni_slot(sni) : -1;
	if (slot >= 0 && !p->sni_memo[slot]) {
		const char *section = sni_section(sni);
		p->sni_memo[slot] = section ? section : sni_unknown;
	}
	if (slot >= 0 && p->sni_memo[slot] != sni_unknown) { /* digits only: already normalized, below section level */
		r->sni_code = sni;
		r->sni_section = p->sni_memo[slot];
	} else if (sni) { /* as employer_create */
		char *code = arena_alloc(&p->scratch, SNI_CODE_SIZE);
		const char *why = employer_sni_check(sni, code);
		if (why) {
			FAULT("sni_code: %s", why);
		} else {
			r->sni_code = code;
			r->sni_section = sni_section(code);
		}
	}

	if (csv_import_has(&im->ci, COL_SIZE)) {
		const char *v = field(p, COL_SIZE);
		int i = v ? size_class_index(v) : -1;
		if (v && i < 0)
			FAULT("size_class: Ange en av storleksklasserna 0, 1-4, 5-9, 10-19, 20-49, 50-99, 100-199, "
			      "200-499 och 500+ (eller SCB:s koder i kolumnen scb_size_code).");
		else if (v)
			r->size_class = size_class_list[i];
	} else {
		const char *v = field(p, COL_SCB_SIZE);
		char *end = NULL;
		long code = v ? strtol(v, &end, 10) : 0;
		if (v && (*end || end == v || code < 0 || code > 16))
			FAULT("scb_size_code: Ange SCB:s storleksklass som en kod 0–16 (0 = uppgift saknas).");
		else if (v)
			r->size_class = size_class_from_scb((int)code); /* NULL for 0: unknown */
	}

	const char *kommun = field(p, COL_MUNICIPALITY);
	if (kommun) {
		/* kommun_name searches its list; remembered per code, as every line has one. */
		int idx = -1;
		if (strlen(kommun) == 4 && kommun[0] >= '0' && kommun[0] <= '9' && kommun[1] >= '0' && kommun[1] <= '9' &&
		    kommun[2] >= '0' && kommun[2] <= '9' && kommun[3] >= '0' && kommun[3] <= '9')
			idx = ((kommun[0] - '0') * 10 + kommun[1] - '0') * 100 + (kommun[2] - '0') * 10 + kommun[3] - '0';
		if (idx >= 0 && !p->kommun_ok[idx]) p->kommun_ok[idx] = kommun_name(kommun) ? 1 : -1;
		if (idx < 0 || p->kommun_ok[idx] < 0)
			FAULT("municipality_code: Ange en av de 290 kommunkoderna (fyra siffror, t.ex. 1488).");
		else
			r->municipality_code = kommun;
	}

	r->address = field(p, COL_ADDRESS);
	if (r->address && !text_ok(r->address, 200)) FAULT("address: Högst 200 tecken.");
	const char *pc = field(p, COL_POSTAL);
	if (pc && !(r->postal_code = postal_code(&p->scratch, pc))) FAULT("postal_code: Ange postnumret med fem siffror (123 45).");
	r->city = field(p, COL_CITY);
	if (r->city && !text_ok(r->city, 100)) FAULT("city: Högst 100 tecken.");
#undef FAULT
	return csv_import_line_ok(&p->line);
}

/* One row of values, its parameters named with suffix k: ROW() names them
 * :orgnr …, ROW(_7) :orgnr_7 …. The time is one parameter, :now. */
#define ROW(k)                                                                                                   \
	"(:now, :now, :orgnr" #k ", :sole_trader" #k ", :name" #k ", :name_key" #k ", :sni_code" #k ", :sni_section" #k \
	", :size_class" #k ", :municipality_code" #k ", :address" #k ", :postal_code" #k ", :city" #k ")"
/* The names in ROW, in bind_row's order. */
static const char *const row_param_names[ROW_PARAMS] = {
	"orgnr", "sole_trader", "name", "name_key", "sni_code", "sni_section",
	"size_class", "municipality_code", "address", "postal_code", "city"};

/* The columns every way of writing the rows writes, in ROW's order. */
#define EMPLOYER_COLS \
	"created_at, updated_at, orgnr, sole_trader, name, name_key, sni_code, sni_section, size_class," \
	" municipality_code, address, postal_code, city"
#define EMPLOYER_NCOLS 13

/* Upsert: a file without address columns leaves the addresses already in
 * the register as they are. An employer whose every field already equals
 * the file's is not written at all (the WHERE of DO UPDATE): a monthly
 * extract changes a few per cent of the register, and a row rewritten
 * unchanged still costs its table page and a delete and an insert in
 * each index — under the write lock that every user's write waits for.
 * name_key and sni_section follow name and sni_code. */
#define UPSERT_TAIL \
	" ON CONFLICT (orgnr) DO UPDATE SET sole_trader = excluded.sole_trader, name = excluded.name," \
	" name_key = excluded.name_key, sni_code = excluded.sni_code, sni_section = excluded.sni_section," \
	" size_class = excluded.size_class, municipality_code = excluded.municipality_code," \
	" address = CASE WHEN :has_address = 1 THEN excluded.address ELSE employers.address END," \
	" postal_code = CASE WHEN :has_postal_code = 1 THEN excluded.postal_code ELSE employers.postal_code END," \
	" city = CASE WHEN :has_city = 1 THEN excluded.city ELSE employers.city END," \
	" updated_at = excluded.updated_at" \
	" WHERE employers.sole_trader IS DISTINCT FROM excluded.sole_trader" \
	" OR employers.name IS DISTINCT FROM excluded.name OR employers.sni_code IS DISTINCT FROM excluded.sni_code" \
	" OR employers.size_class IS DISTINCT FROM excluded.size_class" \
	" OR employers.municipality_code IS DISTINCT FROM excluded.municipality_code" \
	" OR (:has_address = 1 AND employers.address IS DISTINCT FROM excluded.address)" \
	" OR (:has_postal_code = 1 AND employers.postal_code IS DISTINCT FROM excluded.postal_code)" \
	" OR (:has_city = 1 AND employers.city IS DISTINCT FROM excluded.city)"
static const char upsert_sql[] = "INSERT INTO employers (" EMPLOYER_COLS ") VALUES " ROW() UPSERT_TAIL;

/* On PostgreSQL the rows go by COPY (store_append_*), as psql's \copy sends
 * them: straight into an empty register, else into a temporary table that
 * one upsert then merges into the register as upsert_sql does row by row. */
static const char load_table_sql[] =
	"CREATE TEMPORARY TABLE employers_load ON COMMIT DROP AS SELECT " EMPLOYER_COLS " FROM employers WITH NO DATA";
static const char merge_sql[] =
	"INSERT INTO employers (" EMPLOYER_COLS ") SELECT " EMPLOYER_COLS " FROM employers_load ORDER BY orgnr" UPSERT_TAIL;

/* Into an empty register (its orgnr index dropped for the load) the file
 * has no number twice: plain inserts, INSERT_ROWS rows a statement (one
 * statement run per row cost about as much as SQLite's own work; 64 rows
 * instead of 16 took a fifth off the load). The time is bound once, as
 * :now. */
#define INSERT_COLS "INSERT INTO employers (" EMPLOYER_COLS ") VALUES "
static const char insert_sql[] = INSERT_COLS ROW();

/* INSERT_COLS and INSERT_ROWS rows ROW(_0) … ROW(_63), written out once per
 * import: as one literal it would be 12 000 characters, three times what C
 * promises a string literal may hold (-Wpedantic). */
static const char *insert_many_sql(struct arena *a)
{
	static const char row[] = ROW(@); /* @: where each row's suffix goes */
	size_t cap = sizeof INSERT_COLS + INSERT_ROWS * (sizeof row + ROW_PARAMS * 3 + 2), len = 0;
	char *sql = arena_alloc(a, cap);
	memcpy(sql, INSERT_COLS, sizeof INSERT_COLS - 1);
	len = sizeof INSERT_COLS - 1;
	for (int j = 0; j < INSERT_ROWS; j++) {
		char suffix[8];
		int n = snprintf(suffix, sizeof suffix, "_%d", j);
		if (j) sql[len++] = ',', sql[len++] = ' ';
		for (const char *c = row; *c; c++) {
			if (*c != '@') sql[len++] = *c;
			else memcpy(sql + len, suffix, (size_t)n), len += (size_t)n;
		}
	}
	sql[len] = 0;
	return sql;
}

/* Looks up the parameters of the row whose names end in suffix. */
static void row_params(struct stmt *s, const char *suffix, struct row_params *out)
{
	for (int k = 0; k < ROW_PARAMS; k++) {
		char name[48];
		snprintf(name, sizeof name, ":%s%s", row_param_names[k], suffix);
		out->p[k] = stmt_param(s, name);
	}
}

static void bind_row(struct stmt *s, const struct row_params *p, const struct row *r)
{
	stmt_bind_text_ref_p(s, p->p[0], r->orgnr);
	stmt_bind_int_p(s, p->p[1], r->sole_trader);
	stmt_bind_text_ref_p(s, p->p[2], r->name);
	stmt_bind_text_ref_p(s, p->p[3], r->name_key);
	stmt_bind_text_ref_p(s, p->p[4], r->sni_code);
	stmt_bind_text_ref_p(s, p->p[5], r->sni_section);
	stmt_bind_text_ref_p(s, p->p[6], r->size_class);
	stmt_bind_text_ref_p(s, p->p[7], r->municipality_code);
	stmt_bind_text_ref_p(s, p->p[8], r->address);
	stmt_bind_text_ref_p(s, p->p[9], r->postal_code);
	stmt_bind_text_ref_p(s, p->p[10], r->city);
}

/* Writes rows[0..n): 0, or ERR_INTERNAL when the database failed. */
static int write_batch(struct import *im, const struct row *rows, size_t n, const char *now)
{
	struct store *db = im->c->db;
	struct write_params *wp = &im->params;
	size_t i = 0;
	if (im->copying) {
		for (; i < n; i++) {
			const struct row *r = &rows[i];
			const char *v[EMPLOYER_NCOLS] = {now, now, r->orgnr, r->sole_trader ? "1" : "0", r->name, r->name_key,
							 r->sni_code, r->sni_section, r->size_class, r->municipality_code,
							 r->address, r->postal_code, r->city};
			if (store_append_row(db, v) != STORE_DONE) return ERR_INTERNAL;
		}
		return 0;
	}
	if (im->empty) {
		for (; i + INSERT_ROWS <= n; i += INSERT_ROWS) {
			if (!wp->many_sql) wp->many_sql = insert_many_sql(im->c->arena);
			struct stmt *s = store_prepare(db, wp->many_sql);
			if (!wp->many_ready) {
				wp->many_now = stmt_param(s, ":now");
				for (int j = 0; j < INSERT_ROWS; j++) {
					char suffix[8];
					snprintf(suffix, sizeof suffix, "_%d", j);
					row_params(s, suffix, &wp->many[j]);
				}
				wp->many_ready = true;
			}
			stmt_bind_text_ref_p(s, wp->many_now, now);
			for (int j = 0; j < INSERT_ROWS; j++) bind_row(s, &wp->many[j], &rows[i + (size_t)j]);
			if (stmt_exec(s) != STORE_DONE) return ERR_INTERNAL;
		}
	}
	for (; i < n; i++) {
		struct stmt *s = store_prepare(db, im->empty ? insert_sql : upsert_sql);
		if (!wp->one_ready) {
			wp->one_now = stmt_param(s, ":now");
			row_params(s, "", &wp->one);
			if (!im->empty) {
				wp->has_address = stmt_param(s, ":has_address");
				wp->has_postal_code = stmt_param(s, ":has_postal_code");
				wp->has_city = stmt_param(s, ":has_city");
			}
			wp->one_ready = true;
		}
		stmt_bind_text_ref_p(s, wp->one_now, now);
		bind_row(s, &wp->one, &rows[i]);
		if (!im->empty) {
			stmt_bind_int_p(s, wp->has_address, csv_import_has(&im->ci, COL_ADDRESS));
			stmt_bind_int_p(s, wp->has_postal_code, csv_import_has(&im->ci, COL_POSTAL));
			stmt_bind_int_p(s, wp->has_city, csv_import_has(&im->ci, COL_CITY));
		}
		if (stmt_exec(s) != STORE_DONE) return ERR_INTERNAL;
	}
	return 0;
}

static int64_t count_employers(struct store *db)
{
	struct stmt *s = store_prepare(db, "SELECT COUNT(*) FROM employers");
	int64_t n;
	return stmt_scalar(s, &n) == STORE_ROW ? n : -1;
}

bool employer_import_allowed(const struct actor *a)
{
	return actor_has(a, ROLE_ADMIN) || actor_has(a, ROLE_KANSLI);
}

/* ---- the staged rows ---- */

/* A row in the stage file: its length (4 bytes), then orgnr (11 bytes
 * with its NUL), sole_trader (1), a bit per text field that is present
 * (2), and each present text with its NUL. Read back through a map of
 * the file, the texts are used where they lie. */
#define ROW_TEXTS 9

static const char **row_text(struct row *r, int i)
{
	const char **t[ROW_TEXTS] = {&r->name, &r->name_key, &r->sni_code, &r->sni_section, &r->size_class,
				     &r->municipality_code, &r->address, &r->postal_code, &r->city};
	return t[i];
}

static bool stage_row(struct part *p, struct row *r)
{
	char buf[8192]; /* the checks keep a row's texts under 3 kB */
	size_t n = 4;
	memcpy(buf + n, r->orgnr, 11), n += 11;
	buf[n++] = (char)r->sole_trader;
	uint16_t present = 0;
	size_t mask_at = n;
	n += 2;
	for (int i = 0; i < ROW_TEXTS; i++) {
		const char *t = *row_text(r, i);
		if (!t) continue;
		size_t len = strlen(t) + 1;
		if (n + len > sizeof buf) return false;
		present |= (uint16_t)(1u << i);
		memcpy(buf + n, t, len), n += len;
	}
	memcpy(buf + mask_at, &present, 2);
	uint32_t len = (uint32_t)n;
	memcpy(buf, &len, 4);
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 1 << 14;
		p->order = xrealloc(p->order, p->cap * sizeof *p->order);
	}
	p->order[p->n++] = (struct staged){r->key, p->stage_bytes};
	p->stage_bytes += n;
	return fwrite(buf, 1, n, p->stage) == n;
}

/* Sorts a[0..n) by key (< 10^10 < 2^36): four passes of a radix sort on
 * 9 bits each, through a copy. qsort took a tenth of the check. */
static void sort_staged(struct staged *a, size_t n)
{
	struct staged *tmp = xmalloc((n ? n : 1) * sizeof *tmp), *from = a, *to = tmp;
	for (int shift = 0; shift < 36; shift += 9) {
		size_t count[513] = {0};
		for (size_t i = 0; i < n; i++) count[((from[i].key >> shift) & 511) + 1]++;
		for (int d = 0; d < 512; d++) count[d + 1] += count[d];
		for (size_t i = 0; i < n; i++) to[count[(from[i].key >> shift) & 511]++] = from[i];
		struct staged *t = from;
		from = to, to = t;
	}
	free(tmp); /* an even number of passes: the sorted rows are in a */
}

/* Puts p's staged rows in orgnr order: an index on orgnr then takes them
 * as appends, and an upsert looks them up in index order. The order is
 * sorted, and the rows are copied in it into a new temp file, which takes
 * the stage's place and is mapped for the write: under the lock the rows
 * are then read front to back. Read in orgnr order from all over the
 * file each was a cache and TLB miss, about a quarter of the load's time;
 * the copy, here in the part's thread before the lock, costs less than a
 * third of that. */
static bool stage_sort(struct part *p)
{
	if (fflush(p->stage) != 0) return false;
	sort_staged(p->order, p->n);
	if (!p->stage_bytes) return true;
	const char *in = mmap(NULL, p->stage_bytes, PROT_READ, MAP_PRIVATE, fileno(p->stage), 0);
	FILE *out = in == MAP_FAILED ? NULL : tmpfile();
	bool ok = out && setvbuf(out, NULL, _IOFBF, 1 << 20) == 0;
	uint64_t at = 0;
	for (size_t i = 0; ok && i < p->n; i++) {
		const char *rec = in + p->order[i].at;
		uint32_t len;
		memcpy(&len, rec, 4);
		ok = fwrite(rec, 1, len, out) == len;
		p->order[i].at = at;
		at += len;
	}
	if (in != MAP_FAILED) munmap((void *)in, p->stage_bytes);
	fclose(p->stage);
	p->stage = out;
	void *m = ok && fflush(out) == 0 ? mmap(NULL, p->stage_bytes, PROT_READ, MAP_PRIVATE, fileno(out), 0) : MAP_FAILED;
	if (m == MAP_FAILED) return false;
	p->map = m;
	return true;
}

/* The parts' sorted rows merged into im->order, each marked with its
 * part; false when a number is in the file twice (two equal neighbours). */
static bool merge_parts(struct import *im)
{
	size_t total = 0, at[MAX_PARTS] = {0};
	for (int i = 0; i < im->nparts; i++) total += im->part[i].n;
	im->order = xmalloc((total ? total : 1) * sizeof *im->order);
	for (size_t k = 0; k < total; k++) {
		int best = -1;
		for (int i = 0; i < im->nparts; i++)
			if (at[i] < im->part[i].n &&
			    (best < 0 || im->part[i].order[at[i]].key < im->part[best].order[at[best]].key))
				best = i;
		struct staged s = im->part[best].order[at[best]++];
		if (k && s.key == im->order[k - 1].key) return false;
		im->order[k] = (struct staged){s.key, s.at | (uint64_t)best << (64 - AT_PART_BITS)};
		im->norder = k + 1;
	}
	return true;
}

/* Where the staged row i of im->order lies. */
static const char *staged_row(const struct import *im, size_t i)
{
	uint64_t at = im->order[i].at;
	return im->part[AT_PART(at)].map + AT_OFFSET(at);
}

/* The next staged rows, in orgnr order, into b (their texts where they lie
 * in the mapped files); false at the end. */
static bool unstage_batch(struct import *im, struct batch *b)
{
	b->n = 0;
	for (; b->n < BATCH_ROWS && im->next < im->norder; im->next++) {
		const char *rec = staged_row(im, im->next) + 4;
		struct row *r = &b->rows[b->n++];
		memcpy(r->orgnr, rec, 11);
		r->sole_trader = rec[11] != 0;
		uint16_t present;
		memcpy(&present, rec + 12, 2);
		const char *p = rec + 14;
		for (int i = 0; i < ROW_TEXTS; i++) {
			if (present & (1u << i)) {
				*row_text(r, i) = p;
				p += strlen(p) + 1;
			} else {
				*row_text(r, i) = NULL;
			}
		}
	}
	return b->n > 0;
}

/* ---- checking, without any lock ---- */

static void part_init(struct part *p, struct import *im, struct csv_reader *csv, bool report)
{
	p->im = im;
	p->report = report;
	arena_init(&p->scratch, 4096);
	csv_import_line_init(&p->line, csv, &p->scratch);
	p->sni_memo = xcalloc(SNI_SLOTS, sizeof *p->sni_memo);
	p->stage = tmpfile();
	if (p->stage) setvbuf(p->stage, NULL, _IOFBF, 1 << 20); /* not stdio's 4 KiB: a write call every 50 rows */
}

static void part_free(struct part *p)
{
	arena_free(&p->scratch);
	csv_import_line_free(&p->line);
	free(p->seen.slots);
	free(p->sni_memo);
	if (p->map) munmap((void *)p->map, p->stage_bytes);
	if (p->stage) fclose(p->stage);
	free(p->order);
	memset(p, 0, sizeof *p);
}

/* Reads and checks the lines of p. One that reports (the whole file)
 * stages the good lines while no line has been bad, reports every bad one
 * and after the first only checks the rest; it returns 0, or a negative
 * ERR_* from the reader (e set) or ERR_INTERNAL when the stage file cannot
 * be written. A part stops at its first bad line, or when another part
 * has failed, and says so in p->failed. */
static int check_lines(struct part *p, struct err *e)
{
	struct import *im = p->im;
	int rc;
	while ((rc = csv_import_next(&im->ci, &p->line, e)) > 0) {
		long line = p->line.number;
		if (!p->report && atomic_load_explicit(&im->stop, memory_order_relaxed)) break;
		if (p->report && line > MAX_LINE) {
			csv_import_bad_line(&im->ci, line, "Filen är för lång.");
			break;
		}
		arena_reset(&p->scratch);
		struct row r;
		bool ok = csv_import_line_ok(&p->line) && check_line(p, &r);
		if (!ok && p->report) {
			csv_import_line_end(&im->ci, &p->line);
		} else if (!ok) {
			break;
		} else if (!(p->report && im->ci.bad_lines) && !stage_row(p, &r)) {
			if (p->report) return err_set(e, ERR_INTERNAL, "Kunde inte mellanlagra importen i en temporär fil.");
			break;
		}
	}
	if (!p->report && rc != 0) { /* stopped early, or the reader failed */
		p->failed = true;
		atomic_store(&im->stop, true);
		err_clear(e);
		return 0;
	}
	return rc < 0 ? rc : 0;
}

/* A part's thread: check, stage and sort its lines. */
static void *check_part(void *arg)
{
	struct part *p = arg;
	struct err e;
	err_clear(&e);
	check_lines(p, &e);
	if (!p->failed && !stage_sort(p)) {
		p->failed = true;
		atomic_store(&p->im->stop, true);
	}
	return NULL;
}

/* Checks the data lines after the header in parts side by side when csv's
 * input can be mapped and is large enough: true when every part was good
 * and the file has no number twice, the rows then in im->order. Otherwise
 * false, having left nothing behind: the file is to be checked in one go. */
static bool check_parts(struct import *im, struct csv_reader *csv)
{
	size_t len, from;
	const char *in = csv_input(csv, &len, &from);
	size_t part_bytes = im->opt && im->opt->part_bytes ? im->opt->part_bytes : PART_BYTES;
	if (!in || len - from < 2 * part_bytes) return false;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t most = cpus >= MAX_PARTS ? MAX_PARTS : cpus > 2 ? (size_t)cpus : 2;
	size_t n = (len - from) / part_bytes;
	if (n > most) n = most;
	im->nparts = (int)n;
	/* Cut after a line break near each n-th of the data. Any line break
	 * will do: one inside a quoted field fails the part before it. */
	size_t cut[MAX_PARTS + 1] = {from};
	for (size_t i = 1; i < n; i++) {
		size_t at = from + (len - from) / n * i;
		if (at < cut[i - 1]) at = cut[i - 1];
		const char *nl = memchr(in + at, '\n', len - at);
		cut[i] = nl ? (size_t)(nl - in) + 1 : len;
	}
	cut[n] = len;
	for (size_t i = 0; i < n; i++) {
		struct part *p = &im->part[i];
		part_init(p, im, csv_open_part(csv, cut[i], cut[i + 1]), false);
		if (!p->stage) p->failed = true;
	}
	/* The first part on this thread, the others on their own. */
	for (size_t i = 1; i < n; i++) {
		struct part *p = &im->part[i];
		if (!p->failed) p->thread = pthread_create(&p->tid, NULL, check_part, p) == 0;
		if (!p->thread) p->failed = true, atomic_store(&im->stop, true);
	}
	if (!im->part[0].failed) check_part(&im->part[0]);
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		struct part *p = &im->part[i];
		if (p->thread) pthread_join(p->tid, NULL);
		ok = ok && !p->failed;
		im->out->rows += p->line.read;
	}
	ok = ok && merge_parts(im);
	if (!ok) {
		for (size_t i = 0; i < n; i++) {
			csv_close(im->part[i].line.csv);
			part_free(&im->part[i]);
		}
		free(im->order);
		im->order = NULL;
		im->norder = 0;
		im->out->rows = 0;
		im->nparts = 0;
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		csv_close(im->part[i].line.csv);
		im->part[i].line.csv = NULL;
		free(im->part[i].order); /* merged into im->order */
		im->part[i].order = NULL;
	}
	return true;
}

/* Checks the data lines in one go with csv, reporting every bad one: 0,
 * or a negative ERR_* (c->err set). Its rows then in im->order. */
static int check_whole(struct import *im, struct csv_reader *csv)
{
	struct part *p = &im->part[0];
	im->nparts = 1;
	part_init(p, im, csv, true);
	if (!p->stage) return err_set(&im->c->err, ERR_INTERNAL, "Kunde inte skapa en temporär fil för importen.");
	int rc = check_lines(p, &im->c->err);
	im->out->rows = p->line.read;
	if (rc == 0 && !im->ci.bad_lines) {
		if (!stage_sort(p))
			return err_set(&im->c->err, ERR_INTERNAL, "Kunde inte läsa tillbaka importens temporära fil.");
		im->order = p->order;
		im->norder = p->n;
		p->order = NULL;
	}
	return rc;
}

/* ---- writing, under the lock ---- */

static void finish(struct import *im)
{
	for (int i = 0; i < im->nparts; i++) part_free(&im->part[i]);
	free(im->order);
}

/* The rows copied into employers_load merged into the register: 0, or
 * ERR_INTERNAL. */
static int merge_load(struct import *im)
{
	struct stmt *s = store_prepare(im->c->db, merge_sql);
	stmt_bind_int(s, ":has_address", csv_import_has(&im->ci, COL_ADDRESS));
	stmt_bind_int(s, ":has_postal_code", csv_import_has(&im->ci, COL_POSTAL));
	stmt_bind_int(s, ":has_city", csv_import_has(&im->ci, COL_CITY));
	return stmt_exec(s) == STORE_DONE ? 0 : ERR_INTERNAL;
}

/* Writes the staged rows: 0, or ERR_INTERNAL. Past bulk_rows rows into a
 * smaller register, the indexes but orgnr's are dropped; the batch is
 * split where the count is hit. */
static int write_rows(struct import *im, int64_t before, int64_t bulk_rows, const char *now)
{
	struct store *db = im->c->db;
	if (store_is_server(db)) {
		if (!im->empty && stmt_exec(store_prepare(db, load_table_sql)) != STORE_DONE) return ERR_INTERNAL;
		if (store_append_begin(db, im->empty ? "employers" : "employers_load", EMPLOYER_COLS, EMPLOYER_NCOLS) != STORE_DONE)
			return ERR_INTERNAL;
		im->copying = true;
	}
	struct batch *b = xcalloc(1, sizeof *b);
	int64_t written = 0;
	bool ok = true;
	while (ok && unstage_batch(im, b)) {
		size_t split = 0;
		if (!im->empty && before < bulk_rows && written < bulk_rows && written + (int64_t)b->n >= bulk_rows) {
			split = (size_t)(bulk_rows - written);
			ok = write_batch(im, b->rows, split, now) == 0 &&
			     store_bulk_begin(im->c->db, "employers", true) == STORE_DONE;
		}
		ok = ok && write_batch(im, b->rows + split, b->n - split, now) == 0;
		written += (int64_t)b->n;
	}
	free(b);
	if (im->copying) ok = store_append_end(im->c->db, ok) == STORE_DONE && ok && (im->empty || merge_load(im) == 0);
	return ok && written == (int64_t)im->norder ? 0 : ERR_INTERNAL;
}

/* ctx_store_failed with SQLite's reason after what (a trigger's, a full disk). */
static int db_failed(struct ctx *c, const char *what)
{
	char msg[240];
	snprintf(msg, sizeof msg, "%s: %s", what, store_errmsg(c->db));
	return ctx_store_failed(c, msg);
}

/* Takes the lock and writes the staged rows, all or nothing. */
static int write_all(struct import *im, const char *now)
{
	struct ctx *c = im->c;
	struct employer_import_result *out = im->out;
	bool exclusive = store_load_begin(c->db);
	int rc = 0;
	double t0 = clock_monotonic_ms();
	if (csv_import_begin(&im->ci) != 0) {
		rc = c->err.code;
		out->wait_ms = clock_monotonic_ms() - t0;
		goto done;
	}
	double t_locked = clock_monotonic_ms();
	out->wait_ms = t_locked - t0;
	int64_t before = count_employers(c->db);
	int64_t bulk_rows = im->opt && im->opt->bulk_rows > 0 ? im->opt->bulk_rows : BULK_ROWS;
	/* An empty register loads with only its orgnr index, which the rows,
	 * in orgnr order, fill as appends; the others are built after. */
	im->empty = before == 0;
	if (before < 0) {
		rc = db_failed(c, "Kunde inte läsa registret");
	} else if (store_bulk_begin(c->db, im->empty ? "employers" : NULL, true) != STORE_DONE) {
		rc = db_failed(c, "Kunde inte förbereda importen");
	} else if (write_rows(im, before, bulk_rows, now) != 0) {
		rc = db_failed(c, "Kunde inte spara importen");
	} else if (store_bulk_end(c->db, true) != STORE_DONE) {
		rc = db_failed(c, "Kunde inte bygga om registrets index");
	} else {
		int64_t after = count_employers(c->db);
		out->created = after - before;
		out->updated = out->rows - out->created;
		char detail[128];
		snprintf(detail, sizeof detail, "rows %lld, created %lld, updated %lld", (long long)out->rows,
			 (long long)out->created, (long long)out->updated);
		rc = csv_import_commit(&im->ci, after >= 0, "employer", detail);
	}
	if (rc != 0) {
		csv_import_rollback(&im->ci);
		store_bulk_end(c->db, false); /* the rollback has brought dropped indexes back */
	}
	out->locked_ms = clock_monotonic_ms() - t_locked;
done:
	if (exclusive) store_load_end(c->db);
	return rc;
}

int employer_import(struct ctx *c, struct csv_reader *csv, const struct employer_import_options *opt,
		    struct employer_import_result *out)
{
	memset(out, 0, sizeof *out);
	if (!employer_import_allowed(c->actor))
		return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer och kansliet får importera arbetsgivare.");
	struct import *im = xcalloc(1, sizeof *im); /* not c->arena: the caches are about 1 MB a part */
	im->c = c;
	im->out = out;
	im->opt = opt;
	csv_import_init(&im->ci, c, column_names, COL_COUNT);
	if (opt) im->ci.on_error = opt->on_error, im->ci.arg = opt->arg;
	char today[11];
	clock_today(today);
	sscanf(today, "%d-%d-%d", &im->today_y, &im->today_m, &im->today_d);
	char now[21];
	clock_format_rfc3339(clock_now(), now);

	double t0 = clock_monotonic_ms();
	int rc = csv_import_header(&im->ci, csv);
	if (rc == 0) rc = check_header(im);
	if (rc == 0) {
		if (check_parts(im, csv)) {
			out->check_threads = im->nparts;
		} else {
			rc = check_whole(im, csv);
			out->check_threads = 1;
		}
	}
	rc = csv_import_end(&im->ci, csv, rc, out->rows);
	out->errors = im->ci.errors;
	out->nerrors = im->ci.nerrors;
	out->bad_lines = im->ci.bad_lines;
	out->check_ms = clock_monotonic_ms() - t0;
	if (rc == 0) rc = write_all(im, now);
	if (rc != 0) out->created = out->updated = 0;
	finish(im);
	free(im);
	return rc;
}
