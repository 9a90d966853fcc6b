/* employer.c — rules and storage calls for the employer register:
 * employers (orgnr, SNI, size class, municipality, networks, workplaces),
 * contact persons at employers (personal data, audited) and networks. */
#include "employer.h"
#include "audit.h"
#include "check.h"
#include "../base/clock.h"
#include "../base/utf8.h"
#include "../se/kommun.h"
#include "../se/orgnr.h"
#include "../se/sni.h"
#include "../se/size_class.h"
#include "../se/ssyk.h"
#include "../store/store.h"
#include <stddef.h>
#include <string.h>

bool employer_can_write(const struct actor *a)
{
	return actor_has(a, ROLE_ADMIN | ROLE_KANSLI | ROLE_EMPLOYER_CONTACT | ROLE_CASE_WORKER);
}

static int forbid_write(struct ctx *c)
{
	return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte ändra i arbetsgivarregistret.");
}

/* The first string above every string that starts with prefix (byte order,
 * as both SQLite's BINARY and PostgreSQL's "C" collation compare): the
 * prefix with its last byte incremented, so `k >= prefix AND k < upper` is
 * a prefix match an index serves. Valid UTF-8 never holds 0xFF. */
static const char *prefix_upper(struct arena *a, const char *prefix)
{
	size_t n = strlen(prefix);
	char *u = arena_strdup(a, prefix);
	while (n > 0 && (unsigned char)u[n - 1] == 0xFF) u[--n] = '\0';
	if (n > 0) u[n - 1] = (char)((unsigned char)u[n - 1] + 1);
	return u;
}

#define EMPLOYER_COLS                                                                                       \
	"e.id, e.sole_trader, e.main_contact_user_id, e.orgnr, e.name, e.sni_code, e.sni_section, e.size_class," \
	" e.municipality_code, e.address, e.postal_code, e.city, e.website, e.created_at, e.updated_at,"       \
	" (SELECT u.name FROM users u WHERE u.id = e.main_contact_user_id)"

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct employer *e = out;
	memset(e, 0, sizeof *e);
	e->id = stmt_int(s, 0);
	e->sole_trader = stmt_int(s, 1) != 0;
	e->main_contact_user_id = stmt_int(s, 2); /* NULL: 0 */
	read_texts(c, s, 3, (const char **[]){&e->orgnr, &e->name, &e->sni_code, &e->sni_section, &e->size_class,
					    &e->municipality_code, &e->address, &e->postal_code, &e->city, &e->website,
					    &e->created_at, &e->updated_at, &e->main_contact_user_name, NULL});
}

static void read_network(struct ctx *c, struct stmt *s, void *out)
{
	struct employer_network *n = out;
	n->id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&n->name, &n->description, NULL});
}

static void read_workplace(struct ctx *c, struct stmt *s, void *out)
{
	struct employer_workplace *w = out;
	w->id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&w->name, &w->address, &w->municipality_code, NULL});
}

/* The employer with its networks and workplaces, no permission check or audit. */
static int load(struct ctx *c, int64_t id, struct employer *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " EMPLOYER_COLS " FROM employers e WHERE e.id = :id");
	stmt_bind_int(s, ":id", id);
	if (get_one(c, s, read_row, out, "Arbetsgivaren finns inte.", "Kunde inte läsa arbetsgivaren.") != 0) return c->err.code;

	out->networks = list_all_of_parent(c, "SELECT n.id, n.name, n.description FROM employer_networks en"
					      " JOIN networks n ON n.id = en.network_id WHERE en.employer_id = :parent ORDER BY n.name, n.id",
					   id, sizeof *out->networks, read_network, &out->nnetworks,
					   "Kunde inte läsa arbetsgivarens nätverk.");
	if (!out->networks) return c->err.code;
	out->workplaces = list_all_of_parent(c, "SELECT id, name, address, municipality_code FROM employer_workplaces"
						" WHERE employer_id = :parent ORDER BY id",
					     id, sizeof *out->workplaces, read_workplace, &out->nworkplaces,
					     "Kunde inte läsa arbetsgivarens arbetsställen.");
	return out->workplaces ? 0 : c->err.code;
}

int employer_get(struct ctx *c, int64_t id, struct employer *out)
{
	if (!c->actor) return err_set(&c->err, ERR_FORBIDDEN, "Logga in för att läsa arbetsgivarregistret.");
	if (load(c, id, out) != 0) return c->err.code;
	return out->sole_trader ? audit_read(c, "employer", id, "sole_trader", "Kunde inte logga läsningen.") : 0;
}

