/* job_track.c — rules and storage of job tracks and their candidates
 * (job_track.h, docs/matching.md "Job tracks"). A candidate's stage is the
 * latest row of her stage history; each move adds a dated row with the
 * user and organisation that made it, in the same transaction. */
#include "job_track.h"
#include "../access.h"
#include "../audit.h"
#include "../check.h"
#include "../../base/clock.h"
#include "../../base/utf8.h"
#include "../../se/ssyk.h"
#include "../../store/store.h"
#include <string.h>

static const char track_not_found[] = "Jobbspåret finns inte.";
static const char candidate_not_found[] = "Kandidaten finns inte.";

const char *const job_track_stages[JOB_TRACK_STAGES] = {
	"nominated", "invited", "attended_info", "applied", "trial", "admitted", "started", "completed", "employed",
	"not_admitted", "dropped_out", "withdrawn",
};
static const char *const stage_labels[JOB_TRACK_STAGES] = {
	"Föreslagen", "Inbjuden till informationsmöte", "Deltog i informationsmöte", "Har ansökt", "Provpraktik", "Antagen",
	"Påbörjat", "Fullföljt", "Anställd", "Inte antagen", "Avbrutit", "Återtagen",
};

const char *job_track_stage_label(const char *stage)
{
	int i = job_track_stage_index(stage);
	return i < 0 ? NULL : stage_labels[i];
}

enum { NOMINATED, INVITED, ATTENDED_INFO, APPLIED, TRIAL, ADMITTED, STARTED, COMPLETED, EMPLOYED, NOT_ADMITTED,
       DROPPED_OUT, WITHDRAWN };

int job_track_stage_index(const char *stage)
{
	for (int i = 0; stage && i < JOB_TRACK_STAGES; i++)
		if (strcmp(stage, job_track_stages[i]) == 0) return i;
	return -1;
}

/* --- tracks --------------------------------------------------------------- */

static bool may_write_tracks(const struct actor *a)
{
	return actor_has(a, ROLE_ADMIN | ROLE_KANSLI | ROLE_CASE_WORKER);
}

#define TRACK_COLS                                                                                              \
	"t.id, t.places, t.org_id, (SELECT COUNT(*) FROM job_track_candidates k WHERE k.job_track_id = t.id),"  \
	" t.name, t.ssyk_code, t.info_meeting_date, t.application_deadline, t.start_date, t.end_date,"          \
	" t.created_at, t.updated_at"

static void read_track(struct ctx *c, struct stmt *s, void *out)
{
	struct job_track *t = out;
	memset(t, 0, sizeof *t);
	t->id = stmt_int(s, 0);
	t->places = stmt_int(s, 1);
	t->org_id = stmt_int(s, 2);
	t->candidates = stmt_int(s, 3);
	read_texts(c, s, 4, (const char **[]){&t->name, &t->ssyk_code, &t->info_meeting_date, &t->application_deadline,
					    &t->start_date, &t->end_date, &t->created_at, &t->updated_at, NULL});
}

/* The track's lists: employers, interventions and steps. */
static int load_children(struct ctx *c, struct job_track *t)
{
	const char *fail = "Kunde inte läsa jobbspåret.";
	t->employer_ids = list_all_of_parent(c, "SELECT employer_id FROM job_track_employers WHERE job_track_id = :parent"
					     " ORDER BY employer_id", t->id, sizeof *t->employer_ids, read_int_column,
					     &t->nemployer_ids, fail);
	if (!t->employer_ids) return c->err.code;
	t->intervention_ids = list_all_of_parent(c, "SELECT intervention_id FROM job_track_interventions"
						 " WHERE job_track_id = :parent ORDER BY position", t->id,
						 sizeof *t->intervention_ids, read_int_column, &t->nintervention_ids, fail);
	if (!t->intervention_ids) return c->err.code;
	t->steps = list_all_of_parent(c, "SELECT name FROM job_track_steps WHERE job_track_id = :parent ORDER BY position",
				      t->id, sizeof *t->steps, read_text_column, &t->nsteps, fail);
	return t->steps ? 0 : c->err.code;
}

static int logged_in(struct ctx *c)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se jobbspåren.");
	return 0;
}

static int get(struct ctx *c, int64_t id, struct job_track *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " TRACK_COLS " FROM job_tracks t WHERE t.id = :id");
	stmt_bind_int(s, ":id", id);
	if (get_one(c, s, read_track, out, track_not_found, "Kunde inte läsa jobbspåret.") != 0) return c->err.code;
	return load_children(c, out);
}

