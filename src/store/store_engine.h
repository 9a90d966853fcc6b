/* store_engine.h — what the two backends (store_sqlite.c, store_pg.c)
 * implement and store.c dispatches to. Only src/store includes it.
 *
 * store.h and conn.h are one interface with two engines behind it. Each
 * backend writes its functions with the public names and includes this
 * header first with STORE_ENGINE_PREFIX defined: the macros below rename
 * them (store_begin becomes sqlite_store_begin), so a backend reads like
 * the single-engine code it was, and its table of functions (struct
 * store_engine) is what store.c calls through. Every engine's struct store
 * and struct stmt begin with the engine's table, so store.c finds the
 * engine of either without knowing the rest of the struct. */
#ifndef SAMSYN_STORE_ENGINE_H
#define SAMSYN_STORE_ENGINE_H
#include <stdbool.h>
#include <stdint.h>

struct store;
struct stmt;
struct stmt_param;
struct err;

struct store_engine {
	const char *name; /* store_backend: "sqlite" or "postgresql" */
	int (*open)(const char *url, struct store **out, struct err *e);
	struct store *(*reads_open)(const char *url);
	void (*close)(struct store *db);
	struct store *(*reads)(struct store *db);
	const char *(*url)(struct store *db);
	const char *(*errmsg)(struct store *db);
	bool (*busy)(struct store *db);
	unsigned (*conflicts)(struct store *db);
	struct stmt *(*prepare)(struct store *db, const char *sql);
	void (*bind_int)(struct stmt *s, const char *name, int64_t v);
	void (*bind_text)(struct stmt *s, const char *name, const char *v);
	void (*bind_text_ref)(struct stmt *s, const char *name, const char *v);
	void (*bind_null)(struct stmt *s, const char *name);
	void (*bind_id)(struct stmt *s, const char *name, int64_t id);
	bool (*has_param)(struct stmt *s, const char *name);
	struct stmt_param (*param)(struct stmt *s, const char *name);
	void (*bind_int_p)(struct stmt *s, struct stmt_param p, int64_t v);
	void (*bind_text_ref_p)(struct stmt *s, struct stmt_param p, const char *v);
	int (*step)(struct stmt *s);
	int64_t (*col_int)(struct stmt *s, int col);
	const char *(*col_text)(struct stmt *s, int col);
	bool (*col_null)(struct stmt *s, int col);
	void (*done)(struct stmt *s);
	void (*stream)(struct stmt *s);
	int (*exec_script)(struct store *db, const char *sql, struct err *e);
	int (*begin)(struct store *db);
	int (*commit)(struct store *db);
	void (*rollback)(struct store *db);
	bool (*in_transaction)(struct store *db);
	int (*bulk_begin)(struct store *db, const char *table, bool keep_unique);
	int (*bulk_end)(struct store *db, bool rebuild);
	bool (*load_begin)(struct store *db);
	void (*load_end)(struct store *db);
	int (*backup)(struct store *db, const char *path);
	int (*append_begin)(struct store *db, const char *table, const char *columns, int n);
	int (*append_row)(struct store *db, const char *const *values);
	int (*append_end)(struct store *db, bool ok);
};

extern const struct store_engine store_engine_sqlite, store_engine_pg;

/* The first member of every engine's struct store and struct stmt. */
struct store_engine_head {
	const struct store_engine *engine;
};

/* Writes a connection failure to the log; NULL. For a backend's reads_open. */
struct store *store_open_logged(const char *url);

