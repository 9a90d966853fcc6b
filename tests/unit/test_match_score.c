/* test_match_score.c — matching's scoring (src/domain/matching/score.c)
 * with hand-made cases: the SSYK hierarchy (same unit > minor > submajor >
 * major group > none), the municipality (home > listed > neighbouring >
 * none, Vänersborg 1487 and Trollhättan 1488 being neighbours), kind (a job
 * track counts as employment), the period, and the hard requirements: one
 * failing makes hard_met false, with the failing factor met=false, however
 * high the score. And that the candidates statement's reach (:m0 …,
 * MATCH_REACH_MAX neighbours) holds every kommun's neighbours. */
#include "testutil.h"
#include "domain/matching/match.h"
#include "domain/matching/score.h"
#include "se/kommun.h"
#include <stdio.h>

static const int W[MATCH_WEIGHTS] = {40, 30, 20, 10};
static const char TODAY[] = "2030-03-01";

static struct arena A;

static const struct match_reason *reason(const struct match_result *r, const char *factor)
{
	for (size_t i = 0; i < r->nreasons; i++)
		if (strcmp(r->reasons[i].factor, factor) == 0) return &r->reasons[i];
	return NULL;
}

static struct match_result score(const struct match_person *p, const struct match_place *o)
{
	struct match_result r;
	match_score(&A, p, o, W, TODAY, &r);
	return r;
}

static void test_ssyk_hierarchy(void **state)
{
	(void)state;
	struct match_place o = {.kind = "praktik", .ssyk_code = "5120", .municipality_code = "0180"};
	const char *cases[][2] = {{"5120", "4"}, {"5129", "3"}, {"5131", "2"}, {"5311", "1"}, {"9111", "0"}};
	int last = 1000;
	for (size_t i = 0; i < 5; i++) {
		const char *occ[] = {cases[i][0]};
		struct match_person p = {.occupations = occ, .noccupations = 1};
		struct match_result r = score(&p, &o);
		assert_int_equal(r.occupation_level, cases[i][1][0] - '0');
		assert_true(r.score < last); /* each level below scores less */
		last = r.score;
		const struct match_reason *m = reason(&r, "occupation");
		assert_non_null(m);
		assert_int_equal(m->met, r.occupation_level > 0);
	}
	/* The best over her occupations counts. */
	const char *occ[] = {"9111", "5129", "5120"};
	struct match_person p = {.occupations = occ, .noccupations = 3};
	struct match_result r = score(&p, &o);
	assert_int_equal(r.occupation_level, 4);
	assert_string_equal(reason(&r, "occupation")->detail, "Samma yrke (5120 Kockar och kallskänkor)");
	const char *minor[] = {"5129"};
	p = (struct match_person){.occupations = minor, .noccupations = 1};
	r = score(&p, &o);
	assert_string_equal(reason(&r, "occupation")->detail, "Samma yrkesgrupp 512 (Kockar och kallskänkor)");
	/* Weights: unit 40, minor 30, submajor 20, major 10 of occupation's 40;
	 * the period (open now) adds 10. */
	assert_int_equal(r.score, 30 + 10);
}

static void test_municipality(void **state)
{
	(void)state;
	const char *listed[] = {"1487"};
	struct match_person p = {.home_municipality = "1488", .municipalities = listed, .nmunicipalities = 1};
	struct match_place o = {.kind = "praktik", .ssyk_code = "5120", .municipality_code = "1488"};
	struct match_result home = score(&p, &o);
	assert_int_equal(home.municipality_level, 3);
	o.municipality_code = "1487";
	struct match_result list = score(&p, &o);
	assert_int_equal(list.municipality_level, 2);
	/* A neighbour of one she listed: she lives in Stockholm, lists Vänersborg, the place is in Trollhättan. */
	struct match_person q = {.home_municipality = "0180", .municipalities = listed, .nmunicipalities = 1};
	o.municipality_code = "1488";
	struct match_result near = score(&q, &o);
	assert_int_equal(near.municipality_level, 1);
	assert_string_equal(reason(&near, "municipality")->detail, "Trollhättan är grannkommun till Vänersborg");
	assert_true(reason(&near, "municipality")->met);
	o.municipality_code = "2580"; /* Luleå: none */
	struct match_result far = score(&q, &o);
	assert_int_equal(far.municipality_level, 0);
	assert_false(reason(&far, "municipality")->met);
	assert_true(home.score > list.score && list.score > near.score && near.score > far.score);
	assert_int_equal(home.score - far.score, 30);
}

