/* gen.h — `samsyn gen`: a synthetic samordningsförbund at any scale, for
 * benchmarks, demos and UI work: organisations, users, interventions with
 * partners, budgets, goals, volumes and attendees, participants with valid
 * (random, synthetic) personnummer and their enrolments with SUS variables
 * and outcomes. The same options give the same data (docs/performance.md
 * describes the distributions). */
#ifndef SAMSYN_GEN_H
#define SAMSYN_GEN_H
#include "ctx.h"

/* Bumped whenever the data generated for the same options changes, so
 * caches of generated databases (bench/run.sh) know to remake them. */
#define GEN_VERSION 1

#define GEN_MAX_PARTICIPANTS 5000000
#define GEN_MAX_ENROLMENTS 50000000

struct gen_options {
	int64_t participants;   /* N, 0..GEN_MAX_PARTICIPANTS */
	int64_t enrolments;     /* M, 0..GEN_MAX_ENROLMENTS (0 when N is 0) */
	uint64_t seed;
	const char *today;      /* YYYY-MM-DD: the data's "now" (nothing starts or ends after it) */
	/* Called now and then with the participants written so far; may be NULL. */
	void (*progress)(int64_t done, int64_t total, void *arg);
	void *progress_arg;
};

struct gen_result {
	int64_t orgs, users, interventions;
	int64_t participants, anonymous, enrolments, ongoing;
	double index_seconds; /* of the time: building the indexes at the end */
};

/* Fills the database (migrated; without interventions or participants:
 * ERR_CONFLICT otherwise). Organisations and users that already exist by
 * name are reused. Commits in batches; on failure what was committed stays.
 * Only the system or an admin may run it. */
int gen_run(struct ctx *c, const struct gen_options *o, struct gen_result *out);

#endif
