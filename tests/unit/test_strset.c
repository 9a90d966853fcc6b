/* test_strset.c — base/strset.c, the one "is it one of these" check: a
 * member, a near miss (prefix, case), NULL, an empty set, and both forms
 * (an array of known size, a NULL-terminated list). */
#include "testutil.h"
#include "base/strset.h"

static void test_sized_array(void **state)
{
	(void)state;
	static const char *const statuses[] = {"pending", "accepted", "declined"};
	assert_true(STR_IN("pending", statuses));
	assert_true(STR_IN("declined", statuses));
	assert_false(STR_IN("pend", statuses));
	assert_false(STR_IN("Pending", statuses));
	assert_false(STR_IN("declinedx", statuses));
	assert_false(STR_IN(NULL, statuses));
	assert_false(str_in("pending", statuses, 0));
	assert_false(str_in("declined", statuses, 2)); /* only the first n */
}

static void test_null_terminated_list(void **state)
{
	(void)state;
	static const char *const kinds[] = {"praktik", "apl", NULL};
	static const char *const none[] = {NULL};
	assert_true(str_in_list("praktik", kinds));
	assert_true(str_in_list("apl", kinds));
	assert_false(str_in_list("", kinds));
	assert_false(str_in_list("APL", kinds));
	assert_false(str_in_list(NULL, kinds));
	assert_false(str_in_list("praktik", none));
}

TEST_MAIN(
	cmocka_unit_test(test_sized_array),
	cmocka_unit_test(test_null_terminated_list),
)
