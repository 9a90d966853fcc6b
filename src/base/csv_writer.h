/* csv_writer.h — a table written row by row for a download: CSV as Swedish
 * Excel reads it or, made with csvw_init_xlsx, the same rows as an XLSX
 * workbook (xlsx_writer.h: number cells, bold frozen header, title and
 * filters above), so every table has one writer for both formats. CSV:
 * UTF-8 with a byte-order mark, ';' between fields, decimal comma, CRLF
 * line ends. A field holding ';', '"', CR or LF is quoted with inner
 * quotes doubled; a text field that starts like a formula (= + - @ TAB CR)
 * gets a leading apostrophe so a spreadsheet never runs it. */
#ifndef SAMSYN_CSV_WRITER_H
#define SAMSYN_CSV_WRITER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "strbuf.h"

struct xlsxw;

struct csvw {
	struct strbuf sb;
	bool field_written; /* a field is already on the current line */
	struct xlsxw *xlsx; /* non-NULL: the cells go to this workbook instead */
};

void csvw_init(struct csvw *w); /* starts with the byte-order mark */
/* An XLSX workbook with a title and nabout lines about the table (period,
 * filters) above it; the first row written is the table's header. False
 * when its temp file cannot be made (w is then a CSV writer, to be freed). */
bool csvw_init_xlsx(struct csvw *w, const char *title, const char *const *about, size_t nabout);
void csvw_text(struct csvw *w, const char *s); /* NULL writes an empty field */
void csvw_int(struct csvw *w, int64_t v);
/* v scaled by 10^decimals, written with a decimal comma: (1234, 1) → "123,4". */
void csvw_decimal(struct csvw *w, int64_t v, int decimals);
void csvw_empty(struct csvw *w);
void csvw_suppressed(struct csvw *w); /* ".." as Swedish statistics writes a hidden cell */
void csvw_row_end(struct csvw *w);
/* A further table after the rows so far: in a CSV file an empty line and
 * the title on a line of its own; in an XLSX workbook a sheet of its own
 * (xlsxw_table: sheet is its name, at most 31 characters), so that its
 * header is bold and frozen too. The next row written is its header. */
void csvw_table(struct csvw *w, const char *sheet, const char *title);
/* The text or the XLSX file (heap, caller frees) and its length; the
 * writer is reset. NULL when an XLSX file could not be written. */
char *csvw_finish(struct csvw *w, size_t *len);
void csvw_free(struct csvw *w);

#endif
