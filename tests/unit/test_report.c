/* test_report.c — the generic report table (src/report/table.c) and the CSV
 * writer (src/base/csv_writer.c): grouping by key, totals of overlapping
 * rows, suppression (small counts, complements that keep the totals, and
 * a brute force over random tables that no hidden cell can be worked out
 * from what is shown), share rounding, age bands, JSON and CSV. */
#include "testutil.h"
#include "base/csv_writer.h"
#include "report/table.h"

static const struct report_column col_code[] = {{"code", "Kod", REPORT_KEY_TEXT}};
static const struct report_column col_two[] = {{"name", "Namn", REPORT_KEY_TEXT}, {"id", "Id", REPORT_KEY_INT}};
static const struct report_group flat_disjoint[] = {{.kind = REPORT_COUNT, .disjoint = true}};
static const struct report_group flat_overlapping[] = {{.kind = REPORT_COUNT, .disjoint = false}};

static struct report_key *k1(const char *text)
{
	static struct report_key k[1];
	k[0] = (struct report_key){.text = text};
	return k;
}

static char *json_of(const struct report_table *t)
{
	struct jsonw w;
	jw_init(&w);
	report_table_write_json(t, &w);
	size_t len;
	return jw_finish(&w, &len);
}

static char *csv_of(const struct report_table *t)
{
	struct csvw w;
	csvw_init(&w);
	report_table_write_csv(t, &w);
	size_t len;
	return csvw_finish(&w, &len);
}

static void test_grouping(void **state)
{
	struct arena *a = *state;
	struct report_table t;
	report_table_init(&t, a, 1, col_code, 1, flat_disjoint);
	report_table_add(&t, k1("1488"), 0, 3, 4);
	report_table_add(&t, k1(NULL), 0, 1, 0);
	report_table_add(&t, k1("1462"), 0, 10, 0);
	report_table_add(&t, k1("1488"), 0, 2, 1); /* the same key: added to the same row */
	assert_int_equal(t.n, 3);
	report_table_sort(&t);
	assert_string_equal(t.rows[0].key[0].text, "1462");
	assert_string_equal(t.rows[1].key[0].text, "1488");
	assert_null(t.rows[2].key[0].text); /* nulls last */
	assert_int_equal(t.rows[1].v[0].women, 5);
	assert_int_equal(t.rows[1].v[0].men, 5);
	assert_int_equal(t.rows[1].v[0].total, 10);
	report_table_sum_rows(&t, 0);
	assert_int_equal(t.sum[0].total, 21);
	assert_int_equal(t.sum[0].women, 16);

	/* Two key columns, one of them a number; sorting by name, then id. */
	struct report_table u;
	report_table_init(&u, a, 2, col_two, 1, flat_overlapping);
	struct report_key kb2[2] = {{.text = "Steget"}, {.num = 2}}, kb1[2] = {{.text = "Steget"}, {.num = 1}},
			  ka9[2] = {{.text = "Arbetslust"}, {.num = 9}};
	report_table_add(&u, kb2, 0, 1, 1);
	report_table_add(&u, kb1, 0, 2, 2);
	report_table_add(&u, ka9, 0, 3, 3);
	report_table_add(&u, kb1, 0, 1, 0);
	assert_int_equal(u.n, 3);
	report_table_sort(&u);
	assert_int_equal(u.rows[0].key[1].num, 9);
	assert_int_equal(u.rows[1].key[1].num, 1);
	assert_int_equal(u.rows[1].v[0].total, 5);
	assert_int_equal(u.rows[2].key[1].num, 2);
	/* Overlapping rows (a person in two interventions): the total is the
	 * number of unique people the caller counted, not the rows' sum. */
	report_table_add_sum(&u, 0, 4, 5);
	assert_int_equal(u.sum[0].total, 9);
	char *j = json_of(&u);
	assert_string_equal(j, "{\"rows\":["
			       "{\"key\":{\"name\":\"Arbetslust\",\"id\":9},\"total\":6,\"women\":3,\"men\":3,\"share\":66.7},"
			       "{\"key\":{\"name\":\"Steget\",\"id\":1},\"total\":5,\"women\":3,\"men\":2,\"share\":55.6},"
			       "{\"key\":{\"name\":\"Steget\",\"id\":2},\"total\":2,\"women\":1,\"men\":1,\"share\":22.2}],"
			       "\"total\":{\"total\":9,\"women\":4,\"men\":5}}");
	free(j);

	/* The text of a number key is never read (here a stale pointer). */
	struct report_table v;
	report_table_init(&v, a, 2, col_two, 1, flat_overlapping);
	struct report_key kstale[2] = {{.text = "Steget"}, {.text = (const char *)(uintptr_t)1, .num = 3}};
	report_table_add(&v, kstale, 0, 1, 0);
	kstale[1].text = (const char *)(uintptr_t)2;
	report_table_add(&v, kstale, 0, 1, 0);
	assert_int_equal(v.n, 1);
	assert_null(v.rows[0].key[1].text);
	assert_int_equal(v.rows[0].v[0].women, 2);
}

