/* kommun.h — Swedish municipality codes (kommunkod, 4 digits) and names,
 * SCB's list of all 290, compiled into the binary from se/data/kommuner.csv. */
#ifndef SAMSYN_KOMMUN_H
#define SAMSYN_KOMMUN_H
#include <stddef.h>

/* The municipality's name, or NULL if code is not one of the 290. */
const char *kommun_name(const char *code);
/* The code of the municipality named name (as SCB writes it, case and
 * surrounding spaces aside), or NULL. "Malung-Sälen", "Upplands Väsby". */
const char *kommun_code_by_name(const char *name);
size_t kommun_count(void);
/* The code of municipality i (i < kommun_count()), in code order. */
const char *kommun_code_at(size_t i);
/* Do municipalities a and b share a border? False for the same one or an
 * unknown code. (Written on branch nb; declared here until it lands.) */
#include <stdbool.h>
bool kommun_neighbours(const char *a, const char *b);

#endif
