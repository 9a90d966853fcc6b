/* jsonw.c — the streaming JSON writer behind jsonw.h. */
#include "jsonw.h"
#include <stdio.h>
#include <string.h>

void jw_init(struct jsonw *w)
{
	strbuf_init(&w->sb);
	w->depth = 0;
	w->first[0] = true;
	w->after_key = false;
}

/* strbuf_putc without a call in the common case. */
static void put_byte(struct strbuf *sb, char c)
{
	if (sb->len + 2 > sb->cap) strbuf_reserve(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = 0;
}

/* The separator before a value or key at the current level. */
static void jw_sep(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth]) put_byte(&w->sb, ',');
	w->first[w->depth] = false;
}

static void jw_open(struct jsonw *w, char c)
{
	jw_sep(w);
	put_byte(&w->sb, c);
	if (w->depth + 1 < JSONW_MAX_DEPTH) w->depth++;
	w->first[w->depth] = true;
}

static void jw_close(struct jsonw *w, char c)
{
	put_byte(&w->sb, c);
	if (w->depth > 0) w->depth--;
}

void jw_object(struct jsonw *w) { jw_open(w, '{'); }
void jw_object_end(struct jsonw *w) { jw_close(w, '}'); }
void jw_array(struct jsonw *w) { jw_open(w, '['); }
void jw_array_end(struct jsonw *w) { jw_close(w, ']'); }

/* What a byte of a string needs: 0 nothing (copied as it is), 1 an escape,
 * 2 a check (the first byte of a UTF-8 sequence, or a stray one). Rows of
 * 16: controls, then '"' (0x22) and '\\' (0x5c), then every byte >= 0x80. */
static const unsigned char byte_kind[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* The length of the valid UTF-8 sequence at p (its first byte >= 0x80),
 * or 0: the rules of utf8_valid. */
static size_t utf8_seq(const unsigned char *p)
{
	unsigned c = p[0], cp, min;
	size_t more;
	if (c >= 0xC2 && c <= 0xDF) more = 1, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF) more = 2, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4) more = 3, cp = c & 0x07, min = 0x10000;
	else return 0;
	for (size_t i = 1; i <= more; i++) {
		if ((p[i] & 0xC0) != 0x80) return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
	return more + 1;
}

static void put_escape(struct strbuf *sb, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
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

/* s as a JSON string. Stored text is validated on the way in; anything
 * else is still written as valid JSON: a string that is not valid UTF-8
 * has each of its non-ASCII bytes written as U+FFFD. One pass over the
 * bytes, which assumes the string is valid; at the first invalid
 * sequence it takes back what it wrote and writes the string again. */
static void put_escaped(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	size_t start = sb->len, n = strlen(s);
	strbuf_reserve(sb, n + 2); /* no escapes: the bytes and the quotes */
	sb->buf[sb->len++] = '"';
	while (!byte_kind[*p]) p++;
	if (!*p) { /* plain ASCII, the common case: one copy into the room made */
		memcpy(sb->buf + sb->len, s, n);
		sb->len += n;
		sb->buf[sb->len++] = '"';
		sb->buf[sb->len] = 0;
		return;
	}
	for (;;) {
		while (!byte_kind[*p]) p++;
		if (!*p) break;
		if (byte_kind[*p] == 2) {
			size_t n = utf8_seq(p);
			if (n) {
				p += n;
				continue;
			}
			/* Not UTF-8: again, with U+FFFD for every non-ASCII byte. */
			sb->len = start;
			put_byte(sb, '"');
			for (p = run = (const unsigned char *)s; *p; p++) {
				if (!byte_kind[*p]) continue;
				strbuf_append(sb, (const char *)run, (size_t)(p - run));
				put_escape(sb, *p);
				run = p + 1;
			}
			break;
		}
		strbuf_append(sb, (const char *)run, (size_t)(p - run));
		put_escape(sb, *p);
		run = ++p;
	}
	strbuf_append(sb, (const char *)run, (size_t)(p - run));
	put_byte(sb, '"');
}

void jw_key(struct jsonw *w, const char *key)
{
	jw_sep(w);
	put_escaped(&w->sb, key);
	put_byte(&w->sb, ':');
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

void jw_raw(struct jsonw *w, const char *json)
{
	jw_sep(w);
	strbuf_puts(&w->sb, json);
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

void jw_ktenths_or_null(struct jsonw *w, const char *key, int64_t tenths)
{
	jw_key(w, key);
	if (tenths >= 0) jw_decimal(w, tenths, 1);
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
