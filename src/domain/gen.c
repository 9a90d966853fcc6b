/* gen.c — the synthetic förbund of gen.h. All randomness comes from one
 * xoshiro256** stream seeded from the seed and drawn in a fixed order, and
 * every timestamp is derived from the data's own dates (not the clock), so
 * one seed and one "today" always give the same rows. Rows go in with
 * cached prepared statements, in transactions of GEN_BATCH participants. */
#include "gen.h"
#include "attendee.h"
#include "audit.h"
#include "participant.h"
#include "../base/clock.h"
#include "../base/mem.h"
#include "../store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_BATCH 20000 /* participants per transaction */
#define GEN_CURRENT_SHARE 0.45 /* participants whose episode is recent (about 30 % of enrolments still run) */

/* ---- randomness ---- */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++) r->s[i] = splitmix(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* A whole number in [0, n), n > 0 (the modulo bias is below 1e-12 here). */
static inline int64_t rng_below(struct rng *r, int64_t n)
{
	return (int64_t)(rng_next(r) % (uint64_t)n);
}

static inline int64_t rng_range(struct rng *r, int64_t lo, int64_t hi) /* inclusive */
{
	return lo + rng_below(r, hi - lo + 1);
}

static inline bool rng_chance(struct rng *r, double p)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53 < p;
}

struct weighted {
	const char *code;
	int w;
};

static const char *pick(struct rng *r, const struct weighted *t, size_t n)
{
	int total = 0;
	for (size_t i = 0; i < n; i++) total += t[i].w;
	int x = (int)rng_below(r, total);
	for (size_t i = 0; i < n; i++)
		if ((x -= t[i].w) < 0) return t[i].code;
	return t[n - 1].code;
}
#define PICK(r, t) pick((r), (t), sizeof(t) / sizeof((t)[0]))
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- dates as day numbers (clock_days_from_civil) ---- */

static int year_of(int64_t z)
{
	int y, m, d;
	clock_civil_from_days(z, &y, &m, &d);
	return y;
}

static int64_t month_start(int64_t z)
{
	int y, m, d;
	clock_civil_from_days(z, &y, &m, &d);
	return clock_days_from_civil(y, m, 1);
}

/* RFC 3339 timestamp of a day, 08:00 UTC (created_at of generated rows). */
static void stamp_str(int64_t z, char out[21])
{
	char d[11];
	clock_format_day(z, d);
	snprintf(out, 21, "%sT08:00:00Z", d);
}

#define NO_END INT64_MAX

/* ---- the förbund: organisations, users, interventions ---- */

enum { ORG_FORBUND, ORG_AF, ORG_FK, ORG_THN, ORG_VBG, ORG_GTP, ORG_VGR, ORG_EDU, ORG_N };

static const struct {
	const char *name, *kind, *kommun;
} gen_orgs[ORG_N] = {
	{"Syntetiska samordningsförbundet", "forbund", NULL},
	{"Arbetsförmedlingen", "af", NULL},
	{"Försäkringskassan", "fk", NULL},
	{"Trollhättans stad", "kommun", "1488"},
	{"Vänersborgs kommun", "kommun", "1487"},
	{"Grästorps kommun", "kommun", "1444"},
	{"Västra Götalandsregionen", "region", NULL},
	{"Folkhögskolan Väst", "education", NULL},
};

static const struct {
	const char *username, *name;
	unsigned roles;
	int org;
} gen_users[] = {
	{"syn.admin", "Ada Adminsson", ROLE_ADMIN, ORG_FORBUND},
	{"syn.kansli", "Karin Kanslisson", ROLE_KANSLI, ORG_FORBUND},
	{"syn.kansli2", "Kent Kanslisson", ROLE_KANSLI, ORG_FORBUND},
	{"syn.styrelse", "Stina Styrelsesson", ROLE_READER, ORG_FORBUND},
	{"syn.handl.af", "Amir Handläggare", ROLE_CASE_WORKER, ORG_AF},
	{"syn.handl.fk", "Frida Handläggare", ROLE_CASE_WORKER, ORG_FK},
	{"syn.handl.thn", "Hanna Handläggare", ROLE_CASE_WORKER, ORG_THN},
	{"syn.handl.vbg", "Viktor Handläggare", ROLE_CASE_WORKER, ORG_VBG},
	{"syn.handl.gtp", "Greta Handläggare", ROLE_CASE_WORKER, ORG_GTP},
	{"syn.handl.vgr", "Rasmus Handläggare", ROLE_CASE_WORKER, ORG_VGR},
	{"syn.utbildare", "Tove Utbildare", ROLE_TRAINER, ORG_EDU},
	{"syn.arbgiv", "Erik Arbetsgivarkontakt", ROLE_EMPLOYER_CONTACT, ORG_AF},
};
enum { USER_AF = 4, USER_THN = 6, USER_VBG = 7, USER_GTP = 8 };

enum { KIND_INDIVIDUAL, KIND_STRUCTURAL, KIND_COMPETENCE };
static const char *const kind_names[] = {"individual", "structural", "competence"};

static const char *const individual_names[] = {
	"Steget vidare", "Jobbspåret", "Unga in", "Resursteamet", "Språk och arbete", "IPS – individuellt stöd",
	"Hälsa och arbete", "Vägen ut", "Kliv framåt", "Arbetsträning Väst", "Nya steg", "Kompassen",
	"Startpunkten", "Trappan", "Ung framtid"};
static const char *const structural_names[] = {"Samverkansforum", "Arbetsgivarnätverket", "Kartläggning målgrupp A",
					       "Gemensam ingång", "Digital samverkan", "Metodstöd"};
static const char *const competence_names[] = {"Mentorsutbildning", "Motiverande samtal för handläggare",
					       "Föreläsningsserie psykisk hälsa", "Kompetensdagar", "Normkritik i praktiken"};

struct gint {
	int64_t id;
	int kind;
	int64_t start, end; /* end NO_END when open */
	bool participants;  /* measured with participants */
};

struct gen {
	struct ctx *c;
	struct rng r;
	int64_t today;
	int today_year;
	int64_t org_id[ORG_N];
	int64_t user_id[COUNT(gen_users)];
	struct gint *iv;
	int niv;
	/* Individual interventions that take enrolments: ended ones by weight
	 * (their days up to today), active ones for ongoing enrolments. */
	int *pool;
	int64_t *pool_cum;
	int npool;
	int *active;
	int nactive;
	int *cand; /* scratch for covering() */
	int64_t first_day; /* the earliest start of an intervention that takes participants */
	/* Personnummer serials handed out per birth day and sex. */
	uint16_t *slots[2];
	int64_t slot_base, nslots;
	struct gen_result *res;
};

