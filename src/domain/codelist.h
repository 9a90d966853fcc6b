/* codelist.h — the code lists the SUS variables and the förbund's own
 * questions (kompletterande frågor) are answered from: read by everyone,
 * extended and relabelled by admin and kansli without a code change.
 * Other modules check answers with codelist_valid / codelist_get_list. */
#ifndef SAMSYN_CODELIST_H
#define SAMSYN_CODELIST_H
#include "ctx.h"

struct code {
	const char *code, *label;
	bool active, builtin;
};

struct code_list {
	const char *name, *label;
	const char *phase; /* start, exit, followup, attendee */
	bool multiple, builtin, active;
	struct code *codes;
	size_t ncodes;
};

struct code_lists {
	struct code_list *items;
	size_t n;
};

/* A new list (a förbund's own question). */
struct code_list_input {
	const char *name, *label, *phase; /* phase: start or exit */
	bool multiple;
};

struct code_input {
	const char *code, *label;
};

struct code_patch {
	const char *label;
	bool active;
	bool has_label, has_active;
};

/* Is s a well-formed code or list name: [a-z0-9_]{1,40}? */
bool codelist_name_ok(const char *s);
/* Is code an active code of the active list? */
bool codelist_valid(struct ctx *c, const char *list, const char *code);
/* The list's attributes, without its codes; ERR_NOT_FOUND if there is none. */
int codelist_get_list(struct ctx *c, const char *name, struct code_list *out);

/* Every list with its codes, in display order. Anyone logged in. */
int codelist_all(struct ctx *c, struct code_lists *out);
/* The label of code in list among l (a file's words beside a code); the
 * code itself when unknown, NULL for NULL. */
const char *codelist_label_in(const struct code_lists *l, const char *list, const char *code);
/* Admin and kansli. New lists and codes are never built in. */
int codelist_create(struct ctx *c, const struct code_list_input *in, struct code_list *out);
int codelist_add_code(struct ctx *c, const char *list, const struct code_input *in, struct code *out);
int codelist_update_code(struct ctx *c, const char *list, const char *code, const struct code_patch *in,
			 struct code *out);

#endif
