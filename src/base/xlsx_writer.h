/* xlsx_writer.h — a table as an XLSX workbook for people (libxlsxwriter),
 * written cell by cell in the order a CSV is: a sheet, a bold title and
 * lines about the table (period, filters) above it, then the table. The
 * table's first row is its header: bold, and frozen so it stays in view;
 * numbers are number cells; a row that starts with "Totalt" is bold; the
 * ".." of a suppressed cell is a right-aligned text cell; every column is
 * as wide as its longest value. Printed landscape, one page wide, with the
 * header row on every page. A further table gets a sheet of its own
 * (xlsxw_table). Used through struct csvw (csv_writer.h), so
 * that every download of a table, CSV or XLSX, is written by one path. */
#ifndef SAMSYN_XLSX_WRITER_H
#define SAMSYN_XLSX_WRITER_H
#include <stddef.h>
#include <stdint.h>

struct xlsxw;

/* A new workbook in a temp file (TMPDIR, else /tmp; mode 0600, removed by
 * xlsxw_finish and xlsxw_free); about: nabout lines under the title. NULL
 * when the temp file cannot be made. */
struct xlsxw *xlsxw_new(const char *title, const char *const *about, size_t nabout);
void xlsxw_text(struct xlsxw *x, const char *s); /* NULL or "": an empty cell */
/* v scaled by 10^decimals (1234, 1 → 123.4), shown with that many decimals. */
void xlsxw_number(struct xlsxw *x, int64_t v, int decimals);
void xlsxw_empty(struct xlsxw *x);
void xlsxw_suppressed(struct xlsxw *x);
void xlsxw_row_end(struct xlsxw *x);
/* The next table, on a sheet of its own named sheet (at most 31
 * characters, none of []:*?/\, unique in the workbook): title on top, then
 * its header, bold and frozen as the first table's. */
void xlsxw_table(struct xlsxw *x, const char *sheet, const char *title);
/* The file's bytes (heap, caller frees) and length, or NULL when it could
 * not be written; x is freed either way. */
char *xlsxw_finish(struct xlsxw *x, size_t *len);
void xlsxw_free(struct xlsxw *x);

#endif
