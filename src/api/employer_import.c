/* employer_import.c — POST /employers/import: the body is a company register
 * extract as CSV (docs/employers.md, "Import"). The answer has the shape of
 * POST /participants/import: counts and every bad line, on 422 inside a
 * problem document. A whole-country file (60 MB) comes as it is: the server
 * spools a logged-in user's text/csv body to a temp file (--upload-limit)
 * and the import streams it. */
#include "api.h"
#include "../domain/employer_import.h"
#include <string.h>

void api_employers_import(struct request *r, struct ctx *c)
{
	if (!employer_import_allowed(c->actor)) {
		err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer och kansliet får importera arbetsgivare.");
		api_fail(r, &c->err);
		return;
	}
	struct csv_reader *csv = api_csv_body(r);
	if (!csv) return;
	struct employer_import_result res;
	int rc = employer_import(c, csv, NULL, &res);
	csv_close(csv);
	if (rc != 0 && rc != ERR_INVALID) { api_fail(r, &c->err); return; }
	struct jsonw w;
	api_import_begin(r, &w, rc, &c->err);
	jw_kint(&w, "created", res.created);
	jw_kint(&w, "updated", res.updated);
	jw_kint(&w, "rows", res.rows);
	jw_kint(&w, "bad_lines", res.bad_lines);
	api_import_end(r, &w, rc, res.errors, res.nerrors);
}
