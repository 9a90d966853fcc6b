/* participants.c — /participants and their consents: JSON ↔ struct
 * participant. Search by personnummer or name goes in a POST body, so
 * neither ever lands in a URL. The list also answers a CSV or XLSX file. */
#include "api.h"
#include "../base/csv_writer.h"
#include "../se/kommun.h"
#include "../se/sex.h"
#include "../domain/participant_import.h"
#include "../domain/participant.h"
#include "../domain/target_group.h"
#include <string.h>

/* A consent, and what POST …/consents reads. */
static const struct api_field consent_fields[] = {
	API_OUT_FIELD(API_INT, struct consent, id),
	API_FIELD(API_TEXT, struct consent, status),
	API_FIELD(API_TEXT, struct consent, date),
	API_FIELD(API_TEXT, struct consent, scope),
	{.name = "recorded_by_user_id", .kind = API_ID, .at = offsetof(struct consent, recorded_by_user_id), .flags = API_OUT},
	API_OUT_FIELD(API_TEXT, struct consent, created_at),
	API_END,
};

/* Anonymous participants have no name, personnummer or birth date keys
 * (NAMED: written for a named one only), and a local reference instead. */
#define NAMED(m) {.name = #m, .kind = API_TEXT, .at = offsetof(struct participant, m), \
		  .when = API_AT(struct participant, anonymous), .flags = API_UNLESS}
static const struct api_field participant_fields[] = {
	API_FIELD(API_INT, struct participant, id),
	API_FIELD(API_BOOL, struct participant, anonymous),
	{.name = "local_ref", .kind = API_TEXT, .at = offsetof(struct participant, local_ref),
	 .when = API_AT(struct participant, anonymous)},
	NAMED(personnummer),
	NAMED(first_name),
	NAMED(last_name),
	API_FIELD(API_TEXT, struct participant, sex),
	NAMED(birth_date),
	API_FIELD(API_INT, struct participant, birth_year),
	API_FIELD(API_TEXT, struct participant, municipality_code),
	{.name = "target_groups", .kind = API_TEXTS, .at = offsetof(struct participant, target_groups),
	 .n = offsetof(struct participant, ntarget_groups)},
	API_FIELD(API_BOOL, struct participant, protected_identity),
	{.name = "consent", .kind = API_POINTER, .at = offsetof(struct participant, consent), .sub = consent_fields},
	API_OUT_FIELD(API_BOOL, struct participant, shares_with_employers),
	API_END,
};
#undef NAMED

/* What POST reads: personnummer first, so that its error leads
 * invalid_parameters; a birth year of null is none. */
const struct api_field api_participant_input_fields[] = {
	API_FIELD(API_TEXT, struct participant_input, personnummer),
	API_FIELD(API_BOOL, struct participant_input, anonymous),
	API_FIELD(API_BOOL, struct participant_input, protected_identity),
	API_FIELD(API_TEXT, struct participant_input, first_name),
	API_FIELD(API_TEXT, struct participant_input, last_name),
	API_FIELD(API_TEXT, struct participant_input, sex),
	API_FIELD(API_TEXT, struct participant_input, municipality_code),
	{.name = "birth_year", .kind = API_INT, .at = offsetof(struct participant_input, birth_year),
	 .has = API_AT(struct participant_input, has_birth_year), .flags = API_NULL_ABSENT},
	{.name = "target_groups", .kind = API_TEXTS, .at = offsetof(struct participant_input, target_groups),
	 .n = offsetof(struct participant_input, ntarget_groups), .flags = API_NULL_EMPTY},
	API_END,
};

const struct api_field api_participant_patch_fields[] = {
	API_SENT(API_TEXT, struct participant_patch, personnummer),
	API_SENT(API_BOOL, struct participant_patch, anonymous),
	API_SENT(API_BOOL, struct participant_patch, protected_identity),
	API_SENT(API_TEXT, struct participant_patch, first_name),
	API_SENT(API_TEXT, struct participant_patch, last_name),
	API_SENT(API_TEXT, struct participant_patch, sex),
	API_SENT(API_TEXT, struct participant_patch, municipality_code),
	API_SENT(API_INT, struct participant_patch, birth_year),
	API_FIELD(API_TEXT, struct participant_patch, reason),
	{.name = "target_groups", .kind = API_TEXTS, .at = offsetof(struct participant_patch, target_groups),
	 .n = offsetof(struct participant_patch, ntarget_groups), .has = API_AT(struct participant_patch, has_target_groups),
	 .flags = API_NULL_EMPTY},
	API_END,
};

