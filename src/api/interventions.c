/* interventions.c — /interventions with their /volumes and /attendees:
 * JSON ↔ struct intervention, volume and attendee. The list also answers a
 * CSV or XLSX file. */
#include "api.h"
#include "../se/sex.h"
#include "../base/csv_writer.h"
#include "../domain/codelist.h"
#include "../domain/org.h"
#include "../domain/target_group.h"
#include "../domain/attendee.h"
#include "../domain/intervention.h"
#include "../domain/volume.h"

/* --- interventions --- */

/* A budget line and a goal, as written and as read ("budgets[i].year"
 * names a wrong member); a missing amount reaches the domain as -1, which
 * it refuses, an unknown outcome as null. */
static const struct api_field budget_fields[] = {
	API_FIELD(API_INT, struct intervention_budget, year),
	API_FIELD(API_TEXT, struct intervention_budget, funder),
	{.name = "amount_sek", .kind = API_INT, .at = offsetof(struct intervention_budget, amount_sek),
	 .flags = API_MISSING_NEGATIVE},
	{.name = "actual_sek", .kind = API_INT, .at = offsetof(struct intervention_budget, actual_sek),
	 .known = API_AT(struct intervention_budget, has_actual)},
	API_END,
};

static const struct api_field goal_fields[] = {
	API_FIELD(API_INT, struct intervention_goal, year),
	API_FIELD(API_TEXT, struct intervention_goal, indicator),
	API_FIELD(API_INT, struct intervention_goal, target),
	API_END,
};

static const struct api_field intervention_fields[] = {
	API_FIELD(API_INT, struct intervention, id),
	API_FIELD(API_TEXT, struct intervention, name),
	API_FIELD(API_TEXT, struct intervention, kind),
	API_FIELD(API_INT, struct intervention, owner_org_id),
	{.name = "partner_org_ids", .kind = API_INTS, .at = offsetof(struct intervention, partner_org_ids),
	 .n = offsetof(struct intervention, n_partners)},
	API_FIELD(API_TEXT, struct intervention, start_date),
	API_FIELD(API_TEXT, struct intervention, end_date),
	API_FIELD(API_TEXT, struct intervention, status),
	{.name = "target_groups", .kind = API_TEXTS, .at = offsetof(struct intervention, target_groups),
	 .n = offsetof(struct intervention, n_target_groups)},
	API_FIELD(API_TEXT, struct intervention, measurement),
	API_FIELD(API_TEXT, struct intervention, description),
	{.name = "budgets", .kind = API_ARRAY, .at = offsetof(struct intervention, budgets),
	 .n = offsetof(struct intervention, n_budgets), .size = sizeof(struct intervention_budget), .sub = budget_fields},
	{.name = "goals", .kind = API_ARRAY, .at = offsetof(struct intervention, goals),
	 .n = offsetof(struct intervention, n_goals), .size = sizeof(struct intervention_goal), .sub = goal_fields},
	API_END,
};

/* What POST and PATCH read (POST takes v, the record). */
const struct api_field api_intervention_patch_fields[] = {
	API_SENT_V(API_TEXT, struct intervention_patch, name),
	API_SENT_V(API_TEXT, struct intervention_patch, kind),
	API_SENT_V(API_INT, struct intervention_patch, owner_org_id),
	{.name = "partner_org_ids", .kind = API_INTS, .at = offsetof(struct intervention_patch, v.partner_org_ids),
	 .n = offsetof(struct intervention_patch, v.n_partners), .has = API_AT(struct intervention_patch, has_partner_org_ids)},
	API_SENT_V(API_TEXT, struct intervention_patch, start_date),
	API_SENT_V(API_TEXT, struct intervention_patch, end_date),
	API_SENT_V(API_TEXT, struct intervention_patch, status),
	API_SENT_V(API_TEXT, struct intervention_patch, measurement),
	API_SENT_V(API_TEXT, struct intervention_patch, description),
	{.name = "target_groups", .kind = API_TEXTS, .at = offsetof(struct intervention_patch, v.target_groups),
	 .n = offsetof(struct intervention_patch, v.n_target_groups), .has = API_AT(struct intervention_patch, has_target_groups)},
	{.name = "budgets", .kind = API_ARRAY, .at = offsetof(struct intervention_patch, v.budgets),
	 .n = offsetof(struct intervention_patch, v.n_budgets), .size = sizeof(struct intervention_budget),
	 .sub = budget_fields, .has = API_AT(struct intervention_patch, has_budgets)},
	{.name = "goals", .kind = API_ARRAY, .at = offsetof(struct intervention_patch, v.goals),
	 .n = offsetof(struct intervention_patch, v.n_goals), .size = sizeof(struct intervention_goal), .sub = goal_fields,
	 .has = API_AT(struct intervention_patch, has_goals)},
	API_END,
};

