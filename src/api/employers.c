/* employers.c — /employers, their contact persons, and /networks: JSON ↔
 * struct employer. A sole trader's number is a personnummer, so searching
 * by it goes in a POST body (POST /employers/search), never in a URL. The
 * list also answers a CSV or XLSX file. */
#include "api.h"
#include "../base/csv_writer.h"
#include "../domain/employer.h"
#include "../se/kommun.h"
#include "../se/sni.h"
#include <string.h>

static void write_network(struct jsonw *w, const struct employer_network *n, bool description)
{
	jw_object(w);
	jw_kint(w, "id", n->id);
	jw_kstring(w, "name", n->name);
	if (description) jw_kstring(w, "description", n->description);
	jw_object_end(w);
}

/* full: with networks and workplaces (a single employer; lists leave them out). */
static void write_employer(struct jsonw *w, const struct employer *e, bool full)
{
	jw_object(w);
	jw_kint(w, "id", e->id);
	jw_kstring(w, "orgnr", e->orgnr);
	jw_kbool(w, "sole_trader", e->sole_trader);
	jw_kstring(w, "name", e->name);
	jw_kstring(w, "sni_code", e->sni_code);
	jw_kstring(w, "sni_section", e->sni_section);
	jw_kstring(w, "size_class", e->size_class);
	jw_kstring(w, "municipality_code", e->municipality_code);
	jw_kstring(w, "address", e->address);
	jw_kstring(w, "postal_code", e->postal_code);
	jw_kstring(w, "city", e->city);
	jw_kstring(w, "website", e->website);
	jw_kint_or_null(w, "main_contact_user_id", e->main_contact_user_id);
	jw_kstring(w, "main_contact_user_name", e->main_contact_user_name);
	if (full) {
		jw_key(w, "networks");
		jw_array(w);
		for (size_t i = 0; i < e->nnetworks; i++) write_network(w, &e->networks[i], false);
		jw_array_end(w);
		jw_key(w, "workplaces");
		jw_array(w);
		for (size_t i = 0; i < e->nworkplaces; i++) {
			const struct employer_workplace *p = &e->workplaces[i];
			jw_object(w);
			jw_kint(w, "id", p->id);
			jw_kstring(w, "name", p->name);
			jw_kstring(w, "address", p->address);
			jw_kstring(w, "municipality_code", p->municipality_code);
			jw_object_end(w);
		}
		jw_array_end(w);
	}
	jw_kstring(w, "created_at", e->created_at);
	jw_kstring(w, "updated_at", e->updated_at);
	jw_object_end(w);
}

static void respond_employer(struct request *r, int status, const struct employer *e)
{
	struct jsonw w;
	jw_init(&w);
	write_employer(&w, e, true);
	response_json(r, status, &w);
}

static void respond_list(struct request *r, const struct employer_list *l, const struct page *p)
{
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l->n; i++) write_employer(&w, &l->items[i], false);
	api_list_end(&w, l->total, p);
	response_json(r, 200, &w);
}

static struct employer_workplace *workplaces(json_t *body, struct arena *a, size_t *n, bool *has, struct err *e)
{
	json_t *v = json_object_get(body, "workplaces");
	*has = v != NULL;
	*n = 0;
	if (!v) return NULL;
	if (!json_is_array(v)) {
		err_field(e, "workplaces", NULL, "Ska vara en lista med arbetsställen.");
		return NULL;
	}
	struct employer_workplace *out = arena_alloc(a, sizeof *out * (json_array_size(v) + 1));
	size_t i;
	json_t *item;
	bool h;
	json_array_foreach(v, i, item) {
		memset(&out[i], 0, sizeof out[i]);
		if (!json_is_object(item)) {
			err_field(e, arena_printf(a, "workplaces[%zu]", i), NULL, "Ska vara ett objekt.");
			continue;
		}
		out[i].name = json_field_text(item, "name", &h, e);
		out[i].address = json_field_text(item, "address", &h, e);
		out[i].municipality_code = json_field_text(item, "municipality_code", &h, e);
	}
	*n = json_array_size(v);
	return out;
}

