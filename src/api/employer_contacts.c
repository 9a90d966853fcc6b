/* employer_contacts.c — the contact log over HTTP: /employers/{id}/contacts
 * (history and logging, with the coordination warnings in the POST answer),
 * /employers/{id}/contacts/{contact_id} (its author corrects or removes one),
 * /employers/{id}/recent-contacts (the same check before saving) and the
 * weekly list /employer-contacts?week= (JSON, or format=csv|xlsx a file). */
#include "api.h"
#include "../base/clock.h"
#include "../base/csv_writer.h"
#include "../domain/employer_contact.h"
#include <string.h>

static void write_contact(struct jsonw *w, const struct employer_contact *k)
{
	jw_object(w);
	jw_kint(w, "id", k->id);
	jw_kint(w, "employer_id", k->employer_id);
	jw_kstring(w, "employer_name", k->employer_name);
	jw_kint(w, "user_id", k->user_id);
	jw_kstring(w, "user_name", k->user_name);
	jw_kint(w, "org_id", k->org_id);
	jw_kstring(w, "org_name", k->org_name);
	jw_kstring(w, "date", k->date);
	jw_kstring(w, "channel", k->channel);
	jw_kstring(w, "purpose", k->purpose);
	jw_kint_or_null(w, "stage", k->stage);
	jw_kstring(w, "note", k->note);
	jw_kstring(w, "next_step_date", k->next_step_date);
	jw_kstring(w, "created_at", k->created_at);
}

static void write_contacts(struct jsonw *w, const char *key, const struct employer_contact_list *l)
{
	jw_key(w, key);
	jw_array(w);
	for (size_t i = 0; i < l->n; i++) {
		write_contact(w, &l->items[i]);
		jw_object_end(w);
	}
	jw_array_end(w);
}

int api_employer_contact_from_json(json_t *body, struct employer_contact_patch *in, struct err *e)
{
	memset(in, 0, sizeof *in);
	struct employer_contact_input *v = &in->v;
	v->date = json_field_text(body, "date", &in->has_date, e);
	v->channel = json_field_text(body, "channel", &in->has_channel, e);
	v->purpose = json_field_text(body, "purpose", &in->has_purpose, e);
	v->note = json_field_text(body, "note", &in->has_note, e);
	v->next_step_date = json_field_text(body, "next_step_date", &in->has_next_step_date, e);
	json_t *stage = json_object_get(body, "stage");
	in->has_stage_field = stage != NULL;
	if (stage && !json_is_null(stage)) v->stage = json_field_int(body, "stage", &v->has_stage, e);
	return e->code;
}

void api_employer_contacts_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct employer_contact_list l;
	if (api_page(r, &p, &c->err) != 0 || employer_contact_list(c, api_id_param(r, 0), &p, &l) != 0) {
		api_fail(r, &c->err);
		return;
	}
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) {
		write_contact(&w, &l.items[i]);
		jw_object_end(&w);
	}
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}

void api_employer_contacts_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct employer_contact_patch in;
	struct employer_contact out;
	struct employer_contact_list warnings;
	if (api_employer_contact_from_json(body, &in, &c->err) != 0 ||
	    employer_contact_create(c, api_id_param(r, 0), &in.v, &out, &warnings) != 0) {
		json_decref(body);
		api_fail(r, &c->err);
		return;
	}
	json_decref(body);
	struct jsonw w;
	jw_init(&w);
	write_contact(&w, &out);
	jw_key(&w, "warnings");
	jw_array(&w);
	for (size_t i = 0; i < warnings.n; i++) {
		jw_object(&w);
		jw_kstring(&w, "code", "recent_contact");
		jw_kstring(&w, "detail", employer_contact_warning(c, &warnings.items[i]));
		jw_kint(&w, "contact_id", warnings.items[i].id);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	response_json(r, 201, &w);
}

void api_employer_contacts_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct employer_contact_patch in;
	struct employer_contact out;
	if (api_employer_contact_from_json(body, &in, &c->err) != 0 ||
	    employer_contact_update(c, api_id_param(r, 0), api_id_param(r, 1), &in, &out) != 0) {
		json_decref(body);
		api_fail(r, &c->err);
		return;
	}
	json_decref(body);
	struct jsonw w;
	jw_init(&w);
	write_contact(&w, &out);
	jw_object_end(&w);
	response_json(r, 200, &w);
}