/* The list as a file (format=csv|xlsx), through api_list_file, with kind,
 * status and owner in words. */
struct interventions_file {
	const struct intervention_filter *f;
	struct intervention_list l;
	struct target_group_list groups;
};

static int read_interventions(struct ctx *c, void *arg, const struct page *p)
{
	struct interventions_file *vf = arg;
	return intervention_list(c, vf->f, p, &vf->l);
}

static void write_intervention_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	struct interventions_file *vf = arg;
	const struct intervention *it = &vf->l.items[i];
	struct org owner;
	bool known = org_get(c, it->owner_org_id, &owner) == 0;
	err_clear(&c->err);
	csvw_int(w, it->id);
	csvw_text(w, it->name);
	csvw_text(w, intervention_kind_label(it->kind));
	csvw_text(w, known ? owner.name : NULL);
	csvw_text(w, it->start_date);
	csvw_text(w, it->end_date);
	csvw_text(w, intervention_status_label(it->status));
	csvw_text(w, target_group_names_in(&vf->groups, it->target_groups, it->n_target_groups, &r->arena));
	csvw_row_end(w);
}

static void interventions_file(struct request *r, struct ctx *c, const struct intervention_filter *f, const char *q,
			       enum api_format fmt)
{
	struct interventions_file vf = {.f = f};
	struct page all = {.limit = PAGE_MAX_LIMIT, .offset = 0};
	if (target_group_list(c, &all, &vf.groups) != 0) { api_fail(r, &c->err); return; }
	const char *about[5];
	size_t n = 0;
	if (q && *q) about[n++] = arena_printf(&r->arena, "Namnet innehåller: %s", q);
	if (f->kind) about[n++] = arena_printf(&r->arena, "Typ: %s", intervention_kind_label(f->kind));
	if (f->status) about[n++] = arena_printf(&r->arena, "Status: %s", intervention_status_label(f->status));
	if (f->org_id) {
		struct org o;
		about[n++] = org_get(c, f->org_id, &o) == 0 ? arena_printf(&r->arena, "Organisation: %s", o.name)
							    : arena_printf(&r->arena, "Organisation: id %lld", (long long)f->org_id);
		err_clear(&c->err);
	}
	if (f->year) about[n++] = arena_printf(&r->arena, "År: %lld", (long long)f->year);
	static const char *const head[] = {"Insats-id", "Namn", "Typ", "Ägare", "Startdatum", "Slutdatum", "Status",
					   "Målgrupper"};
	api_list_file(r, c, fmt,
	       &(struct api_list_file){.title = "Insatser", .name = "insatser", .noun = "insatser", .head = head,
				       .nhead = sizeof head / sizeof head[0], .about = about, .nabout = n,
				       .read = read_interventions, .write = write_intervention_row, .arg = &vf,
				       .n = &vf.l.n, .total = &vf.l.total, .q = q});
}

