/* participant.c — rules and storage calls for participants and consents.
 * Visibility is access.h's; a participant the user may not see is answered
 * as if it did not exist. One person is one participant, but each
 * organisation sees the base data it typed in itself (its
 * participant_registrations row, when it did not register her first) and
 * only its own consents, and registering a person known elsewhere answers
 * as a new registration would. A personnummer never goes into an error
 * message or an audit detail. */
#include "participant.h"
#include "access.h"
#include "audit.h"
#include "../base/clock.h"
#include "../base/utf8.h"
#include "../se/kommun.h"
#include "../se/personnummer.h"
#include "../se/sex.h"
#include "../store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

/* The participant as the actor's organisation sees her: identity from the
 * participants row, base data from the organisation's own registration
 * when it has one (r), else the row's. Column 10 is the registration's
 * target groups (NULL without one), 11 the local reference. P_FROM's :org
 * is the organisation (access_own_org: 0 for an admin, who has no
 * registration), as in the visibility rules that access_bind binds. */
#define P_COLS                                                                                                    \
	"p.id, p.personnummer, COALESCE(r.first_name, p.first_name), COALESCE(r.last_name, p.last_name),"           \
	" p.anonymous, COALESCE(r.protected_identity, p.protected_identity), p.sex, p.birth_date, p.birth_year,"    \
	" CASE WHEN r.participant_id IS NULL THEN p.municipality_code ELSE r.municipality_code END, r.target_groups," \
	" p.local_ref"
#define P_FROM " FROM participants p LEFT JOIN participant_registrations r ON r.participant_id = p.id AND r.org_id = :org"

static const char not_found[] = "Deltagaren finns inte.";

/* Splits a registration's "a,b,c" target groups. */
static void split_groups(struct ctx *c, const char *text, struct participant *p)
{
	size_t n = 1;
	for (const char *q = text; *q; q++) n += *q == ',';
	p->target_groups = arena_alloc(c->arena, (n + 1) * sizeof *p->target_groups);
	p->ntarget_groups = 0;
	for (const char *q = text; *q;) {
		const char *end = strchr(q, ',');
		size_t len = end ? (size_t)(end - q) : strlen(q);
		if (len) p->target_groups[p->ntarget_groups++] = arena_strndup(c->arena, q, len);
		q += len + (end != NULL);
	}
}

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct participant *p = out;
	memset(p, 0, sizeof *p);
	p->id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&p->personnummer, &p->first_name, &p->last_name, NULL});
	p->anonymous = stmt_int(s, 4) != 0;
	p->protected_identity = stmt_int(s, 5) != 0;
	read_texts(c, s, 6, (const char **[]){&p->sex, &p->birth_date, NULL});
	p->birth_year = stmt_int(s, 8);
	p->municipality_code = arena_strdup(c->arena, stmt_text(s, 9));
	/* NULL target groups: load_extras reads the participant's own. */
	if (stmt_text(s, 10)) split_groups(c, stmt_text(s, 10), p);
	p->local_ref = arena_strdup(c->arena, stmt_text(s, 11));
}

static void read_consent(struct ctx *c, struct stmt *s, void *out)
{
	struct consent *k = out;
	k->id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&k->status, &k->date, &k->scope, NULL});
	k->recorded_by_user_id = stmt_int(s, 4);
	k->created_at = arena_strdup(c->arena, stmt_text(s, 5));
}

/* Target groups and the consent in force, read after the row itself. */
static int load_extras(struct ctx *c, struct participant *p)
{
	if (!p->target_groups) {
		p->target_groups = list_all_of_parent(c, "SELECT code FROM participant_target_groups WHERE participant_id = :parent ORDER BY code",
						      p->id, sizeof *p->target_groups, read_text_column, &p->ntarget_groups,
						      "Kunde inte läsa deltagarens målgrupper.");
		if (!p->target_groups) return c->err.code;
	}
	p->consent = NULL;
	p->shares_with_employers = false;
	if (p->anonymous) return 0;
	p->shares_with_employers = row_exists(c, "SELECT 1 FROM participants p WHERE p.id = :id AND " ACCESS_EMPLOYER_CONSENT_SQL, p->id);
	/* The latest consent the actor's organisation recorded (an admin: any). */
	struct stmt *s = store_prepare(c->db, "SELECT id, status, date, scope, recorded_by_user_id, created_at FROM consents"
					      " WHERE participant_id = :id AND kind = 'share_with_employers' AND (:org = 0 OR org_id = :org)"
					      " ORDER BY id DESC LIMIT 1");
	stmt_bind_int(s, ":id", p->id);
	stmt_bind_int(s, ":org", access_own_org(c->actor));
	int rc = stmt_step(s);
	if (rc == STORE_ROW) {
		struct consent *k = arena_alloc(c->arena, sizeof *k);
		read_consent(c, s, k);
		p->consent = k;
	}
	stmt_done(s);
	return rc < 0 ? err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa deltagarens samtycke.") : 0;
}

/* The participant if the actor may see it; 404 otherwise. Not audited. */
static int load_visible(struct ctx *c, int64_t id, struct participant *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " P_COLS P_FROM " WHERE p.id = :id AND " ACCESS_VISIBLE_SQL);
	stmt_bind_int(s, ":id", id);
	access_bind(s, c->actor);
	if (get_one(c, s, read_row, out, not_found, "Kunde inte läsa deltagaren.") != 0) return c->err.code;
	return load_extras(c, out);
}

