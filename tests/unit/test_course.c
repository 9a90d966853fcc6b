/* test_course.c — courses and sessions of the employer trainings
 * (domain/trainings/) against a real SQLite file: a course only on a
 * structural intervention, the session's rules (format, times in UTC, a
 * trainer who has the role, the employer of a commissioned training and only
 * then), the unguessable token that a change keeps and a copy renews, who may
 * (admin and kansli change; a trainer her own session's status; the rest
 * read), and an audit event for every change and none for a refused one. */
#include "testutil.h"
#include "domain/trainings/course.h"
#include "domain/trainings/session.h"
#include <string.h>

static const struct actor admin = TESTDB_ADMIN;
static const struct actor anna = TESTDB_ANNA;
static const struct actor kerstin = {.user_id = 20, .org_id = 1, .roles = ROLE_KANSLI, .username = "kerstin"};
static const struct actor tina = {.user_id = 21, .org_id = 2, .roles = ROLE_TRAINER, .username = "tina"};
static const struct actor tom = {.user_id = 22, .org_id = 3, .roles = ROLE_TRAINER | ROLE_CASE_WORKER, .username = "tom"};

static int setup(void **state)
{
	testenv_setup_fixture(state, "2026-11-20",
		TESTDB_ORGS_SQL TESTDB_USERS_SQL TESTDB_STEGET_SQL
		"INSERT INTO users (id, username, name, org_id, roles, created_at, updated_at) VALUES"
		" (20, 'kerstin', 'Kerstin', 1, 'kansli', 'x', 'x'), (21, 'tina', 'Tina', 2, 'trainer', 'x', 'x'),"
		" (22, 'tom', 'Tom', 3, 'case_worker,trainer', 'x', 'x');"
		"INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement,"
		" created_at, updated_at) VALUES (200, 'Mentorskap', 'structural', 1, '2022-01-01', NULL, 'active', 'volume', 'x', 'x');"
		"INSERT INTO employers (id, orgnr, name, name_key, sni_code, sni_section, size_class, municipality_code, created_at, updated_at)"
		" VALUES (1, '5560000001', 'Verkstad AB', 'verkstad ab', '25620', 'C', '1-4', '1488', 'x', 'x');");
	return 0;
}

static int64_t make_course(struct testenv *env)
{
	struct course out;
	struct ctx *c = testenv_ctx(env, &kerstin);
	assert_int_equal(course_create(c, &(struct course){.name = "Mentorskap grund", .intervention_id = 200,
						     .diploma_title = "Diplomerad mentor"}, &out), 0);
	return out.id;
}

static struct training_session round_of(void)
{
	return (struct training_session){.format = "in_person", .starts_at = "2027-03-05T08:00:00Z",
		.ends_at = "2027-03-05T15:00:00Z", .place = "Folkets hus", .capacity = 30, .trainer_user_id = 21};
}

static void test_course_rules(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	int64_t id = make_course(env);
	assert_int_equal(audit_events_of(env->t.db, "create", "course", id), 1);

	struct course out;
	struct ctx *c = testenv_ctx(env, &kerstin);
	assert_int_equal(course_create(c, &(struct course){.name = "X", .intervention_id = 100}, &out), ERR_INVALID);
	assert_true(err_names_field(&c->err, "intervention_id"));
	c = testenv_ctx(env, &kerstin);
	assert_int_equal(course_create(c, &(struct course){.name = "", .intervention_id = 200, .diploma_title = ""}, &out), ERR_INVALID);
	assert_true(err_names_field(&c->err, "name") && err_names_field(&c->err, "diploma_title") && !err_names_field(&c->err, "intervention_id"));
	c = testenv_ctx(env, &anna);
	assert_int_equal(course_create(c, &(struct course){.name = "X", .intervention_id = 200}, &out), ERR_FORBIDDEN);
	c = testenv_ctx(env, &tina);
	assert_int_equal(course_update(c, id, &(struct course_patch){.name = "Y", .has_name = true}, &out), ERR_FORBIDDEN);
	assert_int_equal(audit_count(env), events + 1);

	c = testenv_ctx(env, &admin);
	assert_int_equal(course_update(c, id, &(struct course_patch){.diploma_title = NULL, .has_diploma_title = true}, &out), 0);
	assert_null(out.diploma_title);
	assert_string_equal(out.name, "Mentorskap grund");
	assert_int_equal(audit_events_of(env->t.db, "update", "course", id), 1);

	struct course_list l;
	c = testenv_ctx(env, &anna);
	assert_int_equal(course_list(c, &(struct page){.limit = 10, .q = "grund"}, &l), 0);
	assert_int_equal(l.total, 1);
	c = testenv_ctx(env, &tina);
	assert_int_equal(course_get(c, 999, &out), ERR_NOT_FOUND);
	c = testenv_ctx(env, NULL);
	assert_int_equal(course_get(c, id, &out), ERR_UNAUTH);
}

