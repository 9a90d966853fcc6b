/* test_gen.c — the synthetic förbund of domain/gen.c on a real migrated
 * database: counts, valid and unique personnummer, consistent dates and
 * codes, the distributions roughly as documented, the same rows for the same
 * seed, and the refusals (a filled database, a non-admin, bad options). */
#include "testutil.h"
#include "base/clock.h"
#include "base/strbuf.h"
#include "domain/gen.h"
#include "se/kommun.h"
#include "se/personnummer.h"

#define TODAY "2026-06-15"

static const struct actor sys_actor = {.user_id = 0, .roles = ROLE_ADMIN, .username = "system"};

static void generate(struct testenv *env, int64_t n, int64_t m, uint64_t seed)
{
	struct ctx *c = testenv_ctx(env, &sys_actor);
	struct gen_options o = {.participants = n, .enrolments = m, .seed = seed, .today = TODAY};
	struct gen_result r;
	assert_int_equal(gen_run(c, &o, &r), 0);
	assert_int_equal(r.participants, n);
	assert_int_equal(r.enrolments, m);
}

static int setup_big(void **state)
{
	testenv_setup(state);
	struct testenv *env = *state;
	generate(env, 3000, 9000, 42);
	return 0;
}

static void test_counts(void **state)
{
	struct testenv *env = *state;
	struct store *db = env->t.db;
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM participants"), 3000);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM enrolments"), 9000);
	int64_t anon = testdb_int(db, "SELECT COUNT(*) FROM participants WHERE anonymous = 1");
	assert_true(anon >= 45 && anon <= 135); /* about 3 % */
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM participants WHERE anonymous = 1 AND (personnummer IS NOT NULL"
					" OR first_name IS NOT NULL OR last_name IS NOT NULL OR birth_date IS NOT NULL)"), 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM participants WHERE anonymous = 0 AND (personnummer IS NULL"
					" OR first_name IS NULL OR last_name IS NULL OR birth_date IS NULL)"), 0);
	int64_t women = testdb_int(db, "SELECT COUNT(*) FROM participants WHERE sex = 'female'");
	assert_true(women >= 1470 && women <= 1650); /* about 52 % */
	/* Trollhättan first, then Vänersborg, then the rest. */
	int64_t thn = testdb_int(db, "SELECT COUNT(*) FROM participants WHERE municipality_code = '1488'");
	int64_t vbg = testdb_int(db, "SELECT COUNT(*) FROM participants WHERE municipality_code = '1487'");
	int64_t gtp = testdb_int(db, "SELECT COUNT(*) FROM participants WHERE municipality_code = '1444'");
	assert_true(thn > vbg && vbg > gtp && gtp > 0);
	assert_true(thn + vbg > 2400);
	struct stmt *s = store_prepare(db, "SELECT DISTINCT municipality_code FROM participants");
	int n = 0;
	while (stmt_step(s) == STORE_ROW) {
		assert_non_null(kommun_name(stmt_text(s, 0)));
		n++;
	}
	stmt_done(s);
	assert_true(n >= 6);
	assert_true(testdb_int(db, "SELECT COUNT(DISTINCT participant_id) FROM participant_target_groups") > 2000);
	/* Every participant has an enrolment when M ≥ N, and some have several. */
	assert_int_equal(testdb_int(db, "SELECT COUNT(DISTINCT participant_id) FROM enrolments"), 3000);
	assert_true(testdb_int(db, "SELECT MAX(c) FROM (SELECT COUNT(*) AS c FROM enrolments GROUP BY participant_id) x") >= 6);

	int64_t niv = testdb_int(db, "SELECT COUNT(*) FROM interventions");
	assert_true(niv >= 20 && niv <= 50);
	assert_int_equal(testdb_int(db, "SELECT COUNT(DISTINCT kind) FROM interventions"), 3);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM interventions i WHERE NOT EXISTS"
					" (SELECT 1 FROM intervention_partners p WHERE p.intervention_id = i.id)"), 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM interventions i WHERE NOT EXISTS"
					" (SELECT 1 FROM intervention_target_groups t WHERE t.intervention_id = i.id)"), 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM interventions i WHERE NOT EXISTS"
					" (SELECT 1 FROM intervention_budgets b WHERE b.intervention_id = i.id)"), 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM interventions i WHERE NOT EXISTS"
					" (SELECT 1 FROM intervention_goals g WHERE g.intervention_id = i.id)"), 0);
	assert_true(testdb_int(db, "SELECT COUNT(*) FROM intervention_partners p JOIN interventions i"
				   " ON i.id = p.intervention_id WHERE p.org_id = i.owner_org_id") == 0);
	/* Outcomes are known only for years that are over. */
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM intervention_budgets WHERE year >= 2026 AND actual_sek IS NOT NULL"), 0);
	assert_true(testdb_int(db, "SELECT COUNT(*) FROM intervention_budgets WHERE year < 2026 AND actual_sek IS NULL") == 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM orgs"), 8);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM users WHERE password_hash IS NULL"), 12);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM audit_events WHERE action = 'generate'"), 1);
	/* Every code is one of the code lists'. */
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM enrolments e WHERE NOT EXISTS (SELECT 1 FROM codes c"
					" WHERE c.list = 'occupation' AND c.code = e.occupation_before)"), 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM enrolments e WHERE e.outcome IS NOT NULL AND NOT EXISTS"
					" (SELECT 1 FROM codes c WHERE c.list = 'occupation' AND c.code = e.outcome)"), 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM enrolments e WHERE NOT EXISTS (SELECT 1 FROM codes c"
					" WHERE c.list = 'education_level' AND c.code = e.education_level)"), 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM enrolments e WHERE NOT EXISTS (SELECT 1 FROM codes c"
					" WHERE c.list = 'support_time' AND c.code = e.support_time)"), 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM enrolments e WHERE e.exit_reason IS NOT NULL AND NOT EXISTS"
					" (SELECT 1 FROM codes c WHERE c.list = 'exit_reason' AND c.code = e.exit_reason)"), 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM enrolment_income_sources s WHERE NOT EXISTS"
					" (SELECT 1 FROM codes c WHERE c.list = 'income_source' AND c.code = s.code)"), 0);
	assert_int_equal(testdb_int(db, "SELECT COUNT(*) FROM attendees a WHERE NOT EXISTS (SELECT 1 FROM codes c"
					" WHERE c.list = 'attendee_format' AND c.code = a.format)"), 0);
	assert_true(testdb_int(db, "SELECT COUNT(*) FROM enrolment_income_sources WHERE phase = 'start'") >= 9000);
}

