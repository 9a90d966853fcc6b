/* enrolment.h — a participant's enrolment (inskrivning) in an intervention
 * measured with participants, with the SUS variables at start (background)
 * and exit, and the follow-up 6 and 12 months after exit. Every code comes
 * from the code lists (codelist.h). Enrolments are seen by whoever sees the
 * participant (access.h), and each read is audited as a read of her. */
#ifndef SAMSYN_ENROLMENT_H
#define SAMSYN_ENROLMENT_H
#include "ctx.h"

struct code_set {
	const char **codes;
	size_t n;
};

/* An answer to a förbund's own question: the list's name and its codes.
 * multiple: the list takes several codes (out); the answer was given as an
 * array (in). */
struct answer {
	const char *list;
	const char **codes;
	size_t n;
	bool multiple;
};

struct enrolment {
	int64_t id, participant_id, intervention_id;
	const char *start_date, *end_date; /* end NULL while it runs */
	/* background, recorded at start */
	const char *occupation_before, *education_level, *support_time;
	struct code_set income_before;
	struct answer *answers_start;
	size_t nanswers_start;
	/* at exit */
	const char *outcome, *exit_reason;
	struct code_set income_after;
	struct answer *answers_exit;
	size_t nanswers_exit;
	const char *followup_6m, *followup_12m;
	const char *status; /* planned, ongoing, ended (enrolment_status); set on every read */
};

/* Create: the participant by id or by personnummer (one of them), and every
 * other field; absent fields are NULL/empty. Update: only the fields whose
 * has_ flag is set change (participant and intervention cannot). */
struct enrolment_input {
	int64_t participant_id, intervention_id;
	const char *personnummer;
	struct enrolment e;
	bool has_participant_id, has_intervention_id, has_personnummer;
	bool has_start_date, has_end_date, has_occupation_before, has_education_level, has_support_time,
		has_income_before, has_answers_start, has_outcome, has_exit_reason, has_income_after, has_answers_exit,
		has_followup_6m, has_followup_12m;
};

struct enrolment_filter {
	int64_t participant_id, intervention_id; /* 0: any */
};

struct enrolment_list {
	struct enrolment *items;
	size_t n;
	int64_t total;
};

/* "planned" while the start is after today (it has not begun and is
 * counted nowhere yet), "ended" once the end date has come, else
 * "ongoing". today is YYYY-MM-DD (clock_today). */
const char *enrolment_status(const char *start_date, const char *end_date, const char *today);

/* Admin, or a case worker whose organisation owns or partners in the
 * intervention. By personnummer she may enrol a person registered by
 * someone else, whom she then sees. */
int enrolment_create(struct ctx *c, const struct enrolment_input *in, struct enrolment *out);
/* enrolment_create's rules without a participant (none is looked up) and
 * without saving: the import checks the enrolment of a line whose
 * participant was refused, so that the line's every fault is reported. */
int enrolment_check_new(struct ctx *c, const struct enrolment_input *in);
/* 404 unless the user sees the participant. */
int enrolment_get(struct ctx *c, int64_t id, struct enrolment *out);
int enrolment_update(struct ctx *c, int64_t id, const struct enrolment_input *in, struct enrolment *out);
/* The visible participants' enrolments, newest start first. */
int enrolment_list(struct ctx *c, const struct enrolment_filter *f, const struct page *p, struct enrolment_list *out);

#endif
