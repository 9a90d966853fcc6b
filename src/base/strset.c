/* strset.c — is a word one of a fixed set (strset.h). */
#include "strset.h"

#include <string.h>

bool str_in(const char *s, const char *const *set, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, set[i]) == 0) return true;
	return false;
}

bool str_in_list(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0) return true;
	return false;
}
