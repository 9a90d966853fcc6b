/* ctx.c — context set-up, role names, and the skeletons of the domain's
 * reads and writes (ctx.h): the start of a write and the one mapping of
 * its store errors, a record, a page, a list, a parent's child rows. */
#include "ctx.h"
#include "../base/clock.h"
#include "../store/store.h"
#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
	"admin", "kansli", "case_worker", "employer_contact", "trainer", "reader",
};

void ctx_init(struct ctx *c, struct store *db, struct arena *a, const struct actor *actor, const char *address)
{
	c->db = db;
	c->arena = a;
	c->actor = actor;
	c->address = address;
	err_clear(&c->err);
	c->now[0] = 0;
}

/* What a user reads when another writer (a long import) held the database
 * past the busy wait: nothing was saved, and trying again is the remedy. */
static const char busy_msg[] = "Databasen är upptagen just nu. Försök igen om en stund.";

int ctx_store_error(struct ctx *c, int rc, const char *conflict, const char *fail)
{
	if (rc == STORE_EBUSY || store_busy(c->db)) return err_set(&c->err, ERR_BUSY, "%s", busy_msg);
	if (rc == STORE_ECONSTRAINT && conflict) return err_set(&c->err, ERR_CONFLICT, "%s", conflict);
	return err_set(&c->err, ERR_INTERNAL, "%s", fail);
}

int ctx_store_failed(struct ctx *c, const char *msg)
{
	return ctx_store_error(c, STORE_EFAIL, NULL, msg);
}

int ctx_begin(struct ctx *c)
{
	int rc = store_begin(c->db);
	if (rc != STORE_DONE) return ctx_store_error(c, rc, NULL, "Kunde inte börja skriva i databasen.");
	clock_format_rfc3339(clock_now(), c->now);
	return 0;
}

const char *role_name(unsigned role_bit)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (role_bit == 1u << i) return role_names[i];
	return NULL;
}

const char *role_label(unsigned role_bit)
{
	static const char *const labels[ROLE_COUNT] = {
		"Administratör", "Kansli", "Handläggare", "Arbetsgivarkontakt", "Utbildningsledare", "Läsare",
	};
	for (int i = 0; i < ROLE_COUNT; i++)
		if (role_bit == 1u << i) return labels[i];
	return NULL;
}

unsigned role_parse(const char *name)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(name, role_names[i]) == 0) return 1u << i;
	return 0;
}

unsigned roles_parse_list(const char *csv)
{
	unsigned bits = 0;
	char buf[32];
	while (csv && *csv) {
		const char *comma = strchr(csv, ',');
		size_t n = comma ? (size_t)(comma - csv) : strlen(csv);
		if (n == 0 || n >= sizeof buf) return 0;
		memcpy(buf, csv, n);
		buf[n] = 0;
		unsigned b = role_parse(buf);
		if (!b) return 0;
		bits |= b;
		if (comma && !comma[1]) return 0; /* "admin," */
		csv = comma ? comma + 1 : csv + n;
	}
	return bits;
}

char *roles_format(struct arena *a, unsigned roles)
{
	char buf[128] = "";
	size_t len = 0;
	for (int i = 0; i < ROLE_COUNT; i++) {
		if (!(roles & (1u << i))) continue;
		size_t n = strlen(role_names[i]);
		if (len) buf[len++] = ',';
		memcpy(buf + len, role_names[i], n);
		len += n;
		buf[len] = 0;
	}
	return arena_strdup(a, buf);
}

const char *page_like_pattern(struct arena *a, const char *q)
{
	if (!q || !*q) return NULL;
	char *out = arena_alloc(a, strlen(q) * 2 + 3), *w = out;
	*w++ = '%';
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\') *w++ = '\\';
		*w++ = *p;
	}
	*w++ = '%';
	*w = 0;
	return out;
}

bool row_exists(struct ctx *c, const char *sql, int64_t id)
{
	struct stmt *s = store_prepare(c->db, sql);
	stmt_bind_int(s, ":id", id);
	return stmt_exec(s) == STORE_ROW;
}

void read_texts(struct ctx *c, struct stmt *s, int first, const char **const places[])
{
	for (int i = 0; places[i]; i++) *places[i] = arena_strdup(c->arena, stmt_text(s, first + i));
}

void read_text_column(struct ctx *c, struct stmt *s, void *out)
{
	*(const char **)out = arena_strdup(c->arena, stmt_text(s, 0));
}

void read_int_column(struct ctx *c, struct stmt *s, void *out)
{
	(void)c;
	*(int64_t *)out = stmt_int(s, 0);
}

