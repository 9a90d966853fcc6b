/* test_user.c — user accounts (domain/user.c) against a real SQLite file:
 * user_create/user_update/user_get/user_list as an administrator and as a
 * reader (ERR_FORBIDDEN), one-time and chosen passwords, validation,
 * username conflicts, the last-administrator rule, and audit events written
 * in the same transaction: a failed operation leaves no row and no event. */
#include "testutil.h"
#include "domain/org.h"
#include "domain/user.h"

static const struct actor admin = {.user_id = 0, .roles = ROLE_ADMIN, .username = "system"};
static const struct actor reader = {.user_id = 99999, .org_id = 1, .roles = ROLE_READER, .username = "lasare"};

static int64_t org_id;

static int setup(void **state)
{
	testenv_setup(state);
	struct testenv *env = *state;
	struct org in = {.name = "Försäkringskassan", .kind = "fk"}, out;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(org_create(c, &in, &out), 0);
	org_id = out.id;
	return 0;
}

static int64_t user_count(struct testenv *env)
{
	return testdb_int(env->t.db, "SELECT COUNT(*) FROM users");
}

/* The stored hash of user id, copied. */
static void stored_hash(struct testenv *env, int64_t id, char out[128])
{
	struct stmt *s = store_prepare(env->t.db, "SELECT password_hash FROM users WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	assert_int_equal(stmt_step(s), STORE_ROW);
	snprintf(out, 128, "%s", stmt_text(s, 0));
	stmt_done(s);
}

/* Creates a user as admin with a chosen password; returns its id. */
static int64_t make_user(struct testenv *env, const char *username, unsigned roles)
{
	struct user_input in = {.username = username, .name = "Test Testsson", .org_id = org_id, .roles = roles,
				.password = "ett-langt-losenord"};
	struct user out;
	const char *otp;
	struct ctx *c = testenv_ctx(env, &admin);
	if (user_create(c, &in, &out, &otp) != 0) fail_msg("create %s: %s", username, c->err.msg);
	return out.id;
}

static void test_create_one_time_password(void **state)
{
	struct testenv *env = *state;
	int64_t users = user_count(env), events = audit_count(env);
	struct user_input in = {.username = "anna.andersson", .name = "Anna Andersson", .email = "anna@example.se",
				.org_id = org_id, .roles = ROLE_ADMIN | ROLE_KANSLI};
	struct user out;
	const char *otp = "unset";
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(user_create(c, &in, &out, &otp), 0);
	assert_true(out.id > 0);
	assert_non_null(otp);
	assert_int_equal(strlen(otp), 19);
	assert_true(out.active);
	assert_true(out.must_change_password);
	assert_int_equal(out.roles, ROLE_ADMIN | ROLE_KANSLI);
	assert_int_equal(user_count(env), users + 1);
	assert_int_equal(audit_count(env), events + 1);
	char hash[128];
	stored_hash(env, out.id, hash);
	assert_true(auth_verify_password(hash, otp));
	/* Stored as read back. */
	struct user got;
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_get(c, out.id, &got), 0);
	assert_string_equal(got.username, "anna.andersson");
	assert_string_equal(got.email, "anna@example.se");
	assert_int_equal(got.org_id, org_id);
	assert_int_equal(got.roles, ROLE_ADMIN | ROLE_KANSLI);
	assert_true(got.must_change_password);
	/* The read is audited too. */
	assert_int_equal(audit_count(env), events + 2);
	struct stmt *s = store_prepare(store_reads(env->t.db), "SELECT action, entity, entity_id FROM (SELECT id, action, entity, entity_id"
							      " FROM audit_events UNION ALL SELECT id, action, entity, entity_id FROM reads.audit_reads)"
							      " ORDER BY id DESC LIMIT 2");
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_string_equal(stmt_text(s, 0), "read");
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_string_equal(stmt_text(s, 0), "create");
	assert_string_equal(stmt_text(s, 1), "user");
	assert_int_equal(stmt_int(s, 2), out.id);
	stmt_done(s);
}

