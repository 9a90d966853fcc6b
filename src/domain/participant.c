/* participant.c — rules and storage calls for participants and consents.
 * Visibility is access.h's; a participant the user may not see is answered
 * as if it did not exist. A personnummer never goes into an error message
 * or an audit detail. */
#include "participant.h"
#include "access.h"
#include "audit.h"
#include "../base/clock.h"
#include "../base/utf8.h"
#include "../se/kommun.h"
#include "../se/personnummer.h"
#include <stdlib.h>
#include <string.h>

#define P_COLS                                                                                                    \
	"p.id, p.personnummer, p.first_name, p.last_name, p.anonymous, p.protected_identity, p.sex, p.birth_date," \
	" p.birth_year, p.municipality_code"

static int not_found(struct ctx *c)
{
	return err_set(&c->err, ERR_NOT_FOUND, "Deltagaren finns inte.");
}

static void read_row(struct ctx *c, struct stmt *s, struct participant *p)
{
	memset(p, 0, sizeof *p);
	p->id = stmt_int(s, 0);
	p->personnummer = arena_strdup(c->arena, stmt_text(s, 1));
	p->first_name = arena_strdup(c->arena, stmt_text(s, 2));
	p->last_name = arena_strdup(c->arena, stmt_text(s, 3));
	p->anonymous = stmt_int(s, 4) != 0;
	p->protected_identity = stmt_int(s, 5) != 0;
	p->sex = arena_strdup(c->arena, stmt_text(s, 6));
	p->birth_date = arena_strdup(c->arena, stmt_text(s, 7));
	p->birth_year = stmt_int(s, 8);
	p->municipality_code = arena_strdup(c->arena, stmt_text(s, 9));
}

static void read_consent(struct ctx *c, struct stmt *s, struct consent *k)
{
	k->id = stmt_int(s, 0);
	k->status = arena_strdup(c->arena, stmt_text(s, 1));
	k->date = arena_strdup(c->arena, stmt_text(s, 2));
	k->scope = arena_strdup(c->arena, stmt_text(s, 3));
	k->recorded_by_user_id = stmt_int(s, 4);
	k->created_at = arena_strdup(c->arena, stmt_text(s, 5));
}

/* Target groups and the consent in force, read after the row itself. */
static int load_extras(struct ctx *c, struct participant *p)
{
	struct stmt *s = store_prepare(c->db, "SELECT COUNT(*) FROM participant_target_groups WHERE participant_id = ?");
	stmt_bind_int(s, 1, p->id);
	int64_t n;
	stmt_scalar(s, &n);
	p->target_groups = arena_alloc(c->arena, (size_t)(n + 1) * sizeof *p->target_groups);
	p->ntarget_groups = 0;
	s = store_prepare(c->db, "SELECT code FROM participant_target_groups WHERE participant_id = ? ORDER BY code");
	stmt_bind_int(s, 1, p->id);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW && (int64_t)p->ntarget_groups < n)
		p->target_groups[p->ntarget_groups++] = arena_strdup(c->arena, stmt_text(s, 0));
	stmt_done(s);
	if (rc < 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa deltagarens målgrupper.");
	p->consent = NULL;
	if (p->anonymous) return 0;
	s = store_prepare(c->db, "SELECT id, status, date, scope, recorded_by_user_id, created_at FROM consents"
				 " WHERE participant_id = ? AND kind = 'share_with_employers' ORDER BY id DESC LIMIT 1");
	stmt_bind_int(s, 1, p->id);
	rc = stmt_step(s);
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
	struct stmt *s = store_prepare(c->db, "SELECT " P_COLS " FROM participants p WHERE p.id = ? AND " ACCESS_VISIBLE_SQL);
	stmt_bind_int(s, 1, id);
	access_bind_visible(s, 2, c->actor);
	int rc = stmt_step(s);
	if (rc == STORE_ROW) read_row(c, s, out);
	stmt_done(s);
	if (rc == STORE_DONE) return not_found(c);
	if (rc != STORE_ROW) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa deltagaren.");
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

static bool sex_ok(const char *s)
{
	return s && (strcmp(s, "female") == 0 || strcmp(s, "male") == 0);
}

static bool target_group_ok(struct ctx *c, const char *code)
{
	struct stmt *s = store_prepare(c->db, "SELECT 1 FROM target_groups WHERE code = ? AND active = 1");
	stmt_bind_text(s, 1, code);
	bool ok = stmt_step(s) == STORE_ROW;
	stmt_done(s);
	return ok;
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
		if (in->sex && !sex_ok(in->sex)) err_field(&c->err, "sex", in->sex, "Ange kön: female eller male.");
		if (!utf8_text_ok(in->first_name, 1, 100)) err_field(&c->err, "first_name", NULL, "Ange förnamn (högst 100 tecken).");
		if (!utf8_text_ok(in->last_name, 1, 100)) err_field(&c->err, "last_name", NULL, "Ange efternamn (högst 100 tecken).");
		if (perr == PNR_OK) {
			out->personnummer = arena_strdup(c->arena, pnr.normalized);
			out->sex = pnr.sex == PNR_MALE ? "male" : "female";
			out->birth_date = arena_printf(c->arena, "%04d-%02d-%02d", pnr.year, pnr.month, pnr.day);
			out->birth_year = pnr.year;
			if (in->sex && sex_ok(in->sex) && strcmp(in->sex, out->sex) != 0)
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
		if (!sex_ok(in->sex)) err_field(&c->err, "sex", in->sex, "Ange kön: female eller male.");
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
			break;
		}
		bool seen = false;
		for (size_t j = 0; j < out->ntarget_groups; j++) seen |= strcmp(out->target_groups[j], g) == 0;
		if (!seen) out->target_groups[out->ntarget_groups++] = g;
	}
	return c->err.code;
}

