/* surveys.c — the surveys of the employer trainings (docs/trainings.md,
 * "Surveys"): /surveys (the forms), the public page's
 * /public/surveys/{token} (read, answer once) and /reports/surveys (the
 * results as JSON, CSV or XLSX). JSON ↔ the structs of
 * domain/trainings/survey.h. */
#include "api.h"
#include "../base/clock.h"
#include "../base/csv_writer.h"
#include "../domain/trainings/survey.h"
#include <string.h>

static const struct api_field question_fields[] = {
	API_OUT_FIELD(API_INT, struct survey_question, id),
	API_FIELD(API_TEXT, struct survey_question, text),
	API_FIELD(API_TEXT, struct survey_question, kind),
	{.name = "choices", .kind = API_TEXTS, .at = offsetof(struct survey_question, choices),
	 .n = offsetof(struct survey_question, nchoices), .flags = API_NULL_EMPTY},
	API_END,
};

#define QUESTIONS(type, flags_)                                                                                  \
	{.name = "questions", .kind = API_ARRAY, .at = offsetof(type, questions), .n = offsetof(type, nquestions),  \
	 .size = sizeof(struct survey_question), .sub = question_fields, .flags = flags_}

/* A survey, and what POST reads. */
static const struct api_field survey_fields[] = {
	API_OUT_FIELD(API_INT, struct survey, id),
	API_FIELD(API_TEXT, struct survey, name),
	QUESTIONS(struct survey, 0),
	API_OUT_FIELD(API_BOOL, struct survey, has_responses),
	API_OUT_FIELD(API_TEXT, struct survey, created_at),
	API_OUT_FIELD(API_TEXT, struct survey, updated_at),
	API_END,
};

static const struct api_field survey_patch_fields[] = {
	API_SENT(API_TEXT, struct survey_patch, name),
	{.name = "questions", .kind = API_ARRAY, .at = offsetof(struct survey_patch, questions),
	 .n = offsetof(struct survey_patch, nquestions), .size = sizeof(struct survey_question), .sub = question_fields,
	 .has = API_AT(struct survey_patch, has_questions)},
	API_END,
};

/* The public page's survey. */
static const struct api_field public_fields[] = {
	API_FIELD(API_TEXT, struct survey_public, survey),
	API_FIELD(API_TEXT, struct survey_public, course),
	API_FIELD(API_TEXT, struct survey_public, wave),
	QUESTIONS(struct survey_public, 0),
	API_FIELD(API_BOOL, struct survey_public, answered),
	API_END,
};

void api_surveys_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct survey_list l;
	if (api_page(r, &p, &c->err) != 0 || survey_list(c, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, survey_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_surveys_create(struct request *r, struct ctx *c)
{
	struct survey in, out;
	bool ok = api_read_body(r, c, survey_fields, &in, sizeof in) && survey_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, survey_fields, &out);
}

void api_surveys_get(struct request *r, struct ctx *c)
{
	struct survey out;
	api_reply(r, c, survey_get(c, api_id_param(r, 0), &out) == 0, 200, survey_fields, &out);
}

void api_surveys_update(struct request *r, struct ctx *c)
{
	struct survey_patch in;
	struct survey out;
	bool ok = api_read_body(r, c, survey_patch_fields, &in, sizeof in) &&
	          survey_update(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, survey_fields, &out);
}

/* --- the public page ------------------------------------------------------ */

void api_public_surveys_get(struct request *r, struct ctx *c)
{
	struct survey_public out;
	api_reply(r, c, survey_public_get(c, (r->nparams > 0 ? r->params[0] : NULL), &out) == 0, 200, public_fields, &out);
}

/* {"answers":[{"question_id":N,"value":1–5 | "text" | null}]}: value's
 * type says what it is (a scale's number, a choice's or free text's
 * string); null or no value is a question left unanswered. */
static int read_answers(struct request *r, struct ctx *c, struct survey_answer_in **out, size_t *n)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) return c->err.code;
	json_t *list = json_object_get(body, "answers");
	if (!json_is_array(list)) return err_field(&c->err, "answers", NULL, "Skicka svaren som en lista (answers).");
	*n = json_array_size(list);
	*out = arena_zalloc(c->arena, sizeof **out * (*n + 1));
	for (size_t i = 0; i < *n; i++) {
		json_t *item = json_array_get(list, i);
		struct survey_answer_in *a = &(*out)[i];
		json_t *q = json_object_get(item, "question_id"), *v = json_object_get(item, "value");
		if (!json_is_object(item)) {
			err_field(&c->err, arena_printf(c->arena, "answers[%zu]", i), NULL, "Ska vara ett objekt.");
			continue;
		}
		if (!json_is_integer(q) || json_integer_value(q) <= 0)
			err_field(&c->err, arena_printf(c->arena, "answers[%zu].question_id", i), NULL, "Ange frågans id.");
		else
			a->question_id = json_integer_value(q);
		if (json_is_integer(v)) a->is_number = true, a->number = json_integer_value(v);
		else if (json_is_string(v)) a->text = json_string_value(v);
		else if (v && !json_is_null(v))
			err_field(&c->err, arena_printf(c->arena, "answers[%zu].value", i), NULL,
				  "Svara med en siffra (skala) eller en text (val eller fritext).");
	}
	return c->err.code;
}

