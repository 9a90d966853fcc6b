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

static const struct api_field network_fields[] = {
	API_OUT_FIELD(API_INT, struct employer_network, id),
	API_FIELD(API_TEXT, struct employer_network, name),
	API_FIELD(API_TEXT, struct employer_network, description),
	API_END,
};

/* An employer's networks and workplaces, written for one employer alone. */
static const struct api_field employer_network_fields[] = {
	API_FIELD(API_INT, struct employer_network, id),
	API_FIELD(API_TEXT, struct employer_network, name),
	API_END,
};

static const struct api_field workplace_fields[] = {
	API_FIELD(API_INT, struct employer_workplace, id),
	API_FIELD(API_TEXT, struct employer_workplace, name),
	API_FIELD(API_TEXT, struct employer_workplace, address),
	API_FIELD(API_TEXT, struct employer_workplace, municipality_code),
	API_END,
};

static const struct api_field employer_fields[] = {
	API_FIELD(API_INT, struct employer, id),
	API_FIELD(API_TEXT, struct employer, orgnr),
	API_FIELD(API_BOOL, struct employer, sole_trader),
	API_FIELD(API_TEXT, struct employer, name),
	API_FIELD(API_TEXT, struct employer, sni_code),
	API_FIELD(API_TEXT, struct employer, sni_section),
	API_FIELD(API_TEXT, struct employer, size_class),
	API_FIELD(API_TEXT, struct employer, municipality_code),
	API_FIELD(API_TEXT, struct employer, address),
	API_FIELD(API_TEXT, struct employer, postal_code),
	API_FIELD(API_TEXT, struct employer, city),
	API_FIELD(API_TEXT, struct employer, website),
	API_FIELD(API_ID, struct employer, main_contact_user_id),
	API_FIELD(API_TEXT, struct employer, main_contact_user_name),
	{.name = "networks", .kind = API_ARRAY, .at = offsetof(struct employer, networks),
	 .n = offsetof(struct employer, nnetworks), .size = sizeof(struct employer_network), .sub = employer_network_fields,
	 .flags = API_ALONE},
	{.name = "workplaces", .kind = API_ARRAY, .at = offsetof(struct employer, workplaces),
	 .n = offsetof(struct employer, nworkplaces), .size = sizeof(struct employer_workplace), .sub = workplace_fields,
	 .flags = API_ALONE},
	API_FIELD(API_TEXT, struct employer, created_at),
	API_FIELD(API_TEXT, struct employer, updated_at),
	API_END,
};

/* A list of workplaces replaces the employer's; a wrong member of one is
 * named as it is (not "workplaces[i].name"). */
