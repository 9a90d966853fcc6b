/* test_report_sql.c — the follow-up reports (src/domain/report.c) against a
 * real SQLite database with hand-inserted rows: unique people across
 * several enrolments, the period-overlap rule at its edges, registration
 * errors left out, anonymous participants counted, overlapping groupings
 * with a unique total, the latest outcome, age bands, unique attendees,
 * occupation before/after, work or studies, the income-source matrix, the
 * intervention, cost, funding and goal reports, the SUS export with its
 * personnummer rule and audit events, parameter checks and suppression. */
#include "testutil.h"
#include "domain/report.h"

/* The period is 2024. Participants 1–4 are in it; 5 has only a
 * registration error, 6 ended in 2023, 7 starts in 2025. One string per
 * table: ISO C promises string literals of only 4095 bytes (-Wpedantic). */
static const char *const fixture[] = {
	"INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES"
	" (1, 'Förbundet', 'forbund', 'x', 'x'), (2, 'AF', 'af', 'x', 'x'), (3, 'FK', 'fk', 'x', 'x');",
	"INSERT INTO users (id, username, name, org_id, roles, created_at, updated_at) VALUES"
	" (10, 'anna', 'Anna', 2, 'case_worker', 'x', 'x'), (11, 'fia', 'Fia', 3, 'case_worker', 'x', 'x'),"
	" (12, 'kalle', 'Kalle', 1, 'kansli', 'x', 'x'), (13, 'rut', 'Rut', 1, 'reader', 'x', 'x');",
	"INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at, updated_at) VALUES"
	" (100, 'Steget', 'individual', 2, '2020-01-01', NULL, 'active', 'participants', 'x', 'x'),"
	" (101, 'Arbetslust', 'competence', 3, '2023-01-01', NULL, 'active', 'participants', 'x', 'x'),"
	" (102, 'Mentorskap', 'structural', 1, '2022-01-01', NULL, 'active', 'volume', 'x', 'x'),"
	" (103, 'Gamla', 'individual', 1, '2010-01-01', '2012-12-31', 'ended', 'participants', 'x', 'x');",
	"INSERT INTO participants (id, personnummer, first_name, last_name, anonymous, sex, birth_year, municipality_code,"
	" created_by_user_id, created_at, updated_at) VALUES"
	" (1, '199001011111', 'Eva', 'Ek', 0, 'female', 1990, '1488', NULL, 'x', 'x'),"
	" (2, '200002022222', 'Bo', 'Al', 0, 'male', 2000, '1488', NULL, 'x', 'x'),"
	" (3, NULL, NULL, NULL, 1, 'female', 1960, '1487', NULL, 'x', 'x'),"
	" (4, '200904044444', 'Ali', 'Al', 0, 'male', 2009, NULL, NULL, 'x', 'x'),"
	" (5, '198005055555', 'Liv', 'Ås', 0, 'female', 1980, '1487', NULL, 'x', 'x'),"
	" (6, '198506066666', 'Per', 'Ås', 0, 'male', 1985, '1462', NULL, 'x', 'x'),"
	" (7, '199507077777', 'Mia', 'Ås', 0, 'female', 1995, '1462', NULL, 'x', 'x');",
	"INSERT INTO participant_target_groups (participant_id, code) VALUES (1, 'A'), (2, 'A'), (2, 'B'), (3, 'B'), (5, 'A');",
	"INSERT INTO enrolments (id, participant_id, intervention_id, start_date, end_date, occupation_before, education_level,"
	" support_time, outcome, exit_reason, followup_6m, created_at, updated_at) VALUES"
	" (1, 1, 100, '2023-06-01', '2024-01-01', 'job_seeking', 'primary', '5y_plus', 'work', 'completed', 'work', 'x', 'x'),"
	" (2, 1, 101, '2024-03-01', NULL, 'job_seeking', NULL, NULL, NULL, NULL, NULL, 'x', 'x'),"
	" (3, 2, 100, '2024-02-01', '2024-06-30', 'job_seeking', 'secondary', 'lt_1y', 'studies', 'completed', NULL, 'x', 'x'),"
	" (4, 2, 100, '2024-09-01', '2024-12-31', 'studies', 'secondary', 'lt_1y', 'work', 'goal_reached', NULL, 'x', 'x'),"
	" (5, 3, 101, '2020-01-01', NULL, 'sick_leave', NULL, NULL, NULL, NULL, NULL, 'x', 'x'),"
	" (6, 4, 100, '2024-12-31', NULL, 'other', NULL, NULL, NULL, NULL, NULL, 'x', 'x'),"
	" (7, 5, 100, '2024-03-01', '2024-04-01', 'job_seeking', NULL, NULL, 'work', 'registration_error', NULL, 'x', 'x'),"
	" (8, 6, 100, '2023-01-01', '2023-12-31', 'job_seeking', NULL, NULL, 'work', 'completed', NULL, 'x', 'x'),"
	" (9, 7, 100, '2025-01-01', NULL, 'job_seeking', NULL, NULL, NULL, NULL, NULL, 'x', 'x'),"
	" (10, 3, 101, '2024-01-15', '2024-05-01', 'sick_leave', NULL, NULL, 'job_seeking', 'interrupted', NULL, 'x', 'x');",
	"INSERT INTO enrolment_income_sources (enrolment_id, phase, code) VALUES"
	" (1, 'start', 'social_assistance'), (1, 'start', 'unemployment_fund'), (1, 'exit', 'salary'),"
	" (3, 'start', 'social_assistance'), (3, 'exit', 'student_aid'),"
	" (4, 'start', 'social_assistance'), (4, 'exit', 'salary'),"
	" (7, 'start', 'social_assistance'), (7, 'exit', 'salary'),"
	" (8, 'start', 'sickness_benefit'), (8, 'exit', 'salary');",
	"INSERT INTO attendees (id, intervention_id, first_name, last_name, sex, email, organisation_name, format, date,"
	" person_key, created_at) VALUES"
	" (1, 102, 'Anna', 'Ek', 'female', 'anna@x.se', NULL, 'in_person', '2024-02-01', 'anna|ek|anna@x.se', 'x'),"
	" (2, 102, 'Anna', 'Ek', 'female', 'anna@x.se', NULL, 'webinar', '2024-03-01', 'anna|ek|anna@x.se', 'x'),"
	" (3, 102, 'ANNA', 'EK', 'female', 'anna@x.se', NULL, 'in_person', '2024-05-01', 'anna|ek|anna@x.se', 'x'),"
	" (4, 102, 'Bo', 'Ek', 'male', NULL, 'Firma', 'network', '2024-04-01', 'bo|ek|firma', 'x'),"
	" (5, 101, 'Bo', 'Ek', 'male', NULL, 'Firma', 'in_person', '2024-06-01', 'bo|ek|firma', 'x'),"
	" (6, 102, 'Cia', 'Ek', 'female', NULL, 'Firma', 'in_person', '2023-12-31', 'cia|ek|firma', 'x');",
	"INSERT INTO volumes (intervention_id, period_start, period_end, women, men, created_at) VALUES"
	" (102, '2024-01-01', '2024-06-30', 10, 7, 'x'), (102, '2023-11-01', '2024-02-01', 100, 100, 'x'),"
	" (102, '2024-07-01', '2024-12-31', 5, 3, 'x');",
	"INSERT INTO intervention_budgets (intervention_id, year, funder, amount_sek, actual_sek) VALUES"
	" (100, 2024, 'state', 100000, 90000), (100, 2024, 'municipality', 50000, NULL), (100, 2023, 'state', 999, 999),"
	" (101, 2024, 'region', 30000, NULL), (102, 2024, 'esf', 20000, 25000);",
	"INSERT INTO intervention_goals (intervention_id, year, indicator, target) VALUES"
	" (100, 2024, 'participants', 6), (100, 2024, 'work_or_studies', 4), (102, 2024, 'mentors_trained', 65),"
	" (102, 2024, 'volume', 50), (101, 2024, 'foo', 10), (100, 2023, 'participants', 1);",
};

