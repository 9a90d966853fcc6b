/* match.c — the ranking statements and the two matching reads of
 * match.h. Each statement first narrows to the candidate set
 * (docs/matching.md, "The candidate set"): a place and a person are
 * compared only when the place is within her reach (its municipality is
 * her home, one she listed, or borders one of those) and one of her
 * occupations shares its SSYK major group, or when she wants exactly the
 * place's unit group, wherever she is. The candidates start from the
 * indexes on a home beside a wish (work_profile_occupations(
 * home_municipality_code, ssyk_code, …)), a listed municipality and an
 * occupation; the matches from the open places in her major groups
 * (opportunities(status, ssyk_code, municipality_code)), kept when within
 * reach (read from the index) or exact. Then each computes the
 * same levels as score.c, the score from the weights, and sorts
 * hard_met DESC, score DESC, id. Neighbouring municipalities are worked
 * out in C (kommun_neighbour_codes): for a place the fixed list :m0 …
 * :m15, for a person the lists ",code,code," of :neighbours and :reach. */
#include "match.h"
#include "opportunity.h"
#include "profile.h"
#include "../access.h"
#include "../audit.h"
#include "../settings.h"
#include "../../base/clock.h"
#include "../../se/kommun.h"
#include "../../store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SWEDISH_RANK(col) \
	"(CASE " col " WHEN 'none' THEN 1 WHEN 'basic' THEN 2 WHEN 'good' THEN 3 WHEN 'fluent' THEN 4 ELSE 0 END)"

/* :m0 is the place's municipality, :m1 … :m15 its neighbours (unused
 * ones NULL; MATCH_REACH_MAX): the reach, a fixed list so that the
 * indexes on a home beside a wish (work_profile_occupations(
 * home_municipality_code, ssyk_code, …)) and a listed municipality
 * (work_profile_municipalities(municipality_code, …)) find the people near. */
#define REACH_ALL ":m0, :m1, :m2, :m3, :m4, :m5, :m6, :m7, :m8, :m9, :m10, :m11, :m12, :m13, :m14, :m15"
#define REACH_NEAR ":m1, :m2, :m3, :m4, :m5, :m6, :m7, :m8, :m9, :m10, :m11, :m12, :m13, :m14, :m15"
_Static_assert(MATCH_REACH_MAX == 15, "REACH_ALL lists :m0 and MATCH_REACH_MAX neighbours");

/* The parts of a candidate's row both candidate statements compute, for
 * participant p with work profile w. */
/* Her municipality level: 3 home, 2 listed, 1 home or a listed one borders
 * the place's, 0 none. */
#define CAND_MUN_SQL \
	"(CASE WHEN p.municipality_code = :m0 THEN 3" \
	" WHEN EXISTS (SELECT 1 FROM work_profile_municipalities wm WHERE wm.participant_id = p.id AND wm.municipality_code = :m0) THEN 2" \
	/* "|| ''": her few listed rows are read and compared, rather than \
	 * sixteen index seeks, one per value of the list. */ \
	" WHEN p.municipality_code IN (" REACH_NEAR ") OR EXISTS (SELECT 1 FROM work_profile_municipalities wm" \
	" WHERE wm.participant_id = p.id AND wm.municipality_code || '' IN (" REACH_NEAR ")) THEN 1 ELSE 0 END)"
#define CAND_KIND_SQL \
	"(CASE WHEN EXISTS (SELECT 1 FROM work_profile_open_to wt WHERE wt.participant_id = p.id AND wt.kind = :want_kind)" \
	" THEN 1 ELSE 0 END)"
#define CAND_HARD_SQL \
	"(CASE WHEN (:req_dl = 0 OR w.driving_licence = 1) AND (:req_us = 0 OR w.upper_secondary = 1)" \
	" AND " SWEDISH_RANK("w.swedish_level") " >= :req_sw" \
	" AND (CAST(:req_cert AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM work_profile_certificates wc" \
	" WHERE wc.participant_id = p.id AND lower(wc.certificate) = lower(:req_cert))) THEN 1 ELSE 0 END)"
