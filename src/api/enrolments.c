/* enrolments.c — /enrolments: JSON ↔ struct enrolment. The SUS variables
 * at start are in "background", those at exit in "exit"; answers to the
 * förbund's own questions are {"list": "code"} or {"list": ["code", …]}.
 * Errors inside them are named with dots: "background.occupation". The
 * list also answers a CSV or XLSX file. */
#include "api.h"
#include "../se/sex.h"
#include "../base/csv_writer.h"
#include "../domain/codelist.h"
#include "../domain/enrolment.h"
#include "../domain/intervention.h"
#include <string.h>

/* {"list": "code" | ["code", …]} of the answers at f->at (f->n of them);
 * a list without an answer is left out. */
static void write_answers(struct jsonw *w, const struct api_field *f, const void *record)
{
	const struct answer *a = *(struct answer *const *)((const char *)record + f->at);
	size_t n = *(const size_t *)((const char *)record + f->n);
	jw_key(w, "answers");
	jw_object(w);
	for (size_t i = 0; i < n; i++) {
		if (a[i].n == 0) continue;
		jw_key(w, a[i].list);
		if (!a[i].multiple) {
			jw_string(w, a[i].codes[0]);
			continue;
		}
		jw_array(w);
		for (size_t k = 0; k < a[i].n; k++) jw_string(w, a[i].codes[k]);
		jw_array_end(w);
	}
	jw_object_end(w);
}

static const struct api_field background_fields[] = {
	{.name = "occupation", .kind = API_TEXT, .at = offsetof(struct enrolment, occupation_before)},
	API_FIELD(API_TEXT, struct enrolment, education_level),
	API_FIELD(API_TEXT, struct enrolment, support_time),
	{.name = "income_sources", .kind = API_TEXTS, .at = offsetof(struct enrolment, income_before.codes),
	 .n = offsetof(struct enrolment, income_before.n)},
	{.name = "answers", .kind = API_CUSTOM, .at = offsetof(struct enrolment, answers_start),
	 .n = offsetof(struct enrolment, nanswers_start), .write = write_answers},
	API_END,
};

static const struct api_field exit_fields[] = {
	{.name = "income_sources", .kind = API_TEXTS, .at = offsetof(struct enrolment, income_after.codes),
	 .n = offsetof(struct enrolment, income_after.n)},
	{.name = "answers", .kind = API_CUSTOM, .at = offsetof(struct enrolment, answers_exit),
	 .n = offsetof(struct enrolment, nanswers_exit), .write = write_answers},
	API_END,
};

/* include=participant: who, as participants.c writes her (no name for an
 * anonymous one). */
static const struct api_field participant_fields[] = {
	{.name = "id", .kind = API_INT, .at = offsetof(struct enrolment, participant_id)},
	{.name = "anonymous", .kind = API_BOOL, .at = offsetof(struct enrolment, participant.anonymous)},
	{.name = "first_name", .kind = API_TEXT, .at = offsetof(struct enrolment, participant.first_name),
	 .when = API_AT(struct enrolment, participant.anonymous), .flags = API_UNLESS},
	{.name = "last_name", .kind = API_TEXT, .at = offsetof(struct enrolment, participant.last_name),
	 .when = API_AT(struct enrolment, participant.anonymous), .flags = API_UNLESS},
	{.name = "sex", .kind = API_TEXT, .at = offsetof(struct enrolment, participant.sex)},
	{.name = "birth_year", .kind = API_INT, .at = offsetof(struct enrolment, participant.birth_year)},
	API_END,
};

static const struct api_field enrolment_fields[] = {
	API_FIELD(API_INT, struct enrolment, id),
	API_FIELD(API_INT, struct enrolment, participant_id),
	API_FIELD(API_INT, struct enrolment, intervention_id),
	API_FIELD(API_TEXT, struct enrolment, start_date),
	API_FIELD(API_TEXT, struct enrolment, end_date),
	API_FIELD(API_TEXT, struct enrolment, status),
	{.name = "background", .kind = API_OBJECT, .sub = background_fields},
	API_FIELD(API_TEXT, struct enrolment, outcome),
	API_FIELD(API_TEXT, struct enrolment, exit_reason),
	{.name = "exit", .kind = API_OBJECT, .sub = exit_fields},
	API_FIELD(API_TEXT, struct enrolment, followup_6m),
	API_FIELD(API_TEXT, struct enrolment, followup_12m),
	{.name = "participant", .kind = API_OBJECT, .sub = participant_fields,
	 .when = API_AT(struct enrolment, participant.loaded)},
	API_END,
};

/* {"list": "code" | ["code", …] | null}, into the answers at f->at (f->n
 * of them). */
