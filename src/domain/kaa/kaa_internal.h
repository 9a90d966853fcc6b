/* kaa_internal.h — what the KAA group's files share (kaa.c, kaa_import.c,
 * kaa_report.c) and nothing else includes: the caller's municipality, the
 * code lists' lookups and a young person's rules and save. */
#ifndef SAMSYN_KAA_INTERNAL_H
#define SAMSYN_KAA_INTERNAL_H
#include "kaa.h"
#include "../access.h"

/* The caller's municipality: the org of a KAA staff user. */
struct kaa_scope {
	int64_t org;
	const char *municipality_code;
};
/* 0, or ERR_NOT_FOUND for anyone but the municipality's KAA staff. */
int kaa_scope(struct ctx *c, struct kaa_scope *sc);

/* The position of code in list, -1 when absent; the list as "a, b, c". */
int kaa_code_index(const char *const *list, const char *code);
const char *kaa_code_choices(struct arena *a, const char *const *list);
/* Her 20th birthday, YYYY-MM-DD. */
void kaa_turns_20(const char *birth_date, char out[11]);

/* The rules of a young person (creating: the personnummer is parsed and
 * sex and birth date set from it). c->err's fields name the members. */
int kaa_youth_check(struct ctx *c, struct kaa_youth *y, bool creating);
/* Inside the caller's write: inserts (id 0) or updates. STORE_DONE or STORE_E*. */
int kaa_youth_save(struct ctx *c, const struct kaa_scope *sc, int64_t id, const struct kaa_youth *y, int64_t *out_id);
void kaa_youth_merge(struct kaa_youth *y, const struct kaa_youth_input *in);
int kaa_load_children(struct ctx *c, struct kaa_youth *y);

#endif