/* Many keys: found again through the hash index, also after sorting. */
static void test_many_keys(void **state)
{
	struct arena *a = *state;
	struct report_table t;
	report_table_init(&t, a, 2, col_two, 1, flat_overlapping);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 5000; i++) {
			struct report_key k[2] = {{.text = i % 7 ? arena_printf(a, "k%d", i % 2500) : NULL}, {.num = i % 3, .null = i % 11 == 0}};
			report_table_add(&t, k, 0, 1, i % 2);
		}
		if (round == 1) report_table_sort(&t);
	}
	/* Distinct keys: (text or null for i % 7 == 0) × (num, or null for i % 11 == 0). */
	size_t want = 0;
	for (int i = 0; i < 5000; i++) {
		bool dup = false;
		for (int j = 0; j < i && !dup; j++) {
			bool tn = i % 7 == 0, tj = j % 7 == 0, nn = i % 11 == 0, nj = j % 11 == 0;
			bool same_text = tn || tj ? tn == tj : i % 2500 == j % 2500;
			bool same_num = nn || nj ? nn == nj : i % 3 == j % 3;
			dup = same_text && same_num;
		}
		want += !dup;
	}
	assert_int_equal(t.n, want);
	int64_t women = 0;
	for (size_t i = 0; i < t.n; i++) women += t.rows[i].v[0].women;
	assert_int_equal(women, 15000);
}

static void test_share_rounding(void **state)
{
	(void)state;
	assert_int_equal(report_share_tenths(1, 3), 333);
	assert_int_equal(report_share_tenths(2, 3), 667);
	assert_int_equal(report_share_tenths(1, 8), 125);   /* 12.5 exactly */
	assert_int_equal(report_share_tenths(1, 16), 63);   /* 6.25 → 6.3, half up */
	assert_int_equal(report_share_tenths(1, 1600), 1);  /* 0.0625 → 0.1 */
	assert_int_equal(report_share_tenths(1, 2001), 0);  /* 0.0499… → 0.0 */
	assert_int_equal(report_share_tenths(1, 2000), 1);  /* 0.05 → 0.1 */
	assert_int_equal(report_share_tenths(0, 5), 0);
	assert_int_equal(report_share_tenths(5, 5), 1000);
	assert_int_equal(report_share_tenths(754, 1000000), 1); /* 0.0754 % → 0.1 */
	assert_int_equal(report_share_tenths(3, 0), -1);
	struct jsonw w;
	jw_init(&w);
	jw_array(&w);
	jw_decimal(&w, 333, 1);
	jw_decimal(&w, 5, 1);
	jw_decimal(&w, 1000, 1);
	jw_decimal(&w, -15, 1);
	jw_decimal(&w, 0, 1);
	jw_decimal(&w, 42, 0);
	jw_array_end(&w);
	size_t len;
	char *s = jw_finish(&w, &len);
	assert_string_equal(s, "[33.3,0.5,100.0,-1.5,0.0,42]");
	free(s);
}

