/* test_sql_params.c — named parameters numbered for PostgreSQL: each name
 * gets one number however often it is used, in the order first met, and a
 * colon in a literal, a quoted identifier, a comment or a :: cast is not a
 * parameter; a positional ? is refused. */
#include "testutil.h"
#include "store/sql_params.h"

static void numbered(const char *sql, const char *want, int n)
{
	struct sql_params p;
	assert_int_equal(sql_params_number(sql, &p), 0);
	assert_string_equal(p.sql, want);
	assert_int_equal(p.n, n);
	sql_params_free(&p);
}

static void test_names(void **state)
{
	(void)state;
	struct sql_params p;
	assert_int_equal(sql_params_number("SELECT a FROM t WHERE org = :org AND (CAST(:mun AS TEXT) IS NULL"
					   " OR mun = :mun) AND org2 = :org LIMIT :limit_1",
					   &p), 0);
	assert_string_equal(p.sql, "SELECT a FROM t WHERE org = $1 AND (CAST($2 AS TEXT) IS NULL"
				   " OR mun = $2) AND org2 = $1 LIMIT $3");
	assert_int_equal(p.n, 3);
	assert_string_equal(p.names[0], ":org");
	assert_string_equal(p.names[1], ":mun");
	assert_string_equal(p.names[2], ":limit_1");
	assert_int_equal(sql_params_index(&p, ":mun"), 2);
	assert_int_equal(sql_params_index(&p, ":limit_1"), 3);
	assert_int_equal(sql_params_index(&p, ":nope"), 0);
	assert_int_equal(sql_params_index(&p, "mun"), 0);
	sql_params_free(&p);

	numbered("SELECT 1", "SELECT 1", 0);
	numbered("", "", 0);
	/* a name ends at the first character that cannot be in one */
	numbered("VALUES (:a,:b)||:a", "VALUES ($1,$2)||$1", 2);
	numbered("x = :a1", "x = $1", 1);
}

static void test_not_parameters(void **state)
{
	(void)state;
	/* literals, with doubled quotes inside */
	numbered("SELECT ':a', 'it''s :b', :c", "SELECT ':a', 'it''s :b', $1", 1);
	numbered("SELECT \"odd:col\", \"q\"\":x\" FROM t WHERE y = :y", "SELECT \"odd:col\", \"q\"\":x\" FROM t WHERE y = $1", 1);
	/* comments, line and block (nested, as PostgreSQL nests them) */
	numbered("SELECT :a -- or :b?\n, :c", "SELECT $1 -- or :b?\n, $2", 2);
	numbered("SELECT /* :x /* :y */ still ':z' */ :a", "SELECT /* :x /* :y */ still ':z' */ $1", 1);
	numbered("SELECT 1 - -1, 4/2, :a", "SELECT 1 - -1, 4/2, $1", 1);
	/* casts, after a name too; a colon not followed by a name */
	numbered("SELECT :a::int, x::text, (:b)::bigint", "SELECT $1::int, x::text, ($2)::bigint", 2);
	numbered("SELECT a[1:2], ': ', :", "SELECT a[1:2], ': ', :", 0);
	/* unclosed runs end with the text */
	numbered("SELECT ':a", "SELECT ':a", 0);
	numbered("SELECT :a /* :b", "SELECT $1 /* :b", 1);
	/* a ? inside a literal or comment is text */
	numbered("SELECT '?' /* ? */ -- ?\n", "SELECT '?' /* ? */ -- ?\n", 0);
}

static void test_positional_refused(void **state)
{
	(void)state;
	struct sql_params p;
	assert_int_equal(sql_params_number("SELECT :a, ?", &p), -1);
	sql_params_free(&p);
	assert_int_equal(sql_params_number("SELECT ?1", &p), -1);
	sql_params_free(&p);
}

TEST_MAIN(
	cmocka_unit_test(test_names),
	cmocka_unit_test(test_not_parameters),
	cmocka_unit_test(test_positional_refused),
)
