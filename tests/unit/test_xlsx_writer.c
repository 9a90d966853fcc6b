/* test_xlsx_writer.c — the XLSX writer (base/xlsx_writer.c) through the
 * table writer (csv_writer.h), read back: the file is unzipped here (the
 * central directory, then zlib's raw inflate) and the cells of
 * xl/worksheets/sheet1.xml are checked — title and lines on top, number
 * cells, the bold frozen header, the bold total row, ".." of suppressed
 * cells, column widths, a second table on a sheet of its own — and the
 * report table's writer gives the same rows in both formats. */
#include "testutil.h"
#include "base/csv_writer.h"
#include "report/table.h"
#include <sys/stat.h>
#include <zlib.h>

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

/* The member name of the zip in buf, NUL-terminated (heap), or NULL. */
static char *unzip_member(const char *buf, size_t len, const char *name)
{
	const unsigned char *z = (const unsigned char *)buf;
	size_t eocd = len >= 22 ? len - 22 : 0;
	while (eocd > 0 && le32(z + eocd) != 0x06054b50) eocd--;
	if (le32(z + eocd) != 0x06054b50) return NULL;
	size_t n = le16(z + eocd + 10), at = le32(z + eocd + 16);
	for (size_t i = 0; i < n && at + 46 <= len; i++) {
		const unsigned char *cd = z + at;
		if (le32(cd) != 0x02014b50) return NULL;
		size_t method = le16(cd + 10), csize = le32(cd + 20), usize = le32(cd + 24);
		size_t nlen = le16(cd + 28), xlen = le16(cd + 30), clen = le16(cd + 32), local = le32(cd + 42);
		if (nlen == strlen(name) && memcmp(cd + 46, name, nlen) == 0) {
			const unsigned char *lh = z + local;
			const unsigned char *data = lh + 30 + le16(lh + 26) + le16(lh + 28);
			char *out = malloc(usize + 1);
			if (method == 0) {
				memcpy(out, data, usize);
			} else {
				z_stream s = {0};
				assert_int_equal(inflateInit2(&s, -MAX_WBITS), Z_OK);
				s.next_in = (unsigned char *)data;
				s.avail_in = (uInt)csize;
				s.next_out = (unsigned char *)out;
				s.avail_out = (uInt)usize;
				assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
				inflateEnd(&s);
			}
			out[usize] = 0;
			return out;
		}
		at += 46 + nlen + xlen + clen;
	}
	return NULL;
}

/* The <c> element of cell ref ("B8") in sheet, copied (heap), or NULL. */
static char *cell(const char *sheet, const char *ref)
{
	char open[32];
	snprintf(open, sizeof open, "<c r=\"%s\"", ref);
	const char *p = strstr(sheet, open);
	if (!p) return NULL;
	const char *gt = strchr(p, '>');
	const char *end = gt[-1] == '/' ? gt + 1 : strstr(p, "</c>") + 4;
	size_t n = (size_t)(end - p);
	char *out = malloc(n + 1);
	memcpy(out, p, n);
	out[n] = 0;
	return out;
}

/* The style index s="N" of a cell (0 when it has none). */
static int style_of(const char *c)
{
	const char *s = strstr(c, " s=\"");
	return s ? atoi(s + 4) : 0;
}

/* Whether cellXfs entry xf of styles.xml has a bold font. */
static bool bold_style(const char *styles, int xf)
{
	const char *x = strstr(styles, "<cellXfs");
	for (int i = 0; x && i <= xf; i++) x = strstr(x + 1, "<xf ");
	if (!x) return false;
	const char *f = strstr(x, "fontId=\"");
	int font = f ? atoi(f + 8) : 0;
	const char *p = strstr(styles, "<fonts");
	for (int i = 0; p && i <= font; i++) p = strstr(p + 1, "<font>");
	if (!p) return false;
	const char *end = strstr(p, "</font>");
	const char *b = strstr(p, "<b/>");
	return b && b < end;
}

static void assert_cell(const char *sheet, const char *ref, const char *want)
{
	char *c = cell(sheet, ref);
	if (!c || !strstr(c, want)) fail_msg("cell %s is %s, wants %s", ref, c ? c : "missing", want);
	free(c);
}

/* assert_cell for each pair of a NULL-ended list: a cell, what it holds. */
static void assert_cells(const char *sheet, const char *const *pairs)
{
	for (; *pairs; pairs += 2) assert_cell(sheet, pairs[0], pairs[1]);
}

