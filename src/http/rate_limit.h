/* rate_limit.h — a per-key fixed-window request counter in this process's
 * memory, for the public routes (a client address: at most N requests a
 * minute). Per process on purpose: it spares the database a write per
 * public read, and with several servers behind a proxy the limit a client
 * meets is N per server, which still stops a flood. Thread-safe. */
#ifndef SAMSYN_RATE_LIMIT_H
#define SAMSYN_RATE_LIMIT_H
#include <stdbool.h>
#include <stdint.h>

/* The window every limit counts in. */
#define RATE_LIMIT_WINDOW_S 60

/* Counts one request of key at time now (seconds). True when it is within
 * limit requests of the current window; false when over, with the seconds
 * until the window ends in *retry_after_s. */
bool rate_limit_take(const char *key, int64_t now, int limit, int *retry_after_s);

/* Forgets every key (tests; a server's shutdown). */
void rate_limit_reset(void);

#endif
