/* csv_reader.h — a streaming RFC 4180 CSV reader for imports: one record at
 * a time from a FILE* or a memory buffer, in bounded memory (it reads
 * registers of a million rows). The separator (',' or ';') is taken from the
 * header line; quoted fields may hold separators, "" and line breaks; a UTF-8
 * byte-order mark is skipped; invalid UTF-8 and NUL bytes are refused with a
 * Swedish message naming the line. The caller checks the field count of each
 * record against the header (csv_expect_fields). */
#ifndef SAMSYN_CSV_READER_H
#define SAMSYN_CSV_READER_H
#include <stddef.h>
#include <stdio.h>
#include "err.h"

struct csv_reader;

struct csv_limits {
	size_t max_field;   /* bytes of one field; 0: 64 KiB */
	size_t max_record;  /* bytes of one record, all fields; 0: 1 MiB */
	size_t max_fields;  /* fields in one record; 0: 1000 */
	char separator;     /* ',' or ';' to force one; 0: detect from the header line */
};

/* The reader does not close f. lim may be NULL (defaults). Never NULL. */
struct csv_reader *csv_open_file(FILE *f, const struct csv_limits *lim);
/* Reads buf[0..len) (not copied: it must outlive the reader). */
struct csv_reader *csv_open_mem(const char *buf, size_t len, const struct csv_limits *lim);
void csv_close(struct csv_reader *r);

/* Reads the next record: 1 when there is one, 0 at the end of the input,
 * or a negative ERR_* with e->msg "Rad N: …" (ERR_INVALID for bad input,
 * ERR_INTERNAL when the file cannot be read). After an error the reader
 * stays failed. Blank lines outside quotes are skipped (their lines still
 * count). */
int csv_next(struct csv_reader *r, struct err *e);

/* The current record: fields are NUL-terminated, valid until the next
 * csv_next. i < csv_nfields. */
size_t csv_nfields(const struct csv_reader *r);
const char *csv_field(const struct csv_reader *r, size_t i);
size_t csv_field_len(const struct csv_reader *r, size_t i);
/* 1-based line on which the current record starts (after an error: the
 * line where the error is). */
long csv_line(const struct csv_reader *r);
/* The separator in use (known after the first csv_next). */
char csv_separator(const struct csv_reader *r);
/* After an error: the reason without the "Rad N: " prefix, for lists of
 * bad lines ({"line","reason"}); "" otherwise. */
const char *csv_error_reason(const struct csv_reader *r);

/* For reading one input in parts side by side (an import checks a large
 * file on every CPU). csv_input gives r's whole input as one block of
 * *len bytes — the caller's buffer, or a regular file mapped read-only
 * until csv_close — of which r has read the first *offset; NULL when it
 * cannot be had that way (a pipe) or r has failed. */
const char *csv_input(struct csv_reader *r, size_t *len, size_t *offset);
/* A reader of bytes [from, to) of that block, which must start where a
 * record may start (after r's header; a cut at a line break inside a
 * quoted field shows as a field never closed at the end of the part
 * before it): r's separator and limits, no byte-order mark, lines counted
 * from 1 at from. Close it before r. */
struct csv_reader *csv_open_part(const struct csv_reader *r, size_t from, size_t to);

/* 0 if the current record has n fields, else ERR_INVALID with a Swedish
 * "Rad N: …" message in e (and the bare reason in reason, if not NULL,
 * of size reason_size). */
int csv_expect_fields(const struct csv_reader *r, size_t n, struct err *e, char *reason, size_t reason_size);

#endif