static void test_age_bands(void **state)
{
	(void)state;
	static const struct { int age; const char *band; } cases[] = {
		{-1, "under_16"}, {0, "under_16"}, {15, "under_16"}, {16, "16-19"}, {19, "16-19"}, {20, "20-24"},
		{24, "20-24"}, {25, "25-29"}, {29, "25-29"}, {30, "30-39"}, {39, "30-39"}, {40, "40-49"}, {49, "40-49"},
		{50, "50-59"}, {59, "50-59"}, {60, "60-64"}, {64, "60-64"}, {65, "65+"}, {104, "65+"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (strcmp(report_age_bands[report_age_band(cases[i].age)], cases[i].band) != 0)
			fail_msg("age %d: got %s, want %s", cases[i].age, report_age_bands[report_age_band(cases[i].age)], cases[i].band);
}

/* A table from rows of {women, men}; the total row is the rows' sum when
 * disjoint, else sum_w/sum_m. */
static void make(struct report_table *t, struct arena *a, bool disjoint, const int64_t (*rows)[2], size_t n,
		 int64_t sum_w, int64_t sum_m)
{
	report_table_init(t, a, 1, col_code, 1, disjoint ? flat_disjoint : flat_overlapping);
	for (size_t i = 0; i < n; i++) report_table_add(t, k1(arena_printf(a, "r%zu", i)), 0, rows[i][0], rows[i][1]);
	if (disjoint) report_table_sum_rows(t, 0);
	else report_table_add_sum(t, 0, sum_w, sum_m);
}

#define HID(c, bit) (((c).hidden & (bit)) != 0)
#define ALL (REPORT_HIDE_TOTAL | REPORT_HIDE_WOMEN | REPORT_HIDE_MEN)
#define PARTS (REPORT_HIDE_WOMEN | REPORT_HIDE_MEN)

static void assert_protected(const struct report_table *t, int n, const char *what);

static void test_suppress_overlapping_rows(void **state)
{
	struct arena *a = *state;
	struct report_table t;
	/* Overlapping rows (a person in several): only total = women + men. */
	static const int64_t rows[][2] = {{10, 12}, {2, 10}, {0, 0}, {0, 4}, {5, 0}, {1, 1}};
	make(&t, a, false, rows, 6, 14, 20);
	report_table_suppress(&t, 5);
	assert_int_equal(t.rows[0].v[0].hidden, 0);
	assert_false(report_row_suppressed(&t, t.rows[0].v));
	/* 2 women: 12 − 10 would give them back, so the 10 men go too (the
	 * smallest part left), and the row's total 12 stays. */
	assert_int_equal(t.rows[1].v[0].hidden, PARTS);
	assert_int_equal(t.rows[1].v[0].secondary, REPORT_HIDE_MEN);
	assert_true(report_row_suppressed(&t, t.rows[1].v));
	assert_int_equal(t.rows[2].v[0].hidden, 0); /* zeros are shown */
	/* 0 women shown, 4 men and the total 4 small. */
	assert_int_equal(t.rows[3].v[0].hidden, REPORT_HIDE_MEN | REPORT_HIDE_TOTAL);
	assert_int_equal(t.rows[4].v[0].hidden, 0); /* 5 is not below 5 */
	assert_int_equal(t.rows[5].v[0].hidden, ALL);
	assert_int_equal(t.sum[0].hidden, 0); /* no column relation: the total row stays */
	assert_protected(&t, 5, "overlapping");

	char *j = json_of(&t);
	assert_non_null(strstr(j, "{\"key\":{\"code\":\"r1\"},\"total\":12,\"women\":null,\"men\":null,\"share\":35.3,\"suppressed\":true}"));
	assert_non_null(strstr(j, "{\"key\":{\"code\":\"r0\"},\"total\":22,\"women\":10,\"men\":12,\"share\":64.7}"));
	assert_non_null(strstr(j, "{\"key\":{\"code\":\"r2\"},\"total\":0,\"women\":0,\"men\":0,\"share\":0.0}"));
	assert_non_null(strstr(j, "\"total\":{\"total\":34,\"women\":14,\"men\":20},"
				  "\"suppression\":{\"threshold\":5,\"cells\":[\"/rows/1/women\",\"/rows/1/men\","
				  "\"/rows/3/total\",\"/rows/3/men\",\"/rows/5/total\",\"/rows/5/women\",\"/rows/5/men\"]}}"));
	free(j);

	/* The threshold applies to the total row as well: a small total is itself a count. */
	static const int64_t few[][2] = {{1, 0}, {0, 1}};
	make(&t, a, false, few, 2, 1, 1);
	report_table_suppress(&t, 3);
	assert_int_equal(t.sum[0].hidden, ALL);
	j = json_of(&t);
	assert_non_null(strstr(j, "\"total\":{\"total\":null,\"women\":null,\"men\":null,\"suppressed\":true}"));
	free(j);
}

/* Rows taken as disjoint that are not quite (the occupation report: a
 * person with two ended enrolments is in two rows), so a column's rows sum
 * to more than its total. The reader's bounds then contradict each other;
 * they must stay bounded (a signed overflow aborted the sanitized server on
 * GET /reports/occupation) and the small cells are still hidden. */
static void test_suppress_rows_summing_past_the_total(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	static const struct report_group groups[] = {
		{"before", "Före", REPORT_COUNT, true, 0, 0},
		{"after", "Efter", REPORT_COUNT, true, 0, 0},
		{"change", "Förändring", REPORT_CHANGE, false, 0, 1},
	};
	/* The occupation report of `samsyn gen --participants 400 --seed 3`
	 * for 2023: before and after, women and men, of 30 women and 33 men. */
	static const struct {
		const char *code;
		int64_t v[4];
	} rows[] = {
		{"work", {2, 2, 13, 14}}, {"studies", {0, 3, 4, 5}}, {"job_seeking", {17, 13, 14, 9}},
		{"other_intervention", {5, 2, 6, 3}}, {"sick_leave", {16, 13, 8, 8}}, {"moved", {0, 0, 1, 1}},
		{"other", {7, 9, 3, 2}},
	};
	struct report_table t;
	report_table_init(&t, &a, 1, col_code, 3, groups);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		report_table_add(&t, k1(rows[i].code), 0, rows[i].v[0], rows[i].v[1]);
		report_table_add(&t, k1(rows[i].code), 1, rows[i].v[2], rows[i].v[3]);
	}
	report_table_add_sum(&t, 0, 30, 33);
	report_table_add_sum(&t, 1, 30, 33);
	report_table_suppress(&t, 3);
	/* The small cells are hidden (2 women before in work, 1 and 1 moved). */
	assert_true(t.rows[0].v[0].hidden & REPORT_HIDE_WOMEN);
	assert_true(t.rows[5].v[1].hidden & REPORT_HIDE_WOMEN);
	assert_true(t.rows[5].v[1].hidden & REPORT_HIDE_MEN);
	assert_int_equal(t.sum[0].hidden, 0);
	arena_free(&a);
}

/* Disjoint rows, one small cell: the complements are the smallest non-zero
 * cells of its row and column, the totals all stay. */
static void test_suppress_one_small(void **state)
{
	struct arena *a = *state;
	struct report_table t;
	static const int64_t rows[][2] = {{10, 10}, {2, 8}, {20, 30}};
	make(&t, a, true, rows, 3, 0, 0);
	report_table_suppress(&t, 5);
	assert_int_equal(t.rows[1].v[0].hidden, PARTS);
	assert_int_equal(t.rows[1].v[0].secondary, REPORT_HIDE_MEN);
	assert_int_equal(t.rows[0].v[0].hidden, PARTS); /* 10 and 10: the columns' smallest */
	assert_int_equal(t.rows[0].v[0].secondary, PARTS);
	assert_int_equal(t.rows[2].v[0].hidden, 0);
	assert_int_equal(t.sum[0].hidden, 0); /* the report's total, 80, and its 32 women and 48 men */
	assert_protected(&t, 5, "one small");
	assert_int_equal(report_row_share(&t, &t.rows[1]), 125); /* totals shown: shares too */
	char *c = csv_of(&t);
	assert_string_equal(c, "\xEF\xBB\xBF" "Kod;Totalt;Kvinnor;Män;Andel (%)\r\n"
			       "r0;20;..;..;25,0\r\n"
			       "r1;10;..;..;12,5\r\n"
			       "r2;50;20;30;62,5\r\n"
			       "Totalt;80;32;48;100,0\r\n"
			       ".. = färre än 5 personer eller dold för att skydda en annan cell\r\n");
	free(c);
	char *j = json_of(&t);
	assert_non_null(strstr(j, "\"suppression\":{\"threshold\":5,\"cells\":[\"/rows/0/women\",\"/rows/0/men\",\"/rows/1/women\",\"/rows/1/men\"]}}"));
	free(j);

	/* A small row total: another row's total hides it in the total column,
	 * and that row's smallest part then hides its total's other part. */
	static const int64_t chain[][2] = {{0, 3}, {7, 9}, {12, 10}};
	make(&t, a, true, chain, 3, 0, 0);
	report_table_suppress(&t, 5);
	assert_int_equal(t.rows[0].v[0].hidden, REPORT_HIDE_MEN | REPORT_HIDE_TOTAL);
	assert_int_equal(t.sum[0].hidden, 0);
	assert_protected(&t, 5, "chain");
}

/* Two small cells that sum to a known 2 would both be 1: the bounds check
 * hides more, still keeping every total. */
static void test_suppress_two_small(void **state)
{
	struct arena *a = *state;
	struct report_table t;
	static const int64_t rows[][2] = {{1, 9}, {1, 9}, {10, 10}};
	make(&t, a, true, rows, 3, 0, 0);
	report_table_suppress(&t, 5);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(t.rows[i].v[0].hidden, PARTS);
		assert_false(HID(t.rows[i].v[0], REPORT_HIDE_TOTAL));
	}
	assert_int_equal(t.rows[0].v[0].secondary, REPORT_HIDE_MEN);
	assert_int_equal(t.rows[2].v[0].secondary, PARTS);
	assert_int_equal(t.sum[0].hidden, 0);
	assert_protected(&t, 5, "two small");
}

