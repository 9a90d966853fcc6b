/* codelist.c — rules and storage calls for code lists and their codes. */
#include "codelist.h"
#include "audit.h"
#include "../base/utf8.h"
#include "../store/store.h"
#include <string.h>

bool codelist_name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 40) return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) return false;
	return true;
}

bool codelist_valid(struct ctx *c, const char *list, const char *code)
{
	if (!list || !code) return false;
	struct stmt *s = store_prepare(c->db, "SELECT 1 FROM codes k JOIN code_lists l ON l.name = k.list"
					      " WHERE k.list = :list AND k.code = :code AND k.active = 1 AND l.active = 1");
	stmt_bind_text(s, ":list", list);
	stmt_bind_text(s, ":code", code);
	return stmt_exec(s) == STORE_ROW;
}

#define LIST_COLS "name, label, phase, multiple, builtin, active"

static void read_list(struct ctx *c, struct stmt *s, void *out)
{
	struct code_list *l = out;
	read_texts(c, s, 0, (const char **[]){&l->name, &l->label, &l->phase, NULL});
	l->multiple = stmt_int(s, 3) != 0;
	l->builtin = stmt_int(s, 4) != 0;
	l->active = stmt_int(s, 5) != 0;
	l->codes = NULL;
	l->ncodes = 0;
}

int codelist_get_list(struct ctx *c, const char *name, struct code_list *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " LIST_COLS " FROM code_lists WHERE name = :name");
	stmt_bind_text(s, ":name", name);
	return get_one(c, s, read_list, out, "Kodlistan finns inte.", "Kunde inte läsa kodlistan.");
}

static void read_code(struct ctx *c, struct stmt *s, void *out)
{
	*(struct code *)out = (struct code){arena_strdup(c->arena, stmt_text(s, 0)), arena_strdup(c->arena, stmt_text(s, 1)),
					    stmt_int(s, 2) != 0, stmt_int(s, 3) != 0};
}

static size_t find_list(const struct code_lists *l, const char *name)
{
	size_t i = 0;
	while (i < l->n && strcmp(l->items[i].name, name) != 0) i++;
	return i;
}

int codelist_all(struct ctx *c, struct code_lists *out)
{
	out->items = list_all(c, store_prepare(c->db, "SELECT " LIST_COLS " FROM code_lists ORDER BY sort_order, name"),
			      sizeof *out->items, read_list, &out->n, "Kunde inte läsa kodlistorna.");
	if (!out->items) return c->err.code;
	/* Codes come ordered by list, so each list's codes are one run; the
	 * count per list sizes its array first. */
	size_t *counts = arena_zalloc(c->arena, (out->n + 1) * sizeof *counts);
	struct stmt *s = store_prepare(c->db, "SELECT list, COUNT(*) FROM codes GROUP BY list");
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) counts[find_list(out, stmt_text(s, 0))] = (size_t)stmt_int(s, 1);
	stmt_done(s);
	if (rc < 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa koderna.");
	for (size_t i = 0; i < out->n; i++) out->items[i].codes = arena_alloc(c->arena, (counts[i] + 1) * sizeof(struct code));
	s = store_prepare(c->db, "SELECT code, label, active, builtin, list FROM codes ORDER BY list, sort_order, code");
	size_t cur = 0;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		const char *list = stmt_text(s, 4);
		if (cur >= out->n || strcmp(out->items[cur].name, list) != 0) cur = find_list(out, list);
		if (cur == out->n) continue; /* cannot happen: codes reference their list */
		struct code_list *l = &out->items[cur];
		if (l->ncodes < counts[cur]) read_code(c, s, &l->codes[l->ncodes++]);
	}
	stmt_done(s);
	return rc < 0 ? err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa koderna.") : 0;
}

static int forbid(struct ctx *c)
{
	if (actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI)) return 0;
	return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer och kansliet får ändra kodlistor.");
}

/* Ends a write of a code list or a code begun with ctx_begin
 * (change_commit): detail names it, conflict (NULL: none) is said when it
 * is taken, and "Kunde inte spara <what>." when the write fails. */
static int finish(struct ctx *c, int rc, const char *action, const char *detail, const char *conflict, const char *what)
{
	return change_commit(c, rc, &(struct change){.action = action, .entity = "code_list", .detail = detail,
		.conflict = conflict, .fail = arena_printf(c->arena, "Kunde inte spara %s.", what)});
}

