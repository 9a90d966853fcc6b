/* toolbox.h — the toolbox of the joint plan (issue 15 item 1,
 * docs/plans.md "The toolbox"): per municipality (or shared by all) the
 * items a participant can be offered, a Samsyn intervention or an outside
 * offer, each placed on one stage of the path model, with who may be
 * referred and whether it has places now. No personal data: every
 * logged-in user reads it; admin, kansli and case workers keep it. Every
 * change is dated and signed (updated_at, updated_by_*) and audited. */
#ifndef SAMSYN_PLANS_TOOLBOX_H
#define SAMSYN_PLANS_TOOLBOX_H
#include "../ctx.h"

/* The path model's five stages in order, with their Swedish names. */
#define PATH_STAGES 5
extern const char *const path_stages[PATH_STAGES][2];
/* The index of stage in path_stages, or -1. */
int path_stage_index(const char *stage);

struct toolbox_item {
	int64_t id;
	const char *name;
	const char *municipality_code; /* NULL: shared by every municipality */
	int64_t intervention_id;       /* 0: an outside offer */
	const char *provider, *contact;
	const char *stage;             /* path_stages */
	const char *target_group;      /* who may be referred, in words */
	int64_t min_age, max_age;      /* 0: no limit */
	const char *rules;
	bool has_places;
	const char *description;
	const char *created_at, *updated_at;
	int64_t updated_by_user_id, updated_by_org_id;
};

/* POST takes v whole; PATCH the members whose has_ flag is set. */
struct toolbox_input {
	struct toolbox_item v;
	bool has_name, has_municipality_code, has_intervention_id, has_provider, has_contact, has_stage;
	bool has_target_group, has_min_age, has_max_age, has_rules, has_has_places, has_description;
};

struct toolbox_filter {
	const char *municipality_code; /* NULL: every item; else its items and the shared ones */
	const char *stage;             /* NULL: every stage */
};

struct toolbox_list {
	struct toolbox_item *items;
	size_t n;
	int64_t total;
};

/* In path order, then by name; q searches the name. */
int toolbox_list(struct ctx *c, const struct toolbox_filter *f, const struct page *p, struct toolbox_list *out);
int toolbox_get(struct ctx *c, int64_t id, struct toolbox_item *out);
int toolbox_create(struct ctx *c, const struct toolbox_input *in, struct toolbox_item *out);
int toolbox_update(struct ctx *c, int64_t id, const struct toolbox_input *in, struct toolbox_item *out);

#endif