/* Every cell but the report's total is small: the total alone is shown. */
static void test_suppress_all_but_one_small(void **state)
{
	struct arena *a = *state;
	struct report_table t;
	static const int64_t rows[][2] = {{1, 2}, {2, 1}};
	make(&t, a, true, rows, 2, 0, 0);
	assert_int_equal(report_table_suppress(&t, 5), 8);
	assert_int_equal(t.rows[0].v[0].hidden, ALL);
	assert_int_equal(t.rows[1].v[0].hidden, ALL);
	assert_int_equal(t.sum[0].hidden, PARTS);
	assert_int_equal(t.rows[0].v[0].secondary | t.rows[1].v[0].secondary | t.sum[0].secondary, 0);
	assert_protected(&t, 5, "all but one");
	char *j = json_of(&t);
	assert_non_null(strstr(j, "\"total\":{\"total\":6,\"women\":null,\"men\":null,\"suppressed\":true}"));
	free(j);
}

/* A plain table (employers): one column relation, no split by sex. */
static void test_suppress_plain(void **state)
{
	struct arena *a = *state;
	struct report_table t;
	report_table_init(&t, a, 1, col_code, 1, flat_disjoint);
	t.plain = true;
	report_table_count(&t, k1("A"), 0, 40);
	report_table_count(&t, k1("B"), 0, 2);
	report_table_count(&t, k1("C"), 0, 7);
	report_table_count(&t, k1("D"), 0, 0);
	report_table_sum_rows(&t, 0);
	report_table_suppress(&t, 5);
	assert_int_equal(t.rows[1].v[0].hidden, REPORT_HIDE_TOTAL);
	assert_int_equal(t.rows[2].v[0].hidden, REPORT_HIDE_TOTAL); /* the smallest non-zero other row */
	assert_int_equal(t.rows[3].v[0].hidden, 0);
	assert_int_equal(t.sum[0].hidden, 0);
	char *j = json_of(&t);
	assert_non_null(strstr(j, "\"total\":49,\"suppression\":{\"threshold\":5,\"cells\":[\"/rows/1/count\",\"/rows/2/count\"]}}"));
	free(j);
	char *c = csv_of(&t);
	assert_non_null(strstr(c, "Totalt;49\r\n.. = färre än 5 eller dold för att skydda en annan cell\r\n"));
	free(c);
}

