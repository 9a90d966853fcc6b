/* orgs.c — /orgs: JSON ↔ struct org; the list also as a CSV or XLSX file. */
#include "api.h"
#include "../base/csv_writer.h"
#include "../se/kommun.h"
#include "../domain/org.h"

/* An organisation, and what POST reads into struct org. */
const struct api_field api_org_fields[] = {
	API_OUT_FIELD(API_INT, struct org, id),
	API_FIELD(API_TEXT, struct org, name),
	API_FIELD(API_TEXT, struct org, kind),
	API_FIELD(API_TEXT, struct org, municipality_code),
	API_END,
};

const struct api_field api_org_patch_fields[] = {
	API_SENT(API_TEXT, struct org_patch, name),
	API_SENT(API_TEXT, struct org_patch, kind),
	API_SENT(API_TEXT, struct org_patch, municipality_code),
	API_END,
};

/* The list as a file (format=csv|xlsx), through api_list_file: every
 * organisation, kind and kommun in words. */
static int read_orgs(struct ctx *c, void *arg, const struct page *p)
{
	return org_list(c, p, arg);
}

static void write_org_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r, (void)c;
	const struct org *o = &((struct org_list *)arg)->items[i];
	csvw_int(w, o->id);
	csvw_text(w, o->name);
	csvw_text(w, org_kind_label(o->kind));
	csvw_text(w, o->municipality_code);
	csvw_text(w, o->municipality_code ? kommun_name(o->municipality_code) : NULL);
	csvw_row_end(w);
}

void api_orgs_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct org_list l;
	enum api_format fmt;
	if (api_page_format(r, &p, &fmt, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) {
		static const char *const head[] = {"Organisations-id", "Namn", "Typ", "Kommunkod", "Kommun"};
		api_list_file(r, c, fmt,
			      &(struct api_list_file){.title = "Organisationer", .name = "organisationer", .noun = "organisationer",
						      .head = head, .nhead = sizeof head / sizeof head[0], .read = read_orgs,
						      .write = write_org_row, .arg = &l, .n = &l.n, .total = &l.total, .q = p.q});
		return;
	}
	if (org_list(c, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, api_org_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_orgs_get(struct request *r, struct ctx *c)
{
	struct org o;
	api_reply(r, c, org_get(c, api_id_param(r, 0), &o) == 0, 200, api_org_fields, &o);
}

void api_orgs_create(struct request *r, struct ctx *c)
{
	struct org in, out;
	bool ok = api_read_body(r, c, api_org_fields, &in, sizeof in) && org_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, api_org_fields, &out);
}

void api_orgs_update(struct request *r, struct ctx *c)
{
	struct org_patch in;
	struct org out;
	bool ok = api_read_body(r, c, api_org_patch_fields, &in, sizeof in) &&
	          org_update(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, api_org_fields, &out);
}
