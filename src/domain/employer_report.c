/* employer_report.c — the SQL of the employer reports (employer_report.h).
 * The database groups by every dimension a report knows; the few grouped
 * rows are folded into the asked ones in C (src/report/table.h hashes the
 * keys), so one statement serves every `by`. The industry structure reads
 * only the covering index employers_structure, in its order (municipality,
 * SNI code, size class), so a million employers group without a sort; the
 * section and the division are derived from the code in C, per group. */
#include "employer_report.h"
#include "../base/clock.h"
#include "../se/kommun.h"
#include "../se/sni.h"
#include "../se/size_class.h"
#include "../store/store.h"
#include <stdlib.h>
#include <string.h>

static int failed(struct ctx *c)
{
	return err_set(&c->err, ERR_INTERNAL, "Kunde inte ta fram rapporten.");
}

/* A dimension of a report: its JSON key and CSV heading, and the column of
 * the report's statement that holds it. */
struct dim {
	const char *by;
	struct report_column col;
	int stmt_col;
};

/* Parses p->by (default def) into one or two of dims; fills cols and the
 * statement column of each key. Returns the number of keys, or 0 with an
 * invalid_parameters entry. */
static int parse_by(struct ctx *c, struct report_params *p, const char *def, const struct dim *dims, size_t ndims,
		    struct report_column **cols, int stmt_cols[2], const char *hint)
{
	if (!p->by) p->by = def;
	*cols = arena_alloc(c->arena, sizeof **cols * 2);
	int n = 0;
	const char *s = p->by;
	for (;;) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		const struct dim *d = NULL;
		for (size_t i = 0; i < ndims; i++)
			if (strlen(dims[i].by) == len && strncmp(s, dims[i].by, len) == 0) d = &dims[i];
		if (!d || n == 2 || (n == 1 && stmt_cols[0] == d->stmt_col)) {
			err_field(&c->err, "by", p->by, hint);
			return 0;
		}
		(*cols)[n] = d->col;
		stmt_cols[n++] = d->stmt_col;
		if (!end) break;
		s = end + 1;
	}
	return n;
}

/* Checks from/to and fills in the defaults: the year of the other one, or
 * this year. */
static int period(struct ctx *c, struct report_params *p)
{
	if (p->from && !clock_valid_date(p->from)) err_field(&c->err, "from", p->from, "Ange ett datum som ÅÅÅÅ-MM-DD.");
	if (p->to && !clock_valid_date(p->to)) err_field(&c->err, "to", p->to, "Ange ett datum som ÅÅÅÅ-MM-DD.");
	if (c->err.code) return c->err.code;
	char today[11];
	clock_today(today);
	if (!p->from) p->from = arena_printf(c->arena, "%.4s-01-01", p->to ? p->to : today);
	if (!p->to) p->to = arena_printf(c->arena, "%.4s-12-31", p->from);
	if (strcmp(p->from, p->to) > 0)
		return err_field(&c->err, "to", p->to, "Slutdatum ska vara samma dag som startdatum eller senare.");
	return 0;
}

static int logged_in(struct ctx *c)
{
	return c->actor ? 0 : err_set(&c->err, ERR_UNAUTH, "Logga in för att se rapporter.");
}

/* Counts each row of s — statement columns, the count last — into group 0
 * under the keys of stmt_cols; finishes s. */
static int fold(struct ctx *c, struct stmt *s, struct report_table *t, const int *stmt_cols, int count_col)
{
	struct report_key key[2] = {{0}};
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		for (int k = 0; k < t->nkeys; k++) key[k] = (struct report_key){.text = stmt_text(s, stmt_cols[k])};
		report_table_count(t, key, 0, stmt_int(s, count_col));
	}
	stmt_done(s);
	return rc < 0 ? failed(c) : 0;
}

static const struct report_group plain_count[] = {{NULL, NULL, REPORT_COUNT, true, 0, 0}};

/* Sum of the disjoint rows, sorted, suppressed. */
static int finish(struct report_params *p, struct report_table *t)
{
	report_table_sum_rows(t, 0);
	report_table_sort(t);
	if (p->suppress) report_table_suppress(t, p->suppress);
	return 0;
}

/* As fold, for rows (municipality_code, sni_code, size_class, count): key
 * column 1 is the code's section, 3 its division (the first two digits;
 * the section is looked up by the division, a short search). */
static int fold_structure(struct ctx *c, struct stmt *s, struct report_table *t, const int *key_cols)
{
	struct report_key key[2] = {{0}};
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		const char *code = stmt_text(s, 1);
		char division[3] = {0};
		if (code && strlen(code) >= 2) memcpy(division, code, 2);
		for (int k = 0; k < t->nkeys; k++) {
			const char *v;
			if (key_cols[k] == 1) {
				v = division[0] ? sni_section(division) : NULL;
			} else if (key_cols[k] == 3) {
				v = division[0] ? division : NULL;
			} else {
				v = stmt_text(s, key_cols[k]);
			}
			key[k] = (struct report_key){.text = v};
		}
		report_table_count(t, key, 0, stmt_int(s, 3));
	}
	stmt_done(s);
	return rc < 0 ? failed(c) : 0;
}

