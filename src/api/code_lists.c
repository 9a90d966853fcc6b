/* code_lists.c — /code-lists: the code lists with their codes, new lists
 * (the förbund's own questions), new codes and relabelled or inactivated
 * codes. */
#include "api.h"
#include "../domain/codelist.h"

static const struct api_field code_fields[] = {
	API_FIELD(API_TEXT, struct code, code),
	API_FIELD(API_TEXT, struct code, label),
	API_FIELD(API_BOOL, struct code, active),
	API_FIELD(API_BOOL, struct code, builtin),
	API_END,
};

static const struct api_field code_input_fields[] = {
	API_FIELD(API_TEXT, struct code_input, code),
	API_FIELD(API_TEXT, struct code_input, label),
	API_END,
};

static const struct api_field code_patch_fields[] = {
	API_SENT(API_TEXT, struct code_patch, label),
	API_SENT(API_BOOL, struct code_patch, active),
	API_END,
};

static const struct api_field list_fields[] = {
	API_FIELD(API_TEXT, struct code_list, name),
	API_FIELD(API_TEXT, struct code_list, label),
	API_FIELD(API_TEXT, struct code_list, phase),
	API_FIELD(API_BOOL, struct code_list, multiple),
	API_FIELD(API_BOOL, struct code_list, builtin),
	API_FIELD(API_BOOL, struct code_list, active),
	{.name = "codes", .kind = API_ARRAY, .at = offsetof(struct code_list, codes), .n = offsetof(struct code_list, ncodes),
	 .size = sizeof(struct code), .sub = code_fields},
	API_END,
};

static const struct api_field list_input_fields[] = {
	API_FIELD(API_TEXT, struct code_list_input, name),
	API_FIELD(API_TEXT, struct code_list_input, label),
	API_FIELD(API_TEXT, struct code_list_input, phase),
	API_FIELD(API_BOOL, struct code_list_input, multiple),
	API_END,
};

/* Every list: {"items":[…],"total":N}, no page. */
void api_code_lists_list(struct request *r, struct ctx *c)
{
	struct code_lists l;
	if (codelist_all(c, &l) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	api_write_objects(&w, "items", list_fields, l.items, sizeof *l.items, l.n);
	jw_kint(&w, "total", (int64_t)l.n);
	jw_object_end(&w);
	response_json(r, 200, &w);
}

void api_code_lists_create(struct request *r, struct ctx *c)
{
	struct code_list_input in;
	struct code_list out;
	bool ok = api_read_body(r, c, list_input_fields, &in, sizeof in) && codelist_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, list_fields, &out);
}

void api_codes_create(struct request *r, struct ctx *c)
{
	struct code_input in;
	struct code out;
	bool ok = api_read_body(r, c, code_input_fields, &in, sizeof in) &&
	          codelist_add_code(c, r->params[0], &in, &out) == 0;
	api_reply(r, c, ok, 201, code_fields, &out);
}

void api_codes_update(struct request *r, struct ctx *c)
{
	struct code_patch in;
	struct code out;
	bool ok = api_read_body(r, c, code_patch_fields, &in, sizeof in) &&
	          codelist_update_code(c, r->params[0], r->params[1], &in, &out) == 0;
	api_reply(r, c, ok, 200, code_fields, &out);
}
