/* opportunity.c — rules and storage of open places (opportunity.h). Made
 * from a recruitment need, a place copies the need's occupation, headcount
 * (places), period, municipality (the need's, else the employer's) and
 * requirements at that moment; later changes to either do not follow. */
#include "opportunity.h"
#include "../audit.h"
#include "../check.h"
#include "../employer.h"
#include "../need.h"
#include "../../base/clock.h"
#include "../../se/kommun.h"
#include "../../se/ssyk.h"
#include "../../base/strset.h"
#include "../../store/store.h"
#include <string.h>

const char *const opportunity_kinds[] = {"praktik", "arbetstraning", "apl", "wage_subsidy", "employment", "job_track", NULL};
const char *const opportunity_statuses[] = {"open", "filled", "closed", NULL};

static const char not_found[] = "Platsen finns inte.";
static const char read_fail[] = "Kunde inte läsa platserna.";

#define OPP_COLS                                                                                                   \
	"o.id, o.employer_id, o.need_id, o.places, o.req_driving_licence, o.req_upper_secondary, o.contact_person_id,"   \
	" o.org_id, o.kind, o.ssyk_code, o.municipality_code, o.start_date, o.end_date, o.req_swedish_level,"             \
	" o.req_certificate, o.title, o.note, o.status, e.name, o.created_at, o.updated_at"

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct opportunity *o = out;
	o->id = stmt_int(s, 0);
	o->employer_id = stmt_int(s, 1);
	o->need_id = stmt_int(s, 2);
	o->places = stmt_int(s, 3);
	o->driving_licence = stmt_int(s, 4) != 0;
	o->upper_secondary = stmt_int(s, 5) != 0;
	o->contact_person_id = stmt_int(s, 6);
	o->org_id = stmt_int(s, 7);
	read_texts(c, s, 8, (const char **[]){&o->kind, &o->ssyk_code, &o->municipality_code, &o->start_date,
					    &o->end_date, &o->swedish_level, &o->certificate, &o->title, &o->note,
					    &o->status, &o->employer_name, &o->created_at, &o->updated_at, NULL});
}

static int load(struct ctx *c, int64_t id, struct opportunity *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " OPP_COLS " FROM opportunities o JOIN employers e ON e.id = o.employer_id"
					      " WHERE o.id = :id");
	stmt_bind_int(s, ":id", id);
	return get_one(c, s, read_row, out, not_found, "Kunde inte läsa platsen.");
}

int opportunity_get(struct ctx *c, int64_t id, struct opportunity *out)
{
	if (!c->actor) return err_set(&c->err, ERR_FORBIDDEN, "Logga in för att läsa platserna.");
	return load(c, id, out);
}

#define OPP_FILTERS                                                                                                \
	" (CAST(:status AS TEXT) IS NULL OR o.status = :status) AND (CAST(:kind AS TEXT) IS NULL OR o.kind = :kind)"     \
	" AND (CAST(:ssyk AS TEXT) IS NULL OR o.ssyk_code = :ssyk) AND (CAST(:mun AS TEXT) IS NULL OR"                  \
	" o.municipality_code = :mun) AND (:employer_id = 0 OR o.employer_id = :employer_id)"

static void bind_filter(struct stmt *s, const struct opportunity_filter *f)
{
	stmt_bind_texts(s, (const char *const[][2]){{":status", f->status}, {":kind", f->kind}, {":ssyk", f->ssyk_code},
		{":mun", f->municipality_code}, {NULL}});
	stmt_bind_int(s, ":employer_id", f->employer_id);
}

