/* test_report.c — the generic report table (src/report/table.c) and the CSV
 * writer (src/base/csv_writer.c): grouping by key, totals of overlapping
 * rows, suppression (primary, row and column rule to a fixpoint, checked
 * against every sum relation of random tables so no hidden cell can be
 * recomputed by subtraction), share rounding, age bands, JSON and CSV. */
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
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct report_table t;
	report_table_init(&t, &a, 1, col_code, 1, flat_disjoint);
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
	report_table_init(&u, &a, 2, col_two, 1, flat_overlapping);
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
	report_table_init(&v, &a, 2, col_two, 1, flat_overlapping);
	struct report_key kstale[2] = {{.text = "Steget"}, {.text = (const char *)(uintptr_t)1, .num = 3}};
	report_table_add(&v, kstale, 0, 1, 0);
	kstale[1].text = (const char *)(uintptr_t)2;
	report_table_add(&v, kstale, 0, 1, 0);
	assert_int_equal(v.n, 1);
	assert_null(v.rows[0].key[1].text);
	assert_int_equal(v.rows[0].v[0].women, 2);
	arena_free(&a);
}

/* Many keys: found again through the hash index, also after sorting. */
static void test_many_keys(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct report_table t;
	report_table_init(&t, &a, 2, col_two, 1, flat_overlapping);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 5000; i++) {
			struct report_key k[2] = {{.text = i % 7 ? arena_printf(&a, "k%d", i % 2500) : NULL}, {.num = i % 3, .null = i % 11 == 0}};
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
	arena_free(&a);
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

static void test_suppress_primary_and_row_rule(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct report_table t;
	/* Overlapping rows: only the primary and the row rule apply. */
	static const int64_t rows[][2] = {{10, 12}, {2, 10}, {0, 0}, {0, 4}, {5, 0}, {1, 1}};
	make(&t, &a, false, rows, 6, 14, 20);
	report_table_suppress(&t, 5);
	/* 10/12: nothing hidden. */
	assert_int_equal(t.rows[0].v[0].hidden, 0);
	assert_false(report_row_suppressed(&t, t.rows[0].v));
	/* 2 women hidden; the total 12 would give them back (12 − 10). */
	assert_true(HID(t.rows[1].v[0], REPORT_HIDE_WOMEN));
	assert_true(HID(t.rows[1].v[0], REPORT_HIDE_TOTAL));
	assert_false(HID(t.rows[1].v[0], REPORT_HIDE_MEN));
	assert_true(report_row_suppressed(&t, t.rows[1].v));
	/* Zeros are shown. */
	assert_int_equal(t.rows[2].v[0].hidden, 0);
	/* 0 women shown, 4 men hidden, total 4 hidden (primary). */
	assert_int_equal(t.rows[3].v[0].hidden, REPORT_HIDE_MEN | REPORT_HIDE_TOTAL);
	/* 5 is not below 5. */
	assert_int_equal(t.rows[4].v[0].hidden, 0);
	/* 1 and 1: all three (total 2 < 5). */
	assert_int_equal(t.rows[5].v[0].hidden, REPORT_HIDE_TOTAL | REPORT_HIDE_WOMEN | REPORT_HIDE_MEN);
	/* No column rule for overlapping rows: the total row stays. */
	assert_int_equal(t.sum[0].hidden, 0);

	char *j = json_of(&t);
	assert_non_null(strstr(j, "{\"key\":{\"code\":\"r1\"},\"total\":null,\"women\":null,\"men\":10,\"share\":null,\"suppressed\":true}"));
	assert_non_null(strstr(j, "{\"key\":{\"code\":\"r0\"},\"total\":22,\"women\":10,\"men\":12,\"share\":64.7}"));
	assert_non_null(strstr(j, "{\"key\":{\"code\":\"r2\"},\"total\":0,\"women\":0,\"men\":0,\"share\":0.0}"));
	assert_non_null(strstr(j, "\"total\":{\"total\":34,\"women\":14,\"men\":20}}"));
	free(j);

	/* The threshold applies to the total row as well. */
	static const int64_t few[][2] = {{1, 0}, {0, 1}};
	make(&t, &a, false, few, 2, 1, 1);
	report_table_suppress(&t, 3);
	assert_int_equal(t.sum[0].hidden, REPORT_HIDE_TOTAL | REPORT_HIDE_WOMEN | REPORT_HIDE_MEN);
	j = json_of(&t);
	assert_non_null(strstr(j, "\"total\":{\"total\":null,\"women\":null,\"men\":null,\"suppressed\":true}"));
	free(j);
	arena_free(&a);
}

static void test_suppress_by_subtraction(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct report_table t;
	/* Disjoint rows: 2 women in r1 would be 12 − 10 from the column. */
	static const int64_t rows[][2] = {{10, 10}, {2, 8}, {20, 30}};
	make(&t, &a, true, rows, 3, 0, 0);
	report_table_suppress(&t, 5);
	assert_true(HID(t.rows[1].v[0], REPORT_HIDE_WOMEN));
	assert_true(HID(t.rows[1].v[0], REPORT_HIDE_TOTAL)); /* row rule */
	assert_true(HID(t.sum[0], REPORT_HIDE_WOMEN));         /* column rule */
	assert_true(HID(t.sum[0], REPORT_HIDE_TOTAL));         /* column rule (r1's total), and row rule */
	assert_false(HID(t.sum[0], REPORT_HIDE_MEN));          /* no man hidden anywhere */
	assert_false(HID(t.rows[0].v[0], REPORT_HIDE_TOTAL));
	/* Shares: a hidden report total hides every share (it would give the
	 * total back). */
	assert_int_equal(report_row_share(&t, &t.rows[0]), -1);
	char *c = csv_of(&t);
	assert_string_equal(c, "\xEF\xBB\xBF" "Kod;Totalt;Kvinnor;Män;Andel (%)\r\n"
			       "r0;20;10;10;\r\n"
			       "r1;..;..;8;\r\n"
			       "r2;50;20;30;\r\n"
			       "Totalt;..;..;48;\r\n");
	free(c);

	/* A chain: r0's 3 men hide its total, the total column hides the
	 * report total, which is then not recomputable from women + men only
	 * because men of the total row went too. */
	static const int64_t chain[][2] = {{0, 3}, {7, 9}};
	make(&t, &a, true, chain, 2, 0, 0);
	report_table_suppress(&t, 5);
	assert_int_equal(t.rows[0].v[0].hidden, REPORT_HIDE_MEN | REPORT_HIDE_TOTAL);
	assert_int_equal(t.sum[0].hidden, REPORT_HIDE_MEN | REPORT_HIDE_TOTAL);
	assert_int_equal(t.rows[1].v[0].hidden, 0);
	arena_free(&a);
}

/* Is exactly one cell of a sum relation hidden? Then it can be recomputed. */
static bool leaks(const struct report_table *t, char *why, size_t n)
{
	const struct report_count *rows[64];
	for (size_t i = 0; i <= t->n; i++) {
		const struct report_count *c = i < t->n ? &t->rows[i].v[0] : &t->sum[0];
		int h = HID(*c, REPORT_HIDE_TOTAL) + HID(*c, REPORT_HIDE_WOMEN) + HID(*c, REPORT_HIDE_MEN);
		if (h == 1) {
			snprintf(why, n, "row %zu: one hidden cell of total = women + men", i);
			return true;
		}
		if (i < t->n) rows[i] = c;
	}
	if (!t->groups[0].disjoint) return false;
	static const unsigned bits[] = {REPORT_HIDE_TOTAL, REPORT_HIDE_WOMEN, REPORT_HIDE_MEN};
	for (int b = 0; b < 3; b++) {
		int h = HID(t->sum[0], bits[b]);
		for (size_t i = 0; i < t->n; i++) h += HID(*rows[i], bits[b]);
		if (h == 1) {
			snprintf(why, n, "column %d: one hidden cell of total = sum of rows", b);
			return true;
		}
	}
	return false;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static int64_t rnd(int64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (int64_t)(rng % (uint64_t)n);
}

static void test_suppress_fixpoint_random(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	int checked = 0, with_hidden = 0;
	for (int round = 0; round < 20000; round++) {
		size_t n = 1 + (size_t)rnd(8);
		int64_t rows[8][2];
		for (size_t i = 0; i < n; i++) {
			/* Mostly small counts, so suppression has work to do. */
			int64_t max = rnd(3) == 0 ? 40 : 8;
			rows[i][0] = rnd(max);
			rows[i][1] = rnd(max);
		}
		bool disjoint = rnd(3) != 0;
		struct report_table t;
		make(&t, &a, disjoint, (const int64_t (*)[2])rows, n, rnd(60), rnd(60));
		int threshold = 2 + (int)rnd(5);
		int hidden = report_table_suppress(&t, threshold);
		char why[128];
		if (leaks(&t, why, sizeof why)) fail_msg("round %d (n=%zu, N=%d, disjoint=%d): %s", round, n, threshold, disjoint, why);
		/* Every count from 1 to N−1 is hidden, zeros never by the primary rule. */
		for (size_t i = 0; i < t.n; i++) {
			const struct report_count *c = &t.rows[i].v[0];
			if (c->women >= 1 && c->women < threshold) assert_true(HID(*c, REPORT_HIDE_WOMEN));
			if (c->men >= 1 && c->men < threshold) assert_true(HID(*c, REPORT_HIDE_MEN));
			if (c->total >= 1 && c->total < threshold) assert_true(HID(*c, REPORT_HIDE_TOTAL));
			if (c->total == 0) assert_int_equal(c->hidden, 0);
		}
		/* Running it again changes nothing: a fixpoint. */
		assert_int_equal(report_table_suppress(&t, threshold), 0);
		checked++;
		with_hidden += hidden > 0;
		arena_reset(&a);
	}
	assert_int_equal(checked, 20000);
	assert_true(with_hidden > 10000);
	arena_free(&a);
}

static void test_multi_group(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	static const struct report_group groups[] = {
		{"before", "Före", REPORT_COUNT, true, 0, 0},
		{"after", "Efter", REPORT_COUNT, true, 0, 0},
		{"change", "Förändring", REPORT_CHANGE, false, 0, 1},
		{"share", "Andel", REPORT_SHARE, false, 1, 0},
	};
	struct report_table t;
	report_table_init(&t, &a, 1, col_code, 4, groups);
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
	/* Hidden parts hide what is derived from them. */
	report_table_suppress(&t, 4);
	j = json_of(&t);
	assert_non_null(strstr(j, "{\"key\":{\"code\":\"studies\"},\"before\":{\"total\":13,\"women\":6,\"men\":7},"
				  "\"after\":{\"total\":null,\"women\":null,\"men\":9},\"change\":{\"total\":null,\"women\":null,\"men\":2},"
				  "\"share\":{\"total\":null,\"women\":null,\"men\":128.6},\"suppressed\":true}"));
	free(j);
	char *c = csv_of(&t);
	assert_string_equal(c, "\xEF\xBB\xBF" "Kod;Före totalt;Före kvinnor;Före män;Efter totalt;Efter kvinnor;Efter män;"
			       "Förändring totalt;Förändring kvinnor;Förändring män;Andel totalt (%);Andel kvinnor (%);Andel män (%)\r\n"
			       "work;10;5;5;30;10;20;20;5;15;300,0;200,0;400,0\r\n"
			       "studies;13;6;7;..;..;9;..;..;2;..;..;128,6\r\n"
			       "Totalt;23;11;12;..;..;29;..;..;17;..;..;241,7\r\n");
	free(c);
	arena_free(&a);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grouping),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_share_rounding),
		cmocka_unit_test(test_age_bands),
		cmocka_unit_test(test_suppress_primary_and_row_rule),
		cmocka_unit_test(test_suppress_by_subtraction),
		cmocka_unit_test(test_suppress_fixpoint_random),
		cmocka_unit_test(test_multi_group),
		cmocka_unit_test(test_csv_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
