/* fuzz_request.c — libFuzzer target for the request path from raw bytes to
 * a handler's input, without a socket or a database.
 *
 * Input: "METHOD URL\nBODY" (or "URL\nBODY", then the method is GET). The
 * URL is split at '?'; the path is percent-decoded as the server sees it,
 * the query parsed into arguments; then the router, paging, id parameters,
 * the JSON body reader and the JSON → input struct mappings the user, org,
 * participant, enrolment, intervention, volume, attendee, target group,
 * settings, employer, contact person and recruitment need handlers use, the problem+json answer for any error, and the
 * body as a CSV file the way the imports read it, every field and query
 * value also through the Swedish identifiers and code lists an import
 * checks (personnummer, organisationsnummer, SNI, SSYK, size class,
 * kommun). Checks the invariants each step promises and traps when one
 * breaks. */
#include "api/api.h"
#include "base/clock.h"
#include "base/csv_reader.h"
#include "base/log.h"
#include "domain/attendee.h"
#include "domain/employer.h"
#include "domain/enrolment.h"
#include "domain/intervention.h"
#include "domain/need.h"
#include "domain/org.h"
#include "domain/participant.h"
#include "domain/settings.h"
#include "domain/target_group.h"
#include "domain/user.h"
#include "domain/volume.h"
#include "se/personnummer.h"
#include "se/kommun.h"
#include "se/orgnr.h"
#include "se/size_class.h"
#include "se/sni.h"
#include "se/ssyk.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	log_set_quiet(1);
	return 0;
}

static const unsigned all_roles = (1u << ROLE_COUNT) - 1;

static void check_err(const struct err *e)
{
	CHECK(e->nparams >= 0 && e->nparams <= ERR_MAX_PARAMS);
	CHECK(memchr(e->msg, 0, sizeof e->msg) != NULL);
	for (int i = 0; i < e->nparams; i++) {
		CHECK(memchr(e->params[i].name, 0, sizeof e->params[i].name) != NULL);
		CHECK(memchr(e->params[i].value, 0, sizeof e->params[i].value) != NULL);
	}
}

/* The answer a handler would give for e: must be valid JSON with the
 * status and one entry per invalid field. from_json: the values came from
 * a JSON document (valid UTF-8), so none may be lost on the way out. */
static void check_problem(struct request *r, const struct err *e, bool from_json)
{
	check_err(e);
	api_fail(r, e);
	CHECK(r->status >= 400 && r->status <= 599);
	CHECK(r->resp != NULL);
	json_t *p = json_loadb(r->resp, r->resp_len, 0, NULL);
	CHECK(p != NULL);
	CHECK(json_integer_value(json_object_get(p, "status")) == r->status);
	CHECK(json_is_string(json_object_get(p, "detail")));
	json_t *params = json_object_get(p, "invalid_parameters");
	CHECK(e->nparams == 0 ? params == NULL : (int)json_array_size(params) == e->nparams);
	for (int i = 0; from_json && i < e->nparams; i++)
		CHECK(!e->params[i].value[0] || json_is_string(json_object_get(json_array_get(params, (size_t)i), "value")));
	json_decref(p);
}

