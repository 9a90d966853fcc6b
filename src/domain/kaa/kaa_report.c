/* kaa_report.c — what the KAA register gives out (docs/kaa.md): the report
 * of young people per occupation status and municipality, split women and
 * men and suppressed like every published report (src/report/table.h), and
 * the file for SCB of one half-year, checked first for the relations
 * between its variables as SCB checks them on upload. Both cover the young
 * people of the caller's municipality covered some day of the half-year. */
#include "kaa.h"
#include "kaa_internal.h"
#include "../audit.h"
#include "../report.h"
#include "../settings.h"
#include "../../report/table.h"
#include "../../se/kommun.h"
#include "../../store/store.h"
#include <stdio.h>
#include <string.h>

/* Covered some day of [:from, :to]: identified by its end, not left and not
 * 20 before its start. */
#define COVERED_SQL                                                                                             \
	" y.org_id = :org AND y.identified_date <= :to AND (y.left_date IS NULL OR y.left_date >= :from)"       \
	" AND y.turns_20 > :from"

static const char *const occupation_labels[] = {"Arbete", "Studier (ej nationellt program i gymnasieskolan)",
	"Folkhögskola", "Introduktionsprogram", "Annan aktivitet", "Ingen sysselsättning", "Okänd", NULL};

static const char *describe_occupation(void *arg, const char *code)
{
	(void)arg;
	int i = kaa_code_index(kaa_occupations, code);
	return i < 0 ? NULL : occupation_labels[i];
}

static const char *describe_municipality(void *arg, const char *code)
{
	(void)arg;
	return code ? kommun_name(code) : NULL;
}

/* The occupations in the code list's order, not the codes' alphabet. */
static int occupation_rank(const char *code)
{
	return kaa_code_index(kaa_occupations, code);
}

static int check_half(struct ctx *c, const char *half, char from[11], char to[11])
{
	if (!half) return err_field(&c->err, "half", NULL, "Ange halvåret, t.ex. 2026H1.");
	if (!kaa_half_parse(half, from, to)) return err_field(&c->err, "half", half, "Ange ett halvår som 2026H1 eller 2026H2.");
	return 0;
}

int kaa_report(struct ctx *c, const char *half, struct report_params *p, struct report_table *out)
{
	struct kaa_scope sc;
	if (kaa_scope(c, &sc) != 0) return c->err.code;
	char from[11], to[11];
	if (check_half(c, half, from, to) != 0) return c->err.code;
	/* A published report: at least the förbund's threshold, whoever asks. */
	int min;
	if (settings_suppression_threshold(c, &min) != 0) return c->err.code;
	if (p->suppress < min) p->suppress = min;
	static const struct report_column cols[] = {
		{"municipality_code", "Kommunkod", REPORT_KEY_TEXT},
		{"occupation", "Sysselsättning", REPORT_KEY_TEXT},
	};
	static const struct report_group one[] = {{.kind = REPORT_COUNT, .disjoint = true}};
	report_table_init(out, c->arena, 2, cols, 1, one);
	report_rank_fn *rank = arena_zalloc(c->arena, 2 * sizeof *rank);
	rank[1] = occupation_rank;
	out->rank = rank;
	report_table_describe(out, 0, "Kommun", describe_municipality, NULL);
	report_table_describe(out, 1, "Sysselsättning (text)", describe_occupation, NULL);
	/* Every occupation is a row, zeros too: a missing row would say as much. */
	for (int i = 0; kaa_occupations[i]; i++)
		report_table_row(out, (struct report_key[]){{.text = sc.municipality_code}, {.text = kaa_occupations[i]}});
	struct stmt *s = store_prepare(c->db, "SELECT y.municipality_code, y.occupation,"
		" SUM(CASE WHEN y.sex = 'female' THEN 1 ELSE 0 END), SUM(CASE WHEN y.sex = 'male' THEN 1 ELSE 0 END)"
		" FROM kaa_youths y WHERE" COVERED_SQL " GROUP BY y.municipality_code, y.occupation");
	stmt_bind_int(s, ":org", sc.org);
	stmt_bind_text(s, ":from", from);
	stmt_bind_text(s, ":to", to);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		struct report_key key[2] = {{.text = arena_strdup(c->arena, stmt_text(s, 0))},
					    {.text = arena_strdup(c->arena, stmt_text(s, 1))}};
		report_table_add(out, key, 0, stmt_int(s, 2), stmt_int(s, 3));
	}
	stmt_done(s);
	if (rc != STORE_DONE) return err_set(&c->err, ERR_INTERNAL, "Kunde inte räkna registret.");
	report_table_sum_rows(out, 0);
	report_table_sort(out);
	report_table_suppress(out, p->suppress);
	return 0;
}

