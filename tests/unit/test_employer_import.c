/* test_employer_import.c — the company register import on a real migrated
 * database: a good file, upsert by orgnr, every kind of bad line, duplicates
 * within the file, all or nothing (also with the secondary indexes dropped
 * for a bulk import), sole traders whose number never appears in a reason,
 * the cap on listed errors, roles; a file of many batches through the two
 * threads, with a bad last line and with the database failing midway; a
 * file checked in parts side by side: a bad line and a duplicate in a later
 * part reported at their lines, a quoted line break near the cut and at it,
 * a file read through a map. */
#include "testutil.h"
#include "domain/employer_import.h"
#include "domain/gen_employers.h"
#include "se/personnummer.h"

static const struct actor admin = {0, 1, ROLE_ADMIN, "admin", "Admin", false, NULL};
static const struct actor kansli = {0, 1, ROLE_KANSLI, "kansli", "Kansli", false, NULL};
static const struct actor worker = {0, 1, ROLE_CASE_WORKER | ROLE_EMPLOYER_CONTACT, "w", "W", false, NULL};

#define HEADER "orgnr,name,sni_code,size_class,municipality_code\n"

static int run(struct testenv *env, const struct actor *a, const char *csv, const struct employer_import_options *o,
	       struct employer_import_result *res)
{
	struct ctx *c = testenv_ctx(env, a);
	struct csv_reader *r = csv_open_mem(csv, strlen(csv), NULL);
	int rc = employer_import(c, r, o, res);
	csv_close(r);
	for (size_t i = 0; rc && i < res->nerrors && i < 20; i++) /* shown when an assertion fails */
		fprintf(stderr, "  line %ld: %s\n", res->errors[i].line, res->errors[i].reason);
	return rc;
}

static int64_t employers(struct testenv *env)
{
	return testdb_int(env->t.db, "SELECT COUNT(*) FROM employers");
}

static int64_t indexes(struct testenv *env)
{
	return testdb_int(env->t.db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'employers'");
}

static const char *text(struct testenv *env, const char *sql, const char *orgnr)
{
	struct stmt *s = store_prepare(env->t.db, sql);
	if (orgnr) stmt_bind_text(s, ":orgnr", orgnr); /* NULL: a statement without it */
	assert_int_equal(stmt_step(s), STORE_ROW);
	const char *v = stmt_text(s, 0);
	char *out = v ? arena_strdup(&env->arena, v) : NULL;
	stmt_done(s);
	return out;
}

static void test_good_file(void **state)
{
	struct testenv *env = *state;
	int64_t ix = indexes(env), audits = audit_count(env);
	struct employer_import_result res;
	/* Columns in another order, the 12-digit and dashed forms, a sole trader. */
	const char *csv = "municipality_code;orgnr;name;size_class;sni_code;city\n"
			  "1488;165560360793;Volvo Personvagnar AB;500+;29.101;Trollhättan\n"
			  "1488;802002-1120; Ideella Föreningen Ängen ;0;94920;\n"
			  "0180;19121212-1212;Tolvan Tolvanssons Måleri;1-4;43341;Stockholm\n";
	assert_int_equal(run(env, &kansli, csv, NULL, &res), 0);
	assert_int_equal(res.created, 3);
	assert_int_equal(res.updated, 0);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.nerrors, 0);
	assert_int_equal(employers(env), 3);
	assert_string_equal(text(env, "SELECT name_key FROM employers WHERE orgnr = :orgnr", "8020021120"), "ideella föreningen ängen");
	assert_string_equal(text(env, "SELECT sni_code || sni_section FROM employers WHERE orgnr = :orgnr", "5560360793"), "29101C");
	assert_string_equal(text(env, "SELECT size_class || city FROM employers WHERE orgnr = :orgnr", "5560360793"), "500+Trollhättan");
	assert_null(text(env, "SELECT city FROM employers WHERE orgnr = :orgnr", "8020021120"));
	/* The sole trader: stored in its 10-digit form, flagged. */
	assert_string_equal(text(env, "SELECT sole_trader || size_class FROM employers WHERE orgnr = :orgnr", "1212121212"), "11-4");
	assert_int_equal(audit_count(env), audits + 1);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'import' AND entity = 'employer'"
					      " AND detail = 'rows 3, created 3, updated 0'"),
			 1);
	assert_int_equal(indexes(env), ix);
}

