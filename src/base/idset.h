/* idset.h — a set of ids 1..max as a bitmap in an arena: unique counts of
 * hundreds of thousands of ids (participants) read from an index in C,
 * where SQL's COUNT(DISTINCT) would sort them into a temporary B-tree
 * first. 125 kB per million ids. */
#ifndef SAMSYN_IDSET_H
#define SAMSYN_IDSET_H
#include <stdbool.h>
#include <stdint.h>
#include "arena.h"

struct idset {
	uint8_t *bits;
	int64_t max;   /* the largest id the set can hold */
	int64_t count; /* ids in the set */
};

/* An empty set for ids 1..max (max ≥ 0). */
void idset_init(struct idset *s, struct arena *a, int64_t max);
/* Empties the set. */
void idset_clear(struct idset *s);
/* Adds id; true when it was not in the set. Ids outside 1..max are ignored (false). */
bool idset_add(struct idset *s, int64_t id);
bool idset_has(const struct idset *s, int64_t id);

#endif