static void test_kind_and_period(void **state)
{
	(void)state;
	const char *open_to[] = {"employment"};
	struct match_person p = {.open_to = open_to, .nopen_to = 1};
	struct match_place o = {.kind = "job_track", .ssyk_code = "5120", .municipality_code = "1488"};
	struct match_result r = score(&p, &o);
	assert_true(reason(&r, "kind")->met); /* a job track counts as employment */
	o.kind = "praktik";
	r = score(&p, &o);
	assert_false(reason(&r, "kind")->met);
	assert_true(reason(&r, "period")->met);
	o.end_date = "2030-02-28";
	r = score(&p, &o);
	assert_false(reason(&r, "period")->met);
	o.end_date = NULL;
	o.start_date = "2030-05-30"; /* 90 days after 2030-03-01 */
	assert_true(reason((r = score(&p, &o), &r), "period")->met);
	o.start_date = "2030-05-31";
	assert_false(reason((r = score(&p, &o), &r), "period")->met);
}

static void test_hard_requirements(void **state)
{
	(void)state;
	const char *occ[] = {"5120"}, *certs[] = {"hygienkurs"}, *open_to[] = {"praktik"};
	struct match_person p = {.home_municipality = "1488", .occupations = occ, .noccupations = 1, .driving_licence = true,
				 .upper_secondary = false, .swedish_level = "good", .certificates = certs, .ncertificates = 1,
				 .open_to = open_to, .nopen_to = 1};
	struct match_place o = {.kind = "praktik", .ssyk_code = "5120", .municipality_code = "1488",
				.req_driving_licence = true, .req_swedish_level = "good", .req_certificate = "Hygienkurs"};
	struct match_result best = score(&p, &o);
	assert_true(best.hard_met);
	assert_int_equal(best.score, 100);
	assert_true(reason(&best, "certificate")->met); /* case aside */
	assert_null(reason(&best, "upper_secondary")); /* not required: not stated */
	/* Each requirement failing in turn: hard_met false, that factor met=false. */
	o.req_upper_secondary = true;
	struct match_result r = score(&p, &o);
	assert_false(r.hard_met);
	assert_false(reason(&r, "upper_secondary")->met);
	assert_int_equal(r.score, 100); /* the score stays: the rank falls by hard_met */
	o.req_upper_secondary = false;
	o.req_swedish_level = "fluent";
	r = score(&p, &o);
	assert_false(r.hard_met);
	assert_false(reason(&r, "swedish_level")->met);
	p.swedish_level = NULL; /* not assessed fails even "none" */
	o.req_swedish_level = "none";
	r = score(&p, &o);
	assert_false(r.hard_met);
	p.swedish_level = "none";
	assert_true((r = score(&p, &o), r.hard_met));
	p.driving_licence = false;
	r = score(&p, &o);
	assert_false(r.hard_met);
	assert_false(reason(&r, "driving_licence")->met);
	p.driving_licence = true;
	o.req_certificate = "Truckkort";
	r = score(&p, &o);
	assert_false(r.hard_met);
	assert_string_equal(reason(&r, "certificate")->detail, "Saknar Truckkort");
	/* A weaker match meeting every requirement ranks above: the sort key is
	 * hard_met first, so a failing 100 is below a meeting 10. */
	struct match_person weak = {.swedish_level = "fluent", .driving_licence = true, .certificates = (const char *[]){"Truckkort"},
				    .ncertificates = 1};
	struct match_result w = score(&weak, &o);
	assert_true(w.hard_met);
	assert_true(w.score < r.score);
}

static void test_swedish_rank(void **state)
{
	(void)state;
	assert_int_equal(match_swedish_rank(NULL), 0);
	assert_int_equal(match_swedish_rank("none"), 1);
	assert_int_equal(match_swedish_rank("fluent"), 4);
	assert_int_equal(match_swedish_rank("x"), 0);
	assert_string_equal(match_wanted_kind("job_track"), "employment");
	assert_string_equal(match_wanted_kind("apl"), "apl");
}

static void test_reach_holds_every_neighbour(void **state)
{
	(void)state;
	size_t most = 0, kommuner = 0;
	for (int i = 0; i < 10000; i++) {
		char code[5];
		snprintf(code, sizeof code, "%04d", i);
		if (!kommun_name(code)) continue;
		kommuner++;
		size_t n = kommun_neighbour_codes(code, NULL, 0);
		if (n > most) most = n;
	}
	assert_int_equal(kommuner, 290);
	assert_true(most >= 1);
	assert_true(most <= MATCH_REACH_MAX);
}

static int setup(void **state)
{
	(void)state;
	arena_init(&A, 4096);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

TEST_MAIN(
	cmocka_unit_test_setup_teardown(test_ssyk_hierarchy, setup, teardown),
	cmocka_unit_test_setup_teardown(test_municipality, setup, teardown),
	cmocka_unit_test_setup_teardown(test_kind_and_period, setup, teardown),
	cmocka_unit_test_setup_teardown(test_hard_requirements, setup, teardown),
	cmocka_unit_test_setup_teardown(test_swedish_rank, setup, teardown),
	cmocka_unit_test(test_reach_holds_every_neighbour),
)
