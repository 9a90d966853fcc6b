/* test_jsonw.c — the streaming JSON writer: commas and nesting, escapes,
 * integers at their limits, invalid UTF-8 made safe, and that every output
 * parses back with jansson to the same values. */
#include "testutil.h"
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/jsonw.h"

static char *finish(struct jsonw *w)
{
	size_t len;
	char *s = jw_finish(w, &len);
	assert_int_equal(strlen(s), len);
	return s;
}

static void test_structure(void **state)
{
	(void)state;
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_kint(&w, "a", 1);
	jw_key(&w, "b");
	jw_array(&w);
	jw_null(&w);
	jw_bool(&w, true);
	jw_bool(&w, false);
	jw_object(&w);
	jw_object_end(&w);
	jw_array(&w);
	jw_array_end(&w);
	jw_array_end(&w);
	jw_kstring(&w, "c", NULL);
	jw_kint_or_null(&w, "d", 0);
	jw_kint_or_null(&w, "e", 7);
	jw_object_end(&w);
	char *s = finish(&w);
	assert_string_equal(s, "{\"a\":1,\"b\":[null,true,false,{},[]],\"c\":null,\"d\":null,\"e\":7}");
	free(s);
}

static void test_integers(void **state)
{
	(void)state;
	struct jsonw w;
	jw_init(&w);
	jw_array(&w);
	jw_int(&w, 0);
	jw_int(&w, -1);
	jw_int(&w, INT64_MAX);
	jw_int(&w, INT64_MIN);
	jw_array_end(&w);
	char *s = finish(&w);
	assert_string_equal(s, "[0,-1,9223372036854775807,-9223372036854775808]");
	free(s);
}

static void test_escapes_round_trip(void **state)
{
	(void)state;
	const char *texts[] = {"plain", "quote \" and \\ backslash", "line\nbreak\ttab\r", "\x01\x1f control",
			       "åäö ÅÄÖ – “citat” 😀", "", "</script>"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct jsonw w;
		jw_init(&w);
		jw_object(&w);
		jw_kstring(&w, texts[i], texts[i]);
		jw_object_end(&w);
		char *s = finish(&w);
		json_error_t je;
		json_t *j = json_loads(s, 0, &je);
		if (!j) fail_msg("not JSON: %s (%s)", s, je.text);
		assert_string_equal(json_string_value(json_object_get(j, texts[i])), texts[i]);
		json_decref(j);
		free(s);
	}
}

/* Exact bytes: escapes after and between multi-byte characters; a string
 * with one invalid sequence has every non-ASCII byte as U+FFFD, also those
 * of the valid characters before it (the writer takes back its first pass). */
static void test_escapes_exact(void **state)
{
	(void)state;
	const char *in[] = {"\xc3\xa5\"x\\\n\x01\xe2\x82\xac\xf0\x9f\x98\x80", "\xc3\xa5\"\xff\x01", "", "plain"};
	const char *out[] = {"\"\xc3\xa5\\\"x\\\\\\n\\u0001\xe2\x82\xac\xf0\x9f\x98\x80\"", "\"\\ufffd\\ufffd\\\"\\ufffd\\u0001\"",
			     "\"\"", "\"plain\""};
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		struct jsonw w;
		jw_init(&w);
		jw_string(&w, in[i]);
		char *s = finish(&w);
		assert_string_equal(s, out[i]);
		free(s);
	}
}

static void test_invalid_utf8_made_safe(void **state)
{
	(void)state;
	const char *bad[] = {"a\xff\x62", "\xc3", "\xed\xa0\x80", "\xc0\xaf", "ok \xe2\x82"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct jsonw w;
		jw_init(&w);
		jw_string(&w, bad[i]);
		char *s = finish(&w);
		json_t *j = json_loads(s, JSON_DECODE_ANY, NULL);
		if (!j) fail_msg("invalid UTF-8 case %zu gave invalid JSON: %s", i, s);
		assert_non_null(strstr(json_string_value(j), "\xef\xbf\xbd")); /* U+FFFD */
		json_decref(j);
		free(s);
	}
}

static void test_finish_resets(void **state)
{
	(void)state;
	struct jsonw w;
	jw_init(&w);
	jw_int(&w, 1);
	free(finish(&w));
	jw_int(&w, 2); /* a fresh document: no comma */
	char *s = finish(&w);
	assert_string_equal(s, "2");
	free(s);
	jw_string(&w, "x");
	jw_free(&w);
	s = finish(&w);
	assert_string_equal(s, "");
	free(s);
}

TEST_MAIN(
	cmocka_unit_test(test_structure),
	cmocka_unit_test(test_integers),
	cmocka_unit_test(test_escapes_round_trip),
	cmocka_unit_test(test_escapes_exact),
	cmocka_unit_test(test_invalid_utf8_made_safe),
	cmocka_unit_test(test_finish_resets),
)