int codelist_create(struct ctx *c, const struct code_list_input *in, struct code_list *out)
{
	if (forbid(c)) return c->err.code;
	if (!codelist_name_ok(in->name))
		err_field(&c->err, "name", in->name, "Namnet ska ha 1–40 tecken: a–z, 0–9 eller understreck.");
	if (!utf8_text_ok(in->label, 1, 200)) err_field(&c->err, "label", NULL, "Ange en benämning (högst 200 tecken).");
	if (!in->phase || (strcmp(in->phase, "start") != 0 && strcmp(in->phase, "exit") != 0))
		err_field(&c->err, "phase", in->phase, "Ange start eller exit.");
	if (c->err.code) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO code_lists (name, label, phase, multiple, builtin, active, sort_order)"
		" SELECT :name, :label, :phase, :multiple, 0, 1, COALESCE(MAX(sort_order), 0) + 1 FROM code_lists");
	stmt_bind_texts(s, (const char *const[][2]){{":name", in->name}, {":label", in->label}, {":phase", in->phase},
		{NULL}});
	stmt_bind_int(s, ":multiple", in->multiple);
	if (finish(c, stmt_exec(s), "create", in->name,
		   arena_printf(c->arena, "Det finns redan en kodlista som heter %s.", in->name), "kodlistan") != 0)
		return c->err.code;
	*out = (struct code_list){in->name, in->label, in->phase, in->multiple, false, true, NULL, 0};
	return 0;
}

int codelist_add_code(struct ctx *c, const char *list, const struct code_input *in, struct code *out)
{
	if (forbid(c)) return c->err.code;
	struct code_list l;
	if (codelist_get_list(c, list, &l) != 0) return c->err.code;
	if (!codelist_name_ok(in->code))
		err_field(&c->err, "code", in->code, "Koden ska ha 1–40 tecken: a–z, 0–9 eller understreck.");
	if (!utf8_text_ok(in->label, 1, 200)) err_field(&c->err, "label", NULL, "Ange en benämning (högst 200 tecken).");
	if (c->err.code) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO codes (list, code, label, sort_order, builtin, active)"
		" SELECT :list, :code, :label, COALESCE(MAX(sort_order), 0) + 1, 0, 1 FROM codes WHERE list = :list");
	stmt_bind_texts(s, (const char *const[][2]){{":list", list}, {":code", in->code}, {":label", in->label},
		{NULL}});
	if (finish(c, stmt_exec(s), "create", arena_printf(c->arena, "%s/%s", list, in->code),
		   arena_printf(c->arena, "Koden %s finns redan i listan.", in->code), "koden") != 0)
		return c->err.code;
	*out = (struct code){in->code, in->label, true, false};
	return 0;
}

int codelist_update_code(struct ctx *c, const char *list, const char *code, const struct code_patch *in,
			 struct code *out)
{
	if (forbid(c)) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT code, label, active, builtin FROM codes WHERE list = :list AND code = :code");
	stmt_bind_text(s, ":list", list);
	stmt_bind_text(s, ":code", code);
	struct code cur;
	if (get_one(c, s, read_code, &cur, "Koden finns inte.", "Kunde inte läsa koden.") != 0) return c->err.code;
	if (in->has_label) {
		if (!utf8_text_ok(in->label, 1, 200)) return err_field(&c->err, "label", NULL, "Ange en benämning (högst 200 tecken).");
		cur.label = in->label;
	}
	if (in->has_active) cur.active = in->active;
	if (ctx_begin(c) != 0) return c->err.code;
	s = store_prepare(c->db, "UPDATE codes SET label = :label, active = :active WHERE list = :list AND code = :code");
	stmt_bind_text(s, ":label", cur.label);
	stmt_bind_int(s, ":active", cur.active);
	stmt_bind_text(s, ":list", list);
	stmt_bind_text(s, ":code", code);
	if (finish(c, stmt_exec(s), "update", arena_printf(c->arena, "%s/%s", list, code), NULL, "koden") != 0)
		return c->err.code;
	*out = cur;
	return 0;
}

const char *codelist_label_in(const struct code_lists *l, const char *list, const char *code)
{
	for (size_t i = 0; code && i < l->n; i++) {
		if (strcmp(l->items[i].name, list) != 0) continue;
		for (size_t k = 0; k < l->items[i].ncodes; k++)
			if (strcmp(l->items[i].codes[k].code, code) == 0) return l->items[i].codes[k].label;
	}
	return code;
}