static struct testenv env;
static const struct actor admin = TESTDB_ADMIN, anna = TESTDB_ANNA, fia = TESTDB_FIA;
static const struct actor kansli = {.user_id = 12, .org_id = 1, .roles = ROLE_KANSLI, .username = "kalle"};
static const struct actor reader = {.user_id = 13, .org_id = 1, .roles = ROLE_READER, .username = "rut"};

static int setup(void **state)
{
	(void)state;
	testenv_open(&env);
	for (size_t i = 0; i < sizeof fixture / sizeof fixture[0]; i++) testdb_exec(env.t.db, fixture[i]);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	testenv_close(&env);
	return 0;
}

static struct report_params year2024(const char *by)
{
	return (struct report_params){.from = "2024-01-01", .to = "2024-12-31", .by = by};
}

/* The row whose first key is text (NULL: the null key); fails if absent. */
static const struct report_row *row(const struct report_table *t, const char *text)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *k = t->rows[i].key[0].text;
		if ((!k && !text) || (k && text && strcmp(k, text) == 0)) return &t->rows[i];
	}
	fail_msg("no row %s", text ? text : "(null)");
	return NULL;
}

static void expect(const struct report_count *c, int64_t women, int64_t men, const char *what)
{
	if (c->women != women || c->men != men || c->total != women + men)
		fail_msg("%s: got %lld/%lld/%lld, want %lld/%lld/%lld", what, (long long)c->total, (long long)c->women,
			 (long long)c->men, (long long)(women + men), (long long)women, (long long)men);
}

static struct report_table participants(const struct actor *a, struct report_params p)
{
	struct report_table t;
	struct ctx *c = testenv_ctx(&env, a);
	if (report_participants(c, &p, &t) != 0) fail_msg("report_participants: %s", c->err.msg);
	return t;
}

