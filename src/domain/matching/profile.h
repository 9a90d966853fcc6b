/* profile.h — a participant's work profile (issue 14 item 1,
 * docs/matching.md "Work profile"): the occupations she wants, where she
 * can work, what she brings and what she is open to; what matching
 * compares with an employer's need. Part of the participant: read and
 * written by exactly those who may see her (access.h), every read and
 * change audited as the participant's with the detail "work_profile". */
#ifndef SAMSYN_MATCHING_PROFILE_H
#define SAMSYN_MATCHING_PROFILE_H
#include "../ctx.h"

struct work_profile {
	int64_t participant_id;
	const char **occupations; /* SSYK 2012 unit codes, 4 digits */
	size_t noccupations;
	const char **municipality_codes;
	size_t nmunicipality_codes;
	bool driving_licence, upper_secondary;
	const char *swedish_level; /* none, basic, good, fluent; NULL when not assessed */
	int64_t hours_per_week;
	bool has_hours_per_week; /* false: null */
	const char *limitations; /* NULL when none */
	const char **certificates;
	size_t ncertificates;
	const char **open_to; /* praktik, arbetstraning, apl, wage_subsidy, employment */
	size_t nopen_to;
	const char *updated_at; /* NULL when the participant has no profile yet */
};

/* The profile of a participant the actor sees (404 otherwise); a
 * participant without one answers empty lists, false and nulls. Audited. */
int work_profile_get(struct ctx *c, int64_t participant_id, struct work_profile *out);
/* The stored profile without a check or an audit event: for matching,
 * whose caller has done both (match.c). Empty when there is none. */
int work_profile_load(struct ctx *c, int64_t participant_id, struct work_profile *out);
/* Replaces the whole profile with in (422 naming each bad field, e.g.
 * occupations[1]); *out is the stored profile. Audited. */
int work_profile_put(struct ctx *c, int64_t participant_id, const struct work_profile *in, struct work_profile *out);

#endif
