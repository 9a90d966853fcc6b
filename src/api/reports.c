/* reports.c — /reports/…: query parameters → struct report_params, and the
 * reports out as JSON or as a download: with format=csv (Accept: text/csv)
 * a CSV file for Swedish Excel, with format=xlsx (Accept: the XLSX media
 * type) an XLSX workbook with the report's title, period and filters on
 * top — both written by the one table writer of src/base/csv_writer.h. */
#include "api.h"
#include "../domain/intervention.h"
#include "../domain/report.h"
#include "../base/clock.h"
#include "../se/sex.h"
#include <stdlib.h>
#include <string.h>

/* A query parameter; an empty one (a form's blank field) counts as absent. */
static const char *param(struct request *r, const char *name)
{
	const char *v = request_query(r, name);
	return v && *v ? v : NULL;
}

static int64_t param_int(struct request *r, const char *name, int64_t min, int64_t max, const char *reason, struct err *e)
{
	return param(r, name) ? api_int_query(r, name, min, max, reason, e) : 0;
}

/* The parameters every report takes; *f: the answer's format. */
static int parse(struct request *r, struct report_params *p, enum api_format *f, struct err *e)
{
	memset(p, 0, sizeof *p);
	p->from = param(r, "from");
	p->to = param(r, "to");
	p->by = param(r, "by");
	p->intervention_id = param_int(r, "intervention_id", 1, INT64_MAX, "Ange insatsens id (ett positivt heltal).", e);
	p->suppress = (int)param_int(r, "suppress", 2, 1000000, "Ange gränsen för små antal, ett heltal 2 eller större.", e);
	p->year = (int)param_int(r, "year", 1990, 2100, "Ange ett år 1990–2100.", e);
	api_format_param(r, f, e);
	return e->code;
}

/* The period in a file name: "2026-01-01_2026-12-31", "2026" or "register". */
static const char *period_name(struct request *r, const struct report_params *p, enum api_report_period period)
{
	if (period == API_REPORT_YEAR) return arena_printf(&r->arena, "%d", p->year);
	if (period == API_REPORT_NOW) return "register";
	return arena_printf(&r->arena, "%s_%s", p->from, p->to);
}

/* The key columns' headings, "Kommunkod, Målgrupp"; NULL for none. */
static const char *grouping(struct request *r, const struct report_table *t)
{
	const char *s = NULL;
	for (int k = 0; t && k < t->nkeys; k++)
		s = s ? arena_printf(&r->arena, "%s, %s", s, t->keys[k].label) : t->keys[k].label;
	return s;
}

/* The writer of a report's download: an XLSX file gets the title and,
 * above the table, what the report covers — the period, the intervention,
 * the grouping of t (or NULL), the caller's filter line and the
 * suppression — and the day it was made. */
static bool report_file_begin(struct request *r, struct ctx *c, struct csvw *w, const struct report_params *p,
			      enum api_format f, const char *title, enum api_report_period period,
			      const struct report_table *t, const char *filter)
{
	const char *about[8];
	size_t n = 0;
	if (f == API_FORMAT_XLSX) {
		char today[11];
		clock_today(today);
		/* The SUS export writes its rows before the period is filled in. */
		if (period == API_REPORT_PERIOD && p->from && p->to)
			about[n++] = arena_printf(&r->arena, "Period: %s – %s", p->from, p->to);
		else if (period == API_REPORT_PERIOD && (p->from || p->to))
			about[n++] = arena_printf(&r->arena, "%s: %s", p->from ? "Från" : "Till", p->from ? p->from : p->to);
		if (period == API_REPORT_YEAR) about[n++] = arena_printf(&r->arena, "År: %d", p->year);
		if (period == API_REPORT_NOW) about[n++] = arena_printf(&r->arena, "Registret den %s", today);
		if (p->intervention_id) {
			struct intervention iv;
			if (intervention_get(c, p->intervention_id, &iv) == 0)
				about[n++] = arena_printf(&r->arena, "Insats: %s (id %lld)", iv.name, (long long)p->intervention_id);
			else
				about[n++] = arena_printf(&r->arena, "Insats: id %lld", (long long)p->intervention_id);
			err_clear(&c->err);
		}
		const char *by = grouping(r, t);
		if (by) about[n++] = arena_printf(&r->arena, "Indelning: %s", by);
		if (filter) about[n++] = filter;
		if (p->suppress)
			about[n++] = report_suppression_note(&r->arena, p->suppress, !t || !t->plain);
		about[n++] = arena_printf(&r->arena, "Framtagen %s ur Samsyn", today);
	}
	return api_download_begin(r, w, f, title, about, n);
}