static void test_create_chosen_password(void **state)
{
	struct testenv *env = *state;
	struct user_input in = {.username = "bo_berg", .name = "Bo Berg", .org_id = org_id, .roles = ROLE_CASE_WORKER,
				.password = "Kx9-mjolk-Rv"};
	struct user out;
	const char *otp = "unset";
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(user_create(c, &in, &out, &otp), 0);
	assert_null(otp);
	assert_true(out.must_change_password); /* chosen by an admin: still one-time */
	assert_null(out.email);
	char hash[128];
	stored_hash(env, out.id, hash);
	assert_true(auth_verify_password(hash, "Kx9-mjolk-Rv"));
	assert_false(auth_verify_password(hash, "Kx9-mjolk-Rw"));
	/* The CLI's final password need not be changed. */
	struct user_input fin = {.username = "cli-user", .name = "CLI", .org_id = org_id, .roles = ROLE_READER,
				 .password = "ett-slutligt-losenord", .password_is_final = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_create(c, &fin, &out, &otp), 0);
	assert_false(out.must_change_password);
}

static void test_create_forbidden(void **state)
{
	struct testenv *env = *state;
	int64_t users = user_count(env), events = audit_count(env);
	struct user_input in = {.username = "eva", .name = "Eva", .org_id = org_id, .roles = ROLE_ADMIN};
	struct user out;
	const char *otp = "unset";
	struct ctx *c = testenv_ctx(env, &reader);
	assert_int_equal(user_create(c, &in, &out, &otp), ERR_FORBIDDEN);
	assert_null(otp);
	const struct actor kansli = {.user_id = 5, .roles = ROLE_KANSLI | ROLE_CASE_WORKER | ROLE_TRAINER};
	c = testenv_ctx(env, &kansli);
	assert_int_equal(user_create(c, &in, &out, &otp), ERR_FORBIDDEN);
	struct user_list l;
	struct page p = {.limit = 10};
	c = testenv_ctx(env, &reader);
	assert_int_equal(user_list(c, &p, &l), ERR_FORBIDDEN);
	struct user_patch patch = {.name = "X", .has_name = true};
	c = testenv_ctx(env, &reader);
	assert_int_equal(user_update(c, 1, &patch, &out), ERR_FORBIDDEN);
	/* A reader does not learn whether another user exists. */
	c = testenv_ctx(env, &reader);
	assert_int_equal(user_get(c, 1, &out), ERR_NOT_FOUND);
	assert_int_equal(user_count(env), users);
	assert_int_equal(audit_count(env), events);
}

static void test_create_invalid(void **state)
{
	struct testenv *env = *state;
	int64_t users = user_count(env), events = audit_count(env);
	char long_username[66];
	memset(long_username, 'u', 65);
	long_username[65] = 0;
	static const struct {
		const char *username, *name, *email, *password;
		int64_t org;
		unsigned roles;
		const char *field;
	} bad[] = {
		{"a", "Namn", NULL, NULL, -1, ROLE_READER, "username"},
		{"Versaler", "Namn", NULL, NULL, -1, ROLE_READER, "username"},
		{"med mellanslag", "Namn", NULL, NULL, -1, ROLE_READER, "username"},
		{"åsa", "Namn", NULL, NULL, -1, ROLE_READER, "username"},
		{NULL, "Namn", NULL, NULL, -1, ROLE_READER, "username"},
		{"okname", "", NULL, NULL, -1, ROLE_READER, "name"},
		{"okname", NULL, NULL, NULL, -1, ROLE_READER, "name"},
		{"okname", "Namn", "ingen-snabel-a", NULL, -1, ROLE_READER, "email"},
		{"okname", "Namn", "a b@example.se", NULL, -1, ROLE_READER, "email"},
		{"okname", "Namn", NULL, NULL, 424242, ROLE_READER, "org_id"},
		{"okname", "Namn", NULL, NULL, -1, 0, "roles"},
		{"okname", "Namn", NULL, "elva-tecken", -1, ROLE_READER, "password"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct user_input in = {.username = bad[i].username, .name = bad[i].name, .email = bad[i].email,
					.password = bad[i].password, .org_id = bad[i].org < 0 ? org_id : bad[i].org,
					.roles = bad[i].roles};
		struct user out;
		const char *otp = "unset";
		struct ctx *c = testenv_ctx(env, &admin);
		if (user_create(c, &in, &out, &otp) != ERR_INVALID) fail_msg("case %zu accepted", i);
		assert_null(otp);
		assert_int_equal(c->err.nparams, 1);
		if (strcmp(c->err.params[0].name, bad[i].field) != 0)
			fail_msg("case %zu: field %s, expected %s", i, c->err.params[0].name, bad[i].field);
	}
	struct user_input in = {.username = long_username, .name = "Namn", .org_id = org_id, .roles = ROLE_READER};
	struct user out;
	const char *otp;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(user_create(c, &in, &out, &otp), ERR_INVALID);
	/* All wrong fields at once. */
	struct user_input all = {.username = "X", .name = "", .email = "x", .org_id = 0, .roles = 0, .password = "kort"};
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_create(c, &all, &out, &otp), ERR_INVALID);
	assert_int_equal(c->err.nparams, 6);
	assert_int_equal(user_count(env), users);
	assert_int_equal(audit_count(env), events);
}