/* --- the SCB file ------------------------------------------------------------ */

struct scb_row {
	struct kaa_youth y;
	int reached; /* a contact that reached her in the half */
};

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct scb_row *r = out;
	memset(r, 0, sizeof *r);
	struct kaa_youth *y = &r->y;
	y->id = stmt_int(s, 0);
	r->reached = (int)stmt_int(s, 1);
	read_texts(c, s, 2, (const char **[]){&y->municipality_code, &y->personnummer, &y->first_name, &y->last_name,
		&y->sex, &y->birth_date, &y->school_status, &y->source, &y->identified_date, &y->occupation,
		&y->left_date, &y->left_reason, NULL});
}

/* The code in the file: its position in the list + 1 (docs/kaa.md "Codes"). */
static void code(struct csvw *w, const char *const *list, const char *v)
{
	int i = kaa_code_index(list, v);
	if (i < 0) csvw_empty(w);
	else csvw_int(w, i + 1);
}

/* YYYY-MM-DD as YYYYMMDD, the form of SCB's date variables. */
static void date(struct csvw *w, const char *v)
{
	if (!v) { csvw_empty(w); return; }
	char d[9] = {v[0], v[1], v[2], v[3], v[5], v[6], v[8], v[9], 0};
	csvw_text(w, d);
}

static const char *const scb_head[] = {
	"Kommunkod", "Halvar", "Personnummer", "Kon", "Skolstatus", "Kalla", "Identifierad", "Sysselsattning",
	"Kontakt", "Avregistrerad", "Avregorsak", "Atgard", "Atgardstatus", "Erbjuden", "Atgardstart", "Atgardslut",
};

/* The relations SCB checks on upload, as far as docs/kaa.md knows them;
 * each fault names the young person by name and id, never by personnummer. */
static void check_row(struct ctx *c, const struct scb_row *r, const char *turns_20)
{
	const struct kaa_youth *y = &r->y;
	const char *who = arena_printf(c->arena, "%s %s (id %lld)", y->first_name, y->last_name, (long long)y->id);
	const char *base = arena_printf(c->arena, "youths[%lld]", (long long)y->id);
#define FAULT(field, ...) err_field(&c->err, arena_printf(c->arena, "%s.%s", base, field), NULL, \
				    arena_printf(c->arena, __VA_ARGS__))
	if (!y->left_date != !y->left_reason) FAULT("left_reason", "%s: avregistreringsdatum och orsak ska anges tillsammans.", who);
	if (y->left_date && strcmp(y->left_date, y->identified_date) < 0)
		FAULT("left_date", "%s: avregistrerad före identifieringen.", who);
	if (y->left_reason && strcmp(y->left_reason, "turned_20") == 0 && y->left_date && strcmp(y->left_date, turns_20) < 0)
		FAULT("left_date", "%s: avregistrerad för att hon fyllt 20 år före 20-årsdagen.", who);
	for (size_t i = 0; i < y->nmeasures; i++) {
		const struct kaa_measure *m = &y->measures[i];
		const char *mf = arena_printf(c->arena, "measures[%lld]", (long long)m->id);
		if (strcmp(m->status, "taken") == 0 && !m->start_date)
			FAULT(arena_printf(c->arena, "%s.start_date", mf), "%s: åtgärden är genomförd men saknar startdatum.", who);
		if (strcmp(m->status, "taken") != 0 && m->end_date)
			FAULT(arena_printf(c->arena, "%s.end_date", mf), "%s: åtgärden har slutdatum men är inte genomförd.", who);
		if (m->start_date && m->end_date && strcmp(m->end_date, m->start_date) < 0)
			FAULT(arena_printf(c->arena, "%s.end_date", mf), "%s: åtgärden slutar före sin start.", who);
		if (strcmp(m->offered_date, y->identified_date) < 0)
			FAULT(arena_printf(c->arena, "%s.offered_date", mf), "%s: åtgärden erbjöds före identifieringen.", who);
	}
