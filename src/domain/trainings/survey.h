/* survey.h — the surveys of the employer trainings (docs/trainings.md,
 * "Surveys"): the förbund's own forms (scale 1–5, choice, free text) that a
 * course names for two waves, sent when a session ends and six months
 * later; the scheduler that invites each attendee by mail with a one-time
 * link when a wave is due; the public page's read and answer; and the
 * results per question, split women and men, suppressed as every report.
 * Answers are stored apart from the person (migration 0017): nothing joins
 * a response to an invitation or a registration. */
#ifndef SAMSYN_TRAININGS_SURVEY_H
#define SAMSYN_TRAININGS_SURVEY_H
#include "../ctx.h"
#include "../../report/table.h"

struct survey_question {
	int64_t id;
	const char *text;     /* 1–500 characters */
	const char *kind;     /* scale choice text */
	const char **choices; /* choice: 2–20 distinct texts of 1–200 characters; else none */
	size_t nchoices;
};

struct survey {
	int64_t id;
	const char *name; /* 1–200 characters */
	struct survey_question *questions; /* 1–50, in order */
	size_t nquestions;
	bool has_responses; /* answered at least once: the questions are frozen */
	const char *created_at, *updated_at;
};

struct survey_patch {
	const char *name;
	struct survey_question *questions;
	size_t nquestions;
	bool has_name, has_questions;
};

struct survey_list {
	struct survey *items; /* without their questions */
	size_t n;
	int64_t total;
};

/* Admin, kansli and trainers read surveys; others 403. */
int survey_list(struct ctx *c, const struct page *p, struct survey_list *out);
int survey_get(struct ctx *c, int64_t id, struct survey *out);
/* Admin and kansli. */
int survey_create(struct ctx *c, const struct survey *in, struct survey *out);
/* Questions sent replace the survey's; 409 once it has a response (its
 * answers name the questions they answer). */
int survey_update(struct ctx *c, int64_t id, const struct survey_patch *in, struct survey *out);
/* 0 when id names a survey, else an invalid_parameters entry on field
 * (a course's survey_session_id, survey_six_months_id). */
int survey_check_ref(struct ctx *c, const char *field, int64_t id);

/* --- the public page (no login) --------------------------------------- */

struct survey_public {
	const char *survey, *course; /* names */
	const char *wave;            /* session six_months */
	struct survey_question *questions;
	size_t nquestions;
	bool answered;
};

/* The survey of an invitation's token; 404 for a token that is not one. */
int survey_public_get(struct ctx *c, const char *token, struct survey_public *out);

struct survey_answer_in {
	int64_t question_id;
	bool is_number;     /* value was a number (a scale) */
	int64_t number;
	const char *text;   /* value was a string (a choice or free text); NULL with !is_number: no answer */
};

/* Stores the answers of token's invitation as an anonymous response (its
 * survey, the session's course, session and format, the registration's
 * sex, the wave, the month) and marks the invitation answered, in one
 * transaction. 404 unknown token, 409 answered already, 422 a wrong
 * answer (answers[i].value named). Unanswered questions are allowed. */
int survey_public_answer(struct ctx *c, const char *token, const struct survey_answer_in *answers, size_t n);

/* --- the scheduler ----------------------------------------------------- */

/* An invitation is made at most this long after its wave came due: a
 * course that is given a survey late, or a server that was down, does not
 * mail people about a training long past. */
#define SURVEY_LATE_DAYS 365

/* For every attended registration (attended, status registered) of a
 * session whose course names a survey for a wave, whose wave is due (the
 * session wave at ends_at, the six-month wave six months after it, the
 * day clamped to the month's end) but not more than SURVEY_LATE_DAYS ago,
 * and that has no invitation for it: makes the invitation and queues its mail
 * (Swedish, signed with the förbund's name, the link
 * /utbildning/enkat/{token} under links_public), each in its own
 * transaction. Idempotent. *made: how many it made (may be NULL). Run by
 * the server's sender thread (c's actor the system). */
int survey_schedule_due(struct ctx *c, int *made);

/* --- the results ------------------------------------------------------- */

struct survey_report_params {
	int64_t course_id;          /* required */
	const char *wave;           /* session (default) or six_months */
	const char *session_format; /* NULL: every format; else a session format */
	int suppress;               /* 0 none, else ≥ 2; raised as every report's (report.h) */
};

struct survey_report_question {
	int64_t id;
	const char *text, *kind;
	/* Rows keyed by "answer" (1–5, the choices; none for free text), one
	 * disjoint count group; the total row is those who answered it. */
	struct report_table table;
	/* Free text: every answer, in alphabetical order and without sex,
	 * only when the responses are at least the suppression threshold
	 * (texts_withheld otherwise). */
	const char **texts;
	size_t ntexts;
	bool texts_withheld;
};

struct survey_report {
	int64_t course_id;
	const char *course, *wave, *session_format;
	int64_t invited, responses;
	int64_t response_rate_tenths; /* -1 when none were invited */
	/* Suppressed: responses (and so the rate) are not shown, since they
	 * are a small count or equal a question's hidden answered total
	 * (hidden whenever any such total is, so that null says nothing). */
	bool responses_hidden;
	struct survey_report_question *questions;
	size_t nquestions;
	int suppress; /* the threshold used, 0 none */
};

/* Every logged-in user reads it (as every report); suppressed with at least
 * the förbund's threshold for those who may not see the people behind the
 * course's intervention (access_sees_people_behind). */
int survey_report(struct ctx *c, struct survey_report_params *p, struct survey_report *out);

#endif