int job_track_get(struct ctx *c, int64_t id, struct job_track *out)
{
	if (logged_in(c) != 0) return c->err.code;
	return get(c, id, out);
}

int job_track_list(struct ctx *c, const struct page *p, struct job_track_list *out)
{
	if (logged_in(c) != 0) return c->err.code;
	out->items = list_like(c, "SELECT COUNT(*) FROM job_tracks t WHERE (CAST(:like AS TEXT) IS NULL OR t.name LIKE :like ESCAPE '\\')",
			       "SELECT " TRACK_COLS " FROM job_tracks t WHERE (CAST(:like AS TEXT) IS NULL OR t.name LIKE :like"
			       " ESCAPE '\\') ORDER BY t.id DESC LIMIT :limit OFFSET :offset",
			       p, sizeof *out->items, read_track, &out->n, &out->total, "Kunde inte läsa jobbspåren.");
	if (!out->items) return c->err.code;
	for (size_t i = 0; i < out->n; i++)
		if (load_children(c, &out->items[i]) != 0) return c->err.code;
	return 0;
}

static const char *item_name(struct ctx *c, const char *field, size_t i)
{
	return arena_printf(c->arena, "%s[%zu]", field, i);
}

static bool int_seen_before(const int64_t *items, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (items[j] == items[i]) return true;
	return false;
}

/* A date field: absent, or a real date. */
static bool date_ok(struct ctx *c, const char *field, const char *v)
{
	if (v && !clock_valid_date(v)) {
		err_field(&c->err, field, v, "Ange ett datum som ÅÅÅÅ-MM-DD.");
		return false;
	}
	return true;
}

static void validate(struct ctx *c, struct job_track *t)
{
	if (!t->name || !utf8_text_ok(t->name, 1, 200)) err_field(&c->err, "name", NULL, "Ange ett namn med 1–200 tecken.");
	if (t->nemployer_ids == 0) err_field(&c->err, "employer_ids", NULL, "Ange minst en arbetsgivare.");
	if (t->nemployer_ids > 50) err_field(&c->err, "employer_ids", NULL, "Ange högst 50 arbetsgivare.");
	for (size_t i = 0; i < t->nemployer_ids && i < 50; i++) {
		if (int_seen_before(t->employer_ids, i))
			err_field(&c->err, item_name(c, "employer_ids", i), NULL, "Arbetsgivaren finns redan i listan.");
		else if (t->employer_ids[i] < 1 || !row_exists(c, "SELECT 1 FROM employers WHERE id = :id", t->employer_ids[i]))
			err_field(&c->err, item_name(c, "employer_ids", i), NULL, "Arbetsgivaren finns inte.");
	}
	char norm[SSYK_CODE_SIZE];
	if (!t->ssyk_code)
		err_field(&c->err, "ssyk_code", NULL, "Ange yrke som SSYK-kod (fyra siffror, t.ex. 5321).");
	else if (!ssyk_normalize(t->ssyk_code, norm) || !ssyk_valid(norm))
		err_field(&c->err, "ssyk_code", t->ssyk_code, "Okänd SSYK-kod (SSYK 2012, fyra siffror, t.ex. 5321).");
	else if (ssyk_level(norm) != SSYK_UNIT)
		err_field(&c->err, "ssyk_code", t->ssyk_code, "Ange en yrkesgrupp med fyra siffror (SSYK 2012), inte en grövre nivå.");
	else
		t->ssyk_code = arena_strdup(c->arena, norm);
	if (t->places < 1 || t->places > 10000) err_field(&c->err, "places", NULL, "Ange antal platser (1–10 000).");
	/* The dates in the order of the track's life; each one given is
	 * compared with the latest given before it. */
	const char *names[] = {"info_meeting_date", "application_deadline", "start_date", "end_date"};
	const char *dates[] = {t->info_meeting_date, t->application_deadline, t->start_date, t->end_date};
	const char *reasons[] = {NULL, "Sista ansökningsdag kan inte vara före informationsmötet.",
				 "Starten kan inte vara före sista ansökningsdag eller informationsmötet.",
				 "Slutdatum kan inte vara före startdatum eller de tidigare datumen."};
	const char *latest = NULL;
	for (int i = 0; i < 4; i++) {
		if (!dates[i] || !date_ok(c, names[i], dates[i])) continue;
		if (latest && strcmp(dates[i], latest) < 0) err_field(&c->err, names[i], dates[i], reasons[i]);
		else latest = dates[i];
	}
	if (t->nintervention_ids > 50) err_field(&c->err, "intervention_ids", NULL, "Ange högst 50 insatser.");
	for (size_t i = 0; i < t->nintervention_ids && i < 50; i++) {
		if (int_seen_before(t->intervention_ids, i))
			err_field(&c->err, item_name(c, "intervention_ids", i), NULL, "Insatsen finns redan i kedjan.");
		else if (t->intervention_ids[i] < 1 ||
			 !row_exists(c, "SELECT 1 FROM interventions WHERE id = :id", t->intervention_ids[i]))
			err_field(&c->err, item_name(c, "intervention_ids", i), NULL, "Insatsen finns inte.");
	}
	if (t->nsteps > 50) err_field(&c->err, "steps", NULL, "Ange högst 50 steg.");
	for (size_t i = 0; i < t->nsteps && i < 50; i++)
		if (!t->steps[i] || !utf8_text_ok(t->steps[i], 1, 200))
			err_field(&c->err, item_name(c, "steps", i), NULL, "Ett steg ska ha 1–200 tecken.");
}