/* Parses a personnummer as of clock_today (so SAMSYN_TODAY governs the
 * century of 10-digit forms as it governs every other date rule). */
int participant_parse_pnr(const char *s, struct pnr *out)
{
	char today[11];
	clock_today(today);
	return pnr_parse_at(s, atoi(today), atoi(today + 5), atoi(today + 8), out);
}

static bool target_group_ok(struct ctx *c, const char *code)
{
	struct stmt *s = store_prepare(c->db, "SELECT 1 FROM target_groups WHERE code = :code AND active = 1");
	stmt_bind_text(s, ":code", code);
	return stmt_exec(s) == STORE_ROW;
}

/* Checks the whole would-be participant and fills *out with the stored
 * form (normalised personnummer, derived sex and birth date). The
 * personnummer is checked first so that its error leads the list. */
static int validate(struct ctx *c, const struct participant_input *in, struct participant *out)
{
	memset(out, 0, sizeof *out);
	out->anonymous = in->anonymous;
	out->protected_identity = in->protected_identity;
	out->municipality_code = in->municipality_code;
	char today[11];
	clock_today(today);
	int this_year = atoi(today);
	if (!in->anonymous) {
		struct pnr pnr;
		int perr = PNR_EFORMAT;
		if (!in->personnummer)
			err_field(&c->err, "personnummer", NULL, "Ange personnummer eller samordningsnummer.");
		else if ((perr = participant_parse_pnr(in->personnummer, &pnr)) != PNR_OK)
			err_field(&c->err, "personnummer", NULL, pnr_error_text(perr));
		if (in->sex && !sex_label(in->sex)) err_field(&c->err, "sex", in->sex, "Ange kön: female eller male.");
		if (!utf8_text_ok(in->first_name, 1, 100)) err_field(&c->err, "first_name", NULL, "Ange förnamn (högst 100 tecken).");
		if (!utf8_text_ok(in->last_name, 1, 100)) err_field(&c->err, "last_name", NULL, "Ange efternamn (högst 100 tecken).");
		if (perr == PNR_OK) {
			out->personnummer = arena_strdup(c->arena, pnr.normalized);
			out->sex = pnr.sex == PNR_MALE ? "male" : "female";
			out->birth_date = arena_printf(c->arena, "%04d-%02d-%02d", pnr.year, pnr.month, pnr.day);
			out->birth_year = pnr.year;
			if (in->sex && sex_label(in->sex) && strcmp(in->sex, out->sex) != 0)
				err_field(&c->err, "sex", in->sex, "Könet stämmer inte med personnumret.");
			if (in->has_birth_year && in->birth_year != pnr.year)
				err_field(&c->err, "birth_year", NULL, "Födelseåret stämmer inte med personnumret.");
		}
		out->first_name = in->first_name;
		out->last_name = in->last_name;
	} else {
		if (in->personnummer)
			err_field(&c->err, "personnummer", NULL, "En anonym deltagare har inget personnummer.");
		if (in->first_name || in->last_name)
			err_field(&c->err, in->first_name ? "first_name" : "last_name", NULL, "En anonym deltagare har inget namn.");
		if (!sex_label(in->sex)) err_field(&c->err, "sex", in->sex, "Ange kön: female eller male.");
		if (!in->has_birth_year || in->birth_year < 1900 || in->birth_year > this_year)
			err_field(&c->err, "birth_year", NULL, "Ange födelseår (fyra siffror).");
		out->sex = in->sex;
		out->birth_year = in->birth_year;
	}
	if (in->municipality_code && !kommun_name(in->municipality_code))
		err_field(&c->err, "municipality_code", in->municipality_code, "Okänd kommunkod (fyra siffror, t.ex. 1488).");
	out->target_groups = arena_alloc(c->arena, (in->ntarget_groups + 1) * sizeof *out->target_groups);
	for (size_t i = 0; i < in->ntarget_groups; i++) {
		const char *g = in->target_groups[i];
		if (!g || !target_group_ok(c, g)) {
			err_field(&c->err, "target_groups", g, "Okänd eller inaktiv målgrupp.");
			continue; /* each unknown one is named */
		}
		bool seen = false;
		for (size_t j = 0; j < out->ntarget_groups; j++) seen |= strcmp(out->target_groups[j], g) == 0;
		if (!seen) out->target_groups[out->ntarget_groups++] = g;
	}
	return c->err.code;
}

static void bind_fields(struct stmt *s, const struct participant *p, const char *ts)
{
	stmt_bind_int(s, ":anonymous", p->anonymous);
	stmt_bind_int(s, ":protected_identity", p->protected_identity);
	stmt_bind_int(s, ":birth_year", p->birth_year);
	stmt_bind_texts(s, (const char *const[][2]){{":personnummer", p->personnummer}, {":first_name", p->first_name},
		{":last_name", p->last_name}, {":sex", p->sex}, {":birth_date", p->birth_date},
		{":municipality_code", p->municipality_code}, {":now", ts}, {NULL}});
}

/* Inserts (id 0) or updates p with its target groups and the audit event,
 * in one transaction. A taken personnummer is 409. Made anonymous, the
 * person's name goes from every organisation's registration too. */
