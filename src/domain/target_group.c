/* target_group.c — rules and storage calls for target groups. */
#include "target_group.h"
#include "audit.h"
#include "../base/utf8.h"
#include "../store/store.h"
#include <string.h>

bool target_group_code_valid(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n < 1 || n > 20) return false;
	for (const char *p = code; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return false;
	return true;
}

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct target_group *t = out;
	read_texts(c, s, 0, (const char **[]){&t->code, &t->name, &t->description, NULL});
	t->active = stmt_int(s, 3) != 0;
}

/* The groups the list's search text finds, by code or name (list_like). */
#define TG_MATCH " WHERE (CAST(:like AS TEXT) IS NULL OR code LIKE :like ESCAPE '\\' OR name LIKE :like ESCAPE '\\')"

int target_group_list(struct ctx *c, const struct page *p, struct target_group_list *out)
{
	out->items = list_like(c, "SELECT COUNT(*) FROM target_groups" TG_MATCH,
			       "SELECT code, name, description, active FROM target_groups" TG_MATCH " ORDER BY code LIMIT :limit OFFSET :offset",
			       p, sizeof *out->items, read_row, &out->n, &out->total, "Kunde inte läsa målgrupper.");
	return out->items ? 0 : c->err.code;
}

int target_group_get(struct ctx *c, const char *code, struct target_group *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT code, name, description, active FROM target_groups WHERE code = :code");
	stmt_bind_text(s, ":code", code);
	return get_one(c, s, read_row, out, "Målgruppen finns inte.", "Kunde inte läsa målgruppen.");
}

static int forbid_unless_manager(struct ctx *c)
{
	if (actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI)) return 0;
	return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer och kansliet får ändra målgrupper.");
}

static int validate(struct ctx *c, const struct target_group *t)
{
	if (!utf8_text_ok(t->name, 1, 100)) err_field(&c->err, "name", NULL, "Ange ett namn (högst 100 tecken).");
	if (t->description && !utf8_text_ok(t->description, 0, 2000))
		err_field(&c->err, "description", NULL, "Beskrivningen får ha högst 2000 tecken.");
	return c->err.code;
}

/* Ends a write of the group code begun with ctx_begin (change_commit). */
static int finish(struct ctx *c, int rc, const char *action, const char *code)
{
	return change_commit(c, rc, &(struct change){.action = action, .entity = "target_group", .detail = code,
		.conflict = arena_printf(c->arena, "Det finns redan en målgrupp med koden %s.", code),
		.fail = "Kunde inte spara målgruppen."});
}

int target_group_create(struct ctx *c, const struct target_group *in, struct target_group *out)
{
	if (forbid_unless_manager(c)) return c->err.code;
	if (!target_group_code_valid(in->code))
		err_field(&c->err, "code", in->code, "Koden ska ha 1–20 tecken: A–Z, a–z, 0–9, bindestreck eller understreck.");
	if (validate(c, in) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "INSERT INTO target_groups (code, name, description, active) VALUES (:code, :name, :description, :active)");
	stmt_bind_texts(s, (const char *const[][2]){{":code", in->code}, {":name", in->name},
		{":description", in->description}, {NULL}});
	stmt_bind_int(s, ":active", in->active);
	if (finish(c, stmt_exec(s), "create", in->code) != 0) return c->err.code;
	*out = *in;
	return 0;
}

int target_group_update(struct ctx *c, const char *code, const struct target_group_patch *in, struct target_group *out)
{
	if (forbid_unless_manager(c)) return c->err.code;
	struct target_group t;
	if (target_group_get(c, code, &t) != 0) return c->err.code;
	if (in->has_name) t.name = in->name;
	if (in->has_description) t.description = in->description;
	if (in->has_active) t.active = in->active;
	if (validate(c, &t) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "UPDATE target_groups SET name = :name, description = :description, active = :active WHERE code = :code");
	stmt_bind_text(s, ":name", t.name);
	stmt_bind_text(s, ":description", t.description);
	stmt_bind_int(s, ":active", t.active);
	stmt_bind_text(s, ":code", t.code);
	if (finish(c, stmt_exec(s), "update", t.code) != 0) return c->err.code;
	*out = t;
	return 0;
}

const char *target_group_name_in(const struct target_group_list *l, const char *code)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].code, code) == 0) return l->items[i].name;
	return code;
}

const char *target_group_names_in(const struct target_group_list *l, const char *const *codes, size_t n,
				  struct arena *a)
{
	const char *names = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *name = target_group_name_in(l, codes[i]);
		names = names ? arena_printf(a, "%s, %s", names, name) : name;
	}
	return names;
}
