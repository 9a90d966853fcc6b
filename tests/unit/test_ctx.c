/* test_ctx.c — role names and the stored role list of domain/ctx.c:
 * role_name/role_parse, roles_parse_list and roles_format (round trip,
 * unknown names, malformed lists), and ctx_init. */
#include "testutil.h"
#include "domain/ctx.h"

static void test_role_names(void **state)
{
	(void)state;
	static const char *const names[ROLE_COUNT] = {
		"admin", "kansli", "case_worker", "employer_contact", "trainer", "reader",
	};
	for (int i = 0; i < ROLE_COUNT; i++) {
		assert_string_equal(role_name(1u << i), names[i]);
		assert_int_equal(role_parse(names[i]), 1u << i);
	}
	assert_int_equal(ROLE_ADMIN, role_parse("admin"));
	assert_int_equal(ROLE_READER, role_parse("reader"));
	assert_null(role_name(0));
	assert_null(role_name(ROLE_ADMIN | ROLE_KANSLI)); /* not a single role */
	assert_null(role_name(1u << ROLE_COUNT));
	assert_int_equal(role_parse(""), 0);
	assert_int_equal(role_parse("Admin"), 0);
	assert_int_equal(role_parse("admin "), 0);
	assert_int_equal(role_parse("administrator"), 0);
}

static void test_parse_list(void **state)
{
	(void)state;
	assert_int_equal(roles_parse_list(NULL), 0);
	assert_int_equal(roles_parse_list(""), 0);
	assert_int_equal(roles_parse_list("admin"), ROLE_ADMIN);
	assert_int_equal(roles_parse_list("admin,kansli"), ROLE_ADMIN | ROLE_KANSLI);
	assert_int_equal(roles_parse_list("reader,admin"), ROLE_ADMIN | ROLE_READER);
	assert_int_equal(roles_parse_list("trainer,trainer"), ROLE_TRAINER);
	assert_int_equal(roles_parse_list("admin,kansli,case_worker,employer_contact,trainer,reader"),
			 (1u << ROLE_COUNT) - 1);
	/* Anything unknown or malformed gives 0: no partial permissions. */
	static const char *const bad[] = {
		"admin,boss", "boss", "Admin", "admin ,kansli", " admin", "admin,,kansli", ",admin", "admin,", ",",
		"admin;kansli", "a_name_that_is_much_longer_than_any_role_name_is",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (roles_parse_list(bad[i]) != 0) fail_msg("\"%s\" gave %u", bad[i], roles_parse_list(bad[i]));
}

static void test_format(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1024);
	assert_string_equal(roles_format(&a, 0), "");
	assert_string_equal(roles_format(&a, ROLE_ADMIN), "admin");
	assert_string_equal(roles_format(&a, ROLE_READER | ROLE_ADMIN), "admin,reader");
	assert_string_equal(roles_format(&a, (1u << ROLE_COUNT) - 1),
			    "admin,kansli,case_worker,employer_contact,trainer,reader");
	/* Bits beyond the known roles are not written. */
	assert_string_equal(roles_format(&a, ROLE_KANSLI | (1u << 31)), "kansli");
	/* Every combination survives a round trip. */
	for (unsigned bits = 1; bits < (1u << ROLE_COUNT); bits++) {
		char *s = roles_format(&a, bits);
		if (roles_parse_list(s) != bits) fail_msg("%u → \"%s\" → %u", bits, s, roles_parse_list(s));
	}
	arena_free(&a);
}

static void test_ctx_init(void **state)
{
	struct arena *a = *state;
	struct actor who = {.user_id = 5, .roles = ROLE_READER};
	struct ctx c;
	memset(&c, 0x5A, sizeof c);
	ctx_init(&c, NULL, a, &who, "cli");
	assert_null(c.db);
	assert_ptr_equal(c.arena, a);
	assert_ptr_equal(c.actor, &who);
	assert_string_equal(c.address, "cli");
	assert_int_equal(c.err.code, 0);
	assert_int_equal(c.err.nparams, 0);
	assert_string_equal(c.err.msg, "");
	assert_true(actor_has(&who, ROLE_READER));
	assert_false(actor_has(&who, ROLE_ADMIN));
	assert_false(actor_has(NULL, ROLE_ADMIN));
}

TEST_MAIN(
	cmocka_unit_test(test_role_names),
	cmocka_unit_test(test_parse_list),
	cmocka_unit_test(test_format),
	arena_unit_test(test_ctx_init),
)
