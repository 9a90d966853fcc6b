/* employer_import.c — a company register extract into the employer register
 * (employer_import.h). One pass over the file: each line is checked in C
 * first (a bad line never reaches the database), a good one is upserted by
 * orgnr; at the end any bad line at all rolls the one transaction back.
 * Memory stays bounded at any size: per-line values live in a scratch arena
 * reset for every line, and duplicates within the file are found with an
 * open-addressing set of 8-byte entries (about 16 MB at 1.2 million rows). */
#include "employer_import.h"
#include "audit.h"
#include "../base/clock.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "../se/kommun.h"
#include "../se/orgnr.h"
#include "../se/sni.h"
#include "../se/size_class.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum column {
	COL_ORGNR, COL_NAME, COL_SNI, COL_SIZE, COL_SCB_SIZE, COL_MUNICIPALITY, COL_ADDRESS, COL_POSTAL, COL_CITY,
	COL_COUNT
};

static const char *const column_names[COL_COUNT] = {
	[COL_ORGNR] = "orgnr",
	[COL_NAME] = "name",
	[COL_SNI] = "sni_code",
	[COL_SIZE] = "size_class",
	[COL_SCB_SIZE] = "scb_size_code",
	[COL_MUNICIPALITY] = "municipality_code",
	[COL_ADDRESS] = "address",
	[COL_POSTAL] = "postal_code",
	[COL_CITY] = "city",
};

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

struct import {
	struct ctx *c;
	struct employer_import_result *out;
	const struct employer_import_options *opt;
	int col[COL_COUNT];
	size_t nheader;
	struct arena row; /* scratch of one line */
	struct seen_set seen;
	int today_y, today_m, today_d;
	signed char kommun_ok[10000]; /* kommun_name's answer per code: 0 not asked, 1 yes, -1 no */
};

static void add_error(struct import *im, long line, const char *reason)
{
	struct employer_import_result *o = im->out;
	o->bad_lines++;
	if (im->opt && im->opt->on_error) im->opt->on_error(line, reason, im->opt->arg);
	if (o->nerrors > EMPLOYER_IMPORT_MAX_ERRORS) return;
	if (!o->errors) o->errors = arena_alloc(im->c->arena, (EMPLOYER_IMPORT_MAX_ERRORS + 1) * sizeof *o->errors);
	if (o->nerrors < EMPLOYER_IMPORT_MAX_ERRORS) {
		o->errors[o->nerrors].line = line;
		o->errors[o->nerrors].reason = arena_strdup(im->c->arena, reason);
		o->nerrors++;
	} else { /* the summary entry: at the first line not listed, its count kept up to date at the end */
		o->errors[o->nerrors].line = line;
		o->errors[o->nerrors].reason = NULL;
		o->nerrors++;
	}
}

