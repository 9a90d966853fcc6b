/* health.c — the health check: one cheap query on the database (a row of
 * schema_migrations, which every migrated database has) and one on the
 * read log, on this thread's connection. Nothing is audited: the
 * answer holds no personal data. */
#include "health.h"
#include "../store/store.h"

void health_check(struct ctx *c, struct health *h)
{
	/* A table, not "SELECT 1": SQLite answers that without the file, so a
	 * database locked or gone would still look well. */
	h->db = stmt_exec(store_prepare(c->db, "SELECT 1 FROM schema_migrations LIMIT 1")) == STORE_ROW;
	/* An empty read log answers too: no row is not a fault. */
	struct store *reads = store_reads(c->db);
	int rc = reads ? stmt_exec(store_prepare(reads, "SELECT 1 FROM reads.audit_reads LIMIT 1")) : STORE_EFAIL;
	h->reads = rc == STORE_ROW || rc == STORE_DONE;
}
