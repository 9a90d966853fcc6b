/* test_survey.c — the survey scheduler (domain/trainings/survey.h) against
 * a real SQLite file: for each attended registration of an ended session
 * the wave at the end and the one six months later (the day clamped to the
 * month's end), each once however often it runs, with its mail in the
 * outbox; nothing for a session not ended, a wave the course names no
 * survey for, an absent or a cancelled person; and an answer that keeps
 * nothing of the person and is taken once. */
#include "testutil.h"
#include "base/clock.h"
#include "domain/trainings/survey.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct actor system_actor = {.user_id = 0, .username = "system", .name = "Samsyn"};

static int setup(void **state)
{
	testenv_setup_fixture(state, "2026-11-20",
		TESTDB_ORGS_SQL TESTDB_USERS_SQL
		"INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement,"
		" created_at, updated_at) VALUES (200, 'Mentorskap', 'structural', 1, '2022-01-01', NULL, 'active', 'volume', 'x', 'x');"
		"INSERT INTO surveys (id, name, created_at, updated_at) VALUES (1, 'Enkät', 'x', 'x');"
		"INSERT INTO survey_questions (id, survey_id, position, text, kind, choices) VALUES"
		" (1, 1, 1, 'Betyg?', 'scale', NULL), (2, 1, 2, 'Bäst?', 'choice', '[\"Teorin\",\"Övningarna\"]'),"
		" (3, 1, 3, 'Övrigt?', 'text', NULL);"
		"INSERT INTO courses (id, name, intervention_id, survey_session_id, survey_six_months_id, created_at, updated_at)"
		" VALUES (1, 'Mentorskap grund', 200, 1, 1, 'x', 'x'), (2, 'Utan sexmånadersenkät', 200, 1, NULL, 'x', 'x');");
	return 0;
}

/* A session of course ending days from now (negative: ago), or at the
 * given ends_at; returns its id. */
static int64_t session_ending(struct store *db, int64_t id, int64_t course, const char *ends_at)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO training_sessions (id, course_id, format, starts_at, ends_at, capacity, public_token, status,"
		 " created_at, updated_at) VALUES (%lld, %lld, 'webinar', '%s', '%s', 30, 'tok%lld', 'open', 'x', 'x')",
		 (long long)id, (long long)course, ends_at, ends_at, (long long)id);
	testdb_exec(db, sql);
	return id;
}

static void registration(struct store *db, int64_t id, int64_t session, int attended, const char *status)
{
	char sql[640];
	snprintf(sql, sizeof sql,
		 "INSERT INTO training_registrations (id, session_id, first_name, last_name, email, email_key, sex, consent_at,"
		 " status, queue_order, cancel_token, attended, created_at, updated_at) VALUES (%lld, %lld, 'Eva', 'Svensson',"
		 " 'eva%lld@example.se', 'eva%lld@example.se', 'female', 'x', '%s', %lld, 'c%lld', %d, 'x', 'x')",
		 (long long)id, (long long)session, (long long)id, (long long)id, status, (long long)id, (long long)id, attended);
	testdb_exec(db, sql);
}

static const char *ago(char out[21], int64_t days)
{
	clock_format_rfc3339(clock_now() - days * 86400, out);
	return out;
}

static void test_schedule(void **state)
{
	struct testenv *env = *state;
	struct store *db = env->t.db;
	char t[21];
	session_ending(db, 1, 1, ago(t, 214));  /* seven months ago: both waves */
	session_ending(db, 2, 1, ago(t, 30));   /* a month ago: the first wave */
	session_ending(db, 3, 1, ago(t, -10));  /* not ended */
	session_ending(db, 4, 2, ago(t, 300));  /* no six-month survey */
	session_ending(db, 5, 1, ago(t, 400));  /* the first wave too long ago, the second due */
	session_ending(db, 6, 1, ago(t, 560));  /* both too long ago */
	registration(db, 1, 1, 1, "registered");
	registration(db, 2, 1, 0, "registered"); /* did not come */
	registration(db, 3, 1, 1, "cancelled");
	registration(db, 4, 2, 1, "registered");
	registration(db, 5, 3, 1, "registered");
	registration(db, 6, 4, 1, "registered");
	registration(db, 7, 5, 1, "registered");
	registration(db, 8, 6, 1, "registered");

	int made = -1;
	assert_int_equal(survey_schedule_due(testenv_ctx(env, &system_actor), &made), 0);
	assert_int_equal(made, 5);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM survey_invitations"), 5);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM survey_invitations WHERE registration_id = 7 AND wave = 'six_months'"), 1);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM survey_invitations WHERE registration_id IN (7, 8) AND wave = 'session'"), 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM survey_invitations WHERE registration_id = 8"), 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM survey_invitations WHERE registration_id = 1"), 2);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM survey_invitations WHERE registration_id = 4 AND wave = 'session'"), 1);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM survey_invitations WHERE registration_id = 6 AND wave = 'session'"), 1);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM survey_invitations WHERE sent = 1 AND answered = 0"), 5);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM mail_outbox WHERE state = 'queued' AND body LIKE '%/utbildning/enkat/%'"), 5);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM audit_events WHERE entity = 'survey_invitation' AND action = 'create'"), 5);

	/* Idempotent. */
	assert_int_equal(survey_schedule_due(testenv_ctx(env, &system_actor), &made), 0);
	assert_int_equal(made, 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM mail_outbox"), 5);
}

