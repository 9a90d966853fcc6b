/* test_arena.c — the region allocator (base/arena.c): 16-byte alignment,
 * many small and some big allocations that never overlap, reset and free,
 * zeroing, string copies and printf into the arena. */
#include "testutil.h"
#include "base/arena.h"
#include <limits.h>

static bool aligned(const void *p)
{
	return ((uintptr_t)p & 15u) == 0;
}

static void test_alignment(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1024);
	for (size_t n = 0; n < 300; n++) {
		void *p = arena_alloc(&a, n % 37 + 1);
		assert_true(aligned(p));
	}
	/* Big blocks (own chunk) are aligned too, and so is what follows them. */
	assert_true(aligned(arena_alloc(&a, 5000)));
	assert_true(aligned(arena_alloc(&a, 3)));
	assert_true(aligned(arena_strdup(&a, "x")));
	assert_true(aligned(arena_printf(&a, "%d", 7)));
	arena_free(&a);
}

/* Fills every block with its own byte, then checks no block was overwritten
 * by a later one. */
static void test_many_small_and_big(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	enum { N = 5000 };
	unsigned char *blocks[N];
	size_t sizes[N];
	size_t total = 0;
	for (int i = 0; i < N; i++) {
		/* Every 97th is bigger than a quarter chunk, every 499th bigger than a chunk. */
		size_t n = i % 499 == 0 ? 10000 + (size_t)i : i % 97 == 0 ? 1500 : (size_t)(i % 61) + 1;
		blocks[i] = arena_alloc(&a, n);
		sizes[i] = n;
		memset(blocks[i], i & 0xff, n);
		total += n;
	}
	for (int i = 0; i < N; i++)
		for (size_t j = 0; j < sizes[i]; j++)
			if (blocks[i][j] != (unsigned char)(i & 0xff)) fail_msg("block %d byte %zu overwritten", i, j);
	assert_true(a.used_total >= total);
	assert_true(a.used_total < total + 16 * (size_t)N);
	arena_free(&a);
	assert_null(a.head);
	assert_int_equal(a.used_total, 0);
}

static void test_big_first(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 256);
	char *big = arena_alloc(&a, 100000);
	memset(big, 'b', 100000);
	char *small = arena_alloc(&a, 10);
	memset(small, 's', 10);
	char *big2 = arena_alloc(&a, 1000);
	memset(big2, 'c', 1000);
	char *small2 = arena_alloc(&a, 10);
	memset(small2, 't', 10);
	assert_int_equal(big[0], 'b');
	assert_int_equal(big[99999], 'b');
	assert_int_equal(small[9], 's');
	assert_int_equal(big2[999], 'c');
	assert_int_equal(small2[0], 't');
	arena_free(&a);
}

static void test_reset_keeps_working(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 2048);
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < 500; i++) {
			char *p = arena_alloc(&a, (size_t)(i % 100) + 1);
			memset(p, 'x', (size_t)(i % 100) + 1);
		}
		char *big = arena_alloc(&a, 50000);
		memset(big, 'y', 50000);
		assert_true(a.used_total > 50000);
		arena_reset(&a);
		assert_int_equal(a.used_total, 0);
		/* One chunk of the ordinary size is kept for reuse, nothing else. */
		assert_non_null(a.head);
		char *s = arena_strdup(&a, "after reset");
		assert_string_equal(s, "after reset");
	}
	arena_reset(&a);
	arena_reset(&a); /* twice in a row is fine */
	assert_non_null(arena_alloc(&a, 1));
	arena_free(&a);
	arena_free(&a); /* and so is freeing a freed arena */
	assert_null(a.head);
}

static void test_reset_empty(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0); /* 0: the default chunk size */
	assert_true(a.chunk_size > 0);
	arena_reset(&a);
	assert_null(a.head);
	assert_string_equal(arena_strdup(&a, "ok"), "ok");
	arena_free(&a);
}

static void test_zalloc(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 512);
	/* Dirty the chunk first, reset, then zalloc over the same memory. */
	memset(arena_alloc(&a, 100), 0xAA, 100);
	arena_reset(&a);
	unsigned char *z = arena_zalloc(&a, 100);
	for (int i = 0; i < 100; i++) assert_int_equal(z[i], 0);
	unsigned char *zb = arena_zalloc(&a, 5000);
	for (int i = 0; i < 5000; i++) assert_int_equal(zb[i], 0);
	arena_free(&a);
}

static void test_strings(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 128);
	assert_null(arena_strdup(&a, NULL));
	assert_string_equal(arena_strdup(&a, ""), "");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	char with_nul[] = {'a', 0, 'b'};
	char *p = arena_strndup(&a, with_nul, 3);
	assert_int_equal(p[0], 'a');
	assert_int_equal(p[1], 0);
	assert_int_equal(p[2], 'b');
	assert_int_equal(p[3], 0);
	const char *s = "räksmörgås";
	char *d = arena_strdup(&a, s);
	assert_string_equal(d, s);
	assert_ptr_not_equal(d, s);
	arena_free(&a);
}

static void test_printf(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 64);
	assert_string_equal(arena_printf(&a, "%s-%d-%05.1f", "ab", 42, 3.14159), "ab-42-003.1");
	assert_string_equal(arena_printf(&a, "%s", ""), "");
	/* Longer than a chunk: gets a block of its own. */
	char big[3000];
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = 0;
	char *p = arena_printf(&a, "<%s>", big);
	assert_int_equal(strlen(p), sizeof big + 1);
	assert_int_equal(p[0], '<');
	assert_int_equal(p[sizeof big], '>');
	assert_string_equal(arena_printf(&a, "%%%s%%", "like"), "%like%");
	arena_free(&a);
}

/* Swedish digit grouping with either separator, at the group edges, below
 * zero and at the ends of long long. */
static void test_grouped(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 64);
	assert_string_equal(arena_grouped(&a, 0, " "), "0");
	assert_string_equal(arena_grouped(&a, 999, " "), "999");
	assert_string_equal(arena_grouped(&a, 1000, " "), "1 000");
	assert_string_equal(arena_grouped(&a, 2000, " "), "2 000");
	assert_string_equal(arena_grouped(&a, 123456, " "), "123 456");
	assert_string_equal(arena_grouped(&a, 1234567, " "), "1 234 567");
	assert_string_equal(arena_grouped(&a, -1234567, " "), "-1 234 567");
	assert_string_equal(arena_grouped(&a, 20000, "\u00a0"), "20\xc2\xa0" "000");
	assert_string_equal(arena_grouped(&a, LLONG_MIN, " "), "-9 223 372 036 854 775 808");
	assert_string_equal(arena_grouped(&a, LLONG_MAX, ""), "9223372036854775807");
	arena_free(&a);
}

TEST_MAIN(
	cmocka_unit_test(test_grouped),
	cmocka_unit_test(test_alignment),
	cmocka_unit_test(test_many_small_and_big),
	cmocka_unit_test(test_big_first),
	cmocka_unit_test(test_reset_keeps_working),
	cmocka_unit_test(test_reset_empty),
	cmocka_unit_test(test_zalloc),
	cmocka_unit_test(test_strings),
	cmocka_unit_test(test_printf),
)