static int save(struct ctx *c, struct participant *p, const char *audit_detail)
{
	if (ctx_begin(c) != 0) return c->err.code;
	bool create = p->id == 0;
	struct stmt *s = store_prepare_save(c->db, p->id,
		"INSERT INTO participants (personnummer, first_name, last_name, anonymous, protected_identity, sex,"
		" birth_date, birth_year, municipality_code, created_at, updated_at, created_by_user_id, created_by_org_id)"
		" VALUES (:personnummer, :first_name, :last_name, :anonymous, :protected_identity, :sex, :birth_date,"
		" :birth_year, :municipality_code, :now, :now, :user, :user_org) RETURNING id",
		"UPDATE participants SET personnummer = :personnummer, first_name = :first_name,"
		" last_name = :last_name, anonymous = :anonymous, protected_identity = :protected_identity,"
		" sex = :sex, birth_date = :birth_date, birth_year = :birth_year,"
		" municipality_code = :municipality_code, updated_at = :now WHERE id = :id RETURNING id");
	if (create) {
		stmt_bind_id(s, ":user", c->actor ? c->actor->user_id : 0);
		stmt_bind_id(s, ":user_org", c->actor ? c->actor->org_id : 0);
	}
	bind_fields(s, p, c->now);
	int64_t id;
	int rc = stmt_write_id(s, &id);
	/* Only the participant's row can conflict: its personnummer. */
	const char *conflict = rc == STORE_ECONSTRAINT ? "Det finns redan en deltagare med det personnumret." : NULL;
	if (rc == STORE_DONE) {
		p->id = id;
		rc = replace_children(c, create ? NULL : "DELETE FROM participant_target_groups WHERE participant_id = :parent",
				      "INSERT INTO participant_target_groups (participant_id, code) VALUES (:parent, :item)", id,
				      p->target_groups, p->ntarget_groups, bind_text_item);
	}
	/* An anonymous participant's local_ref is given by the database
	 * (migration 0031's trigger): an UPDATE of the new row by its id here
	 * read the rightmost page of the ids, where every other new participant
	 * goes, and on PostgreSQL every two creations at once conflicted. */
	if (rc == STORE_DONE && p->anonymous && create) p->local_ref = arena_printf(c->arena, "A-%lld", (long long)id);
	/* The home beside her wishes (work_profile_occupations, migration
	 * 0023: the candidates' index) follows the participant's. */
	if (rc == STORE_DONE && !create) {
		s = store_prepare(c->db, "UPDATE work_profile_occupations SET home_municipality_code = :municipality_code"
					 " WHERE participant_id = :id");
		stmt_bind_int(s, ":id", id);
		stmt_bind_text(s, ":municipality_code", p->municipality_code);
		rc = stmt_exec(s);
	}
	if (rc == STORE_DONE && !create && p->anonymous) {
		s = store_prepare(c->db, "UPDATE participant_registrations SET first_name = NULL, last_name = NULL"
					 " WHERE participant_id = :id");
		stmt_bind_int(s, ":id", id);
		rc = stmt_exec(s);
	}
	return change_commit(c, rc, &(struct change){.action = create ? "create" : "update", .entity = "participant",
		.id = id, .detail = audit_detail, .conflict = conflict, .fail = "Kunde inte spara deltagaren."});
}

/* A registration's target groups as stored: sorted codes joined by ','. */
static const char *join_groups(struct ctx *c, const struct participant *p)
{
	const char **g = arena_alloc(c->arena, (p->ntarget_groups + 1) * sizeof *g);
	size_t len = 1;
	for (size_t i = 0; i < p->ntarget_groups; i++) {
		size_t j = i;
		for (; j > 0 && strcmp(g[j - 1], p->target_groups[i]) > 0; j--) g[j] = g[j - 1];
		g[j] = p->target_groups[i];
		len += strlen(p->target_groups[i]) + 1;
	}
	char *out = arena_alloc(c->arena, len), *w = out;
	for (size_t i = 0; i < p->ntarget_groups; i++) w += sprintf(w, "%s%s", i ? "," : "", g[i]);
	*w = 0;
	return out;
}

/* Writes the actor's organisation's own base data of the person (its
 * registration: name, municipality, protected identity, target groups),
 * with its audit event, in one transaction. */
static int save_registration(struct ctx *c, const struct participant *p, bool create)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO participant_registrations (participant_id, org_id, first_name, last_name, municipality_code,"
		" protected_identity, target_groups, created_by_user_id, created_at, updated_at)"
		" VALUES (:id, :user_org, :first_name, :last_name, :municipality_code, :protected_identity,"
		" :target_groups, :user, :now, :now) ON CONFLICT (org_id, participant_id) DO UPDATE SET"
		" first_name = excluded.first_name, last_name = excluded.last_name,"
		" municipality_code = excluded.municipality_code, protected_identity = excluded.protected_identity,"
		" target_groups = excluded.target_groups, updated_at = excluded.updated_at");
	stmt_bind_int(s, ":id", p->id);
	stmt_bind_int(s, ":user_org", c->actor->org_id);
	stmt_bind_texts(s, (const char *const[][2]){{":first_name", p->anonymous ? NULL : p->first_name},
		{":last_name", p->anonymous ? NULL : p->last_name}, {":municipality_code", p->municipality_code},
		{NULL}});
	stmt_bind_int(s, ":protected_identity", p->protected_identity);
	stmt_bind_text(s, ":target_groups", join_groups(c, p));
	stmt_bind_id(s, ":user", c->actor->user_id);
	stmt_bind_text(s, ":now", c->now);
	return change_commit(c, stmt_exec(s), &(struct change){.action = create ? "create" : "update",
		.entity = "participant", .id = p->id, .detail = "registration", .fail = "Kunde inte spara deltagaren."});
}

