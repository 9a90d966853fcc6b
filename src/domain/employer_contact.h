/* employer_contact.h — the contact log of docs/employers.md: every contact
 * by every partner with an employer, the coordination warning when another
 * organisation contacted the same employer within recent_contact_days, the
 * history of an employer and the weekly list for team meetings.
 * Who: admin, kansli, employer_contact and case_worker log contacts; every
 * logged-in user except one who is only a reader reads them (the notes may
 * tell of placements, so the read-only role of the board stays out). */
#ifndef SAMSYN_DOMAIN_EMPLOYER_CONTACT_H
#define SAMSYN_DOMAIN_EMPLOYER_CONTACT_H
#include "ctx.h"

#define EMPLOYER_CONTACT_NOTE_MAX 4000

struct employer_contact {
	int64_t id, employer_id, user_id, org_id;
	const char *employer_name, *user_name, *org_name;
	const char *date;       /* YYYY-MM-DD */
	const char *channel;    /* visit phone email meeting event */
	const char *purpose;    /* recruitment placement mentorship information follow_up */
	int stage;              /* IPS stage 1–3; 0: none */
	const char *note;       /* NULL: none */
	const char *next_step_date;
	const char *created_at;
};

struct employer_contact_input {
	const char *date;       /* NULL: today */
	const char *channel, *purpose, *note, *next_step_date;
	int64_t stage;          /* used when has_stage */
	bool has_stage;         /* false: no stage (absent or JSON null) */
};

/* A correction: only the fields whose has_ flag is set change (stage:
 * has_stage_field, with v.has_stage false for none). */
struct employer_contact_patch {
	struct employer_contact_input v;
	bool has_date, has_channel, has_purpose, has_note, has_next_step_date, has_stage_field;
};

struct employer_contact_list {
	struct employer_contact *items;
	size_t n;
	int64_t total;
};

/* Swedish word of a channel ("telefon"), for warnings and CSV. */
const char *employer_contact_channel_label(const char *channel);
/* Swedish words of a purpose ("rekrytering"), for the weekly list's files. */
const char *employer_contact_purpose_label(const char *purpose);

/* Logs a contact by the actor for her organisation. warnings receives the
 * other organisations' contacts within recent_contact_days before the
 * contact's date (up to today); the contact is saved anyway. Audited. */
int employer_contact_create(struct ctx *c, int64_t employer_id, const struct employer_contact_input *in,
			    struct employer_contact *out, struct employer_contact_list *warnings);
/* The two halves of employer_contact_create, for a record whose every
 * step is also a contact (a placement, docs/matching.md): check fills in
 * the date (today) and empties an empty note, and checks v as a new
 * contact is checked (0, or ERR_INVALID in c->err naming the field);
 * insert writes it, for organisation org_id by the actor, inside the
 * caller's write (after ctx_begin, before its change_commit, which it
 * does not audit: the caller does). Returns STORE_DONE or the first
 * STORE_E*, *id the new contact's. */
int employer_contact_check(struct ctx *c, struct employer_contact_input *v);
int employer_contact_insert(struct ctx *c, int64_t employer_id, int64_t org_id, const struct employer_contact_input *v,
			    int64_t *id);
/* Corrects or removes a saved contact of the employer: its author, or an
 * admin (a note that should not have been written). Others who read the
 * log get 403, a contact of another employer is 404. Audited as
 * update|delete employer_contact. */
int employer_contact_update(struct ctx *c, int64_t employer_id, int64_t id, const struct employer_contact_patch *in,
			    struct employer_contact *out);
int employer_contact_delete(struct ctx *c, int64_t employer_id, int64_t id);
/* The employer's history across all partners, newest first, paged. */
int employer_contact_list(struct ctx *c, int64_t employer_id, const struct page *p, struct employer_contact_list *out);
/* Other organisations' contacts with the employer from ref_date minus
 * recent_contact_days up to today (ref_date NULL: today), newest first;
 * *days receives the setting. */
int employer_contact_recent(struct ctx *c, int64_t employer_id, const char *ref_date, struct employer_contact_list *out,
			    int *days);
/* The warning text of a recent contact: "AF Trollhättan (Anna Andersson)
 * 2026-11-20, telefon". */
const char *employer_contact_warning(struct ctx *c, const struct employer_contact *k);

struct employer_contact_week {
	const char *week;            /* "2026-W48" */
	const char *from, *to;       /* its Monday and Sunday */
	struct employer_contact_list contacts;   /* dated that week, by date */
	struct employer_contact_list next_steps; /* next_step_date that week, by that date */
};

/* The weekly list; week "YYYY-Www" or NULL for this week. */
int employer_contact_week(struct ctx *c, const char *week, struct employer_contact_week *out);

#endif
