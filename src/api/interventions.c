/* interventions.c — /interventions with their /volumes and /attendees:
 * JSON ↔ struct intervention, volume and attendee. The list also answers a
 * CSV or XLSX file. */
#include "api.h"
#include "../se/sex.h"
#include "../base/csv_writer.h"
#include "../domain/codelist.h"
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

/* The list as a file (format=csv|xlsx), through api_list_file, with kind,
 * status and owner in words. */
struct interventions_file {
	const struct intervention_filter *f;
	struct intervention_list l;
	struct target_group_list groups;
};

static int read_interventions(struct ctx *c, void *arg, const struct page *p, size_t *n, int64_t *total)
{
	struct interventions_file *vf = arg;
	int rc = intervention_list(c, vf->f, p, &vf->l);
	*n = vf->l.n;
	*total = vf->l.total;
	return rc;
}

static void write_intervention_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	struct interventions_file *vf = arg;
	const struct intervention *it = &vf->l.items[i];
	struct org owner;
	bool known = org_get(c, it->owner_org_id, &owner) == 0;
	err_clear(&c->err);
	csvw_int(w, it->id);
	csvw_text(w, it->name);
	csvw_text(w, intervention_kind_label(it->kind));
	csvw_text(w, known ? owner.name : NULL);
	csvw_text(w, it->start_date);
	csvw_text(w, it->end_date);
	csvw_text(w, intervention_status_label(it->status));
	csvw_text(w, target_group_names_in(&vf->groups, it->target_groups, it->n_target_groups, &r->arena));
	csvw_row_end(w);
}

static void interventions_file(struct request *r, struct ctx *c, const struct intervention_filter *f, const char *q,
			       enum api_format fmt)
{
	struct interventions_file vf = {.f = f};
	struct page all = {.limit = PAGE_MAX_LIMIT, .offset = 0};
	if (target_group_list(c, &all, &vf.groups) != 0) { api_fail(r, &c->err); return; }
	const char *about[5];
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
	static const char *const head[] = {"Insats-id", "Namn", "Typ", "Ägare", "Startdatum", "Slutdatum", "Status",
					   "Målgrupper"};
	api_list_file(r, c, fmt,
	       &(struct api_list_file){.title = "Insatser", .name = "insatser", .noun = "insatser", .head = head,
				       .nhead = sizeof head / sizeof head[0], .about = about, .nabout = n,
				       .read = read_interventions, .write = write_intervention_row, .arg = &vf, .q = q});
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
	if (!c->err.code && fmt != API_FORMAT_JSON) { interventions_file(r, c, &f, p.q, fmt); return; }
	if (intervention_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
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
	if (intervention_get(c, api_id_param(r, 0), &v) != 0) { api_fail(r, &c->err); return; }
	respond_intervention(r, 200, &v);
}

void api_interventions_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
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
	if (!body) { api_fail(r, &c->err); return; }
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

/* The intervention a file of its volumes or attendees is about: its name
 * (the id when it cannot be read: the list's own read answers for that). */
static const char *intervention_about(struct request *r, struct ctx *c, int64_t id)
{
	struct intervention v;
	const char *line = intervention_get(c, id, &v) == 0 ? arena_printf(&r->arena, "Insats: %s", v.name)
							     : arena_printf(&r->arena, "Insats: id %lld", (long long)id);
	err_clear(&c->err);
	return line;
}

/* An intervention's volumes as a file (format=csv|xlsx), through api_list_file. */
struct volumes_file {
	int64_t intervention_id;
	struct volume_list l;
};

static int read_volumes(struct ctx *c, void *arg, const struct page *p, size_t *n, int64_t *total)
{
	struct volumes_file *vf = arg;
	int rc = volume_list(c, vf->intervention_id, p, &vf->l);
	*n = vf->l.n;
	*total = vf->l.total;
	return rc;
}

static void write_volume_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r, (void)c;
	const struct volume *v = &((struct volumes_file *)arg)->l.items[i];
	csvw_text(w, v->period_start);
	csvw_text(w, v->period_end);
	csvw_int(w, v->women + v->men);
	csvw_int(w, v->women);
	csvw_int(w, v->men);
	csvw_row_end(w);
}

