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