static int db_fail(struct gen *g, const char *what)
{
	store_rollback(g->c->db);
	return err_set(&g->c->err, ERR_INTERNAL, "Kunde inte skapa %s: %s", what, store_errmsg(g->c->db));
}

/* The id of the row the INSERT … RETURNING id statement s made, or 0. */
static int64_t insert_id(struct stmt *s)
{
	int64_t id;
	return stmt_scalar(s, &id) == STORE_ROW ? id : 0;
}

static bool exec_ok(struct stmt *s)
{
	return stmt_exec(s) == STORE_DONE;
}

static int make_orgs_and_users(struct gen *g)
{
	struct store *db = g->c->db;
	char ts[21];
	stamp_str(g->today - 3650, ts);
	for (int i = 0; i < ORG_N; i++) {
		struct stmt *s = store_prepare(db, "SELECT id FROM orgs WHERE name = :name");
		stmt_bind_text(s, ":name", gen_orgs[i].name);
		if (stmt_scalar(s, &g->org_id[i]) < 0) return db_fail(g, "organisationer");
		if (g->org_id[i]) continue;
		s = store_prepare(db, "INSERT INTO orgs (name, kind, municipality_code, created_at, updated_at)"
				      " VALUES (:name, :kind, :municipality_code, :created_at, :updated_at) RETURNING id");
		stmt_bind_text(s, ":name", gen_orgs[i].name);
		stmt_bind_text(s, ":kind", gen_orgs[i].kind);
		stmt_bind_text(s, ":municipality_code", gen_orgs[i].kommun);
		stmt_bind_text(s, ":created_at", ts);
		stmt_bind_text(s, ":updated_at", ts);
		if (!(g->org_id[i] = insert_id(s))) return db_fail(g, "organisationer");
		g->res->orgs++;
	}
	for (size_t i = 0; i < COUNT(gen_users); i++) {
		struct stmt *s = store_prepare(db, "SELECT id FROM users WHERE username = :username");
		stmt_bind_text(s, ":username", gen_users[i].username);
		if (stmt_scalar(s, &g->user_id[i]) < 0) return db_fail(g, "användare");
		if (g->user_id[i]) continue;
		/* No password: an admin sets one (samsyn user passwd) to log in as them. */
		s = store_prepare(db, "INSERT INTO users (username, name, email, org_id, roles, active, password_hash,"
				      " must_change_password, created_at, updated_at) VALUES (:username, :name, :email, :org_id, :roles, 1, NULL, 1, :created_at, :updated_at)"
				      " RETURNING id");
		char email[80];
		snprintf(email, sizeof email, "%s@example.se", gen_users[i].username);
		stmt_bind_text(s, ":username", gen_users[i].username);
		stmt_bind_text(s, ":name", gen_users[i].name);
		stmt_bind_text(s, ":email", email);
		stmt_bind_int(s, ":org_id", g->org_id[gen_users[i].org]);
		stmt_bind_text(s, ":roles", roles_format(g->c->arena, gen_users[i].roles));
		stmt_bind_text(s, ":created_at", ts);
		stmt_bind_text(s, ":updated_at", ts);
		if (!(g->user_id[i] = insert_id(s))) return db_fail(g, "användare");
		g->res->users++;
	}
	return 0;
}

/* Budget per year in kronor, by kind (a förbund's split is about 60/30/10). */
static int64_t yearly_budget(struct gen *g, int kind)
{
	static const int64_t lo[] = {900000, 250000, 100000}, hi[] = {4000000, 1400000, 600000};
	return rng_range(&g->r, lo[kind], hi[kind]) / 1000 * 1000;
}

static int add_budgets_and_goals(struct gen *g, const struct gint *v, int64_t per_year_participants)
{
	struct store *db = g->c->db;
	int y0 = year_of(v->start), y1 = v->end == NO_END ? g->today_year : year_of(v->end);
	if (y1 > g->today_year) y1 = g->today_year;
	if (y1 < y0) y1 = y0; /* planned: the budget of its first year */
	bool esf = rng_chance(&g->r, 0.15);
	for (int y = y0; y <= y1; y++) {
		int64_t total = yearly_budget(g, v->kind);
		struct {
			const char *funder;
			int64_t amount;
		} parts[4] = {{"state", total / 2}, {"municipality", total / 4}, {"region", total / 4}, {"esf", total / 5}};
		for (int i = 0; i < (esf ? 4 : 3); i++) {
			struct stmt *s = store_prepare(db, "INSERT INTO intervention_budgets (intervention_id, year, funder,"
							   " amount_sek, actual_sek) VALUES (:intervention_id, :year, :funder, :amount_sek, :actual_sek)");
			stmt_bind_int(s, ":intervention_id", v->id);
			stmt_bind_int(s, ":year", y);
			stmt_bind_text(s, ":funder", parts[i].funder);
			stmt_bind_int(s, ":amount_sek", parts[i].amount / 1000 * 1000);
			/* The outcome is known for the years that are over. */
			if (y < g->today_year) stmt_bind_int(s, ":actual_sek", parts[i].amount * rng_range(&g->r, 80, 105) / 100 / 1000 * 1000);
			else stmt_bind_null(s, ":actual_sek");
			if (!exec_ok(s)) return db_fail(g, "budgetar");
		}
		const char *ind[2] = {NULL, NULL};
		int64_t target[2] = {0, 0};
		if (v->kind == KIND_INDIVIDUAL) {
			ind[0] = "participants";
			target[0] = per_year_participants * rng_range(&g->r, 80, 130) / 100 + 5;
			ind[1] = "work_or_studies";
			target[1] = target[0] * 35 / 100 + 1;
		} else if (v->kind == KIND_COMPETENCE) {
			/* Seed 001: 65 mentors trained in a year. */
			ind[0] = rng_chance(&g->r, 0.5) ? "mentors_trained" : "attendees";
			target[0] = strcmp(ind[0], "mentors_trained") == 0 ? 65 : rng_range(&g->r, 20, 100);
		} else {
			ind[0] = v->participants ? "attendees" : "volume";
			target[0] = v->participants ? rng_range(&g->r, 20, 80) : rng_range(&g->r, 100, 600);
		}
		for (int i = 0; i < 2 && ind[i]; i++) {
			struct stmt *s = store_prepare(db, "INSERT INTO intervention_goals (intervention_id, year, indicator, target)"
							   " VALUES (:intervention_id, :year, :indicator, :target)");
			stmt_bind_int(s, ":intervention_id", v->id);
			stmt_bind_int(s, ":year", y);
			stmt_bind_text(s, ":indicator", ind[i]);
			stmt_bind_int(s, ":target", target[i]);
			if (!exec_ok(s)) return db_fail(g, "mål");
		}
	}
	return 0;
}