void api_public_surveys_answer(struct request *r, struct ctx *c)
{
	struct survey_answer_in *answers = NULL;
	size_t n = 0;
	bool ok = read_answers(r, c, &answers, &n) == 0 && survey_public_answer(c, (r->nparams > 0 ? r->params[0] : NULL), answers, n) == 0;
	if (!ok) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_kbool(&w, "answered", true);
	jw_object_end(&w);
	response_json(r, 201, &w);
}

/* --- the results ----------------------------------------------------------- */

static const char *param(struct request *r, const char *name)
{
	const char *v = request_query(r, name);
	return v && *v ? v : NULL;
}

static void kcount(struct jsonw *w, const char *key, int64_t v, bool shown)
{
	jw_key(w, key);
	if (shown) jw_int(w, v);
	else jw_null(w);
}

/* total, women, men of a count, a hidden one null. */
static void counts(struct jsonw *w, const struct report_count *v)
{
	kcount(w, "total", v->total, !(v->hidden & REPORT_HIDE_TOTAL));
	kcount(w, "women", v->women, !(v->hidden & REPORT_HIDE_WOMEN));
	kcount(w, "men", v->men, !(v->hidden & REPORT_HIDE_MEN));
}

static void write_report_json(struct request *r, const struct survey_report *s)
{
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_kint(&w, "course_id", s->course_id);
	jw_kstring(&w, "course", s->course);
	jw_kstring(&w, "wave", s->wave);
	jw_kstring(&w, "session_format", s->session_format);
	jw_kint(&w, "invited", s->invited);
	kcount(&w, "responses", s->responses, !s->responses_hidden);
	jw_key(&w, "response_rate");
	if (s->response_rate_tenths >= 0 && !s->responses_hidden) jw_decimal(&w, s->response_rate_tenths, 1);
	else jw_null(&w);
	jw_key(&w, "questions");
	jw_array(&w);
	for (size_t i = 0; i < s->nquestions; i++) {
		const struct survey_report_question *q = &s->questions[i];
		jw_object(&w);
		jw_kint(&w, "id", q->id);
		jw_kstring(&w, "text", q->text);
		jw_kstring(&w, "kind", q->kind);
		jw_key(&w, "rows");
		jw_array(&w);
		for (size_t k = 0; k < q->table.n; k++) {
			const struct report_row *row = &q->table.rows[k];
			jw_object(&w);
			jw_kstring(&w, "answer", row->key[0].text);
			counts(&w, &row->v[0]);
			if (row->v[0].hidden) jw_kbool(&w, "suppressed", true);
			jw_object_end(&w);
		}
		jw_array_end(&w);
		jw_key(&w, "answered");
		jw_object(&w);
		counts(&w, &q->table.sum[0]);
		jw_object_end(&w);
		if (strcmp(q->kind, "text") == 0) {
			jw_key(&w, "texts");
			if (q->texts_withheld) {
				jw_null(&w);
			} else {
				jw_array(&w);
				for (size_t k = 0; k < q->ntexts; k++) jw_string(&w, q->texts[k]);
				jw_array_end(&w);
			}
		}
		jw_object_end(&w);
	}
	jw_array_end(&w);
	if (s->suppress) {
		jw_key(&w, "suppression");
		jw_object(&w);
		jw_kint(&w, "threshold", s->suppress);
		jw_key(&w, "cells");
		jw_array(&w);
		if (s->responses_hidden) jw_string(&w, "/responses");
		for (size_t i = 0; i < s->nquestions; i++) {
			const struct report_table *t = &s->questions[i].table;
			for (size_t k = 0; k < t->n; k++)
				report_json_hidden_cells(&w, &r->arena, &t->rows[k].v[0],
							 arena_printf(&r->arena, "/questions/%zu/rows/%zu", i, k), "total");
			report_json_hidden_cells(&w, &r->arena, &t->sum[0], arena_printf(&r->arena, "/questions/%zu/answered", i),
						 "total");
		}
		jw_array_end(&w);
		jw_object_end(&w);
	}
	jw_object_end(&w);
	response_json(r, 200, &w);
}

static void csv_count(struct csvw *w, int64_t v, bool shown)
{
	if (shown) csvw_int(w, v);
	else csvw_suppressed(w);
}

static void csv_counts(struct csvw *w, const struct report_count *v)
{
	csv_count(w, v->total, !(v->hidden & REPORT_HIDE_TOTAL));
	csv_count(w, v->women, !(v->hidden & REPORT_HIDE_WOMEN));
	csv_count(w, v->men, !(v->hidden & REPORT_HIDE_MEN));
}

