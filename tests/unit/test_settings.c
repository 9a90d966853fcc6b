/* test_settings.c — target groups (domain/target_group.c) and the funding
 * benchmark (domain/settings.c) against a real SQLite file: the seeded
 * values, who may change them, validation, conflicts, and the audit event
 * in the same transaction. */
#include "testutil.h"
#include "domain/settings.h"
#include "domain/target_group.h"

static const struct actor admin = {.user_id = 0, .roles = ROLE_ADMIN, .username = "system"};
static const struct actor kansli = {.user_id = 2, .org_id = 1, .roles = ROLE_KANSLI, .username = "kansli"};
static const struct actor worker = {.user_id = 3, .org_id = 1, .roles = ROLE_CASE_WORKER | ROLE_TRAINER, .username = "cw"};

static void test_target_groups_seeded(void **state)
{
	struct testenv *env = *state;
	struct target_group_list l;
	struct page p = {.limit = 50};
	struct ctx *c = testenv_ctx(env, &worker);
	assert_int_equal(target_group_list(c, &p, &l), 0);
	assert_int_equal(l.total, 2);
	assert_string_equal(l.items[0].code, "A");
	assert_string_equal(l.items[0].name, "Målgrupp A");
	assert_non_null(strstr(l.items[0].description, "försörjningsstöd"));
	assert_true(l.items[0].active);
	assert_string_equal(l.items[1].code, "B");
	assert_non_null(strstr(l.items[1].description, "18–24"));
}

static void test_target_group_create_update(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct target_group in = {.code = "C-unga_1", .name = "Unga utan gymnasieexamen", .active = true}, out;
	struct ctx *c = testenv_ctx(env, &kansli);
	assert_int_equal(target_group_create(c, &in, &out), 0);
	assert_string_equal(out.code, "C-unga_1");
	assert_int_equal(audit_count(env), events + 1);

	c = testenv_ctx(env, &admin);
	assert_int_equal(target_group_create(c, &in, &out), ERR_CONFLICT);
	assert_non_null(strstr(c->err.msg, "C-unga_1"));
	assert_int_equal(audit_count(env), events + 1);

	struct target_group_patch p = {.active = false, .has_active = true, .description = "Ur bruk", .has_description = true};
	c = testenv_ctx(env, &kansli);
	assert_int_equal(target_group_update(c, "A", &p, &out), 0);
	assert_false(out.active);
	assert_string_equal(out.name, "Målgrupp A"); /* untouched */
	struct target_group got;
	c = testenv_ctx(env, &worker);
	assert_int_equal(target_group_get(c, "A", &got), 0);
	assert_false(got.active);
	assert_string_equal(got.description, "Ur bruk");
	assert_int_equal(audit_count(env), events + 2);

	c = testenv_ctx(env, &kansli);
	assert_int_equal(target_group_update(c, "Q", &p, &out), ERR_NOT_FOUND);

	struct target_group_list l;
	struct page pg = {.limit = 50, .q = "unga"};
	c = testenv_ctx(env, &worker);
	assert_int_equal(target_group_list(c, &pg, &l), 0);
	assert_int_equal(l.total, 1);
	assert_string_equal(l.items[0].code, "C-unga_1");
}

static void test_target_group_rules(void **state)
{
	struct testenv *env = *state;
	int64_t events = audit_count(env);
	struct target_group ok = {.code = "D", .name = "D", .active = true}, out;
	struct ctx *c = testenv_ctx(env, &worker);
	assert_int_equal(target_group_create(c, &ok, &out), ERR_FORBIDDEN);
	struct target_group_patch p = {.name = "Kapad", .has_name = true};
	c = testenv_ctx(env, &worker);
	assert_int_equal(target_group_update(c, "A", &p, &out), ERR_FORBIDDEN);

	static const char *const bad_codes[] = {"", "a b", "åäö", "123456789012345678901", "x/y", NULL};
	for (size_t i = 0; i < sizeof bad_codes / sizeof bad_codes[0]; i++) {
		struct target_group in = {.code = bad_codes[i], .name = "Namn", .active = true};
		c = testenv_ctx(env, &kansli);
		if (target_group_create(c, &in, &out) != ERR_INVALID) fail_msg("code %zu accepted", i);
		assert_string_equal(c->err.params[0].name, "code");
	}
	assert_true(target_group_code_valid("12345678901234567890"));
	struct target_group noname = {.code = "E", .name = "", .active = true};
	c = testenv_ctx(env, &kansli);
	assert_int_equal(target_group_create(c, &noname, &out), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "name");
	struct target_group_patch clear = {.name = NULL, .has_name = true};
	c = testenv_ctx(env, &kansli);
	assert_int_equal(target_group_update(c, "B", &clear, &out), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "name");
	assert_int_equal(audit_count(env), events);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM target_groups"), 2);
}