int api_employer_from_json(json_t *body, struct arena *a, struct employer_input *in, struct err *e)
{
	memset(in, 0, sizeof *in);
	in->orgnr = json_field_text(body, "orgnr", &in->has_orgnr, e);
	in->name = json_field_text(body, "name", &in->has_name, e);
	in->sni_code = json_field_text(body, "sni_code", &in->has_sni_code, e);
	in->size_class = json_field_text(body, "size_class", &in->has_size_class, e);
	in->municipality_code = json_field_text(body, "municipality_code", &in->has_municipality_code, e);
	in->address = json_field_text(body, "address", &in->has_address, e);
	in->postal_code = json_field_text(body, "postal_code", &in->has_postal_code, e);
	in->city = json_field_text(body, "city", &in->has_city, e);
	in->website = json_field_text(body, "website", &in->has_website, e);
	in->main_contact_user_id = json_field_int(body, "main_contact_user_id", &in->has_main_contact_user_id, e);
	in->network_ids = json_field_int_list(body, "network_ids", a, &in->nnetwork_ids, &in->has_network_ids, e);
	in->workplaces = workplaces(body, a, &in->nworkplaces, &in->has_workplaces, e);
	in->sni_section = json_field_text(body, "sni_section", &in->has_sni_section, e);
	in->sole_trader = json_field_bool(body, "sole_trader", &in->has_sole_trader, e);
	return e->code;
}

/* The list as a file (format=csv|xlsx), through api_list_file, with the
 * industry's and the municipality's names beside their codes. */
struct employers_file {
	const struct employer_filter *f;
	struct employer_list l;
};

static int read_employers(struct ctx *c, void *arg, const struct page *p, size_t *n, int64_t *total)
{
	struct employers_file *ef = arg;
	int rc = employer_list(c, ef->f, p, &ef->l);
	*n = ef->l.n;
	*total = ef->l.total;
	return rc;
}

static void write_employer_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r, (void)c;
	const struct employer *e = &((struct employers_file *)arg)->l.items[i];
	csvw_text(w, e->orgnr);
	csvw_text(w, e->name);
	csvw_text(w, e->sni_code);
	csvw_text(w, e->sni_code ? sni_title(e->sni_code) : NULL);
	csvw_text(w, e->size_class);
	csvw_text(w, e->municipality_code);
	csvw_text(w, e->municipality_code ? kommun_name(e->municipality_code) : NULL);
	csvw_text(w, e->address);
	csvw_text(w, e->postal_code);
	csvw_text(w, e->city);
	csvw_text(w, e->main_contact_user_name);
	csvw_row_end(w);
}

static void employers_file(struct request *r, struct ctx *c, const struct employer_filter *f, enum api_format fmt)
{
	const char *about[6];
	size_t n = 0;
	if (f->q) about[n++] = arena_printf(&r->arena, "Namnet börjar med: %s", f->q);
	if (f->sni) about[n++] = arena_printf(&r->arena, "Bransch (SNI): %s", f->sni);
	if (f->municipality_code) about[n++] = arena_printf(&r->arena, "Kommun: %s", f->municipality_code);
	if (f->size_class) about[n++] = arena_printf(&r->arena, "Storleksklass: %s anställda", f->size_class);
	if (f->network_id) about[n++] = arena_printf(&r->arena, "Nätverk: id %lld", (long long)f->network_id);
	if (f->ssyk) about[n++] = arena_printf(&r->arena, "Rekryteringsbehov (SSYK): %s", f->ssyk);
	static const char *const head[] = {"Organisationsnummer", "Namn", "SNI-kod", "Bransch", "Storleksklass (anställda)",
					   "Kommunkod", "Kommun", "Adress", "Postnummer", "Ort", "Huvudkontakt"};
	struct employers_file ef = {.f = f};
	api_list_file(r, c, fmt,
		      &(struct api_list_file){.title = "Arbetsgivare", .name = "arbetsgivare", .noun = "arbetsgivare", .head = head,
					      .nhead = sizeof head / sizeof head[0], .about = about, .nabout = n,
					      .read = read_employers, .write = write_employer_row, .arg = &ef});
}

void api_employers_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct employer_filter f = {0};
	struct employer_list l;
	api_page(r, &p, &c->err);
	f.q = p.q;
	f.sni = request_query(r, "sni");
	f.municipality_code = request_query(r, "municipality_code");
	f.size_class = request_query(r, "size_class");
	f.network_id = api_id_query(r, "network_id", &c->err);
	f.ssyk = request_query(r, "ssyk");
	enum api_format fmt;
	api_format_param(r, &fmt, &c->err);
	/* employer_list adds its own findings to those above and then stops. */
	if (!c->err.code && fmt != API_FORMAT_JSON) { employers_file(r, c, &f, fmt); return; }
	if (employer_list(c, &f, &p, &l) != 0) { api_fail(r, &c->err); return; }
	respond_list(r, &l, &p);
}

