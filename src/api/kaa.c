/* kaa.c — /kaa/youths (the KAA register, docs/kaa.md), their contacts,
 * measures, import and move into follow-up, /reports/kaa and
 * /reports/kaa-scb: JSON and CSV ↔ struct kaa_youth. Who may see any of
 * it is the domain's rule (404 for all but the municipality's KAA staff). */
#include "api.h"
#include "../domain/kaa/kaa.h"
#include "../domain/report.h"
#include "../report/table.h"
#include <string.h>

static const struct api_field contact_fields[] = {
	API_OUT_FIELD(API_INT, struct kaa_contact, id),
	API_FIELD(API_TEXT, struct kaa_contact, date),
	API_FIELD(API_TEXT, struct kaa_contact, channel),
	API_FIELD(API_TEXT, struct kaa_contact, result),
	API_FIELD(API_TEXT, struct kaa_contact, note),
	API_OUT_FIELD(API_INT, struct kaa_contact, user_id),
	API_OUT_FIELD(API_TEXT, struct kaa_contact, created_at),
	API_END,
};

_Static_assert(offsetof(struct kaa_measure_input, v) == 0, "measure_fields serve struct kaa_measure and its input");
static const struct api_field measure_fields[] = {
	API_OUT_FIELD(API_INT, struct kaa_measure, id),
	API_SENT_V(API_TEXT, struct kaa_measure_input, kind),
	API_SENT_V(API_TEXT, struct kaa_measure_input, status),
	API_SENT_V(API_TEXT, struct kaa_measure_input, offered_date),
	API_SENT_V(API_TEXT, struct kaa_measure_input, start_date),
	API_SENT_V(API_TEXT, struct kaa_measure_input, end_date),
	API_SENT_V(API_TEXT, struct kaa_measure_input, note),
	API_OUT_FIELD(API_INT, struct kaa_measure, user_id),
	API_OUT_FIELD(API_TEXT, struct kaa_measure, created_at),
	API_OUT_FIELD(API_TEXT, struct kaa_measure, updated_at),
	API_END,
};

_Static_assert(offsetof(struct kaa_youth_input, v) == 0, "youth_fields serve struct kaa_youth and its input");
static const struct api_field youth_fields[] = {
	API_OUT_FIELD(API_INT, struct kaa_youth, id),
	{.name = "personnummer", .kind = API_TEXT, .at = offsetof(struct kaa_youth_input, v.personnummer)},
	API_SENT_V(API_TEXT, struct kaa_youth_input, first_name),
	API_SENT_V(API_TEXT, struct kaa_youth_input, last_name),
	API_OUT_FIELD(API_TEXT, struct kaa_youth, sex),
	API_OUT_FIELD(API_TEXT, struct kaa_youth, birth_date),
	API_OUT_FIELD(API_TEXT, struct kaa_youth, municipality_code),
	API_SENT_V(API_TEXT, struct kaa_youth_input, school_status),
	API_SENT_V(API_TEXT, struct kaa_youth_input, source),
	API_SENT_V(API_TEXT, struct kaa_youth_input, identified_date),
	API_SENT_V(API_TEXT, struct kaa_youth_input, occupation),
	API_SENT_V(API_TEXT, struct kaa_youth_input, notes),
	API_SENT_V(API_TEXT, struct kaa_youth_input, left_date),
	API_SENT_V(API_TEXT, struct kaa_youth_input, left_reason),
	API_OUT_FIELD(API_ID, struct kaa_youth, participant_id),
	API_OUT_FIELD(API_TEXT, struct kaa_youth, consent_date),
	API_OUT_FIELD(API_TEXT, struct kaa_youth, consent_recorded_by),
	{.name = "contacts", .kind = API_ARRAY, .at = offsetof(struct kaa_youth, contacts),
	 .n = offsetof(struct kaa_youth, ncontacts), .size = sizeof(struct kaa_contact), .sub = contact_fields,
	 .flags = API_OUT | API_ALONE},
	{.name = "measures", .kind = API_ARRAY, .at = offsetof(struct kaa_youth, measures),
	 .n = offsetof(struct kaa_youth, nmeasures), .size = sizeof(struct kaa_measure), .sub = measure_fields,
	 .flags = API_OUT | API_ALONE},
	API_OUT_FIELD(API_TEXT, struct kaa_youth, created_at),
	API_OUT_FIELD(API_TEXT, struct kaa_youth, updated_at),
	API_END,
};

