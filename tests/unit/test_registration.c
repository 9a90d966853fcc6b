/* test_registration.c — registrations to training sessions
 * (domain/trainings/registration.c) against a real SQLite file: seats then
 * the waiting list, the same e-mail again updating, the honeypot storing
 * nothing, each wrong field named, a closed session refused, the mails
 * queued with the change, a cancel moving the first in the queue up, who
 * may read, and attendance making an attendee with a diploma code and
 * taking it back. */
#include "testutil.h"
#include "domain/trainings/course.h"
#include "domain/trainings/registration.h"
#include "domain/trainings/session.h"
#include <string.h>

static const struct actor anna = TESTDB_ANNA;
static const struct actor kerstin = {.user_id = 20, .org_id = 1, .roles = ROLE_KANSLI, .username = "kerstin"};
static const struct actor tina = {.user_id = 21, .org_id = 2, .roles = ROLE_TRAINER, .username = "tina"};
static const struct actor tom = {.user_id = 22, .org_id = 3, .roles = ROLE_TRAINER, .username = "tom"};

static int setup(void **state)
{
	testenv_setup_fixture(state, "2026-11-20",
		TESTDB_ORGS_SQL TESTDB_USERS_SQL
		"INSERT INTO users (id, username, name, org_id, roles, created_at, updated_at) VALUES"
		" (20, 'kerstin', 'Kerstin', 1, 'kansli', 'x', 'x'), (21, 'tina', 'Tina', 2, 'trainer', 'x', 'x'),"
		" (22, 'tom', 'Tom', 3, 'trainer', 'x', 'x');"
		"INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement,"
		" created_at, updated_at) VALUES (200, 'Mentorskap', 'structural', 1, '2022-01-01', NULL, 'active', 'volume', 'x', 'x');"
		"INSERT INTO employers (id, orgnr, name, name_key, sni_code, sni_section, size_class, municipality_code, created_at, updated_at)"
		" VALUES (1, '5560000001', 'Verkstad AB', 'verkstad ab', '25620', 'C', '1-4', '1488', 'x', 'x');");
	return 0;
}

/* A session of a course with a diploma, capacity seats, trainer Tina. */
static struct training_session make_session(struct testenv *env, int64_t capacity)
{
	struct course k;
	struct training_session out;
	struct ctx *c = testenv_ctx(env, &kerstin);
	assert_int_equal(course_create(c, &(struct course){.name = "Mentorskap grund", .intervention_id = 200,
						     .diploma_title = "Diplomerad mentor"}, &k), 0);
	c = testenv_ctx(env, &kerstin);
	assert_int_equal(training_session_create(c, k.id, &(struct training_session){.format = "webinar",
		.starts_at = "2027-03-05T08:00:00Z", .ends_at = "2027-03-05T10:00:00Z", .capacity = capacity,
		.trainer_user_id = 21}, &out), 0);
	return out;
}

static struct registration_input person(const char *email)
{
	return (struct registration_input){.first_name = "Åsa", .last_name = "Öberg", .email = email, .sex = "female",
		.employer_orgnr = "556000-0001", .consent = true};
}

static int submit(struct testenv *env, const char *token, struct registration_input in, const char **status, bool *created)
{
	return public_registration_submit(testenv_ctx(env, NULL), token, &in, status, created);
}

static int64_t count(struct testenv *env, const char *sql)
{
	return testdb_int(env->t.db, sql);
}