void api_employers_search(struct request *r, struct ctx *c)
{
	struct page p;
	if (api_page(r, &p, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (p.q) {
		err_field(&c->err, "q", NULL, "Skicka organisationsnumret i innehållet, inte i adressen.");
		api_fail(r, &c->err);
		return;
	}
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	bool has;
	const char *orgnr = json_field_text(body, "orgnr", &has, &c->err);
	if (!c->err.code && !orgnr) err_field(&c->err, "orgnr", NULL, "Ange organisationsnummer eller personnummer.");
	struct employer_list l;
	int rc = c->err.code ? c->err.code : employer_find_orgnr(c, orgnr, &l);
	json_decref(body);
	if (rc) { api_fail(r, &c->err); return; }
	respond_list(r, &l, &p);
}

void api_employers_get(struct request *r, struct ctx *c)
{
	struct employer e;
	if (employer_get(c, api_id_param(r, 0), &e) != 0) { api_fail(r, &c->err); return; }
	respond_employer(r, 200, &e);
}

void api_employers_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct employer_input in;
	struct employer out;
	if (api_employer_from_json(body, c->arena, &in, &c->err) == 0 && employer_create(c, &in, &out) == 0)
		respond_employer(r, 201, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_employers_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct employer_input in;
	struct employer out;
	if (api_employer_from_json(body, c->arena, &in, &c->err) == 0 &&
	    employer_update(c, api_id_param(r, 0), &in, &out) == 0)
		respond_employer(r, 200, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

/* ---- contact persons ---- */

static void write_person(struct jsonw *w, const struct employer_person *p)
{
	jw_object(w);
	jw_kint(w, "id", p->id);
	jw_kint(w, "employer_id", p->employer_id);
	jw_kstring(w, "name", p->name);
	jw_kstring(w, "role", p->role);
	jw_kstring(w, "phone", p->phone);
	jw_kstring(w, "email", p->email);
	jw_object_end(w);
}

static void respond_person(struct request *r, int status, const struct employer_person *p)
{
	struct jsonw w;
	jw_init(&w);
	write_person(&w, p);
	response_json(r, status, &w);
}

int api_employer_person_from_json(json_t *body, struct employer_person_input *in, struct err *e)
{
	memset(in, 0, sizeof *in);
	in->name = json_field_text(body, "name", &in->has_name, e);
	in->role = json_field_text(body, "role", &in->has_role, e);
	in->phone = json_field_text(body, "phone", &in->has_phone, e);
	in->email = json_field_text(body, "email", &in->has_email, e);
	return e->code;
}

void api_employer_persons_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct employer_person_list l;
	if (api_page(r, &p, &c->err) != 0 || employer_person_list(c, api_id_param(r, 0), &p, &l) != 0) {
		api_fail(r, &c->err);
		return;
	}
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) write_person(&w, &l.items[i]);
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}

void api_employer_persons_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct employer_person_input in;
	struct employer_person out;
	if (api_employer_person_from_json(body, &in, &c->err) == 0 &&
	    employer_person_create(c, api_id_param(r, 0), &in, &out) == 0)
		respond_person(r, 201, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_employer_persons_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct employer_person_input in;
	struct employer_person out;
	if (api_employer_person_from_json(body, &in, &c->err) == 0 &&
	    employer_person_update(c, api_id_param(r, 0), api_id_param(r, 1), &in, &out) == 0)
		respond_person(r, 200, &out);
	else
		api_fail(r, &c->err);
	json_decref(body);
}

void api_employer_persons_delete(struct request *r, struct ctx *c)
{
	if (employer_person_delete(c, api_id_param(r, 0), api_id_param(r, 1)) != 0) { api_fail(r, &c->err); return; }
	response_empty(r, 204);
}

/* ---- networks ---- */

void api_networks_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct network_list l;
	if (api_page(r, &p, &c->err) != 0 || network_list(c, &p, &l) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) write_network(&w, &l.items[i], true);
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}

void api_networks_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	bool has;
	struct employer_network in = {0}, out;
	in.name = json_field_text(body, "name", &has, &c->err);
	in.description = json_field_text(body, "description", &has, &c->err);
	if (!c->err.code && network_create(c, &in, &out) == 0) {
		struct jsonw w;
		jw_init(&w);
		write_network(&w, &out, true);
		response_json(r, 201, &w);
	} else {
		api_fail(r, &c->err);
	}
	json_decref(body);
}