/* --- brute force: can a reader work out a hidden count? ----------------------
 *
 * The reader sees the shown cells and knows that a hidden cell is not 0
 * (zeros are shown). Every assignment of the hidden women and men of the
 * rows from 1 up is tried; rows' totals follow (total = women + men) and,
 * for disjoint rows, so do the total row's cells (column = sum of the
 * rows), which must match what is shown. Every hidden cell must be able to
 * take at least two values. */

#define MAXR 8
struct bf {
	const struct report_table *t;
	int n;            /* threshold */
	int64_t cap;      /* the largest value tried for a hidden complement */
	int64_t cand[MAXR][16384][2];
	int ncand[MAXR];
	int64_t seen_lo[MAXR + 1][3], seen_hi[MAXR + 1][3];
	int64_t acc_w, acc_m;
	int64_t min_w[MAXR + 1], max_w[MAXR + 1], min_m[MAXR + 1], max_m[MAXR + 1]; /* of the rows from i on */
	int64_t lo_w, hi_w, lo_m, hi_m, lo_t, hi_t; /* the total row's bounds */
	long leaves;
};

static void cell_bounds(const struct bf *b, const struct report_count *c, unsigned bit, int64_t v, int64_t *lo, int64_t *hi)
{
	if (!(c->hidden & bit)) *lo = *hi = v;
	else *lo = 1, *hi = b->cap;
}

static bool fits(const struct bf *b, const struct report_count *c, unsigned bit, int64_t v, int64_t x)
{
	int64_t lo, hi;
	cell_bounds(b, c, bit, v, &lo, &hi);
	return x >= lo && x <= hi;
}

/* The (women, men) a row (or the total row of overlapping rows) may have. */
static int candidates(struct bf *b, const struct report_count *c, int64_t (*out)[2])
{
	int64_t wlo, whi, mlo, mhi;
	cell_bounds(b, c, REPORT_HIDE_WOMEN, c->women, &wlo, &whi);
	cell_bounds(b, c, REPORT_HIDE_MEN, c->men, &mlo, &mhi);
	int n = 0;
	for (int64_t w = wlo; w <= whi; w++)
		for (int64_t m = mlo; m <= mhi; m++)
			if (fits(b, c, REPORT_HIDE_TOTAL, c->total, w + m)) {
				if (n == 16384) fail_msg("too many candidates");
				out[n][0] = w, out[n][1] = m, n++;
			}
	return n;
}

static void seen(struct bf *b, int row, int64_t w, int64_t m)
{
	const int64_t v[3] = {w + m, w, m};
	for (int k = 0; k < 3; k++) {
		if (v[k] < b->seen_lo[row][k]) b->seen_lo[row][k] = v[k];
		if (v[k] > b->seen_hi[row][k]) b->seen_hi[row][k] = v[k];
	}
}

/* Has every hidden cell been seen with two values? Then stop searching. */
static bool all_free(const struct bf *b)
{
	static const unsigned bits[3] = {REPORT_HIDE_TOTAL, REPORT_HIDE_WOMEN, REPORT_HIDE_MEN};
	for (size_t i = 0; i <= b->t->n; i++) {
		const struct report_count *c = i < b->t->n ? &b->t->rows[i].v[0] : &b->t->sum[0];
		for (int k = 0; k < 3; k++)
			if ((c->hidden & bits[k]) && b->seen_lo[i][k] >= b->seen_hi[i][k]) return false;
	}
	return true;
}

static int64_t chosen[MAXR][2];

