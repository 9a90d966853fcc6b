/* test_request.c — percent-decoding (http_url_decode) and query-string
 * parsing (request_parse_query) in http/request.c: bad escapes, %00, plus
 * signs, empty values and repeated keys; plus the response builders. */
#include "testutil.h"
#include "http/request.h"
#include <jansson.h>

/* Decodes a copy of in; returns the result length and the text in out. */
static long decode(const char *in, bool plus, char *out, size_t n)
{
	snprintf(out, n, "%s", in);
	return http_url_decode(out, plus);
}

/* in decodes to want, and the length returned is want's. */
static void decodes_to(const char *in, bool plus, const char *want)
{
	char b[128];
	long n = decode(in, plus, b, sizeof b);
	if (n != (long)strlen(want) || strcmp(b, want) != 0)
		fail_msg("\"%s\" (plus %d): %ld \"%s\", not \"%s\"", in, plus, n, b, want);
}

static void test_decode_plain(void **state)
{
	(void)state;
	decodes_to("", false, "");
	decodes_to("/api/v1/users", false, "/api/v1/users");
	decodes_to("a%20b", false, "a b");
	decodes_to("%41%4a%4A%7e", false, "AJJ~");
	decodes_to("%C3%A5%c3%a4%C3%B6", false, "åäö");
	decodes_to("%2541", false, "%41"); /* decoded once only */
	/* An escaped slash is a character, not a separator the decoder adds. */
	decodes_to("a%2Fb", false, "a/b");
}

static void test_decode_plus(void **state)
{
	(void)state;
	decodes_to("a+b", false, "a+b");
	decodes_to("a+b", true, "a b");
	decodes_to("%2B+", true, "+ ");
	decodes_to("++", true, "  ");
}

