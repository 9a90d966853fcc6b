/* test_auth.c — the pure parts of domain/auth.c: argon2id password hashing
 * and verification, the password length rules, one-time passwords, session
 * expiry at the idle and absolute limits, token hashing and the
 * constant-time comparison; and, on a real SQLite file, that a session
 * keeps the limits it was made with, that a password change ends the
 * user's other sessions, that a token refuses while its user's password is
 * reset, and that a failure count the database cannot give refuses the
 * login. */
#include "testutil.h"
#include "domain/auth.h"

static int setup(void **state)
{
	(void)state;
	return auth_init();
}

static void test_hash_verify(void **state)
{
	(void)state;
	char h1[128], h2[128];
	assert_int_equal(auth_hash_password("korrekt häst batteri", h1), 0);
	assert_true(strncmp(h1, "$argon2id$", 10) == 0);
	assert_true(auth_verify_password(h1, "korrekt häst batteri"));
	assert_false(auth_verify_password(h1, "korrekt häst batterI"));
	assert_false(auth_verify_password(h1, "korrekt häst batteri "));
	assert_false(auth_verify_password(h1, ""));
	/* A fresh salt every time: same password, different hash, both verify. */
	assert_int_equal(auth_hash_password("korrekt häst batteri", h2), 0);
	assert_string_not_equal(h1, h2);
	assert_true(auth_verify_password(h2, "korrekt häst batteri"));
}

static void test_verify_bad_hash(void **state)
{
	(void)state;
	assert_false(auth_verify_password(NULL, "whatever-password"));
	assert_false(auth_verify_password("", "whatever-password"));
	assert_false(auth_verify_password("$argon2id$v=19$garbage", "whatever-password"));
	assert_false(auth_verify_password("plaintext-password", "plaintext-password"));
}

/* A password of n copies of c. */
/* n characters of a varied text (a run of one character is weak). */
static char *varied(size_t n)
{
	static const char text[] = "Tre-gröna-Kaniner-hoppar-7-";
	char *p = malloc(n + 1);
	for (size_t i = 0; i < n; i++) p[i] = text[i % (sizeof text - 1)];
	p[n] = 0;
	/* Never cut a UTF-8 character (ö) in two at the end. */
	while (n > 0 && ((unsigned char)p[n - 1] & 0xC0) == 0xC0) p[--n] = 'x';
	return p;
}

static void test_password_rules(void **state)
{
	(void)state;
	assert_non_null(auth_password_problem(NULL, NULL));
	assert_non_null(auth_password_problem("", NULL));
	static const struct {
		size_t n;
		bool ok;
	} cases[] = {{1, false}, {11, false}, {12, true}, {13, true}, {1023, true}, {1024, true}, {1025, false}, {5000, false}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *p = varied(cases[i].n);
		const char *why = auth_password_problem(p, NULL);
		if ((why == NULL) != cases[i].ok) fail_msg("length %zu: %s", cases[i].n, why ? why : "accepted");
		free(p);
	}
	char *p = varied(11);
	assert_string_equal(auth_password_problem(p, NULL), "Lösenordet måste ha minst 12 tecken.");
	free(p);
	p = varied(1025);
	assert_string_equal(auth_password_problem(p, NULL), "Lösenordet får ha högst 1024 tecken.");
	free(p);
}

/* Strength by libpwquality: long enough is not enough. Each refusal has a
 * Swedish reason; a passphrase of unrelated words passes. */
static void test_password_strength(void **state)
{
	(void)state;
	static const struct {
		const char *password, *username, *reason_part;
	} refused[] = {
		{"password1234", NULL, "password1234"},
		{"Password1234", NULL, "password1234"},
		{"LÖSENORD-2024!", NULL, "password1234"},
		{"Sommar2024!!", NULL, "password1234"},
		{"Understanding", NULL, "vanligt ord"},
		{"mississippi1", NULL, "vanligt ord"},
		{"xxxxxxxxxxxxxxxx", NULL, "palindrom"},
		{"123456789012", NULL, "i följd"},
		{"kalle.anka.1999", "kalle.anka", "användarnamnet"},
		{"abcdefghijklmnop", NULL, "i följd"},
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		const char *why = auth_password_problem(refused[i].password, refused[i].username);
		if (!why) fail_msg("%s accepted", refused[i].password);
		if (!strstr(why, refused[i].reason_part)) fail_msg("%s: %s", refused[i].password, why);
	}
	assert_null(auth_password_problem("Rätt-hästbatteri-häftklammer-1", "admin"));
	assert_null(auth_password_problem("tre gröna kaniner hoppar högt", NULL));
	assert_null(auth_password_problem("Ett-nytt-lösenord-för-xena", NULL)); /* a common word among others */
}

