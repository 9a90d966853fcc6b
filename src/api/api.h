/* api.h — the JSON API: the route table, authentication of each request,
 * and the helpers every resource file uses to map JSON to domain structs
 * and back. No SQL here. */
#ifndef SAMSYN_API_H
#define SAMSYN_API_H
#include <jansson.h>
#include "../domain/ctx.h"
#include "../http/request.h"
#include "../http/router.h"
#include "fields.h"

enum api_route_flags {
	API_PUBLIC = 1u << 0,          /* no login needed */
	API_BEFORE_PASSWORD = 1u << 1, /* allowed while a one-time password must be changed */
	API_UPLOAD = 1u << 2,          /* takes a text/csv file, spooled up to --upload-limit */
	API_SAME_SITE = 1u << 3,       /* sets the session cookie: refused to a page of another site (403) */
	API_RATE_LIMITED = 1u << 4,    /* counted per client address: over --public-rate-limit a minute, 429 */
};

/* The public pages' routes (/api/v1/public/…): no login, no CSRF token,
 * rate-limited per client address. */
#define API_PUBLIC_PAGE (API_PUBLIC | API_RATE_LIMITED)

extern const struct route api_routes[];
extern const size_t api_routes_count;

struct api_config {
	int secure_cookies; /* mark the session cookie Secure (served over TLS) */
	int public_rate_limit; /* requests a minute per address to API_RATE_LIMITED routes; 0: the default */
};

#define API_PUBLIC_RATE_LIMIT_DEFAULT 60
void api_configure(const struct api_config *cfg);

/* The http_app_fn of the server: API routes, else the web UI. */
void api_handle(struct request *r, void *unused);
/* http_upload_fn: a text/csv body is spooled only for an API_UPLOAD route
 * and a caller who is logged in (with the CSRF token), before a byte of it
 * is read; anyone else keeps the ordinary body limit. */
bool api_may_upload(struct request *r, void *unused);

/* The Set-Cookie value for a session token (clear: expire the cookie). */
const char *api_session_cookie(struct request *r, const char *token, bool clear);

/* Answers with the problem matching e->code. ERR_BUSY (and an
 * ERR_INTERNAL whose cause was a lock, store_busy) is 503 with
 * Retry-After: API_BUSY_RETRY_AFTER seconds, logged as a warning. */
void api_fail(struct request *r, const struct err *e);
#define API_BUSY_RETRY_AFTER "2"
/* How often a request whose transaction lost to a concurrent one is run
 * again before it is answered 503 (app.c, run_retrying). */
#define API_CONFLICT_RETRIES 8
/* The HTTP status, problem type slug and Swedish title of an ERR_* code. */
void api_problem_kind(int code, int *status, const char **type, const char **title);

/* An answer that can also be a file (download.c): format=json|csv|xlsx,
 * else the Accept header (text/csv, or the XLSX media type); another
 * format is a 422 naming it. */
enum api_format { API_FORMAT_JSON, API_FORMAT_CSV, API_FORMAT_XLSX };
int api_format_param(struct request *r, enum api_format *f, struct err *e);
/* The table writer for a CSV or XLSX download (an XLSX one with title and
 * nabout lines above the table); false after answering 500 when the XLSX
 * temp file cannot be made. */
struct csvw;
bool api_download_begin(struct request *r, struct csvw *w, enum api_format f, const char *title,
			const char *const *about, size_t nabout);
/* Sends it as the attachment samsyn-NAME.csv or samsyn-NAME.xlsx (NAME:
 * dates and codes only); 500 when the XLSX file could not be written. */
void api_download_send(struct request *r, struct csvw *w, enum api_format f, const char *name);
/* A row of texts (a heading). */
void api_csv_row(struct csvw *w, const char *const *texts, size_t n);
/* A list as a file has every row its filters find, up to this many. */
#define API_LIST_FILE_MAX 50000
/* A list as a file (format=csv|xlsx): every row its filters find, not one
 * page, read PAGE_MAX_LIMIT rows at a time through the list's own domain
 * call (so each page is checked and audited as the list is) until a page
 * comes back short or API_LIST_FILE_MAX rows are written. The XLSX has the
 * title, the about lines, how many rows and the date above the table; the
 * file is samsyn-NAME-DATE.csv or .xlsx. */
