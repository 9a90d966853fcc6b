/* test_idset.c — the bitmap id set of base/idset.c that counts unique
 * participants: each id once, the bounds (0, negative, above max ignored),
 * the byte edges (7, 8, 9), clear, and an empty set of max 0. */
#include "testutil.h"
#include "base/idset.h"

static void test_unique_counts(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	struct idset s;
	idset_init(&s, &a, 100);
	assert_true(idset_add(&s, 7));
	assert_true(idset_add(&s, 8));
	assert_true(idset_add(&s, 9));
	assert_false(idset_add(&s, 8));
	assert_true(idset_add(&s, 1));
	assert_true(idset_add(&s, 100));
	assert_int_equal(s.count, 5);
	assert_true(idset_has(&s, 7) && idset_has(&s, 8) && idset_has(&s, 9) && idset_has(&s, 100));
	assert_false(idset_has(&s, 6) || idset_has(&s, 10) || idset_has(&s, 99));
	/* Outside 1..max: never in the set, never counted. */
	assert_false(idset_add(&s, 0));
	assert_false(idset_add(&s, -3));
	assert_false(idset_add(&s, 101));
	assert_false(idset_has(&s, 101));
	assert_int_equal(s.count, 5);
	idset_clear(&s);
	assert_int_equal(s.count, 0);
	assert_false(idset_has(&s, 8));
	assert_true(idset_add(&s, 8));
	arena_free(&a);
}

static void test_every_id_of_a_range(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	struct idset s;
	idset_init(&s, &a, 10000);
	/* Each id three times, in two orders: counted once. */
	for (int round = 0; round < 3; round++)
		for (int64_t i = 1; i <= 10000; i++) idset_add(&s, round == 1 ? 10001 - i : i);
	assert_int_equal(s.count, 10000);
	struct idset empty;
	idset_init(&empty, &a, 0);
	assert_false(idset_add(&empty, 1));
	assert_int_equal(empty.count, 0);
	arena_free(&a);
}

TEST_MAIN(
	cmocka_unit_test(test_unique_counts),
	cmocka_unit_test(test_every_id_of_a_range),
)
