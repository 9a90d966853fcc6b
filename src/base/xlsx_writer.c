/* xlsx_writer.c — the XLSX writer behind xlsx_writer.h, on libxlsxwriter.
 * The library writes to a named file, so the workbook goes to a temp file
 * that is read back and removed; constant_memory mode keeps one row in
 * memory (a SUS export is a row per participant) and writes text cells
 * inline in the sheet, so xl/worksheets/sheet1.xml holds the whole first
 * table (and sheetN.xml the Nth, xlsxw_table). */
#include "xlsx_writer.h"
#include "mem.h"
#include "utf8.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Excel's limits: characters in a cell; a column's width in characters. */
#define CELL_MAX_BYTES 32767
#define WIDTH_MIN 6.0
#define WIDTH_MAX 60.0

struct xlsxw {
	char path[4096];
	lxw_workbook *book;
	lxw_worksheet *sheet;
	lxw_format *title, *bold, *decimal, *bold_decimal, *suppressed, *bold_suppressed;
	lxw_row_t row;     /* the row being written */
	lxw_col_t col;     /* its next cell */
	lxw_row_t header;  /* the table's first row */
	bool total;        /* this row starts with "Totalt" */
	bool failed;       /* a cell could not be written */
	double *width;     /* per column, from the table's rows */
	double *row_width; /* this row's cells, counted when the row ends */
	size_t ncols, cap;
};

static lxw_format *format(lxw_workbook *b, bool bold, const char *num, bool right)
{
	lxw_format *f = workbook_add_format(b);
	if (bold) format_set_bold(f);
	if (num) format_set_num_format(f, num);
	if (right) format_set_align(f, LXW_ALIGN_RIGHT);
	return f;
}

/* A new sheet: the title and the lines about its table on top, a blank
 * row, then the table, whose first row (its header) is bold, frozen and
 * printed on every page. A sheet can freeze one pane only, so each table
 * has a sheet of its own. */
static void begin_sheet(struct xlsxw *x, const char *name, const char *title, const char *const *about, size_t nabout)
{
	x->sheet = workbook_add_worksheet(x->book, name);
	if (!x->sheet) { /* a name Excel refuses, or a second of the same */
		x->failed = true;
		x->sheet = workbook_add_worksheet(x->book, NULL);
	}
	worksheet_write_string(x->sheet, 0, 0, title, x->title);
	for (size_t i = 0; i < nabout; i++) worksheet_write_string(x->sheet, (lxw_row_t)(i + 1), 0, about[i], NULL);
	x->header = x->row = (lxw_row_t)(nabout + 2); /* a blank row between */
	worksheet_freeze_panes(x->sheet, x->header + 1, 0);
	worksheet_set_landscape(x->sheet);
	worksheet_set_paper(x->sheet, 9); /* A4 */
	worksheet_fit_to_pages(x->sheet, 1, 0);
	worksheet_repeat_rows(x->sheet, x->header, x->header);
}

/* Every column of the sheet as wide as its longest value; the next sheet
 * counts its own. */
static void end_sheet(struct xlsxw *x)
{
	for (lxw_col_t c = 0; c < x->ncols; c++) {
		double w = x->width[c] + 2;
		worksheet_set_column(x->sheet, c, c, w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w, NULL);
		x->width[c] = 0;
	}
	x->ncols = 0;
}

struct xlsxw *xlsxw_new(const char *title, const char *const *about, size_t nabout)
{
	struct xlsxw *x = xcalloc(1, sizeof *x);
	const char *dir = getenv("TMPDIR");
	snprintf(x->path, sizeof x->path, "%s/samsyn-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(x->path); /* 0600: a SUS export holds every participant */
	if (fd < 0) {
		free(x);
		return NULL;
	}
	close(fd);
	char tmpdir[4096];
	snprintf(tmpdir, sizeof tmpdir, "%s", dir && *dir ? dir : "/tmp");
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = tmpdir};
	x->book = workbook_new_opt(x->path, &opt);
	if (!x->book) {
		unlink(x->path);
		free(x);
		return NULL;
	}
	x->title = format(x->book, true, NULL, false);
	format_set_font_size(x->title, 14);
	x->bold = format(x->book, true, NULL, false);
	x->decimal = format(x->book, false, "0.0", false);
	x->bold_decimal = format(x->book, true, "0.0", false);
	x->suppressed = format(x->book, false, NULL, true);
	x->bold_suppressed = format(x->book, true, NULL, true);
	lxw_doc_properties props = {.title = (char *)title, .author = "Samsyn"};
	workbook_set_properties(x->book, &props);
	begin_sheet(x, "Tabell", title, about, nabout);
	return x;
}

