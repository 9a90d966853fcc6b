/* session.c — POST/GET/DELETE /session and POST /session/password. */
#include "api.h"
#include "../domain/auth.h"

static json_t *session_json(const struct actor *a)
{
	json_t *user = json_pack("{s:I, s:s, s:s, s:I, s:o}", "id", (json_int_t)a->user_id, "username", a->username,
				 "name", a->name, "org_id", (json_int_t)a->org_id, "roles", json_roles(a->roles));
	json_t *o = json_pack("{s:o, s:b}", "user", user, "must_change_password", a->must_change_password);
	if (a->csrf_token) json_object_set_new(o, "csrf_token", json_string(a->csrf_token));
	return o;
}

void api_session_create(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) return api_fail(r, &c->err);
	bool has;
	const char *username = json_field_text(body, "username", &has, &c->err);
	const char *password = json_field_text(body, "password", &has, &c->err);
	struct session s;
	if (c->err.code == 0 && auth_login(c, username, password, &s) == 0) {
		r->log_user_id = s.actor.user_id;
		response_header(r, "Set-Cookie", api_session_cookie(r, s.token, false));
		response_json(r, 200, session_json(&s.actor));
	} else {
		if (c->err.code == ERR_INVALID) c->err.code = ERR_MALFORMED;
		api_fail(r, &c->err);
	}
	json_decref(body);
}

void api_session_get(struct request *r, struct ctx *c)
{
	/* Cookie callers get their CSRF token back so a reloaded page goes on. */
	response_json(r, 200, session_json(c->actor));
}

void api_session_delete(struct request *r, struct ctx *c)
{
	if (auth_logout(c, request_cookie(r, "samsyn_session")) != 0) return api_fail(r, &c->err);
	response_header(r, "Set-Cookie", api_session_cookie(r, NULL, true));
	response_empty(r, 204);
}

void api_session_password(struct request *r, struct ctx *c)
{
	json_t *body = api_body_object(r, &c->err);
	if (!body) return api_fail(r, &c->err);
	bool has;
	const char *cur = json_field_text(body, "current_password", &has, &c->err);
	const char *next = json_field_text(body, "new_password", &has, &c->err);
	if (c->err.code == 0 && auth_change_password(c, cur, next) == 0)
		response_empty(r, 204);
	else
		api_fail(r, &c->err);
	json_decref(body);
}