int participant_create(struct ctx *c, const struct participant_input *in, struct participant *out)
{
	if (access_require_participants(c)) return c->err.code;
	if (validate(c, in, out) != 0) return c->err.code;
	out->id = 0;
	if (!out->anonymous) {
		int64_t known = participant_id_by_pnr(c, out->personnummer);
		if (known < 0) return c->err.code;
		if (known && !access_participant_visible(c, known)) {
			/* Known only to other organisations: hers is a registration
			 * of her own, answered as a new participant would be, so
			 * that a personnummer tells her nothing she did not type. */
			out->id = known;
			if (save_registration(c, out, true) != 0) return c->err.code;
			return load_visible(c, known, out);
		}
		if (known) {
			/* She sees the person already: lead her there. */
			err_set(&c->err, ERR_CONFLICT, "Det finns redan en deltagare med det personnumret.");
			c->err.existing_id = known;
			return c->err.code;
		}
	}
	if (save(c, out, NULL) != 0) return c->err.code;
	return load_extras(c, out); /* target groups as stored: sorted */
}

int participant_get(struct ctx *c, int64_t id, struct participant *out)
{
	if (access_require_participants(c)) return c->err.code;
	if (load_visible(c, id, out) != 0) return c->err.code;
	return audit_read(c, "participant", id, NULL, "Kunde inte skriva i loggen.");
}

/* The participants row as its first organisation registered it, and that
 * organisation (0 when none: the command line's import). */
struct own_row {
	struct participant p;
	int64_t creator_org;
};

static void read_own_row(struct ctx *c, struct stmt *s, void *out)
{
	struct own_row *r = out;
	read_row(c, s, &r->p);
	r->creator_org = stmt_int(s, 12);
}

static int load_own_row(struct ctx *c, int64_t id, struct own_row *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " P_COLS ", p.created_by_org_id" P_FROM " WHERE p.id = :id");
	stmt_bind_int(s, ":org", 0); /* no organisation's registration */
	stmt_bind_int(s, ":id", id);
	if (get_one(c, s, read_own_row, out, not_found, "Kunde inte läsa deltagaren.") != 0) return c->err.code;
	return load_extras(c, &out->p);
}

int participant_update(struct ctx *c, int64_t id, const struct participant_patch *in, struct participant *out)
{
	if (access_require_participants(c)) return c->err.code;
	struct participant cur;
	struct own_row own;
	if (load_visible(c, id, &cur) != 0 || load_own_row(c, id, &own) != 0) return c->err.code;
	struct participant row = own.p;
	int64_t creator_org = own.creator_org;
	struct participant_input m = {0};
	m.anonymous = in->has_anonymous ? in->anonymous : cur.anonymous;
	if (cur.anonymous && !m.anonymous)
		return err_field(&c->err, "anonymous", NULL,
				 "En anonym deltagare kan inte få namn och personnummer. Registrera personen som ny deltagare.");
	m.protected_identity = in->has_protected_identity ? in->protected_identity : cur.protected_identity;
	m.municipality_code = in->has_municipality_code ? in->municipality_code : cur.municipality_code;
	m.target_groups = in->has_target_groups ? in->target_groups : cur.target_groups;
	m.ntarget_groups = in->has_target_groups ? in->ntarget_groups : cur.ntarget_groups;
	m.has_birth_year = in->has_birth_year;
	m.birth_year = in->birth_year;
	m.sex = in->has_sex ? in->sex : NULL;
	if (!m.anonymous) {
		/* Sex and birth year follow the personnummer; given ones must agree. */
		m.personnummer = in->has_personnummer ? in->personnummer : cur.personnummer;
		m.first_name = in->has_first_name ? in->first_name : cur.first_name;
		m.last_name = in->has_last_name ? in->last_name : cur.last_name;
	} else {
		/* Anonymous, or made so now: the name and personnummer are erased;
		 * sex and birth year stay unless changed. */
		m.personnummer = in->has_personnummer ? in->personnummer : NULL;
		m.first_name = in->has_first_name ? in->first_name : NULL;
		m.last_name = in->has_last_name ? in->last_name : NULL;
		if (!in->has_sex) m.sex = cur.sex;
		if (!in->has_birth_year) m.birth_year = cur.birth_year, m.has_birth_year = true;
	}
	if (validate(c, &m, out) != 0) return c->err.code;
	out->id = id;

	/* Anonymising, a new personnummer, or another sex or birth year of an
	 * anonymous participant rewrites who the person is, for every
	 * organisation: access.h's rule, and a reason for the log. */
	bool anonymised = !cur.anonymous && out->anonymous;
	bool new_pnr = !out->anonymous && strcmp(out->personnummer, cur.personnummer) != 0;
	bool identity = anonymised || new_pnr ||
			(cur.anonymous && (strcmp(out->sex, cur.sex) != 0 || out->birth_year != cur.birth_year));
	const char *detail = NULL;
	if (identity) {
		if (!access_identity_rewrite(c, id))
			return err_set(&c->err, ERR_FORBIDDEN,
				       "Bara den som ser alla deltagarens inskrivningar, eller en administratör, får göra deltagaren"
				       " anonym eller ändra personnummer, kön eller födelseår.");
		if ((anonymised || new_pnr) && !utf8_text_ok(in->reason, 1, 500))
			return err_field(&c->err, "reason", NULL,
					 "Ange varför personens identitetsuppgifter ändras (högst 500 tecken).");
		if (anonymised) detail = arena_printf(c->arena, "anonymised: %s", in->reason);
		else if (new_pnr) detail = arena_printf(c->arena, "personnummer changed: %s", in->reason);
	}

	bool own_row = access_all_participants(c->actor) || (creator_org && creator_org == c->actor->org_id);
	if (own_row) {
		if (save(c, out, detail) != 0) return c->err.code;
		return load_visible(c, id, out);
	}
	/* Another organisation registered her first: identity goes to the
	 * shared row, base data to this organisation's own registration, both
	 * or neither. */
	bool base = in->has_first_name || in->has_last_name || in->has_municipality_code || in->has_protected_identity ||
		    in->has_target_groups;
	if (ctx_begin(c) != 0) return c->err.code;
	int rc = 0;
	if (identity) {
		row.anonymous = out->anonymous;
		row.personnummer = out->personnummer;
		row.sex = out->sex;
		row.birth_date = out->birth_date;
		row.birth_year = out->birth_year;
		if (row.anonymous) row.first_name = row.last_name = NULL;
		rc = save(c, &row, detail);
	}
	if (rc == 0 && (base || !identity)) rc = save_registration(c, out, false);
	if (rc == 0 && store_commit(c->db) != STORE_DONE) rc = ctx_store_failed(c, "Kunde inte spara deltagaren.");
	if (rc != 0) {
		store_rollback(c->db);
		return c->err.code;
	}
	return load_visible(c, id, out);
}