static void test_six_months_clamped(void **state)
{
	struct testenv *env = *state;
	struct store *db = env->t.db;
	/* Ended on 31 August: the second wave is due on the last day of
	 * February, at the same time of day. The latest such August whose
	 * February has passed (within the year the scheduler looks back). */
	char now[21];
	clock_format_rfc3339(clock_now(), now);
	int y = atoi(now), m = atoi(now + 5);
	int august = m >= 3 ? y - 1 : y - 2, feb = august + 1;
	bool leap = (feb % 4 == 0 && feb % 100 != 0) || feb % 400 == 0;
	char ends[32];
	snprintf(ends, sizeof ends, "%04d-08-31T15:00:00Z", august);
	session_ending(db, 1, 1, ends);
	registration(db, 1, 1, 1, "registered");
	int made = 0;
	assert_int_equal(survey_schedule_due(testenv_ctx(env, &system_actor), &made), 0);
	assert_true(made >= 1);
	assert_int_equal(testdb_int(db, "SELECT CAST(substr(due_at, 1, 4) || substr(due_at, 6, 2) || substr(due_at, 9, 2) AS INTEGER)"
					" FROM survey_invitations WHERE wave = 'six_months' AND substr(due_at, 11) = 'T15:00:00Z'"),
			 feb * 10000 + 200 + (leap ? 29 : 28));
}

static void test_answer_once_and_apart(void **state)
{
	struct testenv *env = *state;
	struct store *db = env->t.db;
	char t[21];
	session_ending(db, 1, 2, ago(t, 1));
	registration(db, 1, 1, 1, "registered");
	testdb_exec(db, "INSERT INTO survey_invitations (id, registration_id, wave, survey_id, token, due_at, sent, answered, created_at)"
			" VALUES (1, 1, 'session', 1, 'the-token', 'x', 1, 0, 'x')");
	struct survey_public page;
	struct ctx *c = testenv_ctx(env, NULL);
	assert_int_equal(survey_public_get(c, "the-token", &page), 0);
	assert_int_equal(page.nquestions, 3);
	assert_false(page.answered);
	assert_int_equal(page.questions[1].nchoices, 2);
	assert_string_equal(page.questions[1].choices[1], "Övningarna");

	const struct survey_answer_in wrong[] = {{.question_id = 1, .is_number = true, .number = 0}, {.question_id = 2, .text = "Annat"}};
	c = testenv_ctx(env, NULL);
	assert_int_equal(survey_public_answer(c, "the-token", wrong, 2), ERR_INVALID);
	assert_int_equal(c->err.nparams, 2);
	const struct survey_answer_in good[] = {{.question_id = 1, .is_number = true, .number = 4}, {.question_id = 2, .text = "Teorin"},
						{.question_id = 3}};
	c = testenv_ctx(env, NULL);
	assert_int_equal(survey_public_answer(c, "the-token", good, 3), 0);
	c = testenv_ctx(env, NULL);
	assert_int_equal(survey_public_answer(c, "the-token", good, 3), ERR_CONFLICT);
	c = testenv_ctx(env, NULL);
	assert_int_equal(survey_public_answer(c, "no-such-token", good, 3), ERR_NOT_FOUND);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM survey_responses WHERE course_id = 2 AND session_id = 1 AND sex = 'female'"
					" AND wave = 'session' AND format = 'webinar' AND length(answered_on) = 7"), 1);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM survey_answers"), 2); /* the unanswered one is not stored */
	assert_int_equal(testdb_int(db, "SELECT answered FROM survey_invitations WHERE id = 1"), 1);
	/* The audit event names the survey, not the response. */
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM audit_events WHERE entity = 'survey_response' AND entity_id IS NULL"
					" AND detail = 'survey 1'"), 1);
}

TEST_MAIN(
	fixture_unit_test(test_schedule),
	fixture_unit_test(test_six_months_clamped),
	fixture_unit_test(test_answer_once_and_apart),
)
