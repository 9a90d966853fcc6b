/* need.h — an employer's recruitment needs (docs/employers.md): which
 * occupation (SSYK 2012 unit group), how many, when, what is required and
 * what the employer is open to (praktik, work training, …). Everyone
 * logged in reads; admin, kansli, employer_contact and case_worker write. */
#ifndef SAMSYN_NEED_H
#define SAMSYN_NEED_H
#include "ctx.h"

struct need {
	int64_t id, employer_id;
	const char *ssyk_code; /* 4 digits: an SSYK 2012 unit group */
	int64_t headcount;     /* >= 1 */
	const char *period_start, *period_end; /* YYYY-MM-DD or NULL */
	const char *municipality_code;         /* NULL: the employer's */
	bool driving_licence, upper_secondary;
	const char *swedish_level;             /* none basic good fluent; NULL not stated */
	const char *vocational_certificate;    /* which one; NULL none */
	bool praktik, work_training, apl, wage_subsidy, mentorship;
	const char *note;
	bool active;
	const char *created_at, *updated_at;
};

/* POST takes v whole (absent booleans false, active true when not sent);
 * PATCH changes the fields whose has_ flag is set. */
struct need_input {
	struct need v;
	bool has_ssyk_code, has_headcount, has_period_start, has_period_end, has_municipality_code;
	bool has_driving_licence, has_upper_secondary, has_swedish_level, has_vocational_certificate;
	bool has_praktik, has_work_training, has_apl, has_wage_subsidy, has_mentorship;
	bool has_note, has_active;
};

struct need_list {
	struct need *items;
	size_t n;
	int64_t total;
};

bool need_swedish_level_valid(const char *s);
/* Active needs first, then by period start. */
int need_list(struct ctx *c, int64_t employer_id, const struct page *p, struct need_list *out);
int need_create(struct ctx *c, int64_t employer_id, const struct need_input *in, struct need *out);
int need_update(struct ctx *c, int64_t employer_id, int64_t need_id, const struct need_input *in, struct need *out);

#endif