int employer_report_structure(struct ctx *c, struct report_params *p, const char *municipality_codes,
			      struct report_table *out)
{
	static const struct dim dims[] = {
		{"sni_section", {"sni_section", "SNI-avdelning", REPORT_KEY_TEXT}, 1},
		{"sni_division", {"sni_division", "SNI-huvudgrupp", REPORT_KEY_TEXT}, 3},
		{"size_class", {"size_class", "Storleksklass", REPORT_KEY_TEXT}, 2},
		{"municipality", {"municipality_code", "Kommunkod", REPORT_KEY_TEXT}, 0},
	};
	if (logged_in(c) != 0) return c->err.code;
	struct report_column *cols;
	int stmt_cols[2];
	int nkeys = parse_by(c, p, "sni_section,size_class", dims, sizeof dims / sizeof dims[0], &cols, stmt_cols,
			     "by: en eller två av sni_section, sni_division, size_class och municipality.");
	/* The municipality codes, each once. */
	const char **codes = NULL;
	size_t ncodes = 0;
	if (municipality_codes) {
		size_t cap = 1;
		for (const char *q = municipality_codes; *q; q++) cap += *q == ',';
		if (cap > 400) cap = 400;
		codes = arena_alloc(c->arena, sizeof *codes * cap);
		const char *s = municipality_codes;
		for (;;) {
			const char *end = strchr(s, ',');
			char *code = arena_strndup(c->arena, s, end ? (size_t)(end - s) : strlen(s));
			if (!kommun_name(code) || ncodes == cap) {
				err_field(&c->err, "municipality_code", code, "Okänd kommunkod (fyra siffror, t.ex. 1488).");
				break;
			}
			bool seen = false;
			for (size_t i = 0; i < ncodes; i++) seen |= strcmp(codes[i], code) == 0;
			if (!seen) codes[ncodes++] = code;
			if (!end) break;
			s = end + 1;
		}
	}
	if (c->err.code) return c->err.code;
	report_table_init(out, c->arena, nkeys, cols, 1, plain_count);
	out->plain = true;
	out->rank = arena_zalloc(c->arena, sizeof *out->rank * 2);
	for (int k = 0; k < nkeys; k++)
		if (stmt_cols[k] == 2) out->rank[k] = size_class_index; /* smallest first, as in seed 003's table */
	static const char all_sql[] = "SELECT municipality_code, sni_code, size_class, COUNT(*) FROM employers"
				      " GROUP BY municipality_code, sni_code, size_class";
	static const char one_sql[] = "SELECT municipality_code, sni_code, size_class, COUNT(*) FROM employers"
				      " WHERE municipality_code = :municipality_code GROUP BY municipality_code, sni_code, size_class";
	if (!codes && fold_structure(c, store_prepare(c->db, all_sql), out, stmt_cols) != 0) return c->err.code;
	for (size_t i = 0; i < ncodes; i++) {
		struct stmt *s = store_prepare(c->db, one_sql);
		stmt_bind_text(s, ":municipality_code", codes[i]);
		if (fold_structure(c, s, out, stmt_cols) != 0) return c->err.code;
	}
	return finish(p, out);
}