/* A report table of two municipalities, written as XLSX. */
static char *small_table_xlsx(int suppress, size_t *len)
{
	static const struct report_column keys[] = {{"municipality_code", "Kommunkod", REPORT_KEY_TEXT}};
	static const struct report_group groups[] = {{NULL, NULL, REPORT_COUNT, true, 0, 0}};
	struct arena a;
	arena_init(&a, 4096);
	struct report_table t;
	report_table_init(&t, &a, 1, keys, 1, groups);
	report_table_add(&t, (struct report_key[]){{.text = "1488"}}, 0, 30, 12);
	report_table_add(&t, (struct report_key[]){{.text = "1487"}}, 0, 2, 9);
	report_table_sum_rows(&t, 0);
	report_table_sort(&t);
	if (suppress) report_table_suppress(&t, suppress);
	struct csvw w;
	const char *about[] = {"Period: 2024-01-01 – 2024-12-31", "Indelning: Kommunkod"};
	assert_true(csvw_init_xlsx(&w, "Unika deltagare", about, 2));
	report_table_write_csv(&t, &w);
	char *file = csvw_finish(&w, len);
	arena_free(&a);
	return file;
}

static void test_report_table(void **state)
{
	(void)state;
	size_t len;
	char *file = small_table_xlsx(0, &len);
	assert_non_null(file);
	assert_memory_equal(file, "PK", 2);
	char *sheet = unzip_member(file, len, "xl/worksheets/sheet1.xml");
	char *styles = unzip_member(file, len, "xl/styles.xml");
	assert_non_null(sheet);
	assert_non_null(styles);

	/* Title and lines on top, a blank row, the header in row 4. */
	assert_cells(sheet, (const char *const[]){"A1", "<t>Unika deltagare</t>", "A2", "<t>Period: 2024-01-01 – 2024-12-31</t>",
						  "A3", "<t>Indelning: Kommunkod</t>", "A5", "<t>Kommunkod</t>",
						  "E5", "<t>Andel (%)</t>", NULL});
	assert_null(strstr(sheet, "<row r=\"4\""));
	/* The header is bold and frozen: the pane splits under row 5. */
	char *h = cell(sheet, "B5");
	assert_true(bold_style(styles, style_of(h)));
	free(h);
	assert_non_null(strstr(sheet, "<pane ySplit=\"5\" topLeftCell=\"A6\""));
	assert_non_null(strstr(sheet, "state=\"frozen\""));

	/* Rows: key text, counts as numbers (no t="…"), the share with one decimal. */
	assert_cells(sheet, (const char *const[]){"A6", "<t>1487</t>", "B6", "><v>11</v>", "C6", "><v>2</v>", "D6", "><v>9</v>",
						  "E6", "<v>20.8</v>", NULL});
	char *plain = cell(sheet, "B6");
	assert_null(strstr(plain, "t=\""));
	assert_false(bold_style(styles, style_of(plain)));
	free(plain);
	assert_cell(sheet, "B7", "<v>42</v>");

	/* The total row as in the CSV, bold. */
	assert_cells(sheet, (const char *const[]){"A8", "<t>Totalt</t>", "B8", "<v>53</v>", "C8", "<v>32</v>", "D8", "<v>21</v>",
						  "E8", "<v>100</v>", NULL});
	char *total = cell(sheet, "B8");
	assert_true(bold_style(styles, style_of(total)));
	free(total);

	/* Column widths from the values (five columns, none below the minimum). */
	assert_non_null(strstr(sheet, "<col min=\"1\" max=\"1\" width="));
	assert_non_null(strstr(sheet, "<col min=\"5\" max=\"5\" width="));
	/* Printed landscape, one page wide. */
	assert_non_null(strstr(sheet, "orientation=\"landscape\""));
	assert_non_null(strstr(sheet, "fitToPage=\"1\""));
	free(sheet);
	free(styles);
	free(file);
}

static void test_suppressed_cells(void **state)
{
	(void)state;
	size_t len;
	char *file = small_table_xlsx(3, &len);
	char *sheet = unzip_member(file, len, "xl/worksheets/sheet1.xml");
	assert_non_null(sheet);
	/* 1487: 2 women hidden, so 9 men too (the row's complement); the
	 * column's complement hides 1488's women and men. */
	assert_cells(sheet, (const char *const[]){"C6", "<t>..</t>", "D6", "<t>..</t>", "B6", "<v>11</v>", "C7", "<t>..</t>",
						  "B8", "<v>53</v>", NULL});
	/* The note under the table, in the first column. */
	assert_cell(sheet, "A9", "<t>.. = färre än 3 personer eller dold för att skydda en annan cell</t>");
	free(sheet);
	free(file);
}

/* The same calls give the CSV of csv_writer.h when the writer is a CSV one,
 * and text that looks like a formula is a plain text cell in XLSX. */
static void test_same_rows_as_csv(void **state)
{
	(void)state;
	struct csvw w;
	const char *about[] = {"Vecka 48"};
	assert_true(csvw_init_xlsx(&w, "Veckolista", about, 1));
	csvw_text(&w, "Anteckning");
	csvw_text(&w, "Belopp");
	csvw_row_end(&w);
	csvw_text(&w, "=SUMMA(A1)");
	csvw_decimal(&w, -1234, 2);
	csvw_row_end(&w);
	csvw_empty(&w);
	csvw_suppressed(&w);
	csvw_row_end(&w);
	size_t len;
	char *file = csvw_finish(&w, &len);
	char *sheet = unzip_member(file, len, "xl/worksheets/sheet1.xml");
	assert_non_null(sheet);
	assert_cell(sheet, "A4", "<t>Anteckning</t>");
	assert_cell(sheet, "A5", "t=\"inlineStr\"><is><t>=SUMMA(A1)</t>");
	assert_null(strstr(sheet, "<f>"));
	assert_cell(sheet, "B5", "<v>-12.34</v>");
	assert_null(cell(sheet, "A6"));
	assert_cell(sheet, "B6", "<t>..</t>");
	free(sheet);
	free(file);
}