/* The stored form of an employer after validation. */
struct row {
	char orgnr[11];
	bool sole_trader;
	const char *name, *name_key, *sni_code, *sni_section, *size_class, *municipality_code;
	const char *address, *postal_code, *city, *website;
	int64_t main_contact_user_id;
};

static bool user_active(struct ctx *c, int64_t id)
{
	return row_exists(c, "SELECT 1 FROM users WHERE id = :id AND active = 1", id);
}

const char *employer_sni_check(const char *code, char out[SNI_CODE_SIZE])
{
	/* The section is derived; the code says where in it. */
	if (!sni_normalize(code, out) || out[0] < '0' || out[0] > '9')
		return "Ange en SNI-kod med siffror (2–5 siffror, t.ex. 25620 eller 25.620).";
	return sni_valid(out) ? NULL : "Okänd SNI 2007-kod.";
}

/* Validates r (orgnr taken from orgnr_in) and the input's lists. */
static int validate(struct ctx *c, const char *orgnr_in, struct row *r, const struct employer_input *in)
{
	struct orgnr o;
	int orc = orgnr_in ? orgnr_parse(orgnr_in, &o) : ORGNR_EFORMAT;
	if (!orgnr_in)
		err_field(&c->err, "orgnr", NULL, "Ange organisationsnummer (tio siffror, t.ex. 556000-0000).");
	else if (orc != ORGNR_OK)
		err_field(&c->err, "orgnr", NULL, orgnr_error_text(orc)); /* may be a personnummer: not echoed */
	else {
		memcpy(r->orgnr, o.normalized, sizeof r->orgnr);
		r->sole_trader = o.type == ORGNR_SOLE_TRADER;
	}
	if (!utf8_text_ok(r->name, 1, 200)) err_field(&c->err, "name", NULL, "Ange ett namn (högst 200 tecken).");
	else {
		char *k = arena_strdup(c->arena, r->name);
		utf8_lower(k);
		r->name_key = k;
	}
	r->sni_section = NULL;
	bool sni_ok = true;
	if (r->sni_code) {
		char norm[SNI_CODE_SIZE];
		const char *why = employer_sni_check(r->sni_code, norm);
		sni_ok = !why;
		if (why) {
			err_field(&c->err, "sni_code", r->sni_code, why);
		} else {
			r->sni_code = arena_strdup(c->arena, norm);
			r->sni_section = sni_section(norm);
		}
	}
	if (in->has_sni_section && sni_ok &&
	    !(in->sni_section ? r->sni_section && strcmp(in->sni_section, r->sni_section) == 0 : !r->sni_section))
		err_field(&c->err, "sni_section", in->sni_section,
			  "Avdelningen räknas fram ur sni_code; skicka den inte, eller som den är.");
	if (in->has_sole_trader && orc == ORGNR_OK && in->sole_trader != r->sole_trader)
		err_field(&c->err, "sole_trader", NULL,
			  "Enskild firma avgörs av organisationsnumret; skicka den inte, eller som den är.");
	if (r->size_class && !size_class_valid(r->size_class))
		err_field(&c->err, "size_class", r->size_class,
			  "Ange storleksklass: 0, 1-4, 5-9, 10-19, 20-49, 50-99, 100-199, 200-499 eller 500+.");
	if (r->municipality_code && !kommun_name(r->municipality_code))
		err_field(&c->err, "municipality_code", r->municipality_code, "Okänd kommunkod (fyra siffror, t.ex. 1488).");
	check_text(c, "address", r->address, 200, "Adressen");
	check_text(c, "postal_code", r->postal_code, 20, "Postnumret");
	check_text(c, "city", r->city, 100, "Orten");
	check_text(c, "website", r->website, 200, "Webbadressen");
	if (r->main_contact_user_id && !user_active(c, r->main_contact_user_id))
		err_field(&c->err, "main_contact_user_id", NULL, "Ange en aktiv användare som huvudkontakt.");
	if (in->has_network_ids)
		for (size_t i = 0; i < in->nnetwork_ids; i++)
			if (!row_exists(c, "SELECT 1 FROM networks WHERE id = :id", in->network_ids[i])) {
				err_field(&c->err, arena_printf(c->arena, "network_ids[%zu]", i), NULL, "Nätverket finns inte.");
				break;
			}
	if (in->has_workplaces)
		for (size_t i = 0; i < in->nworkplaces; i++) {
			const struct employer_workplace *w = &in->workplaces[i];
			if (!utf8_text_ok(w->name, 1, 200))
				err_field(&c->err, arena_printf(c->arena, "workplaces[%zu].name", i), NULL,
					  "Ange arbetsställets namn (högst 200 tecken).");
			check_text(c, arena_printf(c->arena, "workplaces[%zu].address", i), w->address, 200, "Adressen");
			if (w->municipality_code && !kommun_name(w->municipality_code))
				err_field(&c->err, arena_printf(c->arena, "workplaces[%zu].municipality_code", i),
					  w->municipality_code, "Okänd kommunkod (fyra siffror, t.ex. 1488).");
		}
	return c->err.code;
}

