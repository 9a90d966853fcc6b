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

#endif
