/* router.c — segment-by-segment matching of paths against route patterns. */
#include "router.h"
#include <stdio.h>
#include <string.h>

/* Matches path against pattern; captures {…} segments into r. */
static int match_one(const char *pattern, const char *path, struct request *r)
{
	int n = 0;
	const char *pp = pattern, *p = path;
	while (*pp && *p) {
		if (*pp != '/' || *p != '/') return 0;
		pp++, p++;
		const char *pe = strchr(pp, '/'), *pe_end = pe ? pe : pp + strlen(pp);
		const char *se = strchr(p, '/'), *se_end = se ? se : p + strlen(p);
		size_t plen = (size_t)(pe_end - pp), slen = (size_t)(se_end - p);
		if (plen >= 2 && pp[0] == '{' && pp[plen - 1] == '}') {
			if (slen == 0 || n >= REQUEST_MAX_PARAMS) return 0;
			r->params[n++] = arena_strndup(&r->arena, p, slen);
		} else if (plen != slen || memcmp(pp, p, plen) != 0) {
			return 0;
		}
		pp = pe_end, p = se_end;
	}
	if (*pp || *p) return 0;
	r->nparams = n;
	return 1;
}

int router_match(const struct route *routes, size_t n, struct request *r, const struct route **out)
{
	int path_seen = 0;
	for (size_t i = 0; i < n; i++) {
		if (!match_one(routes[i].pattern, r->path, r)) continue;
		if (strcmp(routes[i].method, r->method) == 0) {
			*out = &routes[i];
			return ROUTER_MATCH;
		}
		path_seen = 1;
	}
	r->nparams = 0;
	return path_seen ? ROUTER_NO_METHOD : ROUTER_NO_PATH;
}

const char *router_allow(const struct route *routes, size_t n, struct request *r)
{
	char buf[128] = "";
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		if (!match_one(routes[i].pattern, r->path, r)) continue;
		int w = snprintf(buf + len, sizeof buf - len, "%s%s", len ? ", " : "", routes[i].method);
		if (w < 0 || (size_t)w >= sizeof buf - len) break;
		len += (size_t)w;
	}
	r->nparams = 0;
	return arena_strdup(&r->arena, buf);
}