void xlsxw_table(struct xlsxw *x, const char *sheet, const char *title)
{
	if (x->col) xlsxw_row_end(x);
	end_sheet(x);
	begin_sheet(x, sheet, title, NULL, 0);
}

/* Room for this row's width of column col. */
static void grow(struct xlsxw *x, lxw_col_t col)
{
	if (col < x->cap) return;
	size_t cap = x->cap ? x->cap : 16;
	while (cap <= col) cap *= 2;
	x->width = xrealloc(x->width, cap * sizeof *x->width);
	x->row_width = xrealloc(x->row_width, cap * sizeof *x->row_width);
	for (size_t i = x->cap; i < cap; i++) x->width[i] = x->row_width[i] = 0;
	x->cap = cap;
}

/* The next cell's column, and its width in characters noted for the row. */
static lxw_col_t next(struct xlsxw *x, double width)
{
	lxw_col_t c = x->col++;
	grow(x, c);
	x->row_width[c] = width;
	return c;
}

static void check(struct xlsxw *x, lxw_error e)
{
	if (e != LXW_NO_ERROR) x->failed = true;
}

void xlsxw_text(struct xlsxw *x, const char *s)
{
	if (!s || !*s) {
		xlsxw_empty(x);
		return;
	}
	if (x->col == 0 && x->row > x->header) x->total = strcmp(s, "Totalt") == 0;
	char *cut = NULL;
	if (strlen(s) > CELL_MAX_BYTES) { /* at a character's start */
		size_t n = CELL_MAX_BYTES;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
		cut = xmalloc(n + 1);
		memcpy(cut, s, n);
		cut[n] = 0;
		s = cut;
	}
	lxw_format *f = x->row == x->header || x->total ? x->bold : NULL;
	lxw_col_t c = next(x, (double)utf8_length(s));
	check(x, worksheet_write_string(x->sheet, x->row, c, s, f));
	free(cut);
}

void xlsxw_number(struct xlsxw *x, int64_t v, int decimals)
{
	double scale = 1;
	for (int i = 0; i < decimals; i++) scale *= 10;
	char shown[32];
	int width = snprintf(shown, sizeof shown, "%.*f", decimals, (double)v / scale);
	bool bold = x->row == x->header || x->total;
	lxw_format *f = decimals ? (bold ? x->bold_decimal : x->decimal) : bold ? x->bold : NULL;
	lxw_col_t c = next(x, width);
	check(x, worksheet_write_number(x->sheet, x->row, c, (double)v / scale, f));
}

void xlsxw_empty(struct xlsxw *x)
{
	next(x, 0);
}

void xlsxw_suppressed(struct xlsxw *x)
{
	lxw_col_t c = next(x, 2);
	check(x, worksheet_write_string(x->sheet, x->row, c, "..", x->total ? x->bold_suppressed : x->suppressed));
}

void xlsxw_row_end(struct xlsxw *x)
{
	/* A line of one cell (the note under a suppressed table) spills over
	 * the empty cells to its right: it does not widen its column. */
	if (x->col > 1 || x->row == x->header)
		for (lxw_col_t c = 0; c < x->col; c++)
			if (x->row_width[c] > x->width[c]) x->width[c] = x->row_width[c];
	if (x->col > x->ncols) x->ncols = x->col;
	x->row++;
	x->col = 0;
	x->total = false;
}

static void remove_file(struct xlsxw *x)
{
	unlink(x->path);
	free(x->width);
	free(x->row_width);
	free(x);
}

char *xlsxw_finish(struct xlsxw *x, size_t *len)
{
	if (x->col) xlsxw_row_end(x);
	end_sheet(x);
	lxw_error e = workbook_close(x->book);
	char *body = NULL;
	FILE *f = e == LXW_NO_ERROR && !x->failed ? fopen(x->path, "rb") : NULL;
	struct stat st;
	if (f && fstat(fileno(f), &st) == 0 && st.st_size > 0) {
		body = xmalloc((size_t)st.st_size);
		if (fread(body, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
			free(body);
			body = NULL;
		}
		*len = (size_t)st.st_size;
	}
	if (f) fclose(f);
	remove_file(x);
	return body;
}

void xlsxw_free(struct xlsxw *x)
{
	if (!x) return;
	workbook_close(x->book); /* frees it; the file goes with remove_file */
	remove_file(x);
}