static void test_participants_unique_and_overlap(void **state)
{
	(void)state;
	/* 1: two enrolments in 2024, one ending on its first day; 2: two in
	 * the same intervention; 3: anonymous, open since 2020; 4: starts on
	 * the last day. 5 (registration error), 6 (ended 2023-12-31) and 7
	 * (starts 2025-01-01) are out. */
	struct report_table t = participants(&admin, year2024("municipality"));
	assert_int_equal(t.n, 3);
	assert_string_equal(t.rows[0].key[0].text, "1487");
	expect(&t.rows[0].v[0], 1, 0, "1487 (the anonymous one)");
	assert_string_equal(t.rows[1].key[0].text, "1488");
	expect(&t.rows[1].v[0], 1, 1, "1488");
	assert_null(t.rows[2].key[0].text);
	expect(&t.rows[2].v[0], 0, 1, "no municipality");
	expect(&t.sum[0], 2, 2, "total");
	assert_int_equal(report_row_share(&t, &t.rows[1]), 500);

	t = participants(&admin, year2024("sex"));
	assert_int_equal(t.n, 2);
	expect(&row(&t, "female")->v[0], 2, 0, "female");
	expect(&row(&t, "male")->v[0], 0, 2, "male");

	/* One day on either side of a boundary. */
	t = participants(&admin, (struct report_params){.from = "2025-01-01", .to = "2025-01-01", .by = "sex"});
	expect(&t.sum[0], 3, 1, "2025-01-01: 1, 3, 4 (open) and 7 (starts)");
	t = participants(&admin, (struct report_params){.from = "2023-12-31", .to = "2023-12-31", .by = "sex"});
	expect(&t.sum[0], 2, 1, "2023-12-31: 1, 3 and 6");
	t = participants(&admin, (struct report_params){.from = "2024-01-02", .to = "2024-01-14", .by = "sex"});
	expect(&t.sum[0], 1, 0, "only 3 (1 ended on 2024-01-01)");
}

static void test_participants_groupings(void **state)
{
	(void)state;
	struct report_table t = participants(&admin, year2024("age_band"));
	assert_int_equal(t.n, REPORT_AGE_BANDS); /* every band, in order */
	assert_string_equal(t.rows[0].key[0].text, "under_16");
	expect(&row(&t, "under_16")->v[0], 0, 1, "4 turns 15 in 2024");
	expect(&row(&t, "20-24")->v[0], 0, 1, "2 turns 24");
	expect(&row(&t, "30-39")->v[0], 1, 0, "1 turns 34");
	expect(&row(&t, "60-64")->v[0], 1, 0, "3 turns 64");
	expect(&row(&t, "65+")->v[0], 0, 0, "nobody");
	expect(&t.sum[0], 2, 2, "total");
	/* The age reached in the year of `to`. */
	t = participants(&admin, (struct report_params){.from = "2024-01-01", .to = "2025-06-30", .by = "age_band"});
	expect(&row(&t, "65+")->v[0], 1, 0, "3 turns 65 in 2025");
	expect(&row(&t, "16-19")->v[0], 0, 1, "4 turns 16");
	expect(&row(&t, "30-39")->v[0], 2, 0, "1 turns 35, 7 (starts in 2025) 30");

	t = participants(&anna, year2024("target_group"));
	expect(&row(&t, "A")->v[0], 1, 1, "A: 1 and 2");
	expect(&row(&t, "B")->v[0], 1, 1, "B: 2 and 3");
	expect(&row(&t, NULL)->v[0], 0, 1, "no target group: 4");
	expect(&t.sum[0], 2, 2, "unique, not the sum of the rows (5)");

	t = participants(&anna, year2024("intervention"));
	assert_int_equal(t.n, 2);
	assert_string_equal(t.rows[0].key[0].text, "Arbetslust"); /* by name */
	assert_int_equal(t.rows[0].key[1].num, 101);
	expect(&t.rows[0].v[0], 2, 0, "Arbetslust: 1, and 3 (two enrolments) once");
	assert_string_equal(t.rows[1].key[0].text, "Steget");
	expect(&t.rows[1].v[0], 1, 2, "Steget: 1, 2 (two enrolments) once, 4");
	expect(&t.sum[0], 2, 2, "unique over interventions");

	/* The latest enrolment in the period: 1's runs (null), 2's ended
	 * 2024-12-31 in work, 3's ended in job seeking, 4's runs. */
	t = participants(&anna, year2024("outcome"));
	assert_string_equal(t.rows[0].key[0].text, "work"); /* the code list's order */
	expect(&row(&t, "work")->v[0], 0, 1, "work");
	expect(&row(&t, "job_seeking")->v[0], 1, 0, "job_seeking");
	expect(&row(&t, "studies")->v[0], 0, 0, "2's earlier outcome does not count");
	expect(&row(&t, NULL)->v[0], 1, 1, "still running");
	assert_null(t.rows[t.n - 1].key[0].text);
	expect(&t.sum[0], 2, 2, "total");
	/* An enrolment that ended after the period was running in it. */
	t = participants(&anna, (struct report_params){.from = "2024-01-01", .to = "2024-06-29", .by = "outcome"});
	expect(&row(&t, NULL)->v[0], 1, 1, "1 and 2 (ends 2024-06-30) running");
	expect(&row(&t, "job_seeking")->v[0], 1, 0, "3");
}

