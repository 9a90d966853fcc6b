/* test_json_io.c — the JSON helpers of api/json_io.c: field readers (absent,
 * null, wrong type, unknown role), the request body reader (malformed,
 * non-object, duplicate keys), paging limits and id parameters, the JSON
 * writers, and the body → input struct mappings of api/users.c and
 * api/orgs.c. */
#include "testutil.h"
#include "api/api.h"
#include "domain/org.h"
#include "domain/user.h"

static json_t *parse(const char *s)
{
	json_t *j = json_loads(s, 0, NULL);
	assert_non_null(j);
	return j;
}

static void test_text(void **state)
{
	(void)state;
	json_t *o = parse("{\"s\": \"värde\", \"n\": null, \"i\": 3, \"b\": true, \"a\": [], \"e\": \"\"}");
	struct err e;
	err_clear(&e);
	bool has = true;
	assert_null(json_field_text(o, "absent", &has, &e));
	assert_false(has);
	assert_int_equal(e.code, 0);
	assert_string_equal(json_field_text(o, "s", &has, &e), "värde");
	assert_true(has);
	assert_string_equal(json_field_text(o, "e", &has, &e), "");
	assert_true(has);
	has = false;
	assert_null(json_field_text(o, "n", &has, &e));
	assert_true(has);
	assert_int_equal(e.code, 0);
	const char *wrong[] = {"i", "b", "a"};
	for (int i = 0; i < 3; i++) {
		err_clear(&e);
		assert_null(json_field_text(o, wrong[i], &has, &e));
		assert_true(has);
		assert_int_equal(e.code, ERR_INVALID);
		assert_int_equal(e.nparams, 1);
		assert_string_equal(e.params[0].name, wrong[i]);
	}
	json_decref(o);
}

static void test_int(void **state)
{
	(void)state;
	json_t *o = parse("{\"i\": 42, \"neg\": -7, \"big\": 9007199254740993, \"n\": null,"
			  " \"s\": \"5\", \"r\": 5.0, \"b\": false}");
	struct err e;
	err_clear(&e);
	bool has = true;
	assert_int_equal(json_field_int(o, "absent", &has, &e), 0);
	assert_false(has);
	assert_int_equal(json_field_int(o, "i", &has, &e), 42);
	assert_true(has);
	assert_int_equal(json_field_int(o, "neg", &has, &e), -7);
	assert_int_equal(json_field_int(o, "big", &has, &e), 9007199254740993LL);
	has = false;
	assert_int_equal(json_field_int(o, "n", &has, &e), 0);
	assert_true(has);
	assert_int_equal(e.code, 0);
	/* A string of digits, a real and a boolean are not integers. */
	const char *wrong[] = {"s", "r", "b"};
	for (int i = 0; i < 3; i++) {
		err_clear(&e);
		assert_int_equal(json_field_int(o, wrong[i], &has, &e), 0);
		assert_int_equal(e.code, ERR_INVALID);
		assert_string_equal(e.params[0].name, wrong[i]);
	}
	json_decref(o);
}

static void test_bool(void **state)
{
	(void)state;
	json_t *o = parse("{\"t\": true, \"f\": false, \"n\": null, \"i\": 1, \"s\": \"true\"}");
	struct err e;
	err_clear(&e);
	bool has = true;
	assert_false(json_field_bool(o, "absent", &has, &e));
	assert_false(has);
	assert_true(json_field_bool(o, "t", &has, &e));
	assert_true(has);
	assert_false(json_field_bool(o, "f", &has, &e));
	assert_true(has);
	assert_int_equal(e.code, 0);
	/* null is refused for booleans: "active": null must not deactivate. */
	const char *wrong[] = {"n", "i", "s"};
	for (int i = 0; i < 3; i++) {
		err_clear(&e);
		assert_false(json_field_bool(o, wrong[i], &has, &e));
		assert_true(has);
		assert_int_equal(e.code, ERR_INVALID);
		assert_string_equal(e.params[0].name, wrong[i]);
	}
	json_decref(o);
}

