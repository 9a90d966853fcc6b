/* volume.h — head counts of an intervention per period, women and men
 * (interventions measured as volume, as in SUS). Anyone logged in reads
 * them; intervention_may_record decides who adds them. */
#ifndef SAMSYN_VOLUME_H
#define SAMSYN_VOLUME_H
#include "ctx.h"

struct volume {
	int64_t id, intervention_id;
	const char *period_start, *period_end; /* YYYY-MM-DD, within the intervention's period */
	int64_t women, men;                    /* ≥ 0; a negative value (the API's "missing") is refused */
};

struct volume_list {
	struct volume *items;
	size_t n;
	int64_t total;
};

/* Oldest period first. 404 when the intervention does not exist. */
int volume_list(struct ctx *c, int64_t intervention_id, const struct page *p, struct volume_list *out);
int volume_create(struct ctx *c, int64_t intervention_id, const struct volume *in, struct volume *out);

#endif
