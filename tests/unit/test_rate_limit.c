/* test_rate_limit.c — the public routes' per-address counter
 * (http/rate_limit.c): the limit within a window, Retry-After to the
 * window's end, a new window, keys apart, and a table flooded with more
 * addresses than it holds still limiting the one that keeps asking. */
#include "testutil.h"
#include "http/rate_limit.h"
#include <stdio.h>

static int reset(void **state)
{
	(void)state;
	rate_limit_reset();
	return 0;
}

static void test_limit_and_retry_after(void **state)
{
	(void)state;
	int retry = -1;
	for (int i = 0; i < 3; i++) assert_true(rate_limit_take("10.0.0.1", 1000, 3, &retry));
	assert_false(rate_limit_take("10.0.0.1", 1010, 3, &retry));
	assert_int_equal(retry, RATE_LIMIT_WINDOW_S - 10);
	assert_false(rate_limit_take("10.0.0.1", 1000 + RATE_LIMIT_WINDOW_S - 1, 3, &retry));
	assert_int_equal(retry, 1);
	/* The window is over: counted afresh. */
	assert_true(rate_limit_take("10.0.0.1", 1000 + RATE_LIMIT_WINDOW_S, 3, &retry));
}

static void test_keys_apart(void **state)
{
	(void)state;
	int retry;
	assert_true(rate_limit_take("10.0.0.1", 1000, 1, &retry));
	assert_false(rate_limit_take("10.0.0.1", 1000, 1, &retry));
	assert_true(rate_limit_take("10.0.0.2", 1000, 1, &retry));
	assert_true(rate_limit_take("::1", 1000, 1, &retry));
	assert_false(rate_limit_take("::1", 1001, 1, &retry));
}

static void test_flood_of_addresses(void **state)
{
	(void)state;
	int retry;
	for (int i = 0; i < 5; i++) assert_true(rate_limit_take("192.0.2.7", 1000, 5, &retry));
	char key[32];
	for (int i = 0; i < 100000; i++) {
		snprintf(key, sizeof key, "198.51.%d.%d", i / 256, i % 256);
		assert_true(rate_limit_take(key, 1001, 5, &retry));
		/* The one that keeps asking is over its limit all along. */
		if (i % 1000 == 0) assert_false(rate_limit_take("192.0.2.7", 1001, 5, &retry));
	}
}

TEST_MAIN(cmocka_unit_test_setup(test_limit_and_retry_after, reset), cmocka_unit_test_setup(test_keys_apart, reset),
	  cmocka_unit_test_setup(test_flood_of_addresses, reset))
