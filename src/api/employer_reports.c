/* employer_reports.c — /reports/employers, /reports/needs,
 * /reports/contacts and /reports/ips: the parameters and the JSON, CSV or
 * XLSX answer of the follow-up reports (reports.c), the tables of
 * domain/employer_report.h. */
#include "api.h"
#include "../domain/employer_report.h"

void api_reports_employers(struct request *r, struct ctx *c)
{
	struct report_params p;
	struct report_table t;
	enum api_format f;
	const char *codes = request_query(r, "municipality_code");
	if (api_report_params(r, &p, &f, &c->err) != 0 ||
	    employer_report_structure(c, &p, codes && *codes ? codes : NULL, &t) != 0) {
		api_fail(r, &c->err);
		return;
	}
	const char *filter = codes && *codes ? arena_printf(&r->arena, "Kommuner: %s", codes) : NULL;
	api_report_table_out(r, c, &t, &p, f, "Näringslivsstruktur", "naringslivsstruktur", API_REPORT_NOW, filter);
}

void api_reports_needs(struct request *r, struct ctx *c)
{
	api_table_report(r, c, employer_report_needs, "Rekryteringsbehov", "rekryteringsbehov", API_REPORT_NOW);
}

void api_reports_contacts(struct request *r, struct ctx *c)
{
	api_table_report(r, c, employer_report_contacts, "Arbetsgivarkontakter", "arbetsgivarkontakter", API_REPORT_PERIOD);
}

void api_reports_ips(struct request *r, struct ctx *c)
{
	api_table_report(r, c, employer_report_ips, "IPS-kontakter per användare och vecka", "ips", API_REPORT_PERIOD);
}
