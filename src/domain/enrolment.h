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
	/* Only in a list asked with_participant: the participant's name as the
	 * actor's organisation sees her (NULL for an anonymous one) and sex. */
	struct {
		bool loaded, anonymous;
		const char *first_name, *last_name, *sex;
		int64_t birth_year;
	} participant;
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

/* Which enrolments a list asks for, by their dates as of today
 * (clock_today, so SAMSYN_TODAY governs it): status "planned" (starts after
 * today), "ongoing" (started, and no end date or one after today) or
 * "ended" (end date today or earlier); followup_due: a follow-up
 * due (ENROLMENT_FOLLOWUP_DUE_SQL). */
struct enrolment_state {
	const char *status; /* NULL: any */
	bool followup_due;
};
/* A follow-up is chased until this many months after the exit: later the
 * person can no longer be asked about then. The list filter followup_due
 * and the start page's count use the same rule (ENROLMENT_FOLLOWUP_DUE_SQL). */
#define ENROLMENT_FOLLOWUP_MONTHS 24
/* Enrolment alias e has a follow-up due: ended 6 to
 * ENROLMENT_FOLLOWUP_MONTHS months ago, not a registration error, without
 * its 6-month follow-up, or 12 months ago or more without its 12-month
 * one. "followup_6m IS NULL OR followup_12m IS NULL" is the partial index
 * enrolments_followup_open's condition, written out so that SQLite may use
 * it; the end-date range lets it read one range of an index by end date.
 * Its dates bind by enrolment_followup_due_bind. */
#define ENROLMENT_FOLLOWUP_DUE_SQL                                                                                 \
	" AND e.end_date >= :due_oldest AND e.end_date <= :due_6m AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error')" \
	" AND (e.followup_6m IS NULL OR e.followup_12m IS NULL)"                                                      \
	" AND (e.followup_6m IS NULL OR (e.followup_12m IS NULL AND e.end_date <= :due_12m))"
/* Binds ENROLMENT_FOLLOWUP_DUE_SQL's dates for today. */
void enrolment_followup_due_bind(struct stmt *s, const char *today);
/* 0, or 422 naming "status" with a Swedish reason. */
int enrolment_state_check(struct ctx *c, const struct enrolment_state *st);
/* Does st ask for anything? */
bool enrolment_state_any(const struct enrolment_state *st);
/* Conditions " AND …" on the enrolment alias e for st (empty for none),
 * from fixed fragments, for a composed statement (store_prepare_composed),
 * so that SQLite plans each filter with its index. */
const char *enrolment_state_sql(const struct enrolment_state *st);
/* Binds the parameters of enrolment_state_sql(st). */
void enrolment_state_bind(struct stmt *s, const struct enrolment_state *st);

/* How an enrolment list is ordered: by start date (the default, newest
 * first) or by end date (the running ones, with no end, last when
 * ascending and first when descending). */
enum enrolment_sort { ENROLMENT_SORT_START_DESC, ENROLMENT_SORT_START_ASC, ENROLMENT_SORT_END_DESC, ENROLMENT_SORT_END_ASC };

struct enrolment_filter {
	int64_t participant_id, intervention_id; /* 0: any */
	struct enrolment_state state;
	enum enrolment_sort sort;
	bool with_participant; /* each item carries the participant as the actor sees her (name, sex) */
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
/* The status in Swedish words, as the pages show it. */
const char *enrolment_status_label(const char *status);

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
/* The visible enrolments matching f, in f->sort's order. */
int enrolment_list(struct ctx *c, const struct enrolment_filter *f, const struct page *p, struct enrolment_list *out);

#endif