static void test_benchmark(void **state)
{
	struct testenv *env = *state;
	int pct[3];
	struct ctx *c = testenv_ctx(env, NULL); /* reports read it without a permission check */
	assert_int_equal(settings_funding_benchmark(c, pct), 0);
	assert_int_equal(pct[0], 60);
	assert_int_equal(pct[1], 30);
	assert_int_equal(pct[2], 10);

	int64_t events = audit_count(env);
	struct settings_patch p = {.funding_benchmark = {50, 40, 10}, .has_funding_benchmark = {true, true, false}};
	struct settings out;
	c = testenv_ctx(env, &worker);
	assert_int_equal(settings_update(c, &p, &out), ERR_FORBIDDEN);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(settings_update(c, &p, &out), 0);
	assert_int_equal(out.funding_benchmark[SETTINGS_STRUCTURAL], 40);
	assert_int_equal(audit_count(env), events + 1);
	c = testenv_ctx(env, &worker);
	assert_int_equal(settings_funding_benchmark(c, pct), 0);
	assert_int_equal(pct[0], 50);
	assert_int_equal(pct[1], 40);
	assert_int_equal(pct[2], 10);

	/* The sum must stay 100; a single field is checked against the others. */
	struct settings_patch one = {.funding_benchmark = {0, 0, 20}, .has_funding_benchmark = {false, false, true}};
	c = testenv_ctx(env, &admin);
	assert_int_equal(settings_update(c, &one, &out), ERR_INVALID);
	assert_string_equal(c->err.params[0].name, "funding_benchmark");
	assert_string_equal(c->err.params[0].value, "110");
	struct settings_patch range = {.funding_benchmark = {120, -10, -10}, .has_funding_benchmark = {true, true, true}};
	c = testenv_ctx(env, &admin);
	assert_int_equal(settings_update(c, &range, &out), ERR_INVALID);
	assert_int_equal(c->err.nparams, 3);
	assert_string_equal(c->err.params[0].name, "funding_benchmark.individual");
	assert_string_equal(c->err.params[2].name, "funding_benchmark.competence");
	struct settings_patch all = {.funding_benchmark = {100, 0, 0}, .has_funding_benchmark = {true, true, true}};
	c = testenv_ctx(env, &admin);
	assert_int_equal(settings_update(c, &all, &out), 0);
	struct settings s;
	c = testenv_ctx(env, &worker);
	assert_int_equal(settings_get(c, &s), 0);
	assert_int_equal(s.funding_benchmark[0], 100);
	assert_int_equal(s.funding_benchmark[2], 0);
	assert_int_equal(audit_count(env), events + 2);
}

/* forbund_name: the default, a trimmed change, the length rule and who may. */
static void test_forbund_name(void **state)
{
	struct testenv *env = *state;
	const char *name;
	struct ctx *c = testenv_ctx(env, NULL);
	assert_int_equal(settings_forbund_name(c, &name), 0);
	assert_string_equal(name, "Samordningsförbundet");

	int64_t events = audit_count(env);
	struct settings_patch p = {.forbund_name = "  Samordningsförbundet Älvsborg \n", .has_forbund_name = true};
	struct settings out;
	c = testenv_ctx(env, &worker);
	assert_int_equal(settings_update(c, &p, &out), ERR_FORBIDDEN);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(settings_update(c, &p, &out), 0);
	assert_string_equal(out.forbund_name, "Samordningsförbundet Älvsborg");
	assert_int_equal(out.recent_contact_days, 14);
	assert_int_equal(audit_count(env), events + 1);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE entity = 'settings' AND detail = 'forbund_name'"), 1);
	c = testenv_ctx(env, &worker);
	assert_int_equal(settings_forbund_name(c, &name), 0);
	assert_string_equal(name, "Samordningsförbundet Älvsborg");

	char too_long[202];
	memset(too_long, 'x', 201);
	too_long[201] = 0;
	const char *bad[] = {"", "   ", too_long, NULL};
	for (int i = 0; i < 4; i++) {
		struct settings_patch b = {.forbund_name = bad[i], .has_forbund_name = true};
		c = testenv_ctx(env, &admin);
		assert_int_equal(settings_update(c, &b, &out), ERR_INVALID);
		assert_string_equal(c->err.params[0].name, "forbund_name");
	}
	/* 200 characters of two bytes each are still 200 characters. */
	char long_ok[401] = "";
	for (int i = 0; i < 200; i++) strcat(long_ok, "ö");
	struct settings_patch ok = {.forbund_name = long_ok, .has_forbund_name = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(settings_update(c, &ok, &out), 0);
	assert_int_equal(audit_count(env), events + 2);
}

TEST_MAIN(
	testenv_unit_test(test_target_groups_seeded),
	testenv_unit_test(test_target_group_create_update),
	testenv_unit_test(test_target_group_rules),
	testenv_unit_test(test_benchmark),
	testenv_unit_test(test_forbund_name),
)
