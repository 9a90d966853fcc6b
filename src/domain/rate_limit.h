/* rate_limit.h — a per-key fixed-window request counter for the public
 * routes (a client address: at most N requests a minute), kept in the
 * database (migration 0029) so that every server behind a load balancer
 * counts into the same window: the limit a client meets is N, however its
 * requests are spread (issue 16 item 4). It was per process once, to
 * spare the database a write per public request; docs/operations.md
 * "Stateless servers" has what the write costs. */
#ifndef SAMSYN_RATE_LIMIT_H
#define SAMSYN_RATE_LIMIT_H
#include "ctx.h"

/* The window every limit counts in; windows start at multiples of it, so
 * every server names the same one. */
#define RATE_LIMIT_WINDOW_S 60

/* Counts one request of key at time now (epoch seconds). 1 when it is
 * within limit requests of the current window; 0 when over, with the
 * seconds until the window ends in *retry_after_s; 1 as well when the
 * database stayed busy for the whole busy wait (see rate_limit.c); or
 * ERR_INTERNAL (c->err set) when the count failed otherwise: the caller
 * refuses then, as a count it cannot make is no proof of being under the
 * limit. */
int rate_limit_take(struct ctx *c, const char *key, int64_t now, int limit, int *retry_after_s);

/* Deletes the windows that ended before now (the scheduler's
 * housekeeping, src/domain/jobs.c). Returns the store's code. */
int rate_limit_sweep(struct ctx *c, int64_t now);

#endif