static void respond_list(struct request *r, const struct participant_list *l, const struct page *p)
{
	api_send_page_bounded(r, participant_fields, l->items, sizeof *l->items, l->n, l->total, l->total_bounded, p);
}

/* The list as a file (format=csv|xlsx), through api_list_file: each page
 * audited as the list is; the XLSX says what was chosen. */
struct participants_file {
	const struct participant_filter *f;
	struct participant_list l;
	struct target_group_list groups;
};

static int read_participants(struct ctx *c, void *arg, const struct page *p)
{
	struct participants_file *pf = arg;
	return participant_list(c, pf->f, p, &pf->l);
}

static void write_participant_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)c;
	struct participants_file *pf = arg;
	const struct participant *it = &pf->l.items[i];
	csvw_int(w, it->id);
	csvw_text(w, it->anonymous ? "anonym" : it->personnummer);
	csvw_text(w, it->anonymous ? NULL : it->first_name);
	csvw_text(w, it->anonymous ? NULL : it->last_name);
	csvw_text(w, sex_label(it->sex));
	csvw_int(w, it->birth_year);
	csvw_text(w, it->municipality_code);
	csvw_text(w, it->municipality_code ? kommun_name(it->municipality_code) : NULL);
	csvw_text(w, target_group_names_in(&pf->groups, it->target_groups, it->ntarget_groups, &r->arena));
	csvw_text(w, it->protected_identity ? "ja" : "nej");
	csvw_row_end(w);
}

static void participants_file(struct request *r, struct ctx *c, const struct participant_filter *f, enum api_format fmt)
{
	struct participants_file pf = {.f = f};
	struct page all = {.limit = PAGE_MAX_LIMIT, .offset = 0};
	if (target_group_list(c, &all, &pf.groups) != 0) { api_fail(r, &c->err); return; }
	const char *about[3];
	size_t n = 0;
	if (f->intervention_id) about[n++] = arena_printf(&r->arena, "Insats: id %lld", (long long)f->intervention_id);
	if (f->municipality_code)
		about[n++] = arena_printf(&r->arena, "Kommun: %s", kommun_name(f->municipality_code) ? kommun_name(f->municipality_code)
										 : f->municipality_code);
	if (f->target_group) about[n++] = arena_printf(&r->arena, "Målgrupp: %s", target_group_name_in(&pf.groups, f->target_group));
	static const char *const head[] = {"Deltagar-id", "Personnummer", "Förnamn", "Efternamn", "Kön",
					   "Födelseår", "Kommunkod", "Kommun", "Målgrupper", "Skyddad identitet"};
	api_list_file(r, c, fmt,
		      &(struct api_list_file){.title = "Deltagare", .name = "deltagare", .noun = "deltagare", .head = head,
					      .nhead = sizeof head / sizeof head[0], .about = about, .nabout = n,
					      .read = read_participants, .write = write_participant_row, .arg = &pf,
					      .n = &pf.l.n, .total = &pf.l.total, .bounded = &pf.l.total_bounded});
}

/* Names are personal data: GET carries only the filters that are not. */
void api_participants_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct participant_filter f = {0};
	struct participant_list l;
	api_page(r, &p, &c->err);
	if (p.q)
		err_field(&c->err, "q", NULL,
			  "Sök på namn med POST /participants/search {\"q\": …}, så att namnet inte hamnar i en adress.");
	f.intervention_id = api_id_query(r, "intervention_id", &c->err);
	f.municipality_code = request_query(r, "municipality_code");
	f.target_group = request_query(r, "target_group");
	api_enrolment_state_query(r, &f.state, &c->err);
	enum api_format fmt;
	api_format_param(r, &fmt, &c->err);
	if (!c->err.code && fmt != API_FORMAT_JSON) { participants_file(r, c, &f, fmt); return; }
	if (c->err.code || participant_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
	respond_list(r, &l, &p);
}