struct api_list_file {
	const char *title, *name;
	const char *noun;              /* what a row is, plural: "12 deltagare" */
	const char *const *head;       /* the header row */
	size_t nhead;
	const char *const *about;      /* what was chosen, a line each */
	size_t nabout;
	/* Reads page p into the caller's list (arg), whose row count, total
	 * and (when it has one) "the count stopped at a bound" are at n, total
	 * and bounded; nonzero with c->err set. */
	int (*read)(struct ctx *c, void *arg, const struct page *p);
	const size_t *n;
	const int64_t *total;
	const bool *bounded;
	/* Writes row i of the page last read, csvw_row_end included (or
	 * nothing: a row already written). */
	void (*write)(struct request *r, struct ctx *c, struct csvw *w, void *arg, size_t i);
	void *arg;
	const char *q; /* the pages' q */
};
void api_list_file(struct request *r, struct ctx *c, enum api_format f, const struct api_list_file *l);

/* Request body as a JSON object; NULL with e set (ERR_MALFORMED) otherwise.
 * It lives, and the strings taken from it, until the request is freed
 * after its answer (request_on_free): never json_decref() it. */
json_t *api_body_object(struct request *r, struct err *e);
/* limit, offset and q from the query string. */
int api_page(struct request *r, struct page *p, struct err *e);
/* Path parameter i as a positive id; 0 when it is not one. */
int64_t api_id_param(struct request *r, int i);

/* Field readers: absent → *has = false and the default; JSON null → *has =
 * true and NULL/0 for text and int (booleans and role lists refuse null, so
 * "active": null never deactivates anyone); wrong type → an
 * invalid_parameters entry in e. */
const char *json_field_text(json_t *o, const char *name, bool *has, struct err *e);
int64_t json_field_int(json_t *o, const char *name, bool *has, struct err *e);
bool json_field_bool(json_t *o, const char *name, bool *has, struct err *e);
unsigned json_field_roles(json_t *o, const char *name, bool *has, struct err *e);

/* JSON out (src/base/jsonw.h). A list answer is
 * {"items":[…],"total":N,"limit":L,"offset":O}: api_list_begin, one value per
 * item, api_list_end. */
void api_write_roles(struct jsonw *w, const char *key, unsigned roles);
void api_list_begin(struct jsonw *w);
void api_list_end(struct jsonw *w, int64_t total, const struct page *p);
/* The same for a list whose count may stop at a bound: bounded adds
 * "total_exact": false (total is then a lower bound). */
void api_list_end_bounded(struct jsonw *w, int64_t total, bool bounded, const struct page *p);

/* What the handlers share (handler.c). api_read_body: the body read into
 * in by table t (api_read_fields, lists from c->arena); false with c->err
 * set when it is not a JSON object or a member is wrong. */
bool api_read_body(struct request *r, struct ctx *c, const struct api_field *t, void *in, size_t size);
/* Record as its JSON object by table t, with status. */
void api_send(struct request *r, int status, const struct api_field *t, const void *record);
/* The end of a handler: ok answers record by t with status (t NULL: an
 * empty answer), else the problem in c->err. */
void api_reply(struct request *r, struct ctx *c, bool ok, int status, const struct api_field *t, const void *record);
/* A list page (200) of n items of size bytes, each by t; the bounded form
 * as api_list_end_bounded. */
void api_send_page(struct request *r, const struct api_field *t, const void *items, size_t size, size_t n,
		   int64_t total, const struct page *p);
void api_send_page_bounded(struct request *r, const struct api_field *t, const void *items, size_t size, size_t n,
			   int64_t total, bool bounded, const struct page *p);
/* api_page, then (when it is right) api_format_param: a list's query. */
int api_page_format(struct request *r, struct page *p, enum api_format *f, struct err *e);

/* What each body is read into by api_read_fields (fields.h), as the
 * handlers do it (exposed for the fuzz target): the input struct's table.
 * A POST of interventions and attendees takes the patch's v. */
extern const struct api_field api_user_input_fields[], api_user_patch_fields[];
extern const struct api_field api_org_fields[], api_org_patch_fields[];
extern const struct api_field api_intervention_patch_fields[], api_volume_fields[], api_attendee_fields[];
extern const struct api_field api_target_group_fields[], api_target_group_patch_fields[];
extern const struct api_field api_participant_input_fields[], api_participant_patch_fields[];
extern const struct api_field api_enrolment_input_fields[];
extern const struct api_field api_employer_input_fields[], api_employer_person_input_fields[];
extern const struct api_field api_need_fields[];