static const char *wave_label(const char *wave)
{
	return strcmp(wave, "session") == 0 ? "vid tillfället" : "sex månader efter";
}

static const char *kind_label(const char *kind)
{
	return strcmp(kind, "scale") == 0 ? "Skala 1–5" : strcmp(kind, "choice") == 0 ? "Val" : "Fritext";
}

/* The file: a row per answer of each question (Fråga, Slag, Svar, Totalt,
 * Kvinnor, Män), the question's "Besvarat" row, its free texts (without
 * sex), then invited, responses and the response rate. */
static void write_report_file(struct request *r, struct ctx *c, const struct survey_report *s, enum api_format f)
{
	(void)c;
	const char *about[6];
	size_t n = 0;
	char today[11];
	clock_today(today);
	about[n++] = arena_printf(&r->arena, "Utbildning: %s (id %lld)", s->course, (long long)s->course_id);
	about[n++] = arena_printf(&r->arena, "Omgång: %s", wave_label(s->wave));
	static const char *const formats[][2] = {
		{"in_person", "på plats"}, {"webinar", "webbinarium"}, {"commissioned", "uppdragsutbildning"}, {"network", "nätverksträff"},
	};
	for (size_t i = 0; s->session_format && i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i][0], s->session_format) == 0) about[n++] = arena_printf(&r->arena, "Form: %s", formats[i][1]);
	if (s->suppress) about[n++] = report_suppression_note(&r->arena, s->suppress, true);
	about[n++] = arena_printf(&r->arena, "Framtagen %s ur Samsyn", today);
	struct csvw w;
	if (!api_download_begin(r, &w, f, "Enkätresultat", about, n)) return;
	static const char *const head[] = {"Fråga", "Slag", "Svar", "Totalt", "Kvinnor", "Män"};
	api_csv_row(&w, head, 6);
	for (size_t i = 0; i < s->nquestions; i++) {
		const struct survey_report_question *q = &s->questions[i];
		for (size_t k = 0; k < q->table.n; k++) {
			csvw_text(&w, q->text);
			csvw_text(&w, kind_label(q->kind));
			csvw_text(&w, q->table.rows[k].key[0].text);
			csv_counts(&w, &q->table.rows[k].v[0]);
			csvw_row_end(&w);
		}
		csvw_text(&w, q->text);
		csvw_text(&w, kind_label(q->kind));
		csvw_text(&w, "Besvarat");
		csv_counts(&w, &q->table.sum[0]);
		csvw_row_end(&w);
		for (size_t k = 0; !q->texts_withheld && k < q->ntexts; k++) {
			csvw_text(&w, q->text);
			csvw_text(&w, kind_label(q->kind));
			csvw_text(&w, q->texts[k]);
			csvw_empty(&w), csvw_empty(&w), csvw_empty(&w);
			csvw_row_end(&w);
		}
	}
	csvw_text(&w, "Inbjudna"), csvw_empty(&w), csvw_empty(&w), csvw_int(&w, s->invited), csvw_empty(&w), csvw_empty(&w);
	csvw_row_end(&w);
	csvw_text(&w, "Svar"), csvw_empty(&w), csvw_empty(&w), csv_count(&w, s->responses, !s->responses_hidden);
	csvw_empty(&w), csvw_empty(&w);
	csvw_row_end(&w);
	csvw_text(&w, "Svarsfrekvens (procent)"), csvw_empty(&w), csvw_empty(&w);
	if (s->responses_hidden) csvw_suppressed(&w);
	else if (s->response_rate_tenths >= 0) csvw_decimal(&w, s->response_rate_tenths, 1);
	else csvw_empty(&w);
	csvw_empty(&w), csvw_empty(&w);
	csvw_row_end(&w);
	if (s->suppress) {
		csvw_text(&w, report_suppression_note(&r->arena, s->suppress, true));
		csvw_row_end(&w);
	}
	api_download_send(r, &w, f, arena_printf(&r->arena, "enkat-%lld-%s-%s", (long long)s->course_id, s->wave, today));
}

void api_reports_surveys(struct request *r, struct ctx *c)
{
	struct survey_report_params p = {0};
	enum api_format f;
	p.course_id = api_id_query(r, "course_id", &c->err);
	p.wave = param(r, "wave");
	p.session_format = param(r, "session_format");
	if (param(r, "suppress"))
		p.suppress = (int)api_int_query(r, "suppress", 0, 1000000, "Ange gränsen för små antal, ett heltal 2 eller större.",
						&c->err);
	api_format_param(r, &f, &c->err);
	struct survey_report out;
	/* The domain adds its own reasons (a suppress under 2 is one). */
	if (c->err.code || survey_report(c, &p, &out) != 0) { api_fail(r, &c->err); return; }
	if (f == API_FORMAT_JSON) write_report_json(r, &out);
	else write_report_file(r, c, &out, f);
}
