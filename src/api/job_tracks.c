/* job_tracks.c — /job-tracks, their candidates and /reports/job-tracks
 * (docs/matching.md "Job tracks"): JSON ↔ struct job_track and struct
 * job_track_candidate, and the funnel report as JSON. */
#include "api.h"
#include "../domain/matching/job_track.h"
#include "../domain/matching/job_track_report.h"
#include "../base/clock.h"
#include "../base/csv_writer.h"
#include <string.h>

_Static_assert(offsetof(struct job_track_input, v) == 0, "track_fields serve struct job_track and its input");
static const struct api_field track_fields[] = {
	API_OUT_FIELD(API_INT, struct job_track, id),
	API_SENT_V(API_TEXT, struct job_track_input, name),
	{.name = "employer_ids", .kind = API_INTS, .at = offsetof(struct job_track_input, v.employer_ids),
	 .n = offsetof(struct job_track_input, v.nemployer_ids), .has = API_AT(struct job_track_input, has_employer_ids)},
	API_SENT_V(API_TEXT, struct job_track_input, ssyk_code),
	API_SENT_V(API_INT, struct job_track_input, places),
	API_SENT_V(API_TEXT, struct job_track_input, info_meeting_date),
	API_SENT_V(API_TEXT, struct job_track_input, application_deadline),
	API_SENT_V(API_TEXT, struct job_track_input, start_date),
	API_SENT_V(API_TEXT, struct job_track_input, end_date),
	{.name = "intervention_ids", .kind = API_INTS, .at = offsetof(struct job_track_input, v.intervention_ids),
	 .n = offsetof(struct job_track_input, v.nintervention_ids),
	 .has = API_AT(struct job_track_input, has_intervention_ids)},
	{.name = "steps", .kind = API_TEXTS, .at = offsetof(struct job_track_input, v.steps),
	 .n = offsetof(struct job_track_input, v.nsteps), .has = API_AT(struct job_track_input, has_steps)},
	API_OUT_FIELD(API_INT, struct job_track, candidates),
	API_OUT_FIELD(API_INT, struct job_track, org_id),
	API_OUT_FIELD(API_TEXT, struct job_track, created_at),
	API_OUT_FIELD(API_TEXT, struct job_track, updated_at),
	API_END,
};

static const struct api_field stage_fields[] = {
	API_FIELD(API_TEXT, struct job_track_stage, stage),
	API_FIELD(API_TEXT, struct job_track_stage, date),
	API_FIELD(API_TEXT, struct job_track_stage, reason),
	API_FIELD(API_INT, struct job_track_stage, user_id),
	API_FIELD(API_INT, struct job_track_stage, org_id),
	API_FIELD(API_TEXT, struct job_track_stage, user_name),
	API_FIELD(API_TEXT, struct job_track_stage, org_name),
	API_FIELD(API_TEXT, struct job_track_stage, created_at),
	API_END,
};

static const struct api_field candidate_fields[] = {
	API_OUT_FIELD(API_INT, struct job_track_candidate, id),
	API_OUT_FIELD(API_INT, struct job_track_candidate, job_track_id),
	API_OUT_FIELD(API_INT, struct job_track_candidate, participant_id),
	API_OUT_FIELD(API_INT, struct job_track_candidate, nominated_by_org_id),
	API_OUT_FIELD(API_TEXT, struct job_track_candidate, stage),
	API_OUT_FIELD(API_TEXT, struct job_track_candidate, stage_date),
	API_OUT_FIELD(API_TEXT, struct job_track_candidate, motivation),
	API_OUT_FIELD(API_TEXT, struct job_track_candidate, reason),
	{.name = "history", .kind = API_ARRAY, .at = offsetof(struct job_track_candidate, history),
	 .n = offsetof(struct job_track_candidate, nhistory), .size = sizeof(struct job_track_stage), .sub = stage_fields,
	 .flags = API_OUT | API_ALONE},
	API_OUT_FIELD(API_TEXT, struct job_track_candidate, created_at),
	API_OUT_FIELD(API_TEXT, struct job_track_candidate, updated_at),
	API_END,
};

static const struct api_field nomination_fields[] = {
	API_FIELD(API_INT, struct job_track_nomination, participant_id),
	{.name = "nominated_by_org_id", .kind = API_ID, .at = offsetof(struct job_track_nomination, nominated_by_org_id),
	 .flags = API_ZERO_NEGATIVE},
	API_FIELD(API_TEXT, struct job_track_nomination, date),
	API_FIELD(API_TEXT, struct job_track_nomination, motivation),
	API_END,
};