static void bind_workplace(struct stmt *s, const void *items, size_t i)
{
	const struct employer_workplace *w = (const struct employer_workplace *)items + i;
	stmt_bind_texts(s, (const char *const[][2]){{":name", w->name}, {":address", w->address},
		{":municipality_code", w->municipality_code}, {NULL}});
}

/* Writes the employer, its memberships and workplaces and the audit event
 * in one transaction. id 0 creates. */
static int save(struct ctx *c, int64_t id, const struct row *r, const struct employer_input *in, struct employer *out)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare_save(c->db, id,
		"INSERT INTO employers (orgnr, sole_trader, name, name_key, sni_code, sni_section, size_class,"
		" municipality_code, address, postal_code, city, website, main_contact_user_id, created_at,"
		" updated_at) VALUES (:orgnr, :sole_trader, :name, :name_key, :sni_code, :sni_section,"
		" :size_class, :municipality_code, :address, :postal_code, :city, :website,"
		" :main_contact, :now, :now) RETURNING id",
		"UPDATE employers SET orgnr = :orgnr, sole_trader = :sole_trader, name = :name,"
		" name_key = :name_key, sni_code = :sni_code, sni_section = :sni_section,"
		" size_class = :size_class, municipality_code = :municipality_code, address = :address,"
		" postal_code = :postal_code, city = :city, website = :website,"
		" main_contact_user_id = :main_contact, updated_at = :now WHERE id = :id RETURNING id");
	stmt_bind_text(s, ":orgnr", r->orgnr);
	stmt_bind_int(s, ":sole_trader", r->sole_trader);
	stmt_bind_texts(s, (const char *const[][2]){{":name", r->name}, {":name_key", r->name_key},
		{":sni_code", r->sni_code}, {":sni_section", r->sni_section}, {":size_class", r->size_class},
		{":municipality_code", r->municipality_code}, {":address", r->address},
		{":postal_code", r->postal_code}, {":city", r->city}, {":website", r->website}, {NULL}});
	stmt_bind_id(s, ":main_contact", r->main_contact_user_id);
	stmt_bind_text(s, ":now", c->now);
	int64_t eid;
	int rc = stmt_write_id(s, &eid);
	/* Only the employer's own row can conflict (its orgnr): what fails
	 * after it is a failure like any. */
	const char *conflict = rc == STORE_ECONSTRAINT ? "Det finns redan en arbetsgivare med det organisationsnumret." : NULL;
	if (rc == STORE_DONE && in->has_network_ids)
		rc = replace_children(c, "DELETE FROM employer_networks WHERE employer_id = :parent",
				      "INSERT INTO employer_networks (employer_id, network_id) VALUES (:parent, :item) ON CONFLICT DO NOTHING",
				      eid, in->network_ids, in->nnetwork_ids, bind_int_item);
	if (rc == STORE_DONE && in->has_workplaces)
		rc = replace_children(c, "DELETE FROM employer_workplaces WHERE employer_id = :parent",
				      "INSERT INTO employer_workplaces (employer_id, name, address, municipality_code)"
				      " VALUES (:parent, :name, :address, :municipality_code)",
				      eid, in->workplaces, in->nworkplaces, bind_workplace);
	if (change_commit(c, rc, &(struct change){.action = id ? "update" : "create", .entity = "employer", .id = eid,
		.conflict = conflict, .fail = "Kunde inte spara arbetsgivaren."}) != 0)
		return c->err.code;
	return load(c, eid, out);
}

int employer_create(struct ctx *c, const struct employer_input *in, struct employer *out)
{
	if (!employer_can_write(c->actor)) return forbid_write(c);
	struct row r = {.name = in->name, .sni_code = in->sni_code, .size_class = in->size_class,
			.municipality_code = in->municipality_code, .address = in->address, .postal_code = in->postal_code,
			.city = in->city, .website = in->website, .main_contact_user_id = in->main_contact_user_id};
	if (validate(c, in->orgnr, &r, in) != 0) return c->err.code;
	return save(c, 0, &r, in, out);
}

