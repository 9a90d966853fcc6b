/* request.c — request accessors and response builders. */
#include "request.h"
#include "../base/mem.h"
#include "../base/strbuf.h"
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

void request_init(struct request *r)
{
	memset(r, 0, sizeof *r);
	arena_init(&r->arena, 16384);
	r->status = 0;
}

void request_free(struct request *r)
{
	if (r->resp && r->resp_mem == HTTP_MEM_FREE) free(r->resp);
	r->resp = NULL;
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

/* Writes s as a JSON string, escaped as jansson escapes it. */
static void dump_json_string(struct strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t run = 0;
	strbuf_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\') continue;
		strbuf_append(sb, s + run, i - run);
		run = i + 1;
		char esc[6] = {'\\', 0, '0', '0', hex[c >> 4], hex[c & 15]};
		switch (c) {
		case '"': case '\\': esc[1] = (char)c; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default: esc[1] = 'u'; strbuf_append(sb, esc, 6); continue;
		}
		strbuf_append(sb, esc, 2);
	}
	strbuf_append(sb, s + run, n - run);
	strbuf_putc(sb, '"');
}

/* What json_dumps(j, JSON_COMPACT) writes, at a fraction of its cost: it
 * checks the UTF-8 of every string again code point by code point (jansson
 * checked it when the string was made), calls back for every few bytes and
 * keeps a hash table of the containers it is in. On GET /users?limit=50 that
 * was 40% of the server's instructions. -1 when too deep (a cycle). */
static int dump_json(struct strbuf *sb, json_t *j, int depth)
{
	if (depth > 256) return -1;
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		const char *key;
		json_t *v;
		bool first = true;
		strbuf_putc(sb, '{');
		json_object_foreach(j, key, v) {
			if (!first) strbuf_putc(sb, ',');
			first = false;
			dump_json_string(sb, key, strlen(key));
			strbuf_putc(sb, ':');
			if (dump_json(sb, v, depth + 1) != 0) return -1;
		}
		strbuf_putc(sb, '}');
		return 0;
	}
	case JSON_ARRAY:
		strbuf_putc(sb, '[');
		for (size_t i = 0; i < json_array_size(j); i++) {
			if (i) strbuf_putc(sb, ',');
			if (dump_json(sb, json_array_get(j, i), depth + 1) != 0) return -1;
		}
		strbuf_putc(sb, ']');
		return 0;
	case JSON_STRING: dump_json_string(sb, json_string_value(j), json_string_length(j)); return 0;
	case JSON_INTEGER: { /* digits from the right: snprintf cost more than the rest of a user */
		json_int_t v = json_integer_value(j);
		unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
		char num[24], *p = num + sizeof num;
		do *--p = (char)('0' + u % 10); while (u /= 10);
		if (v < 0) *--p = '-';
		strbuf_append(sb, p, (size_t)(num + sizeof num - p));
		return 0;
	}
	case JSON_TRUE: strbuf_append(sb, "true", 4); return 0;
	case JSON_FALSE: strbuf_append(sb, "false", 5); return 0;
	case JSON_NULL: strbuf_append(sb, "null", 4); return 0;
	default: { /* reals: rare, jansson's own formatting */
		char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
		if (!s) return -1;
		strbuf_puts(sb, s);
		free(s);
		return 0;
	}
	}
}

/* Compact JSON in heap memory (free() it); takes the reference to j. */
static char *dump_json_text(json_t *j, size_t *len)
{
	struct strbuf sb;
	strbuf_init(&sb);
	if (!j || dump_json(&sb, j, 0) != 0) mem_oom(); /* as json_dumps failing */
	json_decref(j);
	*len = sb.len;
	return strbuf_detach(&sb);
}

void response_json(struct request *r, int status, json_t *j)
{
	size_t len;
	char *s = dump_json_text(j, &len);
	response_body(r, status, "application/json", s, len, HTTP_MEM_FREE);
}

void response_empty(struct request *r, int status)
{
	response_body(r, status, NULL, NULL, 0, HTTP_MEM_KEEP);
}

void response_problem(struct request *r, int status, const char *type, const char *title, const char *detail, json_t *invalid_params)
{
	json_t *p = json_object();
	json_object_set_new(p, "type", json_string(arena_printf(&r->arena, "urn:samsyn:problem:%s", type)));
	json_object_set_new(p, "title", json_string(title));
	json_object_set_new(p, "status", json_integer(status));
	if (detail) json_object_set_new(p, "detail", json_string(detail));
	if (invalid_params) json_object_set_new(p, "invalid_parameters", invalid_params);
	size_t len;
	char *s = dump_json_text(p, &len);
	response_body(r, status, "application/problem+json", s, len, HTTP_MEM_FREE);
}
