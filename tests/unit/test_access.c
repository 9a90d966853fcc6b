/* test_access.c — the participant visibility rule (domain/access.c) on a
 * real SQLite database: admin sees all; a case worker sees participants
 * enrolled in interventions her organisation owns or partners in, and those
 * her organisation registered (first, or through a registration of its
 * own); other roles see none; membership of interventions; who may
 * rewrite a person's identity. */
#include "testutil.h"
#include "domain/access.h"

static void test_visibility(void **state)
{
	struct testenv *env = *state;
	struct store *db = env->t.db;
	testdb_exec(db, TESTDB_ORGS_SQL
		    "INSERT INTO users (id, username, name, org_id, roles, created_at, updated_at) VALUES"
		    " (10, 'anna', 'Anna', 2, 'case_worker', 'x', 'x'), (11, 'fia', 'Fia', 3, 'case_worker', 'x', 'x'),"
		    " (12, 'kim', 'Kim', 4, 'case_worker', 'x', 'x');"
		    "INSERT INTO interventions (id, name, kind, owner_org_id, start_date, status, measurement, created_at, updated_at)"
		    " VALUES (100, 'Steget', 'individual', 2, '2024-01-01', 'active', 'participants', 'x', 'x');"
		    "INSERT INTO intervention_partners (intervention_id, org_id) VALUES (100, 3);"
		    "INSERT INTO interventions (id, name, kind, owner_org_id, start_date, status, measurement, created_at, updated_at)"
		    " VALUES (101, 'Egen', 'individual', 4, '2024-01-01', 'active', 'participants', 'x', 'x');"
		    "INSERT INTO participants (id, sex, birth_year, created_by_user_id, created_by_org_id, created_at, updated_at) VALUES"
		    " (1000, 'female', 1990, 10, 2, 'x', 'x'), (1001, 'male', 1980, 12, 4, 'x', 'x'), (1002, 'female', 1970, 12, 4, 'x', 'x'),"
		    " (1003, 'male', 1960, 12, 4, 'x', 'x'), (1004, 'male', 1961, 10, 2, 'x', 'x');"
		    "INSERT INTO participant_registrations (participant_id, org_id, created_at, updated_at) VALUES (1003, 3, 'x', 'x');"
		    "INSERT INTO enrolments (participant_id, intervention_id, start_date, created_at, updated_at)"
		    " VALUES (1001, 100, '2024-02-01', 'x', 'x'), (1004, 100, '2024-02-01', 'x', 'x'), (1004, 101, '2024-02-01', 'x', 'x');");
	struct actor admin = {.user_id = 1, .org_id = 1, .roles = ROLE_ADMIN};
	struct actor anna = {.user_id = 10, .org_id = 2, .roles = ROLE_CASE_WORKER};
	struct actor fia = {.user_id = 11, .org_id = 3, .roles = ROLE_CASE_WORKER};
	struct actor kim = {.user_id = 12, .org_id = 4, .roles = ROLE_CASE_WORKER};
	struct actor kansli = {.user_id = 13, .org_id = 1, .roles = ROLE_KANSLI | ROLE_READER};
	struct { const struct actor *a; int64_t id; bool want; } cases[] = {
		{&admin, 1000, true},  {&admin, 1001, true},  {&admin, 1002, true}, {&admin, 9999, false},
		{&anna, 1000, true},   /* her organisation registered it, no enrolment */
		{&anna, 1001, true},   /* enrolled in her organisation's intervention */
		{&anna, 1002, false},
		{&fia, 1000, false},   {&fia, 1001, true}, /* her organisation is a partner */
		{&fia, 1002, false},
		{&kim, 1001, true},    {&kim, 1002, true}, /* registered by kim's organisation */
		{&kim, 1000, false},
		{&fia, 1003, true},    /* her organisation registered the person later */
		{&anna, 1003, false},
		{&kansli, 1003, false},
		{&kansli, 1000, false}, {&kansli, 1001, false}, /* no participant data at all */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ctx *c = testenv_ctx(env, cases[i].a);
		if (access_participant_visible(c, cases[i].id) != cases[i].want)
			fail_msg("case %zu: user %lld, participant %lld: want %d", i, (long long)cases[i].a->user_id,
				 (long long)cases[i].id, cases[i].want);
	}
	assert_true(access_intervention_member(testenv_ctx(env, &anna), 100));
	assert_true(access_intervention_member(testenv_ctx(env, &fia), 100));
	assert_false(access_intervention_member(testenv_ctx(env, &kim), 100));
	assert_false(access_intervention_member(testenv_ctx(env, &anna), 101));
	assert_false(access_participants(&kansli));
	assert_true(access_participants(&anna));
	assert_true(access_all_participants(&admin));
	assert_false(access_all_participants(&anna));

	/* Identity: an admin always; otherwise only when every enrolment is
	 * one she sees and every organisation that registered the person is
	 * hers or works with her in one of those interventions. */
	struct { const struct actor *a; int64_t id; bool want; } rewrite[] = {
		{&admin, 1001, true}, {&anna, 1000, true}, {&fia, 1000, false}, {&kim, 1002, true},
		{&kim, 1001, false},  /* enrolled in 100, which kim does not see */
		{&anna, 1001, false}, /* kim registered her and works in no intervention of hers */
		{&kim, 1003, false},  /* fia's organisation registered her too */
		{&fia, 1003, false},
		{&anna, 1004, false}, /* enrolled in kim's 101 too */
		{&kansli, 1000, false},
	};
	for (size_t i = 0; i < sizeof rewrite / sizeof rewrite[0]; i++) {
		struct ctx *c = testenv_ctx(env, rewrite[i].a);
		if (access_identity_rewrite(c, rewrite[i].id) != rewrite[i].want)
			fail_msg("rewrite case %zu: user %lld, participant %lld: want %d", i,
				 (long long)rewrite[i].a->user_id, (long long)rewrite[i].id, rewrite[i].want);
	}
}

TEST_MAIN(
	testenv_unit_test(test_visibility),
)
