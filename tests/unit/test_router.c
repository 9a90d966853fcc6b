/* test_router.c — route matching (http/router.c): literal segments, {id}
 * parameters, trailing slashes, extra segments, 404 against 405 (with the
 * Allow list), and the application's real route table (api/app.c). */
#include "testutil.h"
#include "api/api.h"
#include "http/router.h"

/* Handlers of the table's own type, each a body of its own so that no
 * optimiser folds two into one address. */
static int called;
#define HANDLER(name, n) \
	static void name(struct request *r, struct ctx *c) \
	{ \
		(void)r, (void)c; \
		called = n; \
	}
HANDLER(h_root, 1)
HANDLER(h_list, 2)
HANDLER(h_create, 3)
HANDLER(h_get, 4)
HANDLER(h_sub, 5)
HANDLER(h_deep, 6)

static const struct route table[] = {
	{"GET", "/", h_root, 0, "rot"},
	{"GET", "/things", h_list, 0, "lista"},
	{"POST", "/things", h_create, 0, "skapa"},
	{"GET", "/things/{id}", h_get, 0, "läs"},
	{"GET", "/things/{id}/parts/{part}", h_sub, 0, "del"},
	{"GET", "/a/{b}/{c}/{d}/{e}/{f}", h_deep, 0, "för många parametrar"},
};
#define TABLE_N (sizeof table / sizeof table[0])

/* Matches method + path against routes; returns the result, *handler the
 * matched handler (NULL otherwise). Leaves r for inspection; caller frees. */
static int match(struct request *r, const struct route *routes, size_t n, const char *method, const char *path,
		 route_handler *handler)
{
	request_init(r);
	r->method = method;
	r->path = path;
	const struct route *rt = NULL;
	int m = router_match(routes, n, r, &rt);
	*handler = m == ROUTER_MATCH ? rt->handler : NULL;
	return m;
}

static void test_literal(void **state)
{
	(void)state;
	struct request r;
	route_handler h;
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/things", &h), ROUTER_MATCH);
	assert_true(h == h_list);
	h(&r, NULL); /* called through the table's type, no cast */
	assert_int_equal(called, 2);
	assert_int_equal(r.nparams, 0);
	request_free(&r);
	assert_int_equal(match(&r, table, TABLE_N, "POST", "/things", &h), ROUTER_MATCH);
	assert_true(h == h_create);
	request_free(&r);
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/", &h), ROUTER_MATCH);
	assert_true(h == h_root);
	request_free(&r);
	/* Case matters, and a prefix is not a match. */
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/Things", &h), ROUTER_NO_PATH);
	request_free(&r);
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/thing", &h), ROUTER_NO_PATH);
	request_free(&r);
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/thingsx", &h), ROUTER_NO_PATH);
	request_free(&r);
	assert_int_equal(match(&r, table, TABLE_N, "get", "/things", &h), ROUTER_NO_METHOD);
	request_free(&r);
}

static void test_params(void **state)
{
	(void)state;
	struct request r;
	route_handler h;
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/things/42", &h), ROUTER_MATCH);
	assert_true(h == h_get);
	assert_int_equal(r.nparams, 1);
	assert_string_equal(r.params[0], "42");
	request_free(&r);
	/* Any non-empty segment is captured; the handler decides if it is an id. */
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/things/abc def", &h), ROUTER_MATCH);
	assert_string_equal(r.params[0], "abc def");
	request_free(&r);
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/things/7/parts/x9", &h), ROUTER_MATCH);
	assert_true(h == h_sub);
	assert_int_equal(r.nparams, 2);
	assert_string_equal(r.params[0], "7");
	assert_string_equal(r.params[1], "x9");
	request_free(&r);
	/* An empty segment never fills a parameter. */
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/things//parts/1", &h), ROUTER_NO_PATH);
	assert_int_equal(r.nparams, 0);
	request_free(&r);
}

static void test_trailing_slash(void **state)
{
	(void)state;
	struct request r;
	route_handler h;
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/things/", &h), ROUTER_NO_PATH);
	request_free(&r);
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/things/42/", &h), ROUTER_NO_PATH);
	assert_int_equal(r.nparams, 0);
	request_free(&r);
	assert_int_equal(match(&r, table, TABLE_N, "GET", "//things", &h), ROUTER_NO_PATH);
	request_free(&r);
}

static void test_segments(void **state)
{
	(void)state;
	struct request r;
	route_handler h;
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/things/42/parts", &h), ROUTER_NO_PATH);
	request_free(&r);
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/things/42/parts/1/more", &h), ROUTER_NO_PATH);
	assert_int_equal(r.nparams, 0);
	request_free(&r);
	/* A pattern with more {…} than REQUEST_MAX_PARAMS never matches, and
	 * never writes past r->params. */
	assert_int_equal(match(&r, table, TABLE_N, "GET", "/a/1/2/3/4/5", &h), ROUTER_NO_PATH);
	request_free(&r);
	/* Not even a leading slash. */
	assert_int_equal(match(&r, table, TABLE_N, "GET", "things", &h), ROUTER_NO_PATH);
	request_free(&r);
	assert_int_equal(match(&r, table, TABLE_N, "GET", "", &h), ROUTER_NO_PATH);
	request_free(&r);
}

