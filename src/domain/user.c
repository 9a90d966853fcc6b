/* user.c — rules and storage calls for user accounts. */
#include "user.h"
#include "audit.h"
#include "check.h"
#include "org.h"
#include "auth.h"
#include "../base/utf8.h"
#include "../store/store.h"
#include <stdio.h>
#include <string.h>

#define USER_COLS "id, username, name, email, org_id, roles, active, must_change_password, ips_specialist, kaa_staff"

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct user *u = out;
	u->id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&u->username, &u->name, &u->email, NULL});
	u->org_id = stmt_int(s, 4);
	u->roles = roles_parse_list(stmt_text(s, 5));
	u->active = stmt_int(s, 6) != 0;
	u->must_change_password = stmt_int(s, 7) != 0;
	u->ips_specialist = stmt_int(s, 8) != 0;
	u->kaa_staff = stmt_int(s, 9) != 0;
}

static int forbid_non_admin(struct ctx *c)
{
	if (actor_has(c->actor, ROLE_ADMIN)) return 0;
	return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer får hantera användare.");
}

/* The users the list's search text finds, by name or username (list_like). */
#define USER_MATCH " WHERE (CAST(:like AS TEXT) IS NULL OR name LIKE :like ESCAPE '\\' OR username LIKE :like ESCAPE '\\')"

int user_list(struct ctx *c, const struct page *p, struct user_list *out)
{
	if (forbid_non_admin(c)) return c->err.code;
	out->items = list_like(c, "SELECT COUNT(*) FROM users" USER_MATCH,
			       "SELECT " USER_COLS " FROM users" USER_MATCH " ORDER BY username LIMIT :limit OFFSET :offset",
			       p, sizeof *out->items, read_row, &out->n, &out->total, "Kunde inte läsa användare.");
	return out->items ? 0 : c->err.code;
}

static int load(struct ctx *c, int64_t id, struct user *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " USER_COLS " FROM users WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	return get_one(c, s, read_row, out, "Användaren finns inte.", "Kunde inte läsa användaren.");
}

int user_get(struct ctx *c, int64_t id, struct user *out)
{
	if (!actor_has(c->actor, ROLE_ADMIN) && c->actor->user_id != id)
		return err_set(&c->err, ERR_NOT_FOUND, "Användaren finns inte.");
	if (load(c, id, out) != 0) return c->err.code;
	return audit_read(c, "user", id, NULL, "Kunde inte skriva i loggen.");
}

int user_find(struct ctx *c, const char *username, struct user *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " USER_COLS " FROM users WHERE username = :username");
	stmt_bind_text(s, ":username", username);
	return get_one(c, s, read_row, out, arena_printf(c->arena, "Det finns ingen användare %s.", username),
		       "Kunde inte läsa användaren.");
}