/* The list's WHERE clause: visibility, then the name (as the actor's
 * organisation sees it) or the local reference, and the filters. After
 * P_FROM. */
#define LIST_WHERE " WHERE " ACCESS_VISIBLE_SQL LIST_FILTERS
#define LIST_FILTERS                                                                                               \
	" AND (CAST(:ref AS TEXT) IS NULL OR p.local_ref = :ref)"                                                    \
	" AND (CAST(:like AS TEXT) IS NULL OR COALESCE(r.first_name, p.first_name) LIKE :like ESCAPE '\\'"          \
	" OR COALESCE(r.last_name, p.last_name) LIKE :like ESCAPE '\\'"                                             \
	" OR (COALESCE(r.first_name, p.first_name) || ' ' || COALESCE(r.last_name, p.last_name)) LIKE :like"          \
	" ESCAPE '\\')"                                                                                              \
	" AND (CAST(:mun AS TEXT) IS NULL OR (CASE WHEN r.participant_id IS NULL THEN p.municipality_code"           \
	" ELSE r.municipality_code END) = :mun)"                                                                     \
	" AND (CAST(:group AS TEXT) IS NULL OR (CASE WHEN r.participant_id IS NULL THEN EXISTS (SELECT 1"             \
	" FROM participant_target_groups ft WHERE ft.participant_id = p.id AND ft.code = :group)"                    \
	" ELSE instr(',' || r.target_groups || ',', ',' || :group || ',') > 0 END))"
/* The enrolment filters: the set of participants with a matching
 * enrolment the actor sees, built once (SQLite reads it through the index
 * by intervention, or by end date) and probed per participant. Composed
 * per filter combination; "%s" is enrolment_state_sql's conditions. */
#define LIST_ENROLLED " AND p.id IN (SELECT e.participant_id FROM enrolments e WHERE " ACCESS_ENROLMENT_SQL "%s%s)"
/* The order of the participants_name index: the named by name, then the
 * anonymous (no name) by id. An admin has no registrations, so her order
 * is the index's own; others' names may be their registration's. */
#define ORDER_ADMIN " ORDER BY p.anonymous, p.last_name, p.first_name, p.id LIMIT :limit OFFSET :offset"
#define ORDER_OWN                                                                                                  \
	" ORDER BY p.anonymous, COALESCE(r.last_name, p.last_name), COALESCE(r.first_name, p.first_name), p.id"      \
	" LIMIT :limit OFFSET :offset"

/* Broad lists — no intervention, no search, the filters matching a good
 * share of everyone (a case worker of a large organisation sees most of a
 * million participants) — are read along the name index instead: each
 * participant is tested as it comes and the reading stops at the page, and
 * the count stops at LIST_COUNT_BOUND ("more than"). The set-and-sort
 * statement above read and sorted every match for each page (3–11 s at a
 * million; docs/performance.md, "Filtered lists"), while a narrow list
 * (a small organisation, a rare filter) stays fastest with it: read along
 * the names, it would test every participant to fill one page. Which one
 * is chosen is measured per request on the first LIST_SAMPLE names: at
 * least a tenth matching is broad.
 *
 * Two arms merged in name order (SQLite's MERGE of a compound SELECT): the
 * participants without a registration of the actor's organisation, named
 * as the shared row names them, along participants_name; and those with
 * one, named as the registration does (few; sorted). Columns as P_COLS. */