static int save_target_groups(struct ctx *c, const struct participant *p)
{
	struct stmt *s = store_prepare(c->db, "DELETE FROM participant_target_groups WHERE participant_id = ?");
	stmt_bind_int(s, 1, p->id);
	if (stmt_exec(s) != STORE_DONE) return -1;
	for (size_t i = 0; i < p->ntarget_groups; i++) {
		s = store_prepare(c->db, "INSERT INTO participant_target_groups (participant_id, code) VALUES (?, ?)");
		stmt_bind_int(s, 1, p->id);
		stmt_bind_text(s, 2, p->target_groups[i]);
		if (stmt_exec(s) != STORE_DONE) return -1;
	}
	return 0;
}

static void bind_fields(struct stmt *s, const struct participant *p, const char *ts)
{
	stmt_bind_text(s, 1, p->personnummer);
	stmt_bind_text(s, 2, p->first_name);
	stmt_bind_text(s, 3, p->last_name);
	stmt_bind_int(s, 4, p->anonymous);
	stmt_bind_int(s, 5, p->protected_identity);
	stmt_bind_text(s, 6, p->sex);
	stmt_bind_text(s, 7, p->birth_date);
	stmt_bind_int(s, 8, p->birth_year);
	stmt_bind_text(s, 9, p->municipality_code);
	stmt_bind_text(s, 10, ts);
}

/* Inserts (id 0) or updates p with its target groups and the audit event,
 * in one transaction. A taken personnummer is 409. */