static bool username_ok(const char *u)
{
	size_t n = u ? strlen(u) : 0;
	if (n < 2 || n > 64) return false;
	for (const char *p = u; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
			return false;
	return true;
}

static void validate(struct ctx *c, const struct user *u)
{
	if (!utf8_text_ok(u->name, 1, 200)) err_field(&c->err, "name", NULL, "Ange ett namn (högst 200 tecken).");
	check_email(c, "email", u->email);
	if (!org_exists(c, u->org_id)) err_field(&c->err, "org_id", NULL, "Organisationen finns inte.");
	if (!u->roles) err_field(&c->err, "roles", NULL, "Ange minst en roll.");
}

/* Keeps at least one active administrator, so the system stays manageable. */
static bool is_last_admin(struct ctx *c, int64_t id)
{
	struct stmt *s = store_prepare(c->db, "SELECT id, roles FROM users WHERE active = 1");
	int others = 0;
	while (stmt_step(s) == STORE_ROW)
		if (stmt_int(s, 0) != id && (roles_parse_list(stmt_text(s, 1)) & ROLE_ADMIN)) others++;
	stmt_done(s);
	return others == 0;
}

/* Inserts (id 0) or updates u with its password's hash (NULL in an update:
 * kept) inside the caller's write; *saved gets its id. Returns STORE_DONE
 * or STORE_E*. */
static int write_user(struct ctx *c, int64_t id, const struct user *u, const char *hash, int64_t *saved)
{
	struct stmt *s = store_prepare_save(c->db, id,
		"INSERT INTO users (username, name, email, org_id, roles, active, password_hash, must_change_password,"
		" ips_specialist, kaa_staff, created_at, updated_at) VALUES (:username, :name, :email, :org_id, :roles, :active,"
		" :password_hash, :must_change_password, :ips_specialist, :kaa_staff, :now, :now) RETURNING id",
		"UPDATE users SET name = :name, email = :email, org_id = :org_id, roles = :roles, active = :active,"
		" ips_specialist = :ips_specialist, kaa_staff = :kaa_staff, must_change_password = :must_change_password, password_hash = COALESCE(:password_hash, password_hash),"
		" updated_at = :now WHERE id = :id RETURNING id");
	if (!id) stmt_bind_text(s, ":username", u->username);
	stmt_bind_texts(s, (const char *const[][2]){{":name", u->name}, {":email", u->email},
		{":roles", roles_format(c->arena, u->roles)}, {":password_hash", hash}, {":now", c->now}, {NULL}});
	stmt_bind_int(s, ":org_id", u->org_id);
	stmt_bind_int(s, ":active", u->active);
	stmt_bind_int(s, ":must_change_password", u->must_change_password);
	stmt_bind_int(s, ":ips_specialist", u->ips_specialist);
	stmt_bind_int(s, ":kaa_staff", u->kaa_staff);
	return stmt_write_id(s, saved);
}

int user_create(struct ctx *c, const struct user_input *in, struct user *out, const char **one_time_password)
{
	*one_time_password = NULL;
	if (forbid_non_admin(c)) return c->err.code;
	struct user u = {0, in->username, in->name, in->email, in->org_id, in->roles, true, !in->password_is_final, false, false};
	if (!username_ok(in->username))
		err_field(&c->err, "username", in->username, "Användarnamnet ska ha 2–64 tecken: a–z, 0–9, punkt, bindestreck eller understreck.");
	validate(c, &u);
	const char *pw = in->password;
	if (pw) {
		const char *why = auth_password_problem(pw, in->username);
		if (why) err_field(&c->err, "password", NULL, why);
	}
	if (c->err.code) return c->err.code;
	if (!pw) pw = *one_time_password = auth_generate_password(c->arena);
	char hash[128];
	if (auth_hash_password(pw, hash) != 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte spara lösenordet.");
	if (ctx_begin(c) != 0) return c->err.code;
	int rc = write_user(c, 0, &u, hash, &u.id);
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "user", .id = u.id,
		.conflict = arena_printf(c->arena, "Användarnamnet %s är upptaget.", u.username),
		.fail = "Kunde inte spara användaren."}) != 0) {
		*one_time_password = NULL;
		return c->err.code;
	}
	*out = u;
	return 0;
}