/* The download of a year's report of its own shape (costs, funding,
 * goals): report_file_begin for the year the report covers, and the
 * heading row. */
static bool year_file_begin(struct request *r, struct ctx *c, struct csvw *w, struct report_params *p, int year,
			    enum api_format f, const char *title, const char *const *head, size_t nhead)
{
	p->year = year;
	if (!report_file_begin(r, c, w, p, f, title, API_REPORT_YEAR, NULL, NULL)) return false;
	api_csv_row(w, head, nhead);
	return true;
}

/* samsyn-NAME[-BY]-PERIOD.csv or .xlsx (dates and codes only). */
static void report_file_send(struct request *r, struct csvw *w, const struct report_params *p, enum api_format f,
			     const char *name, enum api_report_period period)
{
	const char *file = p->by ? arena_printf(&r->arena, "%s-%s", name, p->by) : name;
	api_download_send(r, w, f, arena_printf(&r->arena, "%s-%s", file, period_name(r, p, period)));
}

void api_table_report(struct request *r, struct ctx *c, api_table_fn fn, const char *title, const char *name,
		      enum api_report_period period)
{
	struct report_params p;
	struct report_table t;
	enum api_format f;
	if (parse(r, &p, &f, &c->err) != 0 || fn(c, &p, &t) != 0) { api_fail(r, &c->err); return; }
	api_report_table_out(r, c, &t, &p, f, title, name, period, NULL);
}

int api_report_params(struct request *r, struct report_params *p, enum api_format *f, struct err *e)
{
	return parse(r, p, f, e);
}

void api_report_table_out(struct request *r, struct ctx *c, const struct report_table *t, const struct report_params *p,
			  enum api_format f, const char *title, const char *name, enum api_report_period period,
			  const char *filter)
{
	if (f != API_FORMAT_JSON) {
		api_report_table_file(r, c, t, p, f, title, name, period, filter, NULL, NULL);
		return;
	}
	struct jsonw w;
	jw_init(&w);
	report_table_write_json(t, &w);
	response_json(r, 200, &w);
}

void api_report_table_file(struct request *r, struct ctx *c, const struct report_table *t, const struct report_params *p,
			   enum api_format f, const char *title, const char *name, enum api_report_period period,
			   const char *filter, void (*more)(struct csvw *w, void *arg), void *arg)
{
	struct csvw w;
	if (!report_file_begin(r, c, &w, p, f, title, period, t, filter)) return;
	report_table_write_csv(t, &w);
	if (more) more(&w, arg);
	report_file_send(r, &w, p, f, name, period);
}

void api_reports_participants(struct request *r, struct ctx *c)
{
	api_table_report(r, c, report_participants, "Unika deltagare", "deltagare", API_REPORT_PERIOD);
}

void api_reports_attendees(struct request *r, struct ctx *c)
{
	api_table_report(r, c, report_attendees, "Unika deltagare i strukturövergripande insatser", "kursdeltagare",
		     API_REPORT_PERIOD);
}

void api_reports_occupation(struct request *r, struct ctx *c)
{
	api_table_report(r, c, report_occupation, "Sysselsättning före och efter", "sysselsattning", API_REPORT_PERIOD);
}

void api_reports_work_or_studies(struct request *r, struct ctx *c)
{
	api_table_report(r, c, report_work_or_studies, "Arbete eller studier efter avslut", "arbete-eller-studier",
		     API_REPORT_PERIOD);
}

void api_reports_income_transitions(struct request *r, struct ctx *c)
{
	api_table_report(r, c, report_income_transitions, "Försörjning före och efter", "forsorjning", API_REPORT_PERIOD);
}

void api_reports_interventions(struct request *r, struct ctx *c)
{
	api_table_report(r, c, report_interventions, "Insatsrapport", "insatser", API_REPORT_YEAR);
}

/* --- money and goals: shapes of their own -------------------------------- */

static void kint_opt(struct jsonw *w, const char *key, int64_t v, bool known)
{
	jw_key(w, key);
	if (known) jw_int(w, v);
	else jw_null(w);
}


