/* start.c — GET /start: the start page of the caller's role (domain
 * start.h) as {"role","today","items":[{"kind","title","count","link"}],
 * "figures":{…}}; figures holds what the role's charts and tables show:
 * kansli's goals, funding and budget, and data quality per intervention;
 * an admin's audit log. */
#include "api.h"
#include "../base/jsonw.h"
#include "../domain/start.h"

static const struct api_field item_fields[] = {
	API_FIELD(API_TEXT, struct start_item, kind),
	API_FIELD(API_TEXT, struct start_item, title),
	API_FIELD(API_INT, struct start_item, count),
	API_FIELD(API_TEXT, struct start_item, link),
	API_END,
};

static const struct api_field quality_fields[] = {
	API_FIELD(API_INT, struct start_quality, intervention_id),
	{.name = "intervention", .kind = API_TEXT, .at = offsetof(struct start_quality, name)},
	API_FIELD(API_INT, struct start_quality, without_exit),
	API_FIELD(API_INT, struct start_quality, long_running),
	API_END,
};

static void write_kansli(struct jsonw *w, struct arena *a, const struct start_page *sp)
{
	jw_key(w, "goals");
	api_write_goals(w, a, &sp->goals, sp->goals_suppress);
	jw_key(w, "funding");
	api_write_funding(w, &sp->funding);
	jw_key(w, "budget");
	jw_object(w);
	jw_kint(w, "year", sp->funding.year);
	jw_kint(w, "budget_sek", sp->funding.budget_sek);
	jw_kint(w, "actual_sek", sp->actual_sek);
	jw_object_end(w);
	jw_key(w, "data_quality");
	jw_object(w);
	api_write_objects(w, "items", quality_fields, sp->quality, sizeof *sp->quality, sp->nquality);
	jw_object_end(w);
}

void api_start(struct request *r, struct ctx *c)
{
	struct start_page sp;
	if (start_page(c, &sp) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_kstring(&w, "role", sp.role);
	jw_kstring(&w, "today", sp.today);
	api_write_objects(&w, "items", item_fields, sp.items, sizeof sp.items[0], sp.n);
	jw_key(&w, "figures");
	jw_object(&w);
	if (sp.has_kansli) write_kansli(&w, &r->arena, &sp);
	if (sp.has_ips) {
		jw_key(&w, "ips");
		api_write_ips_figures(&w, &sp.ips);
	}
	if (sp.has_admin) {
		jw_key(&w, "audit");
		jw_object(&w);
		jw_kint(&w, "events", sp.audit_events);
		jw_kint(&w, "reads", sp.audit_reads);
		jw_object_end(&w);
	}
	jw_object_end(&w);
	jw_object_end(&w);
	response_json(r, 200, &w);
}
