/* match.h — matching both ways, explained (issue 14 item 3,
 * docs/matching.md "Matching"): the open places for a participant and the
 * candidates for an open place, ranked in SQL (the weights its
 * parameters; the candidates tier by tier) and explained factor by factor by score.c for
 * the top rows. Never a participant's limitations in a result. */
#ifndef SAMSYN_MATCHING_MATCH_H
#define SAMSYN_MATCHING_MATCH_H
#include "../ctx.h"
#include "score.h"

/* The ranking statements, exactly as run (the benchmark runs the same
 * text in the sqlite3 shell: `samsyn matching-sql candidates|candidates-far|
 * matches`): the candidates' near tiers (:tier 3, 2, 1) and far tier
 * (match.c, "the candidates, tier by tier"), and the places for a person. */
extern const char match_sql_candidates[];
extern const char match_sql_candidates_far[];
extern const char match_sql_matches[];

#define MATCH_LIMIT_DEFAULT 20
#define MATCH_LIMIT_MAX 100
/* Neighbours of a place's municipality the candidates statement takes
 * (:m1 … :m15); the most any kommun has is 10 (tests/unit/test_match_score.c). */
#define MATCH_REACH_MAX 15

struct match_item {
	int64_t id; /* the opportunity's (matches) or the participant's (candidates) */
	struct match_result r;
	/* matches: the place */
	int64_t employer_id, places;
	const char *employer_name, *kind, *ssyk_code, *municipality_code, *title, *start_date, *end_date;
	/* candidates: her name; for an employer contact the last name's initial ("E.") */
	const char *first_name, *last_name;
};

struct match_list {
	struct match_item *items;
	size_t n;
};

/* The open places for participant id, best first (limit 1–100). Whoever
 * sees her (404 otherwise, 403 for roles without participants). Audited as
 * a read of her, detail "matches". */
int match_for_participant(struct ctx *c, int64_t id, int64_t limit, struct match_list *out);
/* The candidates for open place id, best first: participants with a work
 * profile whose latest consent to share with employers is given and whom
 * the actor may see (admin all, case_worker her organisation's,
 * employer_contact every organisation's with the name cut to the
 * initial); kansli, reader and trainer 403; a place not open 409. The
 * participants shown are audited as one list read, detail "candidates". */
int match_candidates(struct ctx *c, int64_t id, int64_t limit, struct match_list *out);

#endif
