/* registrations.c — registrations to training sessions (docs/trainings.md):
 * the public page's session and form, the cancel link's page, and the
 * staff's list, read and change (attendance, cancel). JSON ↔ the structs of
 * domain/trainings/registration.h. */
#include "api.h"
#include "../domain/trainings/registration.h"

static const struct api_field public_session_fields[] = {
	API_OUT_FIELD(API_TEXT, struct public_session, course),
	API_OUT_FIELD(API_TEXT, struct public_session, description),
	API_OUT_FIELD(API_TEXT, struct public_session, format),
	API_OUT_FIELD(API_TEXT, struct public_session, starts_at),
	API_OUT_FIELD(API_TEXT, struct public_session, ends_at),
	API_OUT_FIELD(API_TEXT, struct public_session, place),
	API_OUT_FIELD(API_TEXT, struct public_session, registration_deadline),
	API_OUT_FIELD(API_TEXT, struct public_session, status),
	API_OUT_FIELD(API_INT, struct public_session, seats_left),
	API_OUT_FIELD(API_BOOL, struct public_session, waitlist_open),
	API_OUT_FIELD(API_BOOL, struct public_session, open),
	API_END,
};

/* The public form (website: the honeypot). */
static const struct api_field registration_input_fields[] = {
	API_FIELD(API_TEXT, struct registration_input, first_name),
	API_FIELD(API_TEXT, struct registration_input, last_name),
	API_FIELD(API_TEXT, struct registration_input, email),
	API_FIELD(API_TEXT, struct registration_input, phone),
	API_FIELD(API_TEXT, struct registration_input, employer_orgnr),
	API_FIELD(API_TEXT, struct registration_input, employer_name),
	API_FIELD(API_TEXT, struct registration_input, role_at_work),
	API_FIELD(API_TEXT, struct registration_input, sex),
	API_FIELD(API_TEXT, struct registration_input, dietary_needs),
	API_FIELD(API_BOOL, struct registration_input, consent),
	API_FIELD(API_TEXT, struct registration_input, website),
	API_END,
};

struct status_answer {
	const char *status;
};

static const struct api_field status_fields[] = {
	API_OUT_FIELD(API_TEXT, struct status_answer, status),
	API_END,
};

static const struct api_field cancel_view_fields[] = {
	API_OUT_FIELD(API_TEXT, struct registration_cancel_view, first_name),
	API_OUT_FIELD(API_TEXT, struct registration_cancel_view, course),
	API_OUT_FIELD(API_TEXT, struct registration_cancel_view, starts_at),
	API_OUT_FIELD(API_TEXT, struct registration_cancel_view, status),
	API_END,
};

static const struct api_field registration_fields[] = {
	API_OUT_FIELD(API_INT, struct registration, id),
	API_OUT_FIELD(API_INT, struct registration, session_id),
	API_OUT_FIELD(API_TEXT, struct registration, first_name),
	API_OUT_FIELD(API_TEXT, struct registration, last_name),
	API_OUT_FIELD(API_TEXT, struct registration, email),
	API_OUT_FIELD(API_TEXT, struct registration, phone),
	API_OUT_FIELD(API_TEXT, struct registration, employer_orgnr),
	API_OUT_FIELD(API_TEXT, struct registration, employer_name),
	API_OUT_FIELD(API_ID, struct registration, employer_id),
	API_OUT_FIELD(API_TEXT, struct registration, role_at_work),
	API_OUT_FIELD(API_TEXT, struct registration, sex),
	API_OUT_FIELD(API_TEXT, struct registration, dietary_needs),
	API_OUT_FIELD(API_TEXT, struct registration, status),
	{.name = "waitlist_position", .kind = API_INT, .at = offsetof(struct registration, waitlist_position),
	 .flags = API_OUT, .known = API_AT(struct registration, waitlisted)},
	API_OUT_FIELD(API_BOOL, struct registration, attended),
	API_OUT_FIELD(API_ID, struct registration, attendee_id),
	API_OUT_FIELD(API_TEXT, struct registration, diploma_code),
	API_OUT_FIELD(API_TEXT, struct registration, created_at),
	API_END,
};

static const struct api_field registration_patch_fields[] = {
	API_SENT(API_BOOL, struct registration_patch, attended),
	API_SENT(API_TEXT, struct registration_patch, status),
	API_END,
};

void api_public_sessions_get(struct request *r, struct ctx *c)
{
	struct public_session out;
	api_reply(r, c, public_session_get(c, r->params[0], &out) == 0, 200, public_session_fields, &out);
}

void api_public_registrations_create(struct request *r, struct ctx *c)
{
	/* The form is small: a larger body is not a person's (the server's
	 * own limit is for the staff's larger bodies). */
	if (r->body_len > REGISTRATION_BODY_MAX) {
		response_problem(r, 413, "too-large", "För stor begäran", "Anmälan är större än 8 kB.", NULL);
		return;
	}
	struct registration_input in;
	struct status_answer out = {0};
	bool created = false;
	bool ok = api_read_body(r, c, registration_input_fields, &in, sizeof in) &&
		  public_registration_submit(c, r->params[0], &in, &out.status, &created) == 0;
	api_reply(r, c, ok, created ? 201 : 200, status_fields, &out);
}

void api_public_registrations_get(struct request *r, struct ctx *c)
{
	struct registration_cancel_view out;
	api_reply(r, c, public_registration_view(c, r->params[0], &out) == 0, 200, cancel_view_fields, &out);
}

void api_public_registrations_delete(struct request *r, struct ctx *c)
{
	struct status_answer out = {"cancelled"};
	api_reply(r, c, public_registration_cancel(c, r->params[0]) == 0, 200, status_fields, &out);
}

void api_session_registrations_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct registration_list l;
	if (api_page(r, &p, &c->err) != 0 || registration_list(c, api_id_param(r, 0), &p, &l) != 0) {
		api_fail(r, &c->err);
		return;
	}
	api_send_page(r, registration_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_registrations_get(struct request *r, struct ctx *c)
{
	struct registration out;
	api_reply(r, c, registration_get(c, api_id_param(r, 0), &out) == 0, 200, registration_fields, &out);
}

void api_registrations_update(struct request *r, struct ctx *c)
{
	struct registration_patch in;
	struct registration out;
	bool ok = api_read_body(r, c, registration_patch_fields, &in, sizeof in) &&
		  registration_update(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, registration_fields, &out);
}