static void test_create_conflict(void **state)
{
	struct testenv *env = *state;
	make_user(env, "dubblett", ROLE_READER);
	int64_t users = user_count(env), events = audit_count(env);
	struct user_input in = {.username = "dubblett", .name = "Andra", .org_id = org_id, .roles = ROLE_READER};
	struct user out;
	const char *otp = "unset";
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(user_create(c, &in, &out, &otp), ERR_CONFLICT);
	assert_null(otp); /* no password handed out for an account that does not exist */
	assert_non_null(strstr(c->err.msg, "dubblett"));
	assert_int_equal(user_count(env), users);
	assert_int_equal(audit_count(env), events);
	/* No transaction left open. */
	make_user(env, "efter-konflikt", ROLE_READER);
	assert_int_equal(user_count(env), users + 1);
}

static void test_audit_failure_rolls_back(void **state)
{
	struct testenv *env = *state;
	int64_t id = make_user(env, "rollback", ROLE_READER);
	testdb_break_audit(env->t.db);
	int64_t users = user_count(env), events = audit_count(env);
	struct user_input in = {.username = "aldrig", .name = "Aldrig", .org_id = org_id, .roles = ROLE_READER};
	struct user out;
	const char *otp = "unset";
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(user_create(c, &in, &out, &otp), ERR_INTERNAL);
	assert_null(otp);
	struct user_patch p = {.name = "Ändrat", .has_name = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, id, &p, &out), ERR_INTERNAL);
	testdb_mend_audit(env->t.db);
	assert_int_equal(user_count(env), users);
	assert_int_equal(audit_count(env), events);
	struct user got;
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_find(c, "rollback", &got), 0);
	assert_string_equal(got.name, "Test Testsson");
}

static void test_update(void **state)
{
	struct testenv *env = *state;
	int64_t id = make_user(env, "uppdatera", ROLE_READER);
	int64_t events = audit_count(env);
	struct user_patch p = {.name = "Nytt Namn", .has_name = true, .email = "ny@example.se", .has_email = true,
			       .roles = ROLE_TRAINER | ROLE_READER, .has_roles = true};
	struct user out;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, id, &p, &out), 0);
	assert_string_equal(out.name, "Nytt Namn");
	assert_string_equal(out.email, "ny@example.se");
	assert_int_equal(out.roles, ROLE_TRAINER | ROLE_READER);
	assert_string_equal(out.username, "uppdatera");
	assert_int_equal(audit_count(env), events + 1);
	/* email null removes it; invalid patches change nothing. */
	struct user_patch clear = {.email = NULL, .has_email = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, id, &clear, &out), 0);
	assert_null(out.email);
	struct user_patch bad = {.roles = 0, .has_roles = true, .org_id = 31337, .has_org_id = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, id, &bad, &out), ERR_INVALID);
	assert_int_equal(c->err.nparams, 2);
	struct user_patch short_pw = {.password = "kort", .has_password = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, id, &short_pw, &out), ERR_INVALID);
	struct user_patch null_pw = {.password = NULL, .has_password = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, id, &null_pw, &out), ERR_INVALID);
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, 987654, &p, &out), ERR_NOT_FOUND);
	assert_int_equal(audit_count(env), events + 2);
	struct user got;
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_find(c, "uppdatera", &got), 0);
	assert_int_equal(got.roles, ROLE_TRAINER | ROLE_READER);
}

static void test_password_reset_ends_sessions(void **state)
{
	struct testenv *env = *state;
	int64_t id = make_user(env, "aterstall", ROLE_READER);
	struct stmt *s = store_prepare(env->t.db, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at,"
						  " last_seen_at) VALUES ('h-aterstall', :user_id, 'c', 1, 1)");
	stmt_bind_int(s, ":user_id", id);
	assert_int_equal(stmt_exec(s), STORE_DONE);
	struct user_patch p = {.password = "ett-nytt-engangslosen", .has_password = true};
	struct user out;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, id, &p, &out), 0);
	assert_true(out.must_change_password);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM sessions WHERE token_hash = 'h-aterstall'"), 0);
	char hash[128];
	stored_hash(env, id, hash);
	assert_true(auth_verify_password(hash, "ett-nytt-engangslosen"));
	s = store_prepare(env->t.db, "SELECT detail FROM audit_events ORDER BY id DESC LIMIT 1");
	assert_int_equal(stmt_step(s), STORE_ROW);
	assert_string_equal(stmt_text(s, 0), "password_reset");
	stmt_done(s);
}

