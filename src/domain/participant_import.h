/* participant_import.h — moving a förbund's spreadsheets in: participants
 * with their enrolments from CSV (docs/followup.md, "Import"), all or
 * nothing. Every line goes through the same rules as a single registration
 * (participant_create, enrolment_create) inside one transaction; any bad
 * line and the whole import is rolled back, with every bad line reported. */
#ifndef SAMSYN_PARTICIPANT_IMPORT_H
#define SAMSYN_PARTICIPANT_IMPORT_H
#include "ctx.h"
#include "import_error.h"
#include "../base/csv_reader.h"
#include "../base/csv_writer.h"

struct import_result {
	int64_t created;    /* new participants */
	int64_t updated;    /* participants already in Samsyn that got enrolments */
	int64_t enrolments; /* new enrolments */
	int64_t bad_lines;  /* every bad line */
	struct import_error *errors; /* c->arena; at most IMPORT_MAX_ERRORS + 1 (import_error.h) */
	size_t nerrors;
};

/* Admin only. Returns 0 when everything was imported; ERR_INVALID with
 * out->errors when any line was bad (nothing imported); ERR_FORBIDDEN or
 * ERR_INTERNAL otherwise. Counts are those of the import, 0 on failure. */
int participant_import(struct ctx *c, struct csv_reader *csv, struct import_result *out);
/* A file to fill in (admin): the header with every column and one example
 * line written as a person would, with the Swedish labels of this
 * database's code lists (which the import reads as their codes), an
 * intervention of its own, and a made-up personnummer. */
int participant_import_template(struct ctx *c, struct csvw *out);

#endif
