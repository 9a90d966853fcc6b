/* interventions.c — /interventions with their /volumes and /attendees:
 * JSON ↔ struct intervention, volume and attendee. The list also answers a
 * CSV or XLSX file. */
#include "api.h"
#include "../base/clock.h"
#include "../base/csv_writer.h"
#include "../domain/org.h"
#include "../domain/target_group.h"
#include "../domain/attendee.h"
#include "../domain/intervention.h"
#include "../domain/volume.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- interventions --- */

static void write_intervention(struct jsonw *w, const struct intervention *v)
{
	jw_object(w);
	jw_kint(w, "id", v->id);
	jw_kstring(w, "name", v->name);
	jw_kstring(w, "kind", v->kind);
	jw_kint(w, "owner_org_id", v->owner_org_id);
	jw_key(w, "partner_org_ids");
	jw_array(w);
	for (size_t i = 0; i < v->n_partners; i++) jw_int(w, v->partner_org_ids[i]);
	jw_array_end(w);
	jw_kstring(w, "start_date", v->start_date);
	jw_kstring(w, "end_date", v->end_date);
	jw_kstring(w, "status", v->status);
	jw_key(w, "target_groups");
	jw_array(w);
	for (size_t i = 0; i < v->n_target_groups; i++) jw_string(w, v->target_groups[i]);
	jw_array_end(w);
	jw_kstring(w, "measurement", v->measurement);
	jw_kstring(w, "description", v->description);
	jw_key(w, "budgets");
	jw_array(w);
	for (size_t i = 0; i < v->n_budgets; i++) {
		const struct intervention_budget *b = &v->budgets[i];
		jw_object(w);
		jw_kint(w, "year", b->year);
		jw_kstring(w, "funder", b->funder);
		jw_kint(w, "amount_sek", b->amount_sek);
		jw_key(w, "actual_sek");
		if (b->has_actual) jw_int(w, b->actual_sek); else jw_null(w);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_key(w, "goals");
	jw_array(w);
	for (size_t i = 0; i < v->n_goals; i++) {
		jw_object(w);
		jw_kint(w, "year", v->goals[i].year);
		jw_kstring(w, "indicator", v->goals[i].indicator);
		jw_kint(w, "target", v->goals[i].target);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_object_end(w);
}

static void respond_intervention(struct request *r, int status, const struct intervention *v)
{
	struct jsonw w;
	jw_init(&w);
	write_intervention(&w, v);
	response_json(r, status, &w);
}

/* A field of item i of a list, read by json_field_* with the error named
 * "list[i].field". */
static void item_err(struct err *e, const char *list, size_t i, const char *field, const struct err *tmp)
{
	char name[64];
	snprintf(name, sizeof name, "%s[%zu].%s", list, i, field);
	err_field(e, name, NULL, tmp->params[0].reason);
}

static int64_t item_int(json_t *item, const char *list, size_t i, const char *field, bool *has, struct err *e)
{
	struct err tmp;
	err_clear(&tmp);
	int64_t v = json_field_int(item, field, has, &tmp);
	if (tmp.code) item_err(e, list, i, field, &tmp);
	return v;
}

static const char *item_text(json_t *item, const char *list, size_t i, const char *field, struct err *e)
{
	struct err tmp;
	bool has;
	err_clear(&tmp);
	const char *v = json_field_text(item, field, &has, &tmp);
	if (tmp.code) item_err(e, list, i, field, &tmp);
	return v;
}

/* A list of objects: absent → NULL with *has false; each item must be an
 * object (else "list[i]" is named). */
static json_t *object_list(json_t *o, const char *name, bool *has, struct err *e)
{
	json_t *v = json_object_get(o, name);
	*has = v != NULL;
	if (!v) return NULL;
	if (!json_is_array(v)) {
		err_field(e, name, NULL, "Ska vara en lista med objekt.");
		return NULL;
	}
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		if (json_is_object(item)) continue;
		char n[64];
		snprintf(n, sizeof n, "%s[%zu]", name, i);
		err_field(e, n, NULL, "Ska vara ett objekt.");
	}
	return v;
}

/* A missing amount or target reaches the domain as -1, which it refuses. */
static void read_budgets(json_t *body, struct arena *a, struct intervention *v, bool *has, struct err *e)
{
	json_t *list = object_list(body, "budgets", has, e);
	size_t n = list ? json_array_size(list) : 0;
	struct intervention_budget *b = arena_zalloc(a, sizeof *b * (n + 1));
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(list, i);
		if (!json_is_object(item)) continue;
		bool h;
		b[i].year = item_int(item, "budgets", i, "year", &h, e);
		b[i].funder = item_text(item, "budgets", i, "funder", e);
		b[i].amount_sek = item_int(item, "budgets", i, "amount_sek", &h, e);
		if (!h || json_is_null(json_object_get(item, "amount_sek"))) b[i].amount_sek = -1;
		b[i].actual_sek = item_int(item, "budgets", i, "actual_sek", &h, e);
		b[i].has_actual = h && !json_is_null(json_object_get(item, "actual_sek"));
	}
	v->budgets = b, v->n_budgets = n;
}