static void read_answers(json_t *o, const struct api_field *f, struct arena *a, void *in, struct err *e)
{
	json_t *v = json_object_get(o, "answers");
	size_t *n = (size_t *)((char *)in + f->n);
	if (!v || json_is_null(v)) return;
	if (!json_is_object(v) || json_object_size(v) > 50) {
		err_field(e, "answers", NULL, "Ska vara ett objekt med högst 50 svar: {\"lista\": \"kod\"}.");
		return;
	}
	struct answer *out = arena_alloc(a, (json_object_size(v) + 1) * sizeof *out);
	const char *list;
	json_t *val;
	json_object_foreach(v, list, val) {
		struct answer *ans = &out[(*n)++];
		*ans = (struct answer){list, NULL, 0, json_is_array(val)};
		const char *name = arena_printf(a, "answers.%s", list);
		if (json_is_string(val)) {
			ans->codes = arena_alloc(a, sizeof *ans->codes);
			ans->codes[0] = json_string_value(val);
			ans->n = 1;
		} else if (json_is_array(val) || json_is_null(val)) {
			ans->codes = json_value_texts(val, name, &ans->n, a, e);
		} else {
			err_field(e, name, NULL, "Ska vara en kod eller en lista med koder.");
		}
	}
	*(struct answer **)((char *)in + f->at) = out;
}

/* What POST and PATCH read. The sections: absent leaves their members
 * alone, null clears them; errors inside are named with dots. */
#define SENT_E(kind_, name_, m) {.name = name_, .kind = kind_, .at = offsetof(struct enrolment_input, e.m), \
				 .has = API_AT(struct enrolment_input, has_##m)}
static const struct api_field background_sent[] = {
	SENT_E(API_TEXT, "occupation", occupation_before),
	SENT_E(API_TEXT, "education_level", education_level),
	SENT_E(API_TEXT, "support_time", support_time),
	{.name = "income_sources", .kind = API_TEXTS, .at = offsetof(struct enrolment_input, e.income_before.codes),
	 .n = offsetof(struct enrolment_input, e.income_before.n), .has = API_AT(struct enrolment_input, has_income_before),
	 .flags = API_NULL_EMPTY},
	{.name = "answers", .kind = API_CUSTOM, .at = offsetof(struct enrolment_input, e.answers_start),
	 .n = offsetof(struct enrolment_input, e.nanswers_start), .has = API_AT(struct enrolment_input, has_answers_start),
	 .read = read_answers},
	API_END,
};

static const struct api_field exit_sent[] = {
	{.name = "income_sources", .kind = API_TEXTS, .at = offsetof(struct enrolment_input, e.income_after.codes),
	 .n = offsetof(struct enrolment_input, e.income_after.n), .has = API_AT(struct enrolment_input, has_income_after),
	 .flags = API_NULL_EMPTY},
	{.name = "answers", .kind = API_CUSTOM, .at = offsetof(struct enrolment_input, e.answers_exit),
	 .n = offsetof(struct enrolment_input, e.nanswers_exit), .has = API_AT(struct enrolment_input, has_answers_exit),
	 .read = read_answers},
	API_END,
};

const struct api_field api_enrolment_input_fields[] = {
	API_SENT(API_INT, struct enrolment_input, participant_id),
	API_SENT(API_TEXT, struct enrolment_input, personnummer),
	API_SENT(API_INT, struct enrolment_input, intervention_id),
	SENT_E(API_TEXT, "start_date", start_date),
	SENT_E(API_TEXT, "end_date", end_date),
	SENT_E(API_TEXT, "outcome", outcome),
	SENT_E(API_TEXT, "exit_reason", exit_reason),
	SENT_E(API_TEXT, "followup_6m", followup_6m),
	SENT_E(API_TEXT, "followup_12m", followup_12m),
	{.name = "background", .kind = API_OBJECT, .sub = background_sent, .flags = API_DOTTED | API_NULL_CLEARS},
	{.name = "exit", .kind = API_OBJECT, .sub = exit_sent, .flags = API_DOTTED | API_NULL_CLEARS},
	API_END,
};
#undef SENT_E

/* The list as a file (format=csv|xlsx), through api_list_file: each page
 * audited as the list is; each participant as the actor sees her (no name
 * for an anonymous one), codes in words. */
struct enrolments_file {
	const struct enrolment_filter *f;
	struct enrolment_list l;
	struct code_lists codes;
};

static int read_enrolments(struct ctx *c, void *arg, const struct page *p)
{
	struct enrolments_file *ef = arg;
	return enrolment_list(c, ef->f, p, &ef->l);
}

static void write_enrolment_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r, (void)c;
	struct enrolments_file *ef = arg;
	const struct enrolment *e = &ef->l.items[i];
	const char *sex = e->participant.sex;
	csvw_int(w, e->id);
	csvw_int(w, e->participant_id);
	csvw_text(w, e->participant.anonymous ? "ja" : "nej");
	csvw_text(w, e->participant.first_name);
	csvw_text(w, e->participant.last_name);
	csvw_text(w, sex_label(sex));
	if (e->participant.birth_year) csvw_int(w, e->participant.birth_year);
	else csvw_empty(w);
	csvw_int(w, e->intervention_id);
	csvw_text(w, e->start_date);
	csvw_text(w, e->end_date);
	csvw_text(w, enrolment_status_label(e->status));
	csvw_text(w, codelist_label_in(&ef->codes, "occupation", e->occupation_before));
	csvw_text(w, codelist_label_in(&ef->codes, "occupation", e->outcome));
	csvw_text(w, codelist_label_in(&ef->codes, "exit_reason", e->exit_reason));
	csvw_text(w, codelist_label_in(&ef->codes, "occupation", e->followup_6m));
	csvw_text(w, codelist_label_in(&ef->codes, "occupation", e->followup_12m));
	csvw_row_end(w);
}

