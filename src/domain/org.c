/* org.c — rules and storage calls for organisations. */
#include "org.h"
#include "audit.h"
#include "check.h"
#include "../base/utf8.h"
#include "../se/kommun.h"
#include "../store/store.h"
#include <string.h>

/* The kinds, with their Swedish labels. */
static const char *const kinds[][2] = {
	{"af", "Arbetsförmedlingen"}, {"fk", "Försäkringskassan"}, {"kommun", "Kommun"}, {"region", "Region"},
	{"education", "Utbildningsanordnare"}, {"forbund", "Samordningsförbund"}, {"other", "Annan"},
};

bool org_kind_valid(const char *kind)
{
	return CODE_KNOWN(kinds, kind);
}

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct org *o = out;
	o->id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&o->name, &o->kind, &o->municipality_code, NULL});
}

bool org_exists(struct ctx *c, int64_t id)
{
	return row_exists(c, "SELECT 1 FROM orgs WHERE id = :id", id);
}

/* The organisations the list's search text finds (list_like). */
#define ORG_MATCH " WHERE (CAST(:like AS TEXT) IS NULL OR name LIKE :like ESCAPE '\\')"

int org_list(struct ctx *c, const struct page *p, struct org_list *out)
{
	out->items = list_like(c, "SELECT COUNT(*) FROM orgs" ORG_MATCH,
			       "SELECT id, name, kind, municipality_code FROM orgs" ORG_MATCH " ORDER BY name, id LIMIT :limit OFFSET :offset",
			       p, sizeof *out->items, read_row, &out->n, &out->total, "Kunde inte läsa organisationer.");
	return out->items ? 0 : c->err.code;
}

int org_get(struct ctx *c, int64_t id, struct org *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT id, name, kind, municipality_code FROM orgs WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	return get_one(c, s, read_row, out, "Organisationen finns inte.", "Kunde inte läsa organisationen.");
}

static int validate(struct ctx *c, const struct org *o)
{
	if (!utf8_text_ok(o->name, 1, 200)) err_field(&c->err, "name", NULL, "Ange ett namn (högst 200 tecken).");
	if (!org_kind_valid(o->kind))
		err_field(&c->err, "kind", o->kind, "Ange typ: af, fk, kommun, region, education, forbund eller other.");
	if (o->municipality_code && !kommun_name(o->municipality_code))
		err_field(&c->err, "municipality_code", o->municipality_code, "Okänd kommunkod (fyra siffror, t.ex. 1488).");
	else if (!o->municipality_code && o->kind && strcmp(o->kind, "kommun") == 0)
		err_field(&c->err, "municipality_code", NULL, "En kommun måste ha en kommunkod.");
	return c->err.code;
}

/* Runs the write in one transaction with its audit event. */
static int save(struct ctx *c, int64_t id, const struct org *o, struct org *out)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare_save(c->db, id,
		"INSERT INTO orgs (name, kind, municipality_code, created_at, updated_at)"
		" VALUES (:name, :kind, :municipality_code, :now, :now) RETURNING id",
		"UPDATE orgs SET name = :name, kind = :kind, municipality_code = :municipality_code, updated_at = :now"
		" WHERE id = :id RETURNING id");
	stmt_bind_texts(s, (const char *const[][2]){{":name", o->name}, {":kind", o->kind},
		{":municipality_code", o->municipality_code}, {":now", c->now}, {NULL}});
	int64_t new_id;
	int rc = stmt_write_id(s, &new_id);
	if (change_commit(c, rc, &(struct change){.action = id ? "update" : "create", .entity = "org", .id = new_id,
		.conflict = arena_printf(c->arena, "Det finns redan en organisation med namnet %s.", o->name),
		.fail = "Kunde inte spara organisationen."}) != 0)
		return c->err.code;
	*out = *o;
	out->id = new_id;
	return 0;
}

int org_create(struct ctx *c, const struct org *in, struct org *out)
{
	if (!actor_has(c->actor, ROLE_ADMIN))
		return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer får lägga till organisationer.");
	if (validate(c, in) != 0) return c->err.code;
	return save(c, 0, in, out);
}

int org_update(struct ctx *c, int64_t id, const struct org_patch *in, struct org *out)
{
	if (!actor_has(c->actor, ROLE_ADMIN))
		return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer får ändra organisationer.");
	struct org cur;
	if (org_get(c, id, &cur) != 0) return c->err.code;
	if (in->has_name) cur.name = in->name;
	if (in->has_kind) cur.kind = in->kind;
	if (in->has_municipality_code) cur.municipality_code = in->municipality_code;
	if (validate(c, &cur) != 0) return c->err.code;
	return save(c, id, &cur, out);
}

const char *org_kind_label(const char *kind)
{
	return CODE_LABEL(kinds, kind);
}