static void read_goals(json_t *body, struct arena *a, struct intervention *v, bool *has, struct err *e)
{
	json_t *list = object_list(body, "goals", has, e);
	size_t n = list ? json_array_size(list) : 0;
	struct intervention_goal *g = arena_zalloc(a, sizeof *g * (n + 1));
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(list, i);
		if (!json_is_object(item)) continue;
		bool h;
		g[i].year = item_int(item, "goals", i, "year", &h, e);
		g[i].indicator = item_text(item, "goals", i, "indicator", e);
		g[i].target = item_int(item, "goals", i, "target", &h, e);
	}
	v->goals = g, v->n_goals = n;
}

int api_intervention_patch_from_json(json_t *body, struct arena *a, struct intervention_patch *in, struct err *e)
{
	memset(in, 0, sizeof *in);
	struct intervention *v = &in->v;
	v->name = json_field_text(body, "name", &in->has_name, e);
	v->kind = json_field_text(body, "kind", &in->has_kind, e);
	v->owner_org_id = json_field_int(body, "owner_org_id", &in->has_owner_org_id, e);
	v->partner_org_ids = json_field_int_list(body, "partner_org_ids", a, &v->n_partners, &in->has_partner_org_ids, e);
	v->start_date = json_field_text(body, "start_date", &in->has_start_date, e);
	v->end_date = json_field_text(body, "end_date", &in->has_end_date, e);
	v->status = json_field_text(body, "status", &in->has_status, e);
	v->measurement = json_field_text(body, "measurement", &in->has_measurement, e);
	v->description = json_field_text(body, "description", &in->has_description, e);
	v->target_groups = json_field_text_list(body, "target_groups", a, &v->n_target_groups, &in->has_target_groups, e);
	read_budgets(body, a, v, &in->has_budgets, e);
	read_goals(body, a, v, &in->has_goals, e);
	return e->code;
}

int api_intervention_from_json(json_t *body, struct arena *a, struct intervention *in, struct err *e)
{
	struct intervention_patch p;
	api_intervention_patch_from_json(body, a, &p, e);
	*in = p.v;
	return e->code;
}

/* The list as a file (format=csv|xlsx): every intervention the filters
 * find, read page by page, up to API_LIST_FILE_MAX rows, with kind, status
 * and owner in words. */