static void test_session_rules(void **state)
{
	struct testenv *env = *state;
	int64_t course = make_course(env);
	int64_t events = audit_count(env);
	struct training_session out, in = round_of();
	struct ctx *c = testenv_ctx(env, &kerstin);
	assert_int_equal(training_session_create(c, course, &in, &out), 0);
	assert_string_equal(out.status, "open");
	assert_true(strlen(out.public_token) >= 22);
	const char *token = out.public_token;
	int64_t id = out.id;
	assert_int_equal(audit_count(env), events + 1);

	/* Each rule names its field. */
	struct {
		const char *field;
		struct training_session t;
	} bad[] = {
		{"format", {.format = "outdoor"}},
		{"starts_at", {.starts_at = "2027-03-05T08:00:00+01:00"}},
		{"starts_at", {.starts_at = "2027-02-30T08:00:00Z"}},
		{"ends_at", {.ends_at = "2027-03-05T24:00:00Z"}},
		{"ends_at", {.ends_at = "2027-03-04T08:00:00Z"}},
		{"registration_deadline", {.registration_deadline = "2027-03-06T00:00:00Z"}},
		{"capacity", {.capacity = -1}},
		{"trainer_user_id", {.trainer_user_id = 10}},
		{"employer_id", {.employer_id = 1}},
		{"employer_id", {.format = "commissioned"}},
		{"employer_id", {.format = "commissioned", .employer_id = 99}},
		{"status", {.status = "maybe"}},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct training_session t = round_of(), *b = &bad[i].t;
		if (b->format) t.format = b->format;
		if (b->starts_at) t.starts_at = b->starts_at;
		if (b->ends_at) t.ends_at = b->ends_at;
		if (b->registration_deadline) t.registration_deadline = b->registration_deadline;
		if (b->capacity) t.capacity = b->capacity;
		if (b->trainer_user_id) t.trainer_user_id = b->trainer_user_id;
		if (b->employer_id) t.employer_id = b->employer_id;
		if (b->status) t.status = b->status;
		c = testenv_ctx(env, &kerstin);
		assert_int_equal(training_session_create(c, course, &t, &out), ERR_INVALID);
		if (!err_names_field(&c->err, bad[i].field)) fail_msg("case %zu: %s not named", i, bad[i].field);
	}
	in = round_of();
	in.format = "commissioned";
	in.employer_id = 1;
	in.starts_at = "2019-05-02T07:00:00Z"; /* history may be registered */
	in.ends_at = "2019-05-02T12:00:00Z";
	c = testenv_ctx(env, &admin);
	assert_int_equal(training_session_create(c, course, &in, &out), 0);
	assert_int_equal(out.employer_id, 1);
	assert_int_equal(audit_count(env), events + 2);

	/* A change keeps the token. */
	struct training_session_patch p = {.v = {.status = "closed", .capacity = 12}, .has_status = true, .has_capacity = true};
	c = testenv_ctx(env, &kerstin);
	assert_int_equal(training_session_update(c, id, &p, &out), 0);
	assert_string_equal(out.status, "closed");
	assert_int_equal(out.capacity, 12);
	assert_string_equal(out.public_token, token);
	assert_int_equal(audit_events_of(env->t.db, "update", "training_session", id), 1);

	/* A copy: open, at the new time, a token of its own. */
	c = testenv_ctx(env, &kerstin);
	assert_int_equal(training_session_copy(c, id, &(struct training_session_copy){.starts_at = "2027-09-01T08:00:00Z",
		.ends_at = "2027-09-01T15:00:00Z"}, &out), 0);
	assert_int_not_equal(out.id, id);
	assert_string_equal(out.status, "open");
	assert_int_equal(out.capacity, 12);
	assert_string_not_equal(out.public_token, token);
	c = testenv_ctx(env, &kerstin);
	assert_int_equal(training_session_copy(c, id, &(struct training_session_copy){0}, &out), ERR_INVALID);
	assert_true(err_names_field(&c->err, "starts_at") && err_names_field(&c->err, "ends_at"));
	assert_int_equal(audit_count(env), events + 4);
}

