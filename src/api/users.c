/* users.c — /users: JSON ↔ struct user; the list also as a CSV or XLSX file. */
#include "api.h"
#include "../base/csv_writer.h"
#include "../domain/org.h"
#include "../domain/user.h"
#include <string.h>

/* Writes the user's fields; the caller closes the object (it may add more). */
static void user_fields(struct jsonw *w, const struct user *u)
{
	jw_object(w);
	jw_kint(w, "id", u->id);
	jw_kstring(w, "username", u->username);
	jw_kstring(w, "name", u->name);
	jw_kstring(w, "email", u->email);
	jw_kint(w, "org_id", u->org_id);
	api_write_roles(w, "roles", u->roles);
	jw_kbool(w, "active", u->active);
	jw_kbool(w, "must_change_password", u->must_change_password);
}

static void respond_user(struct request *r, int status, const struct user *u, const char *one_time_password)
{
	struct jsonw w;
	jw_init(&w);
	user_fields(&w, u);
	if (one_time_password) jw_kstring(&w, "one_time_password", one_time_password);
	jw_object_end(&w);
	response_json(r, status, &w);
}

/* The list as a file (format=csv|xlsx), through api_list_file: every
 * account, with organisation and roles in words (an administrator's list:
 * never a password). */
static int read_users(struct ctx *c, void *arg, const struct page *p, size_t *n, int64_t *total)
{
	struct user_list *l = arg;
	int rc = user_list(c, p, l);
	*n = l->n;
	*total = l->total;
	return rc;
}

static void write_user_row(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i)
{
	const struct user *u = &((struct user_list *)arg)->items[i];
	struct org o;
	bool known = org_get(c, u->org_id, &o) == 0;
	err_clear(&c->err);
	const char *roles = NULL;
	for (unsigned b = 0; b < 32; b++) {
		const char *name = u->roles & (1u << b) ? role_label(1u << b) : NULL;
		if (name) roles = roles ? arena_printf(&r->arena, "%s, %s", roles, name) : name;
	}
	csvw_int(w, u->id);
	csvw_text(w, u->username);
	csvw_text(w, u->name);
	csvw_text(w, u->email);
	csvw_text(w, known ? o.name : NULL);
	csvw_text(w, roles);
	csvw_text(w, u->active ? "ja" : "nej");
	csvw_text(w, u->must_change_password ? "ja" : "nej");
	csvw_row_end(w);
}

static void users_file(struct request *r, struct ctx *c, const char *q, enum api_format fmt)
{
	static const char *const head[] = {"Användar-id", "Användarnamn", "Namn", "E-post", "Organisation", "Roller",
					   "Aktiv", "Engångslösenord ej bytt"};
	struct user_list l;
	api_list_file(r, c, fmt,
		      &(struct api_list_file){.title = "Användare", .name = "anvandare", .noun = "användare", .head = head,
					      .nhead = sizeof head / sizeof head[0], .read = read_users, .write = write_user_row,
					      .arg = &l, .q = q});
}

void api_users_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct user_list l;
	enum api_format fmt;
	if (api_page(r, &p, &c->err) != 0 || api_format_param(r, &fmt, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) { users_file(r, c, p.q, fmt); return; }
	if (user_list(c, &p, &l) != 0) { api_fail(r, &c->err); return; }
	struct jsonw w;
	jw_init(&w);
	api_list_begin(&w);
	for (size_t i = 0; i < l.n; i++) {
		user_fields(&w, &l.items[i]);
		jw_object_end(&w);
	}
	api_list_end(&w, l.total, &p);
	response_json(r, 200, &w);
}

void api_users_get(struct request *r, struct ctx *c)
{
	struct user u;
	if (user_get(c, api_id_param(r, 0), &u) != 0) { api_fail(r, &c->err); return; }
	respond_user(r, 200, &u, NULL);
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
	if (!body) { api_fail(r, &c->err); return; }
	struct user_input in;
	struct user out;
	const char *otp;
	if (api_user_input_from_json(body, &in, &c->err) == 0 && user_create(c, &in, &out, &otp) == 0) {
		respond_user(r, 201, &out, otp);
	} else {
		api_fail(r, &c->err);
	}
	json_decref(body);
}

void api_users_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct user_patch in;
	struct user out;
	bool has_reset;
	bool reset = json_field_bool(body, "reset_password", &has_reset, &c->err);
	if (api_user_patch_from_json(body, &in, &c->err) == 0 && reset && json_object_size(body) != 1)
		err_field(&c->err, "reset_password", NULL, "Skicka reset_password ensamt: ett nytt engångslösenord skapas.");
	const char *otp = NULL;
	if (c->err.code == 0 && (reset ? user_reset_password(c, api_id_param(r, 0), &out, &otp)
				       : user_update(c, api_id_param(r, 0), &in, &out)) == 0)
		respond_user(r, 200, &out, otp);
	else
		api_fail(r, &c->err);
	json_decref(body);
}