static int save(struct ctx *c, struct participant *p, const char *audit_detail)
{
	char ts[21];
	clock_format_rfc3339(clock_now(), ts);
	if (store_begin(c->db) != STORE_DONE) return err_set(&c->err, ERR_INTERNAL, "Databasen är upptagen.");
	struct stmt *s;
	bool create = p->id == 0;
	if (create) {
		s = store_prepare(c->db,
			"INSERT INTO participants (personnummer, first_name, last_name, anonymous, protected_identity, sex,"
			" birth_date, birth_year, municipality_code, created_at, updated_at, created_by_user_id, created_by_org_id)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
		bind_fields(s, p, ts);
		stmt_bind_text(s, 11, ts);
		const struct actor *a = c->actor;
		if (a && a->user_id) stmt_bind_int(s, 12, a->user_id); else stmt_bind_null(s, 12);
		if (a && a->org_id) stmt_bind_int(s, 13, a->org_id); else stmt_bind_null(s, 13);
	} else {
		s = store_prepare(c->db,
			"UPDATE participants SET personnummer = ?, first_name = ?, last_name = ?, anonymous = ?,"
			" protected_identity = ?, sex = ?, birth_date = ?, birth_year = ?, municipality_code = ?, updated_at = ?"
			" WHERE id = ? RETURNING id");
		bind_fields(s, p, ts);
		stmt_bind_int(s, 11, p->id);
	}
	int64_t id;
	int rc = stmt_scalar(s, &id);
	if (rc == STORE_ECONSTRAINT) {
		store_rollback(c->db);
		return err_set(&c->err, ERR_CONFLICT, "Det finns redan en deltagare med det personnumret.");
	}
	p->id = id;
	bool ok = rc == STORE_ROW && save_target_groups(c, p) == 0;
	return audit_commit(c, ok, create ? "create" : "update", "participant", id, audit_detail,
			    "Kunde inte spara deltagaren.");
}

int participant_create(struct ctx *c, const struct participant_input *in, struct participant *out)
{
	if (access_require_participants(c)) return c->err.code;
	if (validate(c, in, out) != 0) return c->err.code;
	out->id = 0;
	if (save(c, out, NULL) != 0) return c->err.code;
	return load_extras(c, out); /* target groups as stored: sorted */
}

int participant_get(struct ctx *c, int64_t id, struct participant *out)
{
	if (access_require_participants(c)) return c->err.code;
	if (load_visible(c, id, out) != 0) return c->err.code;
	return audit_write(c, "read", "participant", id, NULL);
}

int participant_update(struct ctx *c, int64_t id, const struct participant_patch *in, struct participant *out)
{
	if (access_require_participants(c)) return c->err.code;
	struct participant cur;
	if (load_visible(c, id, &cur) != 0) return c->err.code;
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
	if (save(c, out, !cur.anonymous && out->anonymous ? "anonymised" : NULL) != 0) return c->err.code;
	return load_extras(c, out);
}

/* The list's WHERE clause: visibility, then the name and the filters. */
#define LIST_WHERE                                                                                                 \
	" FROM participants p WHERE " ACCESS_VISIBLE_SQL                                                           \
	" AND (CAST(? AS TEXT) IS NULL OR p.first_name LIKE ? ESCAPE '\\' OR p.last_name LIKE ? ESCAPE '\\'"          \
	" OR (p.first_name || ' ' || p.last_name) LIKE ? ESCAPE '\\')"                                               \
	" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM enrolments fe WHERE fe.participant_id = p.id"       \
	" AND fe.intervention_id = ?))"                                                                             \
	" AND (CAST(? AS TEXT) IS NULL OR p.municipality_code = ?)"                                                  \
	" AND (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM participant_target_groups ft"                         \
	" WHERE ft.participant_id = p.id AND ft.code = ?))"

/* Binds LIST_WHERE's parameters; returns the next free index. */
static int bind_list(struct stmt *s, const struct actor *a, const char *like, const struct participant_filter *f)
{
	access_bind_visible(s, 1, a);
	int i = 1 + ACCESS_VISIBLE_PARAMS;
	for (int k = 0; k < 4; k++) stmt_bind_text(s, i++, like);
	for (int k = 0; k < 2; k++)
		if (f->intervention_id) stmt_bind_int(s, i++, f->intervention_id); else stmt_bind_null(s, i++);
	for (int k = 0; k < 2; k++) stmt_bind_text(s, i++, f->municipality_code);
	for (int k = 0; k < 2; k++) stmt_bind_text(s, i++, f->target_group);
	return i;
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
	int64_t *ids = arena_alloc(c->arena, (l->n + 1) * sizeof *ids);
	for (size_t i = 0; i < l->n; i++) ids[i] = l->items[i].id;
	return participant_audit_reads(c, ids, l->n, NULL);
}

int participant_list(struct ctx *c, const struct participant_filter *f, const struct page *p,
		     struct participant_list *out)
{
	if (access_require_participants(c)) return c->err.code;
	const char *like = page_like_pattern(c->arena, p->q);
	/* An administrator's unfiltered list is the common page; SQLite cannot
	 * drop the generic WHERE, so it gets statements without one (a plain
	 * COUNT(*) reads the smallest index, not every row). */
	bool plain = access_all_participants(c->actor) && !like && !f->intervention_id && !f->municipality_code &&
		     !f->target_group;
	struct stmt *s = plain ? store_prepare(c->db, "SELECT COUNT(*) FROM participants")
			       : store_prepare(c->db, "SELECT COUNT(*)" LIST_WHERE);
	if (!plain) bind_list(s, c->actor, like, f);
	int rc = stmt_scalar(s, &out->total);
	if (rc != STORE_ROW) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa deltagare.");
	out->items = arena_alloc(c->arena, sizeof *out->items * (size_t)p->limit);
	out->n = 0;
	/* The order of the participants_name index: the named by name, then
	 * the anonymous (no name) by id. */
	s = plain ? store_prepare(c->db, "SELECT " P_COLS " FROM participants p"
					 " ORDER BY p.anonymous, p.last_name, p.first_name, p.id LIMIT ? OFFSET ?")
		  : store_prepare(c->db, "SELECT " P_COLS LIST_WHERE
					 " ORDER BY p.anonymous, p.last_name, p.first_name, p.id LIMIT ? OFFSET ?");
	int next = plain ? 1 : bind_list(s, c->actor, like, f);
	stmt_bind_int(s, next, p->limit);
	stmt_bind_int(s, next + 1, p->offset);
	while ((rc = stmt_step(s)) == STORE_ROW && out->n < (size_t)p->limit) read_row(c, s, &out->items[out->n++]);
	stmt_done(s);
	if (rc < 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa deltagare.");
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
	out->items = arena_alloc(c->arena, sizeof *out->items);
	out->n = 0;
	struct stmt *s = store_prepare(c->db, "SELECT " P_COLS " FROM participants p WHERE p.personnummer = ? AND "
						      ACCESS_VISIBLE_SQL);
	stmt_bind_text(s, 1, pnr.normalized);
	access_bind_visible(s, 2, c->actor);
	int rc = stmt_step(s);
	if (rc == STORE_ROW) read_row(c, s, &out->items[out->n++]);
	stmt_done(s);
	if (rc < 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte söka deltagare.");
	out->total = (int64_t)out->n;
	if (out->n && load_extras(c, &out->items[0]) != 0) return c->err.code;
	return audit_list_reads(c, out);
}

int64_t participant_id_by_pnr(struct ctx *c, const char *normalized)
{
	struct stmt *s = store_prepare(c->db, "SELECT id FROM participants WHERE personnummer = ?");
	stmt_bind_text(s, 1, normalized);
	int64_t id;
	stmt_scalar(s, &id);
	return id;
}

int participant_consents(struct ctx *c, int64_t id, const struct page *p, struct consent_list *out)
{
	out->items = NULL;
	out->n = 0;
	if (access_require_participants(c)) return c->err.code;
	if (!access_participant_visible(c, id)) return not_found(c);
	struct stmt *s = page_of_parent(c, "SELECT COUNT(*) FROM consents WHERE participant_id = ? AND kind = 'share_with_employers'",
					"SELECT id, status, date, scope, recorded_by_user_id, created_at FROM consents"
					" WHERE participant_id = ? AND kind = 'share_with_employers' ORDER BY id DESC LIMIT ? OFFSET ?",
					id, p, &out->total);
	out->items = arena_alloc(c->arena, (size_t)p->limit * sizeof *out->items);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW && out->n < (size_t)p->limit) read_consent(c, s, &out->items[out->n++]);
	stmt_done(s);
	if (rc < 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa samtycken.");
	return audit_write(c, "read", "participant", id, "consents");
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
	char ts[21];
	clock_format_rfc3339(clock_now(), ts);
	if (store_begin(c->db) != STORE_DONE) return err_set(&c->err, ERR_INTERNAL, "Databasen är upptagen.");
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO consents (participant_id, kind, status, date, scope, recorded_by_user_id, created_at)"
		" VALUES (?, 'share_with_employers', ?, ?, ?, ?, ?) RETURNING id");
	stmt_bind_int(s, 1, id);
	stmt_bind_text(s, 2, in->status);
	stmt_bind_text(s, 3, in->date);
	stmt_bind_text(s, 4, in->scope);
	int64_t uid = c->actor ? c->actor->user_id : 0;
	if (uid) stmt_bind_int(s, 5, uid); else stmt_bind_null(s, 5);
	stmt_bind_text(s, 6, ts);
	int64_t cid;
	int rc = stmt_scalar(s, &cid);
	if (audit_commit(c, rc == STORE_ROW, "consent", "participant", id, in->status,
			 "Kunde inte spara samtycket.") != 0)
		return c->err.code;
	*out = (struct consent){cid, in->status, in->date, in->scope, uid, arena_strdup(c->arena, ts)};
	return 0;
}
