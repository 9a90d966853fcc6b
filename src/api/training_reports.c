/* training_reports.c — GET /reports/trainings (docs/trainings.md,
 * "Reports"): the trainings' report as JSON of its own shape, or as CSV or
 * XLSX (the session table, then the employers, the attendees and the
 * goals below it). */
#include "api.h"
#include "../base/csv_writer.h"
#include "../domain/trainings/training_report.h"
#include "../se/sex.h"

static const char *const group_names[TR_GROUPS] = {"registered", "waitlisted", "cancelled", "attended", "no_shows"};

static void kcount(struct jsonw *w, const char *key, const struct report_count *v)
{
	jw_key(w, key);
	if (v->hidden & REPORT_HIDE_TOTAL) jw_null(w);
	else jw_int(w, v->total);
}

/* {"total","women","men"}, a hidden cell null. */
static void people(struct jsonw *w, const char *key, const struct report_count *n)
{
	jw_key(w, key);
	jw_object(w);
	kcount(w, "total", n);
	jw_key(w, "women");
	if (n->hidden & REPORT_HIDE_WOMEN) jw_null(w);
	else jw_int(w, n->women);
	jw_key(w, "men");
	if (n->hidden & REPORT_HIDE_MEN) jw_null(w);
	else jw_int(w, n->men);
	jw_object_end(w);
}

