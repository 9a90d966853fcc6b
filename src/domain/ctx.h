/* ctx.h — what every domain operation receives: the acting user, the
 * store, the per-request arena and where the request came from.
 * The HTTP server and the CLI both build one. And the skeletons of the
 * domain's reads (get_one, list_page, list_all, …) and of the start of its
 * writes (ctx_begin; they end in audit.h's change_commit), so that a
 * domain file keeps its rules and its SQL. */
#ifndef SAMSYN_CTX_H
#define SAMSYN_CTX_H
#include <stdbool.h>
#include <stdint.h>
#include "../base/arena.h"
#include "../base/err.h"
#include "../store/conn.h"

struct stmt; /* src/store/store.h: the domain's own files include it */

enum role {
	ROLE_ADMIN = 1u << 0,
	ROLE_KANSLI = 1u << 1,
	ROLE_CASE_WORKER = 1u << 2,
	ROLE_EMPLOYER_CONTACT = 1u << 3,
	ROLE_TRAINER = 1u << 4,
	ROLE_READER = 1u << 5,
};
#define ROLE_COUNT 6

struct actor {
	int64_t user_id;   /* 0: the system itself (CLI set-up) */
	int64_t org_id;
	unsigned roles;
	const char *username;
	const char *name;
	bool must_change_password;
	const char *csrf_token; /* the session's CSRF token; NULL for bearer tokens and the CLI */
};

struct ctx {
	struct store *db;
	struct arena *arena;
	const struct actor *actor;
	const char *address; /* client address, "cli" for the command line */
	struct err err;
	char now[21]; /* when ctx_begin began the write (RFC 3339, UTC): its created_at, updated_at */
};

void ctx_init(struct ctx *c, struct store *db, struct arena *a, const struct actor *actor, const char *address);

/* Begins the operation's write transaction (store_begin) and sets c->now.
 * Returns 0, or when the lock could not be had within the busy wait
 * ERR_BUSY "Databasen är upptagen …" (503: try again), else ERR_INTERNAL.
 * Every write starts with it: `if (ctx_begin(c) != 0) return c->err.code;`
 * and ends with change_commit (audit.h). */
int ctx_begin(struct ctx *c);
/* The one mapping of a store call that failed inside a write (rc its
 * STORE_E*) to c->err: ERR_BUSY as ctx_begin when it was a lock
 * (STORE_EBUSY, or store_busy: a failure reported only as such),
 * ERR_CONFLICT with conflict for STORE_ECONSTRAINT when conflict is given,
 * else ERR_INTERNAL with fail. Returns the code. The caller rolls back
 * after it (the rollback clears the store's busy mark); change_commit
 * (audit.h) does both. */
int ctx_store_error(struct ctx *c, int rc, const char *conflict, const char *fail);
/* The same when only the failure is known (a step, the commit). */
int ctx_store_failed(struct ctx *c, const char *msg);

/* Role names as in the API ("admin", "case_worker", …). */
const char *role_name(unsigned role_bit);
/* Its Swedish name ("Handläggare"), for files people read. */
const char *role_label(unsigned role_bit);
/* Parses a role name; returns its bit, or 0 if unknown. */
unsigned role_parse(const char *name);
/* "admin,kansli" ↔ bits (the stored form). Unknown names make parse return 0. */
unsigned roles_parse_list(const char *csv);
char *roles_format(struct arena *a, unsigned roles);

static inline bool actor_has(const struct actor *a, unsigned role)
{
	return a && (a->roles & role);
}

/* Paging of lists: limit 1..500 (default 50), offset ≥ 0, optional free text. */
struct page {
	int64_t limit, offset;
	const char *q;
};
/* The LIKE pattern "%q%" with q's own %, _ and \ taken literally (use with
 * ESCAPE '\'); NULL when q is NULL or empty. */
const char *page_like_pattern(struct arena *a, const char *q);

/* Reads the current row of a statement into *out, a struct of the
 * caller's kind: the shape get_one and list_page call back. */
typedef void row_reader(struct ctx *c, struct stmt *s, void *out);

/* Whether sql ("SELECT 1 FROM … WHERE … = :id …") finds a row for id;
 * false also when it cannot be read, so a check that asks fails safe. */
bool row_exists(struct ctx *c, const char *sql, int64_t id);