int opportunity_list(struct ctx *c, const struct opportunity_filter *f, const struct page *p, struct opportunity_list *out)
{
	if (!c->actor) return err_set(&c->err, ERR_FORBIDDEN, "Logga in för att läsa platserna.");
	/* The caller's findings in the query (paging, employer_id) are in
	 * c->err already: these are added to them. */
	if (f->status && !str_in_list(f->status, opportunity_statuses))
		err_field(&c->err, "status", f->status, "Ange status som open, filled eller closed.");
	if (f->kind && !str_in_list(f->kind, opportunity_kinds))
		err_field(&c->err, "kind", f->kind, "Ange praktik, arbetstraning, apl, wage_subsidy, employment eller job_track.");
	if (f->ssyk_code && ssyk_level(f->ssyk_code) != SSYK_UNIT)
		err_field(&c->err, "ssyk_code", f->ssyk_code, "Ange en yrkesgrupp i SSYK 2012 (fyra siffror).");
	if (f->municipality_code && !kommun_name(f->municipality_code))
		err_field(&c->err, "municipality_code", f->municipality_code, "Okänd kommunkod (fyra siffror, t.ex. 1488).");
	if (c->err.code) return c->err.code;
	struct stmt *cnt = store_prepare(c->db, "SELECT COUNT(*) FROM opportunities o WHERE" OPP_FILTERS);
	struct stmt *pg = store_prepare(c->db, "SELECT " OPP_COLS " FROM opportunities o JOIN employers e ON e.id = o.employer_id"
					       " WHERE" OPP_FILTERS " ORDER BY o.id DESC LIMIT :limit OFFSET :offset");
	bind_filter(cnt, f);
	bind_filter(pg, f);
	out->items = list_page(c, cnt, pg, p, sizeof *out->items, read_row, &out->n, &out->total, read_fail);
	return out->items ? 0 : c->err.code;
}

static int validate(struct ctx *c, struct opportunity *o)
{
	bool employer_known = false;
	if (!o->employer_id)
		err_field(&c->err, "employer_id", NULL, "Ange arbetsgivaren.");
	else if (!(employer_known = row_exists(c, "SELECT 1 FROM employers WHERE id = :id", o->employer_id)))
		err_field(&c->err, "employer_id", NULL, "Arbetsgivaren finns inte.");
	if (!o->kind)
		err_field(&c->err, "kind", NULL, "Ange vilken sorts plats: praktik, arbetstraning, apl, wage_subsidy, employment eller job_track.");
	else if (!str_in_list(o->kind, opportunity_kinds))
		err_field(&c->err, "kind", o->kind, "Ange praktik, arbetstraning, apl, wage_subsidy, employment eller job_track.");
	char norm[SSYK_CODE_SIZE];
	if (!o->ssyk_code)
		err_field(&c->err, "ssyk_code", NULL, "Ange yrke som SSYK-kod (fyra siffror, t.ex. 5120).");
	else if (!ssyk_normalize(o->ssyk_code, norm) || !ssyk_valid(norm))
		err_field(&c->err, "ssyk_code", o->ssyk_code, "Okänd SSYK-kod (SSYK 2012, fyra siffror, t.ex. 5120).");
	else if (ssyk_level(norm) != SSYK_UNIT)
		err_field(&c->err, "ssyk_code", o->ssyk_code, "Ange en yrkesgrupp med fyra siffror (SSYK 2012), inte en grövre nivå.");
	else
		o->ssyk_code = arena_strdup(c->arena, norm);
	if (!o->municipality_code)
		err_field(&c->err, "municipality_code", NULL, "Ange kommunen där arbetet finns (kommunkod, t.ex. 1488).");
	else if (!kommun_name(o->municipality_code))
		err_field(&c->err, "municipality_code", o->municipality_code, "Okänd kommunkod (fyra siffror, t.ex. 1488).");
	if (o->places < 1 || o->places > 10000)
		err_field(&c->err, "places", NULL, "Ange antal platser (1–10 000).");
	if (o->start_date && !clock_valid_date(o->start_date))
		err_field(&c->err, "start_date", o->start_date, "Ange ett datum (ÅÅÅÅ-MM-DD).");
	if (o->end_date && !clock_valid_date(o->end_date))
		err_field(&c->err, "end_date", o->end_date, "Ange ett datum (ÅÅÅÅ-MM-DD).");
	else if (o->end_date && o->start_date && clock_valid_date(o->start_date) && strcmp(o->end_date, o->start_date) < 0)
		err_field(&c->err, "end_date", o->end_date, "Slutdatum kan inte vara före startdatum.");
	if (o->swedish_level && !need_swedish_level_valid(o->swedish_level))
		err_field(&c->err, "requirements.swedish_level", o->swedish_level,
			  "Ange svenskanivå: none, basic, good eller fluent (eller null).");
	check_text(c, "requirements.certificate", o->certificate, 200, "Certifikatet");
	if (o->certificate && !*o->certificate)
		err_field(&c->err, "requirements.certificate", NULL, "Ange certifikatets namn, eller null.");
	if (o->contact_person_id < 0)
		err_field(&c->err, "contact_person_id", NULL, "Ange en kontaktperson hos arbetsgivaren, eller null.");
	else if (o->contact_person_id && employer_known) {
		struct stmt *s = store_prepare(c->db, "SELECT 1 FROM employer_contact_persons WHERE id = :id AND employer_id = :employer_id");
		stmt_bind_int(s, ":id", o->contact_person_id);
		stmt_bind_int(s, ":employer_id", o->employer_id);
		if (stmt_exec(s) != STORE_ROW)
			err_field(&c->err, "contact_person_id", NULL, "Kontaktpersonen finns inte hos arbetsgivaren.");
	}
	check_text(c, "title", o->title, 200, "Rubriken");
	check_text(c, "note", o->note, 2000, "Anteckningen");
	if (!o->status)
		err_field(&c->err, "status", NULL, "Ange status: open, filled eller closed.");
	else if (!str_in_list(o->status, opportunity_statuses))
		err_field(&c->err, "status", o->status, "Ange status som open, filled eller closed.");
	return c->err.code;
}

