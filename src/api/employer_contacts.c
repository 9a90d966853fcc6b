/* employer_contacts.c — the contact log over HTTP: /employers/{id}/contacts
 * (history and logging, with the coordination warnings in the POST answer),
 * /employers/{id}/contacts/{contact_id} (its author corrects or removes one),
 * /employers/{id}/recent-contacts (the same check before saving) and the
 * weekly list /employer-contacts?week= (JSON, or format=csv|xlsx a file). */
#include "api.h"
#include "../base/clock.h"
#include "../base/csv_writer.h"
#include "../domain/employer_contact.h"

/* The IPS stage, an int: 0 is none (null). */
static void write_stage(struct jsonw *w, const struct api_field *f, const void *record)
{
	(void)f;
	jw_kint_or_null(w, "stage", ((const struct employer_contact *)record)->stage);
}

static const struct api_field contact_fields[] = {
	API_FIELD(API_INT, struct employer_contact, id),
	API_FIELD(API_INT, struct employer_contact, employer_id),
	API_FIELD(API_TEXT, struct employer_contact, employer_name),
	API_FIELD(API_INT, struct employer_contact, user_id),
	API_FIELD(API_TEXT, struct employer_contact, user_name),
	API_FIELD(API_INT, struct employer_contact, org_id),
	API_FIELD(API_TEXT, struct employer_contact, org_name),
	API_FIELD(API_TEXT, struct employer_contact, date),
	API_FIELD(API_TEXT, struct employer_contact, channel),
	API_FIELD(API_TEXT, struct employer_contact, purpose),
	{.name = "stage", .kind = API_CUSTOM, .write = write_stage},
	API_FIELD(API_TEXT, struct employer_contact, note),
	API_FIELD(API_TEXT, struct employer_contact, next_step_date),
	API_FIELD(API_TEXT, struct employer_contact, created_at),
	API_END,
};

/* What POST and PATCH read: a stage of null is none (v.has_stage false). */
static const struct api_field contact_patch_fields[] = {
	API_SENT_V(API_TEXT, struct employer_contact_patch, date),
	API_SENT_V(API_TEXT, struct employer_contact_patch, channel),
	API_SENT_V(API_TEXT, struct employer_contact_patch, purpose),
	API_SENT_V(API_TEXT, struct employer_contact_patch, note),
	API_SENT_V(API_TEXT, struct employer_contact_patch, next_step_date),
	{.name = "stage", .kind = API_INT, .at = offsetof(struct employer_contact_patch, v.stage),
	 .has = API_AT(struct employer_contact_patch, has_stage_field),
	 .known = API_AT(struct employer_contact_patch, v.has_stage)},
	API_END,
};

void api_write_contact_warnings(struct jsonw *w, struct ctx *c, const struct employer_contact_list *warnings)
{
	jw_key(w, "warnings");
	jw_array(w);
	for (size_t i = 0; i < warnings->n; i++) {
		jw_object(w);
		jw_kstring(w, "code", "recent_contact");
		jw_kstring(w, "detail", employer_contact_warning(c, &warnings->items[i]));
		jw_kint(w, "contact_id", warnings->items[i].id);
		jw_object_end(w);
	}
	jw_array_end(w);
}

void api_employer_contacts_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct employer_contact_list l;
	if (api_page(r, &p, &c->err) != 0 || employer_contact_list(c, api_id_param(r, 0), &p, &l) != 0) {
		api_fail(r, &c->err);
		return;
	}
	api_send_page(r, contact_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_employer_contacts_create(struct request *r, struct ctx *c)
{
	struct employer_contact_patch in;
	struct employer_contact out;
	struct employer_contact_list warnings;
	if (!api_read_body(r, c, contact_patch_fields, &in, sizeof in) ||
	    employer_contact_create(c, api_id_param(r, 0), &in.v, &out, &warnings) != 0) {
		api_fail(r, &c->err);
		return;
	}
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	api_write_members(&w, contact_fields, &out, true);
	api_write_contact_warnings(&w, c, &warnings);
	jw_object_end(&w);
	response_json(r, 201, &w);
}

void api_employer_contacts_update(struct request *r, struct ctx *c)
{
	struct employer_contact_patch in;
	struct employer_contact out;
	bool ok = api_read_body(r, c, contact_patch_fields, &in, sizeof in) &&
	          employer_contact_update(c, api_id_param(r, 0), api_id_param(r, 1), &in, &out) == 0;
	api_reply(r, c, ok, 200, contact_fields, &out);
}

void api_employer_contacts_delete(struct request *r, struct ctx *c)
{
	api_reply(r, c, employer_contact_delete(c, api_id_param(r, 0), api_id_param(r, 1)) == 0, 204, NULL, NULL);
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
		jw_object(&w);
		api_write_members(&w, contact_fields, &l.items[i], false);
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
	api_csv_row(&w, head, sizeof head / sizeof head[0]);
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
	api_csv_row(&w, next_head, sizeof next_head / sizeof next_head[0]);
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
	api_write_objects(&w, "contacts", contact_fields, wk.contacts.items, sizeof *wk.contacts.items, wk.contacts.n);
	api_write_objects(&w, "next_steps", contact_fields, wk.next_steps.items, sizeof *wk.next_steps.items, wk.next_steps.n);
	jw_object_end(&w);
	response_json(r, 200, &w);
}
