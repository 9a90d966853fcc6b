/* test_placement.c — the pure rules of placements (domain/matching/
 * placement.c): which step may follow which (every pair of states), the
 * results of an ended placement, and the Swedish words of a place's kind
 * that contact notes use. */
#include "testutil.h"
#include "domain/matching/placement.h"

static void test_transitions(void **state)
{
	(void)state;
	static const char *const states[] = {"proposed", "accepted", "declined", "started", "ended"};
	/* The allowed steps; every other pair is refused with a reason. */
	static const char *const allowed[][2] = {
		{"proposed", "accepted"}, {"proposed", "declined"}, {"accepted", "started"}, {"started", "ended"},
	};
	for (size_t i = 0; i < 5; i++) {
		for (size_t j = 0; j < 5; j++) {
			bool ok = false;
			for (size_t k = 0; k < 4; k++)
				ok |= strcmp(allowed[k][0], states[i]) == 0 && strcmp(allowed[k][1], states[j]) == 0;
			const char *why = placement_transition_error(states[i], states[j]);
			if (ok && why) fail_msg("%s → %s refused: %s", states[i], states[j], why);
			if (!ok && (!why || strlen(why) < 10)) fail_msg("%s → %s allowed or without a reason", states[i], states[j]);
		}
	}
	assert_non_null(placement_transition_error("proposed", "paused"));
	assert_non_null(placement_transition_error("proposed", ""));
	assert_string_equal(placement_transition_error("accepted", "ended"),
			    "Placeringen kan avslutas först när den har börjat.");
	assert_string_equal(placement_transition_error("ended", "started"), "Placeringen är redan avslutad.");
}

static void test_results_and_kinds(void **state)
{
	(void)state;
	const char *known[] = {"employment", "studies", "completed", "ended_early"};
	for (size_t i = 0; i < 4; i++) assert_true(placement_result_known(known[i]));
	assert_false(placement_result_known(NULL));
	assert_false(placement_result_known("work"));
	assert_false(placement_result_known(""));
	assert_string_equal(placement_kind_label("praktik"), "praktik");
	assert_string_equal(placement_kind_label("arbetstraning"), "arbetsträning");
	assert_string_equal(placement_kind_label("wage_subsidy"), "anställning med lönestöd");
	assert_string_equal(placement_kind_label("job_track"), "jobbspår");
	assert_string_equal(placement_kind_label("okänd"), "okänd"); /* a code without words: itself */
}

TEST_MAIN(
	cmocka_unit_test(test_transitions),
	cmocka_unit_test(test_results_and_kinds),
)