int employer_update(struct ctx *c, int64_t id, const struct employer_input *in, struct employer *out)
{
	if (!employer_can_write(c->actor)) return forbid_write(c);
	struct employer cur;
	if (load(c, id, &cur) != 0) return c->err.code;
	struct row r = {.name = cur.name, .sni_code = cur.sni_code, .size_class = cur.size_class,
			.municipality_code = cur.municipality_code, .address = cur.address, .postal_code = cur.postal_code,
			.city = cur.city, .website = cur.website, .main_contact_user_id = cur.main_contact_user_id};
	const char *orgnr = in->has_orgnr ? in->orgnr : cur.orgnr;
	if (in->has_name) r.name = in->name;
	if (in->has_sni_code) r.sni_code = in->sni_code;
	if (in->has_size_class) r.size_class = in->size_class;
	if (in->has_municipality_code) r.municipality_code = in->municipality_code;
	if (in->has_address) r.address = in->address;
	if (in->has_postal_code) r.postal_code = in->postal_code;
	if (in->has_city) r.city = in->city;
	if (in->has_website) r.website = in->website;
	if (in->has_main_contact_user_id) r.main_contact_user_id = in->main_contact_user_id;
	/* An unchanged main contact who has since been deactivated does not block other changes. */
	if (!in->has_main_contact_user_id && r.main_contact_user_id && !user_active(c, r.main_contact_user_id)) {
		struct row tmp = r;
		tmp.main_contact_user_id = 0;
		if (validate(c, orgnr, &tmp, in) != 0) return c->err.code;
		tmp.main_contact_user_id = r.main_contact_user_id;
		return save(c, id, &tmp, in, out);
	}
	if (validate(c, orgnr, &r, in) != 0) return c->err.code;
	return save(c, id, &r, in, out);
}

/* ---- search ---- */

/* The optional filters, shared by the filtered statements, bound by
 * bind_filters; an absent filter's parameter is NULL (network 0).
 * Memberships and needs are uncorrelated IN lists: built once from their
 * own indexes (network, ssyk_code) instead of probed for every employer. */
#define EMPLOYER_FILTERS                                                                                   \
	" (CAST(:section AS TEXT) IS NULL OR e.sni_section = :section)"                                    \
	" AND (CAST(:sni AS TEXT) IS NULL OR (e.sni_code >= :sni AND e.sni_code < :sni_upper))"            \
	" AND (CAST(:mun AS TEXT) IS NULL OR e.municipality_code = :mun)"                                  \
	" AND (CAST(:size AS TEXT) IS NULL OR e.size_class = :size)"                                       \
	" AND (:network = 0 OR e.id IN (SELECT en.employer_id FROM employer_networks en"                  \
	" WHERE en.network_id = :network))"                                                                \
	" AND (CAST(:ssyk AS TEXT) IS NULL OR e.id IN (SELECT n.employer_id FROM recruitment_needs n"      \
	" WHERE n.ssyk_code >= :ssyk AND n.ssyk_code < :ssyk_upper AND n.active = 1"                       \
	" AND (n.period_end IS NULL OR n.period_end >= :today)))"

/* Up to this many matches in a municipality, its page is sorted from the
 * structure index rather than found by walking the name index. */
#define NARROW_SORT_MAX 20000

struct search {
	const char *orgnr;            /* a legal person's whole number */
	const char *key, *key_upper;  /* name prefix range */
	const char *section, *sni, *sni_upper;
	const char *municipality_code, *size_class;
	int64_t network_id;
	const char *ssyk, *ssyk_upper;
	char today[11];
	bool filtered; /* any of the filters after q */
};

static void bind_filters(struct stmt *s, const struct search *q)
{
	stmt_bind_int(s, ":network", q->network_id);
	stmt_bind_texts(s, (const char *const[][2]){{":section", q->section}, {":sni", q->sni}, {":sni_upper", q->sni_upper},
		{":mun", q->municipality_code}, {":size", q->size_class}, {":ssyk", q->ssyk}, {":ssyk_upper", q->ssyk_upper},
		{":today", q->today}, {NULL}});
}

/* Only digits, '-' and '+' and at least ten digits: meant as an orgnr. */
static bool looks_like_orgnr(const char *s)
{
	int digits = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') digits++;
		else if (*s != '-' && *s != '+' && *s != ' ') return false;
	}
	return digits >= 10;
}