int get_one(struct ctx *c, struct stmt *s, row_reader *read, void *out, const char *not_found, const char *fail)
{
	int rc = stmt_step(s);
	if (rc == STORE_ROW) read(c, s, out);
	stmt_done(s);
	if (rc == STORE_DONE) return err_set(&c->err, ERR_NOT_FOUND, "%s", not_found);
	return rc == STORE_ROW ? 0 : err_set(&c->err, ERR_INTERNAL, "%s", fail);
}

void *list_page(struct ctx *c, struct stmt *count, struct stmt *page, const struct page *p, size_t item_size,
		row_reader *read, size_t *n, int64_t *total, const char *fail)
{
	*n = 0;
	if (stmt_scalar(count, total) != STORE_ROW) {
		stmt_done(page);
		err_set(&c->err, ERR_INTERNAL, "%s", fail);
		return NULL;
	}
	return page_rows(c, page, p, item_size, read, n, fail);
}

void *list_like(struct ctx *c, const char *count_sql, const char *page_sql, const struct page *p, size_t item_size,
		row_reader *read, size_t *n, int64_t *total, const char *fail)
{
	const char *like = page_like_pattern(c->arena, p->q);
	struct stmt *count = store_prepare(c->db, count_sql), *page = store_prepare(c->db, page_sql);
	stmt_bind_text(count, ":like", like);
	stmt_bind_text(page, ":like", like);
	return list_page(c, count, page, p, item_size, read, n, total, fail);
}

void *page_rows(struct ctx *c, struct stmt *page, const struct page *p, size_t item_size, row_reader *read, size_t *n,
		const char *fail)
{
	*n = 0;
	char *items = arena_alloc(c->arena, item_size * (size_t)p->limit);
	stmt_bind_int(page, ":limit", p->limit);
	stmt_bind_int(page, ":offset", p->offset);
	int rc;
	while ((rc = stmt_step(page)) == STORE_ROW && *n < (size_t)p->limit) read(c, page, items + item_size * (*n)++);
	stmt_done(page);
	if (rc >= 0) return items;
	err_set(&c->err, ERR_INTERNAL, "%s", fail);
	return NULL;
}

void *list_of_parent(struct ctx *c, const char *count_sql, const char *page_sql, int64_t parent,
		     const struct page *p, size_t item_size, row_reader *read, size_t *n, int64_t *total,
		     const char *fail)
{
	struct stmt *count = store_prepare(c->db, count_sql), *page = store_prepare(c->db, page_sql);
	stmt_bind_int(count, ":parent", parent);
	stmt_bind_int(page, ":parent", parent);
	return list_page(c, count, page, p, item_size, read, n, total, fail);
}

void *list_all(struct ctx *c, struct stmt *s, size_t item_size, row_reader *read, size_t *n, const char *fail)
{
	size_t cap = 8;
	char *items = arena_alloc(c->arena, item_size * cap);
	int rc;
	*n = 0;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		if (*n == cap) {
			char *more = arena_alloc(c->arena, item_size * cap * 2);
			memcpy(more, items, item_size * cap);
			items = more, cap *= 2;
		}
		read(c, s, items + item_size * (*n)++);
	}
	stmt_done(s);
	if (rc >= 0) return items;
	err_set(&c->err, ERR_INTERNAL, "%s", fail);
	return NULL;
}

void *list_all_of_parent(struct ctx *c, const char *sql, int64_t parent, size_t item_size, row_reader *read, size_t *n,
			 const char *fail)
{
	struct stmt *s = store_prepare(c->db, sql);
	stmt_bind_int(s, ":parent", parent);
	return list_all(c, s, item_size, read, n, fail);
}

int replace_children(struct ctx *c, const char *delete_sql, const char *insert_sql, int64_t parent, const void *items,
		     size_t n, item_binder *bind)
{
	struct stmt *s;
	int rc = STORE_DONE;
	if (delete_sql) {
		s = store_prepare(c->db, delete_sql);
		stmt_bind_int(s, ":parent", parent);
		rc = stmt_exec(s);
	}
	for (size_t i = 0; rc == STORE_DONE && i < n; i++) {
		s = store_prepare(c->db, insert_sql);
		stmt_bind_int(s, ":parent", parent);
		bind(s, items, i);
		rc = stmt_exec(s);
	}
	return rc;
}

void bind_text_item(struct stmt *s, const void *items, size_t i)
{
	stmt_bind_text(s, ":item", ((const char *const *)items)[i]);
}

void bind_int_item(struct stmt *s, const void *items, size_t i)
{
	stmt_bind_int(s, ":item", ((const int64_t *)items)[i]);
}