/* Resource handlers (one file each). */
void api_health(struct request *r, struct ctx *c);
void api_openapi(struct request *r, struct ctx *c);
void api_session_create(struct request *r, struct ctx *c);
void api_session_get(struct request *r, struct ctx *c);
void api_session_delete(struct request *r, struct ctx *c);
void api_session_password(struct request *r, struct ctx *c);
void api_orgs_list(struct request *r, struct ctx *c);
void api_orgs_create(struct request *r, struct ctx *c);
void api_orgs_get(struct request *r, struct ctx *c);
void api_orgs_update(struct request *r, struct ctx *c);
void api_users_list(struct request *r, struct ctx *c);
void api_users_create(struct request *r, struct ctx *c);
void api_users_get(struct request *r, struct ctx *c);
void api_users_update(struct request *r, struct ctx *c);
void api_audit_list(struct request *r, struct ctx *c);
/* mail.c: the outbox (admin) */
void api_mail_outbox(struct request *r, struct ctx *c);
void api_mail_test(struct request *r, struct ctx *c);
/* interventions, volumes, attendees, target groups, settings */
/* List fields: absent → *has = false, NULL and *n = 0; null or not a list
 * → an invalid_parameters entry for the field, a wrong item one named
 * "name[i]". Arena memory; strings point into o. */
const char **json_field_text_list(json_t *o, const char *name, struct arena *a, size_t *n, bool *has, struct err *e);
int64_t *json_field_int_list(json_t *o, const char *name, struct arena *a, size_t *n, bool *has, struct err *e);
/* The settings' body: its own checks (settings.c). */
struct settings_patch;
int api_settings_patch_from_json(json_t *body, struct settings_patch *in, struct err *e);
void api_interventions_list(struct request *r, struct ctx *c);
void api_interventions_create(struct request *r, struct ctx *c);
void api_interventions_get(struct request *r, struct ctx *c);
void api_interventions_update(struct request *r, struct ctx *c);
void api_volumes_list(struct request *r, struct ctx *c);
void api_volumes_create(struct request *r, struct ctx *c);
void api_attendees_list(struct request *r, struct ctx *c);
void api_attendees_create(struct request *r, struct ctx *c);
void api_attendees_get(struct request *r, struct ctx *c);
void api_attendees_update(struct request *r, struct ctx *c);
void api_attendees_delete(struct request *r, struct ctx *c);
void api_target_groups_list(struct request *r, struct ctx *c);
void api_target_groups_create(struct request *r, struct ctx *c);
void api_target_groups_update(struct request *r, struct ctx *c);
/* employer trainings (trainings.c) */
void api_courses_list(struct request *r, struct ctx *c);
void api_courses_create(struct request *r, struct ctx *c);
void api_courses_get(struct request *r, struct ctx *c);
void api_courses_update(struct request *r, struct ctx *c);
void api_course_sessions_list(struct request *r, struct ctx *c);
void api_course_sessions_create(struct request *r, struct ctx *c);
void api_sessions_get(struct request *r, struct ctx *c);
void api_sessions_update(struct request *r, struct ctx *c);
void api_sessions_copy(struct request *r, struct ctx *c);
void api_trainers_list(struct request *r, struct ctx *c);
/* registrations (registrations.c): staff, then the public pages */
void api_session_registrations_list(struct request *r, struct ctx *c);
void api_registrations_get(struct request *r, struct ctx *c);
void api_registrations_update(struct request *r, struct ctx *c);
void api_public_sessions_get(struct request *r, struct ctx *c);
void api_public_registrations_create(struct request *r, struct ctx *c);
void api_public_registrations_get(struct request *r, struct ctx *c);
void api_public_registrations_delete(struct request *r, struct ctx *c);
/* surveys, their public page and results (surveys.c) */
void api_surveys_list(struct request *r, struct ctx *c);
void api_surveys_create(struct request *r, struct ctx *c);
void api_surveys_get(struct request *r, struct ctx *c);
void api_surveys_update(struct request *r, struct ctx *c);
void api_public_surveys_get(struct request *r, struct ctx *c);
void api_public_surveys_answer(struct request *r, struct ctx *c);
void api_reports_surveys(struct request *r, struct ctx *c);
/* diplomas (diplomas.c) */
void api_registration_diploma(struct request *r, struct ctx *c);
void api_session_diplomas(struct request *r, struct ctx *c);
void api_public_diploma_check(struct request *r, struct ctx *c);
/* the trainings' report (training_reports.c) */
void api_reports_trainings(struct request *r, struct ctx *c);
void api_settings_get(struct request *r, struct ctx *c);
void api_settings_update(struct request *r, struct ctx *c);

