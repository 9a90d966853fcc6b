/* target_groups.c — /target-groups: JSON ↔ struct target_group; the list
 * also as a CSV or XLSX file. */
#include "api.h"
#include "../base/csv_writer.h"
#include "../domain/target_group.h"

/* A target group, and what POST reads (active unless it says false). */
const struct api_field api_target_group_fields[] = {
	API_FIELD(API_TEXT, struct target_group, code),
	API_FIELD(API_TEXT, struct target_group, name),
	API_FIELD(API_TEXT, struct target_group, description),
	{.name = "active", .kind = API_BOOL, .at = offsetof(struct target_group, active), .flags = API_DEFAULT_TRUE},
	API_END,
};

const struct api_field api_target_group_patch_fields[] = {
	API_SENT(API_TEXT, struct target_group_patch, name),
	API_SENT(API_TEXT, struct target_group_patch, description),
	API_SENT(API_BOOL, struct target_group_patch, active),
	API_END,
};

/* The list as a file (format=csv|xlsx), through api_list_file. */
static int read_groups(struct ctx *c, void *arg, const struct page *p)
{
	return target_group_list(c, p, arg);
}

static void write_group_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	(void)r, (void)c;
	const struct target_group *t = &((struct target_group_list *)arg)->items[i];
	csvw_text(w, t->code);
	csvw_text(w, t->name);
	csvw_text(w, t->description);
	csvw_text(w, t->active ? "ja" : "nej");
	csvw_row_end(w);
}

void api_target_groups_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct target_group_list l;
	enum api_format fmt;
	if (api_page_format(r, &p, &fmt, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) {
		static const char *const head[] = {"Kod", "Namn", "Beskrivning", "Aktiv"};
		api_list_file(r, c, fmt,
			      &(struct api_list_file){.title = "Målgrupper", .name = "malgrupper", .noun = "målgrupper",
						      .head = head, .nhead = sizeof head / sizeof head[0], .read = read_groups,
						      .write = write_group_row, .arg = &l, .n = &l.n, .total = &l.total, .q = p.q});
		return;
	}
	if (target_group_list(c, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, api_target_group_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_target_groups_create(struct request *r, struct ctx *c)
{
	struct target_group in, out;
	bool ok = api_read_body(r, c, api_target_group_fields, &in, sizeof in) &&
	          target_group_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, api_target_group_fields, &out);
}

void api_target_groups_update(struct request *r, struct ctx *c)
{
	const char *code = r->nparams > 0 ? r->params[0] : NULL;
	if (!target_group_code_valid(code)) {
		err_set(&c->err, ERR_NOT_FOUND, "Målgruppen finns inte.");
		api_fail(r, &c->err);
		return;
	}
	struct target_group_patch in;
	struct target_group out;
	bool ok = api_read_body(r, c, api_target_group_patch_fields, &in, sizeof in) &&
	          target_group_update(c, code, &in, &out) == 0;
	api_reply(r, c, ok, 200, api_target_group_fields, &out);
}