/* Head counts per quarter of a structural intervention measured as volume. */
static int add_volumes(struct gen *g, const struct gint *v)
{
	int64_t last = v->end == NO_END || v->end > g->today ? g->today : v->end;
	int y, m, d;
	clock_civil_from_days(v->start, &y, &m, &d);
	int64_t from = v->start;
	while (from <= last) {
		int qm = ((m - 1) / 3) * 3 + 4; /* first month of the next quarter */
		int64_t next = qm > 12 ? clock_days_from_civil(y + 1, 1, 1) : clock_days_from_civil(y, qm, 1);
		int64_t to = next - 1 < last ? next - 1 : last;
		char a[11], b[11], ts[21];
		clock_format_day(from, a);
		clock_format_day(to, b);
		stamp_str(to, ts);
		struct stmt *s = store_prepare(g->c->db, "INSERT INTO volumes (intervention_id, period_start, period_end,"
							 " women, men, created_at) VALUES (:intervention_id, :period_start, :period_end, :women, :men, :created_at)");
		stmt_bind_int(s, ":intervention_id", v->id);
		stmt_bind_text(s, ":period_start", a);
		stmt_bind_text(s, ":period_end", b);
		stmt_bind_int(s, ":women", rng_range(&g->r, 8, 90));
		stmt_bind_int(s, ":men", rng_range(&g->r, 5, 70));
		stmt_bind_text(s, ":created_at", ts);
		if (!exec_ok(s)) return db_fail(g, "volymer");
		from = next;
		clock_civil_from_days(from, &y, &m, &d);
	}
	return 0;
}

static const char *const female_names[] = {
	"Anna", "Maria", "Sara", "Emma", "Johanna", "Elin", "Linnéa", "Sofia", "Ida", "Malin", "Karin", "Lena",
	"Åsa", "Eva", "Hanna", "Amanda", "Fatima", "Amina", "Hodan", "Leyla", "Nour", "Zeynep", "Aisha", "Mariam",
	"Ebba", "Wilma", "Julia", "Alva", "Maja", "Ingrid", "Birgitta", "Sanna", "Jennifer", "Natalia", "Olga"};
static const char *const male_names[] = {
	"Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Mikael", "Jonas", "Oskar", "Viktor", "Emil", "Björn",
	"Mohammed", "Ahmed", "Ali", "Yusuf", "Omar", "Hassan", "Abdi", "Mustafa", "Adam", "Liam", "Noah", "Hugo",
	"Lucas", "Filip", "Anton", "Gustav", "Stefan", "Magnus", "Daniel", "Marko", "Tomasz", "Dimitri", "Kevin"};
static const char *const last_names[] = {
	"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
	"Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson",
	"Magnusson", "Olofsson", "Lindström", "Lindqvist", "Berglund", "Axelsson", "Berg", "Bergström", "Lundberg",
	"Lind", "Lundgren", "Mattsson", "Åberg", "Öberg", "Holm", "Ali", "Mohammed", "Ahmed", "Hassan", "Yilmaz",
	"Nowak", "Kovačević", "Hadžić", "Abdullahi", "Haddad", "Nguyen", "Popescu", "Ekström", "Sandberg"};
static const char *const employers[] = {"Trollhättans stad", "Vänersborgs kommun", "Grästorps kommun",
					"NÄL", "Verkstads AB Väst", "Handelsbolaget Älvstaden", "Bygg & Montage i Väst AB",
					"Omsorgsbolaget Nordost", "Lager & Logistik Trollhättan AB"};

/* Lower case of the letters used in the name lists (ASCII, Å Ä Ö É). */
/* An e-mail local part from a name: lower case, å ä → a, ö → o, é → e,
 * other non-ASCII dropped. */
static void ascii_lower(const char *s, char *out, size_t n)
{
	size_t j = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && j + 1 < n; p++) {
		unsigned char c = *p;
		if (c >= 'A' && c <= 'Z') out[j++] = (char)(c + 32);
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out[j++] = (char)c;
		else if (c == 0xC3 && p[1]) {
			unsigned char x = *++p | 0x20;
			out[j++] = x == 0xA5 || x == 0xA4 ? 'a' : x == 0xB6 ? 'o' : x == 0xA9 ? 'e' : 'x';
		}
	}
	out[j] = 0;
}

/* Named attendees of a competence intervention (or a structural one
 * measured with participants): a few dozen a year, some coming twice. */
static int add_attendees(struct gen *g, const struct gint *v)
{
	static const struct weighted formats[] = {{"in_person", 50}, {"webinar", 25}, {"commissioned", 15}, {"network", 10}};
	int64_t last = v->end == NO_END || v->end > g->today ? g->today : v->end;
	if (v->start > last) return 0;
	int n = (int)rng_range(&g->r, 15, 60) * (year_of(last) - year_of(v->start) + 1);
	char prev_first[64] = "", prev_last[64] = "", prev_email[160] = "";
	int prev_sex = 0;
	for (int i = 0; i < n; i++) {
		char first[64], last_name[64], email[160], org[96], a[64], b[64], ts[21], date[11];
		int sex;
		const char *employer = employers[rng_below(&g->r, COUNT(employers))];
		if (i > 0 && rng_chance(&g->r, 0.15)) { /* the same person at another session */
			snprintf(first, sizeof first, "%s", prev_first);
			snprintf(last_name, sizeof last_name, "%s", prev_last);
			snprintf(email, sizeof email, "%s", prev_email);
			sex = prev_sex;
		} else {
			sex = rng_chance(&g->r, 0.6) ? 0 : 1;
			snprintf(first, sizeof first, "%s",
				 sex ? male_names[rng_below(&g->r, COUNT(male_names))] : female_names[rng_below(&g->r, COUNT(female_names))]);
			snprintf(last_name, sizeof last_name, "%s", last_names[rng_below(&g->r, COUNT(last_names))]);
			ascii_lower(first, a, sizeof a);
			ascii_lower(last_name, b, sizeof b);
			if (rng_chance(&g->r, 0.8)) snprintf(email, sizeof email, "%s.%s%d@example.se", a, b, (int)rng_below(&g->r, 100));
			else email[0] = 0;
		}
		snprintf(org, sizeof org, "%s", employer);
		/* The same key as a registration through the API. */
		const char *key = attendee_person_key(g->c->arena, first, last_name, email[0] ? email : NULL, org);
		int64_t day = v->start + rng_below(&g->r, last - v->start + 1);
		clock_format_day(day, date);
		stamp_str(day, ts);
		struct stmt *s = store_prepare(g->c->db,
			"INSERT INTO attendees (intervention_id, first_name, last_name, sex, email, employer_id,"
			" organisation_name, format, date, person_key, created_at) VALUES (:intervention_id, :first_name, :last_name, :sex, :email, NULL, :organisation_name, :format, :date, :person_key, :created_at)");
		stmt_bind_int(s, ":intervention_id", v->id);
		stmt_bind_text(s, ":first_name", first);
		stmt_bind_text(s, ":last_name", last_name);
		stmt_bind_text(s, ":sex", sex ? "male" : "female");
		stmt_bind_text(s, ":email", email[0] ? email : NULL);
		stmt_bind_text(s, ":organisation_name", org);
		stmt_bind_text(s, ":format", PICK(&g->r, formats));
		stmt_bind_text(s, ":date", date);
		stmt_bind_text(s, ":person_key", key);
		stmt_bind_text(s, ":created_at", ts);
		if (!exec_ok(s)) return db_fail(g, "deltagare i strukturella insatser");
		memcpy(prev_first, first, sizeof first);
		memcpy(prev_last, last_name, sizeof last_name);
		memcpy(prev_email, email, sizeof email);
		prev_sex = sex;
	}
	return 0;
}

