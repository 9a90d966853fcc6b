/* users.c — /users: JSON ↔ struct user. */
#include "api.h"
#include "../domain/user.h"
#include <string.h>

static json_t *user_json(const struct user *u)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:I, s:o, s:b, s:b}", "id", (json_int_t)u->id, "username", u->username,
			 "name", u->name, "email", json_text_or_null(u->email), "org_id", (json_int_t)u->org_id, "roles",
			 json_roles(u->roles), "active", u->active, "must_change_password", u->must_change_password);
}

void api_users_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct user_list l;
	if (api_page(r, &p, &c->err) != 0 || user_list(c, &p, &l) != 0) return api_fail(r, &c->err);
	json_t *items = json_array();
	for (size_t i = 0; i < l.n; i++) json_array_append_new(items, user_json(&l.items[i]));
	response_json(r, 200, json_list(items, l.total, &p));
}

void api_users_get(struct request *r, struct ctx *c)
{
	struct user u;
	if (user_get(c, api_id_param(r, 0), &u) != 0) return api_fail(r, &c->err);
	response_json(r, 200, user_json(&u));
}

int api_user_input_from_json(json_t *body, struct user_input *in, struct err *e)
{
	bool has;
	memset(in, 0, sizeof *in);
	in->username = json_field_text(body, "username", &has, e);
	in->name = json_field_text(body, "name", &has, e);
	in->email = json_field_text(body, "email", &has, e);
	in->org_id = json_field_int(body, "org_id", &has, e);
	in->roles = json_field_roles(body, "roles", &has, e);
	in->password = json_field_text(body, "password", &has, e);
	return e->code;
}

int api_user_patch_from_json(json_t *body, struct user_patch *in, struct err *e)
{
	memset(in, 0, sizeof *in);
	in->name = json_field_text(body, "name", &in->has_name, e);
	in->email = json_field_text(body, "email", &in->has_email, e);
	in->org_id = json_field_int(body, "org_id", &in->has_org_id, e);
	in->roles = json_field_roles(body, "roles", &in->has_roles, e);
	in->active = json_field_bool(body, "active", &in->has_active, e);
	in->password = json_field_text(body, "password", &in->has_password, e);
	return e->code;
}

void api_users_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) return api_fail(r, &c->err);
	struct user_input in;
	struct user out;
	const char *otp;
	if (api_user_input_from_json(body, &in, &c->err) == 0 && user_create(c, &in, &out, &otp) == 0) {
		json_t *j = user_json(&out);
		if (otp) json_object_set_new(j, "one_time_password", json_string(otp));
		response_json(r, 201, j);
	} else {
		api_fail(r, &c->err);
	}
	json_decref(body);
}

void api_users_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) return api_fail(r, &c->err);
	struct user_patch in;
	struct user out;
	if (api_user_patch_from_json(body, &in, &c->err) == 0 && user_update(c, api_id_param(r, 0), &in, &out) == 0)
		response_json(r, 200, user_json(&out));
	else
		api_fail(r, &c->err);
	json_decref(body);
}
