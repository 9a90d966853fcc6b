/* plans.c — /toolbox, /plans and a participant's plans (docs/plans.md):
 * JSON ↔ struct toolbox_item, struct plan_input and struct plan_step_input;
 * a plan is answered by the domain's one writer of its shape
 * (plan_write_json), which also writes the versions' snapshots. */
#include "api.h"
#include "../domain/check.h"
#include "../domain/plans/plan.h"
#include "../domain/plans/plan_report.h"
#include "../domain/plans/toolbox.h"
#include "../base/csv_writer.h"
#include "../se/kommun.h"
#include <stdlib.h>
#include <string.h>

/* --- toolbox ---------------------------------------------------------------- */

_Static_assert(offsetof(struct toolbox_input, v) == 0, "toolbox_fields serve struct toolbox_item and its input");
static const struct api_field toolbox_fields[] = {
	API_OUT_FIELD(API_INT, struct toolbox_item, id),
	API_SENT_V(API_TEXT, struct toolbox_input, name),
	API_SENT_V(API_TEXT, struct toolbox_input, municipality_code),
	API_SENT_V(API_ID, struct toolbox_input, intervention_id),
	API_SENT_V(API_TEXT, struct toolbox_input, provider),
	API_SENT_V(API_TEXT, struct toolbox_input, contact),
	API_SENT_V(API_TEXT, struct toolbox_input, stage),
	API_SENT_V(API_TEXT, struct toolbox_input, target_group),
	API_SENT_V(API_ID, struct toolbox_input, min_age),
	API_SENT_V(API_ID, struct toolbox_input, max_age),
	API_SENT_V(API_TEXT, struct toolbox_input, rules),
	API_SENT_V(API_BOOL, struct toolbox_input, has_places),
	API_SENT_V(API_TEXT, struct toolbox_input, description),
	API_OUT_FIELD(API_TEXT, struct toolbox_item, created_at),
	API_OUT_FIELD(API_TEXT, struct toolbox_item, updated_at),
	API_OUT_FIELD(API_INT, struct toolbox_item, updated_by_user_id),
	API_OUT_FIELD(API_INT, struct toolbox_item, updated_by_org_id),
	API_END,
};

/* The toolbox as a file (format=csv|xlsx): every item the filters find. */
struct toolbox_file {
	const struct toolbox_filter *f;
	struct toolbox_list l;
};

static int read_toolbox(struct ctx *c, void *arg, const struct page *p)
{
	struct toolbox_file *tf = arg;
	return toolbox_list(c, tf->f, p, &tf->l);
}

static void write_toolbox_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r, (void)c;
	const struct toolbox_item *t = &((struct toolbox_file *)arg)->l.items[i];
	csvw_int(w, t->id);
	csvw_text(w, t->name);
	csvw_text(w, path_stages[path_stage_index(t->stage) < 0 ? 0 : path_stage_index(t->stage)][1]);
	csvw_text(w, t->municipality_code ? kommun_name(t->municipality_code) : "Gemensamt");
	csvw_text(w, t->provider);
	csvw_text(w, t->contact);
	csvw_text(w, t->target_group);
	if (t->min_age) csvw_int(w, t->min_age);
	else csvw_empty(w);
	if (t->max_age) csvw_int(w, t->max_age);
	else csvw_empty(w);
	csvw_text(w, t->rules);
	csvw_text(w, t->has_places ? "Ja" : "Nej");
	csvw_text(w, t->updated_at);
	csvw_row_end(w);
}