void api_interventions_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct intervention_filter f = {0};
	struct intervention_list l;
	api_page(r, &p, &c->err);
	f.kind = request_query(r, "kind");
	f.status = request_query(r, "status");
	f.org_id = api_id_query(r, "org_id", &c->err);
	f.year = api_int_query(r, "year", 1990, 2100, "Ange ett år 1990–2100.", &c->err);
	enum api_format fmt;
	api_format_param(r, &fmt, &c->err);
	/* The domain adds its own filter errors to those found here. */
	if (!c->err.code && fmt != API_FORMAT_JSON) { interventions_file(r, c, &f, p.q, fmt); return; }
	if (intervention_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, intervention_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_interventions_get(struct request *r, struct ctx *c)
{
	struct intervention v;
	api_reply(r, c, intervention_get(c, api_id_param(r, 0), &v) == 0, 200, intervention_fields, &v);
}

void api_interventions_create(struct request *r, struct ctx *c)
{
	struct intervention_patch in;
	struct intervention out;
	bool ok = api_read_body(r, c, api_intervention_patch_fields, &in, sizeof in) &&
	          intervention_create(c, &in.v, &out) == 0;
	api_reply(r, c, ok, 201, intervention_fields, &out);
}

void api_interventions_update(struct request *r, struct ctx *c)
{
	struct intervention_patch in;
	struct intervention out;
	bool ok = api_read_body(r, c, api_intervention_patch_fields, &in, sizeof in) &&
	          intervention_update(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, intervention_fields, &out);
}

/* --- volumes --- */

/* A volume, and what POST reads: a count not sent reaches the domain as
 * -1, which it refuses. */
const struct api_field api_volume_fields[] = {
	API_OUT_FIELD(API_INT, struct volume, id),
	API_OUT_FIELD(API_INT, struct volume, intervention_id),
	API_FIELD(API_TEXT, struct volume, period_start),
	API_FIELD(API_TEXT, struct volume, period_end),
	{.name = "women", .kind = API_INT, .at = offsetof(struct volume, women), .flags = API_MISSING_NEGATIVE},
	{.name = "men", .kind = API_INT, .at = offsetof(struct volume, men), .flags = API_MISSING_NEGATIVE},
	API_END,
};

/* The intervention a file of its volumes or attendees is about: its name
 * (the id when it cannot be read: the list's own read answers for that). */
static const char *intervention_about(struct request *r, struct ctx *c, int64_t id)
{
	struct intervention v;
	const char *line = intervention_get(c, id, &v) == 0 ? arena_printf(&r->arena, "Insats: %s", v.name)
							     : arena_printf(&r->arena, "Insats: id %lld", (long long)id);
	err_clear(&c->err);
	return line;
}

/* An intervention's volumes as a file (format=csv|xlsx), through api_list_file. */
struct volumes_file {
	int64_t intervention_id;
	struct volume_list l;
};

static int read_volumes(struct ctx *c, void *arg, const struct page *p)
{
	struct volumes_file *vf = arg;
	return volume_list(c, vf->intervention_id, p, &vf->l);
}

static void write_volume_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r, (void)c;
	const struct volume *v = &((struct volumes_file *)arg)->l.items[i];
	csvw_text(w, v->period_start);
	csvw_text(w, v->period_end);
	csvw_int(w, v->women + v->men);
	csvw_int(w, v->women);
	csvw_int(w, v->men);
	csvw_row_end(w);
}

