/* employer_import.c — POST /employers/import: the body is a company register
 * extract as CSV (docs/employers.md, "Import"). The answer has the shape of
 * POST /participants/import: counts and every bad line, on 422 inside a
 * problem document. Whole-country files go through `samsyn import
 * employers` (a request body is held in memory, within --body-limit). */
#include "api.h"
#include "../domain/employer_import.h"
#include <string.h>
#include <strings.h>

void api_employers_import(struct request *r, struct ctx *c)
{
	if (!employer_import_allowed(c->actor)) {
		err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer och kansliet får importera arbetsgivare.");
		return api_fail(r, &c->err);
	}
	const char *type = request_header(r, "Content-Type");
	if (!type || strncasecmp(type, "text/csv", 8) != 0 || (type[8] && type[8] != ';' && type[8] != ' ')) {
		response_header(r, "Accept", "text/csv");
		response_problem(r, 415, "unsupported-media-type", "Fel innehållstyp",
				 "Skicka filen som text/csv (UTF-8, med rubrikrad).", NULL);
		return;
	}
	struct csv_reader *csv = csv_open_mem(r->body ? r->body : "", r->body_len, NULL);
	struct employer_import_result res;
	int rc = employer_import(c, csv, NULL, &res);
	csv_close(csv);
	if (rc != 0 && rc != ERR_INVALID) return api_fail(r, &c->err);
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	if (rc == ERR_INVALID) {
		jw_kstring(&w, "type", "urn:samsyn:problem:validation");
		jw_kstring(&w, "title", "Felaktiga uppgifter");
		jw_kint(&w, "status", 422);
		jw_kstring(&w, "detail", c->err.msg);
	}
	jw_kint(&w, "created", res.created);
	jw_kint(&w, "updated", res.updated);
	jw_kint(&w, "rows", res.rows);
	jw_kint(&w, "bad_lines", res.bad_lines);
	jw_key(&w, "errors");
	jw_array(&w);
	for (size_t i = 0; i < res.nerrors; i++) {
		jw_object(&w);
		jw_kint(&w, "line", res.errors[i].line);
		jw_kstring(&w, "reason", res.errors[i].reason);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	if (rc == 0) return response_json(r, 200, &w);
	size_t len;
	char *body = jw_finish(&w, &len);
	response_body(r, 422, "application/problem+json", body, len, HTTP_MEM_FREE);
}
