/* needs.c — /employers/{id}/needs: JSON ↔ struct need. Requirements and
 * what the employer is open to are nested objects in the API and flat
 * columns in the store. */
#include "api.h"
#include "../domain/need.h"
#include <string.h>

static void write_need(struct jsonw *w, const struct need *n)
{
	jw_object(w);
	jw_kint(w, "id", n->id);
	jw_kint(w, "employer_id", n->employer_id);
	jw_kstring(w, "ssyk_code", n->ssyk_code);
	jw_kint(w, "headcount", n->headcount);
	jw_kstring(w, "period_start", n->period_start);
	jw_kstring(w, "period_end", n->period_end);
	jw_kstring(w, "municipality_code", n->municipality_code);
	jw_key(w, "requirements");
	jw_object(w);
	jw_kbool(w, "driving_licence", n->driving_licence);
	jw_kstring(w, "swedish_level", n->swedish_level);
	jw_kbool(w, "upper_secondary", n->upper_secondary);
	jw_kstring(w, "vocational_certificate", n->vocational_certificate);
	jw_object_end(w);
	jw_key(w, "open_to");
	jw_object(w);
	jw_kbool(w, "praktik", n->praktik);
	jw_kbool(w, "work_training", n->work_training);
	jw_kbool(w, "apl", n->apl);
	jw_kbool(w, "wage_subsidy", n->wage_subsidy);
	jw_kbool(w, "mentorship", n->mentorship);
	jw_object_end(w);
	jw_kstring(w, "note", n->note);
	jw_kbool(w, "active", n->active);
	jw_kstring(w, "created_at", n->created_at);
	jw_kstring(w, "updated_at", n->updated_at);
	jw_object_end(w);
}

static void respond_need(struct request *r, int status, const struct need *n)
{
	struct jsonw w;
	jw_init(&w);
	write_need(&w, n);
	response_json(r, status, &w);
}

/* A nested object: absent or null → NULL (nothing in it changes). */
static json_t *sub_object(json_t *body, const char *name, struct err *e)
{
	json_t *v = json_object_get(body, name);
	if (!v || json_is_null(v)) return NULL;
	if (!json_is_object(v)) {
		err_field(e, name, NULL, "Ska vara ett objekt.");
		return NULL;
	}
	return v;
}

int api_need_from_json(json_t *body, struct need_input *in, struct err *e)
{
	memset(in, 0, sizeof *in);
	struct need *v = &in->v;
	v->ssyk_code = json_field_text(body, "ssyk_code", &in->has_ssyk_code, e);
	v->headcount = json_field_int(body, "headcount", &in->has_headcount, e);
	v->period_start = json_field_text(body, "period_start", &in->has_period_start, e);
	v->period_end = json_field_text(body, "period_end", &in->has_period_end, e);
	v->municipality_code = json_field_text(body, "municipality_code", &in->has_municipality_code, e);
	v->note = json_field_text(body, "note", &in->has_note, e);
	v->active = json_field_bool(body, "active", &in->has_active, e);
	json_t *req = sub_object(body, "requirements", e);
	if (req) {
		v->driving_licence = json_field_bool(req, "driving_licence", &in->has_driving_licence, e);
		v->swedish_level = json_field_text(req, "swedish_level", &in->has_swedish_level, e);
		v->upper_secondary = json_field_bool(req, "upper_secondary", &in->has_upper_secondary, e);
		v->vocational_certificate = json_field_text(req, "vocational_certificate", &in->has_vocational_certificate, e);
	}
	json_t *open = sub_object(body, "open_to", e);
	if (open) {
		v->praktik = json_field_bool(open, "praktik", &in->has_praktik, e);
		v->work_training = json_field_bool(open, "work_training", &in->has_work_training, e);
		v->apl = json_field_bool(open, "apl", &in->has_apl, e);
		v->wage_subsidy = json_field_bool(open, "wage_subsidy", &in->has_wage_subsidy, e);
		v->mentorship = json_field_bool(open, "mentorship", &in->has_mentorship, e);
	}
	return e->code;
}

void api_needs_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct need_list l;
	if (api_page(r, &p, &c->err) != 0 || need_list(c, api_id_param(r, 0), &p, &l) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) write_need(&w, &l.items[i]);
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}

void api_needs_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct need_input in;
	struct need out;
	if (api_need_from_json(body, &in, &c->err) == 0 && need_create(c, api_id_param(r, 0), &in, &out) == 0)
		respond_need(r, 201, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_needs_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct need_input in;
	struct need out;
	if (api_need_from_json(body, &in, &c->err) == 0 &&
	    need_update(c, api_id_param(r, 0), api_id_param(r, 1), &in, &out) == 0)
		respond_need(r, 200, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}