static void test_404_405(void **state)
{
	(void)state;
	struct request r;
	route_handler h;
	assert_int_equal(match(&r, table, TABLE_N, "DELETE", "/things", &h), ROUTER_NO_METHOD);
	assert_null(h);
	/* The Allow header of the 405 lists the path's methods in table order. */
	assert_string_equal(router_allow(table, TABLE_N, &r), "GET, POST");
	assert_int_equal(r.nparams, 0);
	request_free(&r);
	assert_int_equal(match(&r, table, TABLE_N, "POST", "/things/1", &h), ROUTER_NO_METHOD);
	assert_int_equal(r.nparams, 0);
	assert_string_equal(router_allow(table, TABLE_N, &r), "GET");
	request_free(&r);
	assert_int_equal(match(&r, table, TABLE_N, "DELETE", "/nowhere", &h), ROUTER_NO_PATH);
	request_free(&r);
	assert_int_equal(match(&r, table, 0, "GET", "/things", &h), ROUTER_NO_PATH);
	request_free(&r);
}

static void test_api_routes(void **state)
{
	(void)state;
	struct request r;
	route_handler h;
	assert_int_equal(match(&r, api_routes, api_routes_count, "GET", "/api/v1/users/7", &h), ROUTER_MATCH);
	assert_true(h == api_users_get);
	assert_string_equal(r.params[0], "7");
	request_free(&r);
	assert_int_equal(match(&r, api_routes, api_routes_count, "PATCH", "/api/v1/orgs/3", &h), ROUTER_MATCH);
	assert_true(h == api_orgs_update);
	request_free(&r);
	assert_int_equal(match(&r, api_routes, api_routes_count, "POST", "/api/v1/session", &h), ROUTER_MATCH);
	assert_true(h == api_session_create);
	request_free(&r);
	assert_int_equal(match(&r, api_routes, api_routes_count, "GET", "/api/v1/session", &h), ROUTER_MATCH);
	assert_true(h == api_session_get);
	request_free(&r);
	assert_int_equal(match(&r, api_routes, api_routes_count, "POST", "/api/v1/session/password", &h), ROUTER_MATCH);
	assert_true(h == api_session_password);
	request_free(&r);
	assert_int_equal(match(&r, api_routes, api_routes_count, "GET", "/api/v1/health", &h), ROUTER_MATCH);
	assert_true(h == api_health);
	request_free(&r);
	assert_int_equal(match(&r, api_routes, api_routes_count, "PUT", "/api/v1/users", &h), ROUTER_NO_METHOD);
	request_free(&r);
	assert_int_equal(match(&r, api_routes, api_routes_count, "DELETE", "/api/v1/users/7", &h), ROUTER_NO_METHOD);
	assert_string_equal(router_allow(api_routes, api_routes_count, &r), "GET, PATCH");
	request_free(&r);
	assert_int_equal(match(&r, api_routes, api_routes_count, "GET", "/api/v1/users/7/x", &h), ROUTER_NO_PATH);
	request_free(&r);
	assert_int_equal(match(&r, api_routes, api_routes_count, "GET", "/api/v2/users", &h), ROUTER_NO_PATH);
	request_free(&r);
	assert_int_equal(match(&r, api_routes, api_routes_count, "GET", "/api/v1/users/", &h), ROUTER_NO_PATH);
	request_free(&r);
}

/* Every route is reachable: its own pattern (with 1 for each {…}) matches
 * it and no earlier route shadows it. */
static void test_api_routes_reachable(void **state)
{
	(void)state;
	for (size_t i = 0; i < api_routes_count; i++) {
		char path[256];
		size_t w = 0;
		for (const char *p = api_routes[i].pattern; *p && w < sizeof path - 2; p++) {
			if (*p == '{') {
				while (*p && *p != '}') p++;
				path[w++] = '1';
				if (!*p) break;
			} else {
				path[w++] = *p;
			}
		}
		path[w] = 0;
		struct request r;
		route_handler h;
		int m = match(&r, api_routes, api_routes_count, api_routes[i].method, path, &h);
		if (m != ROUTER_MATCH || h != api_routes[i].handler)
			fail_msg("route %s %s is not reachable as %s", api_routes[i].method, api_routes[i].pattern, path);
		assert_non_null(api_routes[i].summary);
		request_free(&r);
	}
}

TEST_MAIN(
	cmocka_unit_test(test_literal),
	cmocka_unit_test(test_params),
	cmocka_unit_test(test_trailing_slash),
	cmocka_unit_test(test_segments),
	cmocka_unit_test(test_404_405),
	cmocka_unit_test(test_api_routes),
	cmocka_unit_test(test_api_routes_reachable),
)
