/* kommun.h — Swedish municipality codes (kommunkod, 4 digits) and names,
 * SCB's list of all 290, compiled into the binary from se/data/kommuner.csv,
 * and which municipalities share a border (se/data/kommun_neighbours.csv). */
#ifndef SAMSYN_KOMMUN_H
#define SAMSYN_KOMMUN_H
#include <stdbool.h>
#include <stddef.h>

/* The municipality's name, or NULL if code is not one of the 290. */
const char *kommun_name(const char *code);
/* The code of the municipality named name (as SCB writes it, case and
 * surrounding spaces aside), or NULL. "Malung-Sälen", "Upplands Väsby". */
const char *kommun_code_by_name(const char *name);
size_t kommun_count(void);

/* True when the municipalities a and b share a border (never a with itself). */
bool kommun_neighbours(const char *a, const char *b);
/* The codes bordering code, sorted; returns how many (at most max written). */
size_t kommun_neighbour_codes(const char *code, const char **out, size_t max);

#endif