/* Two tables: in CSV the second under an empty line and its title; in
 * XLSX on a sheet of its own, its header bold and frozen as the first's,
 * its columns as wide as its own values. */
static void test_second_table(void **state)
{
	(void)state;
	for (int xlsx = 0; xlsx < 2; xlsx++) {
		struct csvw w;
		const char *about[] = {"Vecka 48"};
		if (xlsx) assert_true(csvw_init_xlsx(&w, "Veckolista", about, 1));
		else csvw_init(&w);
		csvw_text(&w, "Datum");
		csvw_text(&w, "Antal");
		csvw_row_end(&w);
		csvw_text(&w, "2026-11-03");
		csvw_int(&w, 1);
		csvw_row_end(&w);
		csvw_table(&w, "Nästa steg", "Nästa steg vecka 48");
		csvw_text(&w, "Nästa steg");
		csvw_text(&w, "Antal");
		csvw_row_end(&w);
		csvw_text(&w, "En mycket lång anteckning om nästa steg");
		csvw_int(&w, 3);
		size_t len;
		char *file = csvw_finish(&w, &len);
		assert_non_null(file);
		if (!xlsx) {
			assert_int_equal(len, strlen(file));
			assert_string_equal(file, "\xEF\xBB\xBF" "Datum;Antal\r\n2026-11-03;1\r\n\r\nNästa steg vecka 48\r\n"
						  "Nästa steg;Antal\r\nEn mycket lång anteckning om nästa steg;3");
			free(file);
			continue;
		}
		char *book = unzip_member(file, len, "xl/workbook.xml");
		char *first = unzip_member(file, len, "xl/worksheets/sheet1.xml");
		char *second = unzip_member(file, len, "xl/worksheets/sheet2.xml");
		char *styles = unzip_member(file, len, "xl/styles.xml");
		assert_non_null(strstr(book, "<sheet name=\"Tabell\""));
		assert_non_null(strstr(book, "<sheet name=\"Nästa steg\""));
		assert_cell(first, "A4", "<t>Datum</t>");
		assert_cell(first, "A5", "<t>2026-11-03</t>");
		assert_null(cell(first, "A6"));
		assert_non_null(strstr(first, "<pane ySplit=\"4\""));
		assert_cell(second, "A1", "<t>Nästa steg vecka 48</t>");
		assert_cell(second, "A3", "<t>Nästa steg</t>");
		char *h = cell(second, "B3");
		assert_true(bold_style(styles, style_of(h)));
		free(h);
		char *row = cell(second, "A4");
		assert_false(bold_style(styles, style_of(row)));
		free(row);
		assert_cell(second, "B4", "<v>3</v>");
		assert_non_null(strstr(second, "<pane ySplit=\"3\" topLeftCell=\"A4\""));
		/* The first sheet's column is as wide as a date, the second's as the note. */
		assert_non_null(strstr(first, "<col min=\"1\" max=\"1\" width=\"12."));
		assert_non_null(strstr(second, "<col min=\"1\" max=\"1\" width=\"41."));
		free(book);
		free(first);
		free(second);
		free(styles);
		free(file);
	}
}

/* A writer given up before it is finished leaves no temp file behind. */
static void test_free_removes_temp_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/samsyn-xlsx-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	setenv("TMPDIR", dir, 1);
	struct csvw w;
	assert_true(csvw_init_xlsx(&w, "x", NULL, 0));
	csvw_int(&w, 1);
	csvw_row_end(&w);
	csvw_free(&w);
	assert_int_equal(rmdir(dir), 0); /* empty */
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_true(csvw_init_xlsx(&w, "x", NULL, 0));
	size_t len;
	char *file = csvw_finish(&w, &len);
	assert_non_null(file);
	free(file);
	assert_int_equal(rmdir(dir), 0);
	/* No temp dir: no writer, and the caller frees the CSV one it got. */
	assert_false(csvw_init_xlsx(&w, "x", NULL, 0));
	csvw_free(&w);
	if (saved) setenv("TMPDIR", saved, 1);
	else unsetenv("TMPDIR");
	free(saved);
}

TEST_MAIN(
	cmocka_unit_test(test_report_table),
	cmocka_unit_test(test_suppressed_cells),
	cmocka_unit_test(test_same_rows_as_csv),
	cmocka_unit_test(test_second_table),
	cmocka_unit_test(test_free_removes_temp_file),
)
