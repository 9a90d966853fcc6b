/* attendee.h — people reached by structural and competence interventions
 * (e.g. mentors trained): name, sex, employer or organisation, format and
 * date. Personal data: only those intervention_may_record allows see or
 * change them, and every read and change is audited. */
#ifndef SAMSYN_ATTENDEE_H
#define SAMSYN_ATTENDEE_H
#include "ctx.h"

struct attendee {
	int64_t id, intervention_id;
	const char *first_name, *last_name;
	const char *sex;               /* female male unspecified */
	const char *email;             /* NULL when none */
	int64_t employer_id;           /* 0 when none */
	const char *organisation_name; /* NULL when none */
	const char *format;            /* an active code of the attendee_format list */
	const char *date;              /* YYYY-MM-DD, within the intervention's period */
};

struct attendee_patch {
	struct attendee v;
	bool has_first_name, has_last_name, has_sex, has_email, has_employer_id, has_organisation_name, has_format,
		has_date;
};

struct attendee_list {
	struct attendee *items;
	size_t n;
	int64_t total;
};

/* The key that counts an attendee once however many sessions: lower-cased
 * first name, last name and e-mail (without one, the organisation name),
 * trimmed, inner spaces collapsed, joined by U+001F. Arena memory. */
char *attendee_person_key(struct arena *a, const char *first_name, const char *last_name, const char *email,
			  const char *organisation_name);

/* By date, then name. Writes one read event per attendee shown. */
int attendee_list(struct ctx *c, int64_t intervention_id, const struct page *p, struct attendee_list *out);
/* An attendee of another intervention is not found. */
int attendee_get(struct ctx *c, int64_t intervention_id, int64_t id, struct attendee *out);
/* Individual interventions have enrolled participants, not attendees (409). */
int attendee_create(struct ctx *c, int64_t intervention_id, const struct attendee *in, struct attendee *out);
int attendee_update(struct ctx *c, int64_t intervention_id, int64_t id, const struct attendee_patch *in,
		    struct attendee *out);
int attendee_delete(struct ctx *c, int64_t intervention_id, int64_t id);

#endif
