/* target_groups.c — /target-groups: JSON ↔ struct target_group; the list
 * also as a CSV or XLSX file. */
#include "api.h"
#include "../base/csv_writer.h"
#include "../domain/target_group.h"
#include <string.h>

static void write_target_group(struct jsonw *w, const struct target_group *t)
{
	jw_object(w);
	jw_kstring(w, "code", t->code);
	jw_kstring(w, "name", t->name);
	jw_kstring(w, "description", t->description);
	jw_kbool(w, "active", t->active);
	jw_object_end(w);
}

static void respond_target_group(struct request *r, int status, const struct target_group *t)
{
	struct jsonw w;
	jw_init(&w);
	write_target_group(&w, t);
	response_json(r, status, &w);
}

int api_target_group_from_json(json_t *body, struct target_group *in, struct err *e)
{
	bool has;
	memset(in, 0, sizeof *in);
	in->code = json_field_text(body, "code", &has, e);
	in->name = json_field_text(body, "name", &has, e);
	in->description = json_field_text(body, "description", &has, e);
	in->active = json_field_bool(body, "active", &has, e);
	if (!has) in->active = true;
	return e->code;
}

int api_target_group_patch_from_json(json_t *body, struct target_group_patch *in, struct err *e)
{
	memset(in, 0, sizeof *in);
	in->name = json_field_text(body, "name", &in->has_name, e);
	in->description = json_field_text(body, "description", &in->has_description, e);
	in->active = json_field_bool(body, "active", &in->has_active, e);
	return e->code;
}

/* The list as a file (format=csv|xlsx), through api_list_file. */
static int read_groups(struct ctx *c, void *arg, const struct page *p, size_t *n, int64_t *total)
{
	struct target_group_list *l = arg;
	int rc = target_group_list(c, p, l);
	*n = l->n;
	*total = l->total;
	return rc;
}

static void write_group_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r, (void)c;
	const struct target_group *t = &((struct target_group_list *)arg)->items[i];
	csvw_text(w, t->code);
	csvw_text(w, t->name);
	csvw_text(w, t->description);
	csvw_text(w, t->active ? "ja" : "nej");
	csvw_row_end(w);
}

void api_target_groups_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct target_group_list l;
	enum api_format fmt;
	if (api_page(r, &p, &c->err) != 0 || api_format_param(r, &fmt, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) {
		static const char *const head[] = {"Kod", "Namn", "Beskrivning", "Aktiv"};
		api_list_file(r, c, fmt,
			      &(struct api_list_file){.title = "Målgrupper", .name = "malgrupper", .noun = "målgrupper",
						      .head = head, .nhead = sizeof head / sizeof head[0],
						      .read = read_groups, .write = write_group_row, .arg = &l,
						      .q = p.q});
		return;
	}
	if (target_group_list(c, &p, &l) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) write_target_group(&w, &l.items[i]);
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}

void api_target_groups_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct target_group in, out;
	if (api_target_group_from_json(body, &in, &c->err) == 0 && target_group_create(c, &in, &out) == 0)
		respond_target_group(r, 201, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_target_groups_update(struct request *r, struct ctx *c)
{
	const char *code = r->nparams > 0 ? r->params[0] : NULL;
	if (!target_group_code_valid(code)) {
		err_set(&c->err, ERR_NOT_FOUND, "Målgruppen finns inte.");
		api_fail(r, &c->err);
		return;
	}
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct target_group_patch in;
	struct target_group out;
	if (api_target_group_patch_from_json(body, &in, &c->err) == 0 && target_group_update(c, code, &in, &out) == 0)
		respond_target_group(r, 200, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}
