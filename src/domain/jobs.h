/* jobs.h — scheduled jobs run exactly once however many servers run
 * (issue 16 item 4; docs/operations.md "Scheduled jobs"). A server runs
 * the scheduled jobs (survey invitations, SYV reminders, the
 * housekeeping) only while it holds their lease, a row of job_leases
 * (migration 0030) taken and renewed with one conditional statement; and
 * each job's work is idempotent on its own (a survey invitation is unique
 * per registration and wave, a reminder is marked on its booking), so a
 * holder whose lease ran out mid-round cannot make a mail twice either. */
#ifndef SAMSYN_JOBS_H
#define SAMSYN_JOBS_H
#include "ctx.h"

/* The lease of the scheduled jobs, and how long it lasts unless its
 * holder renews it (every round, a second apart by default): a server
 * that dies without giving it up is replaced within this time. */
#define JOB_SCHEDULER "scheduler"
#define JOB_LEASE_S 30

/* This process's name as a lease holder: host, process id and a random
 * part (a restarted process with the same id is another holder). */
const char *job_holder(void);

/* Takes the lease name for holder until now + seconds, or renews it when
 * holder holds it already. 1 when holder holds it now, 0 when another
 * holder's lease has not ended, or an ERR_* code (c->err set). */
int job_lease_take(struct ctx *c, const char *name, const char *holder, int64_t now, int seconds);

/* Gives up the lease if holder holds it (a clean stop), so another server
 * takes it at its next round. Returns 0 or an ERR_* code. */
int job_lease_release(struct ctx *c, const char *name, const char *holder);

/* The housekeeping job: deletes the rate limits' ended windows. Returns 0
 * or an ERR_* code. */
int jobs_housekeeping(struct ctx *c, int64_t now);

#endif
