/* csv_import.h — the frame every CSV import runs in (participant_import,
 * employer_import), so that each keeps only its own rules: the header line
 * read against the import's known columns (an unknown column, one named
 * twice, a required one missing: faults of line 1, in Swedish), a line's
 * fields by column, every fault of a line joined into one reason, the
 * file's bad lines in one list (import_error.h), and all or nothing: the
 * import's one transaction is committed with its audit event only when no
 * line had a fault, and rolled back otherwise.
 *
 * The shape of an import:
 *
 *	csv_import_init(&ci, c, column_names, COL_COUNT);
 *	int rc = csv_import_header(&ci, csv);
 *	if (rc == 0) rc = its header rules (csv_import_require, csv_import_bad_line(&ci, 1, …));
 *	csv_import_line_init(&line, csv, scratch);
 *	while (rc == 0 && (rc = csv_import_next(&ci, &line, &c->err)) > 0) {
 *		if (csv_import_line_ok(&line)) its line rules: csv_import_field, csv_import_fault;
 *		csv_import_line_end(&ci, &line);
 *	}
 *	rc = csv_import_end(&ci, csv, rc, line.read);
 *
 * and its writing between csv_import_begin and csv_import_commit: during
 * the check (each line written as it is checked) or after it. The line
 * functions touch only their line and read the header's mapping, so one
 * file may be checked in parts on several threads, each with a line of
 * its own, as long as only one thread lists bad lines. */
#ifndef SAMSYN_CSV_IMPORT_H
#define SAMSYN_CSV_IMPORT_H
#include "ctx.h"
#include "import_error.h"
#include "../base/csv_reader.h"
#include "../base/strbuf.h"

#define CSV_IMPORT_MAX_COLUMNS 32

struct csv_import {
	struct ctx *c;
	const char *const *names; /* the known columns' names, by the import's column number */
	int ncolumns;
	int col[CSV_IMPORT_MAX_COLUMNS]; /* each known column's field in the file, -1 when absent */
	size_t nheader;                  /* fields of the header line */
	/* The bad lines: every one counted, at most IMPORT_MAX_ERRORS listed
	 * (c->arena), then one entry saying how many more. */
	struct import_error *errors;
	size_t nerrors;
	int64_t bad_lines;
	/* Called for every bad line, in order, also past the cap. May be NULL. */
	void (*on_error)(long line, const char *reason, void *arg);
	void *arg;
	bool begun; /* its transaction is open (csv_import_begin) */
};

/* One line of the file as a reader reads it. */
struct csv_import_line {
	struct csv_reader *csv;
	long number;          /* the line of the file where the record starts */
	int64_t read;         /* data lines read so far */
	struct strbuf faults; /* the line's faults, joined by spaces */
	struct arena *scratch; /* a field trimmed of spaces at its end is copied here */
};

/* names[0..ncolumns) (ncolumns <= CSV_IMPORT_MAX_COLUMNS) must outlive im. */
void csv_import_init(struct csv_import *im, struct ctx *c, const char *const *names, int ncolumns);

/* Reads the header line and maps its fields to the known columns; an
 * unknown column and one named twice are listed as faults of line 1.
 * Returns 0 when the line was read (faults or not: the import's own rules
 * of the header come next), ERR_INVALID for an empty file (listed), or the
 * reader's negative ERR_* (c->err set), for csv_import_end. */
int csv_import_header(struct csv_import *im, struct csv_reader *csv);
/* Lists "the header lacks column" when it does. */
void csv_import_require(struct csv_import *im, int column);
/* Whether the header has the column (inline: asked on every line). */
static inline bool csv_import_has(const struct csv_import *im, int column)
{
	return im->col[column] >= 0;
}
/* 0, or ERR_INVALID when a bad line is listed: the end of the header's
 * check, after the import's own rules. */
int csv_import_header_end(const struct csv_import *im);

/* Counts a bad line and lists it with its reason (copied). */
void csv_import_bad_line(struct csv_import *im, long line, const char *reason);

void csv_import_line_init(struct csv_import_line *l, struct csv_reader *csv, struct arena *scratch);
void csv_import_line_free(struct csv_import_line *l);
/* Reads the next data line into l: 1 with its faults cleared (a line with
 * another number of fields than the header has that as its fault, and no
 * field should be read), 0 at the end, or the reader's negative ERR_* (e
 * set). */
int csv_import_next(const struct csv_import *im, struct csv_import_line *l, struct err *e);
/* The line's field of a known column trimmed of spaces and tabs; NULL
 * when the column is absent or the field empty. Valid until the next line
 * (in the reader, or in l->scratch). */
const char *csv_import_field(const struct csv_import *im, struct csv_import_line *l, int column);
/* One fault of the line, in Swedish ("column: reason"). */
void csv_import_fault(struct csv_import_line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline bool csv_import_line_ok(const struct csv_import_line *l)
{
	return l->faults.len == 0;
}
/* Lists the line with its faults joined into one reason, if it has any:
 * true when it had none. */
bool csv_import_line_end(struct csv_import *im, struct csv_import_line *l);

/* Opens the import's transaction (ctx_begin): 0 or c->err's code. */
int csv_import_begin(struct csv_import *im);
/* Rolls the import's transaction back, if it is open. */
void csv_import_rollback(struct csv_import *im);
/* The end of the check. rc is what reading the file ended with: 0, or a
 * negative ERR_* (c->err set, or the header's faults already listed). A
 * file the reader found broken at some line has that line listed, and a
 * file without data lines (lines: those read) is a fault too. Returns 0
 * when no line was bad; ERR_INVALID ("Inget importerades: …") when any
 * was, the list then complete; the reader's other ERR_*. On anything but 0
 * the transaction, if open, is rolled back: nothing is written. */
int csv_import_end(struct csv_import *im, struct csv_reader *csv, int rc, int64_t lines);
/* When ok, writes the import's audit event ("import" of entity, with
 * detail) and commits; otherwise, or when that fails, rolls back.
 * 0, or ERR_INTERNAL / ERR_BUSY with "Kunde inte spara importen." */
int csv_import_commit(struct csv_import *im, bool ok, const char *entity, const char *detail);

#endif
