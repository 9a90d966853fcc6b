/* health.h — whether the server can do its work, for GET /health (no
 * login): the database and the read log each answer a query. Every read of
 * personal data is logged, so a server whose read log is gone cannot serve
 * reads either. */
#ifndef SAMSYN_HEALTH_H
#define SAMSYN_HEALTH_H
#include <stdbool.h>
#include "ctx.h"

struct health {
	bool db;    /* the database answers */
	bool reads; /* the read log (store_reads) opens and answers */
};

void health_check(struct ctx *c, struct health *h);

#endif
