/* audit.c — GET /audit: filters from the query string, events as JSON (a
 * list read with how many records it named and the first 1 000 of their
 * ids). */
#include "api.h"
#include "../domain/audit.h"

void api_audit_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct audit_filter f = {0};
	struct audit_list l;
	api_page(r, &p, &c->err);
	f.user_id = api_int_query(r, "user_id", 1, INT64_MAX, "Ange användarens id, ett positivt heltal.", &c->err);
	f.entity_id = api_int_query(r, "entity_id", 1, INT64_MAX, "Ange objektets id, ett positivt heltal.", &c->err);
	f.entity = request_query(r, "entity");
	f.action = request_query(r, "action");
	f.from = request_query(r, "from");
	f.to = request_query(r, "to");
	if (c->err.code || audit_list(c, &f, &p, &l) != 0) return api_fail(r, &c->err);
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) {
		const struct audit_event *e = &l.items[i];
		jw_object(&w);
		jw_kint(&w, "id", e->id);
		jw_kstring(&w, "at", e->at);
		jw_kint_or_null(&w, "user_id", e->user_id);
		jw_kstring(&w, "username", e->username);
		jw_kstring(&w, "action", e->action);
		jw_kstring(&w, "entity", e->entity);
		jw_kint_or_null(&w, "entity_id", e->entity_id);
		jw_kstring(&w, "entity_name", e->entity_name);
		jw_kstring(&w, "address", e->address);
		jw_kstring(&w, "detail", e->detail);
		/* A list read names its records here (entity_id is null). */
		jw_kint_or_null(&w, "entity_count", e->entity_count);
		jw_key(&w, "entity_ids");
		if (e->entity_count) {
			jw_array(&w);
			for (size_t k = 0; k < e->n_entity_ids; k++) jw_int(&w, e->entity_ids[k]);
			jw_array_end(&w);
		} else {
			jw_null(&w);
		}
		jw_object_end(&w);
	}
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}