static void test_personnummer(void **state)
{
	struct testenv *env = *state;
	struct store *db = env->t.db;
	struct stmt *s = store_prepare(db, "SELECT personnummer, sex, birth_date, birth_year FROM participants"
					   " WHERE anonymous = 0");
	int n = 0;
	while (stmt_step(s) == STORE_ROW) {
		struct pnr p;
		const char *pnr = stmt_text(s, 0);
		assert_int_equal(pnr_parse_at(pnr, 2026, 6, 15, &p), PNR_OK);
		assert_string_equal(p.normalized, pnr);
		assert_false(p.coordination);
		assert_string_equal(stmt_text(s, 1), p.sex == PNR_MALE ? "male" : "female");
		char bd[16]; /* room for what gcc thinks the fields may take */
		snprintf(bd, sizeof bd, "%04d-%02d-%02d", p.year % 10000, p.month % 100, p.day % 100);
		assert_string_equal(stmt_text(s, 2), bd);
		assert_int_equal(stmt_int(s, 3), p.year);
		n++;
	}
	stmt_done(s);
	assert_true(n > 2800);
	assert_int_equal(testdb_int(db, "SELECT COUNT(DISTINCT personnummer) FROM participants"), n);
	/* 10-digit forms too (the century from today). */
	s = store_prepare(db, "SELECT personnummer FROM participants WHERE anonymous = 0 LIMIT 50");
	while (stmt_step(s) == STORE_ROW) {
		struct pnr p;
		char ten[12];
		const char *pnr = stmt_text(s, 0);
		snprintf(ten, sizeof ten, "%.6s-%.4s", pnr + 2, pnr + 8);
		assert_int_equal(pnr_parse_at(ten, 2026, 6, 15, &p), PNR_OK);
		assert_string_equal(p.normalized, pnr);
	}
	stmt_done(s);
}

/* Whole years from birth date b to date d (both YYYY-MM-DD). */
static int age_at(const char *b, const char *d)
{
	int age = atoi(d) - atoi(b);
	return strcmp(d + 5, b + 5) < 0 ? age - 1 : age;
}

