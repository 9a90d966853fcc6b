/* audit.c — GET /audit: filters from the query string, events as JSON. */
#include "api.h"
#include "../domain/audit.h"
#include <stdlib.h>

void api_audit_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct audit_filter f = {0};
	struct audit_list l;
	api_page(r, &p, &c->err);
	const char *uid = request_query(r, "user_id");
	if (uid) {
		char *end;
		f.user_id = strtoll(uid, &end, 10);
		if (*end || f.user_id <= 0) err_field(&c->err, "user_id", uid, "user_id ska vara ett positivt heltal.");
	}
	f.entity = request_query(r, "entity");
	f.action = request_query(r, "action");
	f.from = request_query(r, "from");
	f.to = request_query(r, "to");
	if (c->err.code || audit_list(c, &f, &p, &l) != 0) return api_fail(r, &c->err);
	json_t *items = json_array();
	for (size_t i = 0; i < l.n; i++) {
		const struct audit_event *e = &l.items[i];
		json_array_append_new(items,
			json_pack("{s:I, s:s, s:o, s:o, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)e->id, "at", e->at,
				  "user_id", e->user_id ? json_integer(e->user_id) : json_null(), "username",
				  json_text_or_null(e->username), "action", e->action, "entity", e->entity, "entity_id",
				  e->entity_id ? json_integer(e->entity_id) : json_null(), "address",
				  json_text_or_null(e->address), "detail", json_text_or_null(e->detail)));
	}
	response_json(r, 200, json_list(items, l.total, &p));
}
