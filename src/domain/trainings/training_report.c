/* training_report.c — the SQL of the trainings' report (training_report.h).
 * A session belongs to the period by the day it starts; attendees by their
 * date, as in the attendees report, so the two agree. */
#include "training_report.h"
#include "../../base/clock.h"
#include "../../store/store.h"
#include <stdlib.h>
#include <string.h>

static const struct report_column session_keys[] = {
	{"session_id", "Tillfälle-id", REPORT_KEY_INT},
	{"course", "Utbildning", REPORT_KEY_TEXT},
	{"format", "Form", REPORT_KEY_TEXT},
	{"starts_at", "Start (UTC)", REPORT_KEY_TEXT},
	{"status", "Status", REPORT_KEY_TEXT},
	{"capacity", "Platser", REPORT_KEY_INT},
};
/* The sessions do not overlap: each column sums to the total row. */
static const struct report_group session_groups[TR_GROUPS] = {
	{"registered", "Anmälda", REPORT_COUNT, true, 0, 0},
	{"waitlisted", "Reserver", REPORT_COUNT, true, 0, 0},
	{"cancelled", "Avbokade", REPORT_COUNT, true, 0, 0},
	{"attended", "Närvarande", REPORT_COUNT, true, 0, 0},
	{"no_shows", "Uteblev", REPORT_COUNT, true, 0, 0},
};

/* A session's status in Swedish, beside its code in the CSV. */
static const char *status_label(void *arg, const char *code)
{
	(void)arg;
	static const char *const labels[][2] = {{"open", "Öppen"}, {"closed", "Stängd"}, {"cancelled", "Inställd"}};
	for (size_t i = 0; code && i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(code, labels[i][0]) == 0) return labels[i][1];
	return code;
}

static int failed(struct ctx *c)
{
	return err_set(&c->err, ERR_INTERNAL, "Kunde inte ta fram utbildningsrapporten.");
}

/* The courses of the report: :course, NULL for every course. */
#define COURSE_FILTER "(CAST(:course AS BIGINT) IS NULL OR k.id = :course)"
/* Attendees a of the courses' interventions in the period, by today. */
#define IN_SCOPE                                                                                      \
	" a.date >= :from AND a.date <= :until AND a.intervention_id IN (SELECT k.intervention_id FROM courses k" \
	" WHERE " COURSE_FILTER ")"
/* An employer: the register's id, else the name as given (trimmed, lower case). */
#define EMPLOYER_KEY                                                                                  \
	"CASE WHEN a.employer_id IS NOT NULL THEN 'id ' || CAST(a.employer_id AS TEXT)"                  \
	" WHEN a.organisation_name IS NOT NULL AND TRIM(a.organisation_name) <> ''"                       \
	" THEN 'name ' || LOWER(TRIM(a.organisation_name)) END"

static void bind_course(struct stmt *s, int64_t course_id)
{
	if (course_id) stmt_bind_int(s, ":course", course_id);
	else stmt_bind_null(s, ":course");
}

static void bind_period(struct stmt *s, const struct report_params *p, int64_t course_id)
{
	stmt_bind_text(s, ":from", p->from);
	if (stmt_has_param(s, ":to")) stmt_bind_text(s, ":to", p->to);
	if (stmt_has_param(s, ":until")) stmt_bind_text(s, ":until", p->until);
	bind_course(s, course_id);
}

static int sessions(struct ctx *c, const struct report_params *p, int64_t course_id, struct training_report *out)
{
	struct report_table *t = &out->sessions;
	report_table_init(t, c->arena, 6, session_keys, TR_GROUPS, session_groups);
	t->plain = true;
	char now[21];
	clock_format_rfc3339(clock_now(), now);
	struct stmt *s = store_prepare(c->db,
		"SELECT s.id, k.name, s.format, s.starts_at, s.status, s.capacity,"
		" SUM(CASE WHEN r.status = 'registered' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN r.status = 'waitlisted' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN r.status = 'cancelled' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN r.attended = 1 THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN r.status = 'registered' AND r.attended = 0 AND s.ends_at < :now THEN 1 ELSE 0 END)"
		" FROM training_sessions s JOIN courses k ON k.id = s.course_id"
		" LEFT JOIN training_registrations r ON r.session_id = s.id"
		" WHERE SUBSTR(s.starts_at, 1, 10) >= :from AND SUBSTR(s.starts_at, 1, 10) <= :to AND " COURSE_FILTER
		" GROUP BY s.id, k.name, s.format, s.starts_at, s.status, s.capacity ORDER BY s.starts_at, s.id");
	bind_period(s, p, course_id);
	stmt_bind_text(s, ":now", now);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		struct report_key key[6] = {
			{.num = stmt_int(s, 0)}, {.text = stmt_text(s, 1)}, {.text = stmt_text(s, 2)},
			{.text = stmt_text(s, 3)}, {.text = stmt_text(s, 4)}, {.num = stmt_int(s, 5)},
		};
		out->capacity += stmt_int(s, 5);
		for (int g = 0; g < TR_GROUPS; g++) report_table_count(t, key, g, stmt_int(s, 6 + g));
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	for (int g = 0; g < TR_GROUPS; g++) report_table_sum_rows(t, g);
	return 0;
}