static void test_dates(void **state)
{
	struct testenv *env = *state;
	struct store *db = env->t.db;
	struct stmt *s = store_prepare(db,
		"SELECT e.start_date, e.end_date, e.outcome, e.exit_reason, e.followup_6m, e.followup_12m,"
		" i.start_date, i.end_date, i.measurement, i.kind, i.status, p.birth_date, p.birth_year"
		" FROM enrolments e JOIN interventions i ON i.id = e.intervention_id"
		" JOIN participants p ON p.id = e.participant_id");
	int n = 0, ongoing = 0, errors = 0, work = 0, ended_ok = 0, fu6 = 0, fu12 = 0;
	while (stmt_step(s) == STORE_ROW) {
		const char *start = stmt_text(s, 0), *end = stmt_text(s, 1), *outcome = stmt_text(s, 2),
			   *reason = stmt_text(s, 3), *f6 = stmt_text(s, 4), *f12 = stmt_text(s, 5),
			   *istart = stmt_text(s, 6), *iend = stmt_text(s, 7), *birth = stmt_text(s, 11);
		n++;
		assert_true(clock_valid_date(start));
		assert_true(strcmp(start, istart) >= 0);
		if (iend) assert_true(strcmp(start, iend) <= 0);
		assert_true(strcmp(start, TODAY) <= 0);
		assert_string_equal(stmt_text(s, 8), "participants");
		assert_string_equal(stmt_text(s, 9), "individual");
		assert_string_not_equal(stmt_text(s, 10), "planned");
		if (!end) {
			ongoing++;
			assert_null(outcome);
			assert_null(reason);
			assert_null(f6);
			assert_null(f12);
		} else {
			assert_true(clock_valid_date(end));
			assert_true(strcmp(end, start) >= 0);
			assert_true(strcmp(end, TODAY) <= 0);
			if (iend) assert_true(strcmp(end, iend) <= 0);
			assert_non_null(reason);
			if (strcmp(reason, "registration_error") == 0) {
				errors++;
				assert_null(outcome);
			} else {
				ended_ok++;
				assert_non_null(outcome);
				work += strcmp(outcome, "work") == 0;
			}
			char limit[11];
			if (f6) {
				fu6++;
				clock_add_months(end, 6, limit);
				assert_true(strcmp(limit, TODAY) <= 0);
			}
			if (f12) {
				fu12++;
				assert_non_null(f6);
				clock_add_months(end, 12, limit);
				assert_true(strcmp(limit, TODAY) <= 0);
			}
		}
		/* 16–66 years old at every start. */
		if (birth) {
			int age = age_at(birth, start);
			assert_true(age >= 16 && age <= 66);
		} else {
			int age = atoi(start) - (int)stmt_int(s, 12);
			assert_true(age >= 16 && age <= 67);
		}
	}
	stmt_done(s);
	assert_int_equal(n, 9000);
	assert_true(ongoing > 9000 * 25 / 100 && ongoing < 9000 * 35 / 100); /* about 30 % */
	assert_true(errors > 20 && errors < 200);                             /* about 1 % of the ended */
	assert_true(work > ended_ok * 20 / 100 && work < ended_ok * 30 / 100); /* about 25 % */
	assert_true(fu6 > 1000 && fu12 > 500);
	/* Intervention status follows its dates. */
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM interventions WHERE (status = 'planned') <> (start_date > '" TODAY "')"), 0);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM interventions WHERE (status = 'ended') <>"
					       " (end_date IS NOT NULL AND end_date < '" TODAY "')"), 0);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM interventions WHERE end_date < start_date"), 0);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM volumes v JOIN interventions i ON i.id = v.intervention_id"
					       " WHERE v.period_end < v.period_start OR v.period_start < i.start_date"
					       " OR (i.end_date IS NOT NULL AND v.period_end > i.end_date) OR i.measurement <> 'volume'"), 0);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM attendees a JOIN interventions i ON i.id = a.intervention_id"
					       " WHERE a.date < i.start_date OR a.date > '" TODAY "'"
					       " OR (i.end_date IS NOT NULL AND a.date > i.end_date)"), 0);
	assert_true(testdb_int(env->t.db, "SELECT COUNT(*) FROM attendees") > 0);
}

