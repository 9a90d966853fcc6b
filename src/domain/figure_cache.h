/* figure_cache.h — figures counted from the records (the start page's
 * counts, the goals' measurements), kept in the process's memory for as
 * long as nothing they are counted from has changed, so that the next
 * request gives the same figures without counting a million enrolments
 * again.
 *
 * "Changed" is read from the audit log: every change is audited inside its
 * own transaction (audit.h), and a change made after a figure was counted
 * has an event above the mark read before counting (figure_cache_mark:
 * the newest event, or on PostgreSQL, where changes commit side by side,
 * below every change still running). Events of accounts, sessions and the employer
 * register do not move these figures and are passed over; every other
 * event, including the kinds a later capability adds, makes the figures be
 * counted again. The day is part of the key too: planned enrolments start
 * and follow-ups fall due on a date, not by a write. So what is answered is
 * always what the records say now (docs/performance.md, "The start page"). */
#ifndef SAMSYN_DOMAIN_FIGURE_CACHE_H
#define SAMSYN_DOMAIN_FIGURE_CACHE_H
#include "ctx.h"
#include <stddef.h>

/* An event id above which every change not yet seen will write its event
 * (figure_cache.c): read it before counting, and keep the figures under
 * it. 0 or ERR_INTERNAL. */
int figure_cache_mark(struct ctx *c, int64_t *mark);

/* A copy (in the request's arena) of what is kept under key and its size,
 * when it was counted today and no change that could move it has been
 * made since; else NULL (also when the log cannot be read). */
void *figure_cache_get(struct ctx *c, const char *key, size_t *size);

/* Keeps size bytes under key, counted today after reading mark. */
void figure_cache_put(const char *key, int64_t mark, const void *value, size_t size);

/* Forgets everything (tests; a restored database). */
void figure_cache_clear(void);

#endif