static void test_generate_password(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1024);
	const char *prev = NULL;
	for (int k = 0; k < 200; k++) {
		char *p = auth_generate_password(&a);
		assert_int_equal(strlen(p), 19);
		for (int i = 0; i < 19; i++) {
			if (i % 5 == 4) {
				assert_int_equal(p[i], '-');
				continue;
			}
			/* Lower-case letters and digits without the look-alikes. */
			if (!strchr("abcdefghjkmnpqrstuvwxyz23456789", p[i]) || p[i] == 0)
				fail_msg("unexpected '%c' in %s", p[i], p);
		}
		assert_null(auth_password_problem(p, NULL));
		if (prev) assert_string_not_equal(p, prev);
		prev = p;
	}
	arena_free(&a);
}

static void test_session_state(void **state)
{
	(void)state;
	struct auth_config cfg;
	auth_config_defaults(&cfg);
	assert_int_equal(cfg.idle_timeout_s, 1800);
	assert_int_equal(cfg.absolute_timeout_s, 43200);
	assert_int_equal(cfg.failure_window_s, 900);
	assert_int_equal(cfg.max_failures, 5);
	const int64_t t0 = 1700000000;
	/* Idle limit, measured from the last request. */
	assert_int_equal(auth_session_state(t0, t0, t0, &cfg), SESSION_VALID);
	assert_int_equal(auth_session_state(t0, t0, t0 + 1799, &cfg), SESSION_VALID);
	assert_int_equal(auth_session_state(t0, t0, t0 + 1800, &cfg), SESSION_IDLE_EXPIRED);
	assert_int_equal(auth_session_state(t0, t0 + 1000, t0 + 2799, &cfg), SESSION_VALID);
	assert_int_equal(auth_session_state(t0, t0 + 1000, t0 + 2800, &cfg), SESSION_IDLE_EXPIRED);
	/* Absolute limit, from login, however active the session. */
	assert_int_equal(auth_session_state(t0, t0 + 43000, t0 + 43199, &cfg), SESSION_VALID);
	assert_int_equal(auth_session_state(t0, t0 + 43199, t0 + 43200, &cfg), SESSION_ABSOLUTE_EXPIRED);
	/* Both passed: the absolute limit is the one reported. */
	assert_int_equal(auth_session_state(t0, t0, t0 + 100000, &cfg), SESSION_ABSOLUTE_EXPIRED);
	/* Other limits are honoured. */
	struct auth_config tight = cfg;
	tight.idle_timeout_s = 10;
	tight.absolute_timeout_s = 20;
	assert_int_equal(auth_session_state(t0, t0 + 5, t0 + 14, &tight), SESSION_VALID);
	assert_int_equal(auth_session_state(t0, t0 + 5, t0 + 15, &tight), SESSION_IDLE_EXPIRED);
	assert_int_equal(auth_session_state(t0, t0 + 15, t0 + 20, &tight), SESSION_ABSOLUTE_EXPIRED);
}

