/* need.c — rules and storage calls for recruitment needs. The occupation
 * must be an SSYK 2012 unit group (4 digits): a need is for people who can
 * do a concrete job, and the needs report groups by unit group; the search
 * filter `ssyk` on employers takes any level. */
#include "need.h"
#include "audit.h"
#include "check.h"
#include "employer.h"
#include "../base/clock.h"
#include "../base/utf8.h"
#include "../se/kommun.h"
#include "../se/ssyk.h"
#include "../store/store.h"
#include <string.h>

static const char *const swedish_levels[] = {"none", "basic", "good", "fluent"};

bool need_swedish_level_valid(const char *s)
{
	for (size_t i = 0; i < sizeof swedish_levels / sizeof swedish_levels[0]; i++)
		if (s && strcmp(s, swedish_levels[i]) == 0) return true;
	return false;
}

#define NEED_COLS                                                                                                  \
	"id, employer_id, headcount, req_driving_licence, req_upper_secondary, open_praktik, open_work_training, open_apl," \
	" open_wage_subsidy, open_mentorship, active, ssyk_code, period_start, period_end, municipality_code,"             \
	" req_swedish_level, req_vocational_certificate, note, created_at, updated_at"

/* A need's yes/no fields, in the order of their columns in NEED_COLS and
 * of their parameters in flag_params. */
#define NEED_FLAGS(n) {&(n)->driving_licence, &(n)->upper_secondary, &(n)->praktik, &(n)->work_training, &(n)->apl, \
		       &(n)->wage_subsidy, &(n)->mentorship, &(n)->active}
static const char *const flag_params[] = {":req_driving_licence", ":req_upper_secondary", ":open_praktik",
					  ":open_work_training", ":open_apl", ":open_wage_subsidy", ":open_mentorship", ":active"};
#define NFLAGS (sizeof flag_params / sizeof flag_params[0])

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct need *n = out;
	n->id = stmt_int(s, 0);
	n->employer_id = stmt_int(s, 1);
	n->headcount = stmt_int(s, 2);
	bool *flags[NFLAGS] = NEED_FLAGS(n);
	for (size_t i = 0; i < NFLAGS; i++) *flags[i] = stmt_int(s, 3 + (int)i) != 0;
	read_texts(c, s, 11, (const char **[]){&n->ssyk_code, &n->period_start, &n->period_end, &n->municipality_code,
					     &n->swedish_level, &n->vocational_certificate, &n->note, &n->created_at,
					     &n->updated_at, NULL});
}

int need_list(struct ctx *c, int64_t employer_id, const struct page *p, struct need_list *out)
{
	if (!c->actor) return err_set(&c->err, ERR_FORBIDDEN, "Logga in för att läsa arbetsgivarregistret.");
	if (employer_exists(c, employer_id) != 0) return c->err.code;
	out->items = list_of_parent(c, "SELECT COUNT(*) FROM recruitment_needs WHERE employer_id = :parent",
				    "SELECT " NEED_COLS " FROM recruitment_needs WHERE employer_id = :parent"
				    " ORDER BY active DESC, period_start, id LIMIT :limit OFFSET :offset",
				    employer_id, p, sizeof *out->items, read_row, &out->n, &out->total, "Kunde inte läsa rekryteringsbehoven.");
	return out->items ? 0 : c->err.code;
}

static int get(struct ctx *c, int64_t employer_id, int64_t id, struct need *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " NEED_COLS " FROM recruitment_needs WHERE id = :id AND employer_id = :employer_id");
	stmt_bind_int(s, ":id", id);
	stmt_bind_int(s, ":employer_id", employer_id);
	return get_one(c, s, read_row, out, "Rekryteringsbehovet finns inte.", "Kunde inte läsa rekryteringsbehovet.");
}

static int validate(struct ctx *c, struct need *n)
{
	char norm[SSYK_CODE_SIZE];
	if (!n->ssyk_code)
		err_field(&c->err, "ssyk_code", NULL, "Ange yrke som SSYK-kod (fyra siffror, t.ex. 5321).");
	else if (!ssyk_normalize(n->ssyk_code, norm) || !ssyk_valid(norm))
		err_field(&c->err, "ssyk_code", n->ssyk_code, "Okänd SSYK-kod (SSYK 2012, fyra siffror, t.ex. 5321).");
	else if (ssyk_level(norm) != SSYK_UNIT)
		err_field(&c->err, "ssyk_code", n->ssyk_code,
			  "Ange en yrkesgrupp med fyra siffror (SSYK 2012), inte en grövre nivå.");
	else
		n->ssyk_code = arena_strdup(c->arena, norm);
	if (n->headcount < 1 || n->headcount > 10000)
		err_field(&c->err, "headcount", NULL, "Ange antal personer (1–10 000).");
	if (n->period_start && !clock_valid_date(n->period_start))
		err_field(&c->err, "period_start", n->period_start, "Ange ett datum (ÅÅÅÅ-MM-DD).");
	if (n->period_end && !clock_valid_date(n->period_end))
		err_field(&c->err, "period_end", n->period_end, "Ange ett datum (ÅÅÅÅ-MM-DD).");
	else if (n->period_end && n->period_start && clock_valid_date(n->period_start) &&
		 strcmp(n->period_end, n->period_start) < 0)
		err_field(&c->err, "period_end", n->period_end, "Slutdatum kan inte vara före startdatum.");
	if (n->municipality_code && !kommun_name(n->municipality_code))
		err_field(&c->err, "municipality_code", n->municipality_code, "Okänd kommunkod (fyra siffror, t.ex. 1488).");
	if (n->swedish_level && !need_swedish_level_valid(n->swedish_level))
		err_field(&c->err, "requirements.swedish_level", n->swedish_level,
			  "Ange svenskanivå: none, basic, good eller fluent (eller null).");
	check_text(c, "requirements.vocational_certificate", n->vocational_certificate, 200, "Yrkesbeviset");
	check_text(c, "note", n->note, 2000, "Anteckningen");
	return c->err.code;
}