int employer_report_needs(struct ctx *c, struct report_params *p, struct report_table *out)
{
	static const struct dim dims[] = {
		{"ssyk", {"ssyk_code", "Yrke (SSYK)", REPORT_KEY_TEXT}, 0},
		{"municipality", {"municipality_code", "Kommunkod", REPORT_KEY_TEXT}, 1},
	};
	static const struct report_group groups[] = {
		{"headcount", "Antal personer", REPORT_COUNT, true, 0, 0},
		{"employers", "Antal arbetsgivare", REPORT_COUNT, false, 0, 0}, /* one employer may need several occupations */
	};
	if (logged_in(c) != 0) return c->err.code;
	struct report_column *cols;
	int stmt_cols[2];
	int nkeys = parse_by(c, p, "ssyk", dims, 2, &cols, stmt_cols, "by: ssyk, municipality eller båda.");
	if (c->err.code) return c->err.code;
	report_table_init(out, c->arena, nkeys, cols, 2, groups);
	out->plain = true;
	/* Employers are counted distinctly per row, so each grouping has its
	 * statement; the need's municipality, else the employer's. */
#define NEED_MUNI "COALESCE(n.municipality_code, e.municipality_code)"
#define NEED_FROM " FROM recruitment_needs n JOIN employers e ON e.id = n.employer_id WHERE n.active = 1"
	const char *sql = nkeys == 2 ? "SELECT n.ssyk_code, " NEED_MUNI ", SUM(n.headcount), COUNT(DISTINCT n.employer_id)" NEED_FROM
					   " GROUP BY n.ssyk_code, " NEED_MUNI
			  : stmt_cols[0] == 0
			      ? "SELECT n.ssyk_code, NULL, SUM(n.headcount), COUNT(DISTINCT n.employer_id)" NEED_FROM " GROUP BY n.ssyk_code"
			      : "SELECT NULL, " NEED_MUNI ", SUM(n.headcount), COUNT(DISTINCT n.employer_id)" NEED_FROM
				" GROUP BY " NEED_MUNI;
	struct stmt *s = store_prepare(c->db, sql);
	struct report_key key[2] = {{0}};
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		for (int k = 0; k < nkeys; k++) key[k] = (struct report_key){.text = stmt_text(s, stmt_cols[k])};
		report_table_count(out, key, 0, stmt_int(s, 2));
		report_table_count(out, key, 1, stmt_int(s, 3));
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	s = store_prepare(c->db, "SELECT COALESCE(SUM(n.headcount), 0), COUNT(DISTINCT n.employer_id)" NEED_FROM);
	rc = stmt_step(s);
	if (rc == STORE_ROW) {
		out->sum[0].total = stmt_int(s, 0);
		out->sum[1].total = stmt_int(s, 1);
	}
	stmt_done(s);
	if (rc != STORE_ROW) return failed(c);
#undef NEED_MUNI
#undef NEED_FROM
	report_table_sort(out);
	if (p->suppress) report_table_suppress(out, p->suppress);
	return 0;
}

int employer_report_contacts(struct ctx *c, struct report_params *p, struct report_table *out)
{
	static const struct dim dims[] = {
		{"org", {"org", "Organisation", REPORT_KEY_TEXT}, 0},
		{"month", {"month", "Månad", REPORT_KEY_TEXT}, 1},
		{"channel", {"channel", "Kanal", REPORT_KEY_TEXT}, 2},
		{"purpose", {"purpose", "Syfte", REPORT_KEY_TEXT}, 3},
	};
	if (logged_in(c) != 0) return c->err.code;
	struct report_column *cols;
	int stmt_cols[2];
	int nkeys = parse_by(c, p, "org,month", dims, sizeof dims / sizeof dims[0], &cols, stmt_cols,
			     "by: en eller två av org, month, channel och purpose.");
	if (period(c, p) != 0) return c->err.code;
	report_table_init(out, c->arena, nkeys, cols, 1, plain_count);
	out->plain = true;
	struct stmt *s = store_prepare(c->db, "SELECT o.name, SUBSTR(k.date, 1, 7), k.channel, k.purpose, COUNT(*)"
					      " FROM employer_contacts k JOIN orgs o ON o.id = k.org_id"
					      " WHERE k.date >= :from AND k.date <= :until"
					      " GROUP BY o.name, SUBSTR(k.date, 1, 7), k.channel, k.purpose");
	stmt_bind_text(s, ":from", p->from);
	stmt_bind_text(s, ":until", p->to);
	if (fold(c, s, out, stmt_cols, 4) != 0) return c->err.code;
	return finish(p, out);
}

int employer_report_ips(struct ctx *c, struct report_params *p, struct report_table *out)
{
	static const struct report_column cols[] = {
		{"user_id", "Användar-id", REPORT_KEY_INT},
		{"user", "Användare", REPORT_KEY_TEXT},
		{"week", "Vecka", REPORT_KEY_TEXT},
	};
	if (logged_in(c) != 0) return c->err.code;
	if (!(c->actor->roles & ~(unsigned)ROLE_READER))
		return err_set(&c->err, ERR_FORBIDDEN, "Läsbehörigheten räcker inte för att se kontaktloggen.");
	if (period(c, p) != 0) return c->err.code;
	report_table_init(out, c->arena, 3, cols, 1, plain_count);
	out->plain = true;
	/* Per day in SQL (the ISO week has no portable SQL), per week here. */
	struct stmt *s = store_prepare(c->db, "SELECT k.user_id, u.name, k.date, COUNT(*)"
					      " FROM employer_contacts k JOIN users u ON u.id = k.user_id"
					      " WHERE k.stage IS NOT NULL AND k.date >= :from AND k.date <= :until"
					      " GROUP BY k.user_id, u.name, k.date");
	stmt_bind_text(s, ":from", p->from);
	stmt_bind_text(s, ":until", p->to);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		char week[9];
		clock_iso_week(stmt_text(s, 2), week);
		struct report_key key[3] = {{.num = stmt_int(s, 0)}, {.text = stmt_text(s, 1)}, {.text = week}};
		report_table_count(out, key, 0, stmt_int(s, 3));
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	return finish(p, out);
}
