/* org.h — partner organisations (Arbetsförmedlingen, Försäkringskassan,
 * kommuner, regions, education providers, the förbund itself, others). */
#ifndef SAMSYN_ORG_H
#define SAMSYN_ORG_H
#include "ctx.h"

struct org {
	int64_t id;
	const char *name;
	const char *kind;  /* af fk kommun region education forbund other */
	const char *municipality_code; /* NULL when none */
};

struct org_patch {
	const char *name, *kind, *municipality_code;
	bool has_name, has_kind, has_municipality_code;
};

struct org_list {
	struct org *items;
	size_t n;
	int64_t total;
};

bool org_kind_valid(const char *kind);
/* Whether organisation id exists: for the rules of the records that name
 * one (a user's, an intervention's owner and partners). */
bool org_exists(struct ctx *c, int64_t id);
/* Any logged-in user may list and read organisations; admins change them. */
int org_list(struct ctx *c, const struct page *p, struct org_list *out);
/* The Swedish name of a kind ("Arbetsförmedlingen", "Kommun"), for files
 * people read; the code itself when unknown. */
const char *org_kind_label(const char *kind);
int org_get(struct ctx *c, int64_t id, struct org *out);
int org_create(struct ctx *c, const struct org *in, struct org *out);
int org_update(struct ctx *c, int64_t id, const struct org_patch *in, struct org *out);

#endif
