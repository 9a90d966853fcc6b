/* test_utf8.c — base/utf8.c: what counts as well-formed UTF-8, length in
 * characters, the length rule of text fields, lower-casing of names; and
 * domain/check.c, the shared field rules built on them. */
#include "testutil.h"
#include "base/utf8.h"
#include "domain/check.h"

static void test_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid(""));
	assert_true(utf8_valid("Åsa Öberg"));
	assert_true(utf8_valid("\xe2\x82\xac"));     /* € */
	assert_true(utf8_valid("\xf0\x9f\x98\x80")); /* U+1F600 */
	assert_false(utf8_valid("\xc3"));             /* cut short */
	assert_false(utf8_valid("\xc0\xaf"));         /* overlong '/' */
	assert_false(utf8_valid("\xed\xa0\x80"));     /* a surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80")); /* past U+10FFFF */
	assert_false(utf8_valid("a\x80z"));           /* a lone continuation byte */
}

static void test_length_counts_characters(void **state)
{
	(void)state;
	assert_int_equal(utf8_length(""), 0);
	assert_int_equal(utf8_length("abc"), 3);
	assert_int_equal(utf8_length("Åäö"), 3);
	assert_int_equal(utf8_length("\xf0\x9f\x98\x80!"), 2);
}

static void test_text_ok(void **state)
{
	(void)state;
	assert_false(utf8_text_ok(NULL, 0, 10));
	assert_true(utf8_text_ok("", 0, 10));
	assert_false(utf8_text_ok("", 1, 10));
	assert_true(utf8_text_ok("ÅÅÅÅÅ", 1, 5)); /* 5 characters, 10 bytes */
	assert_false(utf8_text_ok("ÅÅÅÅÅÅ", 1, 5));
	assert_false(utf8_text_ok("a\xc3", 0, 10));
}

static void test_lower(void **state)
{
	(void)state;
	char s[] = "ÅSA ÖBERG-ÄNG É";
	utf8_lower(s);
	assert_string_equal(s, "åsa öberg-äng é");
}

static void test_check_text(void **state)
{
	struct arena *a = *state;
	struct ctx c;
	ctx_init(&c, NULL, a, NULL, "cli");
	check_text(&c, "note", NULL, 5, "Anteckningen");
	check_text(&c, "note", "ÅÅÅÅÅ", 5, "Anteckningen");
	assert_int_equal(c.err.code, 0);
	check_text(&c, "note", "ÅÅÅÅÅÅ", 5, "Anteckningen");
	assert_int_equal(c.err.code, ERR_INVALID);
	assert_int_equal(c.err.nparams, 1);
	assert_string_equal(c.err.params[0].name, "note");
	assert_string_equal(c.err.params[0].reason, "Anteckningen får ha högst 5 tecken.");
	err_clear(&c.err);
	char big[2002];
	memset(big, 'x', 2001);
	big[2001] = 0;
	check_text(&c, "note", big, 2000, "Anteckningen");
	assert_string_equal(c.err.params[0].reason, "Anteckningen får ha högst 2 000 tecken.");
}

static void test_check_email(void **state)
{
	struct arena *a = *state;
	struct ctx c;
	ctx_init(&c, NULL, a, NULL, "cli");
	check_email(&c, "email", NULL);
	check_email(&c, "email", "anna.berg@kommun.se");
	assert_int_equal(c.err.code, 0);
	const char *bad[] = {"anna.berg", "anna berg@kommun.se", "a\xc3@x.se"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&c.err);
		check_email(&c, "email", bad[i]);
		if (c.err.code != ERR_INVALID) fail_msg("%s accepted", bad[i]);
		assert_string_equal(c.err.params[0].value, ""); /* personal data is not echoed */
	}
	char long_addr[300];
	memset(long_addr, 'a', 299);
	long_addr[299] = 0;
	long_addr[10] = '@';
	err_clear(&c.err);
	check_email(&c, "email", long_addr);
	assert_int_equal(c.err.code, ERR_INVALID);
}

TEST_MAIN(
	cmocka_unit_test(test_valid),
	cmocka_unit_test(test_length_counts_characters),
	cmocka_unit_test(test_text_ok),
	cmocka_unit_test(test_lower),
	arena_unit_test(test_check_text),
	arena_unit_test(test_check_email),
)
