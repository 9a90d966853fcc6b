/* opportunities.c — /opportunities, open places at employers
 * (docs/matching.md "Opportunities"): JSON ↔ struct opportunity. The
 * requirements are a nested object in the API and flat columns in the
 * store; employer_name, org_id and the times are read only. */
#include "api.h"
#include "../domain/matching/opportunity.h"

_Static_assert(offsetof(struct opportunity_input, v) == 0, "opportunity_fields serve the record and its input");
static const struct api_field requirements[] = {
	API_SENT_V(API_BOOL, struct opportunity_input, driving_licence),
	API_SENT_V(API_TEXT, struct opportunity_input, swedish_level),
	API_SENT_V(API_BOOL, struct opportunity_input, upper_secondary),
	API_SENT_V(API_TEXT, struct opportunity_input, certificate),
	API_END,
};

const struct api_field api_opportunity_fields[] = {
	API_OUT_FIELD(API_INT, struct opportunity, id),
	API_SENT_V(API_INT, struct opportunity_input, employer_id),
	{.name = "need_id", .kind = API_ID, .at = offsetof(struct opportunity_input, v.need_id),
	 .has = API_AT(struct opportunity_input, has_need_id), .flags = API_ZERO_NEGATIVE},
	API_SENT_V(API_TEXT, struct opportunity_input, kind),
	API_SENT_V(API_TEXT, struct opportunity_input, ssyk_code),
	API_SENT_V(API_TEXT, struct opportunity_input, municipality_code),
	API_SENT_V(API_INT, struct opportunity_input, places),
	API_SENT_V(API_TEXT, struct opportunity_input, start_date),
	API_SENT_V(API_TEXT, struct opportunity_input, end_date),
	{.name = "requirements", .kind = API_OBJECT, .sub = requirements, .flags = API_DOTTED},
	{.name = "contact_person_id", .kind = API_ID, .at = offsetof(struct opportunity_input, v.contact_person_id),
	 .has = API_AT(struct opportunity_input, has_contact_person_id), .flags = API_ZERO_NEGATIVE},
	API_SENT_V(API_TEXT, struct opportunity_input, title),
	API_SENT_V(API_TEXT, struct opportunity_input, note),
	API_SENT_V(API_TEXT, struct opportunity_input, status),
	API_OUT_FIELD(API_TEXT, struct opportunity, employer_name),
	API_OUT_FIELD(API_INT, struct opportunity, org_id),
	API_OUT_FIELD(API_TEXT, struct opportunity, created_at),
	API_OUT_FIELD(API_TEXT, struct opportunity, updated_at),
	API_END,
};

void api_opportunities_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct opportunity_filter f = {0};
	struct opportunity_list l;
	api_page(r, &p, &c->err);
	f.status = request_query(r, "status");
	f.kind = request_query(r, "kind");
	f.ssyk_code = request_query(r, "ssyk_code");
	f.municipality_code = request_query(r, "municipality_code");
	f.employer_id = api_id_query(r, "employer_id", &c->err);
	/* opportunity_list adds its own findings to those above and then stops. */
	if (opportunity_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, api_opportunity_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_opportunities_get(struct request *r, struct ctx *c)
{
	struct opportunity o;
	api_reply(r, c, opportunity_get(c, api_id_param(r, 0), &o) == 0, 200, api_opportunity_fields, &o);
}

void api_opportunities_create(struct request *r, struct ctx *c)
{
	struct opportunity_input in;
	struct opportunity out;
	bool ok = api_read_body(r, c, api_opportunity_fields, &in, sizeof in) && opportunity_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, api_opportunity_fields, &out);
}

void api_opportunities_update(struct request *r, struct ctx *c)
{
	struct opportunity_input in;
	struct opportunity out;
	bool ok = api_read_body(r, c, api_opportunity_fields, &in, sizeof in) &&
		  opportunity_update(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, api_opportunity_fields, &out);
}