static void test_roles(void **state)
{
	(void)state;
	json_t *o = parse("{\"one\": [\"admin\"], \"two\": [\"reader\", \"case_worker\", \"reader\"], \"none\": [],"
			  " \"all\": [\"admin\", \"kansli\", \"case_worker\", \"employer_contact\", \"trainer\", \"reader\"],"
			  " \"unknown\": [\"admin\", \"superuser\"], \"upper\": [\"Admin\"], \"num\": [1],"
			  " \"str\": \"admin\", \"n\": null, \"nested\": [[\"admin\"]]}");
	struct err e;
	err_clear(&e);
	bool has = true;
	assert_int_equal(json_field_roles(o, "absent", &has, &e), 0);
	assert_false(has);
	assert_int_equal(json_field_roles(o, "one", &has, &e), ROLE_ADMIN);
	assert_true(has);
	assert_int_equal(json_field_roles(o, "two", &has, &e), ROLE_READER | ROLE_CASE_WORKER);
	assert_int_equal(json_field_roles(o, "all", &has, &e), (1u << ROLE_COUNT) - 1);
	/* An empty list is read as no roles; the domain refuses it. */
	assert_int_equal(json_field_roles(o, "none", &has, &e), 0);
	assert_true(has);
	assert_int_equal(e.code, 0);

	err_clear(&e);
	assert_int_equal(json_field_roles(o, "unknown", &has, &e), 0);
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.params[0].name, "unknown");
	assert_string_equal(e.params[0].value, "superuser");
	const char *wrong[] = {"upper", "num", "str", "n", "nested"};
	for (int i = 0; i < 5; i++) {
		err_clear(&e);
		assert_int_equal(json_field_roles(o, wrong[i], &has, &e), 0);
		assert_true(has);
		assert_int_equal(e.code, ERR_INVALID);
		assert_string_equal(e.params[0].name, wrong[i]);
	}
	json_decref(o);
}

/* Sets r's body to s (len bytes) and reads it. */
static json_t *body(struct request *r, const char *s, size_t len, struct err *e)
{
	request_init(r);
	if (s) {
		r->body = arena_strndup(&r->arena, s, len);
		r->body_len = len;
	}
	err_clear(e);
	return api_body_object(r, e);
}

static void test_body_object(void **state)
{
	(void)state;
	struct request r;
	struct err e;
	const char *good = "{\"a\": 1, \"b\": {\"a\": 2}}";
	json_t *j = body(&r, good, strlen(good), &e);
	assert_non_null(j);
	assert_int_equal(e.code, 0);
	assert_int_equal(json_integer_value(json_object_get(j, "a")), 1);
	request_free(&r); /* frees j */

	assert_null(body(&r, NULL, 0, &e));
	assert_int_equal(e.code, ERR_MALFORMED);
	request_free(&r);

	static const char *const bad[] = {
		"",                     /* empty */
		"{",                    /* malformed */
		"{\"a\": }",            /* malformed */
		"{'a': 1}",             /* not JSON */
		"[]",                   /* not an object */
		"[{\"a\": 1}]",
		"42",
		"\"text\"",
		"null",
		"true",
		"{\"a\": 1, \"a\": 2}", /* duplicate keys */
		"{\"a\": 1} x",         /* trailing garbage */
		"{\"a\": 1}{}",
		"{\"a\": \"\\u0000\"}", /* NUL inside a string */
		"{\"a\": \"\xff\"}",    /* not UTF-8 */
		"\xef\xbb\xbf{}",       /* byte order mark */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *b = body(&r, bad[i], strlen(bad[i]), &e);
		if (b) fail_msg("body %zu (%s) should be refused", i, bad[i]);
		assert_int_equal(e.code, ERR_MALFORMED);
		assert_true(e.msg[0] != 0);
		request_free(&r);
	}
	/* A raw NUL byte inside the body. */
	assert_null(body(&r, "{\"a\":\0 1}", 9, &e));
	assert_int_equal(e.code, ERR_MALFORMED);
	request_free(&r);
	/* Deep nesting stops at jansson's depth limit instead of the stack. */
	size_t depth = 100000;
	char *deep = malloc(2 * depth + 8);
	size_t n = 0;
	memcpy(deep, "{\"a\":", 5), n = 5;
	for (size_t i = 0; i < depth; i++) deep[n++] = '[';
	for (size_t i = 0; i < depth; i++) deep[n++] = ']';
	deep[n++] = '}';
	assert_null(body(&r, deep, n, &e));
	assert_int_equal(e.code, ERR_MALFORMED);
	free(deep);
	request_free(&r);
}

/* Parses query into a fresh request and runs api_page. */
static int page(struct request *r, const char *query, struct page *p, struct err *e)
{
	request_init(r);
	request_parse_query(r, query);
	err_clear(e);
	return api_page(r, p, e);
}