static int parse_filter(struct ctx *c, const struct employer_filter *f, struct search *q)
{
	memset(q, 0, sizeof *q);
	clock_today(q->today);
	if (f->q) {
		/* Surrounding spaces are no part of a prefix. */
		const char *b = f->q;
		while (*b == ' ') b++;
		size_t n = strlen(b);
		while (n > 0 && b[n - 1] == ' ') n--;
		char *t = arena_alloc(c->arena, n + 1);
		memcpy(t, b, n);
		t[n] = '\0';
		if (!utf8_valid(t)) {
			err_field(&c->err, "q", NULL, "Söktexten är inte giltig UTF-8.");
		} else if (looks_like_orgnr(t)) {
			struct orgnr o;
			int rc = orgnr_parse(t, &o);
			if (rc != ORGNR_OK)
				err_field(&c->err, "q", NULL, orgnr_error_text(rc));
			else if (o.type == ORGNR_SOLE_TRADER)
				err_field(&c->err, "q", NULL,
					  "En enskild firmas nummer är ett personnummer: sök med POST /employers/search {\"orgnr\": …}.");
			else
				q->orgnr = arena_strdup(c->arena, o.normalized);
		} else if (n > 0) {
			utf8_lower(t);
			q->key = t;
			q->key_upper = prefix_upper(c->arena, t);
		}
	}
	if (f->sni && *f->sni) {
		q->filtered = true;
		char norm[SNI_CODE_SIZE];
		if (!sni_normalize(f->sni, norm) || !sni_valid(norm))
			err_field(&c->err, "sni", f->sni, "Okänd SNI-kod (en avdelning A–U eller en kod, t.ex. 25 eller 25620).");
		else if (sni_level(norm) == SNI_SECTION)
			q->section = arena_strdup(c->arena, norm);
		else {
			q->sni = arena_strdup(c->arena, norm);
			q->sni_upper = prefix_upper(c->arena, norm);
		}
	}
	/* Empty parameters mean no filter, as in the reports (a form's blank field). */
	if (f->municipality_code && *f->municipality_code) {
		q->filtered = true;
		if (!kommun_name(f->municipality_code))
			err_field(&c->err, "municipality_code", f->municipality_code, "Okänd kommunkod (fyra siffror, t.ex. 1488).");
		q->municipality_code = f->municipality_code;
	}
	if (f->size_class && *f->size_class) {
		q->filtered = true;
		if (!size_class_valid(f->size_class))
			err_field(&c->err, "size_class", f->size_class,
				  "Ange storleksklass: 0, 1-4, 5-9, 10-19, 20-49, 50-99, 100-199, 200-499 eller 500+.");
		q->size_class = f->size_class;
	}
	if (f->network_id) {
		q->filtered = true;
		q->network_id = f->network_id;
	}
	if (f->ssyk && *f->ssyk) {
		q->filtered = true;
		/* Any level: an occupation field finds the needs of all its unit groups. */
		char norm[SSYK_CODE_SIZE];
		if (!ssyk_normalize(f->ssyk, norm) || !ssyk_valid(norm))
			err_field(&c->err, "ssyk", f->ssyk, "Okänd SSYK-kod (SSYK 2012, 1–4 siffror, t.ex. 5321).");
		else {
			q->ssyk = arena_strdup(c->arena, norm);
			q->ssyk_upper = prefix_upper(c->arena, norm);
		}
	}
	return c->err.code;
}

/* What a search statement names besides the filters (bind_search). */
enum { SEARCH_ORGNR = 1, SEARCH_KEY = 2, SEARCH_FILTERS = 4 };

static void bind_search(struct stmt *s, const struct search *q, unsigned what)
{
	if (what & SEARCH_ORGNR) stmt_bind_text(s, ":orgnr", q->orgnr);
	if (what & SEARCH_KEY) {
		stmt_bind_text(s, ":key", q->key);
		stmt_bind_text(s, ":key_upper", q->key_upper);
	}
	if (what & SEARCH_FILTERS) bind_filters(s, q);
}

/* Runs count then page; each shape has its own statements so that the
 * common ones (everything, a name prefix) are served by an index alone: a
 * generic WHERE with NULL parameters still reads every row in SQLite
 * (docs/performance.md, the participant list). */
