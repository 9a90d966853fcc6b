/* test_figure_cache.c — figures kept while nothing they are counted from
 * has changed (domain/figure_cache.c), against a real SQLite file: a kept
 * value comes back; a change audited after its mark (a participant, a
 * new kind of entity) makes it be counted again, while events of sessions
 * and the employer register do not; another day or key finds nothing. */
#include "testutil.h"
#include "domain/audit.h"
#include "domain/figure_cache.h"
#include <stdlib.h>

static const struct actor admin = {.user_id = 0, .roles = ROLE_ADMIN, .username = "system"};

static void audit_change(struct ctx *c, const char *action, const char *entity)
{
	assert_int_equal(audit_write(c, action, entity, 1, NULL), 0);
}

static bool kept(struct ctx *c, const char *key, int64_t want)
{
	size_t size = 0;
	int64_t *v = figure_cache_get(c, key, &size);
	if (!v) return false;
	assert_int_equal(size, sizeof *v);
	assert_int_equal(*v, want);
	return true;
}

static void test_kept_until_a_change(void **state)
{
	struct testenv *env = *state;
	figure_cache_clear();
	struct ctx *c = testenv_ctx(env, &admin);
	int64_t mark, v = 42;
	assert_false(kept(c, "k", 0));
	assert_int_equal(figure_cache_mark(c, &mark), 0);
	figure_cache_put("k", mark, &v, sizeof v);
	assert_true(kept(c, "k", 42));
	assert_false(kept(c, "other", 0));

	/* Logins, accounts and the employer register do not move the figures. */
	audit_change(c, "login", "session");
	audit_change(c, "create", "employer_contact");
	audit_change(c, "update", "employer");
	audit_change(c, "create", "user");
	assert_true(kept(c, "k", 42));
	assert_true(kept(c, "k", 42)); /* the mark moved past them: checked again from there */

	/* A change of a participant does. */
	audit_change(c, "update", "participant");
	assert_false(kept(c, "k", 0));

	/* So does any kind the cache does not know: a later capability's. */
	assert_int_equal(figure_cache_mark(c, &mark), 0);
	figure_cache_put("k", mark, &v, sizeof v);
	assert_true(kept(c, "k", 42));
	audit_change(c, "create", "placement");
	assert_false(kept(c, "k", 0));

	/* A value counted before a change but kept after it carries the older
	 * mark, and is not taken. */
	int64_t old_mark;
	assert_int_equal(figure_cache_mark(c, &old_mark), 0);
	audit_change(c, "update", "enrolment");
	figure_cache_put("k", old_mark, &v, sizeof v);
	assert_false(kept(c, "k", 0));
	figure_cache_clear();
}

static void test_another_day(void **state)
{
	struct testenv *env = *state;
	figure_cache_clear();
	struct ctx *c = testenv_ctx(env, &admin);
	setenv("SAMSYN_TODAY", "2026-03-01", 1);
	int64_t mark, v = 7;
	assert_int_equal(figure_cache_mark(c, &mark), 0);
	figure_cache_put("day", mark, &v, sizeof v);
	assert_true(kept(c, "day", 7));
	setenv("SAMSYN_TODAY", "2026-03-02", 1);
	assert_false(kept(c, "day", 0)); /* planned enrolments start, follow-ups fall due by the date */
	unsetenv("SAMSYN_TODAY");
	figure_cache_clear();
}

static void test_empty_and_many(void **state)
{
	struct testenv *env = *state;
	figure_cache_clear();
	struct ctx *c = testenv_ctx(env, &admin);
	int64_t mark;
	assert_int_equal(figure_cache_mark(c, &mark), 0);
	figure_cache_put("empty", mark, NULL, 0);
	size_t size = 99;
	assert_non_null(figure_cache_get(c, "empty", &size));
	assert_int_equal(size, 0);
	/* More keys than the table holds: it starts over, never fails. */
	char key[32];
	for (int64_t i = 0; i < 3000; i++) {
		snprintf(key, sizeof key, "key %lld", (long long)i);
		figure_cache_put(key, mark, &i, sizeof i);
	}
	assert_true(kept(c, "key 2999", 2999));
	figure_cache_clear();
	assert_false(kept(c, "key 2999", 0));
}

TEST_MAIN(
	testenv_unit_test(test_kept_until_a_change),
	testenv_unit_test(test_another_day),
	testenv_unit_test(test_empty_and_many),
)