/* An item of an ordered child list with its position. */
static void bind_positioned_int(struct stmt *s, const void *items, size_t i)
{
	stmt_bind_int(s, ":position", (int64_t)i);
	stmt_bind_int(s, ":item", ((const int64_t *)items)[i]);
}

static void bind_positioned_text(struct stmt *s, const void *items, size_t i)
{
	stmt_bind_int(s, ":position", (int64_t)i);
	stmt_bind_text(s, ":item", ((const char *const *)items)[i]);
}

static int save(struct ctx *c, int64_t id, const struct job_track *t, struct job_track *out)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare_save(c->db, id,
		"INSERT INTO job_tracks (name, ssyk_code, places, info_meeting_date, application_deadline, start_date,"
		" end_date, org_id, created_by_user_id, created_at, updated_at) VALUES (:name, :ssyk_code, :places,"
		" :info_meeting_date, :application_deadline, :start_date, :end_date, :org, :user, :now, :now) RETURNING id",
		"UPDATE job_tracks SET name = :name, ssyk_code = :ssyk_code, places = :places,"
		" info_meeting_date = :info_meeting_date, application_deadline = :application_deadline,"
		" start_date = :start_date, end_date = :end_date, updated_at = :now"
		" WHERE id = :id RETURNING id");
	stmt_bind_int(s, ":places", t->places);
	if (!id) {
		stmt_bind_int(s, ":org", c->actor->org_id);
		stmt_bind_int(s, ":user", c->actor->user_id);
	}
	stmt_bind_texts(s, (const char *const[][2]){{":name", t->name}, {":ssyk_code", t->ssyk_code},
		{":info_meeting_date", t->info_meeting_date}, {":application_deadline", t->application_deadline},
		{":start_date", t->start_date}, {":end_date", t->end_date}, {":now", c->now}, {NULL}});
	int64_t nid;
	int rc = stmt_write_id(s, &nid);
	if (rc == STORE_DONE)
		rc = replace_children(c, "DELETE FROM job_track_employers WHERE job_track_id = :parent",
				      "INSERT INTO job_track_employers (job_track_id, employer_id) VALUES (:parent, :item)",
				      nid, t->employer_ids, t->nemployer_ids, bind_int_item);
	if (rc == STORE_DONE)
		rc = replace_children(c, "DELETE FROM job_track_interventions WHERE job_track_id = :parent",
				      "INSERT INTO job_track_interventions (job_track_id, position, intervention_id)"
				      " VALUES (:parent, :position, :item)",
				      nid, t->intervention_ids, t->nintervention_ids, bind_positioned_int);
	if (rc == STORE_DONE)
		rc = replace_children(c, "DELETE FROM job_track_steps WHERE job_track_id = :parent",
				      "INSERT INTO job_track_steps (job_track_id, position, name) VALUES (:parent, :position, :item)",
				      nid, t->steps, t->nsteps, bind_positioned_text);
	if (change_commit(c, rc, &(struct change){.action = id ? "update" : "create", .entity = "job_track", .id = nid,
		.fail = "Kunde inte spara jobbspåret."}) != 0)
		return c->err.code;
	return get(c, nid, out);
}

static int check_writer(struct ctx *c)
{
	if (logged_in(c) != 0) return c->err.code;
	if (!may_write_tracks(c->actor))
		return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte lägga upp eller ändra jobbspår.");
	return 0;
}