#define LIST_SAMPLE 4096
#define LIST_COUNT_BOUND 10000
#define WALK_SHARED_COLS                                                                                           \
	"p.id, p.personnummer, p.first_name, p.last_name, p.anonymous, p.protected_identity, p.sex, p.birth_date,"   \
	" p.birth_year, p.municipality_code, NULL, p.local_ref"
/* The arms' FROM and visibility; the filters given follow (walk_filters). */
#define WALK_SHARED_WHERE                                                                                          \
	" NOT EXISTS (SELECT 1 FROM participant_registrations r0 WHERE r0.org_id = :org"                                \
	" AND r0.participant_id = p.id) AND " ACCESS_VISIBLE_PROBE_SQL
#define WALK_SHARED " FROM participants p WHERE" WALK_SHARED_WHERE
#define WALK_REGISTERED " FROM participant_registrations r JOIN participants p ON p.id = r.participant_id WHERE r.org_id = :org"

/* The conditions of the filters given, for one arm (registered: the
 * registration's municipality and target groups, else the shared row's),
 * composed so that a municipality is an equality SQLite reads along
 * participants_municipality (0012) in name order. */
static const char *walk_filters(struct ctx *c, const struct participant_filter *f, bool registered)
{
	const char *mun = !f->municipality_code ? ""
			  : registered		? " AND r.municipality_code = :mun"
						: " AND p.municipality_code = :mun";
	const char *group = !f->target_group ? ""
			    : registered     ? " AND instr(',' || r.target_groups || ',', ',' || :group || ',') > 0"
					     : " AND EXISTS (SELECT 1 FROM participant_target_groups ft WHERE ft.participant_id = p.id"
					       " AND ft.code = :group)";
	const char *enrolled =
		enrolment_state_any(&f->state)
			? arena_printf(c->arena, " AND EXISTS (SELECT 1 FROM enrolments e WHERE e.participant_id = p.id AND " ACCESS_ENROLMENT_SQL "%s)",
				       enrolment_state_sql(&f->state))
			: "";
	return arena_printf(c->arena, "%s%s%s", mun, group, enrolled);
}

/* Binds the parameters of the arms and their filters (walk_filters), the
 * same in both. */
static void bind_walk(struct stmt *s, const struct actor *a, const struct participant_filter *f)
{
	access_bind(s, a);
	if (f->municipality_code) stmt_bind_text(s, ":mun", f->municipality_code);
	if (f->target_group) stmt_bind_text(s, ":group", f->target_group);
	enrolment_state_bind(s, &f->state);
}

/* Is the list broad: do at least a tenth of the first LIST_SAMPLE names
 * (of the municipality, when one is asked for) match? */
static int list_is_broad(struct ctx *c, const struct participant_filter *f, bool *broad)
{
	const char *in = f->municipality_code ? " WHERE municipality_code = :mun" : "";
	struct stmt *s = store_prepare_composed(
		c->db, arena_printf(c->arena,
				    "SELECT COUNT(*), (SELECT COUNT(*) FROM (SELECT 1 FROM participants%s LIMIT %d) AS head) FROM (SELECT id"
				    " FROM participants%s ORDER BY anonymous, last_name, first_name LIMIT %d) AS sample"
				    " JOIN participants p ON p.id = sample.id WHERE" WALK_SHARED_WHERE "%s",
				    in, LIST_SAMPLE, in, LIST_SAMPLE, walk_filters(c, f, false)));
	bind_walk(s, c->actor, f);
	int rc = stmt_step(s);
	if (rc == STORE_ROW) *broad = stmt_int(s, 0) * 10 >= stmt_int(s, 1);
	stmt_done(s);
	return rc == STORE_ROW ? 0 : err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa deltagare.");
}

/* The broad list's count (up to LIST_COUNT_BOUND + 1) and page. */
static void walk_statements(struct ctx *c, const struct participant_filter *f, struct stmt **count, struct stmt **page)
{
	const char *shared = walk_filters(c, f, false), *registered = walk_filters(c, f, true);
	*count = store_prepare_composed(
		c->db, arena_printf(c->arena,
				    "SELECT COUNT(*) FROM (SELECT 1" WALK_SHARED "%s UNION ALL SELECT 1" WALK_REGISTERED "%s LIMIT %d) AS head",
				    shared, registered, LIST_COUNT_BOUND + 1));
	bind_walk(*count, c->actor, f);
	*page = store_prepare_composed(c->db, arena_printf(c->arena,
							   "SELECT " WALK_SHARED_COLS WALK_SHARED "%s UNION ALL SELECT " P_COLS
							   WALK_REGISTERED "%s ORDER BY 5, 4, 3, 1 LIMIT :limit OFFSET :offset",
							   shared, registered));
	bind_walk(*page, c->actor, f);
}

static bool enrolment_filtered(const struct participant_filter *f)
{
	return f->intervention_id || enrolment_state_any(&f->state);
}

/* LIST_WHERE, or with an enrolment filter its set alone: a participant
 * with an enrolment the actor sees is one she sees (access.h), so the
 * whole visibility set (a million enrolments read for a large
 * organisation) is not built to test it again. */
