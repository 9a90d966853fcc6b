/* job_track_report.c — the job tracks' admission funnel
 * (job_track_report.h). A candidate counts in a stage's row when her stage
 * history has that stage: skipped stages are not counted as reached. The
 * rows overlap (everyone who started was nominated), so the table is not
 * disjoint; its total row is the candidates. */
#include "job_track_report.h"
#include "job_track.h"
#include "day_span.h"
#include "../access.h"
#include "../settings.h"
#include "../../store/store.h"
#include <string.h>

static const struct report_column stage_column[] = {{"stage", "Steg", REPORT_KEY_TEXT}};
static const struct report_group count_group[] = {{.kind = REPORT_COUNT, .disjoint = false}};

static int failed(struct ctx *c)
{
	return err_set(&c->err, ERR_INTERNAL, "Kunde inte räkna jobbspårens antagning.");
}

static void add_sex(struct report_table *t, const struct report_key *key, const char *sex, int64_t n)
{
	bool woman = sex && strcmp(sex, "female") == 0;
	report_table_add(t, key, 0, woman ? n : 0, woman ? 0 : n);
}

/* The days from nomination to start of every candidate who started. */
static int time_to_start(struct ctx *c, struct job_track_funnel *out)
{
	struct stmt *s = store_prepare(c->db,
		"SELECT MIN(n.date), MIN(st.date) FROM job_track_candidates k"
		" JOIN job_track_stage_history n ON n.candidate_id = k.id AND n.stage = 'nominated'"
		" JOIN job_track_stage_history st ON st.candidate_id = k.id AND st.stage = 'started'"
		" WHERE (:track = 0 OR k.job_track_id = :track) GROUP BY k.id");
	stmt_bind_int(s, ":track", out->job_track_id);
	struct day_spans d;
	if (day_spans_read(c, s, &d, "Kunde inte räkna jobbspårens antagning.") != 0) return c->err.code;
	out->started = (int64_t)d.n;
	out->median_days_tenths = day_spans_median_tenths(&d);
	out->mean_days_tenths = day_spans_mean_tenths(&d);
	return 0;
}

int job_track_funnel(struct ctx *c, int64_t job_track_id, int suppress, struct job_track_funnel *out)
{
	memset(out, 0, sizeof *out);
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se rapporter.");
	if (suppress && suppress < 2)
		err_field(&c->err, "suppress", NULL, "Ange gränsen för små antal, ett heltal 2 eller större.");
	if (job_track_id < 0 ||
	    (job_track_id && !row_exists(c, "SELECT 1 FROM job_tracks WHERE id = :id", job_track_id)))
		err_field(&c->err, "job_track_id", NULL, "Jobbspåret finns inte.");
	if (c->err.code) return c->err.code;
	/* Published numbers identify no one: as the follow-up reports. */
	if (!access_all_participants(c->actor)) {
		int min;
		if (settings_suppression_threshold(c, &min) != 0) return c->err.code;
		if (suppress < min) suppress = min;
	}
	out->job_track_id = job_track_id;
	struct report_table *t = &out->rows;
	report_table_init(t, c->arena, 1, stage_column, 1, count_group);
	for (int i = 0; i < JOB_TRACK_STAGES; i++) /* every stage has its row, zeros too */
		report_table_row(t, &(struct report_key){.text = job_track_stages[i]});
	struct stmt *s = store_prepare(c->db,
		"SELECT h.stage, p.sex, COUNT(DISTINCT k.id) FROM job_track_candidates k"
		" JOIN participants p ON p.id = k.participant_id"
		" JOIN job_track_stage_history h ON h.candidate_id = k.id"
		" WHERE (:track = 0 OR k.job_track_id = :track) GROUP BY h.stage, p.sex");
	stmt_bind_int(s, ":track", job_track_id);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		const char *stage = stmt_text(s, 0);
		if (job_track_stage_index(stage) < 0) continue;
		add_sex(t, &(struct report_key){.text = job_track_stages[job_track_stage_index(stage)]}, stmt_text(s, 1),
			stmt_int(s, 2));
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	s = store_prepare(c->db, "SELECT p.sex, COUNT(*) FROM job_track_candidates k JOIN participants p ON p.id = k.participant_id"
				 " WHERE (:track = 0 OR k.job_track_id = :track) GROUP BY p.sex");
	stmt_bind_int(s, ":track", job_track_id);
	while ((rc = stmt_step(s)) == STORE_ROW) {
		bool woman = stmt_text(s, 0) && strcmp(stmt_text(s, 0), "female") == 0;
		report_table_add_sum(t, 0, woman ? stmt_int(s, 1) : 0, woman ? 0 : stmt_int(s, 1));
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	if (time_to_start(c, out) != 0) return c->err.code;
	out->suppress = suppress;
	if (suppress) {
		report_table_suppress(t, suppress);
		/* The days are the started candidates': hidden with their count. */
		const struct report_row *started = &t->rows[6];
		if (started->v[0].hidden & REPORT_HIDE_TOTAL) out->median_days_tenths = out->mean_days_tenths = -1;
	}
	return 0;
}

static bool cell(const struct report_count *v, unsigned part, int64_t *n)
{
	if (v->hidden & part) return false;
	*n = part == REPORT_HIDE_WOMEN ? v->women : part == REPORT_HIDE_MEN ? v->men : v->total;
	return true;
}

int64_t job_track_conversion(const struct job_track_funnel *f, size_t i, unsigned part)
{
	if (i + 1 >= JOB_TRACK_MAIN_STAGES || i + 1 >= f->rows.n) return -1;
	int64_t a, b;
	if (!cell(&f->rows.rows[i].v[0], part, &a) || !cell(&f->rows.rows[i + 1].v[0], part, &b)) return -1;
	return report_share_tenths(b, a);
}
