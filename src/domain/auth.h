/* auth.h — passwords, sessions, API tokens and login throttling.
 *
 * Passwords: argon2id (libsodium). Session and API tokens: 256 random bits,
 * handed to the client once and stored only as a BLAKE2b hash, so any server
 * process can check them and a copy of the database does not grant access. */
#ifndef SAMSYN_AUTH_H
#define SAMSYN_AUTH_H
#include "ctx.h"

#define AUTH_PASSWORD_MIN 12
#define AUTH_PASSWORD_MAX 1024

struct auth_config {
	int64_t idle_timeout_s;      /* default 30 min */
	int64_t absolute_timeout_s;  /* default 12 h */
	int64_t failure_window_s;    /* default 15 min */
	int max_failures;            /* per username and per address, default 5 */
};

void auth_config_defaults(struct auth_config *cfg);
void auth_configure(const struct auth_config *cfg);
const struct auth_config *auth_config(void);

/* Must run once before any other auth call (sodium_init). */
int auth_init(void);

/* argon2id hash in libsodium's string form; returns 0, or -1 if out of memory. */
int auth_hash_password(const char *password, char out[128]);
bool auth_verify_password(const char *hash, const char *password);
/* Checks a password someone chose: the length rules, then its strength
 * with libpwquality (Debian's; cracklib's dictionary, palindromes,
 * rotations, sequences like 12345, the username in it), and a short list
 * of the commonest password words padded with digits ("password1234",
 * "Sommar2024!"), which cracklib lets through; the system's
 * pwquality.conf is not read,
 * so that every server judges alike). username may be NULL. Returns NULL
 * or a Swedish reason. Every way a password is set goes through it: the
 * forced and the own change, an administrator's, the command line's. */
const char *auth_password_problem(const char *password, const char *username);
/* A readable one-time password "xxxx-xxxx-xxxx-xxxx" (arena), for a new
 * user and for a reset alike; it passes auth_password_problem. */
char *auth_generate_password(struct arena *a);

enum session_state {
	SESSION_VALID,
	SESSION_IDLE_EXPIRED,
	SESSION_ABSOLUTE_EXPIRED,
};
enum session_state auth_session_state(int64_t created_at, int64_t last_seen_at, int64_t now,
				      const struct auth_config *cfg);

struct session {
	char *token;       /* for the cookie; only here, never stored */
	struct actor actor;
};

/* Checks throttling, then the password. 0 with *out filled, or
 * ERR_UNAUTH (wrong), ERR_TOO_MANY (throttled), ERR_INTERNAL (the
 * failures could not be counted or recorded: refused, never let through).
 * Writes audit events. The session keeps this server's idle and absolute
 * limits, whichever server checks it later. */
int auth_login(struct ctx *c, const char *username, const char *password, struct session *out);
/* Resolves a session token: 0 with actor (and its csrf_token), or ERR_UNAUTH. */
int auth_session_resolve(struct ctx *c, const char *token, struct actor *actor);
int auth_logout(struct ctx *c, const char *token);
/* Replaces the acting user's password after checking the current one,
 * throttled and counted as a login (a wrong one: ERR_INVALID naming
 * current_password, then ERR_TOO_MANY). Ends the user's other sessions:
 * all but keep_token's (NULL: all of them). */
int auth_change_password(struct ctx *c, const char *keep_token, const char *current, const char *new_password);

/* Bearer tokens for integrations. */
int auth_token_create(struct ctx *c, const char *username, char **token, int64_t *id);
int auth_token_revoke(struct ctx *c, int64_t id);
/* 0 with the token's user as actor, ERR_UNAUTH (unknown, revoked, user
 * inactive) or ERR_MUST_CHANGE_PASSWORD (reset by an administrator). */
int auth_token_resolve(struct ctx *c, const char *token, struct actor *actor);

/* Hex BLAKE2b-256 of a token (65 bytes with NUL), as stored. */
void auth_token_hash(const char *token, char out[65]);
/* True if a and b are equal, in time independent of where they differ. */
bool auth_secret_equal(const char *a, const char *b);

#endif