static const char *list_where(struct ctx *c, const struct participant_filter *f)
{
	if (!enrolment_filtered(f)) return LIST_WHERE;
	return arena_printf(c->arena, " WHERE 1 = 1" LIST_FILTERS LIST_ENROLLED,
			    f->intervention_id ? " AND e.intervention_id = :intervention" : "", enrolment_state_sql(&f->state));
}

/* Binds P_FROM's and list_where's parameters. */
static void bind_list(struct stmt *s, const struct actor *a, const char *ref, const char *like,
		      const struct participant_filter *f)
{
	access_bind(s, a);
	stmt_bind_texts(s, (const char *const[][2]){{":ref", ref}, {":like", like}, {":mun", f->municipality_code},
		{":group", f->target_group}, {NULL}});
	if (f->intervention_id) stmt_bind_int(s, ":intervention", f->intervention_id);
	enrolment_state_bind(s, &f->state);
}

const char *participant_local_ref_query(struct arena *a, const char *q)
{
	if (!q) return NULL;
	while (*q == ' ') q++;
	if (*q != 'A' && *q != 'a') return NULL;
	q++;
	while (*q == ' ' || *q == '-') q++;
	size_t n = 0;
	while (q[n] >= '0' && q[n] <= '9') n++;
	for (size_t i = n; q[i]; i++)
		if (q[i] != ' ') return NULL;
	if (n == 0 || n > 18 || *q == '0') return NULL;
	return arena_printf(a, "A-%.*s", (int)n, q);
}

int participant_audit_reads(struct ctx *c, const int64_t *ids, size_t n, const char *detail)
{
	if (n == 0) return 0;
	int64_t *distinct = arena_alloc(c->arena, n * sizeof *distinct);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t j = 0; j < m && !seen; j++) seen = distinct[j] == ids[i];
		if (!seen) distinct[m++] = ids[i];
	}
	return audit_reads(c, "participant", distinct, m, detail, "Kunde inte skriva i loggen.");
}

static int audit_list_reads(struct ctx *c, const struct participant_list *l)
{
	return audit_reads_of(c, "participant", l->items, l->n, sizeof *l->items, offsetof(struct participant, id), NULL,
			      "Kunde inte skriva i loggen.");
}

/* The list from the set of matches, sorted by name (plain: an
 * administrator's unfiltered list, along the name index with no WHERE):
 * its count and page. */
static void set_statements(struct ctx *c, const struct participant_filter *f, const char *ref, const char *like,
			   bool plain, struct stmt **count, struct stmt **page)
{
	if (plain) {
		*count = store_prepare(c->db, "SELECT COUNT(*) FROM participants");
		*page = store_prepare(c->db, "SELECT " P_COLS P_FROM ORDER_ADMIN);
		stmt_bind_int(*page, ":org", 0);
		return;
	}
	const char *where = list_where(c, f);
	*count = store_prepare_composed(c->db, arena_printf(c->arena, "SELECT COUNT(*)" P_FROM "%s", where));
	bind_list(*count, c->actor, ref, like, f);
	*page = store_prepare_composed(c->db, arena_printf(c->arena, "SELECT " P_COLS P_FROM "%s%s", where,
							   access_all_participants(c->actor) ? ORDER_ADMIN : ORDER_OWN));
	bind_list(*page, c->actor, ref, like, f);
}

int participant_list(struct ctx *c, const struct participant_filter *f, const struct page *p,
		     struct participant_list *out)
{
	if (access_require_participants(c)) return c->err.code;
	if (enrolment_state_check(c, &f->state) != 0) return c->err.code;
	/* Filtering by another organisation's intervention would tell who is
	 * enrolled there: she sees no enrolment of it, so no one is. */
	if (f->intervention_id && !access_all_participants(c->actor) && !access_intervention_member(c, f->intervention_id)) {
		*out = (struct participant_list){arena_alloc(c->arena, sizeof *out->items), 0, 0, false};
		return 0;
	}
	/* A search text in the form of a local reference finds that one
	 * anonymous participant; any other is a name. */
	const char *ref = participant_local_ref_query(c->arena, p->q);
	const char *like = ref ? NULL : page_like_pattern(c->arena, p->q);
	/* An administrator's unfiltered list is the common page; SQLite cannot
	 * drop the generic WHERE, so it gets statements without one (a plain
	 * COUNT(*) reads the smallest index, not every row). */
	bool admin = access_all_participants(c->actor);
	bool plain = admin && !ref && !like && !enrolment_filtered(f) && !f->municipality_code && !f->target_group;
	bool broad = false;
	if (!plain && !ref && !like && !f->intervention_id && list_is_broad(c, f, &broad) != 0) return c->err.code;
	struct stmt *count, *page;
	if (broad) walk_statements(c, f, &count, &page);
	else set_statements(c, f, ref, like, plain, &count, &page);
	size_t n;
	int64_t total;
	struct participant *items =
		list_page(c, count, page, p, sizeof *items, read_row, &n, &total, "Kunde inte läsa deltagare.");
	if (!items) return c->err.code;
	bool bounded = broad && total > LIST_COUNT_BOUND;
	*out = (struct participant_list){items, n, bounded ? LIST_COUNT_BOUND : total, bounded};
	for (size_t i = 0; i < out->n; i++)
		if (load_extras(c, &out->items[i]) != 0) return c->err.code;
	return audit_list_reads(c, out);
}

