/* users.c — /users: JSON ↔ struct user; the list also as a CSV or XLSX file. */
#include "api.h"
#include "../base/csv_writer.h"
#include "../domain/org.h"
#include "../domain/user.h"

static const struct api_field user_fields[] = {
	API_FIELD(API_INT, struct user, id),
	API_FIELD(API_TEXT, struct user, username),
	API_FIELD(API_TEXT, struct user, name),
	API_FIELD(API_TEXT, struct user, email),
	API_FIELD(API_INT, struct user, org_id),
	API_FIELD(API_ROLES, struct user, roles),
	API_FIELD(API_BOOL, struct user, active),
	API_FIELD(API_BOOL, struct user, must_change_password),
	API_FIELD(API_BOOL, struct user, ips_specialist),
	API_FIELD(API_BOOL, struct user, kaa_staff),
	API_END,
};

const struct api_field api_user_input_fields[] = {
	API_FIELD(API_TEXT, struct user_input, username),
	API_FIELD(API_TEXT, struct user_input, name),
	API_FIELD(API_TEXT, struct user_input, email),
	API_FIELD(API_INT, struct user_input, org_id),
	API_FIELD(API_ROLES, struct user_input, roles),
	API_FIELD(API_TEXT, struct user_input, password),
	API_END,
};

const struct api_field api_user_patch_fields[] = {
	API_SENT(API_TEXT, struct user_patch, name),
	API_SENT(API_TEXT, struct user_patch, email),
	API_SENT(API_INT, struct user_patch, org_id),
	API_SENT(API_ROLES, struct user_patch, roles),
	API_SENT(API_BOOL, struct user_patch, active),
	API_SENT(API_TEXT, struct user_patch, password),
	API_SENT(API_BOOL, struct user_patch, ips_specialist),
	API_SENT(API_BOOL, struct user_patch, kaa_staff),
	API_END,
};

/* A user, with the one-time password made for her (NULL: none). */
static void respond_user(struct request *r, int status, const struct user *u, const char *one_time_password)
{
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	api_write_members(&w, user_fields, u, true);
	if (one_time_password) jw_kstring(&w, "one_time_password", one_time_password);
	jw_object_end(&w);
	response_json(r, status, &w);
}

/* The list as a file (format=csv|xlsx), through api_list_file: every
 * account, with organisation and roles in words (an administrator's list:
 * never a password). */
static int read_users(struct ctx *c, void *arg, const struct page *p)
{
	return user_list(c, p, arg);
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

void api_users_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct user_list l;
	enum api_format fmt;
	if (api_page_format(r, &p, &fmt, &c->err) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) {
		static const char *const head[] = {"Användar-id", "Användarnamn", "Namn", "E-post", "Organisation", "Roller",
						   "Aktiv", "Engångslösenord ej bytt"};
		api_list_file(r, c, fmt,
			      &(struct api_list_file){.title = "Användare", .name = "anvandare", .noun = "användare", .head = head,
						      .nhead = sizeof head / sizeof head[0], .read = read_users,
						      .write = write_user_row, .arg = &l, .n = &l.n, .total = &l.total, .q = p.q});
		return;
	}
	if (user_list(c, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, user_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_users_get(struct request *r, struct ctx *c)
{
	struct user u;
	if (user_get(c, api_id_param(r, 0), &u) != 0) { api_fail(r, &c->err); return; }
	respond_user(r, 200, &u, NULL);
}

void api_users_create(struct request *r, struct ctx *c)
{
	struct user_input in;
	struct user out;
	const char *otp;
	if (api_read_body(r, c, api_user_input_fields, &in, sizeof in) && user_create(c, &in, &out, &otp) == 0)
		respond_user(r, 201, &out, otp);
	else
		api_fail(r, &c->err);
}

void api_users_update(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	struct user_patch in;
	struct user out;
	bool has_reset;
	bool reset = json_field_bool(body, "reset_password", &has_reset, &c->err);
	if (api_read_fields(body, api_user_patch_fields, c->arena, &in, sizeof in, &c->err) == 0 && reset && json_object_size(body) != 1)
		err_field(&c->err, "reset_password", NULL, "Skicka reset_password ensamt: ett nytt engångslösenord skapas.");
	const char *otp = NULL;
	if (c->err.code == 0 && (reset ? user_reset_password(c, api_id_param(r, 0), &out, &otp)
				       : user_update(c, api_id_param(r, 0), &in, &out)) == 0)
		respond_user(r, 200, &out, otp);
	else
		api_fail(r, &c->err);
}
