/* backup.h — a copy of the whole database for safekeeping (`samsyn
 * backup`): consistent while the server runs, never over another file, and
 * audited, since the copy holds every participant's personal data. */
#ifndef SAMSYN_BACKUP_H
#define SAMSYN_BACKUP_H
#include "ctx.h"
#include "../store/conn.h"

/* Writes the copy to path and the read log's to path + STORE_READS_SUFFIX,
 * which must not exist (409), then the audit event `backup database` with
 * the path. An administrator only (403). When the
 * event cannot be written the copy is removed again (no unaudited copy). */
int backup_database(struct ctx *c, const char *path);

/* `samsyn copy`: the whole database of c (its read log too) into the empty
 * database at to_url, of either engine, migrated first to this binary's
 * version; every table verified by count and checksum (store_copy in
 * store/store.h). Audited in both: `copy database` with the other
 * database's address, its password left out. An administrator only. */
int copy_database(struct ctx *c, const char *to_url, struct copy_result *r);
/* url without the password of a postgresql://user:password@… address,
 * into buf. */
const char *url_without_password(const char *url, char *buf, size_t n);

#endif
