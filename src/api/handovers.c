/* handovers.c — /plans/{id}/handovers, /handovers, /plans/{id}/feedback,
 * /plans/feedback and /reports/handovers (docs/plans.md "Handovers" and
 * "Feedback after a step"): JSON ↔ the handover and feedback structs of
 * domain/plans/handover.h, whose one writer of each shape answers here and
 * in the plan. */
#include "api.h"
#include "../domain/plans/handover.h"
#include "../domain/plans/plan.h"
#include "../http/request.h"
#include <string.h>

static const struct api_field handover_input_fields[] = {
	{.name = "to_org_id", .kind = API_ID, .at = offsetof(struct plan_handover_input, to_org_id), .flags = API_ZERO_NEGATIVE},
	{.name = "to_user_id", .kind = API_ID, .at = offsetof(struct plan_handover_input, to_user_id), .flags = API_ZERO_NEGATIVE},
	{.name = "step_id", .kind = API_ID, .at = offsetof(struct plan_handover_input, step_id), .flags = API_ZERO_NEGATIVE},
	API_FIELD(API_TEXT, struct plan_handover_input, note),
	API_FIELD(API_TEXT, struct plan_handover_input, deadline),
	API_END,
};

static const struct api_field decision_fields[] = {
	API_FIELD(API_TEXT, struct plan_handover_decision, decision),
	API_FIELD(API_TEXT, struct plan_handover_decision, reason),
	API_END,
};

struct feedback_input {
	int64_t step_id;
	const char *text;
};
static const struct api_field feedback_input_fields[] = {
	{.name = "step_id", .kind = API_ID, .at = offsetof(struct feedback_input, step_id), .flags = API_ZERO_NEGATIVE},
	API_FIELD(API_TEXT, struct feedback_input, text),
	API_END,
};

static void send_handover(struct request *r, struct ctx *c, int rc, int status, const struct plan_handover *h)
{
	if (rc != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	plan_handover_write_json(&w, h);
	response_json(r, status, &w);
}

void api_plan_handovers_create(struct request *r, struct ctx *c)
{
	struct plan_handover_input in;
	struct plan_handover out;
	int rc = api_read_body(r, c, handover_input_fields, &in, sizeof in)
			 ? plan_handover_create(c, api_id_param(r, 0), &in, &out)
			 : -1;
	send_handover(r, c, rc, 201, &out);
}

void api_handovers_get(struct request *r, struct ctx *c)
{
	struct plan_handover out;
	send_handover(r, c, plan_handover_get(c, api_id_param(r, 0), &out), 200, &out);
}

void api_handovers_update(struct request *r, struct ctx *c)
{
	struct plan_handover_decision in;
	struct plan_handover out;
	int rc = api_read_body(r, c, decision_fields, &in, sizeof in) ? plan_handover_decide(c, api_id_param(r, 0), &in, &out)
								       : -1;
	send_handover(r, c, rc, 200, &out);
}

void api_handovers_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct plan_handover_list l;
	struct plan_handover_filter f = {.status = request_query(r, "status")};
	if (f.status && !*f.status) f.status = NULL;
	f.mine = api_bool_query(r, "mine", &c->err);
	const char *direction = request_query(r, "direction");
	if (direction && *direction) {
		if (strcmp(direction, "out") == 0) f.outgoing = true;
		else if (strcmp(direction, "in") != 0)
			err_field(&c->err, "direction", direction, "Ange in (till er) eller out (från er).");
	}
	if (c->err.code || api_page(r, &p, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (plan_handover_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) plan_handover_write_json(&w, &l.items[i]);
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}

void api_plan_feedback_create(struct request *r, struct ctx *c)
{
	struct feedback_input in;
	struct plan out;
	int64_t id = api_id_param(r, 0);
	if (!api_read_body(r, c, feedback_input_fields, &in, sizeof in) || plan_feedback_create(c, id, in.step_id, in.text) != 0 ||
	    plan_get(c, id, &out) != 0) {
		api_fail(r, &c->err);
		return;
	}
	struct jsonw w;
	jw_init(&w);
	plan_write_json(&w, &out, true);
	response_json(r, 201, &w);
}

void api_plan_feedback_read(struct request *r, struct ctx *c)
{
	if (plan_feedback_mark_read(c, api_id_param(r, 0)) != 0) { api_fail(r, &c->err); return; }
	response_empty(r, 204);
}

void api_plan_feedback_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct plan_feedback_list l;
	bool unread = api_bool_query(r, "unread", &c->err);
	if (c->err.code || api_page(r, &p, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (plan_feedback_list(c, unread, &p, &l) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) plan_feedback_write_json(&w, &l.items[i], true);
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}

void api_reports_handovers(struct request *r, struct ctx *c)
{
	api_table_report(r, c, report_handovers, "Överlämningar per mottagande part", "overlamningar", API_REPORT_PERIOD);
}
