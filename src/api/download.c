/* download.c — the format of an answer that can also be a file (reports,
 * the weekly list of employer contacts): format=json|csv|xlsx, or the
 * Accept header, and the file sent as an attachment. The table itself is
 * written with struct csvw (src/base/csv_writer.h), one path for CSV and
 * XLSX. */
#include "api.h"
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
