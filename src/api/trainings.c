/* trainings.c — /courses and /sessions of the employer trainings
 * (docs/trainings.md): JSON ↔ struct course and struct training_session. */
#include "api.h"
#include "../domain/trainings/course.h"
#include "../domain/trainings/session.h"

/* A course, and what POST reads. */
static const struct api_field course_fields[] = {
	API_OUT_FIELD(API_INT, struct course, id),
	API_FIELD(API_TEXT, struct course, name),
	{.name = "intervention_id", .kind = API_ID, .at = offsetof(struct course, intervention_id), .flags = API_ZERO_NEGATIVE},
	API_FIELD(API_TEXT, struct course, description),
	API_FIELD(API_TEXT, struct course, diploma_title),
	{.name = "survey_session_id", .kind = API_ID, .at = offsetof(struct course, survey_session_id), .flags = API_ZERO_NEGATIVE},
	{.name = "survey_six_months_id", .kind = API_ID, .at = offsetof(struct course, survey_six_months_id),
	 .flags = API_ZERO_NEGATIVE},
	API_OUT_FIELD(API_TEXT, struct course, created_at),
	API_OUT_FIELD(API_TEXT, struct course, updated_at),
	API_END,
};

static const struct api_field course_patch_fields[] = {
	API_SENT(API_TEXT, struct course_patch, name),
	{.name = "intervention_id", .kind = API_ID, .at = offsetof(struct course_patch, intervention_id),
	 .has = API_AT(struct course_patch, has_intervention_id), .flags = API_ZERO_NEGATIVE},
	API_SENT(API_TEXT, struct course_patch, description),
	API_SENT(API_TEXT, struct course_patch, diploma_title),
	{.name = "survey_session_id", .kind = API_ID, .at = offsetof(struct course_patch, survey_session_id),
	 .has = API_AT(struct course_patch, has_survey_session_id), .flags = API_ZERO_NEGATIVE},
	{.name = "survey_six_months_id", .kind = API_ID, .at = offsetof(struct course_patch, survey_six_months_id),
	 .has = API_AT(struct course_patch, has_survey_six_months_id), .flags = API_ZERO_NEGATIVE},
	API_END,
};

/* A session, and what POST reads (capacity absent is -1, refused). */
static const struct api_field session_fields[] = {
	API_OUT_FIELD(API_INT, struct training_session, id),
	API_OUT_FIELD(API_INT, struct training_session, course_id),
	API_FIELD(API_TEXT, struct training_session, format),
	API_FIELD(API_TEXT, struct training_session, starts_at),
	API_FIELD(API_TEXT, struct training_session, ends_at),
	API_FIELD(API_TEXT, struct training_session, place),
	{.name = "capacity", .kind = API_INT, .at = offsetof(struct training_session, capacity), .flags = API_MISSING_NEGATIVE},
	API_FIELD(API_TEXT, struct training_session, registration_deadline),
	{.name = "trainer_user_id", .kind = API_ID, .at = offsetof(struct training_session, trainer_user_id), .flags = API_ZERO_NEGATIVE},
	{.name = "employer_id", .kind = API_ID, .at = offsetof(struct training_session, employer_id), .flags = API_ZERO_NEGATIVE},
	API_OUT_FIELD(API_TEXT, struct training_session, public_token),
	API_FIELD(API_TEXT, struct training_session, status),
	API_OUT_FIELD(API_TEXT, struct training_session, created_at),
	API_OUT_FIELD(API_TEXT, struct training_session, updated_at),
	API_END,
};

#define SESSION_SENT(kind_, m, flags_) \
	{.name = #m, .kind = kind_, .at = offsetof(struct training_session_patch, v.m), \
	 .has = API_AT(struct training_session_patch, has_##m), .flags = flags_}

static const struct api_field session_patch_fields[] = {
	SESSION_SENT(API_TEXT, format, 0),
	SESSION_SENT(API_TEXT, starts_at, 0),
	SESSION_SENT(API_TEXT, ends_at, 0),
	SESSION_SENT(API_TEXT, place, 0),
	SESSION_SENT(API_INT, capacity, API_MISSING_NEGATIVE),
	SESSION_SENT(API_TEXT, registration_deadline, 0),
	SESSION_SENT(API_ID, trainer_user_id, API_ZERO_NEGATIVE),
	SESSION_SENT(API_ID, employer_id, API_ZERO_NEGATIVE),
	SESSION_SENT(API_TEXT, status, 0),
	API_END,
};

static const struct api_field session_copy_fields[] = {
	API_FIELD(API_TEXT, struct training_session_copy, starts_at),
	API_FIELD(API_TEXT, struct training_session_copy, ends_at),
	API_FIELD(API_TEXT, struct training_session_copy, registration_deadline),
	API_END,
};

static const struct api_field trainer_fields[] = {
	API_OUT_FIELD(API_INT, struct trainer, id),
	API_OUT_FIELD(API_TEXT, struct trainer, name),
	API_OUT_FIELD(API_TEXT, struct trainer, username),
	API_END,
};

void api_trainers_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct trainer_list l;
	if (api_page(r, &p, &c->err) != 0 || training_trainer_list(c, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, trainer_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_courses_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct course_list l;
	if (api_page(r, &p, &c->err) != 0 || course_list(c, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, course_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_courses_create(struct request *r, struct ctx *c)
{
	struct course in, out;
	bool ok = api_read_body(r, c, course_fields, &in, sizeof in) && course_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, course_fields, &out);
}

void api_courses_get(struct request *r, struct ctx *c)
{
	struct course out;
	api_reply(r, c, course_get(c, api_id_param(r, 0), &out) == 0, 200, course_fields, &out);
}

void api_courses_update(struct request *r, struct ctx *c)
{
	struct course_patch in;
	struct course out;
	bool ok = api_read_body(r, c, course_patch_fields, &in, sizeof in) &&
	          course_update(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, course_fields, &out);
}

void api_course_sessions_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct training_session_list l;
	if (api_page(r, &p, &c->err) != 0 || training_session_list(c, api_id_param(r, 0), &p, &l) != 0) {
		api_fail(r, &c->err);
		return;
	}
	api_send_page(r, session_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_course_sessions_create(struct request *r, struct ctx *c)
{
	struct training_session in, out;
	bool ok = api_read_body(r, c, session_fields, &in, sizeof in) &&
	          training_session_create(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 201, session_fields, &out);
}

void api_sessions_get(struct request *r, struct ctx *c)
{
	struct training_session out;
	api_reply(r, c, training_session_get(c, api_id_param(r, 0), &out) == 0, 200, session_fields, &out);
}

void api_sessions_update(struct request *r, struct ctx *c)
{
	struct training_session_patch in;
	struct training_session out;
	bool ok = api_read_body(r, c, session_patch_fields, &in, sizeof in) &&
	          training_session_update(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, session_fields, &out);
}

void api_sessions_copy(struct request *r, struct ctx *c)
{
	struct training_session_copy in;
	struct training_session out;
	bool ok = api_read_body(r, c, session_copy_fields, &in, sizeof in) &&
	          training_session_copy(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 201, session_fields, &out);
}