static void write_json(struct request *r, const struct training_report *t, const struct report_params *p)
{
	const struct report_table *s = &t->sessions;
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_kstring(&w, "from", p->from);
	jw_kstring(&w, "to", p->to);
	jw_key(&w, "course_id");
	if (t->course_id) jw_int(&w, t->course_id);
	else jw_null(&w);
	jw_key(&w, "sessions");
	jw_array(&w);
	for (size_t i = 0; i < s->n; i++) {
		const struct report_row *row = &s->rows[i];
		jw_object(&w);
		jw_kint(&w, "session_id", row->key[0].num);
		jw_kstring(&w, "course", row->key[1].text);
		jw_kstring(&w, "format", row->key[2].text);
		jw_kstring(&w, "starts_at", row->key[3].text);
		jw_kstring(&w, "status", row->key[4].text);
		jw_kint(&w, "capacity", row->key[5].num);
		for (int g = 0; g < TR_GROUPS; g++) kcount(&w, group_names[g], &row->v[g]);
		if (report_row_suppressed(s, row->v)) jw_kbool(&w, "suppressed", true);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_key(&w, "total");
	jw_object(&w);
	jw_kint(&w, "sessions", (int64_t)s->n);
	jw_kint(&w, "capacity", t->capacity);
	for (int g = 0; g < TR_GROUPS; g++) kcount(&w, group_names[g], &s->sum[g]);
	if (report_row_suppressed(s, s->sum)) jw_kbool(&w, "suppressed", true);
	jw_object_end(&w);
	people(&w, "attendees", &t->attendees);
	jw_key(&w, "unique_employers");
	jw_object(&w);
	jw_kint(&w, "total", t->unique_employers);
	jw_key(&w, "by_format");
	jw_object(&w);
	for (size_t i = 0; i < t->nformats; i++) jw_kint(&w, t->by_format[i].format, t->by_format[i].count);
	jw_object_end(&w);
	jw_object_end(&w);
	jw_key(&w, "goals");
	jw_array(&w);
	for (size_t i = 0; i < t->ngoals; i++) {
		const struct report_goal *g = &t->goals[i];
		jw_object(&w);
		jw_kint(&w, "intervention_id", g->intervention_id);
		jw_kstring(&w, "intervention", g->intervention);
		jw_kint(&w, "year", t->years[i]);
		jw_kstring(&w, "indicator", g->indicator);
		jw_kint(&w, "goal", g->target);
		kcount(&w, "reached", &g->value);
		jw_key(&w, "progress");
		if (g->progress_tenths >= 0) jw_decimal(&w, g->progress_tenths, 1);
		else jw_null(&w);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	if (p->suppress || t->people_suppress) {
		int most = p->suppress > t->people_suppress ? p->suppress : t->people_suppress;
		jw_key(&w, "suppression");
		jw_object(&w);
		jw_kint(&w, "threshold", most);
		if (p->suppress != most) jw_kint(&w, "sessions_threshold", p->suppress);
		jw_key(&w, "cells");
		jw_array(&w);
		for (size_t i = 0; i < s->n; i++)
			for (int g = 0; g < TR_GROUPS; g++)
				if (s->rows[i].v[g].hidden & REPORT_HIDE_TOTAL)
					jw_string(&w, arena_printf(&r->arena, "/sessions/%zu/%s", i, group_names[g]));
		for (int g = 0; g < TR_GROUPS; g++)
			if (s->sum[g].hidden & REPORT_HIDE_TOTAL) jw_string(&w, arena_printf(&r->arena, "/total/%s", group_names[g]));
		report_json_hidden_cells(&w, &r->arena, &t->attendees, "/attendees", "total");
		for (size_t i = 0; i < t->ngoals; i++)
			if (t->goals[i].value.hidden & REPORT_HIDE_TOTAL)
				jw_string(&w, arena_printf(&r->arena, "/goals/%zu/reached", i));
		jw_array_end(&w);
		jw_object_end(&w);
	}
	jw_object_end(&w);
	response_json(r, 200, &w);
}

static void csv_cell(struct csvw *w, int64_t v, bool hidden)
{
	if (hidden) csvw_suppressed(w);
	else csvw_int(w, v);
}

/* Below the session table: the employers, the attendees and the goals. */
static void write_more(struct csvw *w, void *arg)
{
	const struct training_report *t = arg;
	csvw_table(w, "Arbetsgivare", "Unika arbetsgivare vars personal deltagit");
	api_csv_row(w, (const char *const[]){"Form", "Form, benämning", "Unika arbetsgivare"}, 3);
	for (size_t i = 0; i < t->nformats; i++) {
		csvw_text(w, t->by_format[i].format);
		csvw_text(w, t->by_format[i].label);
		csvw_int(w, t->by_format[i].count);
		csvw_row_end(w);
	}
	csvw_text(w, "Totalt");
	csvw_empty(w);
	csvw_int(w, t->unique_employers);
	csvw_row_end(w);

	csvw_table(w, "Deltagare", "Unika deltagare");
	api_csv_row(w, (const char *const[]){"Totalt", sex_plural("female"), sex_plural("male")}, 3);
	csv_cell(w, t->attendees.total, t->attendees.hidden & REPORT_HIDE_TOTAL);
	csv_cell(w, t->attendees.women, t->attendees.hidden & REPORT_HIDE_WOMEN);
	csv_cell(w, t->attendees.men, t->attendees.hidden & REPORT_HIDE_MEN);
	csvw_row_end(w);

	if (t->people_suppress) {
		csvw_text(w, report_suppression_note(t->sessions.arena, t->people_suppress, true));
		csvw_row_end(w);
	}

	csvw_table(w, "Mål", "Mål för antal deltagare");
	api_csv_row(w, (const char *const[]){"Insats", "Insats-id", "År", "Indikator", "Mål", "Utfall", "Måluppfyllelse (%)"}, 7);
	for (size_t i = 0; i < t->ngoals; i++) {
		const struct report_goal *g = &t->goals[i];
		csvw_text(w, g->intervention);
		csvw_int(w, g->intervention_id);
		csvw_int(w, t->years[i]);
		csvw_text(w, g->indicator);
		csvw_int(w, g->target);
		csv_cell(w, g->value.total, g->value.hidden & REPORT_HIDE_TOTAL);
		if (g->progress_tenths >= 0) csvw_decimal(w, g->progress_tenths, 1);
		else csvw_empty(w);
		csvw_row_end(w);
	}
	if (t->people_suppress && t->ngoals) {
		csvw_text(w, report_suppression_note(t->sessions.arena, t->people_suppress, true));
		csvw_row_end(w);
	}
}

void api_reports_trainings(struct request *r, struct ctx *c)
{
	struct report_params p;
	struct training_report t;
	enum api_format f;
	if (api_report_params(r, &p, &f, &c->err) != 0) { api_fail(r, &c->err); return; }
	const char *course = request_query(r, "course_id");
	int64_t course_id = course && *course ? api_int_query(r, "course_id", 1, INT64_MAX, "Ange utbildningens id (ett positivt heltal).", &c->err) : 0;
	if (c->err.code || training_report(c, &p, course_id, &t) != 0) { api_fail(r, &c->err); return; }
	if (f == API_FORMAT_JSON) { write_json(r, &t, &p); return; }
	api_report_table_file(r, c, &t.sessions, &p, f, "Utbildningsrapport per tillfälle", "utbildningar", API_REPORT_PERIOD,
			      course_id ? arena_printf(&r->arena, "Utbildning: id %lld", (long long)course_id) : NULL, write_more, &t);
}