static int make_interventions(struct gen *g, int64_t n_participants, int64_t n_enrolments)
{
	struct rng *r = &g->r;
	g->niv = (int)(20 + (n_participants / 40000 < 25 ? n_participants / 40000 : 25) + rng_below(r, 6));
	g->iv = xcalloc((size_t)g->niv, sizeof *g->iv);
	int n_individual = 0;
	for (int i = 0; i < g->niv; i++) {
		struct gint *v = &g->iv[i];
		int64_t x = rng_below(r, 100);
		v->kind = i < 8 ? KIND_INDIVIDUAL : i == 8 ? KIND_STRUCTURAL : i == 9 ? KIND_COMPETENCE
			: x < 60 ? KIND_INDIVIDUAL : x < 85 ? KIND_STRUCTURAL : KIND_COMPETENCE;
		if (i < 3) { /* long-running ones, so every past year has enrolments */
			v->start = month_start(g->today - rng_range(r, 6 * 365, 7 * 365));
		} else if (i >= 10 && rng_chance(r, 0.06)) { /* planned */
			v->start = month_start(g->today + rng_range(r, 35, 200));
		} else {
			v->start = month_start(g->today - rng_range(r, 60, 7 * 365));
		}
		int sy, sm, sd;
		clock_civil_from_days(v->start, &sy, &sm, &sd);
		if (i < 5) /* active: they take the ongoing enrolments */
			v->end = rng_chance(r, 0.5) ? NO_END : g->today + rng_range(r, 90, 730);
		else if (rng_chance(r, 0.35))
			v->end = NO_END;
		else
			v->end = clock_days_from_civil(sy + (int)rng_range(r, 1, 4), sm, 1) - 1;
		v->participants = v->kind != KIND_STRUCTURAL || rng_chance(r, 0.3);
		if (v->kind == KIND_INDIVIDUAL && v->start <= g->today) n_individual++;
	}
	/* Rough participants per intervention and year, for the goals. */
	int64_t per_year = n_individual ? n_enrolments / 5 / n_individual + 10 : 10;

	static const struct weighted tg[] = {{"A", 40}, {"B", 30}, {"AB", 30}};
	static const int partner_orgs[] = {ORG_AF, ORG_FK, ORG_THN, ORG_VBG, ORG_GTP, ORG_VGR, ORG_EDU};
	static const int owner_orgs[] = {ORG_AF, ORG_FK, ORG_THN, ORG_VBG, ORG_GTP, ORG_VGR};
	for (int i = 0; i < g->niv; i++) {
		struct gint *v = &g->iv[i];
		const char *const *names = v->kind == KIND_INDIVIDUAL ? individual_names
					  : v->kind == KIND_STRUCTURAL ? structural_names : competence_names;
		size_t nnames = v->kind == KIND_INDIVIDUAL ? COUNT(individual_names)
			      : v->kind == KIND_STRUCTURAL ? COUNT(structural_names) : COUNT(competence_names);
		char name[120], desc[200], start[11], end[11], ts[21];
		snprintf(name, sizeof name, "%s %d", names[rng_below(r, (int64_t)nnames)], year_of(v->start));
		snprintf(desc, sizeof desc, "Syntetisk %s insats, skapad av samsyn gen för test.",
			 v->kind == KIND_INDIVIDUAL ? "individinriktad" : v->kind == KIND_STRUCTURAL ? "strukturinriktad"
											: "kompetenshöjande");
		clock_format_day(v->start, start);
		if (v->end != NO_END) clock_format_day(v->end, end);
		stamp_str(v->start - 30, ts);
		const char *status = v->start > g->today ? "planned" : v->end != NO_END && v->end < g->today ? "ended" : "active";
		int owner = rng_chance(r, 0.5) ? ORG_FORBUND : owner_orgs[rng_below(r, COUNT(owner_orgs))];
		struct stmt *s = store_prepare(g->c->db,
			"INSERT INTO interventions (name, kind, owner_org_id, start_date, end_date, status, measurement,"
			" description, created_at, updated_at) VALUES (:name, :kind, :owner_org_id, :start_date, :end_date, :status, :measurement, :description, :created_at, :updated_at) RETURNING id");
		stmt_bind_text(s, ":name", name);
		stmt_bind_text(s, ":kind", kind_names[v->kind]);
		stmt_bind_int(s, ":owner_org_id", g->org_id[owner]);
		stmt_bind_text(s, ":start_date", start);
		stmt_bind_text(s, ":end_date", v->end == NO_END ? NULL : end);
		stmt_bind_text(s, ":status", status);
		stmt_bind_text(s, ":measurement", v->participants ? "participants" : "volume");
		stmt_bind_text(s, ":description", desc);
		stmt_bind_text(s, ":created_at", ts);
		stmt_bind_text(s, ":updated_at", ts);
		if (!(v->id = insert_id(s))) return db_fail(g, "insatser");
		g->res->interventions++;
		/* 1–4 partners besides the owner. */
		int npart = (int)rng_range(r, 1, 4);
		bool taken[ORG_N] = {false};
		taken[owner] = true;
		for (int k = 0; k < npart; k++) {
			int o = partner_orgs[rng_below(r, COUNT(partner_orgs))];
			if (taken[o]) continue;
			taken[o] = true;
			s = store_prepare(g->c->db, "INSERT INTO intervention_partners (intervention_id, org_id) VALUES (:intervention_id, :org_id)");
			stmt_bind_int(s, ":intervention_id", v->id);
			stmt_bind_int(s, ":org_id", g->org_id[o]);
			if (!exec_ok(s)) return db_fail(g, "samverkanspartner");
		}
		const char *groups = PICK(r, tg);
		for (const char *p = groups; *p; p++) {
			char code[2] = {*p, 0};
			s = store_prepare(g->c->db, "INSERT INTO intervention_target_groups (intervention_id, code) VALUES (:intervention_id, :code)");
			stmt_bind_int(s, ":intervention_id", v->id);
			stmt_bind_text(s, ":code", code);
			if (!exec_ok(s)) return db_fail(g, "målgrupper");
		}
		if (add_budgets_and_goals(g, v, per_year) != 0) return g->c->err.code;
		if (!v->participants && add_volumes(g, v) != 0) return g->c->err.code;
		if (v->participants && v->kind != KIND_INDIVIDUAL && add_attendees(g, v) != 0) return g->c->err.code;
	}
	/* Where enrolments go. */
	g->pool = xcalloc((size_t)g->niv, sizeof *g->pool);
	g->pool_cum = xcalloc((size_t)g->niv, sizeof *g->pool_cum);
	g->active = xcalloc((size_t)g->niv, sizeof *g->active);
	g->cand = xcalloc((size_t)g->niv, sizeof *g->cand);
	int64_t cum = 0;
	for (int i = 0; i < g->niv; i++) {
		const struct gint *v = &g->iv[i];
		if (v->kind != KIND_INDIVIDUAL || !v->participants || v->start >= g->today) continue;
		int64_t last = v->end < g->today ? v->end : g->today;
		if (last <= v->start) continue;
		cum += last - v->start;
		if (g->npool == 0 || v->start < g->first_day) g->first_day = v->start;
		g->pool[g->npool] = i;
		g->pool_cum[g->npool++] = cum;
		if (v->end == NO_END || v->end >= g->today) g->active[g->nactive++] = i;
	}
	return 0;
}

