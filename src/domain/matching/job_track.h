/* job_track.h — job tracks and their admission funnel (issue 14 item 5,
 * docs/matching.md "Job tracks"): a chain of interventions and free-text
 * steps that prepares people for one occupation with one or more
 * employers, the candidates put forward by the partners, and each
 * candidate's dated stage history. A track holds no personal data: every
 * logged-in user reads it; admin, kansli and case workers write it. Its
 * candidates are the participants' data: only those the actor may see
 * (access.h), audited as the participant's ("job_track_candidate"). */
#ifndef SAMSYN_MATCHING_JOB_TRACK_H
#define SAMSYN_MATCHING_JOB_TRACK_H
#include "../ctx.h"

struct job_track {
	int64_t id;
	const char *name;
	int64_t *employer_ids;
	size_t nemployer_ids;
	const char *ssyk_code; /* SSYK 2012 unit group, 4 digits */
	int64_t places;        /* ≥ 1 */
	const char *info_meeting_date, *application_deadline, *start_date, *end_date; /* YYYY-MM-DD or NULL */
	int64_t *intervention_ids; /* the chain's Samsyn interventions, in order */
	size_t nintervention_ids;
	const char **steps; /* the chain's free-text steps, in order */
	size_t nsteps;
	int64_t candidates; /* how many candidates the track has, whoever put them forward */
	int64_t org_id;     /* the organisation that made it */
	const char *created_at, *updated_at;
};

/* POST takes v whole; PATCH the members whose has_ flag is set. */
struct job_track_input {
	struct job_track v;
	bool has_name, has_employer_ids, has_ssyk_code, has_places, has_info_meeting_date, has_application_deadline;
	bool has_start_date, has_end_date, has_intervention_ids, has_steps;
};

struct job_track_list {
	struct job_track *items;
	size_t n;
	int64_t total;
};

/* Newest first; q searches the name. */
int job_track_list(struct ctx *c, const struct page *p, struct job_track_list *out);
int job_track_get(struct ctx *c, int64_t id, struct job_track *out);
int job_track_create(struct ctx *c, const struct job_track_input *in, struct job_track *out);
int job_track_update(struct ctx *c, int64_t id, const struct job_track_input *in, struct job_track *out);

/* The stages of the funnel: the main line in order, then the branches. */
#define JOB_TRACK_MAIN_STAGES 9
#define JOB_TRACK_STAGES 12
extern const char *const job_track_stages[JOB_TRACK_STAGES];
/* A stage's Swedish name ("Provpraktik"), as the UI's JOB_TRACK_STAGE_LABELS
 * (tests/unit/test_ui_labels.c); NULL for an unknown code. */
const char *job_track_stage_label(const char *stage);
/* The index of a stage in job_track_stages, or -1. */
int job_track_stage_index(const char *stage);

struct job_track_stage {
	const char *stage, *date, *reason; /* reason NULL when none */
	int64_t user_id, org_id;
	const char *user_name, *org_name; /* who made the change, as named now */
	const char *created_at;
};

struct job_track_candidate {
	int64_t id, job_track_id, participant_id, nominated_by_org_id;
	const char *stage, *stage_date;
	const char *motivation, *reason; /* NULL when none */
	const char *created_at, *updated_at;
	struct job_track_stage *history; /* oldest first; with a record alone */
	size_t nhistory;
};

/* POST: participant_id, nominated_by_org_id (0: the actor's organisation),
 * date (NULL: today), motivation (optional). */
struct job_track_nomination {
	int64_t participant_id, nominated_by_org_id;
	const char *date, *motivation;
};

/* PATCH: stage, reason, motivation, date (NULL: today). */
struct job_track_stage_change {
	const char *stage, *reason, *motivation, *date;
	bool has_motivation;
};

struct job_track_candidate_list {
	struct job_track_candidate *items;
	size_t n;
	int64_t total;
};

/* The track's candidates the actor may see (others are not listed; the
 * track's `candidates` counts them all). Audited. */
int job_track_candidate_list(struct ctx *c, int64_t track_id, const struct page *p,
			     struct job_track_candidate_list *out);
/* One candidate with her history; 404 when the actor may not see her. Audited. */
int job_track_candidate_get(struct ctx *c, int64_t track_id, int64_t candidate_id, struct job_track_candidate *out);
/* Puts a participant the actor sees forward: stage nominated, its first
 * history row. 409 when she is already a candidate of the track. */
int job_track_candidate_create(struct ctx *c, int64_t track_id, const struct job_track_nomination *in,
			       struct job_track_candidate *out);
/* Moves a candidate to another stage by the rules of docs/matching.md:
 * forward along the main line (skipping allowed), the branches from their
 * stages with a reason, nothing after a final stage. */
int job_track_candidate_move(struct ctx *c, int64_t track_id, int64_t candidate_id,
			     const struct job_track_stage_change *in, struct job_track_candidate *out);

#endif