/* Who may be a candidate at all (docs/matching.md, "Who is a candidate"). */
#define CAND_ELIGIBLE_SQL \
	"p.anonymous = 0 AND " ACCESS_EMPLOYER_CONSENT_SQL \
	" AND " ACCESS_VISIBLE_SQL \
	/* The employer side (:employer_side 1) sees no one whose identity an \
	 * organisation protected: her name and home municipality are in a result. */ \
	" AND (:employer_side = 0 OR NOT " ACCESS_PROTECTED_ANYWHERE_SQL ")"
/* An occupation in the place's group of level :occ: the first :occ digits
 * of its code (1 the major group … 4 the unit group itself), an index range. */
#define CAND_GROUP_SQL(alias) \
	" " alias ".ssyk_code >= substr(:ssyk, 1, :occ) AND " alias ".ssyk_code < substr(:ssyk, 1, :occ) || ':'"

/* For hard_met 1, a holder of the certificate the place requires, if any:
 * few hold a given one, so the holders are found once (migration 0027's
 * index) and the others dropped before anything is read of them. */
#define CAND_HOLDER_SQL(pid) \
	"(:hard = 0 OR CAST(:req_cert AS TEXT) IS NULL OR " pid " IN (SELECT wc.participant_id" \
	" FROM work_profile_certificates wc WHERE lower(wc.certificate) = lower(:req_cert)))"

/* A near tier: the candidates of municipality level :tier (3, 2 or 1),
 * occupation level :occ (4 … 1) and hard_met :hard, best first. The arms
 * of the union whose :tier does not match are a constant false and read
 * nothing. Her wishes at level :occ or above all lie in the group of
 * level :occ, so the highest level among them is her occupation level
 * when it is :occ or more. */
const char match_sql_candidates[] =
	"SELECT x.id, x.occ, x.mun, x.hard_met,"
	" (:w_occ * x.occ) / 4 + (:w_mun * x.mun) / 3 + :w_kind * x.kind_met + :w_period * CAST(:period_met AS BIGINT) AS score"
	" FROM (SELECT p.id AS id, o.occ AS occ, " CAND_MUN_SQL " AS mun, " CAND_KIND_SQL " AS kind_met,"
	" " CAND_HARD_SQL " AS hard_met"
	" FROM (SELECT c.pid AS pid, MAX(CASE WHEN wo.ssyk_code = :ssyk THEN 4"
	" WHEN substr(wo.ssyk_code, 1, 3) = substr(:ssyk, 1, 3) THEN 3 WHEN substr(wo.ssyk_code, 1, 2) = substr(:ssyk, 1, 2) THEN 2"
	" ELSE 1 END) AS occ"
	/* Tier 3 lives there, with a wish in the group (the index of a home
	 * beside each wish, migration 0023); tier 2 listed it; tier 1 lives in
	 * or listed a neighbour. */
	" FROM (SELECT wh.participant_id AS pid FROM work_profile_occupations wh WHERE :tier = 3"
	" AND wh.home_municipality_code = :m0 AND" CAND_GROUP_SQL("wh")
	" UNION ALL SELECT wm.participant_id FROM work_profile_municipalities wm WHERE :tier = 2 AND wm.municipality_code = :m0"
	" UNION ALL SELECT wh.participant_id FROM work_profile_occupations wh WHERE :tier = 1"
	" AND wh.home_municipality_code IN (" REACH_NEAR ") AND" CAND_GROUP_SQL("wh")
	" UNION ALL SELECT wm.participant_id FROM work_profile_municipalities wm WHERE :tier = 1"
	" AND wm.municipality_code IN (" REACH_NEAR ")) c"
	/* CROSS JOIN: SQLite keeps this order, the narrowed set first (in
	 * standard SQL it is an inner join like any). */
	" CROSS JOIN work_profile_occupations wo"
	" WHERE wo.participant_id = c.pid AND" CAND_GROUP_SQL("wo")
	" AND " CAND_HOLDER_SQL("c.pid")
	" GROUP BY c.pid) o"
	" CROSS JOIN participants p CROSS JOIN work_profiles w"
	" WHERE p.id = o.pid AND w.participant_id = p.id AND " CAND_ELIGIBLE_SQL " AND " CAND_HARD_SQL " = :hard) x"
	/* Her own tier only: she may also be found through a lower one. */
	" WHERE x.mun = :tier AND x.occ = :occ"
	" ORDER BY score DESC, x.id LIMIT :limit";