/* participants, consents, enrolments, code lists, import */
/* CSV imports (participants, employers). api_csv_body: a reader over the
 * request body, or NULL after answering 415 when it is not text/csv (the
 * caller csv_close()s it). The answer: api_import_begin (on ERR_INVALID the
 * problem members), the import's counts with jw_kint, then api_import_end
 * (every bad line; 200, or 422 as application/problem+json). */
struct csv_reader;
struct import_error;
struct csv_reader *api_csv_body(struct request *r);
void api_import_begin(struct request *r, struct jsonw *w, int rc, const struct err *e);
void api_import_end(struct request *r, struct jsonw *w, int rc, const struct import_error *errors, size_t n);
/* v as an array of strings (absent or JSON null: none, an empty array);
 * another type → an invalid_parameters entry named field. Strings point
 * into v; the array is from a. */
const char **json_value_texts(json_t *v, const char *field, size_t *n, struct arena *a, struct err *e);
/* Query parameter name as an integer min–max (min at least 0); 0 when
 * absent, an invalid_parameters entry saying reason when it is not one —
 * also when it has more digits than fit. */
int64_t api_int_query(struct request *r, const char *name, int64_t min, int64_t max, const char *reason, struct err *e);
/* Query parameter name as a positive id; 0 when absent, an
 * invalid_parameters entry when it is not an id. */
int64_t api_id_query(struct request *r, const char *name, struct err *e);
/* Query parameter name as a yes or no: true or 1, false or 0; absent is
 * false, anything else an invalid_parameters entry. */
bool api_bool_query(struct request *r, const char *name, struct err *e);
/* The enrolment state filters of a list's query: status and followup_due
 * (enrolment.h); the domain checks status's value. */
struct enrolment_state;
void api_enrolment_state_query(struct request *r, struct enrolment_state *st, struct err *e);
void api_participants_list(struct request *r, struct ctx *c);
void api_participants_create(struct request *r, struct ctx *c);
void api_participants_search(struct request *r, struct ctx *c);
void api_participants_import(struct request *r, struct ctx *c);
void api_participants_import_template(struct request *r, struct ctx *c);
void api_participants_get(struct request *r, struct ctx *c);
void api_participants_update(struct request *r, struct ctx *c);
void api_consents_list(struct request *r, struct ctx *c);
void api_consents_create(struct request *r, struct ctx *c);
void api_profile_get(struct request *r, struct ctx *c);
void api_profile_put(struct request *r, struct ctx *c);
/* "warnings": the other organisations' recent contacts with an employer
 * ({"code":"recent_contact","detail","contact_id"} each), in the answer to
 * a logged contact or a placement's step (employer_contacts.c). */
struct employer_contact_list;
void api_write_contact_warnings(struct jsonw *w, struct ctx *c, const struct employer_contact_list *warnings);
void api_placements_list(struct request *r, struct ctx *c);
void api_placements_create(struct request *r, struct ctx *c);
void api_placements_get(struct request *r, struct ctx *c);
void api_placements_update(struct request *r, struct ctx *c);
void api_reports_placements(struct request *r, struct ctx *c);
void api_enrolments_list(struct request *r, struct ctx *c);
void api_enrolments_create(struct request *r, struct ctx *c);
void api_enrolments_get(struct request *r, struct ctx *c);
void api_enrolments_update(struct request *r, struct ctx *c);
void api_code_lists_list(struct request *r, struct ctx *c);
void api_code_lists_create(struct request *r, struct ctx *c);
void api_codes_create(struct request *r, struct ctx *c);
void api_codes_update(struct request *r, struct ctx *c);