static void test_participants_one_intervention(void **state)
{
	(void)state;
	struct report_params p = year2024("municipality");
	p.intervention_id = 101;
	struct report_table t = participants(&admin, p);
	expect(&row(&t, "1487")->v[0], 1, 0, "3");
	expect(&row(&t, "1488")->v[0], 1, 0, "1");
	expect(&t.sum[0], 2, 0, "total");
	p.intervention_id = 100;
	p.by = "outcome";
	t = participants(&admin, p);
	expect(&row(&t, "work")->v[0], 1, 1, "1's latest in Steget ended in work, 2's too");
	expect(&row(&t, NULL)->v[0], 0, 1, "4");
	p.by = "intervention";
	t = participants(&admin, p);
	assert_int_equal(t.n, 1);
	expect(&t.sum[0], 1, 2, "Steget");
	p.by = "target_group";
	t = participants(&admin, p);
	expect(&row(&t, "A")->v[0], 1, 1, "A");
	expect(&t.sum[0], 1, 2, "total");
	p.by = "age_band";
	t = participants(&admin, p);
	expect(&t.sum[0], 1, 2, "total");
	p.by = "sex";
	t = participants(&admin, p);
	expect(&t.sum[0], 1, 2, "total");
}

static void test_parameters(void **state)
{
	(void)state;
	struct report_table t;
	struct ctx *c = testenv_ctx(&env, &admin);
	struct report_params p = {.by = "kommun"};
	assert_int_equal(report_participants(c, &p, &t), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "by");
	c = testenv_ctx(&env, &admin);
	p = (struct report_params){.from = "2024-05-01", .to = "2024-04-30"};
	assert_int_equal(report_participants(c, &p, &t), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "to");
	c = testenv_ctx(&env, &admin);
	p = (struct report_params){.from = "2024-02-30"};
	assert_int_equal(report_participants(c, &p, &t), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "from");
	c = testenv_ctx(&env, &admin);
	p = (struct report_params){.intervention_id = 999};
	assert_int_equal(report_participants(c, &p, &t), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "intervention_id");
	c = testenv_ctx(&env, &admin);
	p = (struct report_params){.suppress = 1};
	assert_int_equal(report_participants(c, &p, &t), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "suppress");
	c = testenv_ctx(&env, NULL);
	p = (struct report_params){0};
	assert_int_equal(report_participants(c, &p, &t), ERR_UNAUTH);

	/* Defaults: this calendar year; a lone from runs to the end of its year. */
	setenv("SAMSYN_TODAY", "2024-06-15", 1);
	p = (struct report_params){0};
	assert_int_equal(report_participants(testenv_ctx(&env, &admin), &p, &t), 0);
	assert_string_equal(p.from, "2024-01-01");
	assert_string_equal(p.to, "2024-12-31");
	assert_string_equal(p.by, "municipality");
	/* 4 starts on 2024-12-31, after this today: planned, not counted. */
	expect(&t.sum[0], 2, 1, "2024 by default");
	p = (struct report_params){.from = "2023-03-01"};
	assert_int_equal(report_participants(testenv_ctx(&env, &admin), &p, &t), 0);
	assert_string_equal(p.to, "2023-12-31");
	p = (struct report_params){.to = "2023-03-01"};
	assert_int_equal(report_participants(testenv_ctx(&env, &admin), &p, &t), 0);
	assert_string_equal(p.from, "2023-01-01");
	p = (struct report_params){.year = 2023};
	assert_int_equal(report_participants(testenv_ctx(&env, &admin), &p, &t), 0);
	assert_string_equal(p.from, "2023-01-01");
	assert_string_equal(p.to, "2023-12-31");
	unsetenv("SAMSYN_TODAY");
}

static void test_suppression(void **state)
{
	(void)state;
	const unsigned all = REPORT_HIDE_TOTAL | REPORT_HIDE_WOMEN | REPORT_HIDE_MEN;
	/* Admin (participant access): unsuppressed unless asked. */
	struct report_table t = participants(&admin, year2024("municipality"));
	assert_int_equal(t.suppress, 0);
	for (size_t i = 0; i < t.n; i++) assert_int_equal(t.rows[i].v[0].hidden, 0);
	/* Asked with 2: 1487 (1 woman) and no municipality (1 man) are small;
	 * 1488's 1 + 1 and, with four people in all, every other cell would
	 * give them back (each is at least 1 and they sum to 4), so the total
	 * goes too. */
	struct report_params p = year2024("municipality");
	p.suppress = 2;
	t = participants(&admin, p);
	assert_int_equal(t.suppress, 2);
	for (size_t i = 0; i < t.n; i++) assert_true(report_row_suppressed(&t, t.rows[i].v));
	assert_int_equal(t.sum[0].hidden, all);
	/* Overlapping rows (target groups): no column relation, so the total
	 * row stays; A's 1 + 1 = 2 hides its total too (both would be 1). */
	p.by = "target_group";
	t = participants(&admin, p);
	assert_int_equal(t.sum[0].hidden, 0);
	assert_int_equal(row(&t, "A")->v[0].hidden, all);

	/* A reader (no participant access) gets the settings' threshold (5)
	 * without asking, and a smaller suppress is raised to it. */
	for (int asked = 0; asked <= 3; asked += 3) {
		p = year2024("sex");
		p.suppress = asked;
		t = participants(&reader, p);
		assert_int_equal(t.suppress, 5);
		assert_int_equal(t.sum[0].hidden, all); /* 4 < 5 */
	}
	/* Kansli too; a larger one is kept. */
	p = year2024("sex");
	p.suppress = 7;
	t = participants(&kansli, p);
	assert_int_equal(t.suppress, 7);
	/* The threshold is a setting. */
	testdb_exec(env.t.db, "INSERT INTO settings (key, value) VALUES ('suppression_threshold', '3')");
	t = participants(&reader, year2024("sex"));
	assert_int_equal(t.suppress, 3);
	expect(&row(&t, "female")->v[0], 2, 0, "female, 2 < 3");
	assert_int_equal(row(&t, "female")->v[0].hidden, REPORT_HIDE_TOTAL | REPORT_HIDE_WOMEN);
	testdb_exec(env.t.db, "DELETE FROM settings WHERE key = 'suppression_threshold'");
}

