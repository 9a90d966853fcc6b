/* opportunity.h — open places at employers (issue 14 item 2,
 * docs/matching.md "Opportunities"): a kind of place (praktik, work
 * training, APL, employment with wage subsidy, employment, job track) in an
 * occupation and a municipality, how many, when, what is required, and its
 * state (open, filled, closed). Made from a recruitment need with one call
 * (its fields copied) or on its own. As the employers' needs: everyone
 * logged in reads; admin, kansli, employer_contact and case_worker write. */
#ifndef SAMSYN_MATCHING_OPPORTUNITY_H
#define SAMSYN_MATCHING_OPPORTUNITY_H
#include "../ctx.h"

/* The kinds of place and the states, NULL-terminated. */
extern const char *const opportunity_kinds[];
extern const char *const opportunity_statuses[];

struct opportunity {
	int64_t id, employer_id;
	int64_t need_id; /* 0: made on its own */
	const char *kind;
	const char *ssyk_code;         /* SSYK 2012 unit group, 4 digits */
	const char *municipality_code; /* where the work is */
	int64_t places;                /* >= 1 */
	const char *start_date, *end_date; /* YYYY-MM-DD or NULL */
	/* requirements, each stated one a hard requirement of matching */
	bool driving_licence, upper_secondary;
	const char *swedish_level; /* none basic good fluent; NULL not stated */
	const char *certificate;   /* NULL none */
	int64_t contact_person_id; /* 0: none; one of the employer's contact persons */
	const char *title, *note;
	const char *status; /* open filled closed */
	int64_t org_id;     /* the organisation that made it (read only) */
	const char *employer_name; /* read only */
	const char *created_at, *updated_at;
};

/* POST takes v (with need_id: the need's fields where v has none);
 * PATCH changes the fields whose has_ flag is set. */
struct opportunity_input {
	struct opportunity v;
	bool has_employer_id, has_need_id, has_kind, has_ssyk_code, has_municipality_code, has_places;
	bool has_start_date, has_end_date, has_driving_licence, has_upper_secondary, has_swedish_level;
	bool has_certificate, has_contact_person_id, has_title, has_note, has_status;
};

/* GET /opportunities: all optional (NULL / 0). */
struct opportunity_filter {
	const char *status, *kind, *ssyk_code, *municipality_code;
	int64_t employer_id;
};

struct opportunity_list {
	struct opportunity *items;
	size_t n;
	int64_t total;
};

/* Newest first (id descending). Invalid filters: 422 naming the parameter. */
int opportunity_list(struct ctx *c, const struct opportunity_filter *f, const struct page *p, struct opportunity_list *out);
int opportunity_get(struct ctx *c, int64_t id, struct opportunity *out);
int opportunity_create(struct ctx *c, const struct opportunity_input *in, struct opportunity *out);
int opportunity_update(struct ctx *c, int64_t id, const struct opportunity_input *in, struct opportunity *out);

#endif