/* ---- participants and enrolments ---- */

static const struct weighted municipalities[] = {
	{"1488", 540}, {"1487", 360}, {"1444", 40}, {"1462", 20}, {"1485", 15}, {"1461", 10}, {"1480", 10}, {"1460", 5}};
/* Age at the first enrolment, by band (young adults and target group B weigh in). */
static const struct {
	int lo, hi, w;
} age_bands[] = {{16, 19, 8}, {20, 24, 20}, {25, 29, 15}, {30, 39, 22}, {40, 49, 17}, {50, 59, 13}, {60, 66, 5}};
static const struct weighted occupations_before[] = {{"job_seeking", 45}, {"sick_leave", 20}, {"other", 15},
						     {"other_intervention", 10}, {"studies", 5}, {"work", 5}};
static const struct weighted education[] = {{"primary_lt9", 10}, {"primary", 35}, {"secondary", 35},
					    {"post_secondary_lt3", 8}, {"post_secondary", 7}, {"unknown", 5}};
static const struct weighted support_time[] = {{"none", 5}, {"lt_1y", 20}, {"1_2y", 25}, {"3_4y", 20},
					       {"5y_plus", 25}, {"unknown", 5}};
static const struct weighted income_start[] = {
	{"social_assistance", 300}, {"activity_support", 220}, {"sickness_benefit", 150}, {"activity_compensation", 80},
	{"unemployment_fund", 70}, {"none", 60}, {"other", 50}, {"salary", 30}, {"student_aid", 20}, {"unknown", 20}};
static const struct weighted outcomes[] = {{"work", 25}, {"studies", 10}, {"job_seeking", 25},
					   {"other_intervention", 12}, {"sick_leave", 13}, {"moved", 5}, {"other", 10}};
static const struct weighted exit_reasons[] = {{"completed", 55}, {"goal_reached", 10}, {"moved_on", 10},
					       {"interrupted", 15}, {"health", 7}, {"other", 3}};
static const struct weighted followups[] = {{"work", 28}, {"studies", 10}, {"job_seeking", 25}, {"sick_leave", 14},
					    {"other_intervention", 8}, {"moved", 5}, {"other", 10}};

struct genrol {
	int64_t start, end; /* end NO_END while it runs */
	int iv;
};

static int cmp_genrol(const void *a, const void *b)
{
	const struct genrol *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The day a participant's episode starts: for about half of them a
 * current one (within the last 18 months, so many of their enrolments still
 * run today), for the others any day in the life of the interventions
 * (weighted by their length, so every day is about as likely). */
static int64_t episode_start(struct gen *g)
{
	struct rng *r = &g->r;
	if (g->nactive && rng_chance(r, GEN_CURRENT_SHARE)) return rng_range(r, g->today - 540, g->today);
	int64_t x = rng_below(r, g->pool_cum[g->npool - 1]);
	int lo = 0, hi = g->npool - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (g->pool_cum[mid] > x) hi = mid;
		else lo = mid + 1;
	}
	const struct gint *v = &g->iv[g->pool[lo]];
	int64_t last = v->end < g->today ? v->end : g->today;
	return v->start + rng_below(r, last - v->start);
}

/* The individual interventions taking participants on day: their indexes
 * in cand, how many returned. */
static int covering(const struct gen *g, int64_t day, int *cand)
{
	int n = 0;
	for (int i = 0; i < g->npool; i++) {
		const struct gint *v = &g->iv[g->pool[i]];
		if (v->start <= day && day <= v->end) cand[n++] = g->pool[i];
	}
	return n;
}

/* A participant's k enrolments: one episode, each starting 0–8 months
 * after the one before (the whole episode before today), in an
 * intervention running on that day. One that would last past today is
 * still running (ongoing); one that would outlast its intervention ends
 * with it. */
static void make_enrolments(struct gen *g, struct genrol *en, int64_t k, int *cand)
{
	struct rng *r = &g->r;
	int64_t span = 0;
	for (int64_t j = 1; j < k; j++) span += (en[j].start = rng_below(r, 240)); /* the gaps, for now */
	int64_t room = g->today - g->first_day;
	if (span > room) { /* very many enrolments: closer together */
		for (int64_t j = 1; j < k; j++) en[j].start = en[j].start * room / span;
		span = room;
	}
	int64_t day = episode_start(g);
	if (day + span > g->today) { /* it would run into the future: end it in the last year */
		int64_t slack = g->today - span - g->first_day;
		day = g->today - span - rng_below(r, (slack < 365 ? slack : 365) + 1);
	}
	for (int64_t j = 0; j < k; j++) {
		struct genrol *e = &en[j];
		if (j > 0) day += e->start;
		int n = covering(g, day, cand);
		if (n == 0) { /* a day between interventions: move to the nearest one */
			int64_t best = INT64_MAX;
			for (int i = 0; i < g->npool; i++) {
				const struct gint *v = &g->iv[g->pool[i]];
				int64_t last = v->end < g->today ? v->end : g->today;
				int64_t dist = day < v->start ? v->start - day : day - last;
				if (dist < best) best = dist, cand[0] = g->pool[i], n = 1;
			}
			const struct gint *v = &g->iv[cand[0]];
			int64_t last = v->end < g->today ? v->end : g->today;
			day = day < v->start ? v->start : day > last ? last : day;
		}
		e->iv = cand[rng_below(r, n)];
		const struct gint *v = &g->iv[e->iv];
		e->start = day;
		int64_t len = 30 + rng_below(r, 120) + rng_below(r, 400) + (rng_chance(r, 0.4) ? rng_below(r, 540) : 0);
		if (e->start + len > g->today && v->end >= g->today) e->end = NO_END;
		else if (e->start + len > v->end) e->end = v->end;
		else e->end = e->start + len;
	}
}