static const struct api_field stage_change_fields[] = {
	API_FIELD(API_TEXT, struct job_track_stage_change, stage),
	API_FIELD(API_TEXT, struct job_track_stage_change, reason),
	API_SENT(API_TEXT, struct job_track_stage_change, motivation),
	API_FIELD(API_TEXT, struct job_track_stage_change, date),
	API_END,
};

void api_job_tracks_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct job_track_list l;
	if (api_page(r, &p, &c->err) != 0 || job_track_list(c, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, track_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_job_tracks_create(struct request *r, struct ctx *c)
{
	struct job_track_input in;
	struct job_track out;
	bool ok = api_read_body(r, c, track_fields, &in, sizeof in) && job_track_create(c, &in, &out) == 0;
	api_reply(r, c, ok, 201, track_fields, &out);
}

void api_job_tracks_get(struct request *r, struct ctx *c)
{
	struct job_track out;
	api_reply(r, c, job_track_get(c, api_id_param(r, 0), &out) == 0, 200, track_fields, &out);
}

void api_job_tracks_update(struct request *r, struct ctx *c)
{
	struct job_track_input in;
	struct job_track out;
	bool ok = api_read_body(r, c, track_fields, &in, sizeof in) &&
		  job_track_update(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, track_fields, &out);
}

void api_job_track_candidates_list(struct request *r, struct ctx *c)
{
	struct page p;
	struct job_track_candidate_list l;
	if (api_page(r, &p, &c->err) != 0 || job_track_candidate_list(c, api_id_param(r, 0), &p, &l) != 0) {
		api_fail(r, &c->err);
		return;
	}
	api_send_page(r, candidate_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_job_track_candidates_create(struct request *r, struct ctx *c)
{
	struct job_track_nomination in;
	struct job_track_candidate out;
	bool ok = api_read_body(r, c, nomination_fields, &in, sizeof in) &&
		  job_track_candidate_create(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 201, candidate_fields, &out);
}

void api_job_track_candidates_get(struct request *r, struct ctx *c)
{
	struct job_track_candidate out;
	api_reply(r, c, job_track_candidate_get(c, api_id_param(r, 0), api_id_param(r, 1), &out) == 0, 200,
		  candidate_fields, &out);
}

void api_job_track_candidates_update(struct request *r, struct ctx *c)
{
	struct job_track_stage_change in;
	struct job_track_candidate out;
	bool ok = api_read_body(r, c, stage_change_fields, &in, sizeof in) &&
		  job_track_candidate_move(c, api_id_param(r, 0), api_id_param(r, 1), &in, &out) == 0;
	api_reply(r, c, ok, 200, candidate_fields, &out);
}

/* A count, null when hidden. */
static void kcell(struct jsonw *w, const char *key, const struct report_count *v, unsigned part, int64_t n)
{
	jw_key(w, key);
	if (v->hidden & part) jw_null(w);
	else jw_int(w, n);
}

static void write_counts(struct jsonw *w, const struct report_count *v)
{
	kcell(w, "total", v, REPORT_HIDE_TOTAL, v->total);
	kcell(w, "women", v, REPORT_HIDE_WOMEN, v->women);
	kcell(w, "men", v, REPORT_HIDE_MEN, v->men);
}

/* A count cell of the file: ".." when hidden. */
static void file_count(struct csvw *w, const struct report_count *v, unsigned part, int64_t n)
{
	if (v->hidden & part) csvw_suppressed(w);
	else csvw_int(w, n);
}

/* A share in tenths of a percent with one decimal, empty when none. */
static void file_share(struct csvw *w, int64_t tenths)
{
	if (tenths < 0) csvw_empty(w);
	else csvw_decimal(w, tenths, 1);
}

/* The funnel as a file: the page's table, row for row, in Swedish. */
static void funnel_file(struct request *r, struct ctx *c, const struct job_track_funnel *f, enum api_format fmt)
{
	char today[11];
	clock_today(today);
	const char *about[3];
	size_t n = 0;
	struct job_track t;
	if (f->job_track_id && job_track_get(c, f->job_track_id, &t) == 0)
		about[n++] = arena_printf(&r->arena, "Jobbspår: %s (id %lld)", t.name, (long long)f->job_track_id);
	else
		about[n++] = "Alla jobbspår";
	err_clear(&c->err);
	if (f->suppress) about[n++] = report_suppression_note(&r->arena, f->suppress, true);
	about[n++] = arena_printf(&r->arena, "Framtagen %s ur Samsyn", today);
	struct csvw w;
	if (!api_download_begin(r, &w, fmt, "Jobbspårens antagningstratt", about, n)) return;
	static const char *const head[] = {"Steg", "Nådde steget, totalt", "Nådde steget, kvinnor", "Nådde steget, män",
					   "Gick vidare till nästa steg (%), totalt", "Gick vidare till nästa steg (%), kvinnor",
					   "Gick vidare till nästa steg (%), män"};
	api_csv_row(&w, head, sizeof head / sizeof head[0]);
	for (size_t i = 0; i < f->rows.n; i++) {
		const struct report_count *v = &f->rows.rows[i].v[0];
		csvw_text(&w, job_track_stage_label(f->rows.rows[i].key[0].text));
		file_count(&w, v, REPORT_HIDE_TOTAL, v->total);
		file_count(&w, v, REPORT_HIDE_WOMEN, v->women);
		file_count(&w, v, REPORT_HIDE_MEN, v->men);
		file_share(&w, job_track_conversion(f, i, REPORT_HIDE_TOTAL));
		file_share(&w, job_track_conversion(f, i, REPORT_HIDE_WOMEN));
		file_share(&w, job_track_conversion(f, i, REPORT_HIDE_MEN));
		csvw_row_end(&w);
	}
	const struct report_count *sum = f->rows.sum;
	csvw_text(&w, "Kandidater totalt");
	file_count(&w, sum, REPORT_HIDE_TOTAL, sum->total);
	file_count(&w, sum, REPORT_HIDE_WOMEN, sum->women);
	file_count(&w, sum, REPORT_HIDE_MEN, sum->men);
	csvw_row_end(&w);
	csvw_text(&w, "Dagar från förslag till start, median");
	file_share(&w, f->median_days_tenths);
	csvw_row_end(&w);
	csvw_text(&w, "Dagar från förslag till start, medel");
	file_share(&w, f->mean_days_tenths);
	csvw_row_end(&w);
	api_download_send(r, &w, fmt,
			  f->job_track_id ? arena_printf(&r->arena, "jobbspar-%lld-%s", (long long)f->job_track_id, today)
					  : arena_printf(&r->arena, "jobbspar-%s", today));
}

void api_reports_job_tracks(struct request *r, struct ctx *c)
{
	int64_t track = api_id_query(r, "job_track_id", &c->err);
	int64_t suppress = api_int_query(r, "suppress", 0, 1000, "Ange gränsen för små antal, ett heltal 2 eller större.", &c->err);
	enum api_format fmt = API_FORMAT_JSON;
	api_format_param(r, &fmt, &c->err);
	struct job_track_funnel f;
	if (c->err.code || job_track_funnel(c, track, (int)suppress, &f) != 0) { api_fail(r, &c->err); return; }
	if (fmt != API_FORMAT_JSON) {
		funnel_file(r, c, &f, fmt);
		return;
	}
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_key(&w, "job_track_id");
	if (track) jw_int(&w, track);
	else jw_null(&w);
	jw_key(&w, "rows");
	jw_array(&w);
	for (size_t i = 0; i < f.rows.n; i++) {
		const struct report_row *row = &f.rows.rows[i];
		jw_object(&w);
		jw_key(&w, "key");
		jw_object(&w);
		jw_kstring(&w, "stage", row->key[0].text);
		jw_object_end(&w);
		write_counts(&w, &row->v[0]);
		jw_key(&w, "conversion");
		if (i + 1 < JOB_TRACK_MAIN_STAGES) {
			jw_object(&w);
			jw_kstring(&w, "to", f.rows.rows[i + 1].key[0].text);
			jw_ktenths_or_null(&w, "total", job_track_conversion(&f, i, REPORT_HIDE_TOTAL));
			jw_ktenths_or_null(&w, "women", job_track_conversion(&f, i, REPORT_HIDE_WOMEN));
			jw_ktenths_or_null(&w, "men", job_track_conversion(&f, i, REPORT_HIDE_MEN));
			jw_object_end(&w);
		} else {
			jw_null(&w);
		}
		if (report_row_suppressed(&f.rows, row->v)) jw_kbool(&w, "suppressed", true);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_key(&w, "total");
	jw_object(&w);
	write_counts(&w, f.rows.sum);
	if (report_row_suppressed(&f.rows, f.rows.sum)) jw_kbool(&w, "suppressed", true);
	jw_object_end(&w);
	jw_key(&w, "nomination_to_start_days");
	jw_object(&w);
	jw_ktenths_or_null(&w, "median", f.median_days_tenths);
	jw_ktenths_or_null(&w, "mean", f.mean_days_tenths);
	jw_object_end(&w);
	if (f.suppress) {
		jw_key(&w, "suppression");
		jw_object(&w);
		jw_kint(&w, "threshold", f.suppress);
		jw_object_end(&w);
	}
	jw_object_end(&w);
	response_json(r, 200, &w);
}
