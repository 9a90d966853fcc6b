/* session.h — a session (tillfälle) of a course (docs/trainings.md): its
 * format, time, place, capacity, trainer, the employer that ordered a
 * commissioned one, and the public token of its registration page, made at
 * random when it is created and never changed. Admin and kansli add, change
 * and copy sessions; a trainer reads her own and changes their status;
 * everyone else logged in reads them (they are not personal data). */
#ifndef SAMSYN_TRAININGS_SESSION_H
#define SAMSYN_TRAININGS_SESSION_H
#include "../ctx.h"

struct training_session {
	int64_t id, course_id;
	const char *format;                /* in_person webinar commissioned network */
	const char *starts_at, *ends_at;   /* RFC 3339 UTC, "2026-03-05T08:00:00Z" */
	const char *place;                 /* an address or a link; NULL: none */
	int64_t capacity;                  /* 1–10000 */
	const char *registration_deadline; /* RFC 3339 UTC; NULL: until it starts */
	int64_t trainer_user_id;           /* a user with role trainer; 0: none yet */
	int64_t employer_id;               /* commissioned: the employer that ordered it; else 0 */
	const char *public_token;          /* unguessable, never changes */
	const char *status;                /* open closed cancelled */
	const char *created_at, *updated_at;
};

struct training_session_patch {
	struct training_session v;
	bool has_format, has_starts_at, has_ends_at, has_place, has_capacity, has_registration_deadline,
		has_trainer_user_id, has_employer_id, has_status;
};

/* The new round of POST /sessions/{id}/copy. */
struct training_session_copy {
	const char *starts_at, *ends_at, *registration_deadline;
};

struct training_session_list {
	struct training_session *items;
	size_t n;
	int64_t total;
};

bool training_timestamp_valid(const char *s);
/* 192 random bits as 32 characters of base64url, in c's arena: a secret
 * address no one guesses (a session's public token, a registration's
 * cancel token). */
const char *training_token_new(struct ctx *c);
/* A format's Swedish name ("webbinarium"), for mails; the code itself
 * when unknown. */
const char *training_format_label(const char *format);

/* A user who may train a session: active, with the role trainer. */
struct trainer {
	int64_t id;
	const char *name, *username;
};

struct trainer_list {
	struct trainer *items;
	size_t n;
	int64_t total;
};

/* The trainers to choose among for a session, by name (q searches the
 * name): admin and kansli, who manage sessions (others 403). Not personal
 * data beyond a colleague's name; not audited as a read. */
int training_trainer_list(struct ctx *c, const struct page *p, struct trainer_list *out);

/* The course's sessions by starts_at (a trainer's own only). */
int training_session_list(struct ctx *c, int64_t course_id, const struct page *p, struct training_session_list *out);
/* 404 also for a trainer's look at another trainer's session. */
int training_session_get(struct ctx *c, int64_t id, struct training_session *out);
/* in->status NULL: open. */
int training_session_create(struct ctx *c, int64_t course_id, const struct training_session *in,
			    struct training_session *out);
int training_session_update(struct ctx *c, int64_t id, const struct training_session_patch *in,
			    struct training_session *out);
/* A new session like id (next term's round) at the new time, open, with a
 * token of its own. */
int training_session_copy(struct ctx *c, int64_t id, const struct training_session_copy *in,
			  struct training_session *out);

#endif
