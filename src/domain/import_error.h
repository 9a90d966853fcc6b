/* import_error.h — a bad line of an import, one shape for every import
 * (participants, employers) and for the API's answer: every bad line is
 * counted, at most IMPORT_MAX_ERRORS are listed with their reasons, then
 * one entry, at the first line not listed, says how many more. A file of a
 * million bad lines answers in bounded memory. The list is kept by the
 * import frame, csv_import.h. */
#ifndef SAMSYN_IMPORT_ERROR_H
#define SAMSYN_IMPORT_ERROR_H

#define IMPORT_MAX_ERRORS 1000

struct import_error {
	long line;          /* 1-based line in the file */
	const char *reason; /* Swedish */
};

#endif
