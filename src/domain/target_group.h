/* target_group.h — the förbund's target groups (målgrupper), seeded with A
 * and B from seed 003. Anyone logged in reads them; admin and kansli add and
 * change them. One in use is never removed, only made inactive. */
#ifndef SAMSYN_TARGET_GROUP_H
#define SAMSYN_TARGET_GROUP_H
#include "ctx.h"

struct target_group {
	const char *code;        /* [A-Za-z0-9_-]{1,20} */
	const char *name;        /* 1–100 characters */
	const char *description; /* NULL when none */
	bool active;
};

struct target_group_patch {
	const char *name, *description;
	bool active;
	bool has_name, has_description, has_active;
};

struct target_group_list {
	struct target_group *items;
	size_t n;
	int64_t total;
};

bool target_group_code_valid(const char *code);
/* By code, inactive ones too; p->q searches code and name. */
int target_group_list(struct ctx *c, const struct page *p, struct target_group_list *out);
/* The name of the group with this code in l (a list read once for a file
 * of many rows), or the code itself when it is not there. */
const char *target_group_name_in(const struct target_group_list *l, const char *code);
/* The names of the groups with these codes, joined "Målgrupp A, Målgrupp B"
 * (in arena a); NULL for none. */
const char *target_group_names_in(const struct target_group_list *l, const char *const *codes, size_t n,
				  struct arena *a);
int target_group_get(struct ctx *c, const char *code, struct target_group *out);
/* in->active false creates it inactive. 409 when the code is taken. */
int target_group_create(struct ctx *c, const struct target_group *in, struct target_group *out);
int target_group_update(struct ctx *c, const char *code, const struct target_group_patch *in, struct target_group *out);

#endif