static void read_workplaces(json_t *body, const struct api_field *f, struct arena *a, void *input, struct err *e)
{
	(void)f;
	struct employer_input *in = input;
	json_t *v = json_object_get(body, "workplaces");
	in->has_workplaces = v != NULL;
	if (!v) return;
	if (!json_is_array(v)) {
		err_field(e, "workplaces", NULL, "Ska vara en lista med arbetsställen.");
		return;
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
	in->workplaces = out;
	in->nworkplaces = json_array_size(v);
}

const struct api_field api_employer_input_fields[] = {
	API_SENT(API_TEXT, struct employer_input, orgnr),
	API_SENT(API_TEXT, struct employer_input, name),
	API_SENT(API_TEXT, struct employer_input, sni_code),
	API_SENT(API_TEXT, struct employer_input, size_class),
	API_SENT(API_TEXT, struct employer_input, municipality_code),
	API_SENT(API_TEXT, struct employer_input, address),
	API_SENT(API_TEXT, struct employer_input, postal_code),
	API_SENT(API_TEXT, struct employer_input, city),
	API_SENT(API_TEXT, struct employer_input, website),
	API_SENT(API_INT, struct employer_input, main_contact_user_id),
	{.name = "network_ids", .kind = API_INTS, .at = offsetof(struct employer_input, network_ids),
	 .n = offsetof(struct employer_input, nnetwork_ids), .has = API_AT(struct employer_input, has_network_ids)},
	{.name = "workplaces", .kind = API_CUSTOM, .read = read_workplaces},
	API_SENT(API_TEXT, struct employer_input, sni_section),
	API_SENT(API_BOOL, struct employer_input, sole_trader),
	API_END,
};

/* The list as a file (format=csv|xlsx), through api_list_file, with the
 * industry's and the municipality's names beside their codes. */
struct employers_file {
	const struct employer_filter *f;
	struct employer_list l;
};

static int read_employers(struct ctx *c, void *arg, const struct page *p)
{
	struct employers_file *ef = arg;
	return employer_list(c, ef->f, p, &ef->l);
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
					      .read = read_employers, .write = write_employer_row, .arg = &ef,
					      .n = &ef.l.n, .total = &ef.l.total});
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
	api_send_page(r, employer_fields, l.items, sizeof *l.items, l.n, l.total, &p);
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
	if (c->err.code || employer_find_orgnr(c, orgnr, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, employer_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_employers_get(struct request *r, struct ctx *c)
{
	struct employer e;
	api_reply(r, c, employer_get(c, api_id_param(r, 0), &e) == 0, 200, employer_fields, &e);
}

void api_employers_create(struct request *r, struct ctx *c)
{
	struct employer_input in;
	struct employer out;
	bool ok = api_read_body(r, c, api_employer_input_fields, &in, sizeof in) && employer_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, employer_fields, &out);
}

void api_employers_update(struct request *r, struct ctx *c)
{
	struct employer_input in;
	struct employer out;
	bool ok = api_read_body(r, c, api_employer_input_fields, &in, sizeof in) &&
	          employer_update(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, employer_fields, &out);
}

/* ---- contact persons ---- */

static const struct api_field person_fields[] = {
	API_FIELD(API_INT, struct employer_person, id),
	API_FIELD(API_INT, struct employer_person, employer_id),
	API_FIELD(API_TEXT, struct employer_person, name),
	API_FIELD(API_TEXT, struct employer_person, role),
	API_FIELD(API_TEXT, struct employer_person, phone),
	API_FIELD(API_TEXT, struct employer_person, email),
	API_END,
};

const struct api_field api_employer_person_input_fields[] = {
	API_SENT(API_TEXT, struct employer_person_input, name),
	API_SENT(API_TEXT, struct employer_person_input, role),
	API_SENT(API_TEXT, struct employer_person_input, phone),
	API_SENT(API_TEXT, struct employer_person_input, email),
	API_END,
};

void api_employer_persons_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct employer_person_list l;
	if (api_page(r, &p, &c->err) != 0 || employer_person_list(c, api_id_param(r, 0), &p, &l) != 0) {
		api_fail(r, &c->err);
		return;
	}
	api_send_page(r, person_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_employer_persons_create(struct request *r, struct ctx *c)
{
	struct employer_person_input in;
	struct employer_person out;
	bool ok = api_read_body(r, c, api_employer_person_input_fields, &in, sizeof in) &&
	          employer_person_create(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 201, person_fields, &out);
}

void api_employer_persons_update(struct request *r, struct ctx *c)
{
	struct employer_person_input in;
	struct employer_person out;
	bool ok = api_read_body(r, c, api_employer_person_input_fields, &in, sizeof in) &&
	          employer_person_update(c, api_id_param(r, 0), api_id_param(r, 1), &in, &out) == 0;
	api_reply(r, c, ok, 200, person_fields, &out);
}

void api_employer_persons_delete(struct request *r, struct ctx *c)
{
	api_reply(r, c, employer_person_delete(c, api_id_param(r, 0), api_id_param(r, 1)) == 0, 204, NULL, NULL);
}

/* ---- networks ---- */

void api_networks_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct network_list l;
	if (api_page(r, &p, &c->err) != 0 || network_list(c, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, network_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_networks_create(struct request *r, struct ctx *c)
{
	struct employer_network in, out;
	bool ok = api_read_body(r, c, network_fields, &in, sizeof in) && network_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, network_fields, &out);
}