/* reports */
void api_reports_participants(struct request *r, struct ctx *c);
void api_reports_attendees(struct request *r, struct ctx *c);
void api_reports_occupation(struct request *r, struct ctx *c);
void api_reports_work_or_studies(struct request *r, struct ctx *c);
void api_reports_income_transitions(struct request *r, struct ctx *c);
void api_reports_interventions(struct request *r, struct ctx *c);
void api_reports_costs(struct request *r, struct ctx *c);
void api_reports_funding(struct request *r, struct ctx *c);
void api_reports_goals(struct request *r, struct ctx *c);
void api_reports_sus_export(struct request *r, struct ctx *c);
/* The JSON objects of GET /reports/funding and /reports/goals (suppress:
 * the threshold used, 0 none), which the start page shows too. */
struct jsonw;
struct report_funding;
struct report_goals;
void api_write_funding(struct jsonw *w, const struct report_funding *f);
void api_write_goals(struct jsonw *w, struct arena *a, const struct report_goals *g, int suppress);

/* start page */
void api_start(struct request *r, struct ctx *c);

/* employers, contact persons, networks */
void api_employers_list(struct request *r, struct ctx *c);
void api_employers_create(struct request *r, struct ctx *c);
void api_employers_search(struct request *r, struct ctx *c);
void api_employers_get(struct request *r, struct ctx *c);
void api_employers_update(struct request *r, struct ctx *c);
void api_employer_persons_list(struct request *r, struct ctx *c);
void api_employer_persons_create(struct request *r, struct ctx *c);
void api_employer_persons_update(struct request *r, struct ctx *c);
void api_employer_persons_delete(struct request *r, struct ctx *c);
void api_networks_list(struct request *r, struct ctx *c);
void api_networks_create(struct request *r, struct ctx *c);

/* recruitment needs */
void api_needs_list(struct request *r, struct ctx *c);
void api_needs_create(struct request *r, struct ctx *c);
void api_needs_update(struct request *r, struct ctx *c);
/* opportunities and matching */
extern const struct api_field api_opportunity_fields[];
void api_opportunities_list(struct request *r, struct ctx *c);
void api_opportunities_create(struct request *r, struct ctx *c);
void api_opportunities_get(struct request *r, struct ctx *c);
void api_opportunities_update(struct request *r, struct ctx *c);
void api_opportunity_candidates(struct request *r, struct ctx *c);
void api_participant_matches(struct request *r, struct ctx *c);

/* employer contacts (log, warnings, weekly list) and employer reports */
struct report_params;
struct report_table;
/* The query parameters of every report (reports.c): from, to, year,
 * intervention_id, by, suppress, format; *f: the answer's format. */
int api_report_params(struct request *r, struct report_params *p, enum api_format *f, struct err *e);
/* What a report covers: a period (from–to), a year, or the register as it is. */
enum api_report_period { API_REPORT_PERIOD, API_REPORT_YEAR, API_REPORT_NOW };
/* A report table as JSON, or as the download samsyn-NAME[-BY]-PERIOD.csv or
 * .xlsx; an XLSX file has the title, the period and the filters of p (and
 * filter, a line of the caller's, or NULL) above the table. */
void api_report_table_out(struct request *r, struct ctx *c, const struct report_table *t, const struct report_params *p,
			  enum api_format f, const char *title, const char *name, enum api_report_period period,
			  const char *filter);
/* The download alone, with more(w, arg) writing rows of the caller's
 * below the table (a report with figures beside its table). */
void api_report_table_file(struct request *r, struct ctx *c, const struct report_table *t, const struct report_params *p,
			   enum api_format f, const char *title, const char *name, enum api_report_period period,
			   const char *filter, void (*more)(struct csvw *w, void *arg), void *arg);
/* The whole answer of a report that is one table: its parameters, fn's
 * table, and api_report_table_out (name: the file name part; a report
 * with groupings adds the grouping). */
typedef int (*api_table_fn)(struct ctx *c, struct report_params *p, struct report_table *t);
void api_table_report(struct request *r, struct ctx *c, api_table_fn fn, const char *title, const char *name,
		      enum api_report_period period);
void api_employer_contacts_list(struct request *r, struct ctx *c);
void api_employer_contacts_create(struct request *r, struct ctx *c);
void api_employer_contacts_update(struct request *r, struct ctx *c);
void api_employer_contacts_delete(struct request *r, struct ctx *c);
void api_employer_recent_contacts(struct request *r, struct ctx *c);
void api_employer_contacts_week(struct request *r, struct ctx *c);
void api_reports_employers(struct request *r, struct ctx *c);
void api_reports_needs(struct request *r, struct ctx *c);
void api_reports_contacts(struct request *r, struct ctx *c);
void api_reports_ips(struct request *r, struct ctx *c);