static void map_body(struct request *r, json_t *body)
{
	struct err e;
	struct user_input ui;
	err_clear(&e);
	if (api_read_fields(body, api_user_input_fields, NULL, &ui, sizeof ui, &e) == 0) {
		CHECK((ui.roles & ~all_roles) == 0);
		CHECK(!ui.password_is_final);
	} else {
		CHECK(e.code == ERR_INVALID && e.nparams > 0);
		check_problem(r, &e, true);
	}

	struct user_patch up;
	err_clear(&e);
	if (api_read_fields(body, api_user_patch_fields, NULL, &up, sizeof up, &e) == 0) {
		CHECK((up.roles & ~all_roles) == 0);
		CHECK(up.has_name || !up.name);
		CHECK(up.has_email || !up.email);
		CHECK(up.has_password || !up.password);
		CHECK(up.has_org_id || up.org_id == 0);
		CHECK(up.has_active || !up.active);
	} else {
		CHECK(e.code == ERR_INVALID && e.nparams > 0);
		check_problem(r, &e, true);
	}

	struct org o;
	err_clear(&e);
	if (api_read_fields(body, api_org_fields, NULL, &o, sizeof o, &e) == 0) {
		CHECK(o.id == 0);
		/* What the domain checks next: kind and municipality code. */
		if (o.kind) (void)org_kind_valid(o.kind);
		if (o.municipality_code) (void)kommun_name(o.municipality_code);
	} else {
		CHECK(e.code == ERR_INVALID);
		check_problem(r, &e, true);
	}

	struct org_patch op;
	err_clear(&e);
	if (api_read_fields(body, api_org_patch_fields, NULL, &op, sizeof op, &e) == 0) {
		CHECK(op.has_name || !op.name);
		CHECK(op.has_kind || !op.kind);
		CHECK(op.has_municipality_code || !op.municipality_code);
	} else {
		CHECK(e.code == ERR_INVALID);
		check_problem(r, &e, true);
	}

	struct participant_input pi;
	err_clear(&e);
	if (api_read_fields(body, api_participant_input_fields, &r->arena, &pi, sizeof pi, &e) == 0) {
		CHECK(pi.ntarget_groups <= 100 && pi.target_groups);
		for (size_t i = 0; i < pi.ntarget_groups; i++) CHECK(pi.target_groups[i]);
		/* What the domain does next with the personnummer. */
		struct pnr pnr;
		if (pi.personnummer && pnr_parse_at(pi.personnummer, 2025, 3, 15, &pnr) == PNR_OK)
			CHECK(strlen(pnr.normalized) == 12 && (pnr.sex == PNR_FEMALE || pnr.sex == PNR_MALE));
	} else {
		CHECK(e.code == ERR_INVALID && e.nparams > 0);
		check_problem(r, &e, true);
	}

	struct participant_patch pp;
	err_clear(&e);
	if (api_read_fields(body, api_participant_patch_fields, &r->arena, &pp, sizeof pp, &e) == 0) {
		CHECK(pp.has_target_groups || pp.ntarget_groups == 0);
		CHECK(pp.has_personnummer || !pp.personnummer);
		CHECK(pp.has_anonymous || !pp.anonymous);
	} else {
		CHECK(e.code == ERR_INVALID && e.nparams > 0);
		check_problem(r, &e, true);
	}

	/* The intervention side: success or a well-formed problem. A POST of
	 * an intervention or an attendee reads the patch and takes its v. */
	struct intervention_patch ivp;
	struct volume vo;
	struct attendee_patch atp;
	struct target_group tg;
	struct target_group_patch tgp;
	struct settings_patch sp;
	struct employer_input emi;
	struct employer_person_input epi;
	struct need_input ni;
	int rcs[9];
	struct err es[9];
	for (int i = 0; i < 9; i++) err_clear(&es[i]);
	rcs[0] = api_read_fields(body, api_intervention_patch_fields, &r->arena, &ivp, sizeof ivp, &es[0]);
	rcs[1] = api_read_fields(body, api_volume_fields, NULL, &vo, sizeof vo, &es[1]);
	rcs[2] = api_read_fields(body, api_attendee_fields, NULL, &atp, sizeof atp, &es[2]);
	rcs[3] = api_read_fields(body, api_target_group_fields, NULL, &tg, sizeof tg, &es[3]);
	rcs[4] = api_read_fields(body, api_target_group_patch_fields, NULL, &tgp, sizeof tgp, &es[4]);
	rcs[5] = api_settings_patch_from_json(body, &sp, &es[5]);
	rcs[6] = api_read_fields(body, api_employer_input_fields, &r->arena, &emi, sizeof emi, &es[6]);
	rcs[7] = api_read_fields(body, api_employer_person_input_fields, NULL, &epi, sizeof epi, &es[7]);
	rcs[8] = api_read_fields(body, api_need_fields, NULL, &ni, sizeof ni, &es[8]);
	for (int i = 0; i < 9; i++) {
		if (rcs[i] == 0) continue;
		CHECK(rcs[i] == ERR_INVALID && es[i].code == ERR_INVALID);
		check_problem(r, &es[i], true);
	}
	if (rcs[0] == 0) {
		const struct intervention *iv = &ivp.v;
		CHECK(iv->n_partners == 0 || iv->partner_org_ids);
		CHECK(iv->n_target_groups == 0 || iv->target_groups);
		CHECK(iv->n_budgets == 0 || iv->budgets);
		CHECK(iv->n_goals == 0 || iv->goals);
	}

	struct enrolment_input ei;
	err_clear(&e);
	if (api_read_fields(body, api_enrolment_input_fields, &r->arena, &ei, sizeof ei, &e) == 0) {
		CHECK(ei.has_start_date || !ei.e.start_date);
		CHECK(ei.has_income_before || ei.e.income_before.n == 0);
		CHECK(ei.e.income_before.n <= 100 && ei.e.income_after.n <= 100);
		CHECK(ei.e.nanswers_start <= 50 && ei.e.nanswers_exit <= 50);
		for (size_t i = 0; i < ei.e.nanswers_start; i++) {
			const struct answer *a = &ei.e.answers_start[i];
			CHECK(a->list && (a->n == 0 || a->codes));
			for (size_t k = 0; k < a->n; k++) CHECK(a->codes[k]);
		}
	} else {
		CHECK(e.code == ERR_INVALID && e.nparams > 0);
		check_problem(r, &e, true);
	}
}

