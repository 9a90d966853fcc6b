/* test_enrolment.c — enrolments (domain/enrolment.c) on a real SQLite
 * database, with today fixed by SAMSYN_TODAY: the SUS variables checked
 * against the active codes of the code lists (a förbund's own questions
 * included), the date rules (end ≥ start, exit data needs an end, follow-ups
 * 6 and 12 months after it, the intervention's period, ended interventions,
 * volume-only interventions), who may enrol whom (members of the
 * intervention; by personnummer a person registered by someone else), the
 * visibility of enrolments, and their audit events. */
#include "testutil.h"
#include "domain/codelist.h"
#include "domain/enrolment.h"
#include "domain/participant.h"

static const struct actor admin = TESTDB_ADMIN, anna = TESTDB_ANNA, fia = TESTDB_FIA, kim = TESTDB_KIM;
static const struct actor kansli = {.user_id = 13, .org_id = 1, .roles = ROLE_KANSLI, .username = "kansli"};

/* Participants: 1000 created by Anna (AF), 1001 by Kim (kommun), 1002 anonymous by Kim. */
static int setup(void **state)
{
	testenv_setup_fixture(state, "2025-03-15", TESTDB_ORGS_SQL TESTDB_USERS_SQL TESTDB_STEGET_SQL
		"INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement,"
		" created_at, updated_at) VALUES"
		" (101, 'Mentorer', 'structural', 2, '2022-01-01', NULL, 'active', 'volume', 'x', 'x'),"
		" (102, 'Avslutad', 'individual', 2, '2021-01-01', '2023-06-30', 'ended', 'participants', 'x', 'x'),"
		" (103, 'Kommunens', 'individual', 4, '2021-01-01', NULL, 'active', 'participants', 'x', 'x');"
		"INSERT INTO intervention_partners (intervention_id, org_id) VALUES (100, 3);"
		"INSERT INTO participants (id, personnummer, first_name, last_name, sex, birth_date, birth_year,"
		" created_by_user_id, created_by_org_id, created_at, updated_at) VALUES"
		" (1000, '199001010017', 'Eva', 'Ek', 'male', '1990-01-01', 1990, 10, 2, 'x', 'x'),"
		" (1001, '200002292399', 'Olle', 'Ask', 'male', '2000-02-29', 2000, 12, 4, 'x', 'x');"
		"INSERT INTO participants (id, anonymous, sex, birth_year, created_by_user_id, created_by_org_id, created_at,"
		" updated_at) VALUES (1002, 1, 'female', 1985, 12, 4, 'x', 'x');");
	return 0;
}

static struct enrolment_input basic(int64_t participant_id, int64_t intervention_id, const char *start)
{
	struct enrolment_input in = {.participant_id = participant_id, .intervention_id = intervention_id};
	in.e.start_date = start;
	return in;
}

static int64_t create_ok(struct testenv *env, const struct actor *a, struct enrolment_input in)
{
	struct enrolment out;
	struct ctx *c = testenv_ctx(env, a);
	if (enrolment_create(c, &in, &out) != 0)
		fail_msg("create: %s (%s: %s)", c->err.msg, c->err.params[0].name, c->err.params[0].reason);
	return out.id;
}

/* Expects ERR_INVALID with field as the first invalid parameter. */
static void create_invalid(struct testenv *env, const struct actor *a, struct enrolment_input in, const char *field)
{
	struct enrolment out;
	struct ctx *c = testenv_ctx(env, a);
	int rc = enrolment_create(c, &in, &out);
	if (rc != ERR_INVALID) fail_msg("want 422 on %s, got %d (%s)", field, rc, c->err.msg);
	if (strcmp(c->err.params[0].name, field) != 0)
		fail_msg("first invalid parameter %s (%s), want %s", c->err.params[0].name, c->err.params[0].reason, field);
}