static void jw_count(struct jsonw *w, const char *key, const struct report_count *n)
{
	jw_key(w, key);
	jw_object(w);
	kint_opt(w, "total", n->total, !(n->hidden & REPORT_HIDE_TOTAL));
	kint_opt(w, "women", n->women, !(n->hidden & REPORT_HIDE_WOMEN));
	kint_opt(w, "men", n->men, !(n->hidden & REPORT_HIDE_MEN));
	jw_object_end(w);
}

static void csv_count(struct csvw *w, int64_t v, bool hidden)
{
	if (hidden) csvw_suppressed(w);
	else csvw_int(w, v);
}

/* The line under a suppressed CSV (report_suppression_note). */
static void csv_note(struct request *r, struct csvw *w, int suppress)
{
	if (!suppress) return;
	csvw_text(w, report_suppression_note(&r->arena, suppress, true));
	csvw_row_end(w);
}

/* "suppression":{"threshold":N,"cells":[…]} opened: the caller lists the
 * cells and closes it with suppression_end. */
static void suppression_begin(struct jsonw *w, int suppress)
{
	jw_key(w, "suppression");
	jw_object(w);
	jw_kint(w, "threshold", suppress);
	jw_key(w, "cells");
	jw_array(w);
}

static void suppression_end(struct jsonw *w)
{
	jw_array_end(w);
	jw_object_end(w);
}

static void csv_optional(struct csvw *w, int64_t v, bool known, int decimals)
{
	if (!known) csvw_empty(w);
	else if (decimals) csvw_decimal(w, v, decimals);
	else csvw_int(w, v);
}

