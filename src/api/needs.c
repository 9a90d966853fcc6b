/* needs.c — /employers/{id}/needs: JSON ↔ struct need. Requirements and
 * what the employer is open to are nested objects in the API and flat
 * columns in the store. */
#include "api.h"
#include "../domain/need.h"

/* A need, and what POST and PATCH read into struct need_input: one table,
 * as the record v comes first in the input. */
_Static_assert(offsetof(struct need_input, v) == 0, "need_fields serve struct need and its input");
static const struct api_field requirements[] = {
	API_SENT_V(API_BOOL, struct need_input, driving_licence),
	API_SENT_V(API_TEXT, struct need_input, swedish_level),
	API_SENT_V(API_BOOL, struct need_input, upper_secondary),
	API_SENT_V(API_TEXT, struct need_input, vocational_certificate),
	API_END,
};

static const struct api_field open_to[] = {
	API_SENT_V(API_BOOL, struct need_input, praktik),
	API_SENT_V(API_BOOL, struct need_input, work_training),
	API_SENT_V(API_BOOL, struct need_input, apl),
	API_SENT_V(API_BOOL, struct need_input, wage_subsidy),
	API_SENT_V(API_BOOL, struct need_input, mentorship),
	API_END,
};

const struct api_field api_need_fields[] = {
	API_OUT_FIELD(API_INT, struct need, id),
	API_OUT_FIELD(API_INT, struct need, employer_id),
	API_SENT_V(API_TEXT, struct need_input, ssyk_code),
	API_SENT_V(API_INT, struct need_input, headcount),
	API_SENT_V(API_TEXT, struct need_input, period_start),
	API_SENT_V(API_TEXT, struct need_input, period_end),
	API_SENT_V(API_TEXT, struct need_input, municipality_code),
	{.name = "requirements", .kind = API_OBJECT, .sub = requirements},
	{.name = "open_to", .kind = API_OBJECT, .sub = open_to},
	API_SENT_V(API_TEXT, struct need_input, note),
	API_SENT_V(API_BOOL, struct need_input, active),
	API_OUT_FIELD(API_TEXT, struct need, created_at),
	API_OUT_FIELD(API_TEXT, struct need, updated_at),
	API_END,
};

void api_needs_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct need_list l;
	if (api_page(r, &p, &c->err) != 0 || need_list(c, api_id_param(r, 0), &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, api_need_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_needs_create(struct request *r, struct ctx *c)
{
	struct need_input in;
	struct need out;
	bool ok = api_read_body(r, c, api_need_fields, &in, sizeof in) &&
	          need_create(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 201, api_need_fields, &out);
}

void api_needs_update(struct request *r, struct ctx *c)
{
	struct need_input in;
	struct need out;
	bool ok = api_read_body(r, c, api_need_fields, &in, sizeof in) &&
	          need_update(c, api_id_param(r, 0), api_id_param(r, 1), &in, &out) == 0;
	api_reply(r, c, ok, 200, api_need_fields, &out);
}
