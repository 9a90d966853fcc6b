/* import_error.h — the bad lines of an import, one shape for every import
 * (participants, employers): every bad line counted, at most
 * IMPORT_MAX_ERRORS listed with their reasons, then one entry, at the first
 * line not listed, saying how many more. A file of a million bad lines
 * answers in bounded memory. */
#ifndef SAMSYN_IMPORT_ERROR_H
#define SAMSYN_IMPORT_ERROR_H
#include <stddef.h>
#include <stdint.h>
#include "../base/arena.h"

#define IMPORT_MAX_ERRORS 1000

struct import_error {
	long line;          /* 1-based line in the file */
	const char *reason; /* Swedish; the summary entry's is set by import_errors_end */
};

/* Counts a bad line in *bad_lines and lists it in *errors (*n entries,
 * from a), while fewer than IMPORT_MAX_ERRORS are listed. */
void import_error_add(struct arena *a, struct import_error **errors, size_t *n, int64_t *bad_lines, long line,
		      const char *reason);
/* Writes the summary entry's reason ("… och N fler rader med fel."), if
 * there is one. Call once, after the last import_error_add. */
void import_errors_end(struct arena *a, struct import_error *errors, size_t n, int64_t bad_lines);

#endif