/* The far tier: those out of reach (municipality level 0) who want exactly
 * the place's unit group, with hard_met :hard and kind_met :kind. Their
 * score is the same for all, so the first by id are the best: read in
 * that order from the index on (ssyk_code, participant_id), stopping at
 * the limit — a unit group that many want anywhere is not scored whole. */
const char match_sql_candidates_far[] =
	"SELECT p.id, 4, 0, CAST(:hard AS BIGINT), (:w_occ * 4) / 4 + :w_kind * CAST(:kind AS BIGINT) + :w_period * CAST(:period_met AS BIGINT)"
	" FROM work_profile_occupations wx CROSS JOIN participants p CROSS JOIN work_profiles w"
	" WHERE wx.ssyk_code = :ssyk AND " CAND_HOLDER_SQL("wx.participant_id")
	" AND p.id = wx.participant_id AND w.participant_id = p.id"
	" AND " CAND_MUN_SQL " = 0 AND " CAND_HARD_SQL " = :hard AND " CAND_KIND_SQL " = :kind AND " CAND_ELIGIBLE_SQL
	" ORDER BY wx.participant_id LIMIT :limit";

const char match_sql_matches[] =
	"SELECT x.id, x.occ, x.mun, x.hard_met,"
	" (:w_occ * x.occ) / 4 + (:w_mun * x.mun) / 3 + :w_kind * x.kind_met + :w_period * x.period_met AS score"
	" FROM (SELECT o.id AS id, c.occ AS occ,"
	" CASE WHEN o.municipality_code = :home THEN 3"
	" WHEN EXISTS (SELECT 1 FROM work_profile_municipalities wm WHERE wm.participant_id = :pid"
	" AND wm.municipality_code = o.municipality_code) THEN 2"
	" WHEN :neighbours LIKE '%,' || o.municipality_code || ',%' THEN 1 ELSE 0 END AS mun,"
	" CASE WHEN EXISTS (SELECT 1 FROM work_profile_open_to wt WHERE wt.participant_id = :pid"
	" AND wt.kind = (CASE o.kind WHEN 'job_track' THEN 'employment' ELSE o.kind END)) THEN 1 ELSE 0 END AS kind_met,"
	" CASE WHEN (o.end_date IS NULL OR o.end_date >= :today) AND (o.start_date IS NULL OR o.start_date <= :horizon)"
	" THEN 1 ELSE 0 END AS period_met,"
	" CASE WHEN (o.req_driving_licence = 0 OR :dl = 1) AND (o.req_upper_secondary = 0 OR :us = 1)"
	" AND " SWEDISH_RANK("o.req_swedish_level") " <= :sw"
	" AND (o.req_certificate IS NULL OR EXISTS (SELECT 1 FROM work_profile_certificates wc WHERE wc.participant_id = :pid"
	" AND lower(wc.certificate) = lower(o.req_certificate))) THEN 1 ELSE 0 END AS hard_met"
	/* The places in the major group of one of her occupations that are
	 * within her reach (:reach, her home, the municipalities she listed and
	 * their neighbours, ",a,b,") or are exactly one of her unit groups. */
	" FROM (SELECT o2.id AS oid, MAX(CASE WHEN o2.ssyk_code = wo.ssyk_code THEN 4"
	" WHEN substr(o2.ssyk_code, 1, 3) = substr(wo.ssyk_code, 1, 3) THEN 3"
	" WHEN substr(o2.ssyk_code, 1, 2) = substr(wo.ssyk_code, 1, 2) THEN 2 ELSE 1 END) AS occ"
	" FROM work_profile_occupations wo JOIN opportunities o2 ON o2.status = 'open'"
	" AND o2.ssyk_code >= substr(wo.ssyk_code, 1, 1) AND o2.ssyk_code < substr(wo.ssyk_code, 1, 1) || ':'"
	" WHERE wo.participant_id = :pid AND (o2.ssyk_code = wo.ssyk_code OR :reach LIKE '%,' || o2.municipality_code || ',%')"
	" GROUP BY o2.id) c"
	" JOIN opportunities o ON o.id = c.oid) x"
	" ORDER BY x.hard_met DESC, score DESC, x.id LIMIT :limit";

static const char read_fail[] = "Kunde inte läsa matchningen.";

/* ",a,b," of every municipality that borders one of codes (n of them),
 * each once. */