static int run_search(struct ctx *c, const struct search *q, const struct page *p, struct employer_list *out)
{
	static const char fail[] = "Kunde inte söka i arbetsgivarregistret.";
	struct stmt *cnt, *pg;
	unsigned what = SEARCH_FILTERS;
	if (q->orgnr) {
		cnt = store_prepare(c->db, "SELECT COUNT(*) FROM employers e WHERE e.orgnr = :orgnr AND" EMPLOYER_FILTERS);
		pg = store_prepare(c->db, "SELECT " EMPLOYER_COLS " FROM employers e WHERE e.orgnr = :orgnr AND" EMPLOYER_FILTERS
					  " ORDER BY e.name_key, e.id LIMIT :limit OFFSET :offset");
		what |= SEARCH_ORGNR;
	} else if (q->key && q->filtered) {
		cnt = store_prepare(c->db, "SELECT COUNT(*) FROM employers e WHERE e.name_key >= :key AND e.name_key < :key_upper AND"
					   EMPLOYER_FILTERS);
		pg = store_prepare(c->db, "SELECT " EMPLOYER_COLS " FROM employers e WHERE e.name_key >= :key AND e.name_key < :key_upper"
					  " AND" EMPLOYER_FILTERS " ORDER BY e.name_key, e.id LIMIT :limit OFFSET :offset");
		what |= SEARCH_KEY;
	} else if (q->key) {
		cnt = store_prepare(c->db, "SELECT COUNT(*) FROM employers e WHERE e.name_key >= :key AND e.name_key < :key_upper");
		pg = store_prepare(c->db, "SELECT " EMPLOYER_COLS " FROM employers e WHERE e.name_key >= :key AND e.name_key < :key_upper"
					  " ORDER BY e.name_key, e.id LIMIT :limit OFFSET :offset");
		what = SEARCH_KEY;
	} else if (q->municipality_code) {
		/* The count reads the municipality's part of employers_structure
		 * instead of the whole table. A municipality's few employers are
		 * then read through that index and sorted; a big one's page is
		 * found sooner by walking the name index (a tenth of Stockholm's
		 * 50 in a few hundred rows). */
		cnt = store_prepare(c->db, "SELECT COUNT(*) FROM employers e WHERE e.municipality_code = :mun AND" EMPLOYER_FILTERS);
		bind_filters(cnt, q);
		if (stmt_scalar(cnt, &out->total) != STORE_ROW) return err_set(&c->err, ERR_INTERNAL, "%s", fail);
		pg = out->total <= NARROW_SORT_MAX
			     ? store_prepare(c->db, "SELECT " EMPLOYER_COLS " FROM employers e WHERE e.municipality_code = :mun AND"
						    EMPLOYER_FILTERS " ORDER BY e.name_key, e.id LIMIT :limit OFFSET :offset")
			     : store_prepare(c->db, "SELECT " EMPLOYER_COLS " FROM employers e WHERE" EMPLOYER_FILTERS
						    " ORDER BY e.name_key, e.id LIMIT :limit OFFSET :offset");
		bind_filters(pg, q);
		out->items = page_rows(c, pg, p, sizeof *out->items, read_row, &out->n, fail);
		return out->items ? 0 : c->err.code;
	} else if (q->filtered) {
		cnt = store_prepare(c->db, "SELECT COUNT(*) FROM employers e WHERE" EMPLOYER_FILTERS);
		pg = store_prepare(c->db, "SELECT " EMPLOYER_COLS " FROM employers e WHERE" EMPLOYER_FILTERS
					  " ORDER BY e.name_key, e.id LIMIT :limit OFFSET :offset");
	} else {
		cnt = store_prepare(c->db, "SELECT COUNT(*) FROM employers");
		pg = store_prepare(c->db, "SELECT " EMPLOYER_COLS " FROM employers e ORDER BY e.name_key, e.id LIMIT :limit OFFSET :offset");
		what = 0;
	}
	bind_search(cnt, q, what);
	bind_search(pg, q, what);
	out->items = list_page(c, cnt, pg, p, sizeof *out->items, read_row, &out->n, &out->total, fail);
	return out->items ? 0 : c->err.code;
}

/* A sole trader's number is a personnummer: its reads are audited. */
static int audit_sole_traders(struct ctx *c, const struct employer_list *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++) n += l->items[i].sole_trader;
	if (n == 0) return 0;
	int64_t *ids = arena_alloc(c->arena, n * sizeof *ids);
	n = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].sole_trader) ids[n++] = l->items[i].id;
	return audit_reads(c, "employer", ids, n, "sole_trader", "Kunde inte logga läsningen.");
}