#undef FAULT
}

static void write_row(struct csvw *w, const char *half, const struct scb_row *r, const struct kaa_measure *m,
		      const char *to, const char *turns_20)
{
	const struct kaa_youth *y = &r->y;
	csvw_text(w, y->municipality_code);
	csvw_text(w, half);
	csvw_text(w, y->personnummer);
	csvw_int(w, strcmp(y->sex, "male") == 0 ? 1 : 2); /* SCB's sex codes: 1 man, 2 woman */
	code(w, kaa_school_statuses, y->school_status);
	code(w, kaa_sources, y->source);
	date(w, y->identified_date);
	code(w, kaa_occupations, y->occupation);
	csvw_int(w, r->reached ? 1 : 0);
	/* She left in the half: by the date recorded, or by turning 20 in it. */
	if (y->left_date && strcmp(y->left_date, to) <= 0) {
		date(w, y->left_date);
		code(w, kaa_left_reasons, y->left_reason);
	} else if (strcmp(turns_20, to) <= 0) {
		date(w, turns_20);
		code(w, kaa_left_reasons, "turned_20");
	} else {
		csvw_empty(w);
		csvw_empty(w);
	}
	if (m) {
		code(w, kaa_measure_kinds, m->kind);
		code(w, kaa_measure_statuses, m->status);
		date(w, m->offered_date);
		date(w, m->start_date);
		date(w, m->end_date);
	} else {
		for (int i = 0; i < 5; i++) csvw_empty(w);
	}
	csvw_row_end(w);
}

/* A measure belongs to the half when it was offered by its end and had not
 * ended before its start. */
static bool in_half(const struct kaa_measure *m, const char *from, const char *to)
{
	return strcmp(m->offered_date, to) <= 0 && (!m->end_date || strcmp(m->end_date, from) >= 0);
}

int kaa_scb_export(struct ctx *c, const char *half, struct csvw *w)
{
	struct kaa_scope sc;
	if (kaa_scope(c, &sc) != 0) return c->err.code;
	char from[11], to[11];
	if (check_half(c, half, from, to) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT y.id, EXISTS (SELECT 1 FROM kaa_contacts k WHERE k.youth_id = y.id"
		" AND k.result = 'reached' AND k.date BETWEEN :from AND :to), y.municipality_code, y.personnummer,"
		" y.first_name, y.last_name, y.sex, y.birth_date, y.school_status, y.source, y.identified_date, y.occupation,"
		" y.left_date, y.left_reason FROM kaa_youths y WHERE" COVERED_SQL " ORDER BY y.personnummer");
	stmt_bind_int(s, ":org", sc.org);
	stmt_bind_text(s, ":from", from);
	stmt_bind_text(s, ":to", to);
	size_t n;
	struct scb_row *rows = list_all(c, s, sizeof *rows, read_row, &n, "Kunde inte läsa registret.");
	if (!rows) return c->err.code;
	for (size_t i = 0; i < n; i++) {
		if (kaa_load_children(c, &rows[i].y) != 0) return c->err.code;
		char turns_20[11];
		kaa_turns_20(rows[i].y.birth_date, turns_20);
		check_row(c, &rows[i], turns_20);
	}
	if (c->err.code) {
		c->err.code = ERR_INVALID;
		snprintf(c->err.msg, sizeof c->err.msg, "Filen till SCB skapades inte: uppgifterna hänger inte ihop.");
		return c->err.code;
	}
	for (size_t i = 0; i < sizeof scb_head / sizeof scb_head[0]; i++) csvw_text(w, scb_head[i]);
	csvw_row_end(w);
	int64_t *ids = arena_alloc(c->arena, (n ? n : 1) * sizeof *ids);
	for (size_t i = 0; i < n; i++) {
		const struct kaa_youth *y = &rows[i].y;
		char turns_20[11];
		kaa_turns_20(y->birth_date, turns_20);
		bool any = false;
		for (size_t k = 0; k < y->nmeasures; k++)
			if (in_half(&y->measures[k], from, to)) {
				write_row(w, half, &rows[i], &y->measures[k], to, turns_20);
				any = true;
			}
		if (!any) write_row(w, half, &rows[i], NULL, to, turns_20);
		ids[i] = y->id;
	}
	return audit_reads(c, "kaa_youth", ids, n, "scb export", "Kunde inte skriva i loggen.");
}