static int save(struct ctx *c, int64_t id, const struct opportunity *o, struct opportunity *out)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare_save(c->db, id,
		"INSERT INTO opportunities (employer_id, need_id, kind, ssyk_code, municipality_code, places, start_date,"
		" end_date, req_driving_licence, req_swedish_level, req_upper_secondary, req_certificate, contact_person_id,"
		" title, note, status, org_id, created_by_user_id, created_at, updated_at)"
		" VALUES (:employer_id, :need_id, :kind, :ssyk_code, :municipality_code, :places, :start_date, :end_date,"
		" :req_driving_licence, :req_swedish_level, :req_upper_secondary, :req_certificate, :contact_person_id,"
		" :title, :note, :status, :org_id, :user_id, :now, :now) RETURNING id",
		"UPDATE opportunities SET employer_id = :employer_id, need_id = :need_id, kind = :kind, ssyk_code = :ssyk_code,"
		" municipality_code = :municipality_code, places = :places, start_date = :start_date, end_date = :end_date,"
		" req_driving_licence = :req_driving_licence, req_swedish_level = :req_swedish_level,"
		" req_upper_secondary = :req_upper_secondary, req_certificate = :req_certificate,"
		" contact_person_id = :contact_person_id, title = :title, note = :note, status = :status, updated_at = :now"
		" WHERE id = :id RETURNING id");
	stmt_bind_int(s, ":employer_id", o->employer_id);
	stmt_bind_id(s, ":need_id", o->need_id);
	stmt_bind_int(s, ":places", o->places);
	stmt_bind_int(s, ":req_driving_licence", o->driving_licence);
	stmt_bind_int(s, ":req_upper_secondary", o->upper_secondary);
	stmt_bind_id(s, ":contact_person_id", o->contact_person_id);
	if (!id) { /* who made it: the insert's alone */
		stmt_bind_int(s, ":org_id", c->actor->org_id);
		stmt_bind_int(s, ":user_id", c->actor->user_id);
	}
	stmt_bind_texts(s, (const char *const[][2]){{":kind", o->kind}, {":ssyk_code", o->ssyk_code},
		{":municipality_code", o->municipality_code}, {":start_date", o->start_date}, {":end_date", o->end_date},
		{":req_swedish_level", o->swedish_level}, {":req_certificate", o->certificate}, {":title", o->title},
		{":note", o->note}, {":status", o->status}, {":now", c->now}, {NULL}});
	int64_t nid;
	int rc = stmt_write_id(s, &nid);
	if (change_commit(c, rc, &(struct change){.action = id ? "update" : "create", .entity = "opportunity", .id = nid,
		.fail = "Kunde inte spara platsen."}) != 0)
		return c->err.code;
	return load(c, nid, out);
}

/* The need's fields into o where the body sent none. kind: what the need
 * is open to when that is exactly one kind of place. */
