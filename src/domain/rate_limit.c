/* rate_limit.c — see rate_limit.h. One statement per request, in its own
 * (autocommit) transaction: an upsert that counts the request only while
 * the window is under the limit, and answers the new count. Over the
 * limit it writes nothing and answers no row, so a flood costs a lookup
 * of the primary key, not a growing count. */
#include "rate_limit.h"
#include "../store/store.h"

int rate_limit_take(struct ctx *c, const char *key, int64_t now, int limit, int *retry_after_s)
{
	if (!key || !*key) key = "-";
	int64_t window = now - now % RATE_LIMIT_WINDOW_S;
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO rate_limits (key, window_start, count) VALUES (:key, :window_start, 1)"
		" ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1"
		" WHERE rate_limits.count < :limit RETURNING count");
	stmt_bind_text(s, ":key", key);
	stmt_bind_int(s, ":window_start", window);
	stmt_bind_int(s, ":limit", limit);
	int64_t count = 0;
	int rc = stmt_scalar(s, &count);
	if (rc == STORE_ROW && count <= limit) return 1;
	if (rc == STORE_ROW || rc == STORE_DONE) {
		*retry_after_s = (int)(window + RATE_LIMIT_WINDOW_S - now);
		return 0;
	}
	/* A database busy for the whole busy wait (an import holding the
	 * write lock on SQLite) lets the request through: the wait was its
	 * brake, and the public pages stay readable while the lock is held,
	 * as they were with a counter in memory. */
	if (rc == STORE_EBUSY || store_busy(c->db)) return 1;
	return ctx_store_error(c, rc, NULL, "Kunde inte räkna förfrågan.");
}

int rate_limit_sweep(struct ctx *c, int64_t now)
{
	struct stmt *s = store_prepare(c->db, "DELETE FROM rate_limits WHERE window_start <= :ended");
	stmt_bind_int(s, ":ended", now - now % RATE_LIMIT_WINDOW_S - RATE_LIMIT_WINDOW_S);
	return stmt_exec(s);
}
