/* orgs.c — /orgs: JSON ↔ struct org; the list also as a CSV or XLSX file. */
#include "api.h"
#include "../base/csv_writer.h"
#include "../se/kommun.h"
#include "../domain/org.h"
#include <string.h>

static void write_org(struct jsonw *w, const struct org *o)
{
	jw_object(w);
	jw_kint(w, "id", o->id);
	jw_kstring(w, "name", o->name);
	jw_kstring(w, "kind", o->kind);
	jw_kstring(w, "municipality_code", o->municipality_code);
	jw_object_end(w);
}

static void respond_org(struct request *r, int status, const struct org *o)
{
	struct jsonw w;
	jw_init(&w);
	write_org(&w, o);
	response_json(r, status, &w);
}

/* The list as a file (format=csv|xlsx), through api_list_file: every
 * organisation, kind and kommun in words. */
static int read_orgs(struct ctx *c, void *arg, const struct page *p, size_t *n, int64_t *total)
{
	struct org_list *l = arg;
	int rc = org_list(c, p, l);
	*n = l->n;
	*total = l->total;
	return rc;
}

static void write_org_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r, (void)c;
	const struct org *o = &((struct org_list *)arg)->items[i];
	csvw_int(w, o->id);
	csvw_text(w, o->name);
	csvw_text(w, org_kind_label(o->kind));
	csvw_text(w, o->municipality_code);
	csvw_text(w, o->municipality_code ? kommun_name(o->municipality_code) : NULL);
	csvw_row_end(w);
}

static void orgs_file(struct request *r, struct ctx *c, const char *q, enum api_format fmt)
{
	static const char *const head[] = {"Organisations-id", "Namn", "Typ", "Kommunkod", "Kommun"};
	struct org_list l;
	api_list_file(r, c, fmt,
		      &(struct api_list_file){.title = "Organisationer", .name = "organisationer", .noun = "organisationer",
					      .head = head, .nhead = sizeof head / sizeof head[0], .read = read_orgs,
					      .write = write_org_row, .arg = &l, .q = q});
}

void api_orgs_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct org_list l;
	enum api_format fmt;
	if (api_page(r, &p, &c->err) != 0 || api_format_param(r, &fmt, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) { orgs_file(r, c, p.q, fmt); return; }
	if (org_list(c, &p, &l) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) write_org(&w, &l.items[i]);
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}

void api_orgs_get(struct request *r, struct ctx *c)
{
	struct org o;
	if (org_get(c, api_id_param(r, 0), &o) != 0) { api_fail(r, &c->err); return; }
	respond_org(r, 200, &o);
}

int api_org_from_json(json_t *body, struct org *in, struct err *e)
{
	bool has;
	memset(in, 0, sizeof *in);
	in->name = json_field_text(body, "name", &has, e);
	in->kind = json_field_text(body, "kind", &has, e);
	in->municipality_code = json_field_text(body, "municipality_code", &has, e);
	return e->code;
}

int api_org_patch_from_json(json_t *body, struct org_patch *in, struct err *e)
{
	memset(in, 0, sizeof *in);
	in->name = json_field_text(body, "name", &in->has_name, e);
	in->kind = json_field_text(body, "kind", &in->has_kind, e);
	in->municipality_code = json_field_text(body, "municipality_code", &in->has_municipality_code, e);
	return e->code;
}

void api_orgs_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct org in, out;
	if (api_org_from_json(body, &in, &c->err) == 0 && org_create(c, &in, &out) == 0)
		respond_org(r, 201, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_orgs_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct org_patch in;
	struct org out;
	if (api_org_patch_from_json(body, &in, &c->err) == 0 && org_update(c, api_id_param(r, 0), &in, &out) == 0)
		respond_org(r, 200, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}