static void interventions_file(struct request *r, struct ctx *c, const struct intervention_filter *f, const char *q,
			       enum api_format fmt)
{
	struct page p = {.limit = PAGE_MAX_LIMIT, .offset = 0, .q = q};
	struct intervention_list l;
	if (intervention_list(c, f, &p, &l) != 0) return api_fail(r, &c->err);
	struct target_group_list groups = {0};
	struct page all = {.limit = PAGE_MAX_LIMIT, .offset = 0};
	if (target_group_list(c, &all, &groups) != 0) return api_fail(r, &c->err);
	char today[11];
	clock_today(today);
	const char *about[6];
	size_t n = 0;
	if (q && *q) about[n++] = arena_printf(&r->arena, "Namnet innehåller: %s", q);
	if (f->kind) about[n++] = arena_printf(&r->arena, "Typ: %s", intervention_kind_label(f->kind));
	if (f->status) about[n++] = arena_printf(&r->arena, "Status: %s", intervention_status_label(f->status));
	if (f->org_id) {
		struct org o;
		about[n++] = org_get(c, f->org_id, &o) == 0 ? arena_printf(&r->arena, "Organisation: %s", o.name)
							    : arena_printf(&r->arena, "Organisation: id %lld", (long long)f->org_id);
		err_clear(&c->err);
	}
	if (f->year) about[n++] = arena_printf(&r->arena, "År: %lld", (long long)f->year);
	about[n++] = arena_printf(&r->arena, "%lld insatser", (long long)l.total);
	about[n++] = arena_printf(&r->arena, "Framtagen %s ur Samsyn", today);
	struct csvw w;
	if (!api_download_begin(r, &w, fmt, "Insatser", about, n)) return;
	static const char *const head[] = {"Insats-id", "Namn", "Typ", "Ägare", "Startdatum", "Slutdatum", "Status",
					   "Målgrupper"};
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) csvw_text(&w, head[i]);
	csvw_row_end(&w);
	int64_t written = 0;
	for (;;) {
		for (size_t i = 0; i < l.n && written < API_LIST_FILE_MAX; i++, written++) {
			const struct intervention *it = &l.items[i];
			struct org owner;
			bool known = org_get(c, it->owner_org_id, &owner) == 0;
			err_clear(&c->err);
			csvw_int(&w, it->id);
			csvw_text(&w, it->name);
			csvw_text(&w, intervention_kind_label(it->kind));
			csvw_text(&w, known ? owner.name : NULL);
			csvw_text(&w, it->start_date);
			csvw_text(&w, it->end_date);
			csvw_text(&w, intervention_status_label(it->status));
			csvw_text(&w, target_group_names_in(&groups, it->target_groups, it->n_target_groups, &r->arena));
			csvw_row_end(&w);
		}
		p.offset += (int64_t)l.n;
		if (l.n == 0 || written >= API_LIST_FILE_MAX || p.offset >= l.total) break;
		if (intervention_list(c, f, &p, &l) != 0) {
			csvw_free(&w);
			return api_fail(r, &c->err);
		}
	}
	api_download_send(r, &w, fmt, arena_printf(&r->arena, "insatser-%s", today));
}

void api_interventions_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct intervention_filter f = {0};
	struct intervention_list l;
	api_page(r, &p, &c->err);
	f.kind = request_query(r, "kind");
	f.status = request_query(r, "status");
	f.org_id = api_id_query(r, "org_id", &c->err);
	f.year = api_int_query(r, "year", 1990, 2100, "Ange ett år 1990–2100.", &c->err);
	enum api_format fmt;
	api_format_param(r, &fmt, &c->err);
	/* The domain adds its own filter errors to those found here. */
	if (!c->err.code && fmt != API_FORMAT_JSON) return interventions_file(r, c, &f, p.q, fmt);
	if (intervention_list(c, &f, &p, &l) != 0) return api_fail(r, &c->err);
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) write_intervention(&w, &l.items[i]);
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}

void api_interventions_get(struct request *r, struct ctx *c)
{
	struct intervention v;
	if (intervention_get(c, api_id_param(r, 0), &v) != 0) return api_fail(r, &c->err);
	respond_intervention(r, 200, &v);
}

void api_interventions_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) return api_fail(r, &c->err);
	struct intervention in, out;
	if (api_intervention_from_json(body, c->arena, &in, &c->err) == 0 && intervention_create(c, &in, &out) == 0)
		respond_intervention(r, 201, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_interventions_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) return api_fail(r, &c->err);
	struct intervention_patch in;
	struct intervention out;
	if (api_intervention_patch_from_json(body, c->arena, &in, &c->err) == 0 &&
	    intervention_update(c, api_id_param(r, 0), &in, &out) == 0)
		respond_intervention(r, 200, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

/* --- volumes --- */

static void write_volume(struct jsonw *w, const struct volume *v)
{
	jw_object(w);
	jw_kint(w, "id", v->id);
	jw_kint(w, "intervention_id", v->intervention_id);
	jw_kstring(w, "period_start", v->period_start);
	jw_kstring(w, "period_end", v->period_end);
	jw_kint(w, "women", v->women);
	jw_kint(w, "men", v->men);
	jw_object_end(w);
}

int api_volume_from_json(json_t *body, struct volume *in, struct err *e)
{
	bool has;
	memset(in, 0, sizeof *in);
	in->period_start = json_field_text(body, "period_start", &has, e);
	in->period_end = json_field_text(body, "period_end", &has, e);
	in->women = json_field_int(body, "women", &has, e);
	if (!has || json_is_null(json_object_get(body, "women"))) in->women = -1;
	in->men = json_field_int(body, "men", &has, e);
	if (!has || json_is_null(json_object_get(body, "men"))) in->men = -1;
	return e->code;
}

void api_volumes_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct volume_list l;
	if (api_page(r, &p, &c->err) != 0 || volume_list(c, api_id_param(r, 0), &p, &l) != 0) return api_fail(r, &c->err);
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) write_volume(&w, &l.items[i]);
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}