static void test_page(void **state)
{
	(void)state;
	struct request r;
	struct page p;
	struct err e;
	assert_int_equal(page(&r, "", &p, &e), 0);
	assert_int_equal(p.limit, PAGE_DEFAULT_LIMIT);
	assert_int_equal(p.offset, 0);
	assert_null(p.q);
	request_free(&r);
	assert_int_equal(page(&r, "limit=1&offset=0&q=abc", &p, &e), 0);
	assert_int_equal(p.limit, 1);
	assert_int_equal(p.offset, 0);
	assert_string_equal(p.q, "abc");
	request_free(&r);
	assert_int_equal(page(&r, "limit=500&offset=999999999999999999", &p, &e), 0);
	assert_int_equal(p.limit, 500);
	assert_int_equal(p.offset, 999999999999999999LL);
	request_free(&r);
	assert_int_equal(page(&r, "limit=007", &p, &e), 0);
	assert_int_equal(p.limit, 7);
	request_free(&r);

	static const char *const bad_limit[] = {
		"limit=0", "limit=501", "limit=-1", "limit=abc", "limit=", "limit=1.5", "limit=+5", "limit=%205",
		"limit=10x", "limit=9999999999999999999999",
	};
	for (size_t i = 0; i < sizeof bad_limit / sizeof bad_limit[0]; i++) {
		if (page(&r, bad_limit[i], &p, &e) != ERR_INVALID) fail_msg("%s should be refused", bad_limit[i]);
		assert_string_equal(e.params[0].name, "limit");
		request_free(&r);
	}
	static const char *const bad_offset[] = {"offset=-1", "offset=x", "offset=", "offset=1000000000000000000"};
	for (size_t i = 0; i < sizeof bad_offset / sizeof bad_offset[0]; i++) {
		if (page(&r, bad_offset[i], &p, &e) != ERR_INVALID) fail_msg("%s should be refused", bad_offset[i]);
		assert_string_equal(e.params[0].name, "offset");
		request_free(&r);
	}
	/* Both wrong: both reported. */
	assert_int_equal(page(&r, "limit=0&offset=-1", &p, &e), ERR_INVALID);
	assert_int_equal(e.nparams, 2);
	request_free(&r);

	char q[300];
	memcpy(q, "q=", 2);
	memset(q + 2, 'x', 200);
	q[202] = 0;
	assert_int_equal(page(&r, q, &p, &e), 0);
	assert_int_equal(strlen(p.q), 200);
	request_free(&r);
	q[202] = 'x', q[203] = 0;
	assert_int_equal(page(&r, q, &p, &e), ERR_INVALID);
	assert_string_equal(e.params[0].name, "q");
	request_free(&r);
}