/* A valid personnummer for the birth day and sex that no other generated
 * participant has: serials are handed out per day and sex (at most 499
 * each; a full day moves on to the next). Writes the 12 digits and returns
 * the birth day used. */
static int64_t make_pnr(struct gen *g, int64_t birth, int male, char out[13])
{
	for (;;) {
		int64_t idx = birth - g->slot_base;
		if (idx <= 0 || idx >= g->nslots) idx = 1, birth = g->slot_base + 1; /* not with ages 16–66 */
		uint16_t k = g->slots[male][idx];
		if (k < 499) {
			g->slots[male][idx] = (uint16_t)(k + 1);
			/* A fixed permutation of 1..499 so serials do not simply count up. */
			int j = 1 + (int)(((int64_t)k * 211 + idx * 37) % 499);
			int serial = 2 * j + male; /* the third digit: odd for men */
			int y, m, d;
			clock_civil_from_days(birth, &y, &m, &d);
			char ten[11];
			snprintf(ten, sizeof ten, "%02u%02u%02u%03u", (unsigned)y % 100u, (unsigned)m % 100u, (unsigned)d % 100u,
				 (unsigned)serial % 1000u);
			int sum = 0;
			for (int i = 0; i < 9; i++) {
				int v = (ten[i] - '0') * (i % 2 == 0 ? 2 : 1);
				sum += v > 9 ? v - 9 : v;
			}
			out[0] = (char)('0' + y / 1000 % 10);
			out[1] = (char)('0' + y / 100 % 10);
			memcpy(out + 2, ten, 9);
			out[11] = (char)('0' + (10 - sum % 10) % 10);
			out[12] = 0;
			return birth;
		}
		birth--; /* never in practice: about 30 a day are used at a million participants */
	}
}

static int add_income(struct gen *g, int64_t enrolment_id, const char *phase, const char *first, const char *second)
{
	const char *codes[2] = {first, second && strcmp(second, first) != 0 ? second : NULL};
	for (int i = 0; i < 2 && codes[i]; i++) {
		struct stmt *s = store_prepare(g->c->db,
			"INSERT INTO enrolment_income_sources (enrolment_id, phase, code) VALUES (:enrolment_id, :phase, :code)");
		stmt_bind_int(s, ":enrolment_id", enrolment_id);
		stmt_bind_text(s, ":phase", phase);
		stmt_bind_text(s, ":code", codes[i]);
		if (!exec_ok(s)) return db_fail(g, "försörjningskällor");
	}
	return 0;
}

/* Income source at exit, following the outcome. */
static const char *income_after(struct gen *g, const char *outcome)
{
	struct rng *r = &g->r;
	if (strcmp(outcome, "work") == 0) return rng_chance(r, 0.85) ? "salary" : "social_assistance";
	if (strcmp(outcome, "studies") == 0) return rng_chance(r, 0.8) ? "student_aid" : "social_assistance";
	if (strcmp(outcome, "job_seeking") == 0)
		return rng_chance(r, 0.5) ? "activity_support" : rng_chance(r, 0.5) ? "social_assistance" : "unemployment_fund";
	if (strcmp(outcome, "sick_leave") == 0) return rng_chance(r, 0.8) ? "sickness_benefit" : "activity_compensation";
	return PICK(r, income_start);
}

static int write_enrolment(struct gen *g, int64_t pid, int64_t creator, const struct genrol *e)
{
	struct rng *r = &g->r;
	char start[11], end[11], ts[21], f6[11], f12[11], today[11];
	clock_format_day(e->start, start);
	stamp_str(e->start, ts);
	clock_format_day(g->today, today);
	const char *outcome = NULL, *reason = NULL, *fu6 = NULL, *fu12 = NULL;
	bool ended = e->end != NO_END, error = false;
	if (ended) {
		clock_format_day(e->end, end);
		error = rng_chance(r, 0.01); /* felregistrering: kept, left out of reports */
		if (error) {
			reason = "registration_error";
		} else {
			outcome = PICK(r, outcomes);
			reason = PICK(r, exit_reasons);
			clock_add_months(end, 6, f6);
			clock_add_months(end, 12, f12);
			/* Follow-ups once 6 (12) months have passed, for most. */
			if (strcmp(f6, today) <= 0 && rng_chance(r, 0.7))
				fu6 = strcmp(outcome, "work") == 0 && rng_chance(r, 0.7) ? "work" : PICK(r, followups);
			if (fu6 && strcmp(f12, today) <= 0 && rng_chance(r, 0.8))
				fu12 = rng_chance(r, 0.6) ? fu6 : PICK(r, followups);
		}
	}
	struct stmt *s = store_prepare(g->c->db,
		"INSERT INTO enrolments (participant_id, intervention_id, start_date, end_date, occupation_before,"
		" education_level, support_time, outcome, exit_reason, followup_6m, followup_12m, created_by_user_id,"
		" created_at, updated_at) VALUES (:participant_id, :intervention_id, :start_date, :end_date, :occupation_before, :education_level, :support_time, :outcome, :exit_reason, :followup_6m, :followup_12m, :created_by_user_id, :created_at, :updated_at) RETURNING id");
	stmt_bind_int(s, ":participant_id", pid);
	stmt_bind_int(s, ":intervention_id", g->iv[e->iv].id);
	stmt_bind_text(s, ":start_date", start);
	stmt_bind_text(s, ":end_date", ended ? end : NULL);
	stmt_bind_text(s, ":occupation_before", PICK(r, occupations_before));
	stmt_bind_text(s, ":education_level", PICK(r, education));
	stmt_bind_text(s, ":support_time", PICK(r, support_time));
	stmt_bind_text(s, ":outcome", outcome);
	stmt_bind_text(s, ":exit_reason", reason);
	stmt_bind_text(s, ":followup_6m", fu6);
	stmt_bind_text(s, ":followup_12m", fu12);
	stmt_bind_int(s, ":created_by_user_id", creator);
	stmt_bind_text(s, ":created_at", ts);
	stmt_bind_text(s, ":updated_at", ts);
	int64_t id = insert_id(s);
	if (!id) return db_fail(g, "inskrivningar");
	g->res->enrolments++;
	if (!ended) g->res->ongoing++;
	const char *in1 = PICK(r, income_start), *in2 = rng_chance(r, 0.35) ? PICK(r, income_start) : NULL;
	if (add_income(g, id, "start", in1, in2) != 0) return g->c->err.code;
	if (outcome && add_income(g, id, "exit", income_after(g, outcome), rng_chance(r, 0.2) ? PICK(r, income_start) : NULL) != 0)
		return g->c->err.code;
	return 0;
}