/* Every generated row of the tables that matter, as text. */
static char *dump(struct store *db)
{
	static const char *const queries[] = {
		"SELECT id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at FROM interventions ORDER BY id",
		"SELECT intervention_id, year, funder, amount_sek, actual_sek FROM intervention_budgets ORDER BY 1, 2, 3",
		"SELECT id, personnummer, first_name, last_name, anonymous, sex, birth_date, birth_year, municipality_code,"
		" created_by_user_id, created_at FROM participants ORDER BY id",
		"SELECT participant_id, code FROM participant_target_groups ORDER BY 1, 2",
		"SELECT id, participant_id, intervention_id, start_date, end_date, occupation_before, education_level,"
		" support_time, outcome, exit_reason, followup_6m, followup_12m FROM enrolments ORDER BY id",
		"SELECT enrolment_id, phase, code FROM enrolment_income_sources ORDER BY 1, 2, 3",
		"SELECT participant_id, status, date FROM consents ORDER BY id",
		"SELECT intervention_id, person_key, date FROM attendees ORDER BY id",
	};
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		struct stmt *s = store_prepare(db, queries[q]);
		int cols = q == 0 ? 9 : q == 1 ? 5 : q == 2 ? 11 : q == 3 ? 2 : q == 4 ? 12 : q == 5 ? 3 : 3;
		while (stmt_step(s) == STORE_ROW) {
			for (int i = 0; i < cols; i++) {
				const char *t = stmt_text(s, i);
				strbuf_puts(&sb, t ? t : "NULL");
				strbuf_putc(&sb, '|');
			}
			strbuf_putc(&sb, '\n');
		}
		stmt_done(s);
	}
	return strbuf_detach(&sb);
}

static void test_deterministic(void **state)
{
	(void)state;
	struct testenv a, b, c;
	testenv_open(&a);
	testenv_open(&b);
	testenv_open(&c);
	generate(&a, 400, 1100, 7);
	generate(&b, 400, 1100, 7);
	generate(&c, 400, 1100, 8);
	char *da = dump(a.t.db), *db = dump(b.t.db), *dc = dump(c.t.db);
	assert_true(strlen(da) > 50000);
	assert_string_equal(da, db);
	assert_string_not_equal(da, dc);
	free(da);
	free(db);
	free(dc);
	testenv_close(&a);
	testenv_close(&b);
	testenv_close(&c);
}

static void test_fewer_enrolments_than_participants(void **state)
{
	(void)state;
	struct testenv env;
	testenv_open(&env);
	generate(&env, 500, 200, 3);
	assert_int_equal(testdb_int(env.t.db, "SELECT COUNT(*) FROM participants"), 500);
	assert_int_equal(testdb_int(env.t.db, "SELECT COUNT(*) FROM enrolments"), 200);
	testenv_close(&env);
	testenv_open(&env);
	generate(&env, 0, 0, 3);
	assert_int_equal(testdb_int(env.t.db, "SELECT COUNT(*) FROM participants"), 0);
	assert_true(testdb_int(env.t.db, "SELECT COUNT(*) FROM interventions") >= 20);
	/* The indexes are back after the bulk load. */
	assert_int_equal(testdb_int(env.t.db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN"
					      " ('enrolments_period', 'enrolments_participant', 'participants_name')"), 3);
	testenv_close(&env);
}

static void test_refusals(void **state)
{
	(void)state;
	struct testenv env;
	testenv_open(&env);
	generate(&env, 10, 30, 1);
	struct gen_result r;
	struct gen_options o = {.participants = 10, .enrolments = 30, .seed = 1, .today = TODAY};
	struct ctx *c = testenv_ctx(&env, &sys_actor);
	assert_int_equal(gen_run(c, &o, &r), ERR_CONFLICT);
	assert_int_equal(testdb_int(env.t.db, "SELECT COUNT(*) FROM participants"), 10);
	testenv_close(&env);

	testenv_open(&env);
	const struct actor kansli = {.user_id = 5, .org_id = 1, .roles = ROLE_KANSLI, .username = "k"};
	c = testenv_ctx(&env, &kansli);
	assert_int_equal(gen_run(c, &o, &r), ERR_FORBIDDEN);
	c = testenv_ctx(&env, &sys_actor);
	o.today = "2026-02-30";
	assert_int_equal(gen_run(c, &o, &r), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "today");
	c = testenv_ctx(&env, &sys_actor);
	o.today = TODAY;
	o.participants = 0;
	assert_int_equal(gen_run(c, &o, &r), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "enrolments");
	c = testenv_ctx(&env, &sys_actor);
	o.participants = GEN_MAX_PARTICIPANTS + 1;
	assert_int_equal(gen_run(c, &o, &r), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "participants");
	assert_int_equal(testdb_int(env.t.db, "SELECT COUNT(*) FROM interventions"), 0);
	testenv_close(&env);
}

int main(void)
{
	const struct CMUnitTest big[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_personnummer),
		cmocka_unit_test(test_dates),
	};
	const struct CMUnitTest small[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_fewer_enrolments_than_participants),
		cmocka_unit_test(test_refusals),
	};
	int rc = cmocka_run_group_tests(big, setup_big, testenv_teardown);
	return rc | cmocka_run_group_tests(small, NULL, NULL);
}
