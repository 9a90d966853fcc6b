/* request.c — request accessors and response builders. */
#include "request.h"
#include "../base/mem.h"
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

void request_init(struct request *r)
{
	memset(r, 0, sizeof *r);
	arena_init(&r->arena, 16384);
	r->status = 0;
}

struct request_on_free {
	void (*fn)(void *);
	void *p;
	struct request_on_free *next;
};

void request_on_free(struct request *r, void (*fn)(void *), void *p)
{
	struct request_on_free *f = arena_alloc(&r->arena, sizeof *f);
	*f = (struct request_on_free){fn, p, r->on_free};
	r->on_free = f;
}

void request_free(struct request *r)
{
	for (struct request_on_free *f = r->on_free; f; f = f->next) f->fn(f->p);
	r->on_free = NULL;
	if (r->resp && r->resp_mem == HTTP_MEM_FREE) free(r->resp);
	r->resp = NULL;
	if (r->body_file) fclose(r->body_file);
	r->body_file = NULL;
	arena_free(&r->arena);
}

const char *request_header(struct request *r, const char *name)
{
	return r->conn ? MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name) : NULL;
}

const char *request_cookie(struct request *r, const char *name)
{
	return r->conn ? MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name) : NULL;
}

const char *request_query(struct request *r, const char *name)
{
	for (struct http_kv *kv = r->query; kv; kv = kv->next)
		if (strcmp(kv->name, name) == 0) return kv->value;
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

long http_url_decode(char *s, bool plus_is_space)
{
	char *w = s;
	for (const char *p = s; *p; p++) {
		if (*p == '%') {
			int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);
			if (hi < 0 || lo < 0) return -1;
			char c = (char)(hi * 16 + lo);
			if (c == 0) return -1;
			*w++ = c;
			p += 2;
		} else if (*p == '+' && plus_is_space) {
			*w++ = ' ';
		} else {
			*w++ = *p;
		}
	}
	*w = 0;
	return (long)(w - s);
}

void request_parse_query(struct request *r, const char *raw)
{
	if (!raw) return;
	struct http_kv **tail = &r->query;
	while (*tail) tail = &(*tail)->next;
	const char *p = raw;
	while (*p) {
		const char *end = strchr(p, '&');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n > 0) {
			char *part = arena_strndup(&r->arena, p, n);
			char *eq = strchr(part, '=');
			char *val = part + n; /* "key" alone: the empty value, writable for the decoder */
			if (eq) {
				*eq = 0;
				val = eq + 1;
			}
			if (http_url_decode(part, true) >= 0 && http_url_decode(val, true) >= 0) {
				struct http_kv *kv = arena_alloc(&r->arena, sizeof *kv);
				kv->name = part;
				kv->value = val;
				kv->next = NULL;
				*tail = kv;
				tail = &kv->next;
			}
		}
		if (!end) break;
		p = end + 1;
	}
}

void response_header(struct request *r, const char *name, const char *value)
{
	struct http_kv *kv = arena_alloc(&r->arena, sizeof *kv);
	kv->name = name;
	kv->value = value;
	kv->next = r->resp_headers;
	r->resp_headers = kv;
}

void response_body(struct request *r, int status, const char *content_type, char *body, size_t len, enum http_mem mem)
{
	if (r->resp && r->resp_mem == HTTP_MEM_FREE) free(r->resp);
	r->status = status;
	r->content_type = content_type;
	r->resp = body;
	r->resp_len = len;
	r->resp_mem = mem;
}

void response_json(struct request *r, int status, struct jsonw *w)
{
	size_t len;
	char *s = jw_finish(w, &len);
	response_body(r, status, "application/json", s, len, HTTP_MEM_FREE);
}

void response_empty(struct request *r, int status)
{
	response_body(r, status, NULL, NULL, 0, HTTP_MEM_KEEP);
}

void problem_head(struct request *r, struct jsonw *w, int status, const char *type, const char *title,
		  const char *detail)
{
	jw_kstring(w, "type", arena_printf(&r->arena, "urn:samsyn:problem:%s", type));
	jw_kstring(w, "title", title);
	jw_kint(w, "status", status);
	if (detail) jw_kstring(w, "detail", detail);
}

void response_problem(struct request *r, int status, const char *type, const char *title, const char *detail,
		      const struct err *fields)
{
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	problem_head(r, &w, status, type, title, detail);
	if (fields && fields->nparams) {
		jw_key(&w, "invalid_parameters");
		jw_array(&w);
		for (int i = 0; i < fields->nparams; i++) {
			const struct err_param *p = &fields->params[i];
			jw_object(&w);
			jw_kstring(&w, "name", p->name);
			jw_kstring(&w, "reason", p->reason);
			if (p->value[0]) jw_kstring(&w, "value", p->value);
			jw_object_end(&w);
		}
		jw_array_end(&w);
	}
	if (fields && fields->existing_id) jw_kint(&w, "existing_id", fields->existing_id);
	jw_object_end(&w);
	size_t len;
	char *s = jw_finish(&w, &len);
	response_body(r, status, "application/problem+json", s, len, HTTP_MEM_FREE);
}