void api_employer_contacts_delete(struct request *r, struct ctx *c)
{
	if (employer_contact_delete(c, api_id_param(r, 0), api_id_param(r, 1)) != 0) { api_fail(r, &c->err); return; }
	response_empty(r, 204);
}

void api_employer_recent_contacts(struct request *r, struct ctx *c)
{
	struct employer_contact_list l;
	int days;
	if (employer_contact_recent(c, api_id_param(r, 0), NULL, &l, &days) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_kint(&w, "days", days);
	jw_key(&w, "items");
	jw_array(&w);
	for (size_t i = 0; i < l.n; i++) {
		write_contact(&w, &l.items[i]);
		jw_kstring(&w, "detail", employer_contact_warning(c, &l.items[i]));
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	response_json(r, 200, &w);
}

/* The weekly list as a file: the week's contacts, then the next steps that
 * fall due in it (in an XLSX file on a sheet of their own), with the names
 * and Swedish words the page shows. */
static void week_file(struct request *r, const struct employer_contact_week *wk, enum api_format f)
{
	char today[11];
	clock_today(today);
	const char *about[] = {
		arena_printf(&r->arena, "Vecka %s: %s – %s", wk->week + 6, wk->from, wk->to),
		arena_printf(&r->arena, "Framtagen %s ur Samsyn", today),
	};
	struct csvw w;
	if (!api_download_begin(r, &w, f, "Veckolista: kontakter med arbetsgivare", about, 2)) return;
	static const char *const head[] = {"Datum", "Arbetsgivare", "Vem", "Organisation", "Kontaktsätt",
					   "Syfte", "IPS-steg", "Anteckning", "Nästa steg"};
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) csvw_text(&w, head[i]);
	csvw_row_end(&w);
	for (size_t i = 0; i < wk->contacts.n; i++) {
		const struct employer_contact *k = &wk->contacts.items[i];
		csvw_text(&w, k->date);
		csvw_text(&w, k->employer_name);
		csvw_text(&w, k->user_name);
		csvw_text(&w, k->org_name);
		csvw_text(&w, employer_contact_channel_label(k->channel));
		csvw_text(&w, employer_contact_purpose_label(k->purpose));
		if (k->stage) csvw_int(&w, k->stage);
		else csvw_empty(&w);
		csvw_text(&w, k->note);
		csvw_text(&w, k->next_step_date);
		csvw_row_end(&w);
	}
	csvw_text(&w, "Antal kontakter");
	csvw_int(&w, (int64_t)wk->contacts.n);
	csvw_row_end(&w);
	csvw_table(&w, "Nästa steg", arena_printf(&r->arena, "Nästa steg som infaller vecka %s", wk->week + 6));
	static const char *const next_head[] = {"Nästa steg", "Arbetsgivare", "Vem", "Organisation", "Från kontakten",
						"Kontaktsätt", "Anteckning"};
	for (size_t i = 0; i < sizeof next_head / sizeof next_head[0]; i++) csvw_text(&w, next_head[i]);
	csvw_row_end(&w);
	for (size_t i = 0; i < wk->next_steps.n; i++) {
		const struct employer_contact *k = &wk->next_steps.items[i];
		csvw_text(&w, k->next_step_date);
		csvw_text(&w, k->employer_name);
		csvw_text(&w, k->user_name);
		csvw_text(&w, k->org_name);
		csvw_text(&w, k->date);
		csvw_text(&w, employer_contact_channel_label(k->channel));
		csvw_text(&w, k->note);
		csvw_row_end(&w);
	}
	api_download_send(r, &w, f, arena_printf(&r->arena, "veckolista-%s", wk->week));
}

void api_employer_contacts_week(struct request *r, struct ctx *c)
{
	const char *week = request_query(r, "week");
	struct employer_contact_week wk;
	enum api_format f;
	if (api_format_param(r, &f, &c->err) != 0 || employer_contact_week(c, week && *week ? week : NULL, &wk) != 0) {
		api_fail(r, &c->err);
		return;
	}
	if (f != API_FORMAT_JSON) { week_file(r, &wk, f); return; }
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_kstring(&w, "week", wk.week);
	jw_kstring(&w, "from", wk.from);
	jw_kstring(&w, "to", wk.to);
	write_contacts(&w, "contacts", &wk.contacts);
	write_contacts(&w, "next_steps", &wk.next_steps);
	jw_object_end(&w);
	response_json(r, 200, &w);
}
