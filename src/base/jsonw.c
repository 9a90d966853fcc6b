/* jsonw.c — the streaming JSON writer behind jsonw.h. */
#include "jsonw.h"
#include "utf8.h"
#include <stdio.h>
#include <string.h>

void jw_init(struct jsonw *w)
{
	strbuf_init(&w->sb);
	w->depth = 0;
	w->first[0] = true;
	w->after_key = false;
}

/* The separator before a value or key at the current level. */
static void jw_sep(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth]) strbuf_putc(&w->sb, ',');
	w->first[w->depth] = false;
}

static void jw_open(struct jsonw *w, char c)
{
	jw_sep(w);
	strbuf_putc(&w->sb, c);
	if (w->depth + 1 < JSONW_MAX_DEPTH) w->depth++;
	w->first[w->depth] = true;
}

static void jw_close(struct jsonw *w, char c)
{
	strbuf_putc(&w->sb, c);
	if (w->depth > 0) w->depth--;
}

void jw_object(struct jsonw *w) { jw_open(w, '{'); }
void jw_object_end(struct jsonw *w) { jw_close(w, '}'); }
void jw_array(struct jsonw *w) { jw_open(w, '['); }
void jw_array_end(struct jsonw *w) { jw_close(w, ']'); }

static void put_escaped(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	/* Stored text is validated on the way in; anything else is still
	 * written as valid JSON, with each non-ASCII byte as U+FFFD. */
	bool valid = utf8_valid(s);
	strbuf_putc(sb, '"');
	const char *run = s;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\' && (valid || c < 0x80)) continue;
		strbuf_append(sb, run, (size_t)(p - run));
		run = p + 1;
		switch (c) {
		case '"': strbuf_append(sb, "\\\"", 2); break;
		case '\\': strbuf_append(sb, "\\\\", 2); break;
		case '\n': strbuf_append(sb, "\\n", 2); break;
		case '\r': strbuf_append(sb, "\\r", 2); break;
		case '\t': strbuf_append(sb, "\\t", 2); break;
		default:
			if (c >= 0x80) {
				strbuf_append(sb, "\\ufffd", 6);
			} else {
				char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
				strbuf_append(sb, esc, 6);
			}
		}
	}
	strbuf_append(sb, run, strlen(run));
	strbuf_putc(sb, '"');
}

void jw_key(struct jsonw *w, const char *key)
{
	jw_sep(w);
	put_escaped(&w->sb, key);
	strbuf_putc(&w->sb, ':');
	w->after_key = true;
}

void jw_string(struct jsonw *w, const char *s)
{
	if (!s) { jw_null(w); return; }
	jw_sep(w);
	put_escaped(&w->sb, s);
}

void jw_int(struct jsonw *w, int64_t v)
{
	jw_sep(w);
	/* Digits from the right: snprintf costs more than a whole user row. */
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	char num[24], *p = num + sizeof num;
	do *--p = (char)('0' + u % 10); while (u /= 10);
	if (v < 0) *--p = '-';
	strbuf_append(&w->sb, p, (size_t)(num + sizeof num - p));
}

void jw_bool(struct jsonw *w, bool v)
{
	jw_sep(w);
	strbuf_append(&w->sb, v ? "true" : "false", v ? 4 : 5);
}

void jw_null(struct jsonw *w)
{
	jw_sep(w);
	strbuf_append(&w->sb, "null", 4);
}

void jw_decimal(struct jsonw *w, int64_t v, int decimals)
{
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v, scale = 1;
	for (int i = 0; i < decimals; i++) scale *= 10;
	jw_sep(w);
	char num[48];
	int n = decimals > 0 ? snprintf(num, sizeof num, "%s%llu.%0*llu", v < 0 ? "-" : "", (unsigned long long)(u / scale),
					decimals, (unsigned long long)(u % scale))
			     : snprintf(num, sizeof num, "%s%llu", v < 0 ? "-" : "", (unsigned long long)u);
	strbuf_append(&w->sb, num, (size_t)n);
}

void jw_kstring(struct jsonw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_string(w, s);
}

void jw_kint(struct jsonw *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_int(w, v);
}

void jw_kint_or_null(struct jsonw *w, const char *key, int64_t v)
{
	jw_key(w, key);
	if (v) jw_int(w, v);
	else jw_null(w);
}

void jw_kbool(struct jsonw *w, const char *key, bool v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

char *jw_finish(struct jsonw *w, size_t *len)
{
	*len = w->sb.len;
	char *s = strbuf_detach(&w->sb);
	jw_init(w);
	return s;
}

void jw_free(struct jsonw *w)
{
	strbuf_free(&w->sb);
	jw_init(w);
}