static void test_upsert(void **state)
{
	struct testenv *env = *state;
	struct employer_import_result res;
	assert_int_equal(run(env, &admin,
			     "orgnr,name,sni_code,size_class,municipality_code,address,postal_code,city\n"
			     "5560360793,Volvo,29101,500+,1488,Gamla vägen 1,461 38,Trollhättan\n"
			     "8020021120,Ängen,94920,0,1488,,,\n",
			     NULL, &res),
			 0);
	int64_t id = testdb_int(env->t.db, "SELECT id FROM employers WHERE orgnr = '5560360793'");
	/* Without address columns the addresses in the register stay. */
	assert_int_equal(run(env, &admin,
			     HEADER "5560360793,Volvo Cars,29101,200-499,1488\n"
				    "2120000142,Trollhättans stad,84111,500+,1488\n",
			     NULL, &res),
			 0);
	assert_int_equal(res.created, 1);
	assert_int_equal(res.updated, 1);
	assert_int_equal(employers(env), 3);
	assert_int_equal(testdb_int(env->t.db, "SELECT id FROM employers WHERE orgnr = '5560360793'"), id);
	assert_string_equal(text(env, "SELECT name || '|' || name_key || '|' || size_class || '|' || address || '|' || postal_code"
				       " FROM employers WHERE orgnr = :orgnr", "5560360793"),
			    "Volvo Cars|volvo cars|200-499|Gamla vägen 1|461 38");
	/* With them, an empty value empties the field; SCB's size codes. */
	assert_int_equal(run(env, &admin,
			     "orgnr,name,sni_code,scb_size_code,municipality_code,address\n"
			     "5560360793,Volvo Cars,29101,9,1488,\n"
			     "8020021120,Ängen,,0,1488,Byvägen 2\n"
			     "2120000142,Trollhättans stad,84111,1,1488,\n",
			     NULL, &res),
			 0);
	assert_int_equal(res.updated, 3);
	assert_null(text(env, "SELECT address FROM employers WHERE orgnr = :orgnr", "5560360793"));
	assert_string_equal(text(env, "SELECT postal_code FROM employers WHERE orgnr = :orgnr", "5560360793"), "461 38");
	assert_string_equal(text(env, "SELECT size_class FROM employers WHERE orgnr = :orgnr", "5560360793"), "500+");
	assert_null(text(env, "SELECT size_class FROM employers WHERE orgnr = :orgnr", "8020021120"));
	assert_null(text(env, "SELECT sni_section FROM employers WHERE orgnr = :orgnr", "8020021120"));
	assert_string_equal(text(env, "SELECT size_class FROM employers WHERE orgnr = :orgnr", "2120000142"), "0");
	/* The same file again but for one field of one employer: that one is
	 * written, the others not at all (their updated_at stays), and all
	 * three are still counted as updated. */
	testdb_exec(env->t.db, "UPDATE employers SET updated_at = '2000-01-01T00:00:00Z'");
	assert_int_equal(run(env, &admin,
			     "orgnr,name,sni_code,scb_size_code,municipality_code,address\n"
			     "5560360793,Volvo Cars,29101,9,1488,\n"
			     "8020021120,Ängen,,0,1488,Byvägen 3\n"
			     "2120000142,Trollhättans stad,84111,1,1488,\n",
			     NULL, &res),
			 0);
	assert_int_equal(res.updated, 3);
	assert_int_equal(res.created, 0);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM employers WHERE updated_at = '2000-01-01T00:00:00Z'"), 2);
	assert_string_equal(text(env, "SELECT address FROM employers WHERE orgnr = :orgnr", "8020021120"), "Byvägen 3");
	/* Without the address column an address alone never makes a change. */
	testdb_exec(env->t.db, "UPDATE employers SET updated_at = '2000-01-01T00:00:00Z', address = 'Annan väg 1'");
	assert_int_equal(run(env, &admin,
			     "orgnr,name,sni_code,scb_size_code,municipality_code\n"
			     "5560360793,Volvo Cars,29101,9,1488\n",
			     NULL, &res),
			 0);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM employers WHERE updated_at = '2000-01-01T00:00:00Z'"), 3);
}

/* Every kind of bad line, each reported with its line; the good lines
 * before them are not imported. */