/* PATCH: the personnummer is who she is, never changed. */
static const struct api_field youth_patch_fields[] = {
	API_SENT_V(API_TEXT, struct kaa_youth_input, first_name),
	API_SENT_V(API_TEXT, struct kaa_youth_input, last_name),
	API_SENT_V(API_TEXT, struct kaa_youth_input, school_status),
	API_SENT_V(API_TEXT, struct kaa_youth_input, source),
	API_SENT_V(API_TEXT, struct kaa_youth_input, identified_date),
	API_SENT_V(API_TEXT, struct kaa_youth_input, occupation),
	API_SENT_V(API_TEXT, struct kaa_youth_input, notes),
	API_SENT_V(API_TEXT, struct kaa_youth_input, left_date),
	API_SENT_V(API_TEXT, struct kaa_youth_input, left_reason),
	API_END,
};

static const struct api_field move_fields[] = {
	API_FIELD(API_TEXT, struct kaa_move, consent_date),
	API_FIELD(API_TEXT, struct kaa_move, consent_recorded_by),
	API_END,
};

static const char *query(struct request *r, const char *name)
{
	const char *v = request_query(r, name);
	return v && *v ? v : NULL;
}

/* A name is personal data (../shared/API.md): the list's GET carries only
 * the filters that are not, and a name search is POST .../search {"q"}.
 * The staff check comes first: to anyone else the register is 404. */
