/* handler.c — the shapes the resource handlers share: a body read into an
 * input struct by its table (fields.h), and the answer — one record by its
 * table, an empty 204, a list page, or the problem the domain call left in
 * c->err. A handler is then "read, call the domain, reply":
 *
 *	bool ok = api_read_body(r, c, api_org_patch_fields, &in, sizeof in) &&
 *	          org_update(c, id, &in, &out) == 0;
 *	api_reply(r, c, ok, 200, api_org_fields, &out);
 */
#include "api.h"

bool api_read_body(struct request *r, struct ctx *c, const struct api_field *t, void *in, size_t size)
{
	json_t *body = api_body_object(r, &c->err);
	return body && api_read_fields(body, t, c->arena, in, size, &c->err) == 0;
}

void api_send(struct request *r, int status, const struct api_field *t, const void *record)
{
	struct jsonw w;
	jw_init(&w);
	api_write_object(&w, t, record);
	response_json(r, status, &w);
}

void api_reply(struct request *r, struct ctx *c, bool ok, int status, const struct api_field *t, const void *record)
{
	if (!ok) api_fail(r, &c->err);
	else if (!t) response_empty(r, status);
	else api_send(r, status, t, record);
}

void api_send_page_bounded(struct request *r, const struct api_field *t, const void *items, size_t size, size_t n,
			   int64_t total, bool bounded, const struct page *p)
{
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < n; i++) {
		jw_object(&w);
		api_write_members(&w, t, (const char *)items + i * size, false);
		jw_object_end(&w);
	}
	api_list_end_bounded(&w, total, bounded, p);
	response_json(r, 200, &w);
}

void api_send_page(struct request *r, const struct api_field *t, const void *items, size_t size, size_t n,
		   int64_t total, const struct page *p)
{
	api_send_page_bounded(r, t, items, size, n, total, false, p);
}

int api_page_format(struct request *r, struct page *p, enum api_format *f, struct err *e)
{
	if (api_page(r, p, e) == 0) api_format_param(r, f, e);
	return e->code;
}