static void test_bad_lines(void **state)
{
	struct testenv *env = *state;
	int64_t audits = audit_count(env);
	struct employer_import_result res;
	const char *csv = HEADER
		"5560360793,Volvo,29101,500+,1488\n"             /* 2 fine */
		"5560360794,Fel kontrollsiffra,29101,0,1488\n"   /* 3 */
		",Utan nummer,29101,0,1488\n"                     /* 4 */
		"8020021120,,C,0,1488\n"                          /* 5: also a section only */
		"2120000142,Okänd SNI,99999,0,1488\n"             /* 6 */
		"9696601237,Storlek,29101,5-10,1488\n"            /* 7 */
		"5566778899,Kommun,29101,0,1400\n"                /* 8 */
		"5560360793,Dubblett,29101,0,1488\n"              /* 9: the number of line 2 */
		"5566778899,För få fält,29101\n"                  /* 10 */
		"19121212-1213,Fel i personnummer,43341,0,0180\n" /* 11 */
		"121212-1212,Tolvan,43341,0,0180\n"               /* 12 fine */
		"19121212-1212,Tolvan igen,43341,0,0180\n";       /* 13: the same sole trader */
	assert_int_equal(run(env, &admin, csv, NULL, &res), ERR_INVALID);
	assert_int_equal(res.created, 0);
	assert_int_equal(res.bad_lines, 11 - 1);
	assert_int_equal(res.nerrors, 10);
	static const struct {
		long line;
		const char *starts;
	} want[] = {{3, "orgnr: "}, {4, "orgnr: "}, {5, "name: "}, {6, "sni_code: "}, {7, "size_class: "},
		    {8, "municipality_code: "}, {9, "orgnr: Samma organisationsnummer som på rad 2."},
		    {10, "fält"}, {11, "orgnr: "}, {13, "orgnr: Samma organisationsnummer som på rad 12."}};
	for (size_t i = 0; i < res.nerrors; i++) {
		assert_int_equal(res.errors[i].line, want[i].line);
		if (strncmp(res.errors[i].reason, want[i].starts, strlen(want[i].starts)) != 0 &&
		    strstr(res.errors[i].reason, want[i].starts) == NULL)
			fail_msg("line %ld: %s", res.errors[i].line, res.errors[i].reason);
		/* A sole trader's number (a personnummer) is never echoed. */
		assert_null(strstr(res.errors[i].reason, "1212"));
	}
	assert_string_equal(env->c.err.msg, "Inget importerades: 10 rader har fel.");
	assert_int_equal(employers(env), 0);
	assert_int_equal(audit_count(env), audits);
	/* A line with several faults lists them all. */
	assert_int_equal(run(env, &admin, HEADER "5560360793,,X,7,12\n", NULL, &res), ERR_INVALID);
	assert_non_null(strstr(res.errors[0].reason, "name:"));
	assert_non_null(strstr(res.errors[0].reason, "sni_code:"));
	assert_non_null(strstr(res.errors[0].reason, "size_class:"));
	assert_non_null(strstr(res.errors[0].reason, "municipality_code:"));
	/* Optional columns. */
	assert_int_equal(run(env, &admin, "orgnr,name,sni_code,size_class,municipality_code,postal_code,scb_size_code\n"
					   "5560360793,Volvo,29101,500+,1488,4613,3\n",
			     NULL, &res),
			 ERR_INVALID);
	assert_int_equal(res.errors[0].line, 1);
	assert_non_null(strstr(res.errors[0].reason, "inte båda"));
	assert_int_equal(run(env, &admin, "orgnr,name,sni_code,scb_size_code,municipality_code,postal_code\n"
					   "5560360793,Volvo,29101,17,1488,4613\n",
			     NULL, &res),
			 ERR_INVALID);
	assert_int_equal(res.errors[0].line, 2);
	assert_non_null(strstr(res.errors[0].reason, "scb_size_code:"));
	assert_non_null(strstr(res.errors[0].reason, "postal_code:"));
	assert_int_equal(employers(env), 0);
}

static void test_header(void **state)
{
	struct testenv *env = *state;
	struct employer_import_result res;
	assert_int_equal(run(env, &admin, "orgnr,name,sni_code,size_class,municipality_code,skonummer\n", NULL, &res),
			 ERR_INVALID);
	assert_int_equal(res.nerrors, 1);
	assert_int_equal(res.errors[0].line, 1);
	assert_string_equal(res.errors[0].reason, "Okänd kolumn \"skonummer\".");
	assert_int_equal(run(env, &admin, "orgnr,name,name\n", NULL, &res), ERR_INVALID);
	assert_int_equal(res.nerrors, 4); /* name twice; sni_code, municipality_code, size class missing */
	for (size_t i = 0; i < res.nerrors; i++) assert_int_equal(res.errors[i].line, 1);
	assert_int_equal(run(env, &admin, "", NULL, &res), ERR_INVALID);
	assert_int_equal(res.errors[0].line, 1);
	assert_int_equal(run(env, &admin, HEADER, NULL, &res), ERR_INVALID);
	assert_non_null(strstr(res.errors[0].reason, "inga rader"));
	/* A broken file (an open quote) is reported at its line. */
	assert_int_equal(run(env, &admin, HEADER "5560360793,\"Volvo,29101,500+,1488\n", NULL, &res), ERR_INVALID);
	assert_int_equal(res.errors[0].line, 2);
}