static void toolbox_file(struct request *r, struct ctx *c, const struct toolbox_filter *f, enum api_format fmt, const char *q)
{
	const char *about[3];
	size_t n = 0;
	if (f->municipality_code)
		about[n++] = arena_printf(&r->arena, "Kommun: %s och de gemensamma", kommun_name(f->municipality_code)
									      ? kommun_name(f->municipality_code) : f->municipality_code);
	if (f->stage) about[n++] = arena_printf(&r->arena, "Steg: %s", f->stage);
	if (q) about[n++] = arena_printf(&r->arena, "Namnet innehåller: %s", q);
	static const char *const head[] = {"Id", "Namn", "Steg", "Kommun", "Anordnare", "Kontakt", "Målgrupp",
					   "Lägsta ålder", "Högsta ålder", "Villkor", "Har platser", "Senast ändrat"};
	struct toolbox_file tf = {.f = f};
	api_list_file(r, c, fmt,
		      &(struct api_list_file){.title = "Verktygslåda", .name = "verktygslada", .noun = "verktyg", .head = head,
					      .nhead = sizeof head / sizeof head[0], .about = about, .nabout = n,
					      .read = read_toolbox, .write = write_toolbox_row, .arg = &tf, .n = &tf.l.n,
					      .total = &tf.l.total, .q = q});
}

void api_toolbox_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct toolbox_list l;
	struct toolbox_filter f = {.municipality_code = request_query(r, "municipality_code"),
				   .stage = request_query(r, "stage")};
	if (f.municipality_code && !*f.municipality_code) f.municipality_code = NULL;
	if (f.stage && !*f.stage) f.stage = NULL;
	enum api_format fmt;
	api_format_param(r, &fmt, &c->err);
	if (api_page(r, &p, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) { toolbox_file(r, c, &f, fmt, p.q); return; }
	if (toolbox_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, toolbox_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_toolbox_create(struct request *r, struct ctx *c)
{
	struct toolbox_input in;
	struct toolbox_item out;
	bool ok = api_read_body(r, c, toolbox_fields, &in, sizeof in) && toolbox_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, toolbox_fields, &out);
}

void api_toolbox_get(struct request *r, struct ctx *c)
{
	struct toolbox_item out;
	api_reply(r, c, toolbox_get(c, api_id_param(r, 0), &out) == 0, 200, toolbox_fields, &out);
}

void api_toolbox_update(struct request *r, struct ctx *c)
{
	struct toolbox_input in;
	struct toolbox_item out;
	bool ok = api_read_body(r, c, toolbox_fields, &in, sizeof in) &&
		  toolbox_update(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, toolbox_fields, &out);
}

/* --- plans ------------------------------------------------------------------- */

static const struct api_field meeting_fields[] = {
	{.name = "at", .kind = API_TEXT, .at = offsetof(struct plan_input, next_meeting_at),
	 .has = API_AT(struct plan_input, has_next_meeting_at)},
	{.name = "place", .kind = API_TEXT, .at = offsetof(struct plan_input, next_meeting_place),
	 .has = API_AT(struct plan_input, has_next_meeting_place)},
	API_END,
};

static const struct api_field plan_input_fields[] = {
	API_SENT(API_TEXT, struct plan_input, goal),
	{.name = "partner_org_ids", .kind = API_INTS, .at = offsetof(struct plan_input, partner_org_ids),
	 .n = offsetof(struct plan_input, npartner_org_ids), .has = API_AT(struct plan_input, has_partner_org_ids)},
	API_SENT(API_TEXT, struct plan_input, stage),
	API_FIELD(API_TEXT, struct plan_input, assessed_on),
	API_FIELD(API_TEXT, struct plan_input, assessment_note),
	API_SENT(API_TEXT, struct plan_input, status),
	API_SENT(API_TEXT, struct plan_input, pause_reason),
	API_SENT(API_TEXT, struct plan_input, resume_conditions),
	API_SENT(API_TEXT, struct plan_input, review_date),
	{.name = "next_meeting", .kind = API_OBJECT, .sub = meeting_fields, .flags = API_DOTTED | API_NULL_CLEARS},
	API_SENT(API_INT, struct plan_input, version),
	API_END,
};

_Static_assert(offsetof(struct plan_step_input, v) == 0, "step fields read a struct plan_step_input");
static const struct api_field step_input_fields[] = {
	API_SENT_V(API_INT, struct plan_step_input, toolbox_id),
	API_SENT_V(API_ID, struct plan_step_input, org_id),
	API_SENT_V(API_ID, struct plan_step_input, responsible_user_id),
	API_SENT_V(API_TEXT, struct plan_step_input, responsible_name),
	API_SENT_V(API_TEXT, struct plan_step_input, start_date),
	API_SENT_V(API_TEXT, struct plan_step_input, end_date),
	API_SENT_V(API_TEXT, struct plan_step_input, state),
	API_SENT_V(API_TEXT, struct plan_step_input, cancel_reason),
	API_END,
};

static void send_plan(struct request *r, struct ctx *c, int rc, int status, const struct plan *p)
{
	if (rc != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	plan_write_json(&w, p, true);
	response_json(r, status, &w);
}

static void send_plans(struct request *r, const struct plan_list *l, const struct page *p)
{
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l->n; i++) plan_write_json(&w, &l->items[i], true);
	api_list_end(&w, l->total, p);
	response_json(r, 200, &w);
}

/* The plans as a file (format=csv|xlsx): the re-actualisation list to print. */
struct plans_file {
	const struct plan_filter *f;
	struct plan_list l;
};

static int read_plans(struct ctx *c, void *arg, const struct page *p)
{
	struct plans_file *pf = arg;
	return plan_list(c, pf->f, p, &pf->l);
}

static void write_plan_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r, (void)c;
	const struct plan *p = &((struct plans_file *)arg)->l.items[i];
	csvw_int(w, p->id);
	csvw_int(w, p->participant_id);
	csvw_text(w, p->first_name);
	csvw_text(w, p->last_name);
	csvw_text(w, CODE_LABEL(plan_status_labels, p->status));
	csvw_text(w, p->stage && path_stage_index(p->stage) >= 0 ? path_stages[path_stage_index(p->stage)][1] : NULL);
	csvw_text(w, p->review_date);
	csvw_text(w, p->pause_reason);
	csvw_text(w, p->resume_conditions);
	csvw_int(w, p->responsible_org_id);
	csvw_row_end(w);
}

