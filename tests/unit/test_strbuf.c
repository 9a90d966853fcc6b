/* test_strbuf.c — the growable string buffer (base/strbuf.c): always
 * NUL-terminated, growth, printf, truncate, detach and free. */
#include "testutil.h"
#include "base/strbuf.h"

static void test_empty(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	strbuf_free(&sb); /* freeing an untouched buffer is fine */
	assert_string_equal(sb.buf, "");
	char *d = strbuf_detach(&sb); /* detach of an empty buffer gives a heap "" */
	assert_string_equal(d, "");
	free(d);
}

static void test_append_and_grow(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_puts(&sb, "abc");
	strbuf_putc(&sb, '-');
	strbuf_append(&sb, "xyz123", 3);
	assert_string_equal(sb.buf, "abc-xyz");
	assert_int_equal(sb.len, 7);
	for (int i = 0; i < 10000; i++) strbuf_putc(&sb, (char)('a' + i % 26));
	assert_int_equal(sb.len, 10007);
	assert_int_equal(strlen(sb.buf), 10007);
	assert_true(sb.cap > sb.len);
	assert_int_equal(sb.buf[7], 'a');
	assert_int_equal(sb.buf[10006], 'a' + 9999 % 26);
	strbuf_append(&sb, "", 0);
	assert_int_equal(sb.len, 10007);
	strbuf_free(&sb);
	assert_int_equal(sb.len, 0);
}

static void test_embedded_nul(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_append(&sb, "a\0b", 3);
	assert_int_equal(sb.len, 3);
	assert_int_equal(sb.buf[1], 0);
	assert_int_equal(sb.buf[2], 'b');
	assert_int_equal(sb.buf[3], 0);
	strbuf_free(&sb);
}

static void test_printf(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_printf(&sb, "%d;%s", 12, "kr");
	strbuf_printf(&sb, "%s", ""); /* nothing to add */
	assert_string_equal(sb.buf, "12;kr");
	char big[500];
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = 0;
	strbuf_printf(&sb, "[%s]", big);
	assert_int_equal(sb.len, 5 + 2 + 499);
	assert_int_equal(sb.buf[5], '[');
	assert_int_equal(sb.buf[sb.len - 1], ']');
	assert_int_equal(sb.buf[sb.len], 0);
	strbuf_free(&sb);
}

static void test_truncate(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_truncate(&sb, 0); /* on the empty buffer: no write to static memory */
	strbuf_puts(&sb, "hello world");
	strbuf_truncate(&sb, 100); /* longer than the content: no change */
	assert_string_equal(sb.buf, "hello world");
	strbuf_truncate(&sb, 5);
	assert_string_equal(sb.buf, "hello");
	assert_int_equal(sb.len, 5);
	strbuf_puts(&sb, "!");
	assert_string_equal(sb.buf, "hello!");
	strbuf_truncate(&sb, 0);
	assert_string_equal(sb.buf, "");
	strbuf_free(&sb);
}

static void test_detach(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_puts(&sb, "keep me");
	char *p = strbuf_detach(&sb);
	assert_string_equal(p, "keep me");
	/* The buffer is empty and usable again; p is the caller's. */
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	strbuf_puts(&sb, "again");
	assert_string_equal(sb.buf, "again");
	assert_string_equal(p, "keep me");
	free(p);
	strbuf_free(&sb);
}

TEST_MAIN(
	cmocka_unit_test(test_empty),
	cmocka_unit_test(test_append_and_grow),
	cmocka_unit_test(test_embedded_nul),
	cmocka_unit_test(test_printf),
	cmocka_unit_test(test_truncate),
	cmocka_unit_test(test_detach),
)
