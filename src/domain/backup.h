/* backup.h — a copy of the whole database for safekeeping (`samsyn
 * backup`): consistent while the server runs, never over another file, and
 * audited, since the copy holds every participant's personal data. */
#ifndef SAMSYN_BACKUP_H
#define SAMSYN_BACKUP_H
#include "ctx.h"

/* Writes the copy to path and the read log's to path + STORE_READS_SUFFIX,
 * which must not exist (409), then the audit event `backup database` with
 * the path. An administrator only (403). When the
 * event cannot be written the copy is removed again (no unaudited copy). */
int backup_database(struct ctx *c, const char *path);

#endif
