/* audit.c — writing and reading audit events. */
#include "audit.h"
#include "../base/clock.h"
#include <stdio.h>
#include <string.h>

int audit_write_as(struct ctx *c, int64_t user_id, const char *username, int64_t org_id, const char *action,
		   const char *entity, int64_t entity_id, const char *detail)
{
	char ts[21];
	clock_format_rfc3339(clock_now(), ts);
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO audit_events (at, user_id, username, org_id, action, entity, entity_id, address, detail)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	stmt_bind_text(s, 1, ts);
	if (user_id) stmt_bind_int(s, 2, user_id); else stmt_bind_null(s, 2);
	stmt_bind_text(s, 3, username);
	if (org_id) stmt_bind_int(s, 4, org_id); else stmt_bind_null(s, 4);
	stmt_bind_text(s, 5, action);
	stmt_bind_text(s, 6, entity);
	if (entity_id) stmt_bind_int(s, 7, entity_id); else stmt_bind_null(s, 7);
	stmt_bind_text(s, 8, c->address);
	stmt_bind_text(s, 9, detail);
	if (stmt_exec(s) != STORE_DONE) return err_set(&c->err, ERR_INTERNAL, "Kunde inte skriva i loggen.");
	return 0;
}

int audit_write(struct ctx *c, const char *action, const char *entity, int64_t entity_id, const char *detail)
{
	const struct actor *a = c->actor;
	return audit_write_as(c, a ? a->user_id : 0, a ? a->username : "system", a ? a->org_id : 0, action, entity,
			      entity_id, detail);
}

/* Commits when ok; otherwise, or when the commit fails, rolls back. */
static int end_change(struct ctx *c, bool ok, const char *msg)
{
	if (!ok || store_commit(c->db) != STORE_DONE) {
		store_rollback(c->db);
		return err_set(&c->err, ERR_INTERNAL, "%s", msg);
	}
	return 0;
}

int audit_commit(struct ctx *c, bool ok, const char *action, const char *entity, int64_t entity_id, const char *detail,
		 const char *msg)
{
	return end_change(c, ok && audit_write(c, action, entity, entity_id, detail) == 0, msg);
}

int audit_reads(struct ctx *c, const char *entity, const int64_t *ids, size_t n, const char *detail, const char *msg)
{
	if (store_begin(c->db) != STORE_DONE) return err_set(&c->err, ERR_INTERNAL, "Databasen är upptagen.");
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++) ok = audit_write(c, "read", entity, ids[i], detail) == 0;
	return end_change(c, ok, msg);
}

/* One statement serves every filter combination: a NULL parameter means
 * "no filter", which keeps the SQL portable and the cache small. But the
 * log grows by every read of personal data, so the two questions asked of
 * it most get statements whose equalities SQLite looks up in an index
 * instead of reading the whole log: the events of one record ("who has
 * read this participant?", audit_events_entity) and one user's
 * (audit_events_user, which also gives the order). All three take the same
 * ten parameters: entity (2), user (2), action (2), from (2), to (2). */
#define AUDIT_REST \
	" AND (CAST(? AS TEXT) IS NULL OR action = ?) AND (CAST(? AS TEXT) IS NULL OR at >= ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR at < ?)"
#define AUDIT_ANY_ENTITY " (CAST(? AS TEXT) IS NULL OR entity = ?)"
#define AUDIT_ANY_USER " AND (CAST(? AS BIGINT) IS NULL OR user_id = ?)"
#define AUDIT_WHERE " WHERE" AUDIT_ANY_ENTITY AUDIT_ANY_USER AUDIT_REST
#define AUDIT_WHERE_RECORD " WHERE entity = ? AND entity_id = ?" AUDIT_ANY_USER AUDIT_REST
#define AUDIT_WHERE_USER " WHERE" AUDIT_ANY_ENTITY " AND user_id = ? AND CAST(? AS BIGINT) IS NOT NULL" AUDIT_REST
/* Newest first. Ids grow with time, so id order is time order; one user's
 * events are read in the order of audit_events_user (at, then id), which
 * spares a sort of all of them. Asked to order the others by time, SQLite
 * would walk audit_events_at through the whole log instead. */