static void test_attendees(void **state)
{
	(void)state;
	struct report_table t;
	struct report_params p = year2024(NULL);
	assert_int_equal(report_attendees(testenv_ctx(&env, &admin), &p, &t), 0);
	assert_string_equal(t.rows[0].key[0].text, "in_person");
	expect(&row(&t, "in_person")->v[0], 1, 1, "Anna twice, Bo once");
	expect(&row(&t, "webinar")->v[0], 1, 0, "Anna");
	expect(&row(&t, "network")->v[0], 0, 1, "Bo");
	expect(&row(&t, "commissioned")->v[0], 0, 0, "nobody");
	expect(&t.sum[0], 1, 1, "unique: Anna and Bo (Cia came in 2023)");
	p = year2024("intervention");
	assert_int_equal(report_attendees(testenv_ctx(&env, &admin), &p, &t), 0);
	expect(&row(&t, "Mentorskap")->v[0], 1, 1, "Mentorskap");
	expect(&row(&t, "Arbetslust")->v[0], 0, 1, "Arbetslust");
	expect(&t.sum[0], 1, 1, "unique");
	p = year2024("format");
	p.intervention_id = 101;
	assert_int_equal(report_attendees(testenv_ctx(&env, &admin), &p, &t), 0);
	expect(&t.sum[0], 0, 1, "Bo");
}

/* Reports count what has happened by today: with today 2024-06-15 the
 * 2024 report leaves out 4 (starts 2024-12-31: planned), and 2's second
 * enrolment (2024-09-01) too; an enrolment ending later (4 of 2,
 * 2024-12-31, stored before exits in the future were refused) has not
 * ended; a period that begins after today counts no one, not even those
 * running today. */
static void test_planned_not_counted(void **state)
{
	(void)state;
	setenv("SAMSYN_TODAY", "2024-06-15", 1);
	struct report_table t = participants(&admin, year2024("intervention"));
	/* Steget: 1 (ended 2024-01-01) and 2 (first enrolment); not 4. */
	expect(&row(&t, "Steget")->v[0], 1, 1, "Steget by today");
	expect(&t.sum[0], 2, 1, "2024 by today");
	struct report_params p = year2024(NULL);
	assert_int_equal(report_occupation(testenv_ctx(&env, &admin), &p, &t), 0);
	/* Ended by 2024-06-15: 1 (2024-01-01) and 3 (2024-05-01), not 2's
	 * (2024-06-30 and 2024-12-31). */
	expect(&t.sum[0], 2, 0, "ended by today");
	p = (struct report_params){.from = "2024-07-01", .to = "2024-12-31"};
	assert_int_equal(report_participants(testenv_ctx(&env, &admin), &p, &t), 0);
	expect(&t.sum[0], 0, 0, "a period after today");
	p = (struct report_params){.from = "2024-06-15", .to = "2024-06-15", .by = "outcome"};
	assert_int_equal(report_participants(testenv_ctx(&env, &admin), &p, &t), 0);
	/* Today: 1 (101 since 2024-03-01), 2 (until 2024-06-30), 3 (since 2020). */
	expect(&t.sum[0], 2, 1, "today");
	expect(&row(&t, NULL)->v[0], 2, 1, "all running today");
	unsetenv("SAMSYN_TODAY");
}

static void test_occupation_and_work(void **state)
{
	(void)state;
	struct report_table t;
	struct report_params p = year2024(NULL);
	assert_int_equal(report_occupation(testenv_ctx(&env, &admin), &p, &t), 0);
	/* Ended in 2024: 1 (job_seeking → work), 2 twice (job_seeking →
	 * studies, studies → work), 3 (sick_leave → job_seeking). */
	expect(&row(&t, "job_seeking")->v[0], 1, 1, "before: job_seeking");
	expect(&row(&t, "studies")->v[0], 0, 1, "before: studies");
	expect(&row(&t, "sick_leave")->v[0], 1, 0, "before: sick_leave");
	expect(&row(&t, "work")->v[1], 1, 1, "after: work");
	expect(&row(&t, "studies")->v[1], 0, 1, "after: studies");
	expect(&row(&t, "job_seeking")->v[1], 1, 0, "after: job_seeking");
	expect(&t.sum[0], 2, 1, "people");
	struct report_count change;
	report_derive(&t, row(&t, "job_seeking")->v, 2, &change);
	assert_int_equal(change.total, -1);
	report_derive(&t, row(&t, "work")->v, 2, &change);
	assert_int_equal(change.total, 2);

	assert_int_equal(report_work_or_studies(testenv_ctx(&env, &admin), &p, &t), 0);
	assert_int_equal(t.n, 2);
	expect(&row(&t, "Steget")->v[0], 1, 1, "Steget ended");
	expect(&row(&t, "Steget")->v[1], 1, 1, "Steget work or studies");
	expect(&row(&t, "Arbetslust")->v[0], 1, 0, "Arbetslust ended");
	expect(&row(&t, "Arbetslust")->v[1], 0, 0, "Arbetslust work or studies");
	expect(&t.sum[0], 2, 1, "ended");
	expect(&t.sum[1], 1, 1, "work or studies");
	struct report_count share;
	report_derive(&t, t.sum, 2, &share);
	assert_int_equal(share.total, 667);
	assert_int_equal(share.women, 500);
	assert_int_equal(share.men, 1000);
}

