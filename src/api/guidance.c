/* guidance.c — /guidance-times, their bookings, /participants/{id}/guidance
 * and /reports/guidance (docs/plans.md "SYV-tider"): JSON ↔ struct
 * guidance_time and struct guidance_booking; the report as every report
 * table (JSON, CSV, XLSX). */
#include "api.h"
#include "../domain/plans/guidance.h"
#include "../http/request.h"

static const struct api_field time_fields[] = {
	API_OUT_FIELD(API_INT, struct guidance_time, id),
	API_OUT_FIELD(API_INT, struct guidance_time, counsellor_user_id),
	API_OUT_FIELD(API_TEXT, struct guidance_time, counsellor_name),
	API_OUT_FIELD(API_INT, struct guidance_time, org_id),
	API_OUT_FIELD(API_TEXT, struct guidance_time, starts_at),
	API_OUT_FIELD(API_TEXT, struct guidance_time, ends_at),
	API_OUT_FIELD(API_TEXT, struct guidance_time, place),
	API_OUT_FIELD(API_BOOL, struct guidance_time, booked),
	{.name = "participant_id", .kind = API_ID, .at = offsetof(struct guidance_time, participant_id), .flags = API_OUT},
	API_OUT_FIELD(API_TEXT, struct guidance_time, participant_name),
	{.name = "booking_id", .kind = API_ID, .at = offsetof(struct guidance_time, booking_id), .flags = API_OUT},
	{.name = "booked_by_org_id", .kind = API_ID, .at = offsetof(struct guidance_time, booked_by_org_id), .flags = API_OUT},
	API_OUT_FIELD(API_TEXT, struct guidance_time, outcome),
	API_OUT_FIELD(API_TEXT, struct guidance_time, feedback),
	API_OUT_FIELD(API_TEXT, struct guidance_time, created_at),
	API_OUT_FIELD(API_TEXT, struct guidance_time, updated_at),
	API_END,
};

static const struct api_field input_fields[] = {
	{.name = "counsellor_user_id", .kind = API_ID, .at = offsetof(struct guidance_time_input, counsellor_user_id),
	 .flags = API_ZERO_NEGATIVE},
	API_FIELD(API_TEXT, struct guidance_time_input, starts_at),
	API_FIELD(API_TEXT, struct guidance_time_input, ends_at),
	API_FIELD(API_TEXT, struct guidance_time_input, place),
	API_FIELD(API_INT, struct guidance_time_input, repeat),
	API_FIELD(API_INT, struct guidance_time_input, every_days),
	API_END,
};

struct booking_input {
	int64_t participant_id;
};
static const struct api_field booking_input_fields[] = {
	{.name = "participant_id", .kind = API_ID, .at = offsetof(struct booking_input, participant_id),
	 .flags = API_ZERO_NEGATIVE},
	API_END,
};

static const struct api_field outcome_fields[] = {
	API_SENT(API_TEXT, struct guidance_outcome, outcome),
	API_SENT(API_TEXT, struct guidance_outcome, feedback),
	API_END,
};

static const struct api_field booking_fields[] = {
	API_OUT_FIELD(API_INT, struct guidance_booking, id),
	API_OUT_FIELD(API_INT, struct guidance_booking, time_id),
	API_OUT_FIELD(API_INT, struct guidance_booking, participant_id),
	API_OUT_FIELD(API_INT, struct guidance_booking, counsellor_user_id),
	API_OUT_FIELD(API_TEXT, struct guidance_booking, counsellor_name),
	API_OUT_FIELD(API_TEXT, struct guidance_booking, starts_at),
	API_OUT_FIELD(API_TEXT, struct guidance_booking, ends_at),
	API_OUT_FIELD(API_TEXT, struct guidance_booking, place),
	API_OUT_FIELD(API_INT, struct guidance_booking, booked_by_user_id),
	API_OUT_FIELD(API_INT, struct guidance_booking, booked_by_org_id),
	API_OUT_FIELD(API_TEXT, struct guidance_booking, created_at),
	API_OUT_FIELD(API_TEXT, struct guidance_booking, cancelled_at),
	API_OUT_FIELD(API_TEXT, struct guidance_booking, outcome),
	API_OUT_FIELD(API_TEXT, struct guidance_booking, feedback),
	API_OUT_FIELD(API_TEXT, struct guidance_booking, outcome_at),
	API_END,
};

void api_guidance_times_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct guidance_filter f = {0};
	struct guidance_time_list l;
	api_page(r, &p, &c->err);
	f.from = request_query(r, "from");
	f.to = request_query(r, "to");
	f.place = request_query(r, "place");
	f.counsellor_user_id = api_id_query(r, "counsellor_user_id", &c->err);
	f.free_only = api_bool_query(r, "free", &c->err);
	/* guidance_time_list adds its own findings to those above and then stops. */
	if (guidance_time_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, time_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_guidance_times_create(struct request *r, struct ctx *c)
{
	struct guidance_time_input in;
	struct guidance_time out;
	bool ok = api_read_body(r, c, input_fields, &in, sizeof in) && guidance_time_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, time_fields, &out);
}

void api_guidance_times_get(struct request *r, struct ctx *c)
{
	struct guidance_time out;
	api_reply(r, c, guidance_time_get(c, api_id_param(r, 0), &out) == 0, 200, time_fields, &out);
}

void api_guidance_times_update(struct request *r, struct ctx *c)
{
	struct guidance_outcome in;
	struct guidance_time out;
	bool ok = api_read_body(r, c, outcome_fields, &in, sizeof in) &&
		  guidance_record_outcome(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, time_fields, &out);
}

void api_guidance_times_delete(struct request *r, struct ctx *c)
{
	api_reply(r, c, guidance_time_remove(c, api_id_param(r, 0)) == 0, 204, NULL, NULL);
}

void api_guidance_booking_create(struct request *r, struct ctx *c)
{
	struct booking_input in;
	struct guidance_time out;
	bool ok = api_read_body(r, c, booking_input_fields, &in, sizeof in) &&
		  guidance_book(c, api_id_param(r, 0), in.participant_id, &out) == 0;
	api_reply(r, c, ok, 201, time_fields, &out);
}

void api_guidance_booking_delete(struct request *r, struct ctx *c)
{
	struct guidance_time out;
	api_reply(r, c, guidance_cancel(c, api_id_param(r, 0), &out) == 0, 200, time_fields, &out);
}

void api_participant_guidance(struct request *r, struct ctx *c)
{
	struct page p;
	struct guidance_booking_list l;
	if (api_page(r, &p, &c->err) != 0 ||
	    guidance_participant_bookings(c, api_id_param(r, 0), &p, &l) != 0) {
		api_fail(r, &c->err);
		return;
	}
	api_send_page(r, booking_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_reports_guidance(struct request *r, struct ctx *c)
{
	api_table_report(r, c, report_guidance, "SYV-bokningar", "syv-bokningar", API_REPORT_PERIOD);
}
