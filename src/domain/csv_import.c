/* csv_import.c — the frame of a CSV import (csv_import.h): header, fields,
 * a line's faults, the list of bad lines, and the one transaction. */
#include "csv_import.h"
#include "audit.h"
#include "../store/store.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void csv_import_init(struct csv_import *im, struct ctx *c, const char *const *names, int ncolumns)
{
	memset(im, 0, sizeof *im);
	im->c = c;
	im->names = names;
	im->ncolumns = ncolumns;
	for (int k = 0; k < CSV_IMPORT_MAX_COLUMNS; k++) im->col[k] = -1;
}

void csv_import_bad_line(struct csv_import *im, long line, const char *reason)
{
	if (im->on_error) im->on_error(line, reason, im->arg);
	im->bad_lines++;
	if (im->nerrors > IMPORT_MAX_ERRORS) return;
	if (!im->errors) im->errors = arena_alloc(im->c->arena, (IMPORT_MAX_ERRORS + 1) * sizeof *im->errors);
	/* Past the cap, one entry at the first line not listed; its reason is
	 * written by csv_import_end, when the count is known. */
	im->errors[im->nerrors] = (struct import_error){line, im->nerrors < IMPORT_MAX_ERRORS ? arena_strdup(im->c->arena, reason) : NULL};
	im->nerrors++;
}

static void bad_linef(struct csv_import *im, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void bad_linef(struct csv_import *im, long line, const char *fmt, ...)
{
	char reason[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	csv_import_bad_line(im, line, reason);
}

int csv_import_header(struct csv_import *im, struct csv_reader *csv)
{
	int rc = csv_next(csv, &im->c->err);
	if (rc < 0) return rc;
	if (rc == 0) {
		csv_import_bad_line(im, 1, "Filen är tom: den ska börja med en rubrikrad.");
		return ERR_INVALID;
	}
	im->nheader = csv_nfields(csv);
	for (size_t i = 0; i < im->nheader; i++) {
		const char *name = csv_field(csv, i);
		int found = -1;
		for (int k = 0; k < im->ncolumns; k++)
			if (strcmp(name, im->names[k]) == 0) found = k;
		if (found < 0)
			bad_linef(im, 1, "Okänd kolumn \"%.80s\".", name);
		else if (im->col[found] >= 0)
			bad_linef(im, 1, "Kolumnen %s finns två gånger.", name);
		else
			im->col[found] = (int)i;
	}
	return 0;
}

void csv_import_require(struct csv_import *im, int column)
{
	if (im->col[column] < 0) bad_linef(im, 1, "Rubrikraden saknar kolumnen %s.", im->names[column]);
}

int csv_import_header_end(const struct csv_import *im)
{
	return im->bad_lines ? ERR_INVALID : 0;
}

void csv_import_line_init(struct csv_import_line *l, struct csv_reader *csv, struct arena *scratch)
{
	memset(l, 0, sizeof *l);
	l->csv = csv;
	l->scratch = scratch;
	strbuf_init(&l->faults);
}

void csv_import_line_free(struct csv_import_line *l)
{
	strbuf_free(&l->faults);
}

int csv_import_next(const struct csv_import *im, struct csv_import_line *l, struct err *e)
{
	int rc = csv_next(l->csv, e);
	if (rc <= 0) return rc;
	l->number = csv_line(l->csv);
	l->read++;
	l->faults.len = 0;
	l->faults.buf[0] = 0;
	if (csv_nfields(l->csv) != im->nheader) {
		char reason[192];
		csv_expect_fields(l->csv, im->nheader, e, reason, sizeof reason);
		err_clear(e);
		strbuf_puts(&l->faults, reason);
	}
	return 1;
}

const char *csv_import_field(const struct csv_import *im, struct csv_import_line *l, int column)
{
	int i = im->col[column];
	if (i < 0) return NULL;
	const char *v = csv_field(l->csv, (size_t)i);
	size_t n = csv_field_len(l->csv, (size_t)i);
	while (n && (*v == ' ' || *v == '\t')) v++, n--;
	const char *end = v + n;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) n--;
	/* Trimmed at its start only, it is still the reader's NUL-terminated field. */
	return !n ? NULL : v + n == end ? v : arena_strndup(l->scratch, v, n);
}

void csv_import_fault(struct csv_import_line *l, const char *fmt, ...)
{
	if (l->faults.len) strbuf_putc(&l->faults, ' ');
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(&l->faults, fmt, ap);
	va_end(ap);
}

bool csv_import_line_end(struct csv_import *im, struct csv_import_line *l)
{
	if (csv_import_line_ok(l)) return true;
	csv_import_bad_line(im, l->number, l->faults.buf);
	return false;
}

int csv_import_begin(struct csv_import *im)
{
	if (ctx_begin(im->c) != 0) return im->c->err.code;
	im->begun = true;
	return 0;
}

void csv_import_rollback(struct csv_import *im)
{
	if (!im->begun) return;
	store_rollback(im->c->db);
	im->begun = false;
}

int csv_import_end(struct csv_import *im, struct csv_reader *csv, int rc, int64_t lines)
{
	struct ctx *c = im->c;
	if (rc < 0 && c->err.code == ERR_INVALID) { /* the file itself is broken at some line */
		long line = csv_line(csv);
		err_clear(&c->err);
		csv_import_bad_line(im, line, csv_error_reason(csv));
	} else if (rc < 0 && c->err.code) {
		csv_import_rollback(im);
		return c->err.code;
	} /* else: the header's faults, already listed */
	if (!im->bad_lines && lines == 0) csv_import_bad_line(im, 1, "Filen har inga rader efter rubrikraden.");
	if (!im->bad_lines) return 0;
	csv_import_rollback(im);
	if (im->nerrors > IMPORT_MAX_ERRORS) {
		int64_t more = im->bad_lines - IMPORT_MAX_ERRORS;
		im->errors[IMPORT_MAX_ERRORS].reason =
			arena_printf(c->arena, "… och %lld fler rad%s med fel.", (long long)more, more == 1 ? "" : "er");
	}
	return err_set(&c->err, ERR_INVALID, "Inget importerades: %lld rad%s har fel.", (long long)im->bad_lines,
		       im->bad_lines == 1 ? "" : "er");
}

int csv_import_commit(struct csv_import *im, bool ok, const char *entity, const char *detail)
{
	im->begun = false; /* committed, or rolled back by audit_commit */
	return audit_commit(im->c, ok, "import", entity, 0, detail, "Kunde inte spara importen.");
}