static void enrolments_file(struct request *r, struct ctx *c, struct enrolment_filter *f, enum api_format fmt)
{
	struct enrolments_file ef = {.f = f};
	f->with_participant = true;
	if (codelist_all(c, &ef.codes) != 0) { api_fail(r, &c->err); return; }
	const char *about[4];
	size_t n = 0;
	if (f->intervention_id) {
		struct intervention v;
		about[n++] = intervention_get(c, f->intervention_id, &v) == 0
				     ? arena_printf(&r->arena, "Insats: %s", v.name)
				     : arena_printf(&r->arena, "Insats: id %lld", (long long)f->intervention_id);
		err_clear(&c->err);
	}
	if (f->participant_id) about[n++] = arena_printf(&r->arena, "Deltagare: id %lld", (long long)f->participant_id);
	if (f->state.status) about[n++] = arena_printf(&r->arena, "Status: %s", enrolment_status_label(f->state.status));
	if (f->state.followup_due) about[n++] = "Uppföljning att göra (6 eller 12 månader)";
	static const char *const head[] = {"Inskrivnings-id", "Deltagar-id", "Anonym", "Förnamn", "Efternamn", "Kön",
					   "Födelseår", "Insats-id", "Startdatum", "Slutdatum", "Status",
					   "Sysselsättning före", "Sysselsättning efter", "Avslutsorsak",
					   "Uppföljning 6 månader", "Uppföljning 12 månader"};
	const char *name = f->intervention_id ? arena_printf(&r->arena, "insats-%lld-insatsdeltaganden", (long long)f->intervention_id)
					      : "insatsdeltaganden";
	api_list_file(r, c, fmt,
		      &(struct api_list_file){.title = "Insatsdeltaganden", .name = name, .noun = "insatsdeltaganden",
					      .head = head, .nhead = sizeof head / sizeof head[0], .about = about, .nabout = n,
					      .read = read_enrolments, .write = write_enrolment_row, .arg = &ef,
					      .n = &ef.l.n, .total = &ef.l.total});
}

void api_enrolments_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct enrolment_filter f = {0};
	struct enrolment_list l;
	api_page(r, &p, &c->err);
	f.participant_id = api_id_query(r, "participant_id", &c->err);
	f.intervention_id = api_id_query(r, "intervention_id", &c->err);
	api_enrolment_state_query(r, &f.state, &c->err);
	static const struct {
		const char *name;
		enum enrolment_sort sort;
	} sorts[] = {{"-start_date", ENROLMENT_SORT_START_DESC}, {"start_date", ENROLMENT_SORT_START_ASC},
		     {"-end_date", ENROLMENT_SORT_END_DESC}, {"end_date", ENROLMENT_SORT_END_ASC}};
	const char *sort = request_query(r, "sort");
	if (sort) {
		size_t i = 0;
		while (i < sizeof sorts / sizeof sorts[0] && strcmp(sorts[i].name, sort) != 0) i++;
		if (i < sizeof sorts / sizeof sorts[0]) f.sort = sorts[i].sort;
		else err_field(&c->err, "sort", sort, "Sortera på start_date, -start_date, end_date eller -end_date.");
	}
	const char *include = request_query(r, "include");
	if (include && strcmp(include, "participant") == 0) f.with_participant = true;
	else if (include) err_field(&c->err, "include", include, "Bara include=participant finns.");
	enum api_format fmt;
	api_format_param(r, &fmt, &c->err);
	if (!c->err.code && fmt != API_FORMAT_JSON) { enrolments_file(r, c, &f, fmt); return; }
	if (c->err.code || enrolment_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, enrolment_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_enrolments_get(struct request *r, struct ctx *c)
{
	struct enrolment e;
	api_reply(r, c, enrolment_get(c, api_id_param(r, 0), &e) == 0, 200, enrolment_fields, &e);
}

void api_enrolments_create(struct request *r, struct ctx *c)
{
	struct enrolment_input in;
	struct enrolment out;
	bool ok = api_read_body(r, c, api_enrolment_input_fields, &in, sizeof in) &&
	          enrolment_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, enrolment_fields, &out);
}

void api_enrolments_update(struct request *r, struct ctx *c)
{
	struct enrolment_input in;
	struct enrolment out;
	bool ok = api_read_body(r, c, api_enrolment_input_fields, &in, sizeof in) &&
	          enrolment_update(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, enrolment_fields, &out);
}
