/* diploma.h — the diplomas of the employer trainings (docs/trainings.md,
 * "Diplomas"): the rows a diploma is drawn from (an attended registration
 * of a session whose course has a diploma title, with its code), drawn as
 * PDF by src/report/diploma.h, and the public check of a code. Admin and
 * kansli download every diploma, a trainer those of her own sessions;
 * each download is a read of the registrations it names (audited). */
#ifndef SAMSYN_TRAININGS_DIPLOMA_H
#define SAMSYN_TRAININGS_DIPLOMA_H
#include "../ctx.h"

/* A PDF of diplomas: malloc'd bytes (the caller frees them with free(), or
 * hands them to the answer) and an ASCII file name in the arena. */
struct diploma_file {
	unsigned char *pdf;
	size_t len;
	const char *file_name; /* "diplom-Asa-Oberg.pdf", "diplom-tillfalle-12.pdf" */
	size_t pages;
};

/* The diploma of registration id. 404 when the registration is unknown (or
 * a trainer's look at another trainer's session), or has no diploma: not
 * attended, or the course gives none; 403 for roles that may not read
 * registrations. */
int training_diploma_pdf(struct ctx *c, int64_t registration_id, struct diploma_file *out);
/* Every diploma of session id in one PDF, by last name, first name. 404 for
 * an unknown session (as above); 409 when the course gives no diploma or
 * nobody has one yet. */
int training_session_diplomas_pdf(struct ctx *c, int64_t session_id, struct diploma_file *out);

/* What the public check of a code tells: nothing but these. */
struct diploma_check {
	const char *name;   /* "Åsa Öberg" */
	const char *course; /* the course's name */
	const char *title;  /* its diploma title */
	const char *date;   /* the session's day, YYYY-MM-DD */
};

/* The diploma with code typed (as diploma_code_normalise takes it: small
 * letters, spaces, no hyphen); 404 for a malformed or unknown code, or one
 * whose registration is no longer marked as attended. No login needed. */
int training_diploma_check(struct ctx *c, const char *typed, struct diploma_check *out);

#endif