static void note_error(long line, const char *reason, void *arg)
{
	(void)reason;
	long *n = arg;
	assert_int_equal(line, *n + 2);
	(*n)++;
}

/* Past IMPORT_MAX_ERRORS lines, one summary entry; every line is
 * still counted and handed to on_error. */
static void test_error_cap(void **state)
{
	struct testenv *env = *state;
	size_t n = IMPORT_MAX_ERRORS + 5;
	char *csv = malloc(64 + n * 40);
	size_t len = (size_t)sprintf(csv, HEADER);
	for (size_t i = 0; i < n; i++) len += (size_t)sprintf(csv + len, "x,Namn %zu,29101,0,1488\n", i);
	long seen = 0;
	struct employer_import_options o = {.on_error = note_error, .arg = &seen};
	struct employer_import_result res;
	assert_int_equal(run(env, &admin, csv, &o, &res), ERR_INVALID);
	assert_int_equal(seen, (long)n);
	assert_int_equal(res.bad_lines, (int64_t)n);
	assert_int_equal(res.nerrors, IMPORT_MAX_ERRORS + 1);
	assert_int_equal(res.errors[IMPORT_MAX_ERRORS].line, IMPORT_MAX_ERRORS + 2);
	assert_string_equal(res.errors[IMPORT_MAX_ERRORS].reason, "… och 5 fler rader med fel.");
	free(csv);
}

/* A bulk import drops and rebuilds the secondary indexes; a failed one
 * leaves them as they were. */
static void test_bulk(void **state)
{
	struct testenv *env = *state;
	int64_t ix = indexes(env);
	assert_true(ix >= 3); /* of 0003: orgnr (unique), name_key, structure */
	struct employer_import_options o = {.bulk_rows = 2};
	struct employer_import_result res;
	const char *good = HEADER "5560360793,Volvo,29101,500+,1488\n"
				  "8020021120,Ängen,94920,0,1488\n"
				  "2120000142,Stad,84111,500+,1488\n"
				  "121212-1212,Tolvan,43341,0,0180\n";
	char *bad = malloc(strlen(good) + 64);
	sprintf(bad, "%s%s", good, "5566778899,Kommun,29101,0,1400\n");
	assert_int_equal(run(env, &admin, bad, &o, &res), ERR_INVALID);
	assert_int_equal(res.errors[0].line, 6);
	assert_int_equal(employers(env), 0);
	assert_int_equal(indexes(env), ix);
	assert_int_equal(run(env, &admin, good, &o, &res), 0);
	assert_int_equal(res.created, 4);
	assert_int_equal(indexes(env), ix);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM employers WHERE name_key >= 'st' AND name_key < 'su'"), 1);
	assert_string_equal(text(env, "PRAGMA integrity_check", NULL), "ok");

	/* Into a register that has employers: upserts, the orgnr index kept
	 * through the load, the others dropped and built again. */
	const char *more = HEADER "5560360793,Volvo Cars,29101,500+,1488\n"
				  "5560000001,Ny,25620,1-4,1488\n"
				  "5560000019,Nyare,25620,1-4,1488\n";
	assert_int_equal(run(env, &admin, more, &o, &res), 0);
	assert_int_equal(res.created, 2);
	assert_int_equal(res.updated, 1);
	assert_int_equal(employers(env), 6);
	assert_int_equal(indexes(env), ix);
	assert_string_equal(text(env, "SELECT name_key FROM employers WHERE orgnr = :orgnr", "5560360793"), "volvo cars");
	assert_string_equal(text(env, "PRAGMA integrity_check", NULL), "ok");
	free(bad);
}

static void test_roles(void **state)
{
	struct testenv *env = *state;
	struct employer_import_result res;
	assert_int_equal(run(env, &worker, HEADER "5560360793,Volvo,29101,500+,1488\n", NULL, &res), ERR_FORBIDDEN);
	assert_false(employer_import_allowed(&worker));
	assert_true(employer_import_allowed(&admin));
	assert_true(employer_import_allowed(&kansli));
	assert_int_equal(employers(env), 0);
}

