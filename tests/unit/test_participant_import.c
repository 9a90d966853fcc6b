/* test_participant_import.c — the participant import's line rules on a real
 * migrated database: a line reports every fault it has (its participant's
 * and its enrolment's together, each unknown code by name), and the
 * Swedish labels of the code lists, target groups and municipalities are
 * read as their codes. */
#include "testutil.h"
#include "domain/participant_import.h"

static const struct actor admin = TESTDB_ADMIN;

static int setup(void **state)
{
	testenv_setup_fixture(state, "2025-03-15", TESTDB_ORGS_SQL TESTDB_USERS_SQL TESTDB_STEGET_SQL);
	return 0;
}

static int run(struct testenv *env, const char *csv, struct import_result *res)
{
	struct ctx *c = testenv_ctx(env, &admin);
	struct csv_reader *r = csv_open_mem(csv, strlen(csv), NULL);
	int rc = participant_import(c, r, res);
	csv_close(r);
	for (size_t i = 0; rc && i < res->nerrors && i < 20; i++) /* shown when an assertion fails */
		fprintf(stderr, "  line %ld: %s\n", res->errors[i].line, res->errors[i].reason);
	return rc;
}

#define HEADER                                                                                                   \
	"personnummer,first_name,last_name,municipality_code,target_groups,intervention_id,start_date,end_date,"  \
	"occupation_before,education_level,support_time\n"

/* The line of the issue: a bad municipality, an unknown target group, an
 * end before the start and three unknown codes: six faults, one reason. */
static void test_every_fault_of_a_line(void **state)
{
	struct testenv *env = *state;
	struct import_result res;
	const char *csv = HEADER "19900101-0017,Eva,Ek,9999,Z,100,2024-05-01,2024-04-01,jobbar,kanske,länge\n";
	assert_int_equal(run(env, csv, &res), ERR_INVALID);
	assert_int_equal(res.bad_lines, 1);
	assert_int_equal(res.nerrors, 1);
	assert_int_equal(res.errors[0].line, 2);
	const char *r = res.errors[0].reason;
	const char *expected[] = {
		"municipality_code \"9999\": ",
		"target_groups \"Z\": Okänd eller inaktiv målgrupp.",
		"end_date: Slutdatumet får inte vara före startdatumet.",
		"occupation_before \"jobbar\": Okänd eller inaktiv kod.",
		"education_level \"kanske\": Okänd eller inaktiv kod.",
		"support_time \"länge\": Okänd eller inaktiv kod.",
	};
	for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
		if (!strstr(r, expected[i])) fail_msg("\"%s\" missing from: %s", expected[i], r);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM participants"), 0);
}

/* A participant that is refused does not hide the faults of her enrolment,
 * and the personnummer is never written into the reason. */
static void test_refused_participant_and_enrolment_together(void **state)
{
	struct testenv *env = *state;
	struct import_result res;
	const char *csv = HEADER "19900101-0018,,Ek,,,100,2021-12-01,,,,\n"            /* check digit, no first name, before the intervention */
			  ",Utan,Nummer,1488,,999,2024-01-01,,,,\n"                      /* no personnummer, no such intervention */
			  "19900101-0017,Eva,Ek,1488,A,abc,2024-01-01,,sjuk,,\n";        /* not an id; an unknown code */
	assert_int_equal(run(env, csv, &res), ERR_INVALID);
	assert_int_equal(res.bad_lines, 3);
	const char *r = res.errors[0].reason;
	assert_non_null(strstr(r, "personnummer: Personnumrets kontrollsiffra"));
	assert_non_null(strstr(r, "first_name: "));
	assert_non_null(strstr(r, "start_date: Insatsen börjar 2022-01-01"));
	assert_null(strstr(r, "0018"));
	r = res.errors[1].reason;
	assert_non_null(strstr(r, "personnummer: Ange personnummer, eller anonymous = ja"));
	assert_null(strstr(strstr(r, "anonymous = ja") + 1, "personnummer:")); /* said once */
	assert_non_null(strstr(r, "intervention_id: Insatsen finns inte."));
	r = res.errors[2].reason;
	assert_non_null(strstr(r, "intervention_id: Ska vara insatsens id"));
	assert_non_null(strstr(r, "occupation_before \"sjuk\": Okänd eller inaktiv kod."));
}

/* The Swedish labels are read as the codes they label. */
static void test_labels_are_read_as_codes(void **state)
{
	struct testenv *env = *state;
	struct import_result res;
	const char *csv = HEADER "19900101-0017,Eva,Ek,Trollhättan,Målgrupp A|B,100,2024-01-01,,Aktivt arbetssökande,"
				 "Förgymnasial 9 (10) år,mindre än 1 år\n";
	assert_int_equal(run(env, csv, &res), 0);
	assert_int_equal(res.created, 1);
	assert_int_equal(res.enrolments, 1);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM participants WHERE municipality_code = '1488'"), 1);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM participant_target_groups WHERE code IN ('A', 'B')"), 2);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM enrolments WHERE occupation_before = 'job_seeking'"
					       " AND education_level = 'primary' AND support_time = 'lt_1y'"),
			 1);
}

TEST_MAIN(
	fixture_unit_test(test_every_fault_of_a_line),
	fixture_unit_test(test_refused_participant_and_enrolment_together),
	fixture_unit_test(test_labels_are_read_as_codes),
)
