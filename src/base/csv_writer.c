/* csv_writer.c — the CSV writer behind csv_writer.h; an XLSX writer's cells
 * are passed on to xlsx_writer.c. */
#include "csv_writer.h"
#include "xlsx_writer.h"
#include <string.h>

void csvw_init(struct csvw *w)
{
	strbuf_init(&w->sb);
	strbuf_append(&w->sb, "\xEF\xBB\xBF", 3); /* Excel takes the file as UTF-8 only with it */
	w->field_written = false;
	w->xlsx = NULL;
}

bool csvw_init_xlsx(struct csvw *w, const char *title, const char *const *about, size_t nabout)
{
	csvw_init(w);
	w->xlsx = xlsxw_new(title, about, nabout);
	return w->xlsx != NULL;
}

static void sep(struct csvw *w)
{
	if (w->field_written) strbuf_putc(&w->sb, ';');
	w->field_written = true;
}

void csvw_text(struct csvw *w, const char *s)
{
	if (w->xlsx) { xlsxw_text(w->xlsx, s); return; } /* a text cell is never a formula there */
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
	if (w->xlsx) { xlsxw_number(w->xlsx, v, 0); return; }
	sep(w);
	strbuf_printf(&w->sb, "%lld", (long long)v);
}

void csvw_decimal(struct csvw *w, int64_t v, int decimals)
{
	if (w->xlsx) { xlsxw_number(w->xlsx, v, decimals); return; }
	sep(w);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v, scale = 1;
	for (int i = 0; i < decimals; i++) scale *= 10;
	if (v < 0) strbuf_putc(&w->sb, '-');
	strbuf_printf(&w->sb, "%llu", (unsigned long long)(u / scale));
	if (decimals > 0) strbuf_printf(&w->sb, ",%0*llu", decimals, (unsigned long long)(u % scale));
}

void csvw_empty(struct csvw *w)
{
	if (w->xlsx) { xlsxw_empty(w->xlsx); return; }
	sep(w);
}

void csvw_suppressed(struct csvw *w)
{
	if (w->xlsx) { xlsxw_suppressed(w->xlsx); return; }
	sep(w);
	strbuf_append(&w->sb, "..", 2);
}

void csvw_row_end(struct csvw *w)
{
	if (w->xlsx) { xlsxw_row_end(w->xlsx); return; }
	strbuf_append(&w->sb, "\r\n", 2);
	w->field_written = false;
}

void csvw_table(struct csvw *w, const char *sheet, const char *title)
{
	if (w->xlsx) { xlsxw_table(w->xlsx, sheet, title); return; }
	if (w->field_written) csvw_row_end(w);
	csvw_row_end(w);
	csvw_text(w, title);
	csvw_row_end(w);
}

char *csvw_finish(struct csvw *w, size_t *len)
{
	if (w->xlsx) {
		char *file = xlsxw_finish(w->xlsx, len);
		w->xlsx = NULL;
		strbuf_free(&w->sb);
		return file;
	}
	*len = w->sb.len;
	char *s = strbuf_detach(&w->sb);
	w->field_written = false;
	return s;
}

void csvw_free(struct csvw *w)
{
	xlsxw_free(w->xlsx);
	w->xlsx = NULL;
	strbuf_free(&w->sb);
	w->field_written = false;
}
