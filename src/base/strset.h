/* strset.h — is a word one of a fixed set: a code list's values, a
 * filter's choices. The one helper for the check every validation makes;
 * sets are arrays of known size (STR_IN) or NULL-terminated lists. */
#ifndef SAMSYN_STRSET_H
#define SAMSYN_STRSET_H
#include <stdbool.h>
#include <stddef.h>

/* Whether s equals one of the n strings of set; a NULL s is in no set. */
bool str_in(const char *s, const char *const *set, size_t n);
/* The same for an array whose size the compiler knows. */
#define STR_IN(s, array) str_in((s), (array), sizeof(array) / sizeof(array)[0])
/* The same for a list that ends with NULL. */
bool str_in_list(const char *s, const char *const *list);

#endif
