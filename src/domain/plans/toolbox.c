/* toolbox.c — rules and storage of the toolbox (toolbox.h,
 * docs/plans.md "The toolbox"). */
#include "toolbox.h"
#include "../audit.h"
#include "../check.h"
#include "../../base/utf8.h"
#include "../../se/kommun.h"
#include "../../store/store.h"
#include <string.h>

const char *const path_stages[PATH_STAGES][2] = {
	{"clarify", "Klargöra arbetsförutsättningar"},
	{"guide", "Vägleda och motivera"},
	{"equip", "Rusta"},
	{"employable", "Anställningsbar"},
	{"matchable", "Matchningsbar"},
};

int path_stage_index(const char *stage)
{
	for (int i = 0; stage && i < PATH_STAGES; i++)
		if (strcmp(stage, path_stages[i][0]) == 0) return i;
	return -1;
}

static const char item_not_found[] = "Verktyget finns inte.";

/* The stage's place on the path, for the list's order. */
#define STAGE_ORDER_SQL                                                                                       \
	"CASE t.stage WHEN 'clarify' THEN 0 WHEN 'guide' THEN 1 WHEN 'equip' THEN 2 WHEN 'employable' THEN 3 ELSE 4 END"

#define ITEM_COLS                                                                                             \
	"t.id, t.intervention_id, t.min_age, t.max_age, t.has_places, t.updated_by_user_id, t.updated_by_org_id," \
	" t.name, t.municipality_code, t.provider, t.contact, t.stage, t.target_group, t.rules, t.description,"  \
	" t.created_at, t.updated_at"

static void read_item(struct ctx *c, struct stmt *s, void *out)
{
	struct toolbox_item *t = out;
	memset(t, 0, sizeof *t);
	t->id = stmt_int(s, 0);
	t->intervention_id = stmt_int(s, 1);
	t->min_age = stmt_int(s, 2);
	t->max_age = stmt_int(s, 3);
	t->has_places = stmt_int(s, 4) != 0;
	t->updated_by_user_id = stmt_int(s, 5);
	t->updated_by_org_id = stmt_int(s, 6);
	read_texts(c, s, 7, (const char **[]){&t->name, &t->municipality_code, &t->provider, &t->contact, &t->stage,
					    &t->target_group, &t->rules, &t->description, &t->created_at, &t->updated_at,
					    NULL});
}

static int logged_in(struct ctx *c)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se verktygslådan.");
	return 0;
}

static int get(struct ctx *c, int64_t id, struct toolbox_item *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " ITEM_COLS " FROM toolbox_items t WHERE t.id = :id");
	stmt_bind_int(s, ":id", id);
	return get_one(c, s, read_item, out, item_not_found, "Kunde inte läsa verktyget.");
}

int toolbox_get(struct ctx *c, int64_t id, struct toolbox_item *out)
{
	if (logged_in(c) != 0) return c->err.code;
	return get(c, id, out);
}

int toolbox_list(struct ctx *c, const struct toolbox_filter *f, const struct page *p, struct toolbox_list *out)
{
	if (logged_in(c) != 0) return c->err.code;
	if (f->municipality_code && !kommun_name(f->municipality_code))
		err_field(&c->err, "municipality_code", f->municipality_code, "Okänd kommunkod (fyra siffror, t.ex. 1488).");
	if (f->stage && path_stage_index(f->stage) < 0)
		err_field(&c->err, "stage", f->stage, "Okänt steg på vägen till arbete.");
	if (c->err.code) return c->err.code;
#define WHERE_SQL                                                                                             \
	" FROM toolbox_items t WHERE (CAST(:like AS TEXT) IS NULL OR t.name LIKE :like ESCAPE '\\')"             \
	" AND (CAST(:municipality AS TEXT) IS NULL OR t.municipality_code IS NULL"                             \
	" OR t.municipality_code = :municipality) AND (CAST(:stage AS TEXT) IS NULL OR t.stage = :stage)"
	struct stmt *count = store_prepare(c->db, "SELECT COUNT(*)" WHERE_SQL);
	struct stmt *page = store_prepare(c->db, "SELECT " ITEM_COLS WHERE_SQL " ORDER BY " STAGE_ORDER_SQL
						 ", t.name, t.id LIMIT :limit OFFSET :offset");
#undef WHERE_SQL
	const char *like = page_like_pattern(c->arena, p->q);
	struct stmt *both[] = {count, page};
	for (int i = 0; i < 2; i++)
		stmt_bind_texts(both[i], (const char *const[][2]){{":like", like}, {":municipality", f->municipality_code},
			{":stage", f->stage}, {NULL}});
	out->items = list_page(c, count, page, p, sizeof *out->items, read_item, &out->n, &out->total,
			       "Kunde inte läsa verktygslådan.");
	return out->items ? 0 : c->err.code;
}