#define AUDIT_BY_ID " ORDER BY id DESC LIMIT ? OFFSET ?"
#define AUDIT_BY_TIME " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"

static void bind_filter(struct stmt *s, const struct audit_filter *f, const char *from, const char *to)
{
	stmt_bind_text(s, 1, f->entity);
	if (f->entity_id) stmt_bind_int(s, 2, f->entity_id);
	else stmt_bind_text(s, 2, f->entity);
	if (f->user_id) {
		stmt_bind_int(s, 3, f->user_id);
		stmt_bind_int(s, 4, f->user_id);
	}
	stmt_bind_text(s, 5, f->action);
	stmt_bind_text(s, 6, f->action);
	stmt_bind_text(s, 7, from);
	stmt_bind_text(s, 8, from);
	stmt_bind_text(s, 9, to);
	stmt_bind_text(s, 10, to);
}

/* The day after a YYYY-MM-DD date, as an RFC 3339 lower bound. */
static const char *day_after(struct arena *a, const char *date)
{
	int y, m, d;
	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3) return NULL;
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int max = days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (++d > max) {
		d = 1;
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return arena_printf(a, "%04d-%02d-%02dT00:00:00Z", y, m, d);
}

int audit_list(struct ctx *c, const struct audit_filter *f, const struct page *p, struct audit_list *out)
{
	if (!actor_has(c->actor, ROLE_ADMIN)) return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer får läsa loggen.");
	if (f->from && !clock_valid_date(f->from)) return err_field(&c->err, "from", f->from, "Ange ett datum som ÅÅÅÅ-MM-DD.");
	if (f->to && !clock_valid_date(f->to)) return err_field(&c->err, "to", f->to, "Ange ett datum som ÅÅÅÅ-MM-DD.");
	if (f->entity_id && !f->entity)
		return err_field(&c->err, "entity", NULL, "Ange också vilket slags objekt id:t gäller.");
	const char *from = f->from ? arena_printf(c->arena, "%sT00:00:00Z", f->from) : NULL;
	const char *to = f->to ? day_after(c->arena, f->to) : NULL;

#define AUDIT_PAGE "SELECT id, at, user_id, username, action, entity, entity_id, address, detail FROM audit_events"
	struct stmt *s, *page;
	if (f->entity_id) {
		s = store_prepare(c->db, "SELECT COUNT(*) FROM audit_events" AUDIT_WHERE_RECORD);
		page = store_prepare(c->db, AUDIT_PAGE AUDIT_WHERE_RECORD AUDIT_BY_ID);
	} else if (f->user_id) {
		s = store_prepare(c->db, "SELECT COUNT(*) FROM audit_events" AUDIT_WHERE_USER);
		page = store_prepare(c->db, AUDIT_PAGE AUDIT_WHERE_USER AUDIT_BY_TIME);
	} else {
		s = store_prepare(c->db, "SELECT COUNT(*) FROM audit_events" AUDIT_WHERE);
		page = store_prepare(c->db, AUDIT_PAGE AUDIT_WHERE AUDIT_BY_ID);
	}
#undef AUDIT_PAGE
	bind_filter(s, f, from, to);
	stmt_scalar(s, &out->total);

	out->items = arena_alloc(c->arena, sizeof *out->items * (size_t)p->limit);
	out->n = 0;
	s = page;
	bind_filter(s, f, from, to);
	stmt_bind_int(s, 11, p->limit);
	stmt_bind_int(s, 12, p->offset);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW && out->n < (size_t)p->limit) {
		struct audit_event *ev = &out->items[out->n++];
		ev->id = stmt_int(s, 0);
		ev->at = arena_strdup(c->arena, stmt_text(s, 1));
		ev->user_id = stmt_int(s, 2);
		ev->username = arena_strdup(c->arena, stmt_text(s, 3));
		ev->action = arena_strdup(c->arena, stmt_text(s, 4));
		ev->entity = arena_strdup(c->arena, stmt_text(s, 5));
		ev->entity_id = stmt_int(s, 6);
		ev->address = arena_strdup(c->arena, stmt_text(s, 7));
		ev->detail = arena_strdup(c->arena, stmt_text(s, 8));
	}
	stmt_done(s);
	if (rc < 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa loggen.");
	return audit_write(c, "read", "audit", 0, NULL);
}