/* n generated rows (valid, distinct orgnr), then extra; malloc'ed. */
static char *generated(int64_t n, const char *extra)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(gen_employers_csv(f, n, 7), 0);
	fputs(extra, f);
	fclose(f);
	return buf;
}

static void test_many_batches(void **state)
{
	struct testenv *env = *state;
	int64_t ix = indexes(env);
	struct employer_import_result res;
	char *csv = generated(20000, "");
	assert_int_equal(run(env, &admin, csv, NULL, &res), 0);
	assert_int_equal(res.created, 20000);
	assert_int_equal(employers(env), 20000);
	assert_int_equal(indexes(env), ix);
	assert_string_equal(text(env, "PRAGMA integrity_check", NULL), "ok");
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(DISTINCT orgnr) FROM employers"), 20000);
	int64_t audits = audit_count(env);

	/* Again, with a bad last line: 20 000 updates checked and rolled back. */
	char *bad = generated(20000, "5566778899,Kommun,29101,0,1400\n");
	struct employer_import_options o = {.bulk_rows = 5000};
	assert_int_equal(run(env, &admin, bad, &o, &res), ERR_INVALID);
	assert_int_equal(res.bad_lines, 1);
	assert_int_equal(res.errors[0].line, 20002);
	assert_int_equal(indexes(env), ix);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM employers WHERE updated_at <> created_at"), 0);

	/* The database fails at a row deep in the file: nothing is kept, the
	 * error says so. */
	testdb_exec(env->t.db, "DELETE FROM employers;"
		    "CREATE TRIGGER fail BEFORE INSERT ON employers WHEN NEW.name = 'Haveri AB'"
		    " BEGIN SELECT RAISE(ABORT, 'haveri'); END;");
	char *rows = generated(40000, "");
	char *cut = rows;
	for (int i = 0; i < 15001; i++) cut = strchr(cut, '\n') + 1; /* after the header and 15 000 rows */
	const char haveri[] = "5560360793,Haveri AB,29101,0,1488\n";
	char *more = malloc(strlen(rows) + sizeof haveri);
	sprintf(more, "%.*s%s%s", (int)(cut - rows), rows, haveri, cut);
	assert_int_equal(run(env, &admin, more, NULL, &res), ERR_INTERNAL);
	assert_non_null(strstr(env->c.err.msg, "haveri"));
	assert_int_equal(res.created, 0);
	assert_int_equal(employers(env), 0);
	assert_int_equal(indexes(env), ix);
	assert_int_equal(audit_count(env), audits);
	free(more);
	free(rows);
	free(bad);
	free(csv);
}

/* Row i of a file checked in parts: all rows of one length, orgnr
 * 556nnnnnn + its check digit. */
static void part_row(char *out, int i, const char *municipality)
{
	char orgnr[11];
	for (int d = 0; d < 10; d++) {
		snprintf(orgnr, sizeof orgnr, "556%06d%d", i, d);
		if (luhn_valid(orgnr, 10)) break;
	}
	sprintf(out, "%s,Företag %06d AB,29101,0,%s\n", orgnr, i, municipality);
}

/* HEADER, rows 0..k-1, middle, rows k..2k-1 (row bad_at, when not -1,
 * with an unknown municipality; the last with the orgnr of row 0 when dup),
 * malloc'ed. With the same length on both sides of middle, a cut in two
 * halves is the first line break after the middle of middle. */
static char *split_file(int k, const char *middle, int bad_at, bool dup)
{
	char *buf = malloc(strlen(HEADER) + strlen(middle) + (size_t)(2 * k) * 64 + 1);
	size_t len = (size_t)sprintf(buf, HEADER);
	for (int i = 0; i < 2 * k; i++) {
		if (i == k) len += (size_t)sprintf(buf + len, "%s", middle);
		part_row(buf + len, dup && i == 2 * k - 1 ? 0 : i, i == bad_at ? "1400" : "1488");
		len += strlen(buf + len);
	}
	return buf;
}

/* Options that check the file in exactly two parts (cut after the first
 * line break past the middle of the data). */
static struct employer_import_options two_parts(const char *csv)
{
	return (struct employer_import_options){.part_bytes = (strlen(csv) - strlen(HEADER)) / 2};
}