static void validate(struct ctx *c, const struct toolbox_item *t)
{
	if (!t->name || !utf8_text_ok(t->name, 1, 200)) err_field(&c->err, "name", NULL, "Ange ett namn med 1–200 tecken.");
	if (t->municipality_code && !kommun_name(t->municipality_code))
		err_field(&c->err, "municipality_code", t->municipality_code,
			  "Okänd kommunkod (fyra siffror, t.ex. 1488); lämna tomt för ett gemensamt verktyg.");
	if (t->intervention_id < 0 ||
	    (t->intervention_id && !row_exists(c, "SELECT 1 FROM interventions WHERE id = :id", t->intervention_id)))
		err_field(&c->err, "intervention_id", NULL, "Insatsen finns inte.");
	if (!t->intervention_id && !t->provider)
		err_field(&c->err, "provider", NULL, "Ange vem som anordnar ett verktyg utanför Samsyn (t.ex. Komvux).");
	check_text(c, "provider", t->provider, 200, "Anordnaren");
	check_text(c, "contact", t->contact, 500, "Kontaktuppgiften");
	if (!t->stage)
		err_field(&c->err, "stage", NULL, "Ange steget på vägen till arbete.");
	else if (path_stage_index(t->stage) < 0)
		err_field(&c->err, "stage", t->stage,
			  "Okänt steg: ange clarify, guide, equip, employable eller matchable.");
	check_text(c, "target_group", t->target_group, 200, "Målgruppen");
	if (t->min_age < 0 || t->min_age > 120) err_field(&c->err, "min_age", NULL, "Ange en lägsta ålder mellan 0 och 120.");
	if (t->max_age < 0 || t->max_age > 120) err_field(&c->err, "max_age", NULL, "Ange en högsta ålder mellan 0 och 120.");
	else if (t->max_age && t->min_age > t->max_age)
		err_field(&c->err, "max_age", NULL, "Högsta åldern kan inte vara lägre än den lägsta.");
	check_text(c, "rules", t->rules, 2000, "Villkoren");
	check_text(c, "description", t->description, 4000, "Beskrivningen");
}

static int save(struct ctx *c, int64_t id, const struct toolbox_item *t, struct toolbox_item *out)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare_save(c->db, id,
		"INSERT INTO toolbox_items (name, municipality_code, intervention_id, provider, contact, stage, target_group,"
		" min_age, max_age, rules, has_places, description, created_at, updated_at, updated_by_user_id,"
		" updated_by_org_id) VALUES (:name, :municipality_code, :intervention_id, :provider, :contact, :stage,"
		" :target_group, :min_age, :max_age, :rules, :has_places, :description, :now, :now, :user, :org) RETURNING id",
		"UPDATE toolbox_items SET name = :name, municipality_code = :municipality_code,"
		" intervention_id = :intervention_id, provider = :provider, contact = :contact, stage = :stage,"
		" target_group = :target_group, min_age = :min_age, max_age = :max_age, rules = :rules,"
		" has_places = :has_places, description = :description, updated_at = :now, updated_by_user_id = :user,"
		" updated_by_org_id = :org WHERE id = :id RETURNING id");
	/* 0 is none for each: stored as NULL. */
	stmt_bind_id(s, ":intervention_id", t->intervention_id);
	stmt_bind_id(s, ":min_age", t->min_age);
	stmt_bind_id(s, ":max_age", t->max_age);
	stmt_bind_int(s, ":has_places", t->has_places);
	stmt_bind_int(s, ":user", c->actor->user_id);
	stmt_bind_int(s, ":org", c->actor->org_id);
	stmt_bind_texts(s, (const char *const[][2]){{":name", t->name}, {":municipality_code", t->municipality_code},
		{":provider", t->provider}, {":contact", t->contact}, {":stage", t->stage},
		{":target_group", t->target_group}, {":rules", t->rules}, {":description", t->description},
		{":now", c->now}, {NULL}});
	int64_t nid;
	int rc = stmt_write_id(s, &nid);
	if (change_commit(c, rc, &(struct change){.action = id ? "update" : "create", .entity = "toolbox_item", .id = nid,
		.fail = "Kunde inte spara verktyget."}) != 0)
		return c->err.code;
	return get(c, nid, out);
}

static int check_writer(struct ctx *c)
{
	if (logged_in(c) != 0) return c->err.code;
	if (!actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI | ROLE_CASE_WORKER))
		return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte ändra verktygslådan.");
	return 0;
}

int toolbox_create(struct ctx *c, const struct toolbox_input *in, struct toolbox_item *out)
{
	if (check_writer(c) != 0) return c->err.code;
	struct toolbox_item t = in->v;
	if (!in->has_has_places) t.has_places = true;
	validate(c, &t);
	if (c->err.code) return c->err.code;
	return save(c, 0, &t, out);
}

int toolbox_update(struct ctx *c, int64_t id, const struct toolbox_input *in, struct toolbox_item *out)
{
	if (check_writer(c) != 0) return c->err.code;
	struct toolbox_item t;
	if (get(c, id, &t) != 0) return c->err.code;
	const struct toolbox_item *v = &in->v;
#define TAKE(f) \
	if (in->has_##f) t.f = v->f
	TAKE(name);
	TAKE(municipality_code);
	TAKE(intervention_id);
	TAKE(provider);
	TAKE(contact);
	TAKE(stage);
	TAKE(target_group);
	TAKE(min_age);
	TAKE(max_age);
	TAKE(rules);
	TAKE(has_places);
	TAKE(description);
#undef TAKE
	validate(c, &t);
	if (c->err.code) return c->err.code;
	return save(c, id, &t, out);
}
