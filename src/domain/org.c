/* org.c — rules and storage calls for organisations. */
#include "org.h"
#include "audit.h"
#include "../base/clock.h"
#include "../base/utf8.h"
#include "../se/kommun.h"
#include "../store/store.h"
#include <string.h>

static const char *const kinds[] = {"af", "fk", "kommun", "region", "education", "forbund", "other"};

bool org_kind_valid(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kind && strcmp(kind, kinds[i]) == 0) return true;
	return false;
}

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct org *o = out;
	o->id = stmt_int(s, 0);
	o->name = arena_strdup(c->arena, stmt_text(s, 1));
	o->kind = arena_strdup(c->arena, stmt_text(s, 2));
	o->municipality_code = arena_strdup(c->arena, stmt_text(s, 3));
}

bool org_exists(struct ctx *c, int64_t id)
{
	struct stmt *s = store_prepare(c->db, "SELECT 1 FROM orgs WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	bool ok = stmt_step(s) == STORE_ROW;
	stmt_done(s);
	return ok;
}

int org_list(struct ctx *c, const struct page *p, struct org_list *out)
{
	const char *like = page_like_pattern(c->arena, p->q);
	struct stmt *count = store_prepare(c->db, "SELECT COUNT(*) FROM orgs WHERE (CAST(:name AS TEXT) IS NULL OR name LIKE :name ESCAPE '\\')");
	struct stmt *page = store_prepare(c->db, "SELECT id, name, kind, municipality_code FROM orgs"
						 " WHERE (CAST(:name AS TEXT) IS NULL OR name LIKE :name ESCAPE '\\') ORDER BY name, id LIMIT :limit OFFSET :offset");
	stmt_bind_text(count, ":name", like);
	stmt_bind_text(page, ":name", like);
	out->items = list_page(c, count, page, p, sizeof *out->items, read_row, &out->n, &out->total, "Kunde inte läsa organisationer.");
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
	char ts[21];
	clock_format_rfc3339(clock_now(), ts);
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare_save(c->db, id,
		"INSERT INTO orgs (name, kind, municipality_code, created_at, updated_at)"
		" VALUES (:name, :kind, :municipality_code, :now, :now) RETURNING id",
		"UPDATE orgs SET name = :name, kind = :kind, municipality_code = :municipality_code, updated_at = :now"
		" WHERE id = :id RETURNING id");
	stmt_bind_text(s, ":name", o->name);
	stmt_bind_text(s, ":kind", o->kind);
	stmt_bind_text(s, ":municipality_code", o->municipality_code);
	stmt_bind_text(s, ":now", ts);
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
	static const char *const map[][2] = {
		{"af", "Arbetsförmedlingen"}, {"fk", "Försäkringskassan"}, {"kommun", "Kommun"}, {"region", "Region"},
		{"education", "Utbildningsanordnare"}, {"forbund", "Samordningsförbund"}, {"other", "Annan"},
	};
	for (size_t i = 0; kind && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(kind, map[i][0]) == 0) return map[i][1];
	return kind;
}
