/* ips.c — GET /reports/ips-fidelity (docs/matching.md "IPS fidelity
 * figures"): the IPS fidelity figures per employment specialist as JSON. */
#include "api.h"
#include "../domain/matching/ips.h"

void api_write_ips_figures(struct jsonw *w, const struct ips_figures *f)
{
	jw_object(w);
	jw_kint(w, "user_id", f->user_id);
	jw_kstring(w, "name", f->name);
	jw_kint(w, "org_id", f->org_id);
	jw_kint(w, "caseload", f->caseload);
	jw_kstring(w, "caseload_band", f->caseload_band);
	jw_kint(w, "employer_contacts", f->contacts);
	jw_ktenths_or_null(w, "employer_contacts_per_week", f->contacts_per_week_tenths);
	jw_key(w, "days_to_first_contact");
	jw_object(w);
	jw_ktenths_or_null(w, "median", f->median_days_tenths);
	jw_kint(w, "with_contact", f->with_contact);
	jw_kint(w, "without_contact", f->without_contact);
	jw_object_end(w);
	jw_key(w, "competitive_work");
	jw_object(w);
	jw_kint(w, "ended", f->ended);
	jw_kint(w, "work", f->ended_in_work);
	jw_ktenths_or_null(w, "share", f->work_share_tenths);
	jw_object_end(w);
	jw_object_end(w);
}

void api_reports_ips_fidelity(struct request *r, struct ctx *c)
{
	int64_t weeks = api_int_query(r, "weeks", 1, 52, "Ange antal veckor, 1–52.", &c->err);
	struct ips_report rep;
	if (c->err.code || ips_report(c, (int)weeks, &rep) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_kint(&w, "weeks", rep.weeks);
	jw_kstring(&w, "from", rep.from);
	jw_kstring(&w, "to", rep.to);
	jw_key(&w, "caseload_limit");
	jw_object(&w);
	jw_kint(&w, "good", IPS_CASELOAD_GOOD);
	jw_kint(&w, "max", IPS_CASELOAD_MAX);
	jw_object_end(&w);
	jw_key(&w, "items");
	jw_array(&w);
	for (size_t i = 0; i < rep.n; i++) api_write_ips_figures(&w, &rep.items[i]);
	jw_array_end(&w);
	jw_object_end(&w);
	response_json(r, 200, &w);
}