int user_update(struct ctx *c, int64_t id, const struct user_patch *in, struct user *out)
{
	if (forbid_non_admin(c)) return c->err.code;
	struct user u;
	if (load(c, id, &u) != 0) return c->err.code;
	bool was_admin = u.active && (u.roles & ROLE_ADMIN);
	bool was_active = u.active;
	if (in->has_name) u.name = in->name;
	if (in->has_email) u.email = in->email;
	if (in->has_org_id) u.org_id = in->org_id;
	if (in->has_roles) u.roles = in->roles;
	if (in->has_active) u.active = in->active;
	if (in->has_ips_specialist) u.ips_specialist = in->ips_specialist;
	if (in->has_kaa_staff) u.kaa_staff = in->kaa_staff;
	validate(c, &u);
	/* IPS figures are of employment specialists, who work with participants. */
	if (u.ips_specialist && !(u.roles & ROLE_CASE_WORKER))
		err_field(&c->err, "ips_specialist", NULL, "Bara en handläggare (case_worker) kan vara IPS-specialist.");
	/* The KAA register is a municipality's own (docs/kaa.md "Who sees it"). */
	if (u.kaa_staff && !row_exists(c, "SELECT 1 FROM orgs WHERE id = :id AND kind = 'kommun' AND municipality_code IS NOT NULL", u.org_id))
		err_field(&c->err, "kaa_staff", NULL, "Bara en användare i en kommun kan arbeta med aktivitetsansvaret.");
	char hash[128] = "";
	if (in->has_password) {
		const char *why = auth_password_problem(in->password, u.username);
		if (why) err_field(&c->err, "password", NULL, why);
	}
	if (c->err.code) return c->err.code;
	if (was_admin && !(u.active && (u.roles & ROLE_ADMIN)) && is_last_admin(c, id))
		return err_set(&c->err, ERR_CONFLICT, "Det måste finnas minst en aktiv administratör.");
	if (in->has_password) {
		if (auth_hash_password(in->password, hash) != 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte spara lösenordet.");
		u.must_change_password = true;
	}
	if (ctx_begin(c) != 0) return c->err.code;
	int64_t same;
	int rc = write_user(c, id, &u, hash[0] ? hash : NULL, &same);
	/* A deactivated user, or one whose password an admin reset, is logged out. */
	if (rc == STORE_DONE && (!u.active || in->has_password)) {
		struct stmt *s = store_prepare(c->db, "DELETE FROM sessions WHERE user_id = :user_id");
		stmt_bind_int(s, ":user_id", id);
		rc = stmt_exec(s);
	}
	const char *detail = in->has_password ? "password_reset" : NULL;
	if (in->has_active && in->active != was_active) detail = in->active ? "activated" : "deactivated";
	if (change_commit(c, rc, &(struct change){.action = "update", .entity = "user", .id = id, .detail = detail,
		.fail = "Kunde inte spara användaren."}) != 0)
		return c->err.code;
	*out = u;
	return 0;
}

int user_reset_password(struct ctx *c, int64_t id, struct user *out, const char **one_time_password)
{
	*one_time_password = NULL;
	struct user_patch p = {.password = auth_generate_password(c->arena), .has_password = true};
	if (user_update(c, id, &p, out) != 0) return c->err.code;
	*one_time_password = p.password;
	return 0;
}

int user_set_password(struct ctx *c, const char *username, const char *password, bool one_time)
{
	struct user u;
	if (user_find(c, username, &u) != 0) return c->err.code;
	const char *why = auth_password_problem(password, username);
	if (why) return err_field(&c->err, "password", NULL, why);
	char hash[128];
	if (auth_hash_password(password, hash) != 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte spara lösenordet.");
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "UPDATE users SET password_hash = :password_hash, must_change_password = :must_change_password, updated_at = :updated_at WHERE id = :id");
	stmt_bind_text(s, ":password_hash", hash);
	stmt_bind_int(s, ":must_change_password", one_time);
	stmt_bind_text(s, ":updated_at", c->now);
	stmt_bind_int(s, ":id", u.id);
	int rc = stmt_exec(s);
	s = store_prepare(c->db, "DELETE FROM sessions WHERE user_id = :user_id");
	stmt_bind_int(s, ":user_id", u.id);
	if (rc == STORE_DONE) rc = stmt_exec(s);
	return change_commit(c, rc, &(struct change){.action = "update", .entity = "user", .id = u.id,
		.detail = "password_reset", .fail = "Kunde inte spara lösenordet."});
}

int user_any(struct ctx *c, bool *any)
{
	int64_t n;
	if (stmt_scalar(store_prepare(c->db, "SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) AS any_user"), &n) != STORE_ROW)
		return err_set(&c->err, ERR_INTERNAL, "Kan inte läsa användarna: %s", store_errmsg(c->db));
	*any = n > 0;
	return 0;
}