static void test_token_hash(void **state)
{
	(void)state;
	char h[65];
	/* BLAKE2b-256 test values. */
	auth_token_hash("abc", h);
	assert_string_equal(h, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	auth_token_hash("", h);
	assert_string_equal(h, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
	char h2[65];
	auth_token_hash("abd", h2);
	assert_string_not_equal(h, h2);
	assert_int_equal(strlen(h2), 64);
}

static void test_secret_equal(void **state)
{
	(void)state;
	assert_true(auth_secret_equal("", ""));
	assert_true(auth_secret_equal("csrf-token-value", "csrf-token-value"));
	assert_false(auth_secret_equal("csrf-token-value", "csrf-token-valuf"));
	assert_false(auth_secret_equal("csrf-token-value", "Csrf-token-value"));
	assert_false(auth_secret_equal("csrf-token-value", "csrf-token-valu"));
	assert_false(auth_secret_equal("csrf-token-valu", "csrf-token-value"));
	assert_false(auth_secret_equal("", "x"));
	assert_false(auth_secret_equal("x", ""));
}

/* A user anna (10) with GOOD as her final password, and a context as nobody. */
#define GOOD "korrekt häst batteri"
static struct ctx *with_anna(struct testenv *env)
{
	testdb_exec(env->t.db, TESTDB_ORGS_SQL TESTDB_USERS_SQL);
	char h[128];
	assert_int_equal(auth_hash_password(GOOD, h), 0);
	struct stmt *s = store_prepare(env->t.db, "UPDATE users SET password_hash = :password_hash, must_change_password = 0 WHERE id = 10");
	stmt_bind_text(s, ":password_hash", h);
	assert_int_equal(stmt_exec(s), STORE_DONE);
	return testenv_ctx(env, NULL);
}

static void test_session_keeps_its_limits(void **state)
{
	struct testenv *env = *state;
	struct auth_config cfg, strict;
	auth_config_defaults(&cfg);
	strict = cfg;
	strict.idle_timeout_s = 60;
	strict.absolute_timeout_s = 600;
	auth_configure(&strict);
	struct session s;
	assert_int_equal(auth_login(with_anna(env), "anna", GOOD, &s), 0);
	assert_int_equal(testdb_int(env->t.db, "SELECT idle_seconds FROM sessions"), 60);
	assert_int_equal(testdb_int(env->t.db, "SELECT expires_at - created_at FROM sessions"), 600);
	/* Idle for 2 minutes: over for the server that made it, also when the
	 * server asking allows 30 minutes. */
	testdb_exec(env->t.db, "UPDATE sessions SET last_seen_at = last_seen_at - 120;");
	auth_configure(&cfg);
	struct actor a;
	assert_int_equal(auth_session_resolve(testenv_ctx(env, NULL), s.token, &a), ERR_UNAUTH);
	/* And the other way round: a 30-minute session idle for 2 minutes lives
	 * on a server with a 1-minute limit. */
	assert_int_equal(auth_login(testenv_ctx(env, NULL), "anna", GOOD, &s), 0);
	testdb_exec(env->t.db, "UPDATE sessions SET last_seen_at = last_seen_at - 120;");
	auth_configure(&strict);
	assert_int_equal(auth_session_resolve(testenv_ctx(env, NULL), s.token, &a), 0);
	auth_configure(&cfg);
}

static void test_password_change_ends_other_sessions(void **state)
{
	struct testenv *env = *state;
	struct session mine, other;
	assert_int_equal(auth_login(with_anna(env), "anna", GOOD, &mine), 0);
	assert_int_equal(auth_login(testenv_ctx(env, NULL), "anna", GOOD, &other), 0);
	struct ctx *c = testenv_ctx(env, &mine.actor);
	assert_int_equal(auth_change_password(c, mine.token, GOOD, "ett nytt långt lösenord"), 0);
	struct actor a;
	assert_int_equal(auth_session_resolve(testenv_ctx(env, NULL), mine.token, &a), 0);
	assert_int_equal(auth_session_resolve(testenv_ctx(env, NULL), other.token, &a), ERR_UNAUTH);
	/* A wrong current password is a failed login of hers. */
	c = testenv_ctx(env, &mine.actor);
	assert_int_equal(auth_change_password(c, mine.token, GOOD, "ett tredje långt lösenord"), ERR_INVALID);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM login_failures WHERE username = 'anna'"), 1);
}

static void test_token_refused_while_password_reset(void **state)
{
	struct testenv *env = *state;
	struct ctx *c = with_anna(env);
	char *token;
	int64_t id;
	static const struct actor sys = {.roles = ROLE_ADMIN, .username = "system", .name = "System"};
	c->actor = &sys;
	assert_int_equal(auth_token_create(c, "anna", &token, &id), 0);
	struct actor a;
	assert_int_equal(auth_token_resolve(testenv_ctx(env, NULL), token, &a), 0);
	testdb_exec(env->t.db, "UPDATE users SET must_change_password = 1 WHERE id = 10;");
	assert_int_equal(auth_token_resolve(testenv_ctx(env, NULL), token, &a), ERR_MUST_CHANGE_PASSWORD);
	testdb_exec(env->t.db, "UPDATE users SET must_change_password = 0, roles = 'reader' WHERE id = 10;");
	assert_int_equal(auth_token_resolve(testenv_ctx(env, NULL), token, &a), 0);
	assert_true(actor_has(&a, ROLE_READER) && !actor_has(&a, ROLE_CASE_WORKER));
	testdb_exec(env->t.db, "UPDATE users SET active = 0 WHERE id = 10;");
	assert_int_equal(auth_token_resolve(testenv_ctx(env, NULL), token, &a), ERR_UNAUTH);
}

static void test_count_error_refuses(void **state)
{
	struct testenv *env = *state;
	struct session s;
	assert_int_equal(auth_login(with_anna(env), "anna", GOOD, &s), 0);
	/* The counting statements are prepared; now their table is gone. */
	testdb_exec(env->t.db, "DROP TABLE login_failures;");
	assert_int_equal(auth_login(testenv_ctx(env, NULL), "anna", GOOD, &s), ERR_INTERNAL);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM sessions"), 1);
}

TEST_MAIN_WITH(setup, NULL,
	cmocka_unit_test(test_hash_verify),
	cmocka_unit_test(test_verify_bad_hash),
	cmocka_unit_test(test_password_rules),
	cmocka_unit_test(test_password_strength),
	cmocka_unit_test(test_generate_password),
	cmocka_unit_test(test_session_state),
	cmocka_unit_test(test_token_hash),
	cmocka_unit_test(test_secret_equal),
	testenv_unit_test(test_session_keeps_its_limits),
	testenv_unit_test(test_password_change_ends_other_sessions),
	testenv_unit_test(test_token_refused_while_password_reset),
	testenv_unit_test(test_count_error_refuses),
)
