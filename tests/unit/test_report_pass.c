/* test_report_pass.c — the one-pass counting of domain/report_pass.c: a
 * person counts once per key however many rows she has under it, keys past
 * the first allocation, enrolments (tally_add) counted every time, codes
 * numbered in the order they come with NULL a code of its own, and
 * report_pass calling done once per person, after her last row, on a real
 * statement. */
#include "testutil.h"
#include "domain/report_pass.h"

static void test_tally_counts_each_person_once_per_key(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	struct tally t;
	tally_init(&t, &a);
	/* Person 1 (a woman) twice under key 3, once under key 5;
	 * person 2 (a man) under key 3; person 3 under key 1000 (a grown tally). */
	tally_person(&t, 3, 1, true);
	tally_person(&t, 5, 1, true);
	tally_person(&t, 3, 1, true);
	tally_person(&t, 3, 2, false);
	tally_person(&t, 1000, 3, true);
	tally_person(&t, 1000, 3, true);
	assert_int_equal(tally_women(&t, 3), 1);
	assert_int_equal(tally_men(&t, 3), 1);
	assert_int_equal(tally_women(&t, 5), 1);
	assert_int_equal(tally_women(&t, 1000), 1);
	/* What came before the growth is kept. */
	assert_int_equal(tally_women(&t, 3), 1);
	assert_int_equal(tally_women(&t, 4), 0);
	assert_int_equal(tally_men(&t, 99999), 0);
	/* Enrolments count every time. */
	tally_add(&t, 7, false);
	tally_add(&t, 7, false);
	tally_add(&t, 7, true);
	assert_int_equal(tally_men(&t, 7), 2);
	assert_int_equal(tally_women(&t, 7), 1);
	arena_free(&a);
}

static void test_code_index_numbers_in_order_with_null(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	struct code_index x;
	code_index_init(&x, &a);
	char work[] = "work";
	assert_int_equal(code_index_of(&x, work), 0);
	assert_int_equal(code_index_of(&x, NULL), 1);
	assert_int_equal(code_index_of(&x, "studies"), 2);
	work[0] = 'W'; /* the index keeps its own copy */
	assert_int_equal(code_index_of(&x, "work"), 0);
	assert_int_equal(code_index_of(&x, NULL), 1);
	for (int i = 0; i < 100; i++) {
		char code[16];
		snprintf(code, sizeof code, "c%d", i);
		assert_int_equal(code_index_of(&x, code), (size_t)(3 + i));
	}
	assert_int_equal(code_index_of(&x, "studies"), 2);
	assert_null(x.code[1]);
	assert_string_equal(x.code[0], "work");
	arena_free(&a);
}

struct seen {
	int rows, done;
	int64_t people[8];
	int64_t rows_of[8];
	bool woman[8];
	int64_t current_rows;
};

static void on_row(void *state, struct stmt *s, int64_t person, bool woman)
{
	(void)s, (void)woman, (void)person;
	struct seen *x = state;
	x->rows++;
	x->current_rows++;
}

static void on_done(void *state, int64_t person, bool woman)
{
	struct seen *x = state;
	x->people[x->done] = person;
	x->woman[x->done] = woman;
	x->rows_of[x->done] = x->current_rows;
	x->current_rows = 0;
	x->done++;
}

static void test_pass_calls_done_after_each_persons_rows(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	testdb_exec(t.db, "CREATE TABLE r (id INTEGER, sex TEXT);"
			  "INSERT INTO r VALUES (2, 'male'), (1, 'female'), (2, 'male'), (5, 'female'), (2, 'male');");
	struct seen x = {0};
	assert_int_equal(report_pass(store_prepare(t.db, "SELECT id, sex FROM r ORDER BY id"), on_row, on_done, &x), 0);
	assert_int_equal(x.rows, 5);
	assert_int_equal(x.done, 3);
	assert_int_equal(x.people[0], 1);
	assert_true(x.woman[0]);
	assert_int_equal(x.rows_of[0], 1);
	assert_int_equal(x.people[1], 2);
	assert_false(x.woman[1]);
	assert_int_equal(x.rows_of[1], 3);
	assert_int_equal(x.people[2], 5);
	assert_int_equal(x.rows_of[2], 1);
	/* No rows: neither callback. */
	struct seen none = {0};
	assert_int_equal(report_pass(store_prepare(t.db, "SELECT id, sex FROM r WHERE id > 100 ORDER BY id"), on_row, on_done, &none), 0);
	assert_int_equal(none.rows + none.done, 0);
	testdb_close(&t);
}

TEST_MAIN(
	cmocka_unit_test(test_tally_counts_each_person_once_per_key),
	cmocka_unit_test(test_code_index_numbers_in_order_with_null),
	cmocka_unit_test(test_pass_calls_done_after_each_persons_rows),
)
