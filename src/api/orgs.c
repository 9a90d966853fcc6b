/* orgs.c — /orgs: JSON ↔ struct org. */
#include "api.h"
#include "../domain/org.h"

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

void api_orgs_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) return api_fail(r, &c->err);
	bool has;
	struct org in = {0}, out;
	in.name = json_field_text(body, "name", &has, &c->err);
	in.kind = json_field_text(body, "kind", &has, &c->err);
	in.municipality_code = json_field_text(body, "municipality_code", &has, &c->err);
	if (c->err.code == 0 && org_create(c, &in, &out) == 0)
		response_json(r, 201, org_json(&out));
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_orgs_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) return api_fail(r, &c->err);
	struct org_patch in = {0};
	struct org out;
	in.name = json_field_text(body, "name", &in.has_name, &c->err);
	in.kind = json_field_text(body, "kind", &in.has_kind, &c->err);
	in.municipality_code = json_field_text(body, "municipality_code", &in.has_municipality_code, &c->err);
	if (c->err.code == 0 && org_update(c, api_id_param(r, 0), &in, &out) == 0)
		response_json(r, 200, org_json(&out));
	else
		api_fail(r, &c->err);
	json_decref(body);
}