#ifdef STORE_ENGINE_PREFIX
#define STORE_ENGINE_CAT2(a, b) a##b
#define STORE_ENGINE_CAT(a, b) STORE_ENGINE_CAT2(a, b)
#define STORE_ENGINE_FN(x) STORE_ENGINE_CAT(STORE_ENGINE_PREFIX, x)
#define store_open STORE_ENGINE_FN(store_open)
#define store_reads_open STORE_ENGINE_FN(store_reads_open)
#define store_close STORE_ENGINE_FN(store_close)
#define store_reads STORE_ENGINE_FN(store_reads)
#define store_url STORE_ENGINE_FN(store_url)
#define store_errmsg STORE_ENGINE_FN(store_errmsg)
#define store_busy STORE_ENGINE_FN(store_busy)
#define store_conflicts STORE_ENGINE_FN(store_conflicts)
#define store_prepare STORE_ENGINE_FN(store_prepare)
#define stmt_bind_int STORE_ENGINE_FN(stmt_bind_int)
#define stmt_bind_text STORE_ENGINE_FN(stmt_bind_text)
#define stmt_bind_text_ref STORE_ENGINE_FN(stmt_bind_text_ref)
#define stmt_bind_null STORE_ENGINE_FN(stmt_bind_null)
#define stmt_bind_id STORE_ENGINE_FN(stmt_bind_id)
#define stmt_has_param STORE_ENGINE_FN(stmt_has_param)
#define stmt_bind_int_p STORE_ENGINE_FN(stmt_bind_int_p)
#define stmt_bind_text_ref_p STORE_ENGINE_FN(stmt_bind_text_ref_p)
#define stmt_step STORE_ENGINE_FN(stmt_step)
#define stmt_int STORE_ENGINE_FN(stmt_int)
#define stmt_text STORE_ENGINE_FN(stmt_text)
#define stmt_is_null STORE_ENGINE_FN(stmt_is_null)
#define stmt_done STORE_ENGINE_FN(stmt_done)
#define stmt_stream STORE_ENGINE_FN(stmt_stream)
#define store_exec_script STORE_ENGINE_FN(store_exec_script)
#define store_begin STORE_ENGINE_FN(store_begin)
#define store_commit STORE_ENGINE_FN(store_commit)
#define store_rollback STORE_ENGINE_FN(store_rollback)
#define store_in_transaction STORE_ENGINE_FN(store_in_transaction)
#define store_bulk_begin STORE_ENGINE_FN(store_bulk_begin)
#define store_bulk_end STORE_ENGINE_FN(store_bulk_end)
#define store_load_begin STORE_ENGINE_FN(store_load_begin)
#define store_load_end STORE_ENGINE_FN(store_load_end)
#define store_backup STORE_ENGINE_FN(store_backup)
#define store_append_begin STORE_ENGINE_FN(store_append_begin)
#define store_append_row STORE_ENGINE_FN(store_append_row)
#define store_append_end STORE_ENGINE_FN(store_append_end)
/* stmt_param is also the name of a struct, which a macro would rename
 * too: a backend defines STORE_ENGINE_FN(stmt_param) by that name. */
/* A backend's table: its functions under the public names, renamed by
 * the macros above, so that both tables come from this one list:
 * `const struct store_engine store_engine_pg = STORE_ENGINE_TABLE("postgresql");` */
#define STORE_ENGINE_TABLE(engine_name) \
	{ \
		.name = engine_name, .open = store_open, .reads_open = store_reads_open, .close = store_close, \
		.reads = store_reads, .url = store_url, .errmsg = store_errmsg, .busy = store_busy, \
		.conflicts = store_conflicts, .prepare = store_prepare, .bind_int = stmt_bind_int, \
		.bind_text = stmt_bind_text, .bind_text_ref = stmt_bind_text_ref, .bind_null = stmt_bind_null, \
		.bind_id = stmt_bind_id, .has_param = stmt_has_param, .param = STORE_ENGINE_FN(stmt_param), \
		.bind_int_p = stmt_bind_int_p, .bind_text_ref_p = stmt_bind_text_ref_p, .step = stmt_step, \
		.col_int = stmt_int, .col_text = stmt_text, .col_null = stmt_is_null, .done = stmt_done, .stream = stmt_stream, \
		.exec_script = store_exec_script, .begin = store_begin, .commit = store_commit, \
		.rollback = store_rollback, .in_transaction = store_in_transaction, .bulk_begin = store_bulk_begin, \
		.bulk_end = store_bulk_end, .load_begin = store_load_begin, .load_end = store_load_end, \
		.backup = store_backup, .append_begin = store_append_begin, .append_row = store_append_row, \
		.append_end = store_append_end, \
	}
/* The engine-independent ones (store.c) keep their names: a backend that
 * calls stmt_exec or store_prepare_composed reaches the dispatch. */
#endif

#endif
