/* csv_writer.c — the CSV writer behind csv_writer.h. */
#include "csv_writer.h"
#include <string.h>

void csvw_init(struct csvw *w)
{
	strbuf_init(&w->sb);
	strbuf_append(&w->sb, "\xEF\xBB\xBF", 3); /* Excel takes the file as UTF-8 only with it */
	w->field_written = false;
}

static void sep(struct csvw *w)
{
	if (w->field_written) strbuf_putc(&w->sb, ';');
	w->field_written = true;
}

void csvw_text(struct csvw *w, const char *s)
{
	sep(w);
	if (!s || !*s) return;
	bool formula = strchr("=+-@\t\r", s[0]) != NULL;
	if (!strpbrk(s, ";\"\r\n")) {
		if (formula) strbuf_putc(&w->sb, '\'');
		strbuf_puts(&w->sb, s);
		return;
	}
	strbuf_putc(&w->sb, '"');
	if (formula) strbuf_putc(&w->sb, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"') strbuf_putc(&w->sb, '"');
		strbuf_putc(&w->sb, *p);
	}
	strbuf_putc(&w->sb, '"');
}

void csvw_int(struct csvw *w, int64_t v)
{
	sep(w);
	strbuf_printf(&w->sb, "%lld", (long long)v);
}

void csvw_decimal(struct csvw *w, int64_t v, int decimals)
{
	sep(w);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v, scale = 1;
	for (int i = 0; i < decimals; i++) scale *= 10;
	if (v < 0) strbuf_putc(&w->sb, '-');
	strbuf_printf(&w->sb, "%llu", (unsigned long long)(u / scale));
	if (decimals > 0) strbuf_printf(&w->sb, ",%0*llu", decimals, (unsigned long long)(u % scale));
}

void csvw_empty(struct csvw *w)
{
	sep(w);
}

void csvw_suppressed(struct csvw *w)
{
	sep(w);
	strbuf_append(&w->sb, "..", 2);
}

void csvw_row_end(struct csvw *w)
{
	strbuf_append(&w->sb, "\r\n", 2);
	w->field_written = false;
}

char *csvw_finish(struct csvw *w, size_t *len)
{
	*len = w->sb.len;
	char *s = strbuf_detach(&w->sb);
	w->field_written = false;
	return s;
}

void csvw_free(struct csvw *w)
{
	strbuf_free(&w->sb);
	w->field_written = false;
}
