/* backup.c — the database copy (backup.h). The files (the database's and
 * its read log's) are made here first, exclusively and readable by their
 * owner only (they hold personal data), and SQLite fills the empty files;
 * so a failure removes only our own files. */
#include "backup.h"
#include "audit.h"
#include "../store/store.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *why(int e)
{
	switch (e) {
	case ENOENT: return "mappen finns inte";
	case EACCES: case EPERM: return "behörighet saknas";
	case ENOSPC: return "disken är full";
	case EROFS: return "filsystemet är skrivskyddat";
	default: return strerror(e);
	}
}

/* Makes path, empty and readable by its owner only; 0 or an error. */
static int create_copy(struct ctx *c, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST)
		return err_set(&c->err, ERR_CONFLICT, "%.200s finns redan: en säkerhetskopia skriver aldrig över en annan fil.", path);
	if (fd < 0) return err_set(&c->err, ERR_INVALID, "Kan inte skapa %.200s: %s.", path, why(errno));
	close(fd);
	return 0;
}

int backup_database(struct ctx *c, const char *path)
{
	if (!actor_has(c->actor, ROLE_ADMIN))
		return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer får ta en säkerhetskopia.");
	if (!path || !*path) return err_field(&c->err, "path", NULL, "Ange filen som säkerhetskopian ska skrivas till.");
	/* The read log beside the copy, as beside the database. */
	const char *reads = arena_printf(c->arena, "%s" STORE_READS_SUFFIX, path);
	struct store *log = store_reads(c->db);
	if (!log) return err_set(&c->err, ERR_INTERNAL, "Kan inte öppna läsloggen.");
	if (create_copy(c, path) != 0) return c->err.code;
	if (create_copy(c, reads) != 0) {
		unlink(path);
		return c->err.code;
	}
	char full[PATH_MAX];
	const char *where = realpath(path, full) ? full : path; /* the log names the copy wherever it was asked from */
	audit_flush(); /* the reads logged until now in the copy (what it can) */
	struct store *failed = store_backup(c->db, path) != STORE_DONE ? c->db
			       : store_backup(log, reads) != STORE_DONE ? log : NULL;
	if (failed) {
		err_set(&c->err, ERR_INTERNAL, "Kunde inte skriva säkerhetskopian %.200s: %.200s", failed == log ? reads : path,
			store_errmsg(failed));
		unlink(path);
		unlink(reads);
		return c->err.code;
	}
	if (ctx_begin(c) != 0) { /* the copy is kept only with its audit event */
		unlink(path);
		unlink(reads);
		return c->err.code;
	}
	if (audit_commit(c, true, "backup", "database", 0, where, "Kunde inte logga säkerhetskopian: den togs bort.") != 0) {
		unlink(path);
		unlink(reads);
		return c->err.code;
	}
	return 0;
}

const char *url_without_password(const char *url, char *buf, size_t n)
{
	const char *scheme = strstr(url, "://"), *at = scheme ? strchr(scheme + 3, '@') : NULL;
	const char *colon = at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
	if (!colon) snprintf(buf, n, "%s", url);
	else snprintf(buf, n, "%.*s%s", (int)(colon - url), url, at);
	/* libpq takes it as a parameter too: postgresql://h/db?password=… */
	char *q = strchr(buf, '?'), *pw = q ? strstr(q, "password=") : NULL;
	if (pw && (pw[-1] == '?' || pw[-1] == '&')) {
		char *end = strchr(pw, '&');
		memmove(pw + 9, end ? end : pw + strlen(pw), strlen(end ? end : "") + 1);
	}
	return buf;
}

int copy_database(struct ctx *c, const char *to_url, struct copy_result *r)
{
	if (!actor_has(c->actor, ROLE_ADMIN)) return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer får kopiera databasen.");
	if (!to_url || !*to_url) return err_field(&c->err, "to", NULL, "Ange databasen som kopian ska skrivas till.");
	struct store *to = NULL;
	if (store_open(to_url, &to, &c->err) != 0 || store_migrate(to, NULL, &c->err) != 0) {
		store_close(to);
		return c->err.code ? c->err.code : ERR_INTERNAL;
	}
	audit_flush(); /* the reads logged until now go along */
	char from_pub[512], to_pub[512];
	url_without_password(store_url(c->db), from_pub, sizeof from_pub);
	url_without_password(to_url, to_pub, sizeof to_pub);
	int rc = store_copy(c->db, to, r, &c->err);
	if (rc == 0) {
		/* In the target, after the verified copy: who moved it in, and from where. */
		struct ctx tc;
		ctx_init(&tc, to, c->arena, c->actor, c->address);
		if (ctx_begin(&tc) != 0 ||
		    audit_commit(&tc, true, "copy", "database", 0, arena_printf(c->arena, "från %s", from_pub), "Kunde inte logga kopian i målet.") != 0)
			c->err = tc.err, rc = c->err.code;
	}
	if (rc == 0 && (ctx_begin(c) != 0 ||
			audit_commit(c, true, "copy", "database", 0, arena_printf(c->arena, "till %s", to_pub), "Kunde inte logga kopian.") != 0))
		rc = c->err.code;
	store_close(to);
	return rc;
}