static int from_need(struct ctx *c, const struct opportunity_input *in, struct opportunity *o)
{
	struct stmt *s = store_prepare(c->db,
		"SELECT n.employer_id, n.headcount, n.req_driving_licence, n.req_upper_secondary, n.open_praktik,"
		" n.open_work_training, n.open_apl, n.open_wage_subsidy, n.ssyk_code, n.period_start, n.period_end,"
		" COALESCE(n.municipality_code, e.municipality_code), n.req_swedish_level, n.req_vocational_certificate"
		" FROM recruitment_needs n JOIN employers e ON e.id = n.employer_id WHERE n.id = :id");
	stmt_bind_int(s, ":id", o->need_id);
	int rc = stmt_step(s);
	if (rc != STORE_ROW) {
		stmt_done(s);
		if (rc == STORE_DONE) return err_field(&c->err, "need_id", NULL, "Rekryteringsbehovet finns inte.");
		return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa rekryteringsbehovet.");
	}
	int64_t employer_id = stmt_int(s, 0);
	if (!in->has_employer_id) o->employer_id = employer_id;
	if (!in->has_places) o->places = stmt_int(s, 1);
	if (!in->has_driving_licence) o->driving_licence = stmt_int(s, 2) != 0;
	if (!in->has_upper_secondary) o->upper_secondary = stmt_int(s, 3) != 0;
	static const char *const open_kinds[] = {"praktik", "arbetstraning", "apl", "wage_subsidy"};
	const char *only = NULL;
	int nopen = 0;
	for (int i = 0; i < 4; i++)
		if (stmt_int(s, 4 + i)) { only = open_kinds[i]; nopen++; }
	if (!in->has_kind && nopen == 1) o->kind = only;
	/* The need's texts, in the order of their columns, where the body sent none. */
	const char **texts[] = {in->has_ssyk_code ? NULL : &o->ssyk_code, in->has_start_date ? NULL : &o->start_date,
				in->has_end_date ? NULL : &o->end_date,
				in->has_municipality_code ? NULL : &o->municipality_code,
				in->has_swedish_level ? NULL : &o->swedish_level,
				in->has_certificate ? NULL : &o->certificate};
	for (int i = 0; i < 6; i++)
		if (texts[i]) *texts[i] = arena_strdup(c->arena, stmt_text(s, 8 + i));
	stmt_done(s);
	if (o->employer_id != employer_id)
		err_field(&c->err, "employer_id", NULL, "Rekryteringsbehovet hör till en annan arbetsgivare.");
	if (!o->kind)
		err_field(&c->err, "kind", NULL, nopen > 1 ? "Behovet är öppet för flera sorters platser: ange vilken."
							   : "Ange vilken sorts plats: praktik, arbetstraning, apl, wage_subsidy, employment eller job_track.");
	return c->err.code;
}

int opportunity_create(struct ctx *c, const struct opportunity_input *in, struct opportunity *out)
{
	if (!employer_can_write(c->actor))
		return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte ändra i arbetsgivarregistret.");
	struct opportunity o = in->v;
	if (!in->has_status) o.status = "open";
	if (o.need_id < 0) return err_field(&c->err, "need_id", NULL, "Ange ett rekryteringsbehov, eller null.");
	if (o.need_id && from_need(c, in, &o) != 0) return c->err.code;
	if (!o.need_id && !in->has_places) o.places = 0;
	if (validate(c, &o) != 0) return c->err.code;
	return save(c, 0, &o, out);
}

int opportunity_update(struct ctx *c, int64_t id, const struct opportunity_input *in, struct opportunity *out)
{
	if (!employer_can_write(c->actor))
		return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte ändra i arbetsgivarregistret.");
	struct opportunity o;
	if (load(c, id, &o) != 0) return c->err.code;
	const struct opportunity *v = &in->v;
	if (in->has_need_id && v->need_id != o.need_id)
		err_field(&c->err, "need_id", NULL, "Behovet som platsen gjordes av kan inte ändras.");
	if (in->has_employer_id && v->employer_id != o.employer_id)
		err_field(&c->err, "employer_id", NULL, "Arbetsgivaren kan inte ändras; gör en ny plats.");
	if (c->err.code) return c->err.code;
#define TAKE(f) \
	if (in->has_##f) o.f = v->f
	TAKE(kind);
	TAKE(ssyk_code);
	TAKE(municipality_code);
	TAKE(places);
	TAKE(start_date);
	TAKE(end_date);
	TAKE(driving_licence);
	TAKE(upper_secondary);
	TAKE(swedish_level);
	TAKE(certificate);
	TAKE(contact_person_id);
	TAKE(title);
	TAKE(note);
	TAKE(status);
#undef TAKE
	if (validate(c, &o) != 0) return c->err.code;
	return save(c, id, &o, out);
}