static void test_create_with_sus_variables(void **state)
{
	struct testenv *env = *state;
	struct enrolment_input in = basic(1000, 100, "2023-02-01");
	in.e.end_date = "2024-01-31";
	in.e.occupation_before = "job_seeking";
	in.e.education_level = "primary";
	in.e.support_time = "1_2y";
	in.e.income_before = (struct code_set){(const char *[]){"social_assistance", "activity_support", "social_assistance"}, 3};
	in.e.outcome = "work";
	in.e.exit_reason = "completed";
	in.e.income_after = (struct code_set){(const char *[]){"salary"}, 1};
	in.e.followup_6m = "work";
	in.e.followup_12m = "studies";
	int64_t events = audit_count(env);
	struct enrolment out, got;
	struct ctx *c = testenv_ctx(env, &anna);
	assert_int_equal(enrolment_create(c, &in, &out), 0);
	assert_true(out.id > 0);
	assert_int_equal(out.participant_id, 1000);
	assert_int_equal(audit_count(env), events + 1);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'create' AND entity = 'enrolment'"
					       " AND detail = 'participant 1000'"), 1);
	c = testenv_ctx(env, &anna);
	assert_int_equal(enrolment_get(c, out.id, &got), 0);
	assert_string_equal(got.start_date, "2023-02-01");
	assert_string_equal(got.end_date, "2024-01-31");
	assert_string_equal(got.occupation_before, "job_seeking");
	assert_string_equal(got.education_level, "primary");
	assert_string_equal(got.support_time, "1_2y");
	/* Income sources once each, in the code list's order. */
	assert_int_equal(got.income_before.n, 2);
	assert_string_equal(got.income_before.codes[0], "activity_support");
	assert_string_equal(got.income_before.codes[1], "social_assistance");
	assert_int_equal(got.income_after.n, 1);
	assert_string_equal(got.income_after.codes[0], "salary");
	assert_string_equal(got.outcome, "work");
	assert_string_equal(got.exit_reason, "completed");
	assert_string_equal(got.followup_6m, "work");
	assert_string_equal(got.followup_12m, "studies");
	assert_int_equal(got.nanswers_start, 0);
	/* The read is a read of the participant. */
	assert_int_equal(audit_count(env), events + 2);
	assert_int_equal(testdb_reads_int(env->t.db, "SELECT COUNT(*) FROM reads.audit_reads WHERE action = 'read' AND entity = 'participant'"
					       " AND entity_id = 1000 AND detail LIKE 'enrolment %'"), 1);
}

static void test_codes(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct enrolment_input in = basic(1000, 100, "2023-02-01");
	in.e.occupation_before = "unemployed";
	create_invalid(env, &admin, in, "background.occupation");
	in = basic(1000, 100, "2023-02-01");
	in.e.occupation_before = "social_assistance"; /* a code, but of another list */
	create_invalid(env, &admin, in, "background.occupation");
	in = basic(1000, 100, "2023-02-01");
	in.e.education_level = "phd";
	create_invalid(env, &admin, in, "background.education_level");
	in = basic(1000, 100, "2023-02-01");
	in.e.support_time = "forever";
	create_invalid(env, &admin, in, "background.support_time");
	in = basic(1000, 100, "2023-02-01");
	in.e.income_before = (struct code_set){(const char *[]){"salary", "lottery"}, 2};
	create_invalid(env, &admin, in, "background.income_sources");
	in = basic(1000, 100, "2023-02-01");
	in.e.end_date = "2023-03-01";
	in.e.outcome = "retired";
	create_invalid(env, &admin, in, "outcome");
	in = basic(1000, 100, "2023-02-01");
	in.e.end_date = "2023-03-01";
	in.e.exit_reason = "work";
	create_invalid(env, &admin, in, "exit_reason");
	in = basic(1000, 100, "2023-02-01");
	in.e.end_date = "2023-03-01";
	in.e.income_after = (struct code_set){(const char *[]){"work"}, 1};
	create_invalid(env, &admin, in, "exit.income_sources");
	in = basic(1000, 100, "2023-02-01");
	in.e.end_date = "2023-03-01";
	in.e.followup_12m = "registration_error";
	create_invalid(env, &admin, in, "followup_12m");
	/* An inactive code is no answer. */
	testdb_exec(env->t.db, "UPDATE codes SET active = 0 WHERE list = 'occupation' AND code = 'moved'");
	in = basic(1000, 100, "2023-02-01");
	in.e.end_date = "2023-03-01";
	in.e.outcome = "moved";
	create_invalid(env, &admin, in, "outcome");
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM enrolments"), 0);
	assert_int_equal(audit_count(env), events);
	/* An enrolment holding a code made inactive later can still be changed
	 * in other respects. */
	testdb_exec(env->t.db, "UPDATE codes SET active = 1 WHERE list = 'occupation' AND code = 'moved'");
	in.e.outcome = "moved";
	int64_t id = create_ok(env, &admin, in);
	testdb_exec(env->t.db, "UPDATE codes SET active = 0 WHERE list = 'occupation' AND code = 'moved'");
	struct enrolment_input p = {.has_exit_reason = true};
	p.e.exit_reason = "moved_on";
	struct enrolment out;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(enrolment_update(c, id, &p, &out), 0);
	assert_string_equal(out.outcome, "moved");
	assert_string_equal(out.exit_reason, "moved_on");
	p = (struct enrolment_input){.has_outcome = true};
	p.e.outcome = "moved";
	c = testenv_ctx(env, &admin);
	assert_int_equal(enrolment_update(c, id, &p, &out), ERR_INVALID); /* sent again: checked */
	assert_string_equal(c->err.params[0].name, "outcome");
}

