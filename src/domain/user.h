/* user.h — user accounts: who may log in, in which organisation, with
 * which roles. Managed by administrators. */
#ifndef SAMSYN_USER_H
#define SAMSYN_USER_H
#include "ctx.h"

struct user {
	int64_t id;
	const char *username, *name, *email; /* email NULL when none */
	int64_t org_id;
	unsigned roles;
	bool active, must_change_password;
	bool ips_specialist; /* a case worker flagged as IPS employment specialist (docs/matching.md) */
	bool kaa_staff;      /* a municipality's KAA staff: sees its KAA register (docs/kaa.md) */
};

struct user_input {
	const char *username, *name, *email;
	int64_t org_id;
	unsigned roles;
	const char *password; /* NULL: generate a one-time password */
	bool password_is_final; /* true: not one-time (CLI --password-stdin) */
};

struct user_patch {
	const char *name, *email, *password;
	int64_t org_id;
	unsigned roles;
	bool active, ips_specialist, kaa_staff;
	bool has_name, has_email, has_org_id, has_roles, has_active, has_password, has_ips_specialist, has_kaa_staff;
};

struct user_list {
	struct user *items;
	size_t n;
	int64_t total;
};

int user_list(struct ctx *c, const struct page *p, struct user_list *out);
/* Admins read anyone; a user reads herself. The read is audited. */
int user_get(struct ctx *c, int64_t id, struct user *out);
/* *one_time_password receives the generated password (arena) when
 * in->password was NULL, else NULL. */
int user_create(struct ctx *c, const struct user_input *in, struct user *out, const char **one_time_password);
int user_update(struct ctx *c, int64_t id, const struct user_patch *in, struct user *out);
/* An administrator's reset: a new one-time password of the same readable
 * form as a new user's (auth_generate_password), given once in
 * *one_time_password; ends the user's sessions, audited as password_reset. */
int user_reset_password(struct ctx *c, int64_t id, struct user *out, const char **one_time_password);
/* Looks a user up by username (CLI). */
int user_find(struct ctx *c, const char *username, struct user *out);
/* Sets a new password for username; one_time decides if it must be changed. */
int user_set_password(struct ctx *c, const char *username, const char *password, bool one_time);
/* Whether any user exists (samsyn init makes the first admin when none
 * does): 0 with *any set, or ERR_INTERNAL. */
int user_any(struct ctx *c, bool *any);

#endif