static void test_decode_bad(void **state)
{
	(void)state;
	char b[64];
	static const char *const bad[] = {
		"%", "abc%", "%4", "abc%4", "%zz", "%4g", "%g4", "% 1", "%%", "%-1", "%+1", "a%0", "%00", "a%00b", "%0",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (decode(bad[i], false, b, sizeof b) != -1) fail_msg("\"%s\" should be refused", bad[i]);
	assert_int_equal(decode("%00", true, b, sizeof b), -1);
	/* %01 is allowed: only NUL would cut the string short. */
	assert_int_equal(decode("%01", false, b, sizeof b), 1);
	assert_int_equal(b[0], 1);
}

static void test_query_basic(void **state)
{
	(void)state;
	struct request r;
	request_init(&r);
	request_parse_query(&r, "a=1&b=x%20y&q=s%C3%B6k+text");
	assert_string_equal(request_query(&r, "a"), "1");
	assert_string_equal(request_query(&r, "b"), "x y");
	assert_string_equal(request_query(&r, "q"), "sök text");
	assert_null(request_query(&r, "c"));
	assert_null(request_query(&r, "A"));
	request_free(&r);
}

static void test_query_empty(void **state)
{
	(void)state;
	struct request r;
	request_init(&r);
	request_parse_query(&r, NULL);
	assert_null(r.query);
	request_parse_query(&r, "");
	assert_null(r.query);
	request_parse_query(&r, "&&&");
	assert_null(r.query);
	request_parse_query(&r, "empty=&flag&&x=1&");
	assert_string_equal(request_query(&r, "empty"), "");
	assert_string_equal(request_query(&r, "flag"), "");
	assert_string_equal(request_query(&r, "x"), "1");
	/* Only the first '=' splits. */
	request_parse_query(&r, "eq=a=b");
	assert_string_equal(request_query(&r, "eq"), "a=b");
	/* Keys are decoded too, plus signs included. */
	request_parse_query(&r, "my+key=1&%6Bey=2");
	assert_string_equal(request_query(&r, "my key"), "1");
	assert_string_equal(request_query(&r, "key"), "2");
	request_free(&r);
}

static void test_query_bad_escapes(void **state)
{
	(void)state;
	struct request r;
	request_init(&r);
	/* A pair with a bad escape or %00 is dropped; the others are kept. */
	request_parse_query(&r, "a=%zz&b=2&c=%00&d%00=4&e=%&f=%4&g=ok%21");
	assert_null(request_query(&r, "a"));
	assert_string_equal(request_query(&r, "b"), "2");
	assert_null(request_query(&r, "c"));
	assert_null(request_query(&r, "d"));
	assert_null(request_query(&r, "e"));
	assert_null(request_query(&r, "f"));
	assert_string_equal(request_query(&r, "g"), "ok!");
	int n = 0;
	for (struct http_kv *kv = r.query; kv; kv = kv->next) n++;
	assert_int_equal(n, 2);
	request_free(&r);
}

static void test_query_repeated(void **state)
{
	(void)state;
	struct request r;
	request_init(&r);
	request_parse_query(&r, "limit=10&limit=20&limit=");
	/* The first occurrence wins; all are kept in order. */
	assert_string_equal(request_query(&r, "limit"), "10");
	const char *want[] = {"10", "20", ""};
	int i = 0;
	for (struct http_kv *kv = r.query; kv; kv = kv->next, i++) {
		assert_true(i < 3);
		assert_string_equal(kv->name, "limit");
		assert_string_equal(kv->value, want[i]);
	}
	assert_int_equal(i, 3);
	/* A second call appends behind the first. */
	request_parse_query(&r, "limit=30&z=1");
	assert_string_equal(request_query(&r, "limit"), "10");
	assert_string_equal(request_query(&r, "z"), "1");
	request_free(&r);
}

static void test_query_long(void **state)
{
	(void)state;
	struct request r;
	request_init(&r);
	/* Bigger than the arena's chunk: lands in a block of its own. */
	size_t n = 40000;
	char *raw = malloc(n + 3);
	memcpy(raw, "q=", 2);
	memset(raw + 2, 'a', n);
	raw[n + 2] = 0;
	request_parse_query(&r, raw);
	assert_int_equal(strlen(request_query(&r, "q")), n);
	free(raw);
	request_free(&r);
}

static void test_response_problem(void **state)
{
	(void)state;
	struct request r;
	request_init(&r);
	struct err e;
	err_clear(&e);
	err_field(&e, "limit", "0", "Fel.");
	response_problem(&r, 422, "validation", "Felaktiga uppgifter", "En uppgift är fel.", &e);
	assert_int_equal(r.status, 422);
	assert_string_equal(r.content_type, "application/problem+json");
	json_t *j = json_loadb(r.resp, r.resp_len, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "type")), "urn:samsyn:problem:validation");
	assert_int_equal(json_integer_value(json_object_get(j, "status")), 422);
	assert_string_equal(json_string_value(json_object_get(j, "detail")), "En uppgift är fel.");
	json_t *ip = json_object_get(j, "invalid_parameters");
	assert_int_equal(json_array_size(ip), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ip, 0), "name")), "limit");
	assert_string_equal(json_string_value(json_object_get(json_array_get(ip, 0), "value")), "0");
	json_decref(j);
	/* A second response replaces (and frees) the first. */
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_kint(&w, "ok", 1);
	jw_object_end(&w);
	response_json(&r, 200, &w);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.resp, "{\"ok\":1}");
	response_empty(&r, 204);
	assert_null(r.resp);
	assert_int_equal(r.resp_len, 0);
	request_free(&r);
}

static void test_no_connection(void **state)
{
	(void)state;
	struct request r;
	request_init(&r);
	/* Outside the server there are no headers or cookies, and no crash. */
	assert_null(request_header(&r, "Authorization"));
	assert_null(request_cookie(&r, "samsyn_session"));
	request_free(&r);
}

TEST_MAIN(
	cmocka_unit_test(test_decode_plain),
	cmocka_unit_test(test_decode_plus),
	cmocka_unit_test(test_decode_bad),
	cmocka_unit_test(test_query_basic),
	cmocka_unit_test(test_query_empty),
	cmocka_unit_test(test_query_bad_escapes),
	cmocka_unit_test(test_query_repeated),
	cmocka_unit_test(test_query_long),
	cmocka_unit_test(test_response_problem),
	cmocka_unit_test(test_no_connection),
)
