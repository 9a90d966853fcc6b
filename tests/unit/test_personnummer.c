/* test_personnummer.c — personnummer and samordningsnummer parsing against
 * the personnummer project's test vectors (tests/data/personnummer) and our
 * own edge cases: century from '+' and from age, 29 February, day + 60,
 * Luhn, formats that must be refused. */
#include "testutil.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "se/personnummer.h"

/* The vectors were written with a fixed "today"; so are our checks. */
#define TODAY 2026, 11, 23

static json_t *load(const char *name)
{
	const char *dir = getenv("SAMSYN_TESTDATA");
	char path[512];
	snprintf(path, sizeof path, "%s/personnummer/%s", dir ? dir : "tests/data", name);
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je);
	if (!j) fail_msg("cannot read %s: %s", path, je.text);
	return j;
}

static void test_vectors(void **state)
{
	(void)state;
	json_t *list = load("list.json");
	size_t i;
	json_t *v;
	int checked = 0;
	json_array_foreach(list, i, v) {
		const char *lng = json_string_value(json_object_get(v, "long_format"));
		bool valid = json_is_true(json_object_get(v, "valid"));
		bool male = json_is_true(json_object_get(v, "isMale"));
		bool coord = strcmp(json_string_value(json_object_get(v, "type")), "con") == 0;
		const char *forms[] = {"long_format", "separated_long", "separated_format", "short_format"};
		for (int f = 0; f < 4; f++) {
			const char *s = json_string_value(json_object_get(v, forms[f]));
			struct pnr p;
			int rc = pnr_parse_at(s, TODAY, &p);
			if (!valid) {
				if (rc == PNR_OK) fail_msg("%s (%s) accepted but is invalid", s, forms[f]);
				continue;
			}
			if (rc != PNR_OK) fail_msg("%s (%s) refused: %d", s, forms[f], rc);
			assert_int_equal(p.sex, male ? PNR_MALE : PNR_FEMALE);
			assert_int_equal(p.coordination, coord);
			/* Bare 10 digits mean "under 100 years old": for a person over 100
			 * only the century differs from the long form. */
			if (f < 3)
				assert_string_equal(p.normalized, lng);
			else
				assert_string_equal(p.normalized + 2, lng + 2);
			checked++;
		}
	}
	assert_true(checked >= 30);
	json_decref(list);
}

/* No entry of the test-data file parses, in any of the named forms. */
static void assert_all_refused(const char *file, const char *const *forms)
{
	json_t *list = load(file);
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		for (size_t k = 0; forms[k]; k++) {
			struct pnr p;
			if (pnr_parse_at(json_string_value(json_object_get(v, forms[k])), TODAY, &p) == PNR_OK)
				fail_msg("%s[%zu].%s accepted", file, i, forms[k]);
		}
	}
	json_decref(list);
}

static void test_interim_refused(void **state)
{
	(void)state;
	assert_all_refused("interim.json", (const char *const[]){"long_format", "separated_format", NULL});
}

static void test_orgnumbers_are_not_personnummer(void **state)
{
	(void)state;
	assert_all_refused("orgnumber.json", (const char *const[]){"short_format", NULL});
}

static void test_century(void **state)
{
	(void)state;
	struct pnr p;
	/* 121212-1212: under 100 → 2012; with '+' → 1912. */
	assert_int_equal(pnr_parse_at("121212-1212", TODAY, &p), PNR_OK);
	assert_string_equal(p.normalized, "201212121212");
	assert_int_equal(pnr_parse_at("121212+1212", TODAY, &p), PNR_OK);
	assert_string_equal(p.normalized, "191212121212");
	/* 10 digits, no separator: like '-'. */
	assert_int_equal(pnr_parse_at("1212121212", TODAY, &p), PNR_OK);
	assert_string_equal(p.normalized, "201212121212");
	/* A birthday later this year than today is last century's (99 years old). */
	assert_int_equal(pnr_parse_at("261224-0016", TODAY, &p), PNR_OK);
	assert_int_equal(p.year, 1926);
	assert_int_equal(pnr_parse_at("261224+0016", TODAY, &p), PNR_EOLD); /* 1826: past 150 years */
	/* 12 digits say the century themselves. */
	assert_int_equal(pnr_parse_at("19121212-1212", TODAY, &p), PNR_OK);
	assert_int_equal(p.year, 1912);
	assert_int_equal(p.month, 12);
	assert_int_equal(p.day, 12);
	/* Born in the future: refused. */
	assert_int_equal(pnr_parse_at("20301212-1210", TODAY, &p), PNR_EFUTURE);
}

