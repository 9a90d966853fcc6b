/* test_orgnr.c — organisationsnummer parsing (se/orgnr.c) against the
 * personnummer project's organisation number vectors and our own cases:
 * separators, the 12-digit "16" form, group digit, third digit, Luhn, and
 * sole traders whose number is the owner's personnummer. */
#include "testutil.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "se/orgnr.h"

#define TODAY 2026, 11, 23

static void test_vectors(void **state)
{
	(void)state;
	const char *dir = getenv("SAMSYN_TESTDATA");
	char path[512];
	snprintf(path, sizeof path, "%s/personnummer/orgnumber.json", dir ? dir : "tests/data");
	json_error_t je;
	json_t *list = json_load_file(path, 0, &je);
	if (!list) fail_msg("cannot read %s: %s", path, je.text);
	size_t i;
	json_t *v;
	int checked = 0;
	json_array_foreach(list, i, v) {
		/* "valid": false there means "not a valid personnummer"; every
		 * entry is a valid organisationsnummer (type "org"). */
		assert_string_equal(json_string_value(json_object_get(v, "type")), "org");
		const char *shrt = json_string_value(json_object_get(v, "short_format"));
		const char *sep = json_string_value(json_object_get(v, "separated_format"));
		char twelve[16];
		snprintf(twelve, sizeof twelve, "16%s", shrt);
		const char *forms[] = {shrt, sep, twelve};
		for (int f = 0; f < 3; f++) {
			struct orgnr o;
			int rc = orgnr_parse_at(forms[f], TODAY, &o);
			if (rc != ORGNR_OK) fail_msg("%s refused: %s", forms[f], orgnr_error_text(rc));
			assert_string_equal(o.normalized, shrt);
			assert_int_equal(o.type, ORGNR_LEGAL_PERSON);
			assert_int_equal(o.group, shrt[0] - '0');
			checked++;
		}
		/* One digit changed: the check digit no longer fits. */
		char bad[16];
		snprintf(bad, sizeof bad, "%s", shrt);
		bad[9] = (char)('0' + (bad[9] - '0' + 1) % 10);
		struct orgnr o;
		assert_int_equal(orgnr_parse_at(bad, TODAY, &o), ORGNR_ECHECKSUM);
	}
	assert_int_equal(checked, 18);
	json_decref(list);
}

static void test_legal_persons(void **state)
{
	(void)state;
	struct orgnr o;
	assert_int_equal(orgnr_parse_at("556036-0793", TODAY, &o), ORGNR_OK);
	assert_string_equal(o.normalized, "5560360793");
	assert_int_equal(o.type, ORGNR_LEGAL_PERSON);
	assert_int_equal(o.group, 5);
	assert_string_equal(orgnr_group_text(o.group), "Aktiebolag");
	assert_int_equal(orgnr_parse_at("5560360793", TODAY, &o), ORGNR_OK);
	assert_int_equal(orgnr_parse_at("16556036-0793", TODAY, &o), ORGNR_OK);
	assert_string_equal(o.normalized, "5560360793");
	assert_int_equal(orgnr_parse_at("165560360793", TODAY, &o), ORGNR_OK);
	assert_string_equal(o.normalized, "5560360793");
	assert_int_equal(orgnr_parse_at(" 212000-0142  ", TODAY, &o), ORGNR_OK); /* Stockholms stad */
	assert_string_equal(o.normalized, "2120000142");
	assert_int_equal(o.group, 2);
	assert_int_equal(orgnr_parse_at("212000-1355", TODAY, &o), ORGNR_OK); /* Göteborgs stad */
	/* Every group digit 1–9 is accepted; 4 has no documented meaning. */
	assert_int_equal(orgnr_parse_at("112000-0003", TODAY, &o), ORGNR_OK);
	assert_int_equal(o.group, 1);
	assert_string_equal(orgnr_group_text(1), "Dödsbon");
	assert_int_equal(orgnr_parse_at("452000-0003", TODAY, &o), ORGNR_OK);
	assert_int_equal(o.group, 4);
	assert_null(orgnr_group_text(4));
	assert_int_equal(orgnr_parse_at("992000-0008", TODAY, &o), ORGNR_OK);
	assert_string_equal(orgnr_group_text(9), "Handelsbolag och kommanditbolag");
	assert_int_equal(orgnr_parse_at("599999-9997", TODAY, &o), ORGNR_OK);
	for (int g = 1; g <= 9; g++)
		if (g != 4) assert_non_null(orgnr_group_text(g));
	assert_null(orgnr_group_text(0));
	assert_null(orgnr_group_text(10));
}

