/* matching.c — GET /participants/{id}/matches and GET
 * /opportunities/{id}/candidates (docs/matching.md "Matching"): the ranked
 * lists of match.h as {"items": [...]}, each item with its score, whether
 * the hard requirements are met and its reasons; a match's place or a
 * candidate's name beside them. */
#include "api.h"
#include "../domain/matching/match.h"

static void write_result(struct jsonw *w, const struct match_result *r)
{
	jw_kint(w, "score", r->score);
	jw_kbool(w, "hard_requirements_met", r->hard_met);
	jw_key(w, "reasons");
	jw_array(w);
	for (size_t i = 0; i < r->nreasons; i++) {
		jw_object(w);
		jw_kstring(w, "factor", r->reasons[i].factor);
		jw_kbool(w, "met", r->reasons[i].met);
		jw_kstring(w, "detail", r->reasons[i].detail);
		jw_object_end(w);
	}
	jw_array_end(w);
}

static void send(struct request *r, const struct match_list *l, bool matches)
{
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_key(&w, "items");
	jw_array(&w);
	for (size_t i = 0; i < l->n; i++) {
		const struct match_item *it = &l->items[i];
		jw_object(&w);
		jw_kint(&w, matches ? "opportunity_id" : "participant_id", it->id);
		write_result(&w, &it->r);
		if (matches) {
			jw_kint(&w, "employer_id", it->employer_id);
			jw_kstring(&w, "employer_name", it->employer_name);
			jw_kstring(&w, "kind", it->kind);
			jw_kstring(&w, "ssyk_code", it->ssyk_code);
			jw_kstring(&w, "municipality_code", it->municipality_code);
			jw_kstring(&w, "title", it->title);
			jw_kint(&w, "places", it->places);
			jw_kstring(&w, "start_date", it->start_date);
			jw_kstring(&w, "end_date", it->end_date);
		} else {
			jw_kstring(&w, "first_name", it->first_name);
			jw_kstring(&w, "last_name", it->last_name);
		}
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	response_json(r, 200, &w);
}

void api_participant_matches(struct request *r, struct ctx *c)
{
	struct match_list l;
	int64_t limit = api_int_query(r, "limit", 1, MATCH_LIMIT_MAX, "Ange ett antal träffar, 1–100.", &c->err);
	if (c->err.code || match_for_participant(c, api_id_param(r, 0), limit, &l) != 0) { api_fail(r, &c->err); return; }
	send(r, &l, true);
}

void api_opportunity_candidates(struct request *r, struct ctx *c)
{
	struct match_list l;
	int64_t limit = api_int_query(r, "limit", 1, MATCH_LIMIT_MAX, "Ange ett antal träffar, 1–100.", &c->err);
	if (c->err.code || match_candidates(c, api_id_param(r, 0), limit, &l) != 0) { api_fail(r, &c->err); return; }
	send(r, &l, false);
}