/* One text as an import's line checks read a field: whatever it is, each
 * parser answers in its own terms, and what it accepts is well formed. */
static void fuzz_identifiers(const char *v)
{
	struct pnr pnr;
	int prc = pnr_parse_at(v, 2026, 11, 23, &pnr);
	CHECK(prc == PNR_OK || (pnr_error_text(prc) && *pnr_error_text(prc)));
	struct orgnr o;
	int rc = orgnr_parse_at(v, 2026, 11, 23, &o);
	if (rc == ORGNR_OK) {
		CHECK(strlen(o.normalized) == 10 && strspn(o.normalized, "0123456789") == 10);
		CHECK(o.type == ORGNR_LEGAL_PERSON || o.type == ORGNR_SOLE_TRADER);
		CHECK(o.type == ORGNR_SOLE_TRADER ? o.group == 0 : o.group >= 1 && o.group <= 9);
		struct orgnr again;
		CHECK(orgnr_parse_at(o.normalized, 2026, 11, 23, &again) == ORGNR_OK);
		CHECK(strcmp(again.normalized, o.normalized) == 0);
	} else {
		CHECK(orgnr_error_text(rc) && *orgnr_error_text(rc));
	}
	char code[SNI_CODE_SIZE > SSYK_CODE_SIZE ? SNI_CODE_SIZE : SSYK_CODE_SIZE];
	if (sni_normalize(v, code)) {
		CHECK(strlen(code) >= 1 && strlen(code) <= 5);
		if (sni_valid(code)) CHECK(sni_title(code) && sni_section(code) && sni_level(code) != SNI_NONE);
		else CHECK(sni_error_text(code) && !sni_title(code));
	} else {
		CHECK(code[0] == 0);
	}
	if (ssyk_normalize(v, code)) {
		if (ssyk_valid(code)) CHECK(ssyk_title(code) && ssyk_level(code) != SSYK_NONE);
		else CHECK(ssyk_error_text(code) && !ssyk_title(code));
	}
	if (size_class_valid(v)) CHECK(size_class_index(v) >= 0);
	const char *k = kommun_name(v);
	CHECK(!k || (strlen(v) == 4 && *k));
}

/* The body as an uploaded CSV file: every record's fields are strings of
 * the length the reader reports, without NUL bytes, and a failed reader
 * stays failed with a Swedish reason naming a line. */