static int employers(struct ctx *c, const struct report_params *p, int64_t course_id, struct training_report *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT COUNT(DISTINCT " EMPLOYER_KEY ") FROM attendees a WHERE" IN_SCOPE);
	bind_period(s, p, course_id);
	if (stmt_scalar(s, &out->unique_employers) < 0) return failed(c);
	s = store_prepare(c->db, "SELECT f.code, f.label, (SELECT COUNT(DISTINCT " EMPLOYER_KEY ") FROM attendees a WHERE a.format = f.code"
				 " AND" IN_SCOPE ") FROM codes f WHERE f.list = 'attendee_format' ORDER BY f.sort_order, f.code");
	bind_period(s, p, course_id);
	size_t cap = 8;
	out->by_format = arena_alloc(c->arena, cap * sizeof *out->by_format);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		if (out->nformats == cap) {
			struct training_report_employers *more = arena_alloc(c->arena, 2 * cap * sizeof *more);
			memcpy(more, out->by_format, cap * sizeof *more);
			out->by_format = more, cap *= 2;
		}
		out->by_format[out->nformats++] =
			(struct training_report_employers){arena_strdup(c->arena, stmt_text(s, 0)),
							   arena_strdup(c->arena, stmt_text(s, 1)), stmt_int(s, 2)};
	}
	stmt_done(s);
	return rc < 0 ? failed(c) : 0;
}

/* Unique people (person_key) among the attendees in scope; a person's sex
 * as the attendees report takes it. */
static int attendees(struct ctx *c, const struct report_params *p, int64_t course_id, struct training_report *out)
{
	struct stmt *s = store_prepare(c->db,
		"SELECT SUM(CASE WHEN x.sex = 'female' THEN 1 ELSE 0 END), SUM(CASE WHEN x.sex = 'male' THEN 1 ELSE 0 END),"
		" COUNT(*) FROM (SELECT a.person_key, MIN(a.sex) AS sex FROM attendees a WHERE" IN_SCOPE
		" GROUP BY a.person_key) x");
	bind_period(s, p, course_id);
	memset(&out->attendees, 0, sizeof out->attendees);
	int rc = stmt_step(s);
	if (rc == STORE_ROW) {
		out->attendees.women = stmt_int(s, 0);
		out->attendees.men = stmt_int(s, 1);
		out->attendees.total = stmt_int(s, 2);
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	if (out->people_suppress) report_count_suppress(&out->attendees, out->people_suppress);
	return 0;
}

/* Is intervention id one of the report's courses'? */
static bool in_courses(struct ctx *c, int64_t course_id, int64_t intervention_id)
{
	struct stmt *s = store_prepare(c->db, "SELECT COUNT(*) FROM courses k WHERE k.intervention_id = :iv AND " COURSE_FILTER);
	stmt_bind_int(s, ":iv", intervention_id);
	bind_course(s, course_id);
	int64_t n = 0;
	return stmt_scalar(s, &n) >= 0 && n > 0;
}

/* The goals for attendees of the years the period touches. */
static int goals(struct ctx *c, const struct report_params *p, int64_t course_id, struct training_report *out)
{
	int first = atoi(p->from), last = atoi(p->to);
	size_t cap = 0;
	for (int y = first; y <= last; y++) {
		struct report_params yp = {.year = y, .suppress = out->people_suppress};
		struct report_goals g;
		if (report_goals(c, &yp, &g) != 0) return c->err.code;
		for (size_t i = 0; i < g.n; i++) {
			const struct report_goal *it = &g.items[i];
			if (strcmp(it->indicator, "attendees") != 0 && strcmp(it->indicator, "mentors_trained") != 0) continue;
			if (!in_courses(c, course_id, it->intervention_id)) continue;
			if (out->ngoals == cap) {
				cap = cap ? 2 * cap : 8;
				struct report_goal *more = arena_alloc(c->arena, cap * sizeof *more);
				int *years = arena_alloc(c->arena, cap * sizeof *years);
				if (out->ngoals) {
					memcpy(more, out->goals, out->ngoals * sizeof *more);
					memcpy(years, out->years, out->ngoals * sizeof *years);
				}
				out->goals = more, out->years = years;
			}
			out->years[out->ngoals] = y;
			out->goals[out->ngoals++] = *it;
		}
	}
	return 0;
}

int training_report(struct ctx *c, struct report_params *p, int64_t course_id, struct training_report *out)
{
	memset(out, 0, sizeof *out);
	out->course_id = course_id;
	p->intervention_id = 0;
	int asked = p->suppress;
	if (report_check_period(c, p) != 0) return c->err.code;
	out->people_suppress = p->suppress;
	/* Admin and kansli read every registration by name: the counts of
	 * them hide no one from them. */
	if (actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI)) p->suppress = asked;
	if (course_id && !row_exists(c, "SELECT 1 FROM courses WHERE id = :id", course_id))
		return err_field(&c->err, "course_id", NULL, "Utbildningen finns inte.");
	if (sessions(c, p, course_id, out) != 0) return c->err.code;
	report_table_describe(&out->sessions, 4, "Status, benämning", status_label, NULL);
	if (report_finish(c, p, &out->sessions) != 0 ||
	    employers(c, p, course_id, out) != 0 || attendees(c, p, course_id, out) != 0 || goals(c, p, course_id, out) != 0)
		return c->err.code;
	return 0;
}