static const char *neighbours_of(struct ctx *c, const char *const *codes, size_t n)
{
	enum { MAX_BORDERS = 64 };
	char *out = arena_alloc(c->arena, n * MAX_BORDERS * 5 + 2), *p = out;
	*p++ = ',';
	*p = 0;
	for (size_t j = 0; j < n; j++) {
		const char *near[MAX_BORDERS];
		size_t k = kommun_neighbour_codes(codes[j], near, MAX_BORDERS);
		for (size_t i = 0; i < k && i < MAX_BORDERS; i++) {
			char item[7];
			snprintf(item, sizeof item, ",%.4s,", near[i]);
			if (strstr(out, item)) continue;
			memcpy(p, near[i], 4);
			p[4] = ',';
			p += 5;
			*p = 0;
		}
	}
	return out;
}

/* :m0 the place's municipality, :m1 … :m15 its neighbours, the rest NULL. */
static int bind_reach(struct ctx *c, struct stmt *s, const char *code)
{
	const char *near[MATCH_REACH_MAX];
	size_t n = kommun_neighbour_codes(code, near, MATCH_REACH_MAX);
	if (n > MATCH_REACH_MAX)
		return err_set(&c->err, ERR_INTERNAL, "Kommunen %s har fler grannkommuner än matchningen räknar med.", code);
	for (size_t i = 0; i <= MATCH_REACH_MAX; i++) {
		char name[8];
		snprintf(name, sizeof name, ":m%zu", i);
		stmt_bind_text(s, name, i == 0 ? code : i <= n ? near[i - 1] : NULL);
	}
	return 0;
}

static void bind_weights(struct stmt *s, const int w[MATCH_WEIGHTS])
{
	stmt_bind_int(s, ":w_occ", w[MATCH_W_OCCUPATION]);
	stmt_bind_int(s, ":w_mun", w[MATCH_W_MUNICIPALITY]);
	stmt_bind_int(s, ":w_kind", w[MATCH_W_KIND]);
	stmt_bind_int(s, ":w_period", w[MATCH_W_PERIOD]);
}

static void read_id(struct ctx *c, struct stmt *s, void *out)
{
	(void)c;
	*(int64_t *)out = stmt_int(s, 0);
}

/* What of participant id matching compares: her profile and home
 * municipality; and her name as the actor's organisation typed it. */
static int load_person(struct ctx *c, int64_t id, struct work_profile *wp, struct match_person *mp, const char **first,
		       const char **last)
{
	if (work_profile_load(c, id, wp) != 0) return c->err.code;
	/* The home municipality scores as in the ranking statements (the
	 * participants row); the names are the actor's organisation's (access.h). */
	struct stmt *s = store_prepare(c->db, "SELECT p.municipality_code, " ACCESS_FIRST_NAME_SQL ", " ACCESS_LAST_NAME_SQL
					      " FROM participants p" ACCESS_OWN_REGISTRATION_JOIN " WHERE p.id = :id");
	stmt_bind_int(s, ":id", id);
	stmt_bind_int(s, ":org", access_own_org(c->actor));
	const char *home = NULL, *f = NULL, *l = NULL;
	int rc = stmt_step(s);
	if (rc == STORE_ROW) {
		home = arena_strdup(c->arena, stmt_text(s, 0));
		f = arena_strdup(c->arena, stmt_text(s, 1));
		l = arena_strdup(c->arena, stmt_text(s, 2));
	}
	stmt_done(s);
	if (rc < 0) return err_set(&c->err, ERR_INTERNAL, "%s", read_fail);
	*mp = (struct match_person){.home_municipality = home, .occupations = wp->occupations, .noccupations = wp->noccupations,
		.municipalities = wp->municipality_codes, .nmunicipalities = wp->nmunicipality_codes,
		.driving_licence = wp->driving_licence, .upper_secondary = wp->upper_secondary,
		.swedish_level = wp->swedish_level, .certificates = wp->certificates, .ncertificates = wp->ncertificates,
		.open_to = wp->open_to, .nopen_to = wp->nopen_to};
	if (first) *first = f ? f : "";
	if (last) *last = l ? l : "";
	return 0;
}