void api_volumes_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct volume_list l;
	enum api_format fmt;
	if (api_page(r, &p, &c->err) != 0 || api_format_param(r, &fmt, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) {
		struct volumes_file vf = {.intervention_id = api_id_param(r, 0)};
		const char *about[] = {intervention_about(r, c, vf.intervention_id)};
		static const char *const head[] = {"Periodens start", "Periodens slut", "Totalt", "Kvinnor", "Män"};
		api_list_file(r, c, fmt,
			      &(struct api_list_file){.title = "Volymer", .name = arena_printf(&r->arena, "insats-%lld-volymer",
												 (long long)vf.intervention_id),
						      .noun = "perioder", .head = head, .nhead = sizeof head / sizeof head[0],
						      .about = about, .nabout = 1, .read = read_volumes,
						      .write = write_volume_row, .arg = &vf});
		return;
	}
	if (volume_list(c, api_id_param(r, 0), &p, &l) != 0) { api_fail(r, &c->err); return; }
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
	if (!body) { api_fail(r, &c->err); return; }
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

/* An intervention's attendees as a file (format=csv|xlsx), through
 * api_list_file: each page audited as the list is; the format's label
 * beside its code. */
struct attendees_file {
	int64_t intervention_id;
	struct attendee_list l;
	struct code_lists codes;
};

static int read_attendees(struct ctx *c, void *arg, const struct page *p, size_t *n, int64_t *total)
{
	struct attendees_file *af = arg;
	int rc = attendee_list(c, af->intervention_id, p, &af->l);
	*n = af->l.n;
	*total = af->l.total;
	return rc;
}

static void write_attendee_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r, (void)c;
	struct attendees_file *af = arg;
	const struct attendee *v = &af->l.items[i];
	csvw_int(w, v->id);
	csvw_text(w, v->first_name);
	csvw_text(w, v->last_name);
	csvw_text(w, sex_label(v->sex));
	csvw_text(w, v->email);
	if (v->employer_id) csvw_int(w, v->employer_id);
	else csvw_empty(w);
	csvw_text(w, v->organisation_name);
	csvw_text(w, v->format);
	csvw_text(w, codelist_label_in(&af->codes, "attendee_format", v->format));
	csvw_text(w, v->date);
	csvw_row_end(w);
}

void api_attendees_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct attendee_list l;
	enum api_format fmt;
	if (api_page(r, &p, &c->err) != 0 || api_format_param(r, &fmt, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) {
		struct attendees_file af = {.intervention_id = api_id_param(r, 0)};
		if (codelist_all(c, &af.codes) != 0) { api_fail(r, &c->err); return; }
		const char *about[] = {intervention_about(r, c, af.intervention_id)};
		static const char *const head[] = {"Registrerings-id", "Förnamn", "Efternamn", "Kön", "E-post", "Arbetsgivar-id",
						   "Arbetsgivare eller organisation", "Formkod", "Form", "Datum"};
		api_list_file(r, c, fmt,
			      &(struct api_list_file){.title = "Deltagare i insatsen",
						      .name = arena_printf(&r->arena, "insats-%lld-deltagare",
									   (long long)af.intervention_id),
						      .noun = "registreringar", .head = head, .nhead = sizeof head / sizeof head[0],
						      .about = about, .nabout = 1, .read = read_attendees,
						      .write = write_attendee_row, .arg = &af});
		return;
	}
	if (attendee_list(c, api_id_param(r, 0), &p, &l) != 0) { api_fail(r, &c->err); return; }
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
	if (attendee_get(c, api_id_param(r, 0), api_id_param(r, 1), &v) != 0) { api_fail(r, &c->err); return; }
	respond_attendee(r, 200, &v);
}

void api_attendees_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
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
	if (!body) { api_fail(r, &c->err); return; }
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
	if (attendee_delete(c, api_id_param(r, 0), api_id_param(r, 1)) != 0) { api_fail(r, &c->err); return; }
	response_empty(r, 204);
}