static void test_legal_refused(void **state)
{
	(void)state;
	struct orgnr o;
	strcpy(o.normalized, "untouched");
	assert_int_equal(orgnr_parse_at("556036-0794", TODAY, &o), ORGNR_ECHECKSUM);
	assert_int_equal(orgnr_parse_at("16556036-0794", TODAY, &o), ORGNR_ECHECKSUM);
	/* Group digit 0 (Luhn-valid, third digit 2). */
	assert_int_equal(orgnr_parse_at("052000-0001", TODAY, &o), ORGNR_EGROUP);
	assert_int_equal(orgnr_parse_at("002000-0006", TODAY, &o), ORGNR_EGROUP);
	/* "16" + a number that is not a legal person's. */
	assert_int_equal(orgnr_parse_at("16121212-1212", TODAY, &o), ORGNR_ELEGAL);
	assert_int_equal(orgnr_parse_at("161212121212", TODAY, &o), ORGNR_ELEGAL);
	/* A century prefix belongs to personnummer only. */
	assert_int_equal(orgnr_parse_at("19556036-0793", TODAY, &o), ORGNR_EFORMAT);
	assert_int_equal(orgnr_parse_at("205560360793", TODAY, &o), ORGNR_EFORMAT);
	/* '+' is for personnummer of people aged 100+, never for legal persons. */
	assert_int_equal(orgnr_parse_at("556036+0793", TODAY, &o), ORGNR_EFORMAT);
	assert_string_equal(o.normalized, "untouched");
	for (int e = ORGNR_EFORMAT; e <= ORGNR_EDATE; e++) assert_true(strlen(orgnr_error_text(e)) > 10);
	assert_string_equal(orgnr_error_text(ORGNR_OK), "");
}

static void test_formats_refused(void **state)
{
	(void)state;
	struct orgnr o;
	const char *bad[] = {"", " ", "556036 0793", "556036--0793", "5560360793-", "-5560360793", "55603607931",
			     "556036079", "556036-07930", "5560-360793", "55603-60793", "abcdefghij", "556036_0793",
			     "SE556036079301", "5560360793x", "1655603607930", "16556036079", "1655-60360793",
			     "556036-0793\n", NULL};
	for (int i = 0; bad[i]; i++)
		if (orgnr_parse_at(bad[i], TODAY, &o) != ORGNR_EFORMAT) fail_msg("'%s' not refused as a format error", bad[i]);
	assert_int_equal(orgnr_parse_at(NULL, TODAY, &o), ORGNR_EFORMAT);
}

static void test_sole_traders(void **state)
{
	(void)state;
	struct orgnr o;
	const char *forms[] = {"121212-1212", "1212121212", "20121212-1212", "201212121212", NULL};
	for (int i = 0; forms[i]; i++) {
		assert_int_equal(orgnr_parse_at(forms[i], TODAY, &o), ORGNR_OK);
		assert_string_equal(o.normalized, "1212121212");
		assert_int_equal(o.type, ORGNR_SOLE_TRADER);
		assert_int_equal(o.group, 0);
	}
	/* Aged 100 or more: '+' or the 12-digit form; stored as 10 digits too. */
	assert_int_equal(orgnr_parse_at("121212+1212", TODAY, &o), ORGNR_OK);
	assert_string_equal(o.normalized, "1212121212");
	assert_int_equal(orgnr_parse_at("19121212-1212", TODAY, &o), ORGNR_OK);
	assert_int_equal(o.type, ORGNR_SOLE_TRADER);
	/* A samordningsnummer (day + 60) is accepted as well. */
	assert_int_equal(orgnr_parse_at("197302889931", TODAY, &o), ORGNR_OK);
	assert_string_equal(o.normalized, "7302889931");
	assert_int_equal(o.type, ORGNR_SOLE_TRADER);
	/* Refused as personnummer: check digit, date (month 13), future, 12-digit prefix. */
	assert_int_equal(orgnr_parse_at("121212-1213", TODAY, &o), ORGNR_ECHECKSUM);
	assert_int_equal(orgnr_parse_at("121312-1211", TODAY, &o), ORGNR_EDATE);
	assert_int_equal(orgnr_parse_at("20301212-1210", TODAY, &o), ORGNR_EDATE);
	assert_int_equal(orgnr_parse_at("17121212-1212", TODAY, &o), ORGNR_EFORMAT);
	assert_int_equal(orgnr_parse_at("150916-0006", TODAY, &o), ORGNR_EFORMAT); /* birth number 000 */
	/* orgnr_parse uses today's date: a clearly past birth date parses. */
	assert_int_equal(orgnr_parse("19800101-0002", &o), orgnr_parse_at("19800101-0002", TODAY, &o));
	assert_int_equal(orgnr_parse("556036-0793", &o), ORGNR_OK);
}

TEST_MAIN(
	cmocka_unit_test(test_vectors),
	cmocka_unit_test(test_legal_persons),
	cmocka_unit_test(test_legal_refused),
	cmocka_unit_test(test_formats_refused),
	cmocka_unit_test(test_sole_traders),
)
