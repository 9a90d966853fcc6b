/* orgs.c — /orgs: JSON ↔ struct org. */
#include "api.h"
#include "../domain/org.h"
#include <string.h>

static json_t *org_json(const struct org *o)
{
	return json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)o->id, "name", o->name, "kind", o->kind,
			 "municipality_code", json_text_or_null(o->municipality_code));
}

void api_orgs_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct org_list l;
	if (api_page(r, &p, &c->err) != 0 || org_list(c, &p, &l) != 0) return api_fail(r, &c->err);
	json_t *items = json_array();
	for (size_t i = 0; i < l.n; i++) json_array_append_new(items, org_json(&l.items[i]));
	response_json(r, 200, json_list(items, l.total, &p));
}

void api_orgs_get(struct request *r, struct ctx *c)
{
	struct org o;
	if (org_get(c, api_id_param(r, 0), &o) != 0) return api_fail(r, &c->err);
	response_json(r, 200, org_json(&o));
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
	if (!body) return api_fail(r, &c->err);
	struct org in, out;
	if (api_org_from_json(body, &in, &c->err) == 0 && org_create(c, &in, &out) == 0)
		response_json(r, 201, org_json(&out));
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_orgs_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) return api_fail(r, &c->err);
	struct org_patch in;
	struct org out;
	if (api_org_patch_from_json(body, &in, &c->err) == 0 && org_update(c, api_id_param(r, 0), &in, &out) == 0)
		response_json(r, 200, org_json(&out));
	else
		api_fail(r, &c->err);
	json_decref(body);
}
