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

static void write_consent(struct jsonw *w, const struct consent *k)
{
	jw_object(w);
	jw_kint(w, "id", k->id);
	jw_kstring(w, "status", k->status);
	jw_kstring(w, "date", k->date);
	jw_kstring(w, "scope", k->scope);
	jw_kint_or_null(w, "recorded_by_user_id", k->recorded_by_user_id);
	jw_kstring(w, "created_at", k->created_at);
	jw_object_end(w);
}

/* Anonymous participants have no name, personnummer or birth date keys,
 * and a local reference instead. */
static void write_participant(struct jsonw *w, const struct participant *p)
{
	jw_object(w);
	jw_kint(w, "id", p->id);
	jw_kbool(w, "anonymous", p->anonymous);
	if (p->anonymous) jw_kstring(w, "local_ref", p->local_ref);
	if (!p->anonymous) {
		jw_kstring(w, "personnummer", p->personnummer);
		jw_kstring(w, "first_name", p->first_name);
		jw_kstring(w, "last_name", p->last_name);
	}
	jw_kstring(w, "sex", p->sex);
	if (!p->anonymous) jw_kstring(w, "birth_date", p->birth_date);
	jw_kint(w, "birth_year", p->birth_year);
	jw_kstring(w, "municipality_code", p->municipality_code);
	jw_key(w, "target_groups");
	jw_array(w);
	for (size_t i = 0; i < p->ntarget_groups; i++) jw_string(w, p->target_groups[i]);
	jw_array_end(w);
	jw_kbool(w, "protected_identity", p->protected_identity);
	jw_key(w, "consent");
	if (p->consent) write_consent(w, p->consent); else jw_null(w);
	jw_object_end(w);
}

static void respond_participant(struct request *r, int status, const struct participant *p)
{
	struct jsonw w;
	jw_init(&w);
	write_participant(&w, p);
	response_json(r, status, &w);
}

static void respond_list(struct request *r, const struct participant_list *l, const struct page *p)
{
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l->n; i++) write_participant(&w, &l->items[i]);
	api_list_end_bounded(&w, l->total, l->total_bounded, p);
	response_json(r, 200, &w);
}

/* The list as a file (format=csv|xlsx), through api_list_file: each page
 * audited as the list is; the XLSX says what was chosen. */
struct participants_file {
	const struct participant_filter *f;
	struct participant_list l;
	struct target_group_list groups;
};

static int read_participants(struct ctx *c, void *arg, const struct page *p, size_t *n, int64_t *total)
{
	struct participants_file *pf = arg;
	int rc = participant_list(c, pf->f, p, &pf->l);
	*n = pf->l.n;
	*total = pf->l.total_bounded ? -pf->l.total : pf->l.total;
	return rc;
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
					      .read = read_participants, .write = write_participant_row, .arg = &pf});
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
	int rc = c->err.code;
	if (!rc) rc = pnr ? participant_search_pnr(c, pnr, &l) : participant_list(c, &f, &p, &l);
	json_decref(body);
	if (rc) { api_fail(r, &c->err); return; }
	respond_list(r, &l, &p);
}

void api_participants_get(struct request *r, struct ctx *c)
{
	struct participant p;
	if (participant_get(c, api_id_param(r, 0), &p) != 0) { api_fail(r, &c->err); return; }
	respond_participant(r, 200, &p);
}

static const char **target_groups(json_t *body, bool *has, size_t *n, struct arena *a, struct err *e)
{
	json_t *v = json_object_get(body, "target_groups");
	*has = v != NULL;
	return json_value_texts(v, "target_groups", n, a, e);
}

int api_participant_input_from_json(json_t *body, struct arena *a, struct participant_input *in, struct err *e)
{
	bool has;
	memset(in, 0, sizeof *in);
	/* personnummer first: its error leads invalid_parameters. */
	in->personnummer = json_field_text(body, "personnummer", &has, e);
	in->anonymous = json_field_bool(body, "anonymous", &has, e);
	in->protected_identity = json_field_bool(body, "protected_identity", &has, e);
	in->first_name = json_field_text(body, "first_name", &has, e);
	in->last_name = json_field_text(body, "last_name", &has, e);
	in->sex = json_field_text(body, "sex", &has, e);
	in->municipality_code = json_field_text(body, "municipality_code", &has, e);
	in->birth_year = json_field_int(body, "birth_year", &in->has_birth_year, e);
	if (in->has_birth_year && json_is_null(json_object_get(body, "birth_year"))) in->has_birth_year = false;
	in->target_groups = target_groups(body, &has, &in->ntarget_groups, a, e);
	return e->code;
}

int api_participant_patch_from_json(json_t *body, struct arena *a, struct participant_patch *in, struct err *e)
{
	memset(in, 0, sizeof *in);
	in->personnummer = json_field_text(body, "personnummer", &in->has_personnummer, e);
	in->anonymous = json_field_bool(body, "anonymous", &in->has_anonymous, e);
	in->protected_identity = json_field_bool(body, "protected_identity", &in->has_protected_identity, e);
	in->first_name = json_field_text(body, "first_name", &in->has_first_name, e);
	in->last_name = json_field_text(body, "last_name", &in->has_last_name, e);
	in->sex = json_field_text(body, "sex", &in->has_sex, e);
	in->municipality_code = json_field_text(body, "municipality_code", &in->has_municipality_code, e);
	in->birth_year = json_field_int(body, "birth_year", &in->has_birth_year, e);
	bool has_reason;
	in->reason = json_field_text(body, "reason", &has_reason, e);
	in->target_groups = target_groups(body, &in->has_target_groups, &in->ntarget_groups, a, e);
	return e->code;
}

void api_participants_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct participant_input in;
	struct participant out;
	if (api_participant_input_from_json(body, c->arena, &in, &c->err) == 0 && participant_create(c, &in, &out) == 0)
		respond_participant(r, 201, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_participants_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct participant_patch in;
	struct participant out;
	if (api_participant_patch_from_json(body, c->arena, &in, &c->err) == 0 &&
	    participant_update(c, api_id_param(r, 0), &in, &out) == 0)
		respond_participant(r, 200, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_consents_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct consent_list l;
	if (api_page(r, &p, &c->err) != 0 || participant_consents(c, api_id_param(r, 0), &p, &l) != 0) {
		api_fail(r, &c->err);
		return;
	}
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) write_consent(&w, &l.items[i]);
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}

void api_consents_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	bool has;
	struct consent in = {0}, out;
	in.status = json_field_text(body, "status", &has, &c->err);
	in.date = json_field_text(body, "date", &has, &c->err);
	in.scope = json_field_text(body, "scope", &has, &c->err);
	if (c->err.code == 0 && participant_add_consent(c, api_id_param(r, 0), &in, &out) == 0) {
		struct jsonw w;
		jw_init(&w);
		write_consent(&w, &out);
		response_json(r, 201, &w);
	} else {
		api_fail(r, &c->err);
	}
	json_decref(body);
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