int employer_list(struct ctx *c, const struct employer_filter *f, const struct page *p, struct employer_list *out)
{
	if (!c->actor) return err_set(&c->err, ERR_FORBIDDEN, "Logga in för att läsa arbetsgivarregistret.");
	struct search q;
	if (parse_filter(c, f, &q) != 0 || run_search(c, &q, p, out) != 0) return c->err.code;
	return audit_sole_traders(c, out);
}

int employer_find_orgnr(struct ctx *c, const char *orgnr, struct employer_list *out)
{
	if (!c->actor) return err_set(&c->err, ERR_FORBIDDEN, "Logga in för att läsa arbetsgivarregistret.");
	struct orgnr o;
	int rc = orgnr ? orgnr_parse(orgnr, &o) : ORGNR_EFORMAT;
	if (rc != ORGNR_OK) return err_field(&c->err, "orgnr", NULL, orgnr_error_text(rc));
	struct stmt *s = store_prepare(c->db, "SELECT " EMPLOYER_COLS " FROM employers e WHERE e.orgnr = :orgnr");
	stmt_bind_text(s, ":orgnr", o.normalized);
	out->items = list_all(c, s, sizeof *out->items, read_row, &out->n, "Kunde inte söka i arbetsgivarregistret.");
	if (!out->items) return c->err.code;
	out->total = (int64_t)out->n;
	return audit_sole_traders(c, out);
}

/* ---- contact persons ---- */

int employer_exists(struct ctx *c, int64_t id)
{
	struct stmt *s = store_prepare(c->db, "SELECT 1 FROM employers WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	int rc = stmt_exec(s);
	if (rc == STORE_DONE) return err_set(&c->err, ERR_NOT_FOUND, "Arbetsgivaren finns inte.");
	return rc == STORE_ROW ? 0 : err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa arbetsgivaren.");
}

static void read_person(struct ctx *c, struct stmt *s, void *out)
{
	struct employer_person *p = out;
	p->id = stmt_int(s, 0);
	p->employer_id = stmt_int(s, 1);
	read_texts(c, s, 2, (const char **[]){&p->name, &p->role, &p->phone, &p->email, NULL});
}

int employer_person_list(struct ctx *c, int64_t employer_id, const struct page *p, struct employer_person_list *out)
{
	if (!c->actor) return err_set(&c->err, ERR_FORBIDDEN, "Logga in för att läsa arbetsgivarregistret.");
	if (employer_exists(c, employer_id) != 0) return c->err.code;
	out->items = list_of_parent(c, "SELECT COUNT(*) FROM employer_contact_persons WHERE employer_id = :parent",
				    "SELECT id, employer_id, name, role, phone, email FROM employer_contact_persons"
				    " WHERE employer_id = :parent ORDER BY name, id LIMIT :limit OFFSET :offset",
				    employer_id, p, sizeof *out->items, read_person, &out->n, &out->total, "Kunde inte läsa kontaktpersonerna.");
	if (!out->items) return c->err.code;
	return audit_reads_of(c, "employer_person", out->items, out->n, sizeof *out->items,
			      offsetof(struct employer_person, id), NULL, "Kunde inte logga läsningen.");
}

static int validate_person(struct ctx *c, const struct employer_person *p)
{
	if (!utf8_text_ok(p->name, 1, 200)) err_field(&c->err, "name", NULL, "Ange ett namn (högst 200 tecken).");
	check_text(c, "role", p->role, 100, "Rollen");
	if (p->phone) {
		bool ok = strlen(p->phone) <= 30 && *p->phone;
		for (const char *s = p->phone; ok && *s; s++)
			ok = (*s >= '0' && *s <= '9') || strchr("+-() ", *s);
		if (!ok) err_field(&c->err, "phone", NULL, "Ange ett telefonnummer (siffror, +, -, mellanslag; högst 30 tecken).");
	}
	check_email(c, "email", p->email);
	return c->err.code;
}

static int get_person(struct ctx *c, int64_t employer_id, int64_t person_id, struct employer_person *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT id, employer_id, name, role, phone, email FROM employer_contact_persons"
					      " WHERE id = :id AND employer_id = :employer");
	stmt_bind_int(s, ":id", person_id);
	stmt_bind_int(s, ":employer", employer_id);
	return get_one(c, s, read_person, out, "Kontaktpersonen finns inte.", "Kunde inte läsa kontaktpersonen.");
}

