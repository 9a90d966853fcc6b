/* settings.h — the förbund's settings: the board's funding benchmark, the
 * split of the year's budget between individual, structural and competence
 * interventions (seed 002: 60/30/10), the förbund's name for mails and
 * diplomas, the days within which another
 * organisation's contact with an employer warns (docs/employers.md), and
 * the suppression threshold of the reports for users who may not see
 * participants (docs/followup.md). Anyone logged in reads them; admin
 * and kansli change them, the matching weights admin alone. */
#ifndef SAMSYN_SETTINGS_H
#define SAMSYN_SETTINGS_H
#include "ctx.h"

enum { SETTINGS_INDIVIDUAL, SETTINGS_STRUCTURAL, SETTINGS_COMPETENCE, SETTINGS_KINDS };
/* The weights of matching's factors (docs/matching.md "Matching"), each
 * 0–100: the points of a factor fully met. */
enum { MATCH_W_OCCUPATION, MATCH_W_MUNICIPALITY, MATCH_W_KIND, MATCH_W_PERIOD, MATCH_WEIGHTS };

struct settings {
	int funding_benchmark[SETTINGS_KINDS]; /* whole percent, summing to 100 */
	int recent_contact_days;               /* 1–365, default 14 */
	int suppression_threshold;             /* 2–100, default 5 */
	const char *forbund_name;              /* 1–200 characters, default "Samordningsförbundet"; arena memory */
	int matching_weights[MATCH_WEIGHTS];   /* 0–100 each; defaults 40, 30, 20, 10 */
};

/* Fields not marked keep their value; the result must sum to 100. */
struct settings_patch {
	int funding_benchmark[SETTINGS_KINDS];
	bool has_funding_benchmark[SETTINGS_KINDS];
	int recent_contact_days;
	bool has_recent_contact_days;
	int suppression_threshold;
	bool has_suppression_threshold;
	const char *forbund_name; /* trimmed by settings_update */
	bool has_forbund_name;
	int matching_weights[MATCH_WEIGHTS]; /* admin only */
	bool has_matching_weights[MATCH_WEIGHTS];
};

/* The kind names in benchmark order: individual, structural, competence. */
extern const char *const settings_kind_names[SETTINGS_KINDS];

/* The factor names of the weights, in their order: occupation,
 * municipality, kind, period. */
extern const char *const settings_match_weight_names[MATCH_WEIGHTS];
/* The matching weights, for matching: no permission check. 0 or ERR_INTERNAL. */
int settings_matching_weights(struct ctx *c, int w[MATCH_WEIGHTS]);
/* The benchmark in percent (order individual, structural, competence), for
 * reports: no permission check. Returns 0 or ERR_INTERNAL. */
int settings_funding_benchmark(struct ctx *c, int pct[3]);
/* recent_contact_days (default 14), for the contact log: no permission
 * check. Returns 0 or ERR_INTERNAL. */
int settings_recent_contact_days(struct ctx *c, int *days);
/* suppression_threshold (default 5), for the reports: no permission
 * check. Returns 0 or ERR_INTERNAL. */
int settings_suppression_threshold(struct ctx *c, int *n);
/* forbund_name ("Samordningsförbundet" when unset), for mails and
 * diplomas: no permission check. Arena memory. Returns 0 or ERR_INTERNAL. */
int settings_forbund_name(struct ctx *c, const char **name);
int settings_get(struct ctx *c, struct settings *out);
int settings_update(struct ctx *c, const struct settings_patch *in, struct settings *out);

#endif