static void test_leap_day(void **state)
{
	(void)state;
	struct pnr p;
	assert_int_equal(pnr_parse_at("20000229-2399", TODAY, &p), PNR_OK); /* 2000 is a leap year */
	assert_int_equal(p.day, 29);
	/* 1900 was not: 19000229 is no date, whatever the check digit. */
	for (char c = '0'; c <= '9'; c++) {
		char s[] = "19000229-239X";
		s[12] = c;
		assert_int_equal(pnr_parse_at(s, TODAY, &p), PNR_EDATE);
	}
	/* 2023-02-29 does not exist either. */
	for (char c = '0'; c <= '9'; c++) {
		char s[] = "20230229-239X";
		s[12] = c;
		assert_int_equal(pnr_parse_at(s, TODAY, &p), PNR_EDATE);
	}
}

static void test_coordination(void **state)
{
	(void)state;
	struct pnr p;
	assert_int_equal(pnr_parse_at("197302889931", TODAY, &p), PNR_OK); /* day 88 = 28 + 60 */
	assert_true(p.coordination);
	assert_int_equal(p.day, 28);
	assert_string_equal(p.normalized, "197302889931");
	/* Day 92 = 32: no such day. */
	assert_int_not_equal(pnr_parse_at("730292-9931", TODAY, &p), PNR_OK);
}

static void test_luhn_and_sex(void **state)
{
	(void)state;
	struct pnr p;
	assert_int_equal(pnr_parse_at("811218-9876", TODAY, &p), PNR_OK);
	assert_int_equal(p.sex, PNR_MALE); /* 7 is odd */
	assert_int_equal(pnr_parse_at("811218-9877", TODAY, &p), PNR_ECHECKSUM);
	assert_true(luhn_valid("8112189876", 10));
	assert_false(luhn_valid("8112189875", 10));
}

static void test_formats_refused(void **state)
{
	(void)state;
	struct pnr p;
	const char *bad[] = {"", "12121212", "121212-12121", "1212121-212", "12121212-1212-", "121212--1212",
			     "121212 1212", "19121212+-1212", "abcdefghijkl", "121212_1212", "20121212121212",
			     "121212+121", "+1212121212", NULL};
	for (int i = 0; bad[i]; i++)
		if (pnr_parse_at(bad[i], TODAY, &p) != PNR_EFORMAT) fail_msg("'%s' not refused as a format error", bad[i]);
	assert_int_equal(pnr_parse_at(NULL, TODAY, &p), PNR_EFORMAT);
	assert_int_equal(pnr_parse_at("150916-0006", TODAY, &p), PNR_ESERIAL); /* birth number 000 */
	/* Surrounding spaces are forgiven. */
	assert_int_equal(pnr_parse_at("  121212-1212 ", TODAY, &p), PNR_OK);
	assert_true(strlen(pnr_error_text(PNR_EFORMAT)) > 0);
}

/* Each way a number can be wrong gets its own reason, which says what is
 * wrong (not "write it with 10 digits" for a number that has them). */
static void test_reason_tells_the_fault(void **state)
{
	(void)state;
	struct pnr p;
	static const struct {
		const char *number;
		int error;
		const char *says;
	} cases[] = {
		{"19991332-1234", PNR_EDATE, "födelsedatum finns inte"},   /* month 13 */
		{"20230229-2390", PNR_EDATE, "födelsedatum finns inte"},   /* no 29 February in 2023 */
		{"20301212-1210", PNR_EFUTURE, "i framtiden"},
		{"18200101-1234", PNR_EOLD, "150 år"},
		{"811218-9877", PNR_ECHECKSUM, "kontrollsiffra"},
		{"150916-0006", PNR_ESERIAL, "000"},
		{"12345", PNR_EFORMAT, "ÅÅÅÅMMDD-NNNN"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = pnr_parse_at(cases[i].number, TODAY, &p);
		if (rc != cases[i].error) fail_msg("%s: error %d, expected %d", cases[i].number, rc, cases[i].error);
		const char *text = pnr_error_text(rc);
		if (!strstr(text, cases[i].says)) fail_msg("%s: \"%s\" does not say \"%s\"", cases[i].number, text, cases[i].says);
		if (text[strlen(text) - 1] != '.') fail_msg("\"%s\" is not a sentence", text);
	}
	/* No two errors share a reason. */
	for (int a = PNR_EFORMAT; a <= PNR_ESERIAL; a++)
		for (int b = a + 1; b <= PNR_ESERIAL; b++) assert_string_not_equal(pnr_error_text(a), pnr_error_text(b));
}

TEST_MAIN(
	cmocka_unit_test(test_vectors),
	cmocka_unit_test(test_interim_refused),
	cmocka_unit_test(test_orgnumbers_are_not_personnummer),
	cmocka_unit_test(test_century),
	cmocka_unit_test(test_leap_day),
	cmocka_unit_test(test_coordination),
	cmocka_unit_test(test_luhn_and_sex),
	cmocka_unit_test(test_formats_refused),
	cmocka_unit_test(test_reason_tells_the_fault),
)
