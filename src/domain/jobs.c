/* jobs.c — see jobs.h. The lease is one upsert: a new name is inserted;
 * an existing row is overwritten only when the holder is the same (a
 * renewal) or its lease has ended (a take-over), and RETURNING answers a
 * row only then. On SQLite the write lock orders two servers' statements;
 * on PostgreSQL the conflicting row is locked and the WHERE is evaluated
 * again on its newest version, so in both exactly one of two servers
 * asking at once gets the row. */
#include "jobs.h"
#include "rate_limit.h"
#include "../store/store.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <unistd.h>

static char holder[128];
static pthread_once_t holder_once = PTHREAD_ONCE_INIT;

static void make_holder(void)
{
	char host[64] = "host";
	if (gethostname(host, sizeof host) != 0) snprintf(host, sizeof host, "host");
	host[sizeof host - 1] = 0;
	snprintf(holder, sizeof holder, "%s:%ld:%08x", host, (long)getpid(), (unsigned)randombytes_random());
}

const char *job_holder(void)
{
	pthread_once(&holder_once, make_holder);
	return holder;
}

int job_lease_take(struct ctx *c, const char *name, const char *who, int64_t now, int seconds)
{
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO job_leases (name, holder, until) VALUES (:name, :holder, :until)"
		" ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until"
		" WHERE job_leases.holder = excluded.holder OR job_leases.until <= :now RETURNING until");
	stmt_bind_text(s, ":name", name);
	stmt_bind_text(s, ":holder", who);
	stmt_bind_int(s, ":until", now + seconds);
	stmt_bind_int(s, ":now", now);
	int64_t until;
	int rc = stmt_scalar(s, &until);
	if (rc == STORE_ROW) return 1;
	if (rc == STORE_DONE) return 0;
	return ctx_store_error(c, rc, NULL, "Kunde inte ta det schemalagda jobbets lås.");
}

int job_lease_release(struct ctx *c, const char *name, const char *who)
{
	struct stmt *s = store_prepare(c->db, "DELETE FROM job_leases WHERE name = :name AND holder = :holder");
	stmt_bind_text(s, ":name", name);
	stmt_bind_text(s, ":holder", who);
	int rc = stmt_exec(s);
	return rc == STORE_DONE ? 0 : ctx_store_error(c, rc, NULL, "Kunde inte lämna det schemalagda jobbets lås.");
}

int jobs_housekeeping(struct ctx *c, int64_t now)
{
	int rc = rate_limit_sweep(c, now);
	return rc == STORE_DONE ? 0 : ctx_store_error(c, rc, NULL, "Kunde inte rensa gamla räknare.");
}
