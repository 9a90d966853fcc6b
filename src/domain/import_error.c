/* import_error.c — the capped list of an import's bad lines (import_error.h). */
#include "import_error.h"

void import_error_add(struct arena *a, struct import_error **errors, size_t *n, int64_t *bad_lines, long line,
		      const char *reason)
{
	(*bad_lines)++;
	if (*n > IMPORT_MAX_ERRORS) return;
	if (!*errors) *errors = arena_alloc(a, (IMPORT_MAX_ERRORS + 1) * sizeof **errors);
	/* Past the cap, one entry at the first line not listed. */
	(*errors)[*n] = (struct import_error){line, *n < IMPORT_MAX_ERRORS ? arena_strdup(a, reason) : NULL};
	(*n)++;
}

void import_errors_end(struct arena *a, struct import_error *errors, size_t n, int64_t bad_lines)
{
	if (n <= IMPORT_MAX_ERRORS) return;
	int64_t more = bad_lines - IMPORT_MAX_ERRORS;
	errors[IMPORT_MAX_ERRORS].reason = arena_printf(a, "… och %lld fler rad%s med fel.", (long long)more, more == 1 ? "" : "er");
}
