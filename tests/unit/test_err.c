/* test_err.c — the error type of base/err.c: err_set, err_field (the
 * invalid-parameter list, its limit) and truncation of long values, which
 * must never cut a UTF-8 character in half (the text ends up in JSON). */
#include "testutil.h"
#include "base/err.h"

/* True if s is well-formed UTF-8 (enough for the cases here). */
static bool utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
		if (n < 0) return false;
		p++;
		for (int i = 0; i < n; i++, p++)
			if ((*p & 0xC0) != 0x80) return false;
	}
	return true;
}

static void test_set(void **state)
{
	(void)state;
	struct err e;
	err_clear(&e);
	assert_int_equal(e.code, 0);
	assert_int_equal(err_set(&e, ERR_NOT_FOUND, "Användaren %d finns inte.", 7), ERR_NOT_FOUND);
	assert_int_equal(e.code, ERR_NOT_FOUND);
	assert_string_equal(e.msg, "Användaren 7 finns inte.");
	err_clear(&e);
	assert_int_equal(e.code, 0);
	assert_string_equal(e.msg, "");
}

static void test_field(void **state)
{
	(void)state;
	struct err e;
	err_clear(&e);
	err_set(&e, ERR_NOT_FOUND, "något annat");
	/* The first field turns the error into ERR_INVALID with its own message. */
	assert_int_equal(err_field(&e, "name", NULL, "Ange ett namn."), ERR_INVALID);
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.msg, "En eller flera uppgifter är felaktiga.");
	assert_int_equal(e.nparams, 1);
	assert_string_equal(e.params[0].name, "name");
	assert_string_equal(e.params[0].value, "");
	assert_string_equal(e.params[0].reason, "Ange ett namn.");
	err_field(&e, "kind", "x", "Fel typ.");
	assert_int_equal(e.nparams, 2);
	assert_string_equal(e.params[1].value, "x");
	/* At most ERR_MAX_PARAMS are kept; more are dropped without overflow. */
	for (int i = 0; i < 20; i++) err_field(&e, "f", "v", "r");
	assert_int_equal(e.nparams, ERR_MAX_PARAMS);
	assert_int_equal(e.code, ERR_INVALID);
}

static void test_truncation_utf8(void **state)
{
	(void)state;
	struct err e;
	/* Every offset of a two- and a three-byte character against the limit. */
	for (int shift = 0; shift < 3; shift++) {
		char value[400];
		size_t n = 0;
		for (int i = 0; i < shift; i++) value[n++] = 'a';
		while (n + 3 < sizeof value) {
			memcpy(value + n, shift == 2 ? "€" : "å", shift == 2 ? 3 : 2);
			n += shift == 2 ? 3 : 2;
		}
		value[n] = 0;
		err_clear(&e);
		err_field(&e, "name", value, value);
		assert_true(strlen(e.params[0].value) > 80);
		assert_true(strlen(e.params[0].value) < sizeof e.params[0].value);
		if (!utf8_ok(e.params[0].value)) fail_msg("value cut inside a character (shift %d)", shift);
		if (!utf8_ok(e.params[0].reason)) fail_msg("reason cut inside a character (shift %d)", shift);
		assert_true(strncmp(e.params[0].value, value, strlen(e.params[0].value)) == 0);
		err_clear(&e);
		err_set(&e, ERR_CONFLICT, "Namnet %s är upptaget.", value);
		if (!utf8_ok(e.msg)) fail_msg("message cut inside a character (shift %d)", shift);
		assert_true(strlen(e.msg) > 200);
	}
	/* Short values are copied whole. */
	err_clear(&e);
	err_field(&e, "name", "Åsa Öberg", "Fel.");
	assert_string_equal(e.params[0].value, "Åsa Öberg");
}

TEST_MAIN(
	cmocka_unit_test(test_set),
	cmocka_unit_test(test_field),
	cmocka_unit_test(test_truncation_utf8),
)