static void test_income_transitions(void **state)
{
	(void)state;
	struct report_table t;
	struct report_params p = year2024(NULL);
	assert_int_equal(report_income_transitions(testenv_ctx(&env, &admin), &p, &t), 0);
	assert_int_equal(t.n, 3);
	/* In the code list's order: unemployment_fund before social_assistance. */
	assert_string_equal(t.rows[0].key[0].text, "unemployment_fund");
	assert_string_equal(t.rows[0].key[1].text, "salary");
	expect(&t.rows[0].v[0], 1, 0, "1");
	assert_string_equal(t.rows[1].key[0].text, "social_assistance");
	assert_string_equal(t.rows[1].key[1].text, "salary");
	expect(&t.rows[1].v[0], 1, 1, "1 and 2 (5 is a registration error)");
	assert_string_equal(t.rows[2].key[1].text, "student_aid");
	expect(&t.rows[2].v[0], 0, 1, "2");
	expect(&t.sum[0], 1, 1, "unique people with both");
}

static void test_interventions_report(void **state)
{
	(void)state;
	struct report_table t;
	struct report_params p = {.year = 2024};
	assert_int_equal(report_interventions(testenv_ctx(&env, &admin), &p, &t), 0);
	assert_int_equal(t.n, 3); /* Gamla ended in 2012 */
	assert_string_equal(t.rows[0].key[0].text, "Arbetslust");
	const struct report_row *steget = row(&t, "Steget"), *arb = row(&t, "Arbetslust"), *ment = row(&t, "Mentorskap");
	expect(&steget->v[0], 1, 2, "Steget named");
	expect(&steget->v[1], 0, 0, "Steget anonymous");
	expect(&arb->v[0], 1, 0, "Arbetslust named");
	expect(&arb->v[1], 1, 0, "Arbetslust anonymous");
	expect(&steget->v[2], 0, 3, "Steget started: 2's two and 4's (5's is an error)");
	expect(&arb->v[2], 2, 0, "Arbetslust started");
	expect(&steget->v[3], 1, 2, "Steget ended");
	expect(&arb->v[3], 1, 0, "Arbetslust ended");
	expect(&ment->v[4], 15, 10, "volumes starting in 2024");
	expect(&ment->v[5], 1, 1, "Mentorskap attendees");
	expect(&arb->v[5], 0, 1, "Arbetslust attendees");
	expect(&t.sum[0], 1, 2, "named, unique");
	expect(&t.sum[1], 1, 0, "anonymous");
	expect(&t.sum[2], 2, 3, "started");
	expect(&t.sum[3], 2, 2, "ended");
	expect(&t.sum[4], 15, 10, "volume");
	expect(&t.sum[5], 1, 1, "attendees, unique");
}