static bool dfs(struct bf *b, size_t row)
{
	const struct report_table *t = b->t;
	if (row == t->n) {
		const struct report_count *s = &t->sum[0];
		if (!fits(b, s, REPORT_HIDE_WOMEN, s->women, b->acc_w) || !fits(b, s, REPORT_HIDE_MEN, s->men, b->acc_m) ||
		    !fits(b, s, REPORT_HIDE_TOTAL, s->total, b->acc_w + b->acc_m))
			return false;
		b->leaves++;
		for (size_t i = 0; i < t->n; i++) seen(b, (int)i, chosen[i][0], chosen[i][1]);
		seen(b, (int)t->n, b->acc_w, b->acc_m);
		return all_free(b);
	}
	/* Can the rows from here still reach the total row? */
	int64_t w = b->acc_w, m = b->acc_m;
	if (w + b->min_w[row] > b->hi_w || w + b->max_w[row] < b->lo_w || m + b->min_m[row] > b->hi_m ||
	    m + b->max_m[row] < b->lo_m || w + m + b->min_w[row] + b->min_m[row] > b->hi_t ||
	    w + m + b->max_w[row] + b->max_m[row] < b->lo_t)
		return false;
	for (int k = 0; k < b->ncand[row]; k++) {
		chosen[row][0] = b->cand[row][k][0];
		chosen[row][1] = b->cand[row][k][1];
		b->acc_w += chosen[row][0];
		b->acc_m += chosen[row][1];
		bool done = dfs(b, row + 1);
		b->acc_w -= chosen[row][0];
		b->acc_m -= chosen[row][1];
		if (done) return true;
	}
	return false;
}

/* Fails with a message when a hidden cell of t (one group) has one possible value. */
static void assert_protected(const struct report_table *t, int n, const char *what)
{
	static struct bf b;
	memset(&b, 0, sizeof b);
	b.t = t;
	b.n = n;
	/* Disjoint rows: no cell exceeds a shown grand total. Otherwise a bound
	 * well above every count of the tables tried. */
	b.cap = t->groups[0].disjoint && !(t->sum[0].hidden & REPORT_HIDE_TOTAL) ? t->sum[0].total : 80;
	for (size_t i = 0; i <= t->n; i++)
		for (int k = 0; k < 3; k++) b.seen_lo[i][k] = INT64_MAX, b.seen_hi[i][k] = INT64_MIN;
	if (t->groups[0].disjoint) {
		for (size_t i = 0; i < t->n; i++) b.ncand[i] = candidates(&b, &t->rows[i].v[0], b.cand[i]);
		for (size_t i = t->n; i-- > 0;) {
			int64_t mw = INT64_MAX, xw = 0, mm = INT64_MAX, xm = 0;
			for (int k = 0; k < b.ncand[i]; k++) {
				if (b.cand[i][k][0] < mw) mw = b.cand[i][k][0];
				if (b.cand[i][k][0] > xw) xw = b.cand[i][k][0];
				if (b.cand[i][k][1] < mm) mm = b.cand[i][k][1];
				if (b.cand[i][k][1] > xm) xm = b.cand[i][k][1];
			}
			b.min_w[i] = b.min_w[i + 1] + mw, b.max_w[i] = b.max_w[i + 1] + xw;
			b.min_m[i] = b.min_m[i + 1] + mm, b.max_m[i] = b.max_m[i + 1] + xm;
		}
		const struct report_count *sum = &t->sum[0];
		cell_bounds(&b, sum, REPORT_HIDE_WOMEN, sum->women, &b.lo_w, &b.hi_w);
		cell_bounds(&b, sum, REPORT_HIDE_MEN, sum->men, &b.lo_m, &b.hi_m);
		cell_bounds(&b, sum, REPORT_HIDE_TOTAL, sum->total, &b.lo_t, &b.hi_t);
		dfs(&b, 0);
		if (b.leaves == 0) fail_msg("%s: the true table is not among the assignments", what);
	} else {
		/* Overlapping rows: each row, and the total row, on its own. */
		for (size_t i = 0; i <= t->n; i++) {
			const struct report_count *c = i < t->n ? &t->rows[i].v[0] : &t->sum[0];
			int nc = candidates(&b, c, b.cand[0]);
			for (int k = 0; k < nc; k++) seen(&b, (int)i, b.cand[0][k][0], b.cand[0][k][1]);
		}
	}
	static const char *const names[3] = {"total", "women", "men"};
	static const unsigned bits[3] = {REPORT_HIDE_TOTAL, REPORT_HIDE_WOMEN, REPORT_HIDE_MEN};
	for (size_t i = 0; i <= t->n; i++) {
		const struct report_count *c = i < t->n ? &t->rows[i].v[0] : &t->sum[0];
		for (int k = 0; k < 3; k++)
			if ((c->hidden & bits[k]) && b.seen_lo[i][k] >= b.seen_hi[i][k])
				fail_msg("%s: %s of %s %zu can only be %lld", what, names[k], i < t->n ? "row" : "total row", i,
					 (long long)b.seen_lo[i][k]);
	}
}

static void describe(char *out, size_t size, const struct report_table *t, int n)
{
	int len = snprintf(out, size, "N=%d %s:", n, t->groups[0].disjoint ? "disjoint" : "overlapping");
	for (size_t i = 0; i <= t->n && len > 0 && (size_t)len < size; i++) {
		const struct report_count *c = i < t->n ? &t->rows[i].v[0] : &t->sum[0];
		len += snprintf(out + len, size - (size_t)len, " %s%lld/%lld/%lld[h%u s%u]", i < t->n ? "" : "sum ",
				(long long)c->total, (long long)c->women, (long long)c->men, c->hidden, c->secondary);
	}
}