int job_track_create(struct ctx *c, const struct job_track_input *in, struct job_track *out)
{
	if (check_writer(c) != 0) return c->err.code;
	struct job_track t = in->v;
	if (!in->has_places) t.places = 0;
	validate(c, &t);
	if (c->err.code) return c->err.code;
	return save(c, 0, &t, out);
}

int job_track_update(struct ctx *c, int64_t id, const struct job_track_input *in, struct job_track *out)
{
	if (check_writer(c) != 0) return c->err.code;
	struct job_track t;
	if (get(c, id, &t) != 0) return c->err.code;
	const struct job_track *v = &in->v;
#define TAKE(f) \
	if (in->has_##f) t.f = v->f
	TAKE(name);
	TAKE(ssyk_code);
	TAKE(places);
	TAKE(info_meeting_date);
	TAKE(application_deadline);
	TAKE(start_date);
	TAKE(end_date);
#undef TAKE
	if (in->has_employer_ids) t.employer_ids = v->employer_ids, t.nemployer_ids = v->nemployer_ids;
	if (in->has_intervention_ids) t.intervention_ids = v->intervention_ids, t.nintervention_ids = v->nintervention_ids;
	if (in->has_steps) t.steps = v->steps, t.nsteps = v->nsteps;
	validate(c, &t);
	if (c->err.code) return c->err.code;
	return save(c, id, &t, out);
}

/* --- candidates ----------------------------------------------------------- */

#define CANDIDATE_COLS                                                                                          \
	"k.id, k.job_track_id, k.participant_id, k.nominated_by_org_id, k.stage, k.stage_date, k.motivation,"   \
	" k.reason, k.created_at, k.updated_at"

static void read_candidate(struct ctx *c, struct stmt *s, void *out)
{
	struct job_track_candidate *k = out;
	memset(k, 0, sizeof *k);
	k->id = stmt_int(s, 0);
	k->job_track_id = stmt_int(s, 1);
	k->participant_id = stmt_int(s, 2);
	k->nominated_by_org_id = stmt_int(s, 3);
	read_texts(c, s, 4, (const char **[]){&k->stage, &k->stage_date, &k->motivation, &k->reason, &k->created_at,
					    &k->updated_at, NULL});
}

static void read_stage(struct ctx *c, struct stmt *s, void *out)
{
	struct job_track_stage *h = out;
	h->user_id = stmt_int(s, 0);
	h->org_id = stmt_int(s, 1);
	read_texts(c, s, 2, (const char **[]){&h->stage, &h->date, &h->reason, &h->created_at, &h->user_name, &h->org_name, NULL});
}

/* Candidates are the participants' data: admin and case workers only. */
static int check_candidates(struct ctx *c, int64_t track_id)
{
	if (logged_in(c) != 0 || access_require_participants(c) != 0) return c->err.code;
	if (!row_exists(c, "SELECT 1 FROM job_tracks WHERE id = :id", track_id))
		return err_set(&c->err, ERR_NOT_FOUND, "%s", track_not_found);
	return 0;
}

/* The candidate with her history, not audited; 404 when she is not the
 * track's or her participant is not one the actor sees. */
static int load_candidate(struct ctx *c, int64_t track_id, int64_t id, struct job_track_candidate *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " CANDIDATE_COLS " FROM job_track_candidates k"
					      " WHERE k.id = :id AND k.job_track_id = :track");
	stmt_bind_int(s, ":id", id);
	stmt_bind_int(s, ":track", track_id);
	if (get_one(c, s, read_candidate, out, candidate_not_found, "Kunde inte läsa kandidaten.") != 0) return c->err.code;
	if (!access_participant_visible(c, out->participant_id))
		return err_set(&c->err, ERR_NOT_FOUND, "%s", candidate_not_found);
	out->history = list_all_of_parent(c, "SELECT h.user_id, h.org_id, h.stage, h.date, h.reason, h.created_at,"
					     " COALESCE(u.name, ''), COALESCE(o.name, '') FROM job_track_stage_history h"
					     " LEFT JOIN users u ON u.id = h.user_id LEFT JOIN orgs o ON o.id = h.org_id"
					     " WHERE h.candidate_id = :parent ORDER BY h.id",
					  id, sizeof *out->history, read_stage, &out->nhistory, "Kunde inte läsa kandidaten.");
	return out->history ? 0 : c->err.code;
}