static struct match_place place_of(const struct opportunity *o)
{
	return (struct match_place){.kind = o->kind, .ssyk_code = o->ssyk_code, .municipality_code = o->municipality_code,
		.start_date = o->start_date, .end_date = o->end_date, .req_driving_licence = o->driving_licence,
		.req_upper_secondary = o->upper_secondary, .req_swedish_level = o->swedish_level,
		.req_certificate = o->certificate};
}

static int check_limit(struct ctx *c, int64_t *limit)
{
	if (*limit == 0) *limit = MATCH_LIMIT_DEFAULT;
	if (*limit < 1 || *limit > MATCH_LIMIT_MAX) return err_field(&c->err, "limit", NULL, "Ange ett antal träffar, 1–100.");
	return 0;
}

int match_for_participant(struct ctx *c, int64_t id, int64_t limit, struct match_list *out)
{
	memset(out, 0, sizeof *out);
	if (access_require_participants(c)) return c->err.code;
	if (!access_participant_visible(c, id)) return err_set(&c->err, ERR_NOT_FOUND, "Deltagaren finns inte.");
	if (check_limit(c, &limit) != 0) return c->err.code;
	int w[MATCH_WEIGHTS];
	struct work_profile wp;
	struct match_person mp;
	if (settings_matching_weights(c, w) != 0 || load_person(c, id, &wp, &mp, NULL, NULL) != 0) return c->err.code;
	const char **mine = arena_alloc(c->arena, (mp.nmunicipalities + 1) * sizeof *mine);
	size_t nmine = 0;
	if (mp.home_municipality) mine[nmine++] = mp.home_municipality;
	for (size_t i = 0; i < mp.nmunicipalities; i++) mine[nmine++] = mp.municipalities[i];
	char today[11], horizon[11];
	clock_today(today);
	clock_add_days(today, MATCH_PERIOD_DAYS, horizon);
	struct stmt *s = store_prepare(c->db, match_sql_matches);
	stmt_bind_int(s, ":pid", id);
	const char *near = neighbours_of(c, mine, nmine);
	/* Her reach: ",home,listed…," then the neighbours (",a,b,"). */
	const char *reach = near;
	for (size_t i = 0; i < nmine; i++) reach = arena_printf(c->arena, ",%s%s", mine[i], reach);
	stmt_bind_texts(s, (const char *const[][2]){{":home", mp.home_municipality}, {":neighbours", near}, {":reach", reach},
		{":today", today}, {":horizon", horizon}, {NULL}});
	stmt_bind_int(s, ":dl", mp.driving_licence);
	stmt_bind_int(s, ":us", mp.upper_secondary);
	stmt_bind_int(s, ":sw", match_swedish_rank(mp.swedish_level));
	bind_weights(s, w);
	stmt_bind_int(s, ":limit", limit);
	size_t n;
	int64_t *ids = list_all(c, s, sizeof *ids, read_id, &n, read_fail);
	if (!ids) return c->err.code;
	out->items = arena_alloc(c->arena, (n ? n : 1) * sizeof *out->items);
	for (size_t i = 0; i < n; i++) {
		struct opportunity o;
		if (opportunity_get(c, ids[i], &o) != 0) return c->err.code;
		struct match_item *it = &out->items[out->n++];
		memset(it, 0, sizeof *it);
		it->id = o.id;
		struct match_place pl = place_of(&o);
		match_score(c->arena, &mp, &pl, w, today, &it->r);
		it->employer_id = o.employer_id;
		it->employer_name = o.employer_name;
		it->kind = o.kind;
		it->ssyk_code = o.ssyk_code;
		it->municipality_code = o.municipality_code;
		it->title = o.title;
		it->places = o.places;
		it->start_date = o.start_date;
		it->end_date = o.end_date;
	}
	return audit_read(c, "participant", id, "matches", "Kunde inte skriva i loggen.");
}

/* "Eriksson" → "E." (its first character, whole in UTF-8). */
static const char *initial(struct ctx *c, const char *last)
{
	if (!last || !*last) return "";
	size_t n = 1;
	while (last[n] && ((unsigned char)last[n] & 0xC0) == 0x80) n++;
	return arena_printf(c->arena, "%.*s.", (int)n, last);
}