static void test_seats_queue_and_cancel(void **state)
{
	struct testenv *env = *state;
	struct training_session t = make_session(env, 1);
	struct public_session ps;
	assert_int_equal(public_session_get(testenv_ctx(env, NULL), t.public_token, &ps), 0);
	assert_int_equal(ps.seats_left, 1);
	assert_true(ps.open);
	assert_int_equal(public_session_get(testenv_ctx(env, NULL), "nope", &ps), ERR_NOT_FOUND);

	const char *status;
	bool created;
	assert_int_equal(submit(env, t.public_token, person("a@example.se"), &status, &created), 0);
	assert_string_equal(status, "registered");
	assert_true(created);
	assert_int_equal(submit(env, t.public_token, person("b@example.se"), &status, &created), 0);
	assert_string_equal(status, "waitlisted");
	/* The same address, other case: the first one, changed. */
	assert_int_equal(submit(env, t.public_token, person(" A@Example.se "), &status, &created), 0);
	assert_string_equal(status, "registered");
	assert_false(created);
	assert_int_equal(count(env, "SELECT COUNT(*) FROM training_registrations"), 2);
	assert_int_equal(count(env, "SELECT COUNT(*) FROM training_registrations WHERE employer_id = 1"), 2);
	assert_int_equal(count(env, "SELECT COUNT(*) FROM mail_outbox"), 2);
	/* The honeypot: told registered, nothing stored or sent. */
	struct registration_input bot = person("bot@example.se");
	bot.website = "http://x";
	assert_int_equal(submit(env, t.public_token, bot, &status, &created), 0);
	assert_string_equal(status, "registered");
	assert_int_equal(count(env, "SELECT COUNT(*) FROM training_registrations"), 2);
	assert_int_equal(count(env, "SELECT COUNT(*) FROM mail_outbox"), 2);

	/* Each wrong field named. */
	struct ctx *c = testenv_ctx(env, NULL);
	struct registration_input bad = {.first_name = " ", .last_name = "Ö", .email = "nej", .sex = "x",
		.employer_orgnr = "5560000002"};
	assert_int_equal(public_registration_submit(c, t.public_token, &bad, &status, &created), ERR_INVALID);
	assert_true(err_names_field(&c->err, "first_name") && err_names_field(&c->err, "email") && err_names_field(&c->err, "sex") && err_names_field(&c->err, "consent") &&
		    err_names_field(&c->err, "employer_orgnr") && !err_names_field(&c->err, "last_name"));

	/* Cancel by the link: B moves up; a receipt and a moved-up mail. */
	struct store *db = env->t.db;
	struct stmt *s = store_prepare(db, "SELECT cancel_token FROM training_registrations WHERE email_key = 'a@example.se'");
	assert_int_equal(stmt_step(s), STORE_ROW);
	char token[64];
	snprintf(token, sizeof token, "%s", stmt_text(s, 0));
	stmt_done(s);
	struct registration_cancel_view v;
	assert_int_equal(public_registration_view(testenv_ctx(env, NULL), token, &v), 0);
	assert_string_equal(v.status, "registered");
	assert_int_equal(public_registration_cancel(testenv_ctx(env, NULL), token), 0);
	assert_int_equal(public_registration_cancel(testenv_ctx(env, NULL), token), 0);
	assert_int_equal(count(env, "SELECT COUNT(*) FROM training_registrations WHERE email_key = 'b@example.se' AND status = 'registered'"), 1);
	assert_int_equal(count(env, "SELECT COUNT(*) FROM mail_outbox"), 4);
	assert_int_equal(count(env, "SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE 'Du har fått en plats%' AND recipient = 'b@example.se'"), 1);

	/* A closed session refuses. */
	c = testenv_ctx(env, &kerstin);
	struct training_session out;
	assert_int_equal(training_session_update(c, t.id, &(struct training_session_patch){.v.status = "closed", .has_status = true}, &out), 0);
	assert_int_equal(submit(env, t.public_token, person("c@example.se"), &status, &created), ERR_CONFLICT);
}

static void test_who_may_and_attendance(void **state)
{
	struct testenv *env = *state;
	struct training_session t = make_session(env, 1);
	const char *status;
	bool created;
	assert_int_equal(submit(env, t.public_token, person("a@example.se"), &status, &created), 0);
	assert_int_equal(submit(env, t.public_token, person("b@example.se"), &status, &created), 0);
	struct registration_list l;
	struct ctx *c = testenv_ctx(env, &tina);
	assert_int_equal(registration_list(c, t.id, &(struct page){.limit = 10}, &l), 0);
	assert_int_equal(l.total, 2);
	assert_string_equal(l.items[0].status, "registered");
	assert_true(l.items[1].waitlisted);
	assert_int_equal(l.items[1].waitlist_position, 1);
	int64_t first = l.items[0].id, second = l.items[1].id;
	struct registration r;
	assert_int_equal(registration_get(testenv_ctx(env, &tom), first, &r), ERR_NOT_FOUND);
	assert_int_equal(registration_list(testenv_ctx(env, &tom), t.id, &(struct page){.limit = 10}, &l), ERR_NOT_FOUND);
	assert_int_equal(registration_get(testenv_ctx(env, &anna), first, &r), ERR_FORBIDDEN);
	assert_int_equal(registration_get(testenv_ctx(env, &kerstin), first, &r), 0);

	/* Not in advance; then the session is moved to the past. */
	struct registration_patch attend = {.attended = true, .has_attended = true};
	c = testenv_ctx(env, &tina);
	assert_int_equal(registration_update(c, first, &attend, &r), ERR_CONFLICT);
	struct training_session out;
	c = testenv_ctx(env, &kerstin);
	assert_int_equal(training_session_update(c, t.id, &(struct training_session_patch){.v.starts_at = "2026-11-10T08:00:00Z",
		.v.ends_at = "2026-11-10T10:00:00Z", .has_starts_at = true, .has_ends_at = true}, &out), 0);
	c = testenv_ctx(env, &tina);
	assert_int_equal(registration_update(c, second, &attend, &r), ERR_CONFLICT);
	c = testenv_ctx(env, &tina);
	assert_int_equal(registration_update(c, first, &attend, &r), 0);
	assert_true(r.attended);
	assert_non_null(r.diploma_code);
	assert_int_equal(strlen(r.diploma_code), 11); /* "K7QM2-X9HAR" */
	assert_int_equal(count(env, "SELECT COUNT(*) FROM attendees WHERE intervention_id = 200 AND format = 'webinar'"
				    " AND date = '2026-11-10' AND employer_id = 1 AND organisation_name = 'Verkstad AB'"), 1);
	c = testenv_ctx(env, &tina);
	assert_int_equal(registration_update(c, first, &(struct registration_patch){.status = "cancelled", .has_status = true}, &r),
			 ERR_CONFLICT);
	c = testenv_ctx(env, &tina);
	assert_int_equal(registration_update(c, first, &(struct registration_patch){.has_attended = true}, &r), 0);
	assert_false(r.attended);
	assert_null(r.diploma_code);
	assert_int_equal(r.attendee_id, 0);
	assert_int_equal(count(env, "SELECT COUNT(*) FROM attendees"), 0);
}

TEST_MAIN(
	fixture_unit_test(test_seats_queue_and_cancel),
	fixture_unit_test(test_who_may_and_attendance),
)
