/* report_pass.h — counting unique people in one pass over their
 * enrolments. The period reports read each participant's enrolments once,
 * in participant order (the covering indexes participants_report and
 * enrolments_participant), and count here: a key (an intervention, a code,
 * a pair of codes) counts a person once however many of her enrolments
 * have it. SQL's DISTINCT or GROUP BY would first sort a row per enrolment
 * (a million at the benchmark's size); this only compares a number. */
#ifndef SAMSYN_REPORT_PASS_H
#define SAMSYN_REPORT_PASS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../base/arena.h"

struct stmt;

/* Women and men per key number 0, 1, …; grows as keys come. */
struct tally {
	struct arena *arena;
	size_t cap;
	int64_t *women, *men;
	int64_t *last; /* the person last counted under the key (0: none) */
};

void tally_init(struct tally *t, struct arena *a);
/* Counts person (an id > 0) under key, once however often she comes:
 * her rows must come together (report_pass's order). */
void tally_person(struct tally *t, size_t key, int64_t person, bool woman);
/* Counts one more under key (enrolments, not people). */
void tally_add(struct tally *t, size_t key, bool woman);
/* Women and men under key; zeros for a key never counted. */
int64_t tally_women(const struct tally *t, size_t key);
int64_t tally_men(const struct tally *t, size_t key);

/* Texts (codes) numbered in the order they come; NULL is a text of its own. */
struct code_index {
	struct arena *arena;
	size_t n, cap;
	const char **code;
};

void code_index_init(struct code_index *x, struct arena *a);
/* The number of code, given a new one the first time. */
size_t code_index_of(struct code_index *x, const char *code);

/* Steps s, whose first two columns are a participant's id and sex and whose
 * rows come ordered by that id (ORDER BY it, which the statements above
 * satisfy from their index without sorting). Calls row for every row and,
 * when not NULL, done after each participant's last row. Returns 0 or the
 * store's negative error. Finishes s. */
typedef void report_pass_row(void *state, struct stmt *s, int64_t person, bool woman);
typedef void report_pass_done(void *state, int64_t person, bool woman);
int report_pass(struct stmt *s, report_pass_row *row, report_pass_done *done, void *state);

#endif
