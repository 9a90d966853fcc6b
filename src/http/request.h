/* request.h — one HTTP request and its response as handlers see them.
 * Everything hangs off the request's arena, freed when the response has been
 * sent. This layer knows HTTP and nothing of the domain. */
#ifndef SAMSYN_REQUEST_H
#define SAMSYN_REQUEST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "../base/arena.h"
#include "../base/err.h"
#include "../base/jsonw.h"

#define REQUEST_MAX_PARAMS 4

enum http_mem {
	HTTP_MEM_KEEP,  /* static or arena memory: lives until the request is freed */
	HTTP_MEM_FREE,  /* heap memory the response frees with free() */
};

struct http_kv {
	const char *name, *value;
	struct http_kv *next;
};

struct request {
	struct arena arena;
	void *conn;             /* struct MHD_Connection, NULL outside the server */
	const char *method;
	const char *path;       /* percent-decoded, without the query string */
	struct http_kv *query;  /* decoded query arguments */
	char *body;             /* NUL-terminated; NULL when there was none or it is in body_file */
	size_t body_len;
	size_t body_cap;        /* bytes allocated for body while the server collects it */
	FILE *body_file;        /* a spooled text/csv body, unlinked, at its start; NULL otherwise */
	bool body_spooled;      /* text/csv: the body goes to body_file */
	bool body_too_large;
	bool body_failed;       /* the temp file could not be written */
	char addr[64];          /* client address */
	bool tls;
	const char *params[REQUEST_MAX_PARAMS]; /* values of {name} path segments */
	int nparams;

	/* response */
	int status;
	const char *content_type;
	char *resp;
	size_t resp_len;
	enum http_mem resp_mem;
	struct http_kv *resp_headers;
	const char *cache_control; /* NULL: the server's default for the path */

	/* for the access log: who, never what */
	int64_t log_user_id;
	const char *log_path; /* NULL: path; else written instead (a route's pattern, when the path holds a secret) */
	double start_ms;

	struct request_on_free *on_free; /* request_on_free's calls, last first */
};

void request_init(struct request *r);
/* Calls fn(p) when r is freed, after its answer is sent: for memory outside
 * the arena that the handler's data points into (a parsed JSON body). */
void request_on_free(struct request *r, void (*fn)(void *), void *p);
void request_free(struct request *r);
const char *request_header(struct request *r, const char *name);
const char *request_cookie(struct request *r, const char *name);
const char *request_query(struct request *r, const char *name);
/* Parses "a=1&b=x%20y" into r->query (decoded). */
void request_parse_query(struct request *r, const char *raw);
/* Percent-decodes in place ('+' stays '+' in paths, becomes ' ' in queries).
 * Returns the new length, or -1 for a bad escape or an embedded NUL. */
long http_url_decode(char *s, bool plus_is_space);

void response_header(struct request *r, const char *name, const char *value); /* strings must outlive r */
void response_body(struct request *r, int status, const char *content_type, char *body, size_t len, enum http_mem mem);
/* Sends what w holds (and resets w). */
void response_json(struct request *r, int status, struct jsonw *w);
void response_empty(struct request *r, int status);
/* RFC 7807: type is a short slug ("validation"); the invalid_parameters
 * come from fields (may be NULL). */
void response_problem(struct request *r, int status, const char *type, const char *title, const char *detail,
		      const struct err *fields);
/* The members every problem starts with (type, title, status, detail), into
 * the open object of w: for answers that add members of their own. */
void problem_head(struct request *r, struct jsonw *w, int status, const char *type, const char *title,
		  const char *detail);

#endif
