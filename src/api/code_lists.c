/* code_lists.c — /code-lists: the code lists with their codes, new lists
 * (the förbund's own questions), new codes and relabelled or inactivated
 * codes. */
#include "api.h"
#include "../domain/codelist.h"
#include <string.h>

static void write_code(struct jsonw *w, const struct code *k)
{
	jw_object(w);
	jw_kstring(w, "code", k->code);
	jw_kstring(w, "label", k->label);
	jw_kbool(w, "active", k->active);
	jw_kbool(w, "builtin", k->builtin);
	jw_object_end(w);
}

static void write_list(struct jsonw *w, const struct code_list *l)
{
	jw_object(w);
	jw_kstring(w, "name", l->name);
	jw_kstring(w, "label", l->label);
	jw_kstring(w, "phase", l->phase);
	jw_kbool(w, "multiple", l->multiple);
	jw_kbool(w, "builtin", l->builtin);
	jw_kbool(w, "active", l->active);
	jw_key(w, "codes");
	jw_array(w);
	for (size_t i = 0; i < l->ncodes; i++) write_code(w, &l->codes[i]);
	jw_array_end(w);
	jw_object_end(w);
}

void api_code_lists_list(struct request *r, struct ctx *c)
{
	struct code_lists l;
	if (codelist_all(c, &l) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_key(&w, "items");
	jw_array(&w);
	for (size_t i = 0; i < l.n; i++) write_list(&w, &l.items[i]);
	jw_array_end(&w);
	jw_kint(&w, "total", (int64_t)l.n);
	jw_object_end(&w);
	response_json(r, 200, &w);
}

void api_code_lists_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	bool has;
	struct code_list_input in = {0};
	struct code_list out;
	in.name = json_field_text(body, "name", &has, &c->err);
	in.label = json_field_text(body, "label", &has, &c->err);
	in.phase = json_field_text(body, "phase", &has, &c->err);
	in.multiple = json_field_bool(body, "multiple", &has, &c->err);
	if (c->err.code == 0 && codelist_create(c, &in, &out) == 0) {
		struct jsonw w;
		jw_init(&w);
		write_list(&w, &out);
		response_json(r, 201, &w);
	} else {
		api_fail(r, &c->err);
	}
	json_decref(body);
}

static void respond_code(struct request *r, int status, const struct code *k)
{
	struct jsonw w;
	jw_init(&w);
	write_code(&w, k);
	response_json(r, status, &w);
}

void api_codes_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	bool has;
	struct code_input in = {0};
	struct code out;
	in.code = json_field_text(body, "code", &has, &c->err);
	in.label = json_field_text(body, "label", &has, &c->err);
	if (c->err.code == 0 && codelist_add_code(c, r->params[0], &in, &out) == 0)
		respond_code(r, 201, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_codes_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct code_patch in = {0};
	struct code out;
	in.label = json_field_text(body, "label", &in.has_label, &c->err);
	in.active = json_field_bool(body, "active", &in.has_active, &c->err);
	if (c->err.code == 0 && codelist_update_code(c, r->params[0], r->params[1], &in, &out) == 0)
		respond_code(r, 200, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}
