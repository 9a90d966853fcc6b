/* employer_reports.c — /reports/employers, /reports/needs,
 * /reports/contacts and /reports/ips: the parameters and the JSON or CSV
 * answer of the follow-up reports (reports.c), the tables of
 * domain/employer_report.h. */
#include "api.h"
#include "../domain/employer_report.h"

typedef int (*employer_table_fn)(struct ctx *c, struct report_params *p, struct report_table *t);

/* The table as JSON or CSV; period: whether the report has one (the CSV
 * file name tells it). */
static void out(struct request *r, const struct report_params *p, const struct report_table *t, bool csv,
		const char *name, bool period)
{
	api_report_table_out(r, t, csv, p->by ? arena_printf(&r->arena, "%s-%s", name, p->by) : name,
			     period ? arena_printf(&r->arena, "%s_%s", p->from, p->to) : "register");
}

static void table_report(struct request *r, struct ctx *c, employer_table_fn fn, const char *name, bool period)
{
	struct report_params p;
	struct report_table t;
	bool csv;
	if (api_report_params(r, &p, &csv, &c->err) != 0 || fn(c, &p, &t) != 0) return api_fail(r, &c->err);
	out(r, &p, &t, csv, name, period);
}

void api_reports_employers(struct request *r, struct ctx *c)
{
	struct report_params p;
	struct report_table t;
	bool csv;
	const char *codes = request_query(r, "municipality_code");
	if (api_report_params(r, &p, &csv, &c->err) != 0 ||
	    employer_report_structure(c, &p, codes && *codes ? codes : NULL, &t) != 0)
		return api_fail(r, &c->err);
	out(r, &p, &t, csv, "naringslivsstruktur", false);
}

void api_reports_needs(struct request *r, struct ctx *c)
{
	table_report(r, c, employer_report_needs, "rekryteringsbehov", false);
}

void api_reports_contacts(struct request *r, struct ctx *c)
{
	table_report(r, c, employer_report_contacts, "arbetsgivarkontakter", true);
}

void api_reports_ips(struct request *r, struct ctx *c)
{
	table_report(r, c, employer_report_ips, "ips", true);
}
