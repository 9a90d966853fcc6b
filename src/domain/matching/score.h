/* score.h — matching's scoring as a pure function (docs/matching.md
 * "Matching"): one participant's work profile against one open place →
 * the score, whether every hard requirement is met, and the reasons,
 * factor by factor, in Swedish. No store, no clock: today is an input. The
 * ranking itself is one SQL statement (match.c) that computes the same
 * levels and score; this builds the explanation of its top rows, and the
 * unit tests (tests/unit/test_match_score.c) pin the rules. */
#ifndef SAMSYN_MATCHING_SCORE_H
#define SAMSYN_MATCHING_SCORE_H
#include "../../base/arena.h"
#include "../settings.h"
#include <stdbool.h>
#include <stddef.h>

/* A place is "in its period" when it has not ended and starts within this
 * many days of today (or has started). */
#define MATCH_PERIOD_DAYS 90

/* What of the participant matching compares (never her limitations). */
struct match_person {
	const char *home_municipality; /* participants.municipality_code; NULL when unknown */
	const char *const *occupations; /* SSYK unit codes */
	size_t noccupations;
	const char *const *municipalities; /* the ones she listed */
	size_t nmunicipalities;
	bool driving_licence, upper_secondary;
	const char *swedish_level; /* none basic good fluent; NULL not assessed */
	const char *const *certificates;
	size_t ncertificates;
	const char *const *open_to; /* praktik arbetstraning apl wage_subsidy employment */
	size_t nopen_to;
};

struct match_place {
	const char *kind, *ssyk_code, *municipality_code;
	const char *start_date, *end_date; /* NULL: open */
	bool req_driving_licence, req_upper_secondary;
	const char *req_swedish_level; /* NULL: no requirement */
	const char *req_certificate;   /* NULL: none */
};

struct match_reason {
	const char *factor; /* occupation municipality kind period driving_licence swedish_level upper_secondary certificate */
	bool met;
	const char *detail; /* Swedish, arena memory */
};

#define MATCH_REASONS_MAX 8
struct match_result {
	int score;
	bool hard_met;
	int occupation_level;   /* 4 same unit, 3 minor, 2 submajor, 1 major group, 0 none */
	int municipality_level; /* 3 her home, 2 one she listed, 1 neighbouring one of those, 0 none */
	struct match_reason reasons[MATCH_REASONS_MAX];
	size_t nreasons;
};

/* The rank of a Swedish level: none 1, basic 2, good 3, fluent 4; 0 for
 * NULL (not assessed, or no requirement) or unknown. */
int match_swedish_rank(const char *level);
/* The kind of place the participant must be open to for kind: a job track
 * counts as employment. */
const char *match_wanted_kind(const char *kind);

/* Scores person against place with the weights (settings.h order) on
 * today (YYYY-MM-DD). */
void match_score(struct arena *a, const struct match_person *person, const struct match_place *place,
		 const int weights[MATCH_WEIGHTS], const char *today, struct match_result *out);

#endif