int participant_search_pnr(struct ctx *c, const char *personnummer, struct participant_list *out)
{
	if (access_require_participants(c)) return c->err.code;
	struct pnr pnr;
	int perr = personnummer ? participant_parse_pnr(personnummer, &pnr) : PNR_EFORMAT;
	if (perr != PNR_OK) return err_field(&c->err, "personnummer", NULL, pnr_error_text(perr));
	out->total_bounded = false;
	struct stmt *s = store_prepare(c->db, "SELECT " P_COLS P_FROM " WHERE p.personnummer = :pnr AND " ACCESS_VISIBLE_SQL);
	stmt_bind_text(s, ":pnr", pnr.normalized);
	access_bind(s, c->actor);
	out->items = list_all(c, s, sizeof *out->items, read_row, &out->n, "Kunde inte söka deltagare.");
	if (!out->items) return c->err.code;
	out->total = (int64_t)out->n;
	if (out->n && load_extras(c, &out->items[0]) != 0) return c->err.code;
	return audit_list_reads(c, out);
}

int64_t participant_id_by_pnr(struct ctx *c, const char *normalized)
{
	struct stmt *s = store_prepare(c->db, "SELECT id FROM participants WHERE personnummer = :pnr");
	stmt_bind_text(s, ":pnr", normalized);
	int64_t id;
	if (stmt_scalar(s, &id) < 0) {
		err_set(&c->err, ERR_INTERNAL, "Kunde inte söka deltagaren.");
		return -1;
	}
	return id;
}

int participant_consents(struct ctx *c, int64_t id, const struct page *p, struct consent_list *out)
{
	out->items = NULL;
	out->n = 0;
	if (access_require_participants(c)) return c->err.code;
	if (!access_participant_visible(c, id)) return err_set(&c->err, ERR_NOT_FOUND, "%s", not_found);
	/* Her organisation's consents (an admin's: all). */
#define OWN_CONSENTS " FROM consents WHERE participant_id = :id AND kind = 'share_with_employers' AND (:org = 0 OR org_id = :org)"
	struct stmt *count = store_prepare(c->db, "SELECT COUNT(*)" OWN_CONSENTS);
	struct stmt *page = store_prepare(c->db, "SELECT id, status, date, scope, recorded_by_user_id, created_at" OWN_CONSENTS
						 " ORDER BY id DESC LIMIT :limit OFFSET :offset");
#undef OWN_CONSENTS
	int64_t org = access_own_org(c->actor);
	stmt_bind_int(count, ":id", id);
	stmt_bind_int(count, ":org", org);
	stmt_bind_int(page, ":id", id);
	stmt_bind_int(page, ":org", org);
	out->items = list_page(c, count, page, p, sizeof *out->items, read_consent, &out->n, &out->total,
			       "Kunde inte läsa samtycken.");
	if (!out->items) return c->err.code;
	return audit_read(c, "participant", id, "consents", "Kunde inte skriva i loggen.");
}

int participant_add_consent(struct ctx *c, int64_t id, const struct consent *in, struct consent *out)
{
	if (access_require_participants(c)) return c->err.code;
	struct participant p;
	if (load_visible(c, id, &p) != 0) return c->err.code;
	char today[11];
	clock_today(today);
	if (!in->status || (strcmp(in->status, "given") != 0 && strcmp(in->status, "withdrawn") != 0))
		err_field(&c->err, "status", in->status, "Ange given eller withdrawn.");
	if (!in->date || !clock_valid_date(in->date))
		err_field(&c->err, "date", in->date, "Ange ett datum som ÅÅÅÅ-MM-DD.");
	else if (strcmp(in->date, today) > 0)
		err_field(&c->err, "date", in->date, "Datumet får inte ligga i framtiden.");
	if (in->scope && !utf8_text_ok(in->scope, 1, 500)) err_field(&c->err, "scope", NULL, "Omfattningen får ha högst 500 tecken.");
	if (c->err.code) return c->err.code;
	if (p.anonymous)
		return err_set(&c->err, ERR_CONFLICT, "En anonym deltagare kan inte lämna samtycke till att dela uppgifter.");
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO consents (participant_id, kind, status, date, scope, recorded_by_user_id, created_at, org_id)"
		" VALUES (:id, 'share_with_employers', :status, :date, :scope, :user, :now, :user_org) RETURNING id");
	stmt_bind_int(s, ":id", id);
	stmt_bind_texts(s, (const char *const[][2]){{":status", in->status}, {":date", in->date},
		{":scope", in->scope}, {NULL}});
	int64_t uid = c->actor ? c->actor->user_id : 0;
	stmt_bind_id(s, ":user", uid);
	stmt_bind_text(s, ":now", c->now);
	stmt_bind_id(s, ":user_org", c->actor ? c->actor->org_id : 0);
	int64_t cid;
	int rc = stmt_write_id(s, &cid);
	if (change_commit(c, rc, &(struct change){.action = "consent", .entity = "participant", .id = id,
		.detail = in->status, .fail = "Kunde inte spara samtycket."}) != 0)
		return c->err.code;
	*out = (struct consent){cid, in->status, in->date, in->scope, uid, arena_strdup(c->arena, c->now)};
	return 0;
}