static void test_session_who_may(void **state)
{
	struct testenv *env = *state;
	int64_t course = make_course(env);
	struct training_session out, in = round_of();
	struct ctx *c = testenv_ctx(env, &kerstin);
	assert_int_equal(training_session_create(c, course, &in, &out), 0);
	int64_t tinas = out.id;
	in.trainer_user_id = 0;
	c = testenv_ctx(env, &kerstin);
	assert_int_equal(training_session_create(c, course, &in, &out), 0);
	int64_t nobodys = out.id;
	int64_t events = audit_count(env);

	/* Tina sees and closes her own; another's is not there for her. */
	struct training_session_list l;
	c = testenv_ctx(env, &tina);
	assert_int_equal(training_session_list(c, course, &(struct page){.limit = 10}, &l), 0);
	assert_int_equal(l.total, 1);
	assert_int_equal(l.items[0].id, tinas);
	c = testenv_ctx(env, &tina);
	assert_int_equal(training_session_get(c, nobodys, &out), ERR_NOT_FOUND);
	struct training_session_patch status = {.v = {.status = "closed"}, .has_status = true};
	c = testenv_ctx(env, &tina);
	assert_int_equal(training_session_update(c, tinas, &status, &out), 0);
	struct training_session_patch capacity = {.v = {.capacity = 99}, .has_capacity = true};
	c = testenv_ctx(env, &tina);
	assert_int_equal(training_session_update(c, tinas, &capacity, &out), ERR_FORBIDDEN);
	c = testenv_ctx(env, &tina);
	assert_int_equal(training_session_copy(c, tinas, &(struct training_session_copy){.starts_at = "2027-09-01T08:00:00Z",
		.ends_at = "2027-09-01T15:00:00Z"}, &out), ERR_FORBIDDEN);
	c = testenv_ctx(env, &tina);
	assert_int_equal(training_session_create(c, course, &in, &out), ERR_FORBIDDEN);

	/* Tom is also a case worker: he reads every session, changes none. */
	c = testenv_ctx(env, &tom);
	assert_int_equal(training_session_list(c, course, &(struct page){.limit = 10}, &l), 0);
	assert_int_equal(l.total, 2);
	c = testenv_ctx(env, &tom);
	assert_int_equal(training_session_update(c, tinas, &status, &out), ERR_FORBIDDEN);
	c = testenv_ctx(env, &anna);
	assert_int_equal(training_session_get(c, nobodys, &out), 0);
	assert_int_equal(audit_count(env), events + 1);
}

TEST_MAIN(
	fixture_unit_test(test_course_rules),
	fixture_unit_test(test_session_rules),
	fixture_unit_test(test_session_who_may),
)
