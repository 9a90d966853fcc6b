/* training_report.h — the trainings' report (docs/trainings.md, "Reports"):
 * per session of the period the registrations, the waiting list, the
 * cancellations, attendance and the no-shows; the unique employers whose
 * people attended the courses' interventions, in all and per format; the
 * unique attendees; and the interventions' goals for attendees in the
 * years of the period. Every logged-in user reads it, as every report;
 * the counts of people are suppressed as in the others. */
#ifndef SAMSYN_TRAININGS_TRAINING_REPORT_H
#define SAMSYN_TRAININGS_TRAINING_REPORT_H
#include "../report.h"

/* The session table's groups, in its order. */
enum { TR_REGISTERED, TR_WAITLISTED, TR_CANCELLED, TR_ATTENDED, TR_NO_SHOWS, TR_GROUPS };

struct training_report_employers {
	const char *format; /* attendee_format code */
	const char *label;  /* its Swedish label */
	int64_t count;
};

struct training_report {
	int64_t course_id; /* 0: every course */
	/* One row per session that starts in the period (keys: session_id,
	 * course, format, starts_at, status, capacity; a plain table of
	 * TR_GROUPS counts, the total row their sums). */
	struct report_table sessions;
	int64_t capacity; /* the sessions' seats together */
	int64_t unique_employers;
	struct training_report_employers *by_format; /* every attendee_format code, in the list's order */
	size_t nformats;
	struct report_count attendees; /* unique people; unspecified sex in total only */
	struct report_goal *goals;     /* attendees and mentors_trained goals of the courses' interventions */
	size_t ngoals;
	int *years;                    /* per goal: its year */
	int people_suppress;           /* the threshold of attendees and goals (0: none) */
};

/* p: from, to, suppress (the rest as report_check_period); course_id 0 for
 * every course, else that course (422 on course_id when it does not exist).
 * The attendees and the goals are suppressed as every report's counts
 * (out->people_suppress: at least the förbund's threshold for a user who
 * may not see the people behind them); the session table the same, except
 * for admin and kansli, who read every registration by name: theirs is
 * suppressed only when they ask. p->suppress is then the session table's. */
int training_report(struct ctx *c, struct report_params *p, int64_t course_id, struct training_report *out);

#endif