void api_participants_search(struct request *r, struct ctx *c)
{
	struct page p;
	if (api_page(r, &p, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (p.q) {
		err_field(&c->err, "q", NULL, "Skicka söktexten i innehållet, inte i adressen.");
		api_fail(r, &c->err);
		return;
	}
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	bool has_pnr, has_q, has;
	const char *pnr = json_field_text(body, "personnummer", &has_pnr, &c->err);
	p.q = json_field_text(body, "q", &has_q, &c->err);
	struct participant_filter f = {0};
	f.intervention_id = json_field_int(body, "intervention_id", &has, &c->err);
	f.municipality_code = json_field_text(body, "municipality_code", &has, &c->err);
	f.target_group = json_field_text(body, "target_group", &has, &c->err);
	f.state.status = json_field_text(body, "status", &has, &c->err);
	f.state.followup_due = json_field_bool(body, "followup_due", &has, &c->err);
	if (p.q && strlen(p.q) > 200) err_field(&c->err, "q", NULL, "Söktexten får ha högst 200 tecken.");
	if (!c->err.code && pnr && p.q) err_field(&c->err, "personnummer", NULL, "Sök antingen på personnummer eller på namn.");
	if (!c->err.code && !pnr && !(p.q && *p.q))
		err_field(&c->err, "personnummer", NULL, "Ange personnummer eller en söktext (q).");
	struct participant_list l;
	if (c->err.code || (pnr ? participant_search_pnr(c, pnr, &l) : participant_list(c, &f, &p, &l)) != 0) {
		api_fail(r, &c->err);
		return;
	}
	respond_list(r, &l, &p);
}

void api_participants_get(struct request *r, struct ctx *c)
{
	struct participant p;
	api_reply(r, c, participant_get(c, api_id_param(r, 0), &p) == 0, 200, participant_fields, &p);
}

void api_participants_create(struct request *r, struct ctx *c)
{
	struct participant_input in;
	struct participant out;
	bool ok = api_read_body(r, c, api_participant_input_fields, &in, sizeof in) &&
	          participant_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, participant_fields, &out);
}

void api_participants_update(struct request *r, struct ctx *c)
{
	struct participant_patch in;
	struct participant out;
	bool ok = api_read_body(r, c, api_participant_patch_fields, &in, sizeof in) &&
	          participant_update(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, participant_fields, &out);
}

void api_consents_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct consent_list l;
	if (api_page(r, &p, &c->err) != 0 || participant_consents(c, api_id_param(r, 0), &p, &l) != 0) {
		api_fail(r, &c->err);
		return;
	}
	api_send_page(r, consent_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_consents_create(struct request *r, struct ctx *c)
{
	struct consent in, out;
	bool ok = api_read_body(r, c, consent_fields, &in, sizeof in) &&
	          participant_add_consent(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 201, consent_fields, &out);
}

/* The body is the CSV file itself (Content-Type: text/csv). The answer
 * lists every bad line; on 422 it is a problem document with the same
 * members, so clients read one shape either way. */
void api_participants_import(struct request *r, struct ctx *c)
{
	struct csv_reader *csv = api_csv_body(r);
	if (!csv) return;
	struct import_result res;
	int rc = participant_import(c, csv, &res);
	csv_close(csv);
	if (rc != 0 && rc != ERR_INVALID) { api_fail(r, &c->err); return; }
	struct jsonw w;
	api_import_begin(r, &w, rc, &c->err);
	jw_kint(&w, "created", res.created);
	jw_kint(&w, "updated", res.updated);
	jw_kint(&w, "enrolments", res.enrolments);
	jw_kint(&w, "bad_lines", res.bad_lines);
	api_import_end(r, &w, rc, res.errors, res.nerrors);
}

void api_participants_import_template(struct request *r, struct ctx *c)
{
	struct csvw w;
	csvw_init(&w);
	if (participant_import_template(c, &w) != 0) {
		csvw_free(&w);
		api_fail(r, &c->err);
		return;
	}
	size_t len;
	char *body = csvw_finish(&w, &len);
	response_header(r, "Content-Disposition", "attachment; filename=\"deltagare-mall.csv\"");
	response_body(r, 200, "text/csv; charset=utf-8", body, len, HTTP_MEM_FREE);
}