void api_reports_costs(struct request *r, struct ctx *c)
{
	struct report_params p;
	struct report_costs rc;
	enum api_format fmt;
	if (parse(r, &p, &fmt, &c->err) != 0 || report_costs(c, &p, &rc) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) {
		struct csvw w;
		static const char *const head[] = {"Insats", "Insats-id", "Typ", "Finansiär", "Budget (kr)", "Utfall (kr)",
						   "Kostnad (kr)", "Unika deltagare", "Kostnad per deltagare (kr)"};
		if (!year_file_begin(r, c, &w, &p, rc.year, fmt, "Kostnader per insats och finansiär", head,
				     sizeof head / sizeof head[0]))
			return;
		for (size_t i = 0; i < rc.n; i++) {
			const struct report_cost *it = &rc.items[i];
			for (size_t f = 0; f <= it->nfunders; f++) {
				csvw_text(&w, it->name);
				csvw_int(&w, it->intervention_id);
				csvw_text(&w, intervention_kind_label(it->kind));
				if (f < it->nfunders) {
					csvw_text(&w, intervention_funder_label(it->funders[f].funder));
					csvw_int(&w, it->funders[f].budget_sek);
					csv_optional(&w, it->funders[f].actual_sek, it->funders[f].has_actual, 0);
					csvw_empty(&w); /* cost and participants: per intervention only */
					csvw_empty(&w);
					csvw_empty(&w);
				} else {
					csvw_text(&w, "Totalt");
					csvw_int(&w, it->budget_sek);
					csv_optional(&w, it->actual_sek, it->has_actual, 0);
					csvw_int(&w, it->cost_sek);
					csv_count(&w, it->participants.total, it->participants.hidden & REPORT_HIDE_TOTAL);
					csv_optional(&w, it->cost_per_participant_sek, it->cost_per_participant_sek >= 0, 0);
				}
				csvw_row_end(&w);
			}
		}
		csvw_text(&w, "Totalt");
		csvw_empty(&w);
		csvw_empty(&w);
		csvw_empty(&w);
		csvw_int(&w, rc.budget_sek);
		csv_optional(&w, rc.actual_sek, rc.has_actual, 0);
		csvw_int(&w, rc.cost_sek);
		csv_count(&w, rc.participants.total, rc.participants.hidden & REPORT_HIDE_TOTAL);
		csv_optional(&w, rc.cost_per_participant_sek, rc.cost_per_participant_sek >= 0, 0);
		csvw_row_end(&w);
		csv_note(r, &w, p.suppress);
		report_file_send(r, &w, &p, fmt, "kostnader", API_REPORT_YEAR);
		return;
	}
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_kint(&w, "year", rc.year);
	jw_key(&w, "items");
	jw_array(&w);
	for (size_t i = 0; i < rc.n; i++) {
		const struct report_cost *it = &rc.items[i];
		jw_object(&w);
		jw_kint(&w, "intervention_id", it->intervention_id);
		jw_kstring(&w, "intervention", it->name);
		jw_kstring(&w, "kind", it->kind);
		jw_key(&w, "funders");
		jw_array(&w);
		for (size_t f = 0; f < it->nfunders; f++) {
			jw_object(&w);
			jw_kstring(&w, "funder", it->funders[f].funder);
			jw_kint(&w, "budget_sek", it->funders[f].budget_sek);
			kint_opt(&w, "actual_sek", it->funders[f].actual_sek, it->funders[f].has_actual);
			jw_object_end(&w);
		}
		jw_array_end(&w);
		jw_kint(&w, "budget_sek", it->budget_sek);
		kint_opt(&w, "actual_sek", it->actual_sek, it->has_actual);
		jw_kint(&w, "cost_sek", it->cost_sek);
		jw_count(&w, "participants", &it->participants);
		kint_opt(&w, "cost_per_participant_sek", it->cost_per_participant_sek, it->cost_per_participant_sek >= 0);
		if (it->participants.hidden) jw_kbool(&w, "suppressed", true);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_key(&w, "total");
	jw_object(&w);
	jw_kint(&w, "budget_sek", rc.budget_sek);
	kint_opt(&w, "actual_sek", rc.actual_sek, rc.has_actual);
	jw_kint(&w, "cost_sek", rc.cost_sek);
	jw_count(&w, "participants", &rc.participants);
	kint_opt(&w, "cost_per_participant_sek", rc.cost_per_participant_sek, rc.cost_per_participant_sek >= 0);
	if (rc.participants.hidden) jw_kbool(&w, "suppressed", true);
	jw_object_end(&w);
	if (p.suppress) {
		suppression_begin(&w, p.suppress);
		for (size_t i = 0; i < rc.n; i++)
			report_json_hidden_cells(&w, &r->arena, &rc.items[i].participants,
						 arena_printf(&r->arena, "/items/%zu/participants", i), "total");
		report_json_hidden_cells(&w, &r->arena, &rc.participants, "/total/participants", "total");
		suppression_end(&w);
	}
	jw_object_end(&w);
	response_json(r, 200, &w);
}

void api_write_funding(struct jsonw *w, const struct report_funding *f)
{
	jw_object(w);
	jw_kint(w, "year", f->year);
	jw_kint(w, "budget_sek", f->budget_sek);
	jw_key(w, "items");
	jw_array(w);
	for (int k = 0; k < 3; k++) {
		const struct report_funding_kind *fk = &f->kinds[k];
		jw_object(w);
		jw_kstring(w, "kind", fk->kind);
		jw_kint(w, "budget_sek", fk->budget_sek);
		kint_opt(w, "actual_sek", fk->actual_sek, fk->has_actual);
		jw_ktenths_or_null(w, "percent", fk->percent_tenths);
		jw_kint(w, "benchmark_percent", fk->benchmark_percent);
		jw_key(w, "difference_percent");
		if (fk->percent_tenths >= 0) jw_decimal(w, fk->percent_tenths - fk->benchmark_percent * 10, 1);
		else jw_null(w);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_object_end(w);
}

void api_reports_funding(struct request *r, struct ctx *c)
{
	struct report_params p;
	struct report_funding f;
	enum api_format fmt;
	if (parse(r, &p, &fmt, &c->err) != 0 || report_funding(c, &p, &f) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) {
		struct csvw w;
		static const char *const head[] = {"Typ av insats", "Budget (kr)", "Andel (%)", "Riktvärde (%)", "Skillnad (procentenheter)"};
		if (!year_file_begin(r, c, &w, &p, f.year, fmt, "Finansiering per insatstyp mot riktvärdet 60/30/10", head,
				     sizeof head / sizeof head[0]))
			return;
		for (int k = 0; k < 3; k++) {
			const struct report_funding_kind *fk = &f.kinds[k];
			csvw_text(&w, intervention_kind_label(fk->kind));
			csvw_int(&w, fk->budget_sek);
			csv_optional(&w, fk->percent_tenths, fk->percent_tenths >= 0, 1);
			csvw_int(&w, fk->benchmark_percent);
			csv_optional(&w, fk->percent_tenths - fk->benchmark_percent * 10, fk->percent_tenths >= 0, 1);
			csvw_row_end(&w);
		}
		csvw_text(&w, "Totalt");
		csvw_int(&w, f.budget_sek);
		csv_optional(&w, 1000, f.budget_sek > 0, 1);
		csvw_int(&w, f.kinds[0].benchmark_percent + f.kinds[1].benchmark_percent + f.kinds[2].benchmark_percent);
		csvw_empty(&w);
		csvw_row_end(&w);
		report_file_send(r, &w, &p, fmt, "finansiering", API_REPORT_YEAR);
		return;
	}
	struct jsonw w;
	jw_init(&w);
	api_write_funding(&w, &f);
	response_json(r, 200, &w);
}

void api_write_goals(struct jsonw *w, struct arena *a, const struct report_goals *g, int suppress)
{
	jw_object(w);
	jw_kint(w, "year", g->year);
	jw_key(w, "items");
	jw_array(w);
	for (size_t i = 0; i < g->n; i++) {
		const struct report_goal *it = &g->items[i];
		jw_object(w);
		jw_kint(w, "intervention_id", it->intervention_id);
		jw_kstring(w, "intervention", it->intervention);
		jw_kstring(w, "indicator", it->indicator);
		jw_kint(w, "target", it->target);
		kint_opt(w, "value", it->value.total, it->measured && !(it->value.hidden & REPORT_HIDE_TOTAL));
		kint_opt(w, "women", it->value.women, it->measured && !(it->value.hidden & REPORT_HIDE_WOMEN));
		kint_opt(w, "men", it->value.men, it->measured && !(it->value.hidden & REPORT_HIDE_MEN));
		jw_ktenths_or_null(w, "progress", it->progress_tenths);
		if (it->value.hidden) jw_kbool(w, "suppressed", true);
		jw_object_end(w);
	}
	jw_array_end(w);
	if (suppress) {
		suppression_begin(w, suppress);
		for (size_t i = 0; i < g->n; i++)
			report_json_hidden_cells(w, a, &g->items[i].value, arena_printf(a, "/items/%zu", i), "value");
		suppression_end(w);
	}
	jw_object_end(w);
}

void api_reports_goals(struct request *r, struct ctx *c)
{
	struct report_params p;
	struct report_goals g;
	enum api_format fmt;
	if (parse(r, &p, &fmt, &c->err) != 0 || report_goals(c, &p, &g) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) {
		struct csvw w;
		const char *const head[] = {"Insats", "Insats-id", "Indikator", "Mål", "Utfall", sex_plural("female"), sex_plural("male"),
					    "Måluppfyllelse (%)"};
		if (!year_file_begin(r, c, &w, &p, g.year, fmt, "Måluppfyllelse", head, sizeof head / sizeof head[0])) return;
		for (size_t i = 0; i < g.n; i++) {
			const struct report_goal *it = &g.items[i];
			csvw_text(&w, it->intervention);
			csvw_int(&w, it->intervention_id);
			csvw_text(&w, it->indicator);
			csvw_int(&w, it->target);
			if (it->measured) {
				csv_count(&w, it->value.total, it->value.hidden & REPORT_HIDE_TOTAL);
				csv_count(&w, it->value.women, it->value.hidden & REPORT_HIDE_WOMEN);
				csv_count(&w, it->value.men, it->value.hidden & REPORT_HIDE_MEN);
			} else {
				csvw_empty(&w);
				csvw_empty(&w);
				csvw_empty(&w);
			}
			csv_optional(&w, it->progress_tenths, it->progress_tenths >= 0, 1);
			csvw_row_end(&w);
		}
		csv_note(r, &w, p.suppress);
		report_file_send(r, &w, &p, fmt, "mal", API_REPORT_YEAR);
		return;
	}
	struct jsonw w;
	jw_init(&w);
	api_write_goals(&w, &r->arena, &g, p.suppress);
	response_json(r, 200, &w);
}

void api_reports_sus_export(struct request *r, struct ctx *c)
{
	struct report_params p;
	enum api_format fmt;
	if (parse(r, &p, &fmt, &c->err) != 0) { api_fail(r, &c->err); return; }
	struct csvw w;
	if (fmt == API_FORMAT_JSON) fmt = API_FORMAT_CSV; /* a file for SUS, never JSON */
	if (!report_file_begin(r, c, &w, &p, fmt, "SUS-export", API_REPORT_PERIOD, NULL, NULL)) return;
	if (report_sus_export(c, &p, &w) != 0) {
		csvw_free(&w);
		api_fail(r, &c->err);
		return;
	}
	report_file_send(r, &w, &p, fmt, "sus-export", API_REPORT_PERIOD);
}