/* the joint plan (plans.c) */
void api_toolbox_list(struct request *r, struct ctx *c);
void api_toolbox_create(struct request *r, struct ctx *c);
void api_toolbox_get(struct request *r, struct ctx *c);
void api_toolbox_update(struct request *r, struct ctx *c);
void api_participant_plans_list(struct request *r, struct ctx *c);
void api_participant_plans_create(struct request *r, struct ctx *c);
void api_plans_list(struct request *r, struct ctx *c);
void api_plans_get(struct request *r, struct ctx *c);
void api_plans_update(struct request *r, struct ctx *c);
void api_plan_steps_create(struct request *r, struct ctx *c);
void api_plan_steps_update(struct request *r, struct ctx *c);
void api_plan_versions_list(struct request *r, struct ctx *c);
void api_plan_versions_get(struct request *r, struct ctx *c);
void api_plan_pdf(struct request *r, struct ctx *c);
void api_reports_plan_stages(struct request *r, struct ctx *c);
/* handovers and feedback in the joint plan (handovers.c) */
void api_plan_handovers_create(struct request *r, struct ctx *c);
void api_handovers_list(struct request *r, struct ctx *c);
void api_handovers_get(struct request *r, struct ctx *c);
void api_handovers_update(struct request *r, struct ctx *c);
void api_plan_feedback_create(struct request *r, struct ctx *c);
void api_plan_feedback_read(struct request *r, struct ctx *c);
void api_plan_feedback_list(struct request *r, struct ctx *c);
void api_reports_handovers(struct request *r, struct ctx *c);
/* SYV guidance times and bookings (guidance.c) */
void api_guidance_times_list(struct request *r, struct ctx *c);
void api_guidance_times_create(struct request *r, struct ctx *c);
void api_guidance_times_get(struct request *r, struct ctx *c);
void api_guidance_times_update(struct request *r, struct ctx *c);
void api_guidance_times_delete(struct request *r, struct ctx *c);
void api_guidance_booking_create(struct request *r, struct ctx *c);
void api_guidance_booking_delete(struct request *r, struct ctx *c);
void api_participant_guidance(struct request *r, struct ctx *c);
void api_reports_guidance(struct request *r, struct ctx *c);
/* job tracks and their funnel (job_tracks.c) */
void api_job_tracks_list(struct request *r, struct ctx *c);
void api_job_tracks_create(struct request *r, struct ctx *c);
void api_job_tracks_get(struct request *r, struct ctx *c);
void api_job_tracks_update(struct request *r, struct ctx *c);
void api_job_track_candidates_list(struct request *r, struct ctx *c);
void api_job_track_candidates_create(struct request *r, struct ctx *c);
void api_job_track_candidates_get(struct request *r, struct ctx *c);
void api_job_track_candidates_update(struct request *r, struct ctx *c);
void api_reports_job_tracks(struct request *r, struct ctx *c);
/* IPS fidelity figures (ips.c); the start page writes a specialist's too */
struct ips_figures;
void api_reports_ips_fidelity(struct request *r, struct ctx *c);
void api_write_ips_figures(struct jsonw *w, const struct ips_figures *f);

/* the KAA register (kaa.c) */
void api_kaa_youths_list(struct request *r, struct ctx *c);
void api_kaa_youths_create(struct request *r, struct ctx *c);
void api_kaa_youths_search(struct request *r, struct ctx *c);
void api_kaa_import(struct request *r, struct ctx *c);
void api_kaa_youths_get(struct request *r, struct ctx *c);
void api_kaa_youths_update(struct request *r, struct ctx *c);
void api_kaa_contacts_create(struct request *r, struct ctx *c);
void api_kaa_measures_create(struct request *r, struct ctx *c);
void api_kaa_measures_update(struct request *r, struct ctx *c);
void api_kaa_youths_move(struct request *r, struct ctx *c);
void api_reports_kaa(struct request *r, struct ctx *c);
void api_reports_kaa_scb(struct request *r, struct ctx *c);

/* employer import */
void api_employers_import(struct request *r, struct ctx *c);

#endif
