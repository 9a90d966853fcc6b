/* start.c — GET /start: the start page of the caller's role (domain
 * start.h) as {"role","today","items":[{"kind","title","count","link"}],
 * "figures":{…}}; figures holds what the role's charts and tables show:
 * kansli's goals, funding and budget, and data quality per intervention;
 * an admin's audit log. */
#include "api.h"
#include "../base/jsonw.h"
#include "../domain/start.h"

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
	jw_key(w, "items");
	jw_array(w);
	for (size_t i = 0; i < sp->nquality; i++) {
		const struct start_quality *q = &sp->quality[i];
		jw_object(w);
		jw_kint(w, "intervention_id", q->intervention_id);
		jw_kstring(w, "intervention", q->name);
		jw_kint(w, "without_exit", q->without_exit);
		jw_kint(w, "long_running", q->long_running);
		jw_object_end(w);
	}
	jw_array_end(w);
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
	jw_key(&w, "items");
	jw_array(&w);
	for (size_t i = 0; i < sp.n; i++) {
		jw_object(&w);
		jw_kstring(&w, "kind", sp.items[i].kind);
		jw_kstring(&w, "title", sp.items[i].title);
		jw_kint(&w, "count", sp.items[i].count);
		jw_kstring(&w, "link", sp.items[i].link);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_key(&w, "figures");
	jw_object(&w);
	if (sp.has_kansli) write_kansli(&w, &r->arena, &sp);
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
