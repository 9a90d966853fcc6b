/* download.c — the format of an answer that can also be a file (reports,
 * the weekly list of employer contacts, every list): format=json|csv|xlsx,
 * or the Accept header, and the file sent as an attachment; a list's pages
 * read one after another into one file. The table itself is written with
 * struct csvw (src/base/csv_writer.h), one path for CSV and XLSX. */
#include "api.h"
#include "../base/clock.h"
#include "../base/csv_writer.h"
#include "../base/log.h"
#include <string.h>

#define XLSX_MEDIA_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

int api_format_param(struct request *r, enum api_format *f, struct err *e)
{
	const char *format = request_query(r, "format");
	if (format && *format) {
		if (strcmp(format, "xlsx") == 0) *f = API_FORMAT_XLSX;
		else if (strcmp(format, "csv") == 0) *f = API_FORMAT_CSV;
		else if (strcmp(format, "json") == 0) *f = API_FORMAT_JSON;
		else err_field(e, "format", format, "Välj format json, csv eller xlsx.");
		return e->code;
	}
	const char *accept = request_header(r, "Accept");
	*f = !accept ? API_FORMAT_JSON
	   : strstr(accept, XLSX_MEDIA_TYPE) ? API_FORMAT_XLSX
	   : strstr(accept, "text/csv") ? API_FORMAT_CSV : API_FORMAT_JSON;
	return e->code;
}

bool api_download_begin(struct request *r, struct csvw *w, enum api_format f, const char *title,
			const char *const *about, size_t nabout)
{
	if (f != API_FORMAT_XLSX) {
		csvw_init(w);
		return true;
	}
	if (csvw_init_xlsx(w, title, about, nabout)) return true;
	csvw_free(w);
	log_error("xlsx", "msg=\"temp file not made\"");
	response_problem(r, 500, "internal", "Internt fel", "XLSX-filen kunde inte skapas. Försök igen eller hämta CSV.", NULL);
	return false;
}

void api_download_send(struct request *r, struct csvw *w, enum api_format f, const char *name)
{
	bool xlsx = f == API_FORMAT_XLSX;
	size_t len;
	char *body = csvw_finish(w, &len);
	if (!body) {
		log_error("xlsx", "msg=\"workbook not written\"");
		response_problem(r, 500, "internal", "Internt fel", "XLSX-filen kunde inte skrivas. Försök igen eller hämta CSV.", NULL);
		return;
	}
	response_header(r, "Content-Disposition",
			arena_printf(&r->arena, "attachment; filename=\"samsyn-%s.%s\"", name, xlsx ? "xlsx" : "csv"));
	response_body(r, 200, xlsx ? XLSX_MEDIA_TYPE : "text/csv; charset=utf-8", body, len, HTTP_MEM_FREE);
}

void api_csv_row(struct csvw *w, const char *const *texts, size_t n)
{
	for (size_t i = 0; i < n; i++) csvw_text(w, texts[i]);
	csvw_row_end(w);
}

/* The end is a short page, never the offset reaching the total: a broad
 * list's total may be only a lower bound. */
void api_list_file(struct request *r, struct ctx *c, enum api_format f, const struct api_list_file *l)
{
	struct page p = {.limit = PAGE_MAX_LIMIT, .offset = 0, .q = l->q};
	if (l->read(c, l->arg, &p) != 0) { api_fail(r, &c->err); return; }
	int64_t total = l->bounded && *l->bounded ? -*l->total : *l->total;
	char today[11];
	clock_today(today);
	const char **about = arena_alloc(&r->arena, (l->nabout + 2) * sizeof *about);
	for (size_t i = 0; i < l->nabout; i++) about[i] = l->about[i];
	about[l->nabout] = total < 0 ? arena_printf(&r->arena, "Fler än %lld %s; filen har högst de första %d", (long long)-total,
						    l->noun, API_LIST_FILE_MAX)
			   : total > API_LIST_FILE_MAX ? arena_printf(&r->arena, "De första %d av %lld %s", API_LIST_FILE_MAX,
								      (long long)total, l->noun)
						       : arena_printf(&r->arena, "%lld %s", (long long)total, l->noun);
	about[l->nabout + 1] = arena_printf(&r->arena, "Framtagen %s ur Samsyn", today);
	struct csvw w;
	if (!api_download_begin(r, &w, f, l->title, about, l->nabout + 2)) return;
	api_csv_row(&w, l->head, l->nhead);
	int64_t written = 0;
	for (;;) {
		for (size_t i = 0; i < *l->n && written < API_LIST_FILE_MAX; i++, written++) l->write(r, c, &w, l->arg, i);
		if (*l->n < (size_t)p.limit || written >= API_LIST_FILE_MAX) break;
		p.offset += (int64_t)*l->n;
		if (l->read(c, l->arg, &p) != 0) {
			csvw_free(&w);
			api_fail(r, &c->err);
			return;
		}
	}
	api_download_send(r, &w, f, arena_printf(&r->arena, "%s-%s", l->name, today));
}