static uint64_t rng = 0x1234567F4A7C15ull;
static int64_t rnd(int64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (int64_t)(rng % (uint64_t)n);
}

/* Random small tables, up to 4 rows × women and men with their totals:
 * every count from 1 to N−1 is hidden, zeros are shown, a total that is
 * not small stays unless nothing else can protect a cell, and no hidden
 * cell can be worked out from what is shown. */
static void test_suppress_brute_force(void **state)
{
	struct arena *a = *state;
	int with_hidden = 0, totals_kept = 0, rounds = 3000;
	for (int round = 0; round < rounds; round++) {
		size_t n = 1 + (size_t)rnd(4);
		int64_t rows[4][2];
		for (size_t i = 0; i < n; i++) {
			/* Mostly small counts, so suppression has work to do. */
			int64_t max = rnd(3) == 0 ? 16 : 8;
			rows[i][0] = rnd(max);
			rows[i][1] = rnd(max);
		}
		bool disjoint = rnd(3) != 0;
		int threshold = 2 + (int)rnd(5);
		struct report_table t;
		make(&t, a, disjoint, (const int64_t (*)[2])rows, n, rnd(12), rnd(12));
		int hidden = report_table_suppress(&t, threshold);
		char what[512];
		describe(what, sizeof what, &t, threshold);
		for (size_t i = 0; i <= t.n; i++) {
			const struct report_count *c = i < t.n ? &t.rows[i].v[0] : &t.sum[0];
			if (c->women >= 1 && c->women < threshold && !HID(*c, REPORT_HIDE_WOMEN)) fail_msg("%s: small women shown", what);
			if (c->men >= 1 && c->men < threshold && !HID(*c, REPORT_HIDE_MEN)) fail_msg("%s: small men shown", what);
			if (c->total >= 1 && c->total < threshold && !HID(*c, REPORT_HIDE_TOTAL)) fail_msg("%s: small total shown", what);
			if ((c->women == 0 && HID(*c, REPORT_HIDE_WOMEN)) || (c->men == 0 && HID(*c, REPORT_HIDE_MEN)) ||
			    (c->total == 0 && HID(*c, REPORT_HIDE_TOTAL)))
				fail_msg("%s: a zero hidden", what);
			if ((c->secondary & ~c->hidden) != 0) fail_msg("%s: secondary outside hidden", what);
		}
		assert_protected(&t, threshold, what);
		/* Running it again changes nothing: a fixpoint. */
		assert_int_equal(report_table_suppress(&t, threshold), 0);
		with_hidden += hidden > 0;
		totals_kept += hidden > 0 && t.sum[0].total >= threshold && !HID(t.sum[0], REPORT_HIDE_TOTAL);
		arena_reset(a);
	}
	assert_true(with_hidden > rounds / 2);
	assert_true(totals_kept > with_hidden * 9 / 10); /* the grand total nearly always stays */
}

static void test_multi_group(void **state)
{
	struct arena *a = *state;
	static const struct report_group groups[] = {
		{"before", "Före", REPORT_COUNT, true, 0, 0},
		{"after", "Efter", REPORT_COUNT, true, 0, 0},
		{"change", "Förändring", REPORT_CHANGE, false, 0, 1},
		{"share", "Andel", REPORT_SHARE, false, 1, 0},
	};
	struct report_table t;
	report_table_init(&t, a, 1, col_code, 4, groups);
	report_table_add(&t, k1("work"), 0, 5, 5);
	report_table_add(&t, k1("work"), 1, 10, 20);
	report_table_add(&t, k1("studies"), 0, 6, 7);
	report_table_add(&t, k1("studies"), 1, 3, 9);
	report_table_sum_rows(&t, 0);
	report_table_sum_rows(&t, 1);
	char *j = json_of(&t);
	assert_string_equal(j, "{\"rows\":["
			       "{\"key\":{\"code\":\"work\"},\"before\":{\"total\":10,\"women\":5,\"men\":5},"
			       "\"after\":{\"total\":30,\"women\":10,\"men\":20},\"change\":{\"total\":20,\"women\":5,\"men\":15},"
			       "\"share\":{\"total\":300.0,\"women\":200.0,\"men\":400.0}},"
			       "{\"key\":{\"code\":\"studies\"},\"before\":{\"total\":13,\"women\":6,\"men\":7},"
			       "\"after\":{\"total\":12,\"women\":3,\"men\":9},\"change\":{\"total\":-1,\"women\":-3,\"men\":2},"
			       "\"share\":{\"total\":92.3,\"women\":50.0,\"men\":128.6}}],"
			       "\"total\":{\"before\":{\"total\":23,\"women\":11,\"men\":12},\"after\":{\"total\":42,\"women\":13,\"men\":29},"
			       "\"change\":{\"total\":19,\"women\":2,\"men\":17},\"share\":{\"total\":182.6,\"women\":118.2,\"men\":241.7}}}");
	free(j);
	/* Hidden parts hide what is derived from them; the totals stay. */
	report_table_suppress(&t, 4);
	j = json_of(&t);
	assert_non_null(strstr(j, "{\"key\":{\"code\":\"studies\"},\"before\":{\"total\":13,\"women\":6,\"men\":7},"
				  "\"after\":{\"total\":12,\"women\":null,\"men\":null},\"change\":{\"total\":-1,\"women\":null,\"men\":null},"
				  "\"share\":{\"total\":92.3,\"women\":null,\"men\":null},\"suppressed\":true}"));
	assert_non_null(strstr(j, "\"suppression\":{\"threshold\":4,\"cells\":[\"/rows/0/after/women\",\"/rows/0/after/men\","
				  "\"/rows/1/after/women\",\"/rows/1/after/men\"]}}"));
	free(j);
	char *c = csv_of(&t);
	assert_string_equal(c, "\xEF\xBB\xBF" "Kod;Före totalt;Före kvinnor;Före män;Efter totalt;Efter kvinnor;Efter män;"
			       "Förändring totalt;Förändring kvinnor;Förändring män;Andel totalt (%);Andel kvinnor (%);Andel män (%)\r\n"
			       "work;10;5;5;30;..;..;20;..;..;300,0;..;..\r\n"
			       "studies;13;6;7;12;..;..;-1;..;..;92,3;..;..\r\n"
			       "Totalt;23;11;12;42;13;29;19;2;17;182,6;118,2;241,7\r\n"
			       ".. = färre än 4 personer eller dold för att skydda en annan cell\r\n");
	free(c);
}