void api_volumes_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) return api_fail(r, &c->err);
	struct volume in, out;
	if (api_volume_from_json(body, &in, &c->err) == 0 && volume_create(c, api_id_param(r, 0), &in, &out) == 0) {
		struct jsonw w;
		jw_init(&w);
		write_volume(&w, &out);
		response_json(r, 201, &w);
	} else {
		api_fail(r, &c->err);
	}
	json_decref(body);
}

/* --- attendees --- */

static void write_attendee(struct jsonw *w, const struct attendee *v)
{
	jw_object(w);
	jw_kint(w, "id", v->id);
	jw_kint(w, "intervention_id", v->intervention_id);
	jw_kstring(w, "first_name", v->first_name);
	jw_kstring(w, "last_name", v->last_name);
	jw_kstring(w, "sex", v->sex);
	jw_kstring(w, "email", v->email);
	jw_kint_or_null(w, "employer_id", v->employer_id);
	jw_kstring(w, "organisation_name", v->organisation_name);
	jw_kstring(w, "format", v->format);
	jw_kstring(w, "date", v->date);
	jw_object_end(w);
}

static void respond_attendee(struct request *r, int status, const struct attendee *v)
{
	struct jsonw w;
	jw_init(&w);
	write_attendee(&w, v);
	response_json(r, status, &w);
}

int api_attendee_patch_from_json(json_t *body, struct attendee_patch *in, struct err *e)
{
	memset(in, 0, sizeof *in);
	struct attendee *v = &in->v;
	v->first_name = json_field_text(body, "first_name", &in->has_first_name, e);
	v->last_name = json_field_text(body, "last_name", &in->has_last_name, e);
	v->sex = json_field_text(body, "sex", &in->has_sex, e);
	v->email = json_field_text(body, "email", &in->has_email, e);
	v->employer_id = json_field_int(body, "employer_id", &in->has_employer_id, e);
	if (in->has_employer_id && !json_is_null(json_object_get(body, "employer_id")) && v->employer_id == 0)
		v->employer_id = -1; /* 0 is no id: refused, not read as "none" */
	v->organisation_name = json_field_text(body, "organisation_name", &in->has_organisation_name, e);
	v->format = json_field_text(body, "format", &in->has_format, e);
	v->date = json_field_text(body, "date", &in->has_date, e);
	return e->code;
}

int api_attendee_from_json(json_t *body, struct attendee *in, struct err *e)
{
	struct attendee_patch p;
	api_attendee_patch_from_json(body, &p, e);
	*in = p.v;
	return e->code;
}

void api_attendees_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct attendee_list l;
	if (api_page(r, &p, &c->err) != 0 || attendee_list(c, api_id_param(r, 0), &p, &l) != 0)
		return api_fail(r, &c->err);
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) write_attendee(&w, &l.items[i]);
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}

void api_attendees_get(struct request *r, struct ctx *c)
{
	struct attendee v;
	if (attendee_get(c, api_id_param(r, 0), api_id_param(r, 1), &v) != 0) return api_fail(r, &c->err);
	respond_attendee(r, 200, &v);
}

void api_attendees_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) return api_fail(r, &c->err);
	struct attendee in, out;
	if (api_attendee_from_json(body, &in, &c->err) == 0 && attendee_create(c, api_id_param(r, 0), &in, &out) == 0)
		respond_attendee(r, 201, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_attendees_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) return api_fail(r, &c->err);
	struct attendee_patch in;
	struct attendee out;
	if (api_attendee_patch_from_json(body, &in, &c->err) == 0 &&
	    attendee_update(c, api_id_param(r, 0), api_id_param(r, 1), &in, &out) == 0)
		respond_attendee(r, 200, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_attendees_delete(struct request *r, struct ctx *c)
{
	if (attendee_delete(c, api_id_param(r, 0), api_id_param(r, 1)) != 0) return api_fail(r, &c->err);
	response_empty(r, 204);
}
