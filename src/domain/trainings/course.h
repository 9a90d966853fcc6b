/* course.h — a course of the employer trainings (docs/trainings.md), for
 * example "Mentorskap grundutbildning": it belongs to a structural
 * intervention, so that its attendees count there, and it may name the title
 * its diplomas give. Everyone logged in reads courses (they are not personal
 * data); admin and kansli add and change them. It may name a survey for
 * each wave (survey.h). */
#ifndef SAMSYN_TRAININGS_COURSE_H
#define SAMSYN_TRAININGS_COURSE_H
#include "../ctx.h"

struct course {
	int64_t id;
	const char *name;          /* 1–200 characters */
	int64_t intervention_id;   /* a structural intervention */
	const char *description;   /* NULL: none */
	const char *diploma_title; /* NULL: the course gives no diploma */
	int64_t survey_session_id;    /* the survey sent when a session ends; 0: none */
	int64_t survey_six_months_id; /* the survey sent six months later; 0: none */
	const char *created_at, *updated_at;
};

struct course_patch {
	const char *name, *description, *diploma_title;
	int64_t intervention_id, survey_session_id, survey_six_months_id;
	bool has_name, has_description, has_diploma_title, has_intervention_id, has_survey_session_id,
		has_survey_six_months_id;
};

struct course_list {
	struct course *items;
	size_t n;
	int64_t total;
};

/* By name; p->q searches the name. */
int course_list(struct ctx *c, const struct page *p, struct course_list *out);
int course_get(struct ctx *c, int64_t id, struct course *out);
int course_create(struct ctx *c, const struct course *in, struct course *out);
int course_update(struct ctx *c, int64_t id, const struct course_patch *in, struct course *out);
/* 0 when the actor may read courses and their sessions, else ERR_UNAUTH. */
int course_may_read(struct ctx *c);

#endif