static void test_csv_writer(void **state)
{
	(void)state;
	struct csvw w;
	csvw_init(&w);
	csvw_text(&w, "plain");
	csvw_text(&w, "semi;colon");
	csvw_text(&w, "say \"hej\"");
	csvw_text(&w, "two\nlines");
	csvw_text(&w, "cr\r");
	csvw_text(&w, NULL);
	csvw_text(&w, "Åsa Öberg");
	csvw_row_end(&w);
	csvw_int(&w, -42);
	csvw_decimal(&w, 333, 1);
	csvw_decimal(&w, -5, 1);
	csvw_decimal(&w, 7, 2);
	csvw_decimal(&w, 12, 0);
	csvw_suppressed(&w);
	csvw_empty(&w);
	csvw_row_end(&w);
	/* Formula-looking text never runs in a spreadsheet. */
	csvw_text(&w, "=HYPERLINK(\"x\")");
	csvw_text(&w, "+1");
	csvw_text(&w, "-2;3");
	csvw_text(&w, "@x");
	csvw_text(&w, "a=b");
	csvw_row_end(&w);
	size_t len;
	char *s = csvw_finish(&w, &len);
	const char *want = "\xEF\xBB\xBF"
			   "plain;\"semi;colon\";\"say \"\"hej\"\"\";\"two\nlines\";\"cr\r\";;Åsa Öberg\r\n"
			   "-42;33,3;-0,5;0,07;12;..;\r\n"
			   "\"'=HYPERLINK(\"\"x\"\")\";'+1;\"'-2;3\";'@x;a=b\r\n";
	assert_string_equal(s, want);
	assert_int_equal(len, strlen(want));
	free(s);
	/* After finish the writer starts afresh (no BOM: one per document). */
	csvw_text(&w, "x");
	csvw_row_end(&w);
	s = csvw_finish(&w, &len);
	assert_string_equal(s, "x\r\n");
	free(s);
	csvw_free(&w);
}

/* Attendees of unspecified sex count in the total only: a total that
 * gives a small number of them away (total − women − men) is hidden. */
static void test_suppress_unspecified_sex(void **state)
{
	(void)state;
	struct report_count one = {.total = 12, .women = 6, .men = 5};
	report_count_suppress(&one, 3);
	assert_true(one.hidden & REPORT_HIDE_TOTAL);
	assert_false(one.secondary & REPORT_HIDE_TOTAL);
	struct report_count many = {.total = 20, .women = 10, .men = 5};
	assert_int_equal(report_count_suppress(&many, 3), 0);
	struct report_count none = {.total = 11, .women = 6, .men = 5};
	assert_int_equal(report_count_suppress(&none, 3), 0);
}

TEST_MAIN(
	arena_unit_test(test_grouping),
	arena_unit_test(test_many_keys),
	cmocka_unit_test(test_share_rounding),
	cmocka_unit_test(test_age_bands),
	arena_unit_test(test_suppress_overlapping_rows),
	cmocka_unit_test(test_suppress_rows_summing_past_the_total),
	arena_unit_test(test_suppress_one_small),
	arena_unit_test(test_suppress_two_small),
	arena_unit_test(test_suppress_all_but_one_small),
	arena_unit_test(test_suppress_plain),
	arena_unit_test(test_suppress_brute_force),
	arena_unit_test(test_multi_group),
	cmocka_unit_test(test_suppress_unspecified_sex),
	cmocka_unit_test(test_csv_writer),
)