/* Columns first, first + 1, … of the row as texts (copies in the arena;
 * NULL for NULL) into the places given, up to a NULL: a reader's run of
 * text columns, `read_texts(c, s, 1, (const char **[]){&o->name, &o->kind, NULL});` */
void read_texts(struct ctx *c, struct stmt *s, int first, const char **const places[]);

/* Readers of a row's first column, for lists of one value: its text (a
 * copy in the arena) into a const char *, its integer into an int64_t. */
void read_text_column(struct ctx *c, struct stmt *s, void *out);
void read_int_column(struct ctx *c, struct stmt *s, void *out);

/* One record: steps s (a SELECT by key, its values bound) and reads the
 * row into out. Returns 0, ERR_NOT_FOUND with not_found ("Insatsen finns
 * inte.") when there is no row, else ERR_INTERNAL with fail ("Kunde inte
 * läsa insatsen."). Finishes s. */
int get_one(struct ctx *c, struct stmt *s, row_reader *read, void *out, const char *not_found, const char *fail);

/* One page of a list: *total from count ("SELECT COUNT(*) …", its values
 * bound), and up to p->limit rows of page ("… LIMIT :limit OFFSET
 * :offset", its other values bound; the page's are bound here), each read
 * into an arena array of items of item_size bytes. Returns the array (*n
 * items), or NULL with ERR_INTERNAL fail. Finishes both statements. */
void *list_page(struct ctx *c, struct stmt *count, struct stmt *page, const struct page *p, size_t item_size,
		row_reader *read, size_t *n, int64_t *total, const char *fail);

/* list_page of the rows that match the page's search text: count_sql and
 * page_sql test it as "(CAST(:like AS TEXT) IS NULL OR name LIKE :like
 * ESCAPE '\\')", :like bound to page_like_pattern(p->q) (NULL: every row). */
void *list_like(struct ctx *c, const char *count_sql, const char *page_sql, const struct page *p, size_t item_size,
		row_reader *read, size_t *n, int64_t *total, const char *fail);

/* The page alone, for a caller that ran its count itself (to choose the
 * page's statement by it): as list_page without count. */
void *page_rows(struct ctx *c, struct stmt *page, const struct page *p, size_t item_size, row_reader *read, size_t *n,
		const char *fail);

/* list_page of one parent's rows (an employer's contact persons, an
 * intervention's volumes, …): count_sql and page_sql select by
 * "… = :parent", bound to parent. */
void *list_of_parent(struct ctx *c, const char *count_sql, const char *page_sql, int64_t parent,
		     const struct page *p, size_t item_size, row_reader *read, size_t *n, int64_t *total,
		     const char *fail);

/* Every row of s (a SELECT, its values bound), each read into an arena
 * array of items of item_size bytes, grown as it fills: the lists that
 * belong to one record (an intervention's budgets, an employer's
 * workplaces). Returns the array (*n items; not NULL when there are none),
 * or NULL with ERR_INTERNAL fail. Finishes s. */
void *list_all(struct ctx *c, struct stmt *s, size_t item_size, row_reader *read, size_t *n, const char *fail);
/* list_all of one parent's rows: sql selects by "… = :parent", bound to parent. */
void *list_all_of_parent(struct ctx *c, const char *sql, int64_t parent, size_t item_size, row_reader *read, size_t *n,
			 const char *fail);

/* Binds item i of items, a child list, into its INSERT (replace_children). */
typedef void item_binder(struct stmt *s, const void *items, size_t i);
/* Rewrites one parent's rows of a child table (an intervention's budgets,
 * an employer's workplaces) inside the caller's write: delete_sql
 * ("DELETE … WHERE … = :parent"; NULL for a new parent, which has none:
 * on PostgreSQL the DELETE's read of the index where every new parent's
 * rows go made writes at once conflict), then insert_sql once for each of the n
 * items, its :parent bound to parent and its other values by bind.
 * Returns STORE_DONE or the first STORE_E* (change_commit's rc). */
int replace_children(struct ctx *c, const char *delete_sql, const char *insert_sql, int64_t parent, const void *items,
		     size_t n, item_binder *bind);
/* Binders of a list of one value: an array of texts (const char *) or
 * of integers (int64_t), item i as :item. */
void bind_text_item(struct stmt *s, const void *items, size_t i);
void bind_int_item(struct stmt *s, const void *items, size_t i);

#define PAGE_DEFAULT_LIMIT 50
#define PAGE_MAX_LIMIT 500

#endif