static int save_person(struct ctx *c, int64_t employer_id, int64_t person_id, const struct employer_person *p,
		       struct employer_person *out)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare_save(c->db, person_id,
		"INSERT INTO employer_contact_persons (employer_id, name, role, phone, email, created_at,"
		" updated_at) VALUES (:employer, :name, :role, :phone, :email, :now, :now) RETURNING id",
		"UPDATE employer_contact_persons SET employer_id = :employer, name = :name,"
		" role = :role, phone = :phone, email = :email, updated_at = :now WHERE id = :id RETURNING id");
	stmt_bind_int(s, ":employer", employer_id);
	stmt_bind_texts(s, (const char *const[][2]){{":name", p->name}, {":role", p->role}, {":phone", p->phone},
		{":email", p->email}, {":now", c->now}, {NULL}});
	int64_t id;
	int rc = stmt_write_id(s, &id);
	if (change_commit(c, rc, &(struct change){.action = person_id ? "update" : "create",
		.entity = "employer_person", .id = id, .fail = "Kunde inte spara kontaktpersonen."}) != 0)
		return c->err.code;
	*out = *p;
	out->id = id;
	out->employer_id = employer_id;
	return 0;
}

int employer_person_create(struct ctx *c, int64_t employer_id, const struct employer_person_input *in,
			   struct employer_person *out)
{
	if (!employer_can_write(c->actor)) return forbid_write(c);
	if (employer_exists(c, employer_id) != 0) return c->err.code;
	struct employer_person p = {.name = in->name, .role = in->role, .phone = in->phone, .email = in->email};
	if (validate_person(c, &p) != 0) return c->err.code;
	return save_person(c, employer_id, 0, &p, out);
}

int employer_person_update(struct ctx *c, int64_t employer_id, int64_t person_id,
			   const struct employer_person_input *in, struct employer_person *out)
{
	if (!employer_can_write(c->actor)) return forbid_write(c);
	struct employer_person p;
	if (get_person(c, employer_id, person_id, &p) != 0) return c->err.code;
	if (in->has_name) p.name = in->name;
	if (in->has_role) p.role = in->role;
	if (in->has_phone) p.phone = in->phone;
	if (in->has_email) p.email = in->email;
	if (validate_person(c, &p) != 0) return c->err.code;
	return save_person(c, employer_id, person_id, &p, out);
}

int employer_person_delete(struct ctx *c, int64_t employer_id, int64_t person_id)
{
	if (!employer_can_write(c->actor)) return forbid_write(c);
	struct employer_person p;
	if (get_person(c, employer_id, person_id, &p) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "DELETE FROM employer_contact_persons WHERE id = :id");
	stmt_bind_int(s, ":id", person_id);
	return change_commit(c, stmt_exec(s), &(struct change){.action = "delete", .entity = "employer_person",
		.id = person_id, .fail = "Kunde inte ta bort kontaktpersonen."});
}

/* ---- networks ---- */

int network_list(struct ctx *c, const struct page *p, struct network_list *out)
{
	if (!c->actor) return err_set(&c->err, ERR_FORBIDDEN, "Logga in för att läsa arbetsgivarregistret.");
	out->items = list_page(c, store_prepare(c->db, "SELECT COUNT(*) FROM networks"),
			       store_prepare(c->db, "SELECT id, name, description FROM networks ORDER BY name, id LIMIT :limit OFFSET :offset"),
			       p, sizeof *out->items, read_network, &out->n, &out->total, "Kunde inte läsa nätverken.");
	return out->items ? 0 : c->err.code;
}

int network_create(struct ctx *c, const struct employer_network *in, struct employer_network *out)
{
	if (!actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI | ROLE_EMPLOYER_CONTACT))
		return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte lägga till nätverk.");
	if (!utf8_text_ok(in->name, 1, 200)) err_field(&c->err, "name", NULL, "Ange ett namn (högst 200 tecken).");
	check_text(c, "description", in->description, 1000, "Beskrivningen");
	if (c->err.code) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "INSERT INTO networks (name, description) VALUES (:name, :description) RETURNING id");
	stmt_bind_text(s, ":name", in->name);
	stmt_bind_text(s, ":description", in->description);
	int64_t id;
	int rc = stmt_write_id(s, &id);
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "network", .id = id,
		.conflict = arena_printf(c->arena, "Det finns redan ett nätverk med namnet %s.", in->name),
		.fail = "Kunde inte spara nätverket."}) != 0)
		return c->err.code;
	*out = *in;
	out->id = id;
	return 0;
}
