/* participant.h — participants (deltagare): one person however many
 * enrolments, named (personnummer) or anonymous (sex, birth year,
 * municipality and target groups only), and their consent to share
 * information with employers. Only admin and case workers work with them;
 * who sees whom is access.h's rule, and every read is audited. */
#ifndef SAMSYN_PARTICIPANT_H
#define SAMSYN_PARTICIPANT_H
#include "ctx.h"
#include "enrolment.h"
#include "../se/personnummer.h"

struct consent {
	int64_t id;
	const char *status; /* given, withdrawn */
	const char *date, *scope; /* scope NULL when none */
	int64_t recorded_by_user_id; /* 0 when the system recorded it */
	const char *created_at;
};

struct participant {
	int64_t id;
	bool anonymous, protected_identity;
	const char *personnummer; /* 12 digits; NULL for anonymous participants */
	const char *first_name, *last_name; /* NULL for anonymous participants */
	const char *sex; /* female, male */
	const char *birth_date; /* NULL for anonymous participants */
	int64_t birth_year;
	const char *municipality_code; /* NULL when unknown */
	const char **target_groups;
	size_t ntarget_groups;
	const struct consent *consent; /* the latest, NULL when none */
	/* Her latest consent to share with employers, whoever recorded it, is
	 * given: she may be a candidate and be proposed (ACCESS_EMPLOYER_CONSENT_SQL). */
	bool shares_with_employers;
	const char *local_ref; /* an anonymous participant's reference "A-1234"; NULL for a named one */
};

struct participant_input {
	bool anonymous, protected_identity;
	const char *personnummer, *first_name, *last_name, *sex, *municipality_code;
	int64_t birth_year;
	bool has_birth_year;
	const char **target_groups;
	size_t ntarget_groups;
};

struct participant_patch {
	bool anonymous, protected_identity;
	const char *personnummer, *first_name, *last_name, *sex, *municipality_code;
	const char *reason; /* why the identity is rewritten (anonymised, new personnummer) */
	int64_t birth_year;
	const char **target_groups;
	size_t ntarget_groups;
	bool has_anonymous, has_protected_identity, has_personnummer, has_first_name, has_last_name, has_sex,
		has_municipality_code, has_birth_year, has_target_groups;
};

/* Filters of the list and of the name search; NULL/0 means none. The
 * enrolment filters (intervention, its state) ask for a participant with
 * at least one enrolment the actor sees that meets them all. */
struct participant_filter {
	int64_t intervention_id;
	const char *municipality_code, *target_group;
	struct enrolment_state state;
};

struct consent_list {
	struct consent *items;
	size_t n;
	int64_t total;
};

struct participant_list {
	struct participant *items;
	size_t n;
	int64_t total;
	bool total_bounded; /* total is a lower bound: the count stopped there (participant_list) */
};

int participant_create(struct ctx *c, const struct participant_input *in, struct participant *out);
/* 404 for a participant the user may not see. */
int participant_get(struct ctx *c, int64_t id, struct participant *out);
int participant_update(struct ctx *c, int64_t id, const struct participant_patch *in, struct participant *out);
/* The visible participants matching p->q (first name, last name or
 * "first last"; or a local reference, participant_local_ref_query) and
 * the filter, by name. Each one shown is audited. */
int participant_list(struct ctx *c, const struct participant_filter *f, const struct page *p,
		     struct participant_list *out);
/* The visible participant with this personnummer (any written form), as a
 * list of zero or one. */
int participant_search_pnr(struct ctx *c, const char *personnummer, struct participant_list *out);
/* The participant's id for a personnummer, whoever may see her; 0 when
 * none, -1 with c->err set when the database fails. For enrolment by
 * personnummer: not a read of the person. */
int64_t participant_id_by_pnr(struct ctx *c, const char *normalized);
/* Parses a personnummer in any written form as of clock_today (so
 * SAMSYN_TODAY governs the century of 10-digit forms). PNR_OK or an error
 * for pnr_error_text. */
int participant_parse_pnr(const char *s, struct pnr *out);

/* q in the form of a local reference ("A-1234", also "a 1234", "A1234"),
 * written the stored way; NULL when q is not one. */
const char *participant_local_ref_query(struct arena *a, const char *q);

/* Writes one `read participant ID` event per distinct id, in one
 * transaction (one disk write instead of one per row). For every module
 * that shows participant data. */
int participant_audit_reads(struct ctx *c, const int64_t *ids, size_t n, const char *detail);

/* Consents: history newest first; a new one becomes the one in force. */
int participant_consents(struct ctx *c, int64_t id, const struct page *p, struct consent_list *out);
int participant_add_consent(struct ctx *c, int64_t id, const struct consent *in, struct consent *out);

#endif