int job_track_candidate_list(struct ctx *c, int64_t track_id, const struct page *p,
			     struct job_track_candidate_list *out)
{
	if (check_candidates(c, track_id) != 0) return c->err.code;
	struct stmt *count = store_prepare(c->db, "SELECT COUNT(*) FROM job_track_candidates k"
						  " JOIN participants p ON p.id = k.participant_id"
						  " WHERE k.job_track_id = :track AND " ACCESS_VISIBLE_SQL);
	struct stmt *page = store_prepare(c->db, "SELECT " CANDIDATE_COLS " FROM job_track_candidates k"
						 " JOIN participants p ON p.id = k.participant_id"
						 " WHERE k.job_track_id = :track AND " ACCESS_VISIBLE_SQL
						 " ORDER BY k.id LIMIT :limit OFFSET :offset");
	stmt_bind_int(count, ":track", track_id);
	stmt_bind_int(page, ":track", track_id);
	access_bind(count, c->actor);
	access_bind(page, c->actor);
	out->items = list_page(c, count, page, p, sizeof *out->items, read_candidate, &out->n, &out->total,
			       "Kunde inte läsa kandidaterna.");
	if (!out->items) return c->err.code;
	return audit_reads_of(c, "participant", out->items, out->n, sizeof *out->items,
			      offsetof(struct job_track_candidate, participant_id), "job_track_candidate",
			      "Kunde inte skriva i loggen.");
}

int job_track_candidate_get(struct ctx *c, int64_t track_id, int64_t candidate_id, struct job_track_candidate *out)
{
	if (check_candidates(c, track_id) != 0 || load_candidate(c, track_id, candidate_id, out) != 0) return c->err.code;
	return audit_read(c, "participant", out->participant_id, "job_track_candidate", "Kunde inte skriva i loggen.");
}

/* The stage's date: the one given (a real day, not after today) or today. */
static const char *stage_date(struct ctx *c, const char *given, const char *not_before)
{
	char today[11];
	clock_today(today);
	if (!given) return arena_strdup(c->arena, today);
	if (!date_ok(c, "date", given)) return NULL;
	if (strcmp(given, today) > 0) {
		err_field(&c->err, "date", given, "Datumet kan inte vara efter i dag.");
		return NULL;
	}
	if (not_before && strcmp(given, not_before) < 0) {
		err_field(&c->err, "date", given, "Datumet kan inte vara före kandidatens förra steg.");
		return NULL;
	}
	return given;
}

/* Adds the history row of stage for candidate id (inside the write). */
static int add_history(struct ctx *c, int64_t id, const char *stage, const char *date, const char *reason)
{
	struct stmt *s = store_prepare(c->db, "INSERT INTO job_track_stage_history (candidate_id, stage, date, reason,"
					      " user_id, org_id, created_at) VALUES (:id, :stage, :date, :reason, :user, :org, :now)");
	stmt_bind_int(s, ":id", id);
	stmt_bind_int(s, ":user", c->actor->user_id);
	stmt_bind_int(s, ":org", c->actor->org_id);
	stmt_bind_texts(s, (const char *const[][2]){{":stage", stage}, {":date", date}, {":reason", reason},
		{":now", c->now}, {NULL}});
	return stmt_exec(s);
}

int job_track_candidate_create(struct ctx *c, int64_t track_id, const struct job_track_nomination *in,
			       struct job_track_candidate *out)
{
	if (check_candidates(c, track_id) != 0) return c->err.code;
	if (in->participant_id < 1 || !access_participant_visible(c, in->participant_id))
		err_field(&c->err, "participant_id", NULL, "Deltagaren finns inte.");
	int64_t org = in->nominated_by_org_id ? in->nominated_by_org_id : c->actor->org_id;
	if (in->nominated_by_org_id < 0 || !row_exists(c, "SELECT 1 FROM orgs WHERE id = :id", org))
		err_field(&c->err, "nominated_by_org_id", NULL, "Organisationen finns inte.");
	else if (org != c->actor->org_id && !access_all_participants(c->actor))
		err_field(&c->err, "nominated_by_org_id", NULL,
			  "Du kan bara föreslå kandidater för din egen organisation.");
	if (in->motivation && !utf8_text_ok(in->motivation, 1, 4000))
		err_field(&c->err, "motivation", NULL, "Motiveringen ska ha 1–4000 tecken.");
	const char *date = stage_date(c, in->date, NULL);
	if (c->err.code) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "INSERT INTO job_track_candidates (job_track_id, participant_id,"
					      " nominated_by_org_id, stage, stage_date, motivation, created_at, updated_at)"
					      " VALUES (:track, :participant, :org, 'nominated', :date, :motivation, :now, :now)"
					      " RETURNING id");
	stmt_bind_int(s, ":track", track_id);
	stmt_bind_int(s, ":participant", in->participant_id);
	stmt_bind_int(s, ":org", org);
	stmt_bind_texts(s, (const char *const[][2]){{":date", date}, {":motivation", in->motivation}, {":now", c->now}, {NULL}});
	int64_t id;
	int rc = stmt_write_id(s, &id);
	if (rc == STORE_DONE) rc = add_history(c, id, "nominated", date, NULL);
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "participant", .id = in->participant_id,
		.detail = "job_track_candidate", .conflict = "Deltagaren är redan kandidat till jobbspåret.",
		.fail = "Kunde inte spara kandidaten."}) != 0)
		return c->err.code;
	return load_candidate(c, track_id, id, out);
}

