/* router.h — a static route table: method + path pattern → handler.
 * Patterns are literal segments and {name} segments ("/api/v1/users/{id}"),
 * matched in table order, like cgit's cmd table. */
#ifndef SAMSYN_ROUTER_H
#define SAMSYN_ROUTER_H
#include <stddef.h>
#include "request.h"

/* The application's per-request context (src/domain/ctx.h), opaque here:
 * the router only hands it on. Naming it gives the table a handler type of
 * its own, so that a handler of another shape does not compile and the
 * dispatch needs no cast. */
struct ctx;
typedef void (*route_handler)(struct request *r, struct ctx *c);

struct route {
	const char *method;
	const char *pattern;
	route_handler handler;
	unsigned flags;  /* the application's meaning */
	const char *summary; /* one line, for the OpenAPI check */
};

enum router_result {
	ROUTER_MATCH = 0,
	ROUTER_NO_PATH = -1,    /* 404 */
	ROUTER_NO_METHOD = -2,  /* 405: the path exists with another method */
};

/* On a match, *out is the route and r->params holds the {…} values. */
int router_match(const struct route *routes, size_t n, struct request *r, const struct route **out);
/* The methods of the routes matching r->path, as an Allow header value
 * ("GET, PATCH"; arena). */
const char *router_allow(const struct route *routes, size_t n, struct request *r);

#endif