void api_kaa_youths_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct kaa_youth_filter f = {query(r, "half"), query(r, "status"), query(r, "occupation")};
	struct kaa_youth_list l;
	if (api_page(r, &p, &c->err) != 0 || kaa_require_staff(c) != 0) { api_fail(r, &c->err); return; }
	if (p.q) {
		err_field(&c->err, "q", NULL,
			  "Sök på namn med POST /kaa/youths/search {\"q\": …}, så att namnet inte hamnar i en adress.");
		api_fail(r, &c->err);
		return;
	}
	if (kaa_youth_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, youth_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

/* {"personnummer"}: zero or one; or {"q", "half", "status", "occupation"}:
 * the list's name search with its filters, paged by the query string. */
void api_kaa_youths_search(struct request *r, struct ctx *c)
{
	struct page p;
	if (api_page(r, &p, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (kaa_require_staff(c) != 0) { api_fail(r, &c->err); return; }
	if (p.q) {
		err_field(&c->err, "q", NULL, "Skicka söktexten i innehållet, inte i adressen.");
		api_fail(r, &c->err);
		return;
	}
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	bool has_pnr, has_q, has;
	const char *pnr = json_field_text(body, "personnummer", &has_pnr, &c->err);
	const char *q = json_field_text(body, "q", &has_q, &c->err);
	struct kaa_youth_list l;
	if (has_q && !c->err.code) {
		if (has_pnr) err_field(&c->err, "q", NULL, "Sök antingen på personnummer eller på namn, inte båda.");
		else if (!q || !*q || strlen(q) > 200) err_field(&c->err, "q", NULL, "Ange en söktext (1–200 tecken).");
		/* An empty filter is none, as in the list's query string. */
		struct kaa_youth_filter f = {json_field_text(body, "half", &has, &c->err),
			json_field_text(body, "status", &has, &c->err), json_field_text(body, "occupation", &has, &c->err)};
		const char **filters[] = {&f.half, &f.status, &f.occupation};
		for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
			if (*filters[i] && !**filters[i]) *filters[i] = NULL;
		p.q = q;
		if (c->err.code || kaa_youth_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
		api_send_page(r, youth_fields, l.items, sizeof *l.items, l.n, l.total, &p);
		return;
	}
	if (c->err.code || kaa_youth_search_pnr(c, pnr, &l) != 0) { api_fail(r, &c->err); return; }
	p.offset = 0;
	api_send_page(r, youth_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_kaa_youths_create(struct request *r, struct ctx *c)
{
	struct kaa_youth_input in;
	struct kaa_youth out;
	bool ok = kaa_require_staff(c) == 0 && api_read_body(r, c, youth_fields, &in, sizeof in) &&
		  kaa_youth_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, youth_fields, &out);
}

void api_kaa_youths_get(struct request *r, struct ctx *c)
{
	struct kaa_youth out;
	api_reply(r, c, kaa_youth_get(c, api_id_param(r, 0), &out) == 0, 200, youth_fields, &out);
}

void api_kaa_youths_update(struct request *r, struct ctx *c)
{
	struct kaa_youth_input in;
	struct kaa_youth out;
	bool ok = kaa_require_staff(c) == 0 && api_read_body(r, c, youth_patch_fields, &in, sizeof in) &&
		  kaa_youth_update(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, youth_fields, &out);
}

void api_kaa_contacts_create(struct request *r, struct ctx *c)
{
	struct kaa_contact in;
	struct kaa_youth out;
	bool ok = kaa_require_staff(c) == 0 && api_read_body(r, c, contact_fields, &in, sizeof in) &&
		  kaa_contact_create(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 201, youth_fields, &out);
}

void api_kaa_measures_create(struct request *r, struct ctx *c)
{
	struct kaa_measure_input in;
	struct kaa_youth out;
	bool ok = kaa_require_staff(c) == 0 && api_read_body(r, c, measure_fields, &in, sizeof in) &&
		  kaa_measure_create(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 201, youth_fields, &out);
}

void api_kaa_measures_update(struct request *r, struct ctx *c)
{
	struct kaa_measure_input in;
	struct kaa_youth out;
	bool ok = kaa_require_staff(c) == 0 && api_read_body(r, c, measure_fields, &in, sizeof in) &&
		  kaa_measure_update(c, api_id_param(r, 0), api_id_param(r, 1), &in, &out) == 0;
	api_reply(r, c, ok, 200, youth_fields, &out);
}

void api_kaa_youths_move(struct request *r, struct ctx *c)
{
	struct kaa_move in;
	struct kaa_youth out;
	bool ok = kaa_require_staff(c) == 0 && api_read_body(r, c, move_fields, &in, sizeof in) &&
		  kaa_youth_move(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 201, youth_fields, &out);
}

void api_kaa_import(struct request *r, struct ctx *c)
{
	if (kaa_require_staff(c) != 0) { api_fail(r, &c->err); return; }
	struct csv_reader *csv = api_csv_body(r);
	if (!csv) return;
	struct kaa_import_result res;
	int rc = kaa_import(c, csv, &res);
	csv_close(csv);
	if (rc != 0 && rc != ERR_INVALID) { api_fail(r, &c->err); return; }
	struct jsonw w;
	api_import_begin(r, &w, rc, &c->err);
	jw_kint(&w, "created", res.created);
	jw_kint(&w, "updated", res.updated);
	jw_kint(&w, "rows", res.rows);
	jw_kint(&w, "bad_lines", res.bad_lines);
	api_import_end(r, &w, rc, res.errors, res.nerrors);
}

void api_reports_kaa(struct request *r, struct ctx *c)
{
	struct report_params p;
	struct report_table t;
	enum api_format f;
	const char *half = query(r, "half");
	if (kaa_require_staff(c) != 0 || api_report_params(r, &p, &f, &c->err) != 0 || kaa_report(c, half, &p, &t) != 0) {
		api_fail(r, &c->err);
		return;
	}
	api_report_table_out(r, c, &t, &p, f, "Aktivitetsansvaret: unga per sysselsättning", arena_printf(&r->arena, "kaa-%s", half),
			     API_REPORT_NOW, arena_printf(&r->arena, "Halvår: %s", half));
}

void api_reports_kaa_scb(struct request *r, struct ctx *c)
{
	const char *half = query(r, "half");
	enum api_format f = API_FORMAT_CSV;
	const char *format = query(r, "format");
	if (format && strcmp(format, "csv") != 0) err_field(&c->err, "format", format, "Filen till SCB är en CSV-fil (format=csv).");
	if (kaa_require_staff(c) != 0 || c->err.code) { api_fail(r, &c->err); return; }
	struct csvw w;
	if (!api_download_begin(r, &w, f, NULL, NULL, 0)) return;
	if (kaa_scb_export(c, half, &w) != 0) {
		csvw_free(&w);
		api_fail(r, &c->err);
		return;
	}
	api_download_send(r, &w, f, arena_printf(&r->arena, "kaa-scb-%s", half));
}