static void test_costs_funding_goals(void **state)
{
	(void)state;
	struct report_costs rc;
	struct report_params p = {.year = 2024};
	assert_int_equal(report_costs(testenv_ctx(&env, &admin), &p, &rc), 0);
	assert_int_equal(rc.n, 3);
	const struct report_cost *arb = &rc.items[0], *ment = &rc.items[1], *steget = &rc.items[2];
	assert_string_equal(steget->name, "Steget");
	assert_int_equal(steget->nfunders, 2);
	assert_string_equal(steget->funders[0].funder, "state");
	assert_int_equal(steget->funders[0].actual_sek, 90000);
	assert_false(steget->funders[1].has_actual);
	assert_int_equal(steget->budget_sek, 150000);
	assert_int_equal(steget->actual_sek, 90000);
	assert_int_equal(steget->cost_sek, 140000); /* outcome where known, else budget */
	expect(&steget->participants, 1, 2, "Steget participants");
	assert_int_equal(steget->cost_per_participant_sek, 46667);
	assert_int_equal(arb->cost_sek, 30000);
	assert_false(arb->has_actual);
	assert_int_equal(arb->cost_per_participant_sek, 15000);
	assert_int_equal(ment->cost_sek, 25000);
	assert_int_equal(ment->cost_per_participant_sek, -1); /* no participants */
	assert_int_equal(rc.budget_sek, 200000);
	assert_int_equal(rc.actual_sek, 115000);
	assert_int_equal(rc.cost_sek, 195000);
	expect(&rc.participants, 2, 2, "unique");
	assert_int_equal(rc.cost_per_participant_sek, 48750);
	p = (struct report_params){.year = 2024, .suppress = 3};
	assert_int_equal(report_costs(testenv_ctx(&env, &admin), &p, &rc), 0);
	assert_true(rc.items[0].participants.hidden & REPORT_HIDE_TOTAL); /* 2 < 3 */
	assert_int_equal(rc.items[0].cost_per_participant_sek, -1);        /* it would give the count back */
	/* 1 woman and 2 men, both small; the total 3 is not, and stays (1 + 2
	 * or 2 + 1). */
	assert_int_equal(rc.items[2].participants.hidden, REPORT_HIDE_WOMEN | REPORT_HIDE_MEN);
	assert_int_equal(rc.items[2].cost_per_participant_sek, 46667);
	/* A reader gets suppression without asking. */
	p = (struct report_params){.year = 2024};
	assert_int_equal(report_costs(testenv_ctx(&env, &reader), &p, &rc), 0);
	assert_int_equal(p.suppress, 5);
	assert_int_equal(rc.items[2].participants.hidden, REPORT_HIDE_TOTAL | REPORT_HIDE_WOMEN | REPORT_HIDE_MEN);

	struct report_funding f;
	p = (struct report_params){.year = 2024};
	assert_int_equal(report_funding(testenv_ctx(&env, &admin), &p, &f), 0);
	assert_int_equal(f.budget_sek, 200000);
	assert_string_equal(f.kinds[0].kind, "individual");
	assert_int_equal(f.kinds[0].budget_sek, 150000);
	assert_int_equal(f.kinds[0].percent_tenths, 750);
	assert_int_equal(f.kinds[0].benchmark_percent, 60);
	assert_int_equal(f.kinds[1].percent_tenths, 100);
	assert_int_equal(f.kinds[1].actual_sek, 25000);
	assert_int_equal(f.kinds[2].percent_tenths, 150);
	assert_int_equal(f.kinds[2].benchmark_percent, 10);
	testdb_exec(env.t.db, "UPDATE settings SET value = '50' WHERE key = 'funding_benchmark_individual'");
	assert_int_equal(report_funding(testenv_ctx(&env, &admin), &p, &f), 0);
	assert_int_equal(f.kinds[0].benchmark_percent, 50);
	testdb_exec(env.t.db, "UPDATE settings SET value = '60' WHERE key = 'funding_benchmark_individual'");
	p = (struct report_params){.year = 2019};
	assert_int_equal(report_funding(testenv_ctx(&env, &admin), &p, &f), 0);
	assert_int_equal(f.kinds[0].percent_tenths, -1); /* no budget at all */

	struct report_goals g;
	p = (struct report_params){.year = 2024};
	assert_int_equal(report_goals(testenv_ctx(&env, &admin), &p, &g), 0);
	assert_int_equal(g.n, 5);
	assert_string_equal(g.items[0].indicator, "foo");
	assert_false(g.items[0].measured);
	assert_int_equal(g.items[0].progress_tenths, -1);
	assert_string_equal(g.items[1].indicator, "mentors_trained");
	expect(&g.items[1].value, 1, 1, "unique attendees of Mentorskap");
	assert_int_equal(g.items[1].progress_tenths, 31); /* 2 of 65 */
	assert_string_equal(g.items[2].indicator, "volume");
	assert_int_equal(g.items[2].value.total, 25);
	assert_int_equal(g.items[2].progress_tenths, 500);
	assert_string_equal(g.items[3].indicator, "participants");
	expect(&g.items[3].value, 1, 2, "Steget participants");
	assert_int_equal(g.items[3].progress_tenths, 500);
	assert_string_equal(g.items[4].indicator, "work_or_studies");
	expect(&g.items[4].value, 1, 1, "Steget work or studies");
	assert_int_equal(g.items[4].progress_tenths, 500);
}

static char *export(const struct actor *a, struct report_params p, int want)
{
	struct csvw w;
	csvw_init(&w);
	struct ctx *c = testenv_ctx(&env, a);
	int rc = report_sus_export(c, &p, &w);
	if (rc != want) fail_msg("report_sus_export: %d (%s), want %d", rc, c->err.msg, want);
	size_t len;
	char *s = csvw_finish(&w, &len);
	return s;
}

static int lines(const char *s)
{
	int n = 0;
	for (; *s; s++) n += *s == '\n';
	return n;
}