static void add_errorf(struct import *im, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add_errorf(struct import *im, long line, const char *fmt, ...)
{
	char reason[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	add_error(im, line, reason);
}

/* The field trimmed of spaces, in the row arena; NULL when absent or empty. */
static char *field(struct import *im, struct csv_reader *csv, enum column k)
{
	if (im->col[k] < 0) return NULL;
	const char *v = csv_field(csv, (size_t)im->col[k]);
	size_t n = csv_field_len(csv, (size_t)im->col[k]);
	while (n && (*v == ' ' || *v == '\t')) v++, n--;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) n--;
	return n ? arena_strndup(&im->row, v, n) : NULL;
}

static int read_header(struct import *im, struct csv_reader *csv)
{
	struct err *e = &im->c->err;
	int rc = csv_next(csv, e);
	if (rc < 0) return rc;
	if (rc == 0) {
		add_error(im, 1, "Filen är tom: den ska börja med en rubrikrad.");
		return ERR_INVALID;
	}
	for (int k = 0; k < COL_COUNT; k++) im->col[k] = -1;
	im->nheader = csv_nfields(csv);
	for (size_t i = 0; i < im->nheader; i++) {
		const char *name = csv_field(csv, i);
		int found = -1;
		for (int k = 0; k < COL_COUNT; k++)
			if (strcmp(name, column_names[k]) == 0) found = k;
		if (found < 0)
			add_errorf(im, 1, "Okänd kolumn \"%.80s\".", name);
		else if (im->col[found] >= 0)
			add_errorf(im, 1, "Kolumnen %s finns två gånger.", name);
		else
			im->col[found] = (int)i;
	}
	static const enum column required[] = {COL_ORGNR, COL_NAME, COL_SNI, COL_MUNICIPALITY};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (im->col[required[i]] < 0) add_errorf(im, 1, "Rubrikraden saknar kolumnen %s.", column_names[required[i]]);
	if (im->col[COL_SIZE] < 0 && im->col[COL_SCB_SIZE] < 0)
		add_error(im, 1, "Rubrikraden saknar kolumnen size_class (eller scb_size_code med SCB:s koder 0–16).");
	if (im->col[COL_SIZE] >= 0 && im->col[COL_SCB_SIZE] >= 0)
		add_error(im, 1, "Ange storleksklassen i en av kolumnerna size_class och scb_size_code, inte båda.");
	return im->out->bad_lines ? ERR_INVALID : 0;
}

/* One good line, ready for the database (pointers into the row arena or
 * static tables). */
struct row {
	char orgnr[11];
	bool sole_trader;
	const char *name, *name_key, *sni_code, *sni_section, *size_class, *municipality_code;
	const char *address, *postal_code, *city;
};

static bool text_ok(const char *v, size_t max)
{
	return utf8_length(v) <= max; /* the reader has refused invalid UTF-8 */
}

/* "12345" or "123 45" → "123 45"; NULL if it is neither. */
static const char *postal_code(struct import *im, const char *v)
{
	char d[6];
	size_t n = 0;
	for (const char *p = v; *p; p++) {
		if (*p >= '0' && *p <= '9' && n < 5) d[n++] = *p;
		else if (!(*p == ' ' && n == 3 && p[1] != ' ')) return NULL;
	}
	if (n != 5) return NULL;
	return arena_printf(&im->row, "%.3s %.2s", d, d + 3);
}

/* The faults of one line, joined into one reason. */
struct faults {
	char text[600];
	size_t len;
};

static void fault(struct faults *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fault(struct faults *f, const char *fmt, ...)
{
	if (f->len + 2 >= sizeof f->text) return;
	if (f->len) f->text[f->len++] = ' ';
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(f->text + f->len, sizeof f->text - f->len, fmt, ap);
	va_end(ap);
	if (n > 0) f->len = f->len + (size_t)n < sizeof f->text ? f->len + (size_t)n : sizeof f->text - 1;
}

/* Checks every field of the current line; false after reporting it. All
 * of a line's faults go in one reason, so one pass shows everything. */
static bool check_line(struct import *im, struct csv_reader *csv, long line, struct row *r)
{
	struct faults f = {.len = 0};
#define FAULT(...) fault(&f, __VA_ARGS__)
	memset(r, 0, sizeof *r);

	const char *orgnr = field(im, csv, COL_ORGNR);
	struct orgnr o;
	int oerr = orgnr ? orgnr_parse_at(orgnr, im->today_y, im->today_m, im->today_d, &o) : -1;
	if (!orgnr) {
		FAULT("orgnr: Ange organisationsnumret.");
	} else if (oerr != ORGNR_OK) {
		FAULT("orgnr: %s", orgnr_error_text(oerr)); /* never the number: it may be a personnummer */
	} else {
		memcpy(r->orgnr, o.normalized, sizeof r->orgnr);
		r->sole_trader = o.type == ORGNR_SOLE_TRADER;
		long first = seen_check(&im->seen, strtoull(o.normalized, NULL, 10), line);
		if (first) FAULT("orgnr: Samma organisationsnummer som på rad %ld.", first);
	}

	r->name = field(im, csv, COL_NAME);
	if (!r->name || !text_ok(r->name, 200)) {
		FAULT("name: Ange ett namn (högst 200 tecken).");
	} else {
		char *key = arena_strdup(&im->row, r->name);
		utf8_lower(key);
		r->name_key = key;
	}

	const char *sni = field(im, csv, COL_SNI);
	if (sni) {
		const char *msg = sni_error_text(sni);
		if (msg) {
			FAULT("sni_code: %s", msg);
		} else if (sni_level(sni) == SNI_SECTION) { /* as employer_create: the section is derived */
			FAULT("sni_code: Ange en SNI-kod med siffror (2–5 siffror, t.ex. 25620).");
		} else {
			char *code = arena_alloc(&im->row, SNI_CODE_SIZE);
			sni_normalize(sni, code);
			r->sni_code = code;
			r->sni_section = sni_section(code);
		}
	}

	if (im->col[COL_SIZE] >= 0) {
		const char *v = field(im, csv, COL_SIZE);
		int i = v ? size_class_index(v) : -1;
		if (v && i < 0)
			FAULT("size_class: Ange en av storleksklasserna 0, 1-4, 5-9, 10-19, 20-49, 50-99, 100-199, "
			      "200-499 och 500+ (eller SCB:s koder i kolumnen scb_size_code).");
		else if (v)
			r->size_class = size_class_list[i];
	} else {
		const char *v = field(im, csv, COL_SCB_SIZE);
		char *end = NULL;
		long code = v ? strtol(v, &end, 10) : 0;
		if (v && (*end || end == v || code < 0 || code > 16))
			FAULT("scb_size_code: Ange SCB:s storleksklass som en kod 0–16 (0 = uppgift saknas).");
		else if (v)
			r->size_class = size_class_from_scb((int)code); /* NULL for 0: unknown */
	}

	const char *kommun = field(im, csv, COL_MUNICIPALITY);
	if (kommun) {
		/* kommun_name searches its list; remembered per code, as every line has one. */
		int idx = -1;
		if (strlen(kommun) == 4 && kommun[0] >= '0' && kommun[0] <= '9' && kommun[1] >= '0' && kommun[1] <= '9' &&
		    kommun[2] >= '0' && kommun[2] <= '9' && kommun[3] >= '0' && kommun[3] <= '9')
			idx = atoi(kommun);
		if (idx >= 0 && !im->kommun_ok[idx]) im->kommun_ok[idx] = kommun_name(kommun) ? 1 : -1;
		if (idx < 0 || im->kommun_ok[idx] < 0)
			FAULT("municipality_code: Ange en av de 290 kommunkoderna (fyra siffror, t.ex. 1488).");
		else
			r->municipality_code = kommun;
	}

	r->address = field(im, csv, COL_ADDRESS);
	if (r->address && !text_ok(r->address, 200)) FAULT("address: Högst 200 tecken.");
	const char *pc = field(im, csv, COL_POSTAL);
	if (pc && !(r->postal_code = postal_code(im, pc))) FAULT("postal_code: Ange postnumret med fem siffror (123 45).");
	r->city = field(im, csv, COL_CITY);
	if (r->city && !text_ok(r->city, 100)) FAULT("city: Högst 100 tecken.");
#undef FAULT
	if (f.len) add_error(im, line, f.text);
	return f.len == 0;
}

/* Upsert: a file without address columns leaves the addresses already in
 * the register as they are. */
static const char upsert_sql[] =
	"INSERT INTO employers (orgnr, sole_trader, name, name_key, sni_code, sni_section, size_class,"
	" municipality_code, address, postal_code, city, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	" ON CONFLICT (orgnr) DO UPDATE SET sole_trader = excluded.sole_trader, name = excluded.name,"
	" name_key = excluded.name_key, sni_code = excluded.sni_code, sni_section = excluded.sni_section,"
	" size_class = excluded.size_class, municipality_code = excluded.municipality_code,"
	" address = CASE WHEN ? = 1 THEN excluded.address ELSE employers.address END,"
	" postal_code = CASE WHEN ? = 1 THEN excluded.postal_code ELSE employers.postal_code END,"
	" city = CASE WHEN ? = 1 THEN excluded.city ELSE employers.city END,"
	" updated_at = excluded.updated_at";

static int upsert(struct import *im, const struct row *r, const char *now)
{
	struct stmt *s = store_prepare(im->c->db, upsert_sql);
	stmt_bind_text(s, 1, r->orgnr);
	stmt_bind_int(s, 2, r->sole_trader);
	stmt_bind_text(s, 3, r->name);
	stmt_bind_text(s, 4, r->name_key);
	stmt_bind_text(s, 5, r->sni_code);
	stmt_bind_text(s, 6, r->sni_section);
	stmt_bind_text(s, 7, r->size_class);
	stmt_bind_text(s, 8, r->municipality_code);
	stmt_bind_text(s, 9, r->address);
	stmt_bind_text(s, 10, r->postal_code);
	stmt_bind_text(s, 11, r->city);
	stmt_bind_text(s, 12, now);
	stmt_bind_text(s, 13, now);
	stmt_bind_int(s, 14, im->col[COL_ADDRESS] >= 0);
	stmt_bind_int(s, 15, im->col[COL_POSTAL] >= 0);
	stmt_bind_int(s, 16, im->col[COL_CITY] >= 0);
	int rc = stmt_exec(s);
	stmt_done(s);
	return rc == STORE_DONE ? 0 : ERR_INTERNAL;
}

static int64_t count_employers(struct store *db)
{
	struct stmt *s = store_prepare(db, "SELECT COUNT(*) FROM employers");
	int64_t n = stmt_step(s) == STORE_ROW ? stmt_int(s, 0) : -1;
	stmt_done(s);
	return n;
}

bool employer_import_allowed(const struct actor *a)
{
	return actor_has(a, ROLE_ADMIN) || actor_has(a, ROLE_KANSLI);
}

static void finish(struct import *im)
{
	arena_free(&im->row);
	free(im->seen.slots);
	struct employer_import_result *o = im->out;
	if (o->nerrors > EMPLOYER_IMPORT_MAX_ERRORS) {
		int64_t more = o->bad_lines - EMPLOYER_IMPORT_MAX_ERRORS;
		o->errors[EMPLOYER_IMPORT_MAX_ERRORS].reason =
			arena_printf(im->c->arena, "… och %lld fler rad%s med fel.", (long long)more, more == 1 ? "" : "er");
	}
}

static int fail(struct import *im, int code)
{
	store_rollback(im->c->db);
	store_bulk_end(im->c->db, false); /* the rollback has brought dropped indexes back */
	im->out->created = im->out->updated = 0;
	finish(im);
	return code;
}

int employer_import(struct ctx *c, struct csv_reader *csv, const struct employer_import_options *opt,
		    struct employer_import_result *out)
{
	memset(out, 0, sizeof *out);
	if (!employer_import_allowed(c->actor))
		return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer och kansliet får importera arbetsgivare.");
	struct import *im = xcalloc(1, sizeof *im); /* not c->arena: the kommun cache is 10 kB */
	im->c = c;
	im->out = out;
	im->opt = opt;
	arena_init(&im->row, 4096);
	char today[11];
	clock_today(today);
	sscanf(today, "%d-%d-%d", &im->today_y, &im->today_m, &im->today_d);
	char now[21];
	clock_format_rfc3339(clock_now(), now);

	if (store_begin(c->db) != STORE_DONE) {
		finish(im);
		free(im);
		return err_set(&c->err, ERR_INTERNAL, "Databasen är upptagen.");
	}
	int64_t before = count_employers(c->db);
	int64_t bulk_rows = opt && opt->bulk_rows > 0 ? opt->bulk_rows : BULK_ROWS;
	store_bulk_begin(c->db, NULL);
	int rc = read_header(im, csv);
	bool db_failed = false;
	while (rc == 0) {
		rc = csv_next(csv, &c->err);
		if (rc <= 0) break;
		rc = 0;
		arena_reset(&im->row);
		long line = csv_line(csv);
		out->rows++;
		if (line > MAX_LINE) {
			add_error(im, line, "Filen är för lång.");
			break;
		}
		char reason[192];
		if (csv_expect_fields(csv, im->nheader, &c->err, reason, sizeof reason) != 0) {
			err_clear(&c->err);
			add_error(im, line, reason);
			continue;
		}
		if (out->rows == bulk_rows && before < bulk_rows && !out->bad_lines &&
		    store_bulk_begin(c->db, "employers") != STORE_DONE) {
			db_failed = true;
			break;
		}
		struct row r;
		/* After the first bad line nothing more is written: the rest is only checked. */
		if (check_line(im, csv, line, &r) && !out->bad_lines && upsert(im, &r, now) != 0) {
			db_failed = true;
			break;
		}
	}
	if (db_failed) {
		err_set(&c->err, ERR_INTERNAL, "Kunde inte spara importen: %s", store_errmsg(c->db));
		rc = fail(im, ERR_INTERNAL);
		free(im);
		return rc;
	}
	if (rc < 0 && c->err.code == ERR_INVALID) { /* the file itself is broken at some line */
		long line = csv_line(csv);
		err_clear(&c->err);
		add_error(im, line, csv_error_reason(csv));
	} else if (rc < 0 && c->err.code) {
		rc = fail(im, c->err.code);
		free(im);
		return rc;
	}
	if (!out->bad_lines && out->rows == 0) add_error(im, 1, "Filen har inga rader efter rubrikraden.");
	if (out->bad_lines) {
		err_set(&c->err, ERR_INVALID, "Inget importerades: %lld rad%s har fel.", (long long)out->bad_lines,
			out->bad_lines == 1 ? "" : "er");
		rc = fail(im, ERR_INVALID);
		free(im);
		return rc;
	}
	if (store_bulk_end(c->db, true) != STORE_DONE) {
		err_set(&c->err, ERR_INTERNAL, "Kunde inte bygga om registrets index: %s", store_errmsg(c->db));
		rc = fail(im, ERR_INTERNAL);
		free(im);
		return rc;
	}
	int64_t after = count_employers(c->db);
	out->created = after - before;
	out->updated = out->rows - out->created;
	char detail[128];
	snprintf(detail, sizeof detail, "rows %lld, created %lld, updated %lld", (long long)out->rows,
		 (long long)out->created, (long long)out->updated);
	if (before < 0 || after < 0 || audit_write(c, "import", "employer", 0, detail) != 0 ||
	    store_commit(c->db) != STORE_DONE) {
		err_set(&c->err, ERR_INTERNAL, "Kunde inte spara importen.");
		rc = fail(im, ERR_INTERNAL);
		free(im);
		return rc;
	}
	finish(im);
	free(im);
	return 0;
}
