/* session.c — POST/GET/DELETE /session and POST /session/password. */
#include "api.h"
#include "../domain/auth.h"
#include "../domain/kaa/kaa.h"

static const struct api_field user_fields[] = {
	{.name = "id", .kind = API_INT, .at = offsetof(struct actor, user_id)},
	API_FIELD(API_TEXT, struct actor, username),
	API_FIELD(API_TEXT, struct actor, name),
	API_FIELD(API_INT, struct actor, org_id),
	API_FIELD(API_ROLES, struct actor, roles),
	API_END,
};

static void respond_session(struct request *r, struct ctx *c, const struct actor *a)
{
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_key(&w, "user");
	jw_object(&w);
	api_write_members(&w, user_fields, a, true);
	/* The UI's menu: the KAA register only for its staff (docs/kaa.md). */
	jw_kbool(&w, "kaa_staff", kaa_user_is_staff(c, a->user_id));
	jw_object_end(&w);
	jw_kbool(&w, "must_change_password", a->must_change_password);
	if (a->csrf_token) jw_kstring(&w, "csrf_token", a->csrf_token);
	jw_object_end(&w);
	response_json(r, 200, &w);
}

void api_session_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	bool has;
	const char *username = json_field_text(body, "username", &has, &c->err);
	const char *password = json_field_text(body, "password", &has, &c->err);
	struct session s;
	if (c->err.code == 0 && auth_login(c, username, password, &s) == 0) {
		r->log_user_id = s.actor.user_id;
		response_header(r, "Set-Cookie", api_session_cookie(r, s.token, false));
		respond_session(r, c, &s.actor);
	} else {
		if (c->err.code == ERR_INVALID) c->err.code = ERR_MALFORMED;
		api_fail(r, &c->err);
	}
}

void api_session_get(struct request *r, struct ctx *c)
{
	/* Cookie callers get their CSRF token back so a reloaded page goes on. */
	respond_session(r, c, c->actor);
}

void api_session_delete(struct request *r, struct ctx *c)
{
	if (auth_logout(c, request_cookie(r, "samsyn_session")) != 0) { api_fail(r, &c->err); return; }
	response_header(r, "Set-Cookie", api_session_cookie(r, NULL, true));
	response_empty(r, 204);
}

void api_session_password(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) { api_fail(r, &c->err); return; }
	bool has;
	const char *cur = json_field_text(body, "current_password", &has, &c->err);
	const char *next = json_field_text(body, "new_password", &has, &c->err);
	/* The session making the change stays; a bearer caller (authenticate
	 * ignores the cookie then) keeps none. */
	const char *keep = request_header(r, "Authorization") ? NULL : request_cookie(r, "samsyn_session");
	if (c->err.code == 0 && auth_change_password(c, keep, cur, next) == 0)
		response_empty(r, 204);
	else
		api_fail(r, &c->err);
}