static void test_id_param(void **state)
{
	(void)state;
	struct request r;
	request_init(&r);
	assert_int_equal(api_id_param(&r, 0), 0); /* no parameters at all */
	static const struct {
		const char *s;
		int64_t id;
	} cases[] = {
		{"1", 1}, {"42", 42}, {"000123", 123}, {"999999999999999999", 999999999999999999LL},
		{"0", 0}, {"-1", 0}, {"abc", 0}, {"1a", 0}, {" 1", 0}, {"", 0}, {"1e3", 0},
		{"9999999999999999999", 0}, {"+1", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r.params[0] = cases[i].s;
		r.nparams = 1;
		if (api_id_param(&r, 0) != cases[i].id)
			fail_msg("\"%s\" gave %lld", cases[i].s, (long long)api_id_param(&r, 0));
	}
	assert_int_equal(api_id_param(&r, 1), 0); /* beyond nparams */
	request_free(&r);
}

static void test_writers(void **state)
{
	(void)state;
	struct jsonw w;
	size_t len;
	jw_init(&w);
	jw_object(&w);
	api_write_roles(&w, "roles", ROLE_ADMIN | ROLE_READER | (1u << 20)); /* an unknown bit is left out */
	jw_object_end(&w);
	char *d = jw_finish(&w, &len);
	assert_string_equal(d, "{\"roles\":[\"admin\",\"reader\"]}");
	free(d);
	struct page p = {10, 20, NULL};
	api_list_begin(&w);
	jw_int(&w, 1);
	jw_int(&w, 2);
	api_list_end(&w, 123, &p);
	d = jw_finish(&w, &len);
	assert_string_equal(d, "{\"items\":[1,2],\"total\":123,\"limit\":10,\"offset\":20}");
	free(d);
}

static void test_user_input_mapping(void **state)
{
	(void)state;
	struct err e;
	struct user_input in;
	json_t *o = parse("{\"username\": \"anna\", \"name\": \"Anna A\", \"email\": null, \"org_id\": 3,"
			  " \"roles\": [\"kansli\"], \"password\": \"hemligt-lösen\", \"extra\": 1}");
	err_clear(&e);
	memset(&in, 0xAB, sizeof in); /* the mapping must not rely on a zeroed struct */
	assert_int_equal(api_read_fields(o, api_user_input_fields, NULL, &in, sizeof in, &e), 0);
	assert_string_equal(in.username, "anna");
	assert_string_equal(in.name, "Anna A");
	assert_null(in.email);
	assert_int_equal(in.org_id, 3);
	assert_int_equal(in.roles, ROLE_KANSLI);
	assert_string_equal(in.password, "hemligt-lösen");
	assert_false(in.password_is_final);
	json_decref(o);

	o = parse("{\"username\": 5, \"org_id\": \"3\", \"roles\": [\"boss\"]}");
	err_clear(&e);
	assert_int_equal(api_read_fields(o, api_user_input_fields, NULL, &in, sizeof in, &e), ERR_INVALID);
	assert_int_equal(e.nparams, 3);
	assert_string_equal(e.params[0].name, "username");
	assert_string_equal(e.params[1].name, "org_id");
	assert_string_equal(e.params[2].name, "roles");
	json_decref(o);
}

static void test_user_patch_mapping(void **state)
{
	(void)state;
	struct err e;
	struct user_patch in;
	json_t *o = parse("{\"name\": \"Ny\", \"active\": false}");
	err_clear(&e);
	memset(&in, 0xAB, sizeof in);
	assert_int_equal(api_read_fields(o, api_user_patch_fields, NULL, &in, sizeof in, &e), 0);
	assert_true(in.has_name);
	assert_string_equal(in.name, "Ny");
	assert_true(in.has_active);
	assert_false(in.active);
	assert_false(in.has_email);
	assert_false(in.has_org_id);
	assert_false(in.has_roles);
	assert_false(in.has_password);
	json_decref(o);

	o = parse("{\"email\": null, \"roles\": [], \"password\": \"x\"}");
	err_clear(&e);
	assert_int_equal(api_read_fields(o, api_user_patch_fields, NULL, &in, sizeof in, &e), 0);
	assert_true(in.has_email);
	assert_null(in.email);
	assert_true(in.has_roles);
	assert_int_equal(in.roles, 0);
	assert_true(in.has_password);
	json_decref(o);

	o = parse("{\"active\": \"yes\"}");
	err_clear(&e);
	assert_int_equal(api_read_fields(o, api_user_patch_fields, NULL, &in, sizeof in, &e), ERR_INVALID);
	assert_string_equal(e.params[0].name, "active");
	json_decref(o);
}

static void test_org_mappings(void **state)
{
	(void)state;
	struct err e;
	struct org in;
	struct org_patch patch;
	json_t *o = parse("{\"name\": \"Trollhättans stad\", \"kind\": \"kommun\", \"municipality_code\": \"1488\"}");
	err_clear(&e);
	memset(&in, 0xAB, sizeof in);
	assert_int_equal(api_read_fields(o, api_org_fields, NULL, &in, sizeof in, &e), 0);
	assert_int_equal(in.id, 0);
	assert_string_equal(in.name, "Trollhättans stad");
	assert_string_equal(in.kind, "kommun");
	assert_string_equal(in.municipality_code, "1488");
	json_decref(o);

	o = parse("{\"municipality_code\": null}");
	err_clear(&e);
	memset(&patch, 0xAB, sizeof patch);
	assert_int_equal(api_read_fields(o, api_org_patch_fields, NULL, &patch, sizeof patch, &e), 0);
	assert_false(patch.has_name);
	assert_false(patch.has_kind);
	assert_true(patch.has_municipality_code);
	assert_null(patch.municipality_code);
	json_decref(o);

	o = parse("{\"name\": [], \"kind\": 1}");
	err_clear(&e);
	assert_int_equal(api_read_fields(o, api_org_fields, NULL, &in, sizeof in, &e), ERR_INVALID);
	assert_int_equal(e.nparams, 2);
	err_clear(&e);
	assert_int_equal(api_read_fields(o, api_org_patch_fields, NULL, &patch, sizeof patch, &e), ERR_INVALID);
	assert_int_equal(e.nparams, 2);
	json_decref(o);
}

TEST_MAIN(
	cmocka_unit_test(test_text),
	cmocka_unit_test(test_int),
	cmocka_unit_test(test_bool),
	cmocka_unit_test(test_roles),
	cmocka_unit_test(test_body_object),
	cmocka_unit_test(test_page),
	cmocka_unit_test(test_id_param),
	cmocka_unit_test(test_writers),
	cmocka_unit_test(test_user_input_mapping),
	cmocka_unit_test(test_user_patch_mapping),
	cmocka_unit_test(test_org_mappings),
)