/* --- the candidates, tier by tier ------------------------------------
 * Ranking every candidate of a popular unit group (thousands) costs more
 * than a request may; the top `limit` rarely needs more than the best
 * tier. A tier is a set of candidates whose key (hard_met, score) has a
 * known upper bound: hard_met 1 or 0 times the near tiers (municipality
 * level 3, 2, 1 times occupation level 4 … 1: match_sql_candidates) and
 * the far tier of each kind_met (match_sql_candidates_far). Every candidate is in exactly one
 * tier. The tiers run best bound first, each returning its own best
 * `limit`; they stop when `limit` rows are held and the worst of them
 * beats the next tier's bound. Exact for any weights: what a later tier
 * holds cannot outrank what is held. */

struct cand_query {
	const struct opportunity *place;
	const int *w;
	bool period_met, employer_side;
	int64_t limit;
};

struct cand_row {
	int64_t id;
	int64_t hard, score;
};

struct cand_tier {
	int hard, mun; /* mun 3, 2, 1 near; 0 the far tier */
	int occ;       /* a near tier's occupation level, 4 … 1; the far tier's is 4 */
	int kind;      /* the far tier's kind_met */
	int64_t bound; /* the best score a row of the tier can have */
};

static void read_cand_row(struct ctx *c, struct stmt *s, void *out)
{
	(void)c;
	*(struct cand_row *)out = (struct cand_row){.id = stmt_int(s, 0), .hard = stmt_int(s, 3), .score = stmt_int(s, 4)};
}