static void test_sus_export(void **state)
{
	(void)state;
	char *s = export(&admin, year2024(NULL), 0);
	assert_int_equal(lines(s), 1 + 7); /* enrolments 1–6 and 10 */
	assert_non_null(strstr(s, "\xEF\xBB\xBF" "insats_id;insats;deltagare_id;personnummer;kon;fodelsear;kommunkod;kommun;"
				  "startdatum;slutdatum;sysselsattning_fore;sysselsattning_fore_benamning;utbildningsniva;"
				  "utbildningsniva_benamning;tid_i_offentlig_forsorjning;tid_i_offentlig_forsorjning_benamning;"
				  "forsorjning_fore;forsorjning_fore_benamning;sysselsattning_efter;sysselsattning_efter_benamning;"
				  "avslutsorsak;avslutsorsak_benamning;forsorjning_efter;forsorjning_efter_benamning;uppfoljning_6_man;"
				  "uppfoljning_6_man_benamning;uppfoljning_12_man;uppfoljning_12_man_benamning\r\n"));
	/* Each code with SUS's Swedish category name beside it (the code lists'
	 * labels), the municipality's name beside its code. */
	assert_non_null(strstr(s, "\r\n100;Steget;1;199001011111;K;1990;1488;Trollhättan;2023-06-01;2024-01-01;job_seeking;"
				  "Aktivt arbetssökande;primary;Förgymnasial 9 (10) år;5y_plus;5 år eller mer;"
				  "social_assistance|unemployment_fund;Försörjningsstöd|Arbetslöshetsersättning (a-kassa);work;Förvärvsarbete;"
				  "completed;Insatsen genomförd enligt plan;salary;Lön;work;Förvärvsarbete;;\r\n"));
	assert_non_null(strstr(s, "\r\n100;Steget;2;200002022222;M;2000;1488;Trollhättan;2024-02-01;2024-06-30;job_seeking;"
				  "Aktivt arbetssökande;secondary;Gymnasial;lt_1y;Mindre än 1 år;social_assistance;Försörjningsstöd;"
				  "studies;Studier;completed;Insatsen genomförd enligt plan;student_aid;Studiemedel;;;;\r\n"));
	assert_non_null(strstr(s, "\r\n101;Arbetslust;3;;K;1960;1487;Vänersborg;2020-01-01;;sick_leave;Sjukskriven;;;;;;;;;;;;;;;;\r\n")); /* anonymous */
	assert_non_null(strstr(s, "\r\n100;Steget;4;200904044444;M;2009;;;2024-12-31;;other;Övrigt;;;;;;;;;;;;;;;;\r\n"));
	assert_null(strstr(s, "198005055555")); /* the registration error */
	assert_null(strstr(s, "198506066666"));
	free(s);
	/* One audit event naming each participant exported (1–4) once, not per line. */
	assert_int_equal(testdb_reads_int(env.t.db, "SELECT COUNT(*) FROM reads.audit_reads WHERE action = 'read' AND entity = 'participant'"
					      " AND detail = 'sus-export' AND user_id = 1"),
			 1);
	assert_int_equal(testdb_reads_int(env.t.db, "SELECT COUNT(*) FROM reads.audit_reads WHERE detail = 'sus-export' AND user_id = 1"
					      " AND entity_ids LIKE '%,%,%,%' AND entity_ids NOT LIKE '%,%,%,%,%'"), 1); /* 4 ids */
	for (int64_t id = 1; id <= 4; id++) assert_int_equal(audit_events_of(env.t.db, "read", "participant", id), 1);

	/* Fia's organisation owns Arbetslust: she exports its enrolments only
	 * (access.h), with 1's personnummer (and 3, anonymous), not 2 or 4. */
	s = export(&fia, year2024(NULL), 0);
	assert_int_equal(lines(s), 1 + 3);
	assert_non_null(strstr(s, ";199001011111;"));
	assert_null(strstr(s, "200002022222"));
	assert_null(strstr(s, "200904044444"));
	assert_null(strstr(s, "\r\n100;Steget;"));
	free(s);
	s = export(&anna, year2024(NULL), 0);
	assert_non_null(strstr(s, ";199001011111;"));
	assert_non_null(strstr(s, ";200002022222;"));
	assert_non_null(strstr(s, ";200904044444;"));
	free(s);
	/* The kansli exports without any personnummer. */
	s = export(&kansli, year2024(NULL), 0);
	assert_int_equal(lines(s), 8);
	assert_null(strstr(s, "199001011111"));
	assert_null(strstr(s, "200002022222"));
	free(s);
	assert_int_equal(testdb_reads_int(env.t.db, "SELECT COUNT(*) FROM reads.audit_reads WHERE user_id = 12"), 1);
	assert_int_equal(testdb_reads_int(env.t.db, "SELECT COUNT(*) FROM reads.audit_reads WHERE user_id = 12"
					      " AND entity_ids LIKE '%,%,%,%' AND entity_ids NOT LIKE '%,%,%,%,%'"), 1); /* 4 ids */
	/* Readers may not. */
	int64_t before = audit_count(&env);
	s = export(&reader, year2024(NULL), ERR_FORBIDDEN);
	free(s);
	assert_int_equal(audit_count(&env), before);
	/* One intervention. */
	struct report_params p = year2024(NULL);
	p.intervention_id = 101;
	s = export(&admin, p, 0);
	assert_int_equal(lines(s), 1 + 3);
	free(s);
}

TEST_MAIN_WITH(setup, teardown,
	cmocka_unit_test(test_participants_unique_and_overlap),
	cmocka_unit_test(test_planned_not_counted),
	cmocka_unit_test(test_participants_groupings),
	cmocka_unit_test(test_participants_one_intervention),
	cmocka_unit_test(test_parameters),
	cmocka_unit_test(test_suppression),
	cmocka_unit_test(test_attendees),
	cmocka_unit_test(test_occupation_and_work),
	cmocka_unit_test(test_income_transitions),
	cmocka_unit_test(test_interventions_report),
	cmocka_unit_test(test_costs_funding_goals),
	cmocka_unit_test(test_sus_export),
)
