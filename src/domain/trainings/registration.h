/* registration.h — registrations to a training session (docs/trainings.md,
 * "Registration" and "Attendance"): a person signs up on the session's
 * public page without an account, gets a seat or a place on the waiting
 * list and a mail with a cancel link; a cancel frees the seat for the first
 * on the waiting list. Staff read the registrations (personal data: admin
 * and kansli all, a trainer those of her own sessions, audited) and mark
 * attendance, which makes the person an attendee of the course's
 * intervention. */
#ifndef SAMSYN_TRAININGS_REGISTRATION_H
#define SAMSYN_TRAININGS_REGISTRATION_H
#include "../ctx.h"

/* What the public page shows of a session: nothing about anyone. */
struct public_session {
	const char *course, *description, *format, *starts_at, *ends_at, *place, *registration_deadline, *status;
	int64_t seats_left;
	bool waitlist_open; /* always true: a full session queues */
	bool open;          /* status open and the deadline (or the start) not passed */
};

/* The public form. website is the honeypot: a person leaves it empty. */
struct registration_input {
	const char *first_name, *last_name, *email, *phone, *employer_orgnr, *employer_name, *role_at_work, *sex,
		*dietary_needs, *website;
	bool consent;
};

struct registration {
	int64_t id, session_id;
	const char *first_name, *last_name, *email, *phone, *employer_orgnr, *employer_name;
	int64_t employer_id; /* 0: not in the register */
	const char *role_at_work, *sex, *dietary_needs;
	const char *status;       /* registered waitlisted cancelled */
	int64_t waitlist_position; /* 1 for the first in the queue; meaningful when waitlisted */
	bool waitlisted;
	bool attended;
	int64_t attendee_id; /* 0: none */
	const char *diploma_code;
	const char *created_at;
};

struct registration_list {
	struct registration *items;
	size_t n;
	int64_t total;
};

struct registration_patch {
	bool attended, has_attended;
	const char *status;
	bool has_status;
};

/* What the cancel page shows: whose, which course and when, and its state. */
struct registration_cancel_view {
	const char *first_name, *course, *starts_at, *status;
};

/* The body of a public POST may be at most this large (413 above it). */
#define REGISTRATION_BODY_MAX 8192

/* Public: the session of token; 404 for an unknown token. */
int public_session_get(struct ctx *c, const char *token, struct public_session *out);
/* Public: registers (or, for the same e-mail, updates) a person; *status
 * is registered or waitlisted, *created whether a new registration was made
 * (a cancelled one registering again is queued anew and counts as new).
 * A non-empty website (the honeypot) returns registered and stores
 * nothing. 404 unknown token, 409 a session not open, 422 wrong fields. */
int public_registration_submit(struct ctx *c, const char *token, const struct registration_input *in,
			       const char **status, bool *created);
/* Public: the registration of a cancel token (404 unknown), audited. */
int public_registration_view(struct ctx *c, const char *cancel_token, struct registration_cancel_view *out);
/* Public: cancels it (idempotent); the first on the waiting list moves up
 * and is told, in the same transaction. */
int public_registration_cancel(struct ctx *c, const char *cancel_token);

/* Inside the caller's write (a cancel, a session's change): while the
 * session, unless cancelled, has free seats, the first on its waiting list
 * (by queue_order) takes one and gets the moved-up mail. Returns the
 * store's code for change_commit. */
int registration_fill_seats(struct ctx *c, int64_t session_id);

/* Staff: the session's registrations, registered first, then the waiting
 * list in order, then the cancelled; one audited list read. */
int registration_list(struct ctx *c, int64_t session_id, const struct page *p, struct registration_list *out);
int registration_get(struct ctx *c, int64_t id, struct registration *out);
/* Staff: {"attended"} and/or {"status":"cancelled"}. */
int registration_update(struct ctx *c, int64_t id, const struct registration_patch *in, struct registration *out);

#endif