/* How many enrolments the next participant gets: about the mean of what
 * is left, so the total comes out exactly M. */
static int64_t enrolments_for(struct gen *g, int64_t left_e, int64_t left_p)
{
	if (left_p <= 1) return left_e;
	double mean = (double)left_e / (double)left_p;
	if (mean < 1) return rng_chance(&g->r, mean) ? 1 : 0;
	int64_t k = 1;
	double more = (mean - 1) / mean; /* geometric: mean - 1 extra on average */
	while (k < 40 && rng_chance(&g->r, more)) k++;
	int64_t max = left_e - (left_p - 1); /* keep one for each of the rest */
	return k < max ? k : max;
}

static int write_participant(struct gen *g, struct genrol *en, int64_t k)
{
	struct rng *r = &g->r;
	make_enrolments(g, en, k, g->cand);
	if (k > 1) qsort(en, (size_t)k, sizeof *en, cmp_genrol);
	int64_t first = k ? en[0].start : g->today - rng_below(r, 3 * 365);
	int64_t span = k ? (en[k - 1].start - first) / 365 : 0;
	int band = 0, x = (int)rng_below(r, 100);
	while ((x -= age_bands[band].w) >= 0) band++;
	int64_t age = rng_range(r, age_bands[band].lo, age_bands[band].hi);
	if (age + span > 66) age = 66 - span;
	if (age < 16) age = 16;
	/* Born so that the age at the first enrolment is `age`; then kept within
	 * 16 years at the first start (5 844 days are 16 years or more) and
	 * under 67 at the last (24 471 days are 67 years or more), with a margin
	 * for make_pnr's moving to an earlier day. */
	int64_t birth = first - (age * 36524 + 50) / 100 - rng_below(r, 365);
	int64_t last = k ? en[k - 1].start : first;
	if (last - birth > 24460) birth = last - 24460;
	if (first - birth < 5844) birth = first - 5844;
	bool anonymous = rng_chance(r, 0.03), male = !rng_chance(r, 0.52);
	const char *kommun = PICK(r, municipalities);
	/* Created by a case worker of the municipality, else of AF. */
	int cw = strcmp(kommun, "1488") == 0 ? USER_THN : strcmp(kommun, "1487") == 0 ? USER_VBG
		: strcmp(kommun, "1444") == 0 ? USER_GTP : USER_AF;
	const char *first_name = male ? male_names[rng_below(r, COUNT(male_names))] : female_names[rng_below(r, COUNT(female_names))];
	const char *last_name = last_names[rng_below(r, COUNT(last_names))];
	char pnr[13], bdate[11], ts[21];
	if (!anonymous) birth = make_pnr(g, birth, male, pnr);
	clock_format_day(birth, bdate);
	stamp_str(first, ts);
	struct stmt *s = store_prepare(g->c->db,
		"INSERT INTO participants (personnummer, first_name, last_name, anonymous, protected_identity, sex,"
		" birth_date, birth_year, municipality_code, created_by_user_id, created_by_org_id, created_at, updated_at)"
		" VALUES (:personnummer, :first_name, :last_name, :anonymous, :protected_identity, :sex, :birth_date, :birth_year, :municipality_code, :created_by_user_id, :created_by_org_id, :created_at, :updated_at) RETURNING id");
	stmt_bind_text(s, ":personnummer", anonymous ? NULL : pnr);
	stmt_bind_text(s, ":first_name", anonymous ? NULL : first_name);
	stmt_bind_text(s, ":last_name", anonymous ? NULL : last_name);
	stmt_bind_int(s, ":anonymous", anonymous);
	stmt_bind_int(s, ":protected_identity", anonymous && rng_chance(r, 0.15));
	stmt_bind_text(s, ":sex", male ? "male" : "female");
	stmt_bind_text(s, ":birth_date", anonymous ? NULL : bdate);
	stmt_bind_int(s, ":birth_year", year_of(birth));
	stmt_bind_text(s, ":municipality_code", kommun);
	stmt_bind_int(s, ":created_by_user_id", g->user_id[cw]);
	stmt_bind_int(s, ":created_by_org_id", g->org_id[gen_users[cw].org]);
	stmt_bind_text(s, ":created_at", ts);
	stmt_bind_text(s, ":updated_at", ts);
	int64_t pid = insert_id(s);
	if (!pid) return db_fail(g, "deltagare"); /* an anonymous one's local_ref: migration 0031's trigger */
	g->res->participants++;
	g->res->anonymous += anonymous;
	/* Target groups: A (försörjningsstöd) for about half, B (short
	 * education) more often among the young; some in neither. */
	bool a = rng_chance(r, 0.5), b = rng_chance(r, age <= 24 ? 0.65 : 0.3);
	for (int i = 0; i < 2; i++) {
		if (!(i == 0 ? a : b)) continue;
		s = store_prepare(g->c->db, "INSERT INTO participant_target_groups (participant_id, code) VALUES (:participant_id, :code)");
		stmt_bind_int(s, ":participant_id", pid);
		stmt_bind_text(s, ":code", i == 0 ? "A" : "B");
		if (!exec_ok(s)) return db_fail(g, "målgrupper");
	}
	/* Consent to share with employers for some named participants. */
	if (!anonymous && rng_chance(r, 0.25)) {
		int64_t day = first;
		for (int i = 0; i < 2; i++) {
			char date[11];
			clock_format_day(day, date);
			stamp_str(day, ts);
			s = store_prepare(g->c->db, "INSERT INTO consents (participant_id, kind, status, date, scope,"
						    " recorded_by_user_id, created_at, org_id)"
						    " VALUES (:participant_id, 'share_with_employers', :status, :date, :scope, :recorded_by_user_id, :created_at, :org_id)");
			stmt_bind_int(s, ":participant_id", pid);
			stmt_bind_text(s, ":status", i == 0 ? "given" : "withdrawn");
			stmt_bind_text(s, ":date", date);
			stmt_bind_text(s, ":scope", "Arbetsgivare inom insatsen");
			stmt_bind_int(s, ":recorded_by_user_id", g->user_id[cw]);
			stmt_bind_text(s, ":created_at", ts);
			stmt_bind_int(s, ":org_id", g->org_id[gen_users[cw].org]);
			if (!exec_ok(s)) return db_fail(g, "samtycken");
			day += rng_range(r, 30, 300);
			if (day > g->today || !rng_chance(r, 0.1)) break;
		}
	}
	for (int64_t j = 0; j < k; j++)
		if (write_enrolment(g, pid, g->user_id[cw], &en[j]) != 0) return g->c->err.code;
	return 0;
}

