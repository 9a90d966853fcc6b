/* guidance.c — /guidance-times, their bookings, /participants/{id}/guidance
 * and /reports/guidance (docs/plans.md "SYV-tider"): JSON ↔ struct
 * guidance_time and struct guidance_booking, the time list also as a CSV
 * or XLSX file; the report as every report table (JSON, CSV, XLSX). */
#include "api.h"
#include "../domain/plans/guidance.h"
#include "../base/csv_writer.h"
#include "../http/request.h"
#include <string.h>

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

/* The list as a file (format=csv|xlsx), through api_list_file: each page
 * read (and audited) as the list is; times in UTC as the API has them. */
struct times_file {
	const struct guidance_filter *f;
	struct guidance_time_list l;
};

static int read_times(struct ctx *c, void *arg, const struct page *p)
{
	struct times_file *tf = arg;
	return guidance_time_list(c, tf->f, p, &tf->l);
}

static void write_time_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r;
	(void)c;
	const struct guidance_time *t = &((struct times_file *)arg)->l.items[i];
	csvw_int(w, t->id);
	csvw_text(w, t->starts_at);
	csvw_text(w, t->ends_at);
	csvw_text(w, t->place);
	csvw_text(w, t->counsellor_name);
	csvw_text(w, t->booked ? "bokad" : "ledig");
	csvw_text(w, t->participant_name);
	csvw_text(w, t->outcome ? (strcmp(t->outcome, "held") == 0 ? "genomförd" : "ej genomförd") : NULL);
	csvw_row_end(w);
}

static void times_file(struct request *r, struct ctx *c, const struct guidance_filter *f, enum api_format fmt)
{
	struct times_file tf = {.f = f};
	const char *about[4];
	size_t n = 0;
	if (f->from) about[n++] = arena_printf(&r->arena, "Från: %s", f->from);
	if (f->to) about[n++] = arena_printf(&r->arena, "Till: %s", f->to);
	if (f->place) about[n++] = arena_printf(&r->arena, "Plats: %s", f->place);
	if (f->free_only) about[n++] = "Bara lediga tider";
	static const char *const head[] = {"Tid-id", "Start (UTC)", "Slut (UTC)", "Plats", "Vägledare", "Bokning", "Deltagare",
					   "Utfall"};
	api_list_file(r, c, fmt,
		&(struct api_list_file){.title = "SYV-tider", .name = "syv-tider", .noun = "tider", .head = head,
					.nhead = sizeof head / sizeof head[0], .about = about, .nabout = n,
					.read = read_times, .write = write_time_row, .arg = &tf, .n = &tf.l.n,
					.total = &tf.l.total});
}

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
	enum api_format fmt;
	api_format_param(r, &fmt, &c->err);
	if (!c->err.code && fmt != API_FORMAT_JSON) { times_file(r, c, &f, fmt); return; }
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