static void test_parts(void **state)
{
	struct testenv *env = *state;
	int64_t audits = audit_count(env);
	struct employer_import_result res;
	const int k = 300; /* lines 2..301, the middle row on 302–303, then 304..603 */
	/* The middle row's quoted line break comes early in it: the cut is at
	 * the end of the row, which is the last of the first part. */
	const char *late = "5560360793,\"Rad ett\nrad två, med en lång rest som gör raden lång AB\",29101,0,1488\n";
	char *csv = split_file(k, late, -1, false);
	struct employer_import_options o = two_parts(csv);
	assert_int_equal(run(env, &admin, csv, &o, &res), 0);
	assert_int_equal(res.check_threads, 2);
	assert_int_equal(res.rows, 2 * k + 1);
	assert_int_equal(res.created, 2 * k + 1);
	assert_int_equal(employers(env), 2 * k + 1);
	assert_string_equal(text(env, "SELECT name FROM employers WHERE orgnr = :orgnr", "5560360793"),
			    "Rad ett\nrad två, med en lång rest som gör raden lång AB");
	assert_string_equal(text(env, "PRAGMA integrity_check", NULL), "ok");
	assert_int_equal(audit_count(env), audits + 1);
	/* The same file again, into a register that has it: upserts, no change. */
	assert_int_equal(run(env, &admin, csv, &o, &res), 0);
	assert_int_equal(res.check_threads, 2);
	assert_int_equal(res.created, 0);
	assert_int_equal(res.updated, 2 * k + 1);
	free(csv);

	/* A bad line in the second part: checked again in one go and reported
	 * at its line (past the middle row's two lines). */
	testdb_exec(env->t.db, "DELETE FROM employers");
	csv = split_file(k, late, k + 10, false);
	o = two_parts(csv);
	assert_int_equal(run(env, &admin, csv, &o, &res), ERR_INVALID);
	assert_int_equal(res.check_threads, 1);
	assert_int_equal(res.bad_lines, 1);
	assert_int_equal(res.errors[0].line, 1 + k + 2 + 10 + 1);
	assert_non_null(strstr(res.errors[0].reason, "municipality_code: "));
	assert_int_equal(res.created, 0);
	assert_int_equal(employers(env), 0);
	free(csv);

	/* The number of line 2 again on the last line, in the other part. */
	csv = split_file(k, late, -1, true);
	o = two_parts(csv);
	assert_int_equal(run(env, &admin, csv, &o, &res), ERR_INVALID);
	assert_int_equal(res.bad_lines, 1);
	assert_int_equal(res.errors[0].line, 2 * k + 3);
	assert_string_equal(res.errors[0].reason, "orgnr: Samma organisationsnummer som på rad 2.");
	assert_int_equal(employers(env), 0);
	free(csv);

	/* The middle row's quoted line break comes late in it: the cut falls
	 * inside the quoted field, the first part ends in a field never
	 * closed, and the file is checked in one go, right. */
	const char *early = "5560360793,\"En lång första rad i ett citerat namn, som gör raden lång\nAB\",29101,0,1488\n";
	csv = split_file(k, early, -1, false);
	o = two_parts(csv);
	assert_int_equal(run(env, &admin, csv, &o, &res), 0);
	assert_int_equal(res.check_threads, 1);
	assert_int_equal(res.created, 2 * k + 1);
	assert_string_equal(text(env, "SELECT name FROM employers WHERE orgnr = :orgnr", "5560360793"),
			    "En lång första rad i ett citerat namn, som gör raden lång\nAB");
	free(csv);

	/* Through a file (mapped), as the command line reads it: the header
	 * first, then the parts. */
	testdb_exec(env->t.db, "DELETE FROM employers");
	csv = split_file(k, late, -1, false);
	o = two_parts(csv);
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(fputs(csv, f) >= 0, 1);
	rewind(f);
	struct csv_reader *r = csv_open_file(f, NULL);
	assert_int_equal(employer_import(testenv_ctx(env, &admin), r, &o, &res), 0);
	csv_close(r);
	fclose(f);
	assert_int_equal(res.check_threads, 2);
	assert_int_equal(res.created, 2 * k + 1);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(DISTINCT orgnr) FROM employers"), 2 * k + 1);
	free(csv);
}

TEST_MAIN(
	testenv_unit_test(test_good_file),
	testenv_unit_test(test_upsert),
	testenv_unit_test(test_bad_lines),
	testenv_unit_test(test_header),
	testenv_unit_test(test_error_cap),
	testenv_unit_test(test_bulk),
	testenv_unit_test(test_roles),
	testenv_unit_test(test_many_batches),
	testenv_unit_test(test_parts),
)