static int save(struct ctx *c, int64_t id, const struct need *n, struct need *out)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare_save(c->db, id,
		"INSERT INTO recruitment_needs (ssyk_code, headcount, period_start, period_end, municipality_code,"
		" req_driving_licence, req_swedish_level, req_upper_secondary, req_vocational_certificate,"
		" open_praktik, open_work_training, open_apl, open_wage_subsidy, open_mentorship, note, active,"
		" updated_at, employer_id, created_at)"
		" VALUES (:ssyk_code, :headcount, :period_start, :period_end, :municipality_code, :req_driving_licence,"
		" :req_swedish_level, :req_upper_secondary, :req_vocational_certificate, :open_praktik, :open_work_training,"
		" :open_apl, :open_wage_subsidy, :open_mentorship, :note, :active, :now, :employer_id, :now) RETURNING id",
		"UPDATE recruitment_needs SET ssyk_code = :ssyk_code, headcount = :headcount, period_start = :period_start,"
		" period_end = :period_end, municipality_code = :municipality_code, req_driving_licence = :req_driving_licence,"
		" req_swedish_level = :req_swedish_level, req_upper_secondary = :req_upper_secondary,"
		" req_vocational_certificate = :req_vocational_certificate, open_praktik = :open_praktik,"
		" open_work_training = :open_work_training, open_apl = :open_apl, open_wage_subsidy = :open_wage_subsidy,"
		" open_mentorship = :open_mentorship, note = :note, active = :active, updated_at = :now"
		" WHERE id = :id AND employer_id = :employer_id RETURNING id");
	stmt_bind_int(s, ":employer_id", n->employer_id);
	stmt_bind_int(s, ":headcount", n->headcount);
	const bool *flags[NFLAGS] = NEED_FLAGS(n);
	for (size_t i = 0; i < NFLAGS; i++) stmt_bind_int(s, flag_params[i], *flags[i]);
	stmt_bind_texts(s, (const char *const[][2]){{":ssyk_code", n->ssyk_code}, {":period_start", n->period_start},
		{":period_end", n->period_end}, {":municipality_code", n->municipality_code},
		{":req_swedish_level", n->swedish_level}, {":req_vocational_certificate", n->vocational_certificate},
		{":note", n->note}, {":now", c->now}, {NULL}});
	int64_t nid;
	int rc = stmt_write_id(s, &nid);
	if (change_commit(c, rc, &(struct change){.action = id ? "update" : "create", .entity = "recruitment_need",
		.id = nid, .fail = "Kunde inte spara rekryteringsbehovet."}) != 0)
		return c->err.code;
	return get(c, n->employer_id, nid, out);
}

int need_create(struct ctx *c, int64_t employer_id, const struct need_input *in, struct need *out)
{
	if (!employer_can_write(c->actor))
		return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte ändra i arbetsgivarregistret.");
	if (employer_exists(c, employer_id) != 0) return c->err.code;
	struct need n = in->v;
	n.employer_id = employer_id;
	if (!in->has_active) n.active = true;
	if (!in->has_headcount) n.headcount = 0;
	if (validate(c, &n) != 0) return c->err.code;
	return save(c, 0, &n, out);
}

int need_update(struct ctx *c, int64_t employer_id, int64_t need_id, const struct need_input *in, struct need *out)
{
	if (!employer_can_write(c->actor))
		return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte ändra i arbetsgivarregistret.");
	struct need n;
	if (get(c, employer_id, need_id, &n) != 0) return c->err.code;
	const struct need *v = &in->v;
#define TAKE(f) \
	if (in->has_##f) n.f = v->f
	TAKE(ssyk_code);
	TAKE(headcount);
	TAKE(period_start);
	TAKE(period_end);
	TAKE(municipality_code);
	TAKE(driving_licence);
	TAKE(upper_secondary);
	TAKE(swedish_level);
	TAKE(vocational_certificate);
	TAKE(praktik);
	TAKE(work_training);
	TAKE(apl);
	TAKE(wage_subsidy);
	TAKE(mentorship);
	TAKE(note);
	TAKE(active);
#undef TAKE
	if (validate(c, &n) != 0) return c->err.code;
	return save(c, need_id, &n, out);
}