static void fuzz_csv(const char *body, size_t len)
{
	struct csv_limits lim = {.max_field = 256, .max_record = 1024, .max_fields = 32};
	struct csv_reader *csv = csv_open_mem(body, len, &lim);
	struct err e;
	err_clear(&e);
	int rc, records = 0;
	long last_line = 0;
	while ((rc = csv_next(csv, &e)) == 1 && records++ < 1000) {
		CHECK(csv_nfields(csv) >= 1 && csv_nfields(csv) <= 32);
		CHECK(csv_line(csv) > last_line);
		last_line = csv_line(csv);
		for (size_t i = 0; i < csv_nfields(csv); i++) {
			CHECK(strlen(csv_field(csv, i)) == csv_field_len(csv, i));
			fuzz_identifiers(csv_field(csv, i));
		}
		char sep = csv_separator(csv);
		CHECK(sep == ',' || sep == ';');
	}
	if (rc < 0) {
		CHECK(e.code == ERR_INVALID || e.code == ERR_INTERNAL);
		CHECK(strncmp(e.msg, "Rad ", 4) == 0 && csv_error_reason(csv)[0]);
		check_err(&e);
		CHECK(csv_next(csv, &e) < 0);
	}
	csv_close(csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request r;
	request_init(&r);

	/* First line: request line; the rest: the body. */
	const uint8_t *nl = memchr(data, '\n', size);
	size_t line_len = nl ? (size_t)(nl - data) : size;
	char *line = arena_strndup(&r.arena, (const char *)data, line_len);
	const char *body = nl ? (const char *)nl + 1 : NULL;
	size_t body_len = nl ? size - line_len - 1 : 0;

	char *url = line, *sp = strchr(line, ' ');
	r.method = "GET";
	if (sp) {
		*sp = 0;
		r.method = line;
		url = sp + 1;
	}

	/* The path as the server sees it: without the query, decoded. */
	char *query = strchr(url, '?');
	if (query) *query++ = 0;
	size_t raw_len = strlen(url);
	long n = http_url_decode(url, false);
	if (n >= 0) {
		CHECK((size_t)n <= raw_len && (size_t)n == strlen(url));
		r.path = url;
	} else {
		r.path = "/";
	}
	request_parse_query(&r, query);
	for (struct http_kv *kv = r.query; kv; kv = kv->next) {
		CHECK(kv->name && kv->value);
		(void)request_query(&r, kv->name);
		fuzz_identifiers(kv->value);
	}

	/* Route, paging, ids. */
	const struct route *rt = NULL;
	int m = router_match(api_routes, api_routes_count, &r, &rt);
	CHECK(m == ROUTER_MATCH || m == ROUTER_NO_PATH || m == ROUTER_NO_METHOD);
	CHECK(r.nparams >= 0 && r.nparams <= REQUEST_MAX_PARAMS);
	if (m == ROUTER_MATCH) {
		CHECK(rt && rt->handler && strcmp(rt->method, r.method) == 0);
		for (int i = 0; i < r.nparams; i++) CHECK(*r.params[i] && !strchr(r.params[i], '/'));
	} else {
		CHECK(r.nparams == 0);
		const char *allow = router_allow(api_routes, api_routes_count, &r);
		CHECK(allow && (m == ROUTER_NO_METHOD) == (*allow != 0));
	}
	for (int i = 0; i <= REQUEST_MAX_PARAMS; i++) CHECK(api_id_param(&r, i) >= 0);

	struct page p;
	struct err e;
	err_clear(&e);
	if (api_page(&r, &p, &e) == 0) {
		CHECK(p.limit >= 1 && p.limit <= PAGE_MAX_LIMIT && p.offset >= 0);
	} else {
		CHECK(e.code == ERR_INVALID && e.nparams >= 1 && e.nparams <= 3);
		check_problem(&r, &e, false);
	}
	/* The audit filter's dates. */
	const char *from = request_query(&r, "from");
	if (from) (void)clock_valid_date(from);

	/* The body, as a handler reads it. */
	if (body) {
		r.body = arena_strndup(&r.arena, body, body_len);
		r.body_len = body_len;
	}
	err_clear(&e);
	json_t *obj = api_body_object(&r, &e);
	if (obj) {
		CHECK(json_is_object(obj) && e.code == 0);
		map_body(&r, obj); /* obj is freed with r */
	} else {
		CHECK(e.code == ERR_MALFORMED);
		check_problem(&r, &e, false);
	}

	if (body) fuzz_csv(body, body_len);

	request_free(&r);
	return 0;
}
