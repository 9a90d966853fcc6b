/* placements.c — /placements (docs/matching.md "Placements"): JSON ↔
 * struct placement. POST proposes a participant, PATCH takes the next
 * step; both answer the placement with the contact log's warnings of other
 * organisations' recent contacts with the employer. And
 * GET /reports/placements, a report table like the follow-up's. */
#include "api.h"
#include "../domain/employer_contact.h"
#include "../domain/matching/placement.h"

static const struct api_field placement_fields[] = {
	API_OUT_FIELD(API_INT, struct placement, id),
	API_OUT_FIELD(API_INT, struct placement, participant_id),
	API_OUT_FIELD(API_INT, struct placement, opportunity_id),
	API_OUT_FIELD(API_TEXT, struct placement, state),
	API_OUT_FIELD(API_TEXT, struct placement, proposed_date),
	API_OUT_FIELD(API_TEXT, struct placement, answer_date),
	API_OUT_FIELD(API_TEXT, struct placement, start_date),
	API_OUT_FIELD(API_TEXT, struct placement, end_date),
	API_OUT_FIELD(API_TEXT, struct placement, result),
	API_OUT_FIELD(API_TEXT, struct placement, reason),
	API_OUT_FIELD(API_TEXT, struct placement, note),
	API_OUT_FIELD(API_INT, struct placement, employer_id),
	API_OUT_FIELD(API_TEXT, struct placement, employer_name),
	API_OUT_FIELD(API_TEXT, struct placement, kind),
	API_OUT_FIELD(API_TEXT, struct placement, ssyk_code),
	API_OUT_FIELD(API_TEXT, struct placement, first_name),
	API_OUT_FIELD(API_TEXT, struct placement, last_name),
	API_OUT_FIELD(API_INT, struct placement, org_id),
	API_OUT_FIELD(API_TEXT, struct placement, org_name),
	API_OUT_FIELD(API_INT, struct placement, proposed_by_user_id),
	API_OUT_FIELD(API_TEXT, struct placement, created_at),
	API_OUT_FIELD(API_TEXT, struct placement, updated_at),
	API_END,
};

static const struct api_field input_fields[] = {
	{.name = "participant_id", .kind = API_INT, .at = offsetof(struct placement_input, participant_id),
	 .flags = API_MISSING_NEGATIVE},
	{.name = "opportunity_id", .kind = API_INT, .at = offsetof(struct placement_input, opportunity_id),
	 .flags = API_MISSING_NEGATIVE},
	API_FIELD(API_TEXT, struct placement_input, proposed_date),
	API_FIELD(API_TEXT, struct placement_input, channel),
	API_FIELD(API_TEXT, struct placement_input, note),
	API_END,
};

static const struct api_field step_fields[] = {
	API_SENT(API_TEXT, struct placement_step, state),
	API_FIELD(API_TEXT, struct placement_step, date),
	API_FIELD(API_TEXT, struct placement_step, result),
	API_FIELD(API_TEXT, struct placement_step, reason),
	API_FIELD(API_TEXT, struct placement_step, channel),
	API_FIELD(API_TEXT, struct placement_step, note),
	API_END,
};

/* The placement and "warnings", as POST /employers/{id}/contacts answers. */
static void send_with_warnings(struct request *r, struct ctx *c, int status, const struct placement *x,
			       const struct employer_contact_list *warnings)
{
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	api_write_members(&w, placement_fields, x, true);
	api_write_contact_warnings(&w, c, warnings);
	jw_object_end(&w);
	response_json(r, status, &w);
}

void api_placements_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct placement_filter f = {0};
	struct placement_list l;
	api_page(r, &p, &c->err);
	f.participant_id = api_id_query(r, "participant_id", &c->err);
	f.opportunity_id = api_id_query(r, "opportunity_id", &c->err);
	f.employer_id = api_id_query(r, "employer_id", &c->err);
	f.state = request_query(r, "state");
	if (c->err.code || placement_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, placement_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_placements_get(struct request *r, struct ctx *c)
{
	struct placement x;
	api_reply(r, c, placement_get(c, api_id_param(r, 0), &x) == 0, 200, placement_fields, &x);
}

void api_placements_create(struct request *r, struct ctx *c)
{
	struct placement_input in;
	struct placement out;
	struct employer_contact_list warnings;
	if (!api_read_body(r, c, input_fields, &in, sizeof in) || placement_create(c, &in, &out, &warnings) != 0) {
		api_fail(r, &c->err);
		return;
	}
	send_with_warnings(r, c, 201, &out, &warnings);
}

void api_placements_update(struct request *r, struct ctx *c)
{
	struct placement_step in;
	struct placement out;
	struct employer_contact_list warnings;
	if (!api_read_body(r, c, step_fields, &in, sizeof in) ||
	    placement_update(c, api_id_param(r, 0), &in, &out, &warnings) != 0) {
		api_fail(r, &c->err);
		return;
	}
	send_with_warnings(r, c, 200, &out, &warnings);
}

void api_reports_placements(struct request *r, struct ctx *c)
{
	api_table_report(r, c, report_placements, "Placeringar", "placeringar", API_REPORT_PERIOD);
}