/* The number of active administrators among the users. */
static int64_t active_admins(struct testenv *env)
{
	int64_t n = 0;
	struct stmt *s = store_prepare(env->t.db, "SELECT roles FROM users WHERE active = 1");
	while (stmt_step(s) == STORE_ROW)
		if (roles_parse_list(stmt_text(s, 0)) & ROLE_ADMIN) n++;
	stmt_done(s);
	return n;
}

static void test_last_admin(void **state)
{
	struct testenv *env = *state;
	/* Leave exactly one active administrator. */
	struct stmt *s = store_prepare(env->t.db, "UPDATE users SET active = 0 WHERE roles LIKE '%admin%'");
	assert_int_equal(stmt_exec(s), STORE_DONE);
	int64_t chef = make_user(env, "chef", ROLE_ADMIN | ROLE_KANSLI);
	int64_t other = make_user(env, "vanlig", ROLE_READER);
	assert_int_equal(active_admins(env), 1);
	int64_t events = audit_count(env);
	struct user out;

	struct user_patch deactivate = {.active = false, .has_active = true};
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, chef, &deactivate, &out), ERR_CONFLICT);
	struct user_patch demote = {.roles = ROLE_KANSLI, .has_roles = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, chef, &demote, &out), ERR_CONFLICT);
	assert_int_equal(active_admins(env), 1);
	assert_int_equal(audit_count(env), events);
	/* Other changes to the last admin are fine. */
	struct user_patch rename = {.name = "Chefen", .has_name = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, chef, &rename, &out), 0);
	/* So is deactivating someone who is not an admin. */
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, other, &deactivate, &out), 0);
	assert_false(out.active);

	/* With a second admin the first may step down … */
	int64_t second = make_user(env, "ny-chef", ROLE_ADMIN);
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, chef, &demote, &out), 0);
	assert_int_equal(out.roles, ROLE_KANSLI);
	/* … but then the second is the last one. */
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, second, &deactivate, &out), ERR_CONFLICT);
	/* Deactivating an admin together with a role change is still refused. */
	struct user_patch both = {.active = false, .has_active = true, .roles = ROLE_READER, .has_roles = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, second, &both, &out), ERR_CONFLICT);
	assert_int_equal(active_admins(env), 1);
	/* An inactive admin does not count, and reactivating one is allowed. */
	struct user_patch reactivate = {.active = true, .has_active = true, .roles = ROLE_ADMIN, .has_roles = true};
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, chef, &reactivate, &out), 0);
	assert_int_equal(active_admins(env), 2);
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_update(c, second, &deactivate, &out), 0);
	assert_int_equal(active_admins(env), 1);
}

static void test_get_self_and_list(void **state)
{
	struct testenv *env = *state;
	int64_t id = make_user(env, "sjalv", ROLE_READER);
	const struct actor self = {.user_id = id, .org_id = org_id, .roles = ROLE_READER, .username = "sjalv"};
	struct user got;
	struct ctx *c = testenv_ctx(env, &self);
	assert_int_equal(user_get(c, id, &got), 0);
	assert_string_equal(got.username, "sjalv");
	struct user_list l;
	struct page p = {.limit = 1, .offset = 0, .q = "sjalv"};
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_list(c, &p, &l), 0);
	assert_int_equal(l.total, 1);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].username, "sjalv");
	p = (struct page){.limit = 2, .offset = 0, .q = NULL};
	c = testenv_ctx(env, &admin);
	assert_int_equal(user_list(c, &p, &l), 0);
	assert_int_equal(l.total, user_count(env));
	assert_int_equal(l.n, 2);
	assert_true(strcmp(l.items[0].username, l.items[1].username) < 0);
}

TEST_MAIN_WITH(setup, testenv_teardown,
	cmocka_unit_test(test_create_one_time_password),
	cmocka_unit_test(test_create_chosen_password),
	cmocka_unit_test(test_create_forbidden),
	cmocka_unit_test(test_create_invalid),
	cmocka_unit_test(test_create_conflict),
	cmocka_unit_test(test_audit_failure_rolls_back),
	cmocka_unit_test(test_update),
	cmocka_unit_test(test_password_reset_ends_sessions),
	cmocka_unit_test(test_last_admin),
	cmocka_unit_test(test_get_self_and_list),
)