/* hard_met DESC, score DESC, id: the order of the result. */
static int cand_row_cmp(const void *a, const void *b)
{
	const struct cand_row *x = a, *y = b;
	if (x->hard != y->hard) return x->hard > y->hard ? -1 : 1;
	if (x->score != y->score) return x->score > y->score ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* True when row r outranks every row a tier of bound t can hold. */
static bool beats_tier(const struct cand_row *r, const struct cand_tier *t)
{
	return r->hard > t->hard || (r->hard == t->hard && r->score > t->bound);
}

/* The rows of tier t, best first, at most q->limit. */
static struct cand_row *run_tier(struct ctx *c, const struct cand_query *q, const struct cand_tier *t, size_t *n)
{
	const struct opportunity *o = q->place;
	struct stmt *s = store_prepare(c->db, t->mun ? match_sql_candidates : match_sql_candidates_far);
	if (bind_reach(c, s, o->municipality_code) != 0) {
		stmt_done(s);
		return NULL;
	}
	stmt_bind_texts(s, (const char *const[][2]){{":ssyk", o->ssyk_code}, {":want_kind", match_wanted_kind(o->kind)},
		{":req_cert", o->certificate}, {NULL}});
	stmt_bind_int(s, ":req_dl", o->driving_licence);
	stmt_bind_int(s, ":req_us", o->upper_secondary);
	stmt_bind_int(s, ":req_sw", match_swedish_rank(o->swedish_level));
	stmt_bind_int(s, ":period_met", q->period_met);
	stmt_bind_int(s, ":w_occ", q->w[MATCH_W_OCCUPATION]);
	stmt_bind_int(s, ":w_kind", q->w[MATCH_W_KIND]);
	stmt_bind_int(s, ":w_period", q->w[MATCH_W_PERIOD]);
	stmt_bind_int(s, ":hard", t->hard);
	if (t->mun) {
		stmt_bind_int(s, ":w_mun", q->w[MATCH_W_MUNICIPALITY]);
		stmt_bind_int(s, ":tier", t->mun);
		stmt_bind_int(s, ":occ", t->occ);
	} else {
		stmt_bind_int(s, ":kind", t->kind);
	}
	/* An employer contact sees consented participants of every
	 * organisation (what the consent to share with employers covers). */
	stmt_bind_int(s, ":employer_side", q->employer_side);
	if (q->employer_side) {
		stmt_bind_int(s, ":all", 1);
		stmt_bind_int(s, ":org", 0);
	} else {
		access_bind(s, c->actor);
	}
	stmt_bind_int(s, ":limit", q->limit);
	return list_all(c, s, sizeof(struct cand_row), read_cand_row, n, read_fail);
}

/* The ids of the best q->limit candidates, in order (*n of them). */
static int64_t *rank_candidates(struct ctx *c, const struct cand_query *q, size_t *n)
{
	const int *w = q->w;
	enum { TIERS = 2 * (3 * 4 + 2) };
	struct cand_tier tiers[TIERS];
	size_t nt = 0;
	for (int hard = 1; hard >= 0; hard--) {
		size_t first = nt;
		for (int mun = 3; mun >= 0; mun--)
			for (int occ = mun ? 1 : 4; occ <= 4; occ++)
				for (int kind = mun ? 1 : 0; kind <= 1; kind++) {
					/* A near tier's bound takes kind_met 1; a far tier's is its score. */
					int64_t bound = (w[MATCH_W_OCCUPATION] * occ) / 4 + (w[MATCH_W_MUNICIPALITY] * mun) / 3
						+ (int64_t)w[MATCH_W_KIND] * kind + (int64_t)w[MATCH_W_PERIOD] * q->period_met;
					tiers[nt++] = (struct cand_tier){
						.hard = hard, .mun = mun, .occ = occ, .kind = kind, .bound = bound};
				}
		/* Best bound first within hard_met (insertion sort, stable). */
		for (size_t i = first + 1; i < nt; i++)
			for (size_t j = i; j > first && tiers[j].bound > tiers[j - 1].bound; j--) {
				struct cand_tier t = tiers[j];
				tiers[j] = tiers[j - 1];
				tiers[j - 1] = t;
			}
	}
	size_t limit = (size_t)q->limit, held = 0;
	struct cand_row *top = arena_alloc(c->arena, 2 * limit * sizeof *top);
	for (size_t i = 0; i < nt; i++) {
		if (held == limit && beats_tier(&top[held - 1], &tiers[i])) break;
		size_t k;
		struct cand_row *rows = run_tier(c, q, &tiers[i], &k);
		if (!rows) return NULL;
		memcpy(top + held, rows, k * sizeof *rows);
		held += k;
		qsort(top, held, sizeof *top, cand_row_cmp);
		if (held > limit) held = limit;
	}
	int64_t *ids = arena_alloc(c->arena, (held ? held : 1) * sizeof *ids);
	for (size_t i = 0; i < held; i++) ids[i] = top[i].id;
	*n = held;
	return ids;
}

int match_candidates(struct ctx *c, int64_t id, int64_t limit, struct match_list *out)
{
	memset(out, 0, sizeof *out);
	bool staff = access_participants(c->actor);
	bool employer_side = !staff && actor_has(c->actor, ROLE_EMPLOYER_CONTACT);
	if (!staff && !employer_side)
		return err_set(&c->err, ERR_FORBIDDEN, "Din roll får inte se kandidater (deltagare).");
	struct opportunity o;
	if (opportunity_get(c, id, &o) != 0) return c->err.code;
	if (strcmp(o.status, "open") != 0)
		return err_set(&c->err, ERR_CONFLICT, "Platsen är inte öppen: den har inga kandidater.");
	if (check_limit(c, &limit) != 0) return c->err.code;
	int w[MATCH_WEIGHTS];
	if (settings_matching_weights(c, w) != 0) return c->err.code;
	char today[11];
	clock_today(today);
	struct match_place pl = place_of(&o);
	/* The period is the place's own: the same for every candidate. */
	struct match_person nobody = {0};
	struct match_result pr;
	match_score(c->arena, &nobody, &pl, w, today, &pr);
	bool period_met = false;
	for (size_t i = 0; i < pr.nreasons; i++)
		if (strcmp(pr.reasons[i].factor, "period") == 0) period_met = pr.reasons[i].met;
	struct cand_query q = {.place = &o, .w = w, .period_met = period_met, .employer_side = employer_side, .limit = limit};
	size_t n;
	int64_t *ids = rank_candidates(c, &q, &n);
	if (!ids) return c->err.code;
	out->items = arena_alloc(c->arena, (n ? n : 1) * sizeof *out->items);
	for (size_t i = 0; i < n; i++) {
		struct match_item *it = &out->items[out->n++];
		memset(it, 0, sizeof *it);
		it->id = ids[i];
		struct work_profile wp;
		struct match_person mp;
		const char *first = "", *last = "";
		if (load_person(c, ids[i], &wp, &mp, &first, &last) != 0) return c->err.code;
		match_score(c->arena, &mp, &pl, w, today, &it->r);
		it->first_name = first;
		it->last_name = employer_side ? initial(c, last) : last;
	}
	if (n == 0) return 0;
	return audit_reads(c, "participant", ids, n, "candidates", "Kunde inte skriva i loggen.");
}