/* ---- the run ---- */

/* SQLite only, for speed: the rollback journal in memory instead of the
 * WAL (every page written once, not twice), no fsync, a 256 MiB page cache, and the
 * secondary indexes of the bulk tables dropped while rows go in and built
 * again at the end (sorting once beats a million random index inserts).
 * The index definitions are read back from the schema, so they are the
 * migrations' own. A crash mid-run leaves a generated database without
 * them: generate it again. */
struct bulk {
	bool on;
	int n;
	char *sql[32];
};

static void bulk_begin(struct ctx *c, struct bulk *b)
{
	memset(b, 0, sizeof *b);
	if (store_is_server(c->db)) return;
	struct err e;
	err_clear(&e);
	b->on = true;
	store_exec_script(c->db, "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;", &e);
	struct stmt *s = store_prepare(c->db,
		"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN"
		" ('participants', 'participant_target_groups', 'consents', 'enrolments', 'enrolment_income_sources')"
		" ORDER BY name");
	char *names[32];
	while (stmt_step(s) == STORE_ROW && b->n < 32) {
		names[b->n] = xstrdup(stmt_text(s, 0));
		b->sql[b->n++] = xstrdup(stmt_text(s, 1));
	}
	stmt_done(s);
	for (int i = 0; i < b->n; i++) {
		char drop[200];
		snprintf(drop, sizeof drop, "DROP INDEX \"%s\"", names[i]);
		store_exec_script(c->db, drop, &e);
		free(names[i]);
	}
}

static int bulk_end(struct ctx *c, struct bulk *b)
{
	if (!b->on) return 0;
	struct err e;
	err_clear(&e);
	int rc = 0;
	for (int i = 0; i < b->n; i++) {
		if (store_exec_script(c->db, b->sql[i], &e) != 0 && !rc)
			rc = err_set(&c->err, ERR_INTERNAL, "Kunde inte bygga om index: %s", e.msg);
		free(b->sql[i]);
	}
	store_exec_script(c->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-2000;", &e);
	return rc;
}

int gen_run(struct ctx *c, const struct gen_options *o, struct gen_result *out)
{
	memset(out, 0, sizeof *out);
	if (c->actor && c->actor->user_id && !actor_has(c->actor, ROLE_ADMIN))
		return err_set(&c->err, ERR_FORBIDDEN, "Bara administratörer får skapa syntetiska data.");
	if (o->participants < 0 || o->participants > GEN_MAX_PARTICIPANTS)
		err_field(&c->err, "participants", NULL, "Ange 0–5 000 000 deltagare.");
	if (o->enrolments < 0 || o->enrolments > GEN_MAX_ENROLMENTS || (o->participants == 0 && o->enrolments > 0))
		err_field(&c->err, "enrolments", NULL, "Ange 0–50 000 000 inskrivningar (0 utan deltagare).");
	if (!o->today || !clock_valid_date(o->today)) err_field(&c->err, "today", o->today, "Ange ett datum ÅÅÅÅ-MM-DD.");
	if (c->err.code) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT (SELECT COUNT(*) FROM interventions) + (SELECT COUNT(*) FROM participants)");
	int64_t existing;
	if (stmt_scalar(s, &existing) != STORE_ROW) existing = -1;
	if (existing != 0)
		return err_set(&c->err, existing < 0 ? ERR_INTERNAL : ERR_CONFLICT,
			       "Databasen har redan insatser eller deltagare: gen fyller bara en ny databas.");

	struct gen g = {.c = c, .res = out};
	rng_seed(&g.r, o->seed);
	g.today = clock_days_from_civil(atoi(o->today), atoi(o->today + 5), atoi(o->today + 8));
	g.today_year = year_of(g.today);
	g.slot_base = g.today - 90 * 366;
	g.nslots = g.today - g.slot_base + 1;
	int rc = 0;
	struct genrol *en = NULL;
	size_t en_cap = 0;
	struct bulk bulk;
	bulk_begin(c, &bulk);
	if ((rc = ctx_begin(c)) != 0) goto done;
	if ((rc = make_orgs_and_users(&g)) != 0 || (rc = make_interventions(&g, o->participants, o->enrolments)) != 0)
		goto done;
	if (g.npool == 0 && o->enrolments > 0) {
		store_rollback(c->db);
		rc = err_set(&c->err, ERR_INTERNAL, "Ingen insats tar emot deltagare.");
		goto done;
	}
	g.slots[0] = xcalloc((size_t)g.nslots, sizeof(uint16_t));
	g.slots[1] = xcalloc((size_t)g.nslots, sizeof(uint16_t));
	int64_t left_e = o->enrolments;
	for (int64_t i = 0; i < o->participants; i++) {
		int64_t k = enrolments_for(&g, left_e, o->participants - i);
		left_e -= k;
		if ((size_t)k > en_cap) {
			en_cap = (size_t)k * 2;
			en = xrealloc(en, en_cap * sizeof *en);
		}
		if ((rc = write_participant(&g, en, k)) != 0) goto done;
		if ((i + 1) % GEN_BATCH == 0) {
			if (store_commit(c->db) != STORE_DONE || store_begin(c->db) != STORE_DONE) {
				rc = db_fail(&g, "deltagare");
				goto done;
			}
			if (o->progress) o->progress(i + 1, o->participants, o->progress_arg);
		}
	}
	char detail[160];
	snprintf(detail, sizeof detail, "participants=%lld enrolments=%lld seed=%llu today=%s version=%d",
		 (long long)out->participants, (long long)out->enrolments, (unsigned long long)o->seed, o->today,
		 GEN_VERSION);
	if ((rc = audit_write(c, "generate", "database", 0, detail)) != 0) {
		store_rollback(c->db);
		goto done;
	}
	if (store_commit(c->db) != STORE_DONE) rc = db_fail(&g, "deltagare");
	else if (o->progress && o->participants % GEN_BATCH) o->progress(o->participants, o->participants, o->progress_arg);
done:
	if (rc) store_rollback(c->db);
	double t_index = clock_monotonic_ms();
	int irc = bulk_end(c, &bulk);
	if (!rc) rc = irc;
	out->index_seconds = (clock_monotonic_ms() - t_index) / 1000;
	free(en);
	free(g.iv);
	free(g.pool);
	free(g.pool_cum);
	free(g.active);
	free(g.cand);
	free(g.slots[0]);
	free(g.slots[1]);
	return rc;
}