void api_volumes_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct volume_list l;
	enum api_format fmt;
	if (api_page_format(r, &p, &fmt, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) {
		struct volumes_file vf = {.intervention_id = api_id_param(r, 0)};
		const char *about[] = {intervention_about(r, c, vf.intervention_id)};
		static const char *const head[] = {"Periodens start", "Periodens slut", "Totalt", "Kvinnor", "Män"};
		api_list_file(r, c, fmt,
			      &(struct api_list_file){.title = "Volymer", .name = arena_printf(&r->arena, "insats-%lld-volymer",
												 (long long)vf.intervention_id),
						      .noun = "perioder", .head = head, .nhead = sizeof head / sizeof head[0],
						      .about = about, .nabout = 1, .read = read_volumes,
						      .write = write_volume_row, .arg = &vf, .n = &vf.l.n, .total = &vf.l.total});
		return;
	}
	if (volume_list(c, api_id_param(r, 0), &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, api_volume_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_volumes_create(struct request *r, struct ctx *c)
{
	struct volume in, out;
	bool ok = api_read_body(r, c, api_volume_fields, &in, sizeof in) &&
	          volume_create(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 201, api_volume_fields, &out);
}

/* --- attendees --- */

/* An attendee, and what POST and PATCH read into struct attendee_patch:
 * one table, as the record v comes first in the patch. An employer_id of
 * 0 is no id: refused, not read as "none" (null). */
_Static_assert(offsetof(struct attendee_patch, v) == 0, "api_attendee_fields serve struct attendee and its patch");
const struct api_field api_attendee_fields[] = {
	API_OUT_FIELD(API_INT, struct attendee, id),
	API_OUT_FIELD(API_INT, struct attendee, intervention_id),
	API_SENT_V(API_TEXT, struct attendee_patch, first_name),
	API_SENT_V(API_TEXT, struct attendee_patch, last_name),
	API_SENT_V(API_TEXT, struct attendee_patch, sex),
	API_SENT_V(API_TEXT, struct attendee_patch, email),
	{.name = "employer_id", .kind = API_ID, .at = offsetof(struct attendee_patch, v.employer_id),
	 .has = API_AT(struct attendee_patch, has_employer_id), .flags = API_ZERO_NEGATIVE},
	API_SENT_V(API_TEXT, struct attendee_patch, organisation_name),
	API_SENT_V(API_TEXT, struct attendee_patch, format),
	API_SENT_V(API_TEXT, struct attendee_patch, date),
	API_END,
};

/* An intervention's attendees as a file (format=csv|xlsx), through
 * api_list_file: each page audited as the list is; the format's label
 * beside its code. */
struct attendees_file {
	int64_t intervention_id;
	struct attendee_list l;
	struct code_lists codes;
};

static int read_attendees(struct ctx *c, void *arg, const struct page *p)
{
	struct attendees_file *af = arg;
	return attendee_list(c, af->intervention_id, p, &af->l);
}

static void write_attendee_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r, (void)c;
	struct attendees_file *af = arg;
	const struct attendee *v = &af->l.items[i];
	csvw_int(w, v->id);
	csvw_text(w, v->first_name);
	csvw_text(w, v->last_name);
	csvw_text(w, sex_label(v->sex));
	csvw_text(w, v->email);
	if (v->employer_id) csvw_int(w, v->employer_id);
	else csvw_empty(w);
	csvw_text(w, v->organisation_name);
	csvw_text(w, v->format);
	csvw_text(w, codelist_label_in(&af->codes, "attendee_format", v->format));
	csvw_text(w, v->date);
	csvw_row_end(w);
}

void api_attendees_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct attendee_list l;
	enum api_format fmt;
	if (api_page_format(r, &p, &fmt, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) {
		struct attendees_file af = {.intervention_id = api_id_param(r, 0)};
		if (codelist_all(c, &af.codes) != 0) { api_fail(r, &c->err); return; }
		const char *about[] = {intervention_about(r, c, af.intervention_id)};
		static const char *const head[] = {"Registrerings-id", "Förnamn", "Efternamn", "Kön", "E-post", "Arbetsgivar-id",
						   "Arbetsgivare eller organisation", "Formkod", "Form", "Datum"};
		api_list_file(r, c, fmt,
			      &(struct api_list_file){.title = "Deltagare i insatsen",
						      .name = arena_printf(&r->arena, "insats-%lld-deltagare",
									   (long long)af.intervention_id),
						      .noun = "registreringar", .head = head, .nhead = sizeof head / sizeof head[0],
						      .about = about, .nabout = 1, .read = read_attendees,
						      .write = write_attendee_row, .arg = &af, .n = &af.l.n, .total = &af.l.total});
		return;
	}
	if (attendee_list(c, api_id_param(r, 0), &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, api_attendee_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_attendees_get(struct request *r, struct ctx *c)
{
	struct attendee v;
	api_reply(r, c, attendee_get(c, api_id_param(r, 0), api_id_param(r, 1), &v) == 0, 200, api_attendee_fields, &v);
}

void api_attendees_create(struct request *r, struct ctx *c)
{
	struct attendee_patch in;
	struct attendee out;
	bool ok = api_read_body(r, c, api_attendee_fields, &in, sizeof in) &&
	          attendee_create(c, api_id_param(r, 0), &in.v, &out) == 0;
	api_reply(r, c, ok, 201, api_attendee_fields, &out);
}

void api_attendees_update(struct request *r, struct ctx *c)
{
	struct attendee_patch in;
	struct attendee out;
	bool ok = api_read_body(r, c, api_attendee_fields, &in, sizeof in) &&
	          attendee_update(c, api_id_param(r, 0), api_id_param(r, 1), &in, &out) == 0;
	api_reply(r, c, ok, 200, api_attendee_fields, &out);
}

void api_attendees_delete(struct request *r, struct ctx *c)
{
	api_reply(r, c, attendee_delete(c, api_id_param(r, 0), api_id_param(r, 1)) == 0, 204, NULL, NULL);
}