/* Whether a candidate at stage from may move to stage to (indexes). */
static bool may_move(int from, int to)
{
	if (from == EMPLOYED || from >= NOT_ADMITTED) return false; /* final */
	if (to < JOB_TRACK_MAIN_STAGES) return to > from;           /* forward on the main line */
	if (to == NOT_ADMITTED) return from == APPLIED || from == TRIAL;
	if (to == DROPPED_OUT) return from == STARTED;
	return to == WITHDRAWN;
}

int job_track_candidate_move(struct ctx *c, int64_t track_id, int64_t candidate_id,
			     const struct job_track_stage_change *in, struct job_track_candidate *out)
{
	struct job_track_candidate k;
	if (check_candidates(c, track_id) != 0 || load_candidate(c, track_id, candidate_id, &k) != 0) return c->err.code;
	int from = job_track_stage_index(k.stage), to = job_track_stage_index(in->stage);
	bool branch = to >= NOT_ADMITTED;
	if (!in->stage)
		err_field(&c->err, "stage", NULL, "Ange steget kandidaten går till.");
	else if (to < 0)
		err_field(&c->err, "stage", in->stage, "Okänt steg.");
	else if (from == EMPLOYED || from >= NOT_ADMITTED)
		err_field(&c->err, "stage", in->stage, "Kandidaten har redan ett slutligt steg och kan inte flyttas.");
	else if (to == from)
		err_field(&c->err, "stage", in->stage, "Kandidaten är redan i det steget.");
	else if (!may_move(from, to))
		err_field(&c->err, "stage", in->stage,
			  to == NOT_ADMITTED ? "Ej antagen kan bara sättas efter ansökan eller provplatsen."
			  : to == DROPPED_OUT ? "Avbrott kan bara sättas efter att kandidaten har börjat."
					      : "Kandidaten kan bara flyttas framåt i antagningen.");
	if (to >= 0 && branch && (!in->reason || !utf8_text_ok(in->reason, 1, 2000)))
		err_field(&c->err, "reason", NULL, "Ange ett skäl (1–2000 tecken).");
	else if (in->reason && !utf8_text_ok(in->reason, 1, 2000))
		err_field(&c->err, "reason", NULL, "Skälet ska ha 1–2000 tecken.");
	const char *motivation = in->has_motivation ? in->motivation : k.motivation;
	if (in->has_motivation && motivation && !utf8_text_ok(motivation, 1, 4000))
		err_field(&c->err, "motivation", NULL, "Motiveringen ska ha 1–4000 tecken.");
	else if (to == APPLIED && !motivation)
		err_field(&c->err, "motivation", NULL, "Ange kandidatens motivering till ansökan.");
	const char *date = stage_date(c, in->date, k.stage_date);
	if (c->err.code) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "UPDATE job_track_candidates SET stage = :stage, stage_date = :date,"
					      " motivation = :motivation, reason = :reason, updated_at = :now WHERE id = :id");
	stmt_bind_int(s, ":id", candidate_id);
	stmt_bind_texts(s, (const char *const[][2]){{":stage", job_track_stages[to]}, {":date", date},
		{":motivation", motivation}, {":reason", in->reason}, {":now", c->now}, {NULL}});
	int rc = stmt_exec(s);
	if (rc == STORE_DONE) rc = add_history(c, candidate_id, job_track_stages[to], date, in->reason);
	if (change_commit(c, rc, &(struct change){.action = "update", .entity = "participant", .id = k.participant_id,
		.detail = "job_track_candidate", .fail = "Kunde inte spara kandidatens steg."}) != 0)
		return c->err.code;
	return load_candidate(c, track_id, candidate_id, out);
}