static void test_dates(void **state)
{
	struct testenv *env = *state;
	struct enrolment_input in = basic(1000, 100, NULL);
	create_invalid(env, &admin, in, "start_date");
	in = basic(1000, 100, "2023-02-30");
	create_invalid(env, &admin, in, "start_date");
	in = basic(1000, 100, "2023-02-01");
	in.e.end_date = "2023-01-31";
	create_invalid(env, &admin, in, "end_date");
	in = basic(1000, 100, "2023-02-01");
	in.e.end_date = "2023-13-01";
	create_invalid(env, &admin, in, "end_date");
	/* Exit data needs the exit date. */
	in = basic(1000, 100, "2023-02-01");
	in.e.outcome = "work";
	create_invalid(env, &admin, in, "outcome");
	in = basic(1000, 100, "2023-02-01");
	in.e.exit_reason = "completed";
	create_invalid(env, &admin, in, "exit_reason");
	in = basic(1000, 100, "2023-02-01");
	in.e.income_after = (struct code_set){(const char *[]){"salary"}, 1};
	create_invalid(env, &admin, in, "exit.income_sources");
	in = basic(1000, 100, "2023-02-01");
	in.e.followup_6m = "work";
	create_invalid(env, &admin, in, "followup_6m");
	/* Today is 2025-03-15: a 6-month follow-up needs an end on 2024-09-15
	 * or before, a 12-month one 2024-03-15 or before. */
	in = basic(1000, 100, "2023-02-01");
	in.e.end_date = "2024-09-16";
	in.e.followup_6m = "work";
	create_invalid(env, &admin, in, "followup_6m");
	in.e.end_date = "2024-09-15";
	create_ok(env, &admin, in);
	in = basic(1000, 100, "2023-02-01");
	in.e.end_date = "2024-03-16";
	in.e.followup_12m = "work";
	create_invalid(env, &admin, in, "followup_12m");
	in.e.end_date = "2024-03-15";
	create_ok(env, &admin, in);
	/* Month ends: 2024-08-31 + 6 months is 2025-02-28. */
	in = basic(1000, 100, "2023-02-01");
	in.e.end_date = "2024-08-31";
	in.e.followup_6m = "studies";
	create_ok(env, &admin, in);
	/* The intervention's period. */
	in = basic(1000, 100, "2021-12-31");
	create_invalid(env, &admin, in, "start_date");
	in = basic(1000, 102, "2023-07-01"); /* after the end of an ended intervention */
	create_invalid(env, &admin, in, "start_date");
	in = basic(1000, 102, "2023-06-30");
	create_ok(env, &admin, in);
	in = basic(1000, 101, "2023-01-01"); /* measured as volume only */
	create_invalid(env, &admin, in, "intervention_id");
	in = basic(1000, 999, "2023-01-01");
	create_invalid(env, &admin, in, "intervention_id");
	in = basic(1000, 0, "2023-01-01");
	create_invalid(env, &admin, in, "intervention_id");
	/* PATCH checks the merged enrolment. */
	in = basic(1000, 100, "2023-02-01");
	int64_t id = create_ok(env, &admin, in);
	struct enrolment_input p = {.has_end_date = true};
	p.e.end_date = "2023-01-01";
	struct enrolment out;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(enrolment_update(c, id, &p, &out), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "end_date");
	p = (struct enrolment_input){.has_end_date = true, .has_outcome = true};
	p.e.end_date = "2023-12-31";
	p.e.outcome = "studies";
	c = testenv_ctx(env, &admin);
	assert_int_equal(enrolment_update(c, id, &p, &out), 0);
	/* Taking the end date away while an outcome is recorded is refused. */
	p = (struct enrolment_input){.has_end_date = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(enrolment_update(c, id, &p, &out), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "outcome");
}

static void test_permissions(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	/* Kim's kommun is not in Steget: 403 even for her own participant. */
	struct enrolment out;
	struct enrolment_input in = basic(1001, 100, "2023-02-01");
	struct ctx *c = testenv_ctx(env, &kim);
	assert_int_equal(enrolment_create(c, &in, &out), ERR_FORBIDDEN);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(enrolment_create(c, &in, &out), ERR_FORBIDDEN);
	/* Fia (partner) cannot name a participant she does not see... */
	c = testenv_ctx(env, &fia);
	assert_int_equal(enrolment_create(c, &in, &out), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "participant_id");
	assert_int_equal(audit_count(env), events);
	/* ...nor enrol her by personnummer: known only to another
	 * organisation is answered as unknown. */
	struct participant p;
	c = testenv_ctx(env, &fia);
	assert_int_equal(participant_get(c, 1001, &p), ERR_NOT_FOUND);
	in = (struct enrolment_input){.personnummer = "000229-2399", .intervention_id = 100};
	in.e.start_date = "2023-02-01";
	create_invalid(env, &fia, in, "personnummer");
	assert_int_equal(audit_count(env), events);
	/* She registers the person herself (answered as new, her own data),
	 * then enrols her, and sees her own name and enrolment. */
	struct participant_input reg = {.personnummer = "000229-2399", .first_name = "Olof", .last_name = "Ask"};
	struct participant mine;
	c = testenv_ctx(env, &fia);
	assert_int_equal(participant_create(c, &reg, &mine), 0);
	assert_int_equal(mine.id, 1001);
	assert_string_equal(mine.first_name, "Olof");
	int64_t id = create_ok(env, &fia, in);
	c = testenv_ctx(env, &fia);
	assert_int_equal(participant_get(c, 1001, &p), 0);
	assert_string_equal(p.first_name, "Olof");
	c = testenv_ctx(env, &kim);
	assert_int_equal(participant_get(c, 1001, &p), 0);
	assert_string_equal(p.first_name, "Olle"); /* Kim's own registration is untouched */
	c = testenv_ctx(env, &fia);
	assert_int_equal(enrolment_get(c, id, &out), 0);
	assert_int_equal(out.participant_id, 1001);
	/* By personnummer: invalid, unknown, or both ways at once. */
	in.personnummer = "000229-2398";
	create_invalid(env, &fia, in, "personnummer");
	in.personnummer = "19570428-9999";
	create_invalid(env, &fia, in, "personnummer");
	in.personnummer = "000229-2399";
	in.participant_id = 1001;
	create_invalid(env, &fia, in, "personnummer");
	in = basic(0, 100, "2023-02-01");
	create_invalid(env, &fia, in, "participant_id");
	/* Kim sees Olle (her organisation registered him) but not his
	 * enrolment in an intervention her organisation is not in. */
	c = testenv_ctx(env, &kim);
	assert_int_equal(enrolment_get(c, id, &out), ERR_NOT_FOUND);
	struct enrolment_input patch = {.has_end_date = true};
	patch.e.end_date = "2023-05-01";
	c = testenv_ctx(env, &kim);
	assert_int_equal(enrolment_update(c, id, &patch, &out), ERR_NOT_FOUND);
	struct enrolment_list l;
	struct enrolment_filter f = {.participant_id = 1001};
	c = testenv_ctx(env, &kim);
	assert_int_equal(enrolment_list(c, &f, &(struct page){.limit = 50}, &l), 0);
	assert_int_equal(l.total, 0);
	c = testenv_ctx(env, &anna); /* AF owns it */
	assert_int_equal(enrolment_update(c, id, &patch, &out), 0);
	/* Kim's own intervention: she enrols her anonymous participant. */
	int64_t anon = create_ok(env, &kim, basic(1002, 103, "2022-01-01"));
	c = testenv_ctx(env, &anna);
	assert_int_equal(enrolment_get(c, anon, &out), ERR_NOT_FOUND);
	c = testenv_ctx(env, &anna);
	assert_int_equal(enrolment_update(c, anon, &patch, &out), ERR_NOT_FOUND);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(enrolment_get(c, anon, &out), ERR_FORBIDDEN);
	/* Participant and intervention stay. */
	patch = (struct enrolment_input){.has_intervention_id = true, .intervention_id = 102};
	c = testenv_ctx(env, &admin);
	assert_int_equal(enrolment_update(c, id, &patch, &out), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "intervention_id");
	patch = (struct enrolment_input){.has_participant_id = true, .participant_id = 1000};
	c = testenv_ctx(env, &admin);
	assert_int_equal(enrolment_update(c, id, &patch, &out), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "participant_id");
}

static void test_list(void **state)
{
	struct testenv *env = *state;
	int64_t a = create_ok(env, &admin, basic(1000, 100, "2023-01-01"));
	int64_t b = create_ok(env, &admin, basic(1000, 102, "2022-01-01"));
	int64_t k = create_ok(env, &admin, basic(1002, 103, "2022-05-01"));
	struct enrolment_list l;
	struct page pg = {50, 0, NULL};
	int64_t events = audit_count(env);
	struct ctx *c = testenv_ctx(env, &anna);
	assert_int_equal(enrolment_list(c, &(struct enrolment_filter){0}, &pg, &l), 0);
	assert_int_equal(l.total, 2); /* not Kim's anonymous participant's */
	assert_int_equal(l.items[0].id, a); /* newest start first */
	assert_int_equal(l.items[1].id, b);
	/* One read event per participant shown, not per enrolment. */
	assert_int_equal(audit_count(env), events + 1);
	c = testenv_ctx(env, &admin);
	assert_int_equal(enrolment_list(c, &(struct enrolment_filter){.intervention_id = 103}, &pg, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].id, k);
	c = testenv_ctx(env, &admin);
	assert_int_equal(enrolment_list(c, &(struct enrolment_filter){.participant_id = 1000, .intervention_id = 102}, &pg, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].id, b);
	c = testenv_ctx(env, &kim);
	assert_int_equal(enrolment_list(c, &(struct enrolment_filter){.participant_id = 1000}, &pg, &l), 0);
	assert_int_equal(l.total, 0);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(enrolment_list(c, &(struct enrolment_filter){0}, &pg, &l), ERR_FORBIDDEN);
}

/* A förbund's own questions: added as code lists, answered in enrolments
 * with no code change; the rules of phase, built-in lists and multiple. */
static void test_own_questions(void **state)
{
	struct testenv *env = *state;
	struct code_list cl;
	struct code k;
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(codelist_create(c, &(struct code_list_input){"driving_licence", "Körkort", "start", false}, &cl), 0);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(codelist_create(c, &(struct code_list_input){"support_from", "Stöd från", "start", true}, &cl), 0);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(codelist_create(c, &(struct code_list_input){"satisfied", "Nöjd", "exit", false}, &cl), 0);
	const char *codes[][2] = {{"driving_licence", "yes"}, {"driving_licence", "no"}, {"support_from", "mentor"},
				  {"support_from", "coach"}, {"support_from", "family"}, {"satisfied", "yes"}};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		c = testenv_ctx(env, &kansli);
		assert_int_equal(codelist_add_code(c, codes[i][0], &(struct code_input){codes[i][1], codes[i][1]}, &k), 0);
	}
	struct enrolment_input in = basic(1000, 100, "2023-02-01");
	in.e.end_date = "2023-06-01";
	struct answer start[] = {{"support_from", (const char *[]){"family", "mentor"}, 2, true},
				 {"driving_licence", (const char *[]){"yes"}, 1, false}};
	struct answer exit[] = {{"satisfied", (const char *[]){"yes"}, 1, false}};
	in.e.answers_start = start;
	in.e.nanswers_start = 2;
	in.e.answers_exit = exit;
	in.e.nanswers_exit = 1;
	int64_t id = create_ok(env, &anna, in);
	struct enrolment got;
	c = testenv_ctx(env, &anna);
	assert_int_equal(enrolment_get(c, id, &got), 0);
	assert_int_equal(got.nanswers_start, 2);
	assert_string_equal(got.answers_start[0].list, "driving_licence"); /* in the lists' order */
	assert_false(got.answers_start[0].multiple);
	assert_int_equal(got.answers_start[0].n, 1);
	assert_string_equal(got.answers_start[0].codes[0], "yes");
	assert_string_equal(got.answers_start[1].list, "support_from");
	assert_true(got.answers_start[1].multiple);
	assert_int_equal(got.answers_start[1].n, 2);
	assert_string_equal(got.answers_start[1].codes[0], "mentor"); /* in the codes' order */
	assert_string_equal(got.answers_start[1].codes[1], "family");
	assert_int_equal(got.nanswers_exit, 1);
	assert_string_equal(got.answers_exit[0].list, "satisfied");

	/* Refused: unknown list or code, a built-in list, the wrong phase, one
	 * code for a multiple list or several for a single one. */
	struct { struct answer a; bool exit; const char *field; } bad[] = {
		{{"no_such", (const char *[]){"yes"}, 1, false}, false, "background.answers.no_such"},
		{{"driving_licence", (const char *[]){"maybe"}, 1, false}, false, "background.answers.driving_licence"},
		{{"occupation", (const char *[]){"work"}, 1, false}, false, "background.answers.occupation"},
		{{"satisfied", (const char *[]){"yes"}, 1, false}, false, "background.answers.satisfied"},
		{{"driving_licence", (const char *[]){"yes"}, 1, false}, true, "exit.answers.driving_licence"},
		{{"support_from", (const char *[]){"coach"}, 1, false}, false, "background.answers.support_from"},
		{{"driving_licence", (const char *[]){"yes"}, 1, true}, false, "background.answers.driving_licence"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct enrolment_input b = basic(1000, 100, "2023-02-01");
		b.e.end_date = "2023-06-01";
		if (bad[i].exit) {
			b.e.answers_exit = &bad[i].a;
			b.e.nanswers_exit = 1;
		} else {
			b.e.answers_start = &bad[i].a;
			b.e.nanswers_start = 1;
		}
		create_invalid(env, &anna, b, bad[i].field);
	}
	/* A question taken out of use takes no new answers. */
	testdb_exec(env->t.db, "UPDATE code_lists SET active = 0 WHERE name = 'driving_licence'");
	struct enrolment_input p = {.has_answers_start = true};
	struct answer again[] = {{"driving_licence", (const char *[]){"no"}, 1, false}};
	p.e.answers_start = again;
	p.e.nanswers_start = 1;
	struct enrolment out;
	c = testenv_ctx(env, &anna);
	assert_int_equal(enrolment_update(c, id, &p, &out), ERR_INVALID);
	/* Replacing the start answers keeps the exit ones. */
	testdb_exec(env->t.db, "UPDATE code_lists SET active = 1 WHERE name = 'driving_licence'");
	c = testenv_ctx(env, &anna);
	assert_int_equal(enrolment_update(c, id, &p, &out), 0);
	c = testenv_ctx(env, &anna);
	assert_int_equal(enrolment_get(c, id, &got), 0);
	assert_int_equal(got.nanswers_start, 1);
	assert_string_equal(got.answers_start[0].codes[0], "no");
	assert_int_equal(got.nanswers_exit, 1);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM enrolment_answers"), 2);
}

TEST_MAIN(
	fixture_unit_test(test_create_with_sus_variables),
	fixture_unit_test(test_codes),
	fixture_unit_test(test_dates),
	fixture_unit_test(test_permissions),
	fixture_unit_test(test_list),
	fixture_unit_test(test_own_questions),
)