static void plans_file(struct request *r, struct ctx *c, const struct plan_filter *f, enum api_format fmt)
{
	const char *about[2];
	size_t n = 0;
	if (f->review_due) about[n++] = arena_printf(&r->arena, "Att återaktualisera, vecka %s", f->week ? f->week : "denna");
	if (f->status) about[n++] = arena_printf(&r->arena, "Status: %s", f->status);
	static const char *const head[] = {"Plan", "Deltagare", "Förnamn", "Efternamn", "Status", "Steg", "Ses över",
					   "Varför pausad", "Vad som måste hända", "Ansvarig organisation (id)"};
	struct plans_file pf = {.f = f};
	api_list_file(r, c, fmt,
		      &(struct api_list_file){.title = "Gemensamma planer", .name = "planer", .noun = "planer", .head = head,
					      .nhead = sizeof head / sizeof head[0], .about = about, .nabout = n,
					      .read = read_plans, .write = write_plan_row, .arg = &pf, .n = &pf.l.n,
					      .total = &pf.l.total});
}

void api_plans_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct plan_list l;
	const char *review = request_query(r, "review");
	struct plan_filter f = {.status = request_query(r, "status"), .week = request_query(r, "week")};
	if (f.status && !*f.status) f.status = NULL;
	if (f.week && !*f.week) f.week = NULL;
	if (review && *review) {
		if (strcmp(review, "due") == 0) f.review_due = true;
		else err_field(&c->err, "review", review, "Ange review=due för planerna att återaktualisera.");
	}
	enum api_format fmt;
	api_format_param(r, &fmt, &c->err);
	if (c->err.code || api_page(r, &p, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) { plans_file(r, c, &f, fmt); return; }
	if (plan_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
	send_plans(r, &l, &p);
}

void api_participant_plans_list(struct request *r, struct ctx *c)
{
	struct plan_list l;
	if (plan_list_of_participant(c, api_id_param(r, 0), &l) != 0) { api_fail(r, &c->err); return; }
	struct page p = {.limit = l.n > PAGE_MAX_LIMIT ? (int64_t)l.n : PAGE_MAX_LIMIT, .offset = 0};
	send_plans(r, &l, &p);
}

void api_participant_plans_create(struct request *r, struct ctx *c)
{
	struct plan_input in;
	struct plan out;
	int rc = api_read_body(r, c, plan_input_fields, &in, sizeof in) ? plan_create(c, api_id_param(r, 0), &in, &out) : -1;
	send_plan(r, c, rc, 201, &out);
}

void api_plans_get(struct request *r, struct ctx *c)
{
	struct plan out;
	send_plan(r, c, plan_get(c, api_id_param(r, 0), &out), 200, &out);
}

void api_plans_update(struct request *r, struct ctx *c)
{
	struct plan_input in;
	struct plan out;
	int rc = api_read_body(r, c, plan_input_fields, &in, sizeof in) ? plan_update(c, api_id_param(r, 0), &in, &out) : -1;
	send_plan(r, c, rc, 200, &out);
}

void api_plan_steps_create(struct request *r, struct ctx *c)
{
	struct plan_step_input in;
	struct plan out;
	int rc = api_read_body(r, c, step_input_fields, &in, sizeof in) ? plan_step_add(c, api_id_param(r, 0), &in, &out)
									  : -1;
	send_plan(r, c, rc, 201, &out);
}

void api_plan_steps_update(struct request *r, struct ctx *c)
{
	struct plan_step_input in;
	struct plan out;
	int rc = api_read_body(r, c, step_input_fields, &in, sizeof in)
			 ? plan_step_update(c, api_id_param(r, 0), api_id_param(r, 1), &in, &out)
			 : -1;
	send_plan(r, c, rc, 200, &out);
}

static void write_version_head(struct jsonw *w, const struct plan_version *v)
{
	jw_kint(w, "version", v->version);
	jw_kstring(w, "changed_at", v->changed_at);
	jw_kint(w, "user_id", v->user_id);
	jw_kint(w, "org_id", v->org_id);
	jw_kstring(w, "what", v->what);
}

void api_plan_versions_list(struct request *r, struct ctx *c)
{
	struct plan_version_list l;
	if (plan_versions(c, api_id_param(r, 0), &l) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) {
		jw_object(&w);
		write_version_head(&w, &l.items[i]);
		jw_object_end(&w);
	}
	struct page p = {.limit = l.n > PAGE_MAX_LIMIT ? (int64_t)l.n : PAGE_MAX_LIMIT, .offset = 0};
	api_list_end(&w, (int64_t)l.n, &p);
	response_json(r, 200, &w);
}

void api_plan_versions_get(struct request *r, struct ctx *c)
{
	struct plan_version v;
	if (plan_version_get(c, api_id_param(r, 0), api_id_param(r, 1), &v) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	write_version_head(&w, &v);
	jw_key(&w, "plan");
	jw_raw(&w, v.snapshot);
	jw_object_end(&w);
	response_json(r, 200, &w);
}

void api_plan_pdf(struct request *r, struct ctx *c)
{
	unsigned char *pdf;
	size_t len;
	int64_t id = api_id_param(r, 0);
	if (plan_pdf(c, id, &pdf, &len) != 0) { api_fail(r, &c->err); return; }
	response_header(r, "Content-Disposition", arena_printf(&r->arena, "attachment; filename=\"plan-%lld.pdf\"", (long long)id));
	response_body(r, 200, "application/pdf", (char *)pdf, len, HTTP_MEM_FREE);
}

void api_reports_plan_stages(struct request *r, struct ctx *c)
{
	api_table_report(r, c, report_plan_stages, "Deltagare per steg på vägen till arbete", "steg", API_REPORT_PERIOD);
}
