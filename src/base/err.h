/* err.h — the error type every layer returns details in.
 * Functions return 0 or a negative ERR_* code; the struct err says what and,
 * for invalid input, which fields. Messages are Swedish: they reach users. */
#ifndef SAMSYN_ERR_H
#define SAMSYN_ERR_H
#include <stdint.h>

enum err_code {
	ERR_OK = 0,
	ERR_INVALID = -1,    /* field values wrong (422) */
	ERR_MALFORMED = -2,  /* request cannot be read (400) */
	ERR_UNAUTH = -3,     /* not logged in (401) */
	ERR_FORBIDDEN = -4,  /* logged in, not allowed (403) */
	ERR_NOT_FOUND = -5,  /* 404, also for what the user may not know exists */
	ERR_CONFLICT = -6,   /* 409 */
	ERR_TOO_MANY = -7,   /* 429 */
	ERR_INTERNAL = -8,   /* 500: a bug or the database failed */
	ERR_MUST_CHANGE_PASSWORD = -9, /* 403 until the one-time password is replaced */
	ERR_BUSY = -10,      /* 503 + Retry-After: another writer held the database longer than the busy wait */
};

#define ERR_MAX_PARAMS 16 /* an import line can break many rules at once */

struct err_param {
	char name[64];
	char reason[192];
	char value[96];
};

struct err {
	int code;
	char msg[256];
	int nparams;
	struct err_param params[ERR_MAX_PARAMS];
	/* The record a conflict (409) is about, for a caller who may see it
	 * (0: none): a duplicate leads to what exists ("existing_id"). */
	int64_t existing_id;
};

void err_clear(struct err *e);
/* Sets code and message; returns code so callers can `return err_set(...)`. */
int err_set(struct err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Adds an invalid field; sets code ERR_INVALID and a default message. value may be NULL. */
int err_field(struct err *e, const char *name, const char *value, const char *reason);

#endif
