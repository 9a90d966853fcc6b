/* kaa.c — the KAA register's rules and storage (kaa.h, docs/kaa.md): who
 * may see it (the municipality's own KAA staff only, 404 for everyone
 * else), the young people, their contacts and measures, and the move into
 * Samsyn's follow-up. Every query is bound to the caller's municipality
 * (:org), every read and change audited; a personnummer is never in an
 * error's value nor in an audit detail. */
#include "kaa.h"
#include "kaa_internal.h"
#include "../audit.h"
#include "../participant.h"
#include "../../base/clock.h"
#include "../../base/utf8.h"
#include "../../store/store.h"
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The code lists, each in SCB's order as far as it is known (docs/kaa.md
 * "Codes": the position + 1 is the code in the SCB file). */
const char *const kaa_school_statuses[] = {"compulsory_only", "introductory_programme", "dropped_out_national",
					   "completed_without_degree", "other", "unknown", NULL};
const char *const kaa_sources[] = {"school_list", "population_register", "other", NULL};
const char *const kaa_occupations[] = {"work", "studies", "folk_high_school", "introductory_programme",
				       "other_activity", "none", "unknown", NULL};
const char *const kaa_left_reasons[] = {"turned_20", "started_national_programme", "completed_national_programme",
					"moved", "other", NULL};
const char *const kaa_measure_kinds[] = {"introductory_programme", "studies", "folk_high_school", "internship",
					 "labour_market_programme", "guidance", "other", NULL};
const char *const kaa_measure_statuses[] = {"offered", "taken", "declined", NULL};
const char *const kaa_channels[] = {"phone", "sms", "letter", "email", "home_visit", "meeting", NULL};
const char *const kaa_results[] = {"reached", "not_reached", "declined", NULL};

static const char not_found[] = "Den unga personen finns inte.";

int kaa_code_index(const char *const *list, const char *code)
{
	for (int i = 0; code && list[i]; i++)
		if (strcmp(list[i], code) == 0) return i;
	return -1;
}

const char *kaa_code_choices(struct arena *a, const char *const *list)
{
	const char *s = NULL;
	for (int i = 0; list[i]; i++) s = s ? arena_printf(a, "%s, %s", s, list[i]) : list[i];
	return s;
}

/* --- who may see the register ---------------------------------------------- */

static void read_scope(struct ctx *c, struct stmt *s, void *out)
{
	struct kaa_scope *sc = out;
	sc->org = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&sc->municipality_code, NULL});
}

int kaa_scope(struct ctx *c, struct kaa_scope *sc)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se registret.");
	/* Not staff: the register's existence is the municipality's own. */
	struct stmt *s = store_prepare(c->db,
		"SELECT o.id, o.municipality_code FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = :id"
		" AND u.active = 1 AND u.kaa_staff = 1 AND o.kind = 'kommun' AND o.municipality_code IS NOT NULL");
	stmt_bind_int(s, ":id", c->actor->user_id);
	return get_one(c, s, read_scope, sc, "Sidan finns inte.", "Kunde inte läsa behörigheten.");
}

bool kaa_user_is_staff(struct ctx *c, int64_t user_id)
{
	return row_exists(c, "SELECT 1 FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = :id AND u.active = 1"
			  " AND u.kaa_staff = 1 AND o.kind = 'kommun' AND o.municipality_code IS NOT NULL", user_id);
}

int kaa_require_staff(struct ctx *c)
{
	struct kaa_scope sc;
	return kaa_scope(c, &sc);
}

/* --- dates ------------------------------------------------------------------ */

bool kaa_half_parse(const char *half, char from[11], char to[11])
{
	int y;
	char h, end;
	if (!half || strlen(half) != 6 || sscanf(half, "%4dH%c%c", &y, &h, &end) != 2 || y < 2015 || y > 2100) return false;
	if (h != '1' && h != '2') return false;
	snprintf(from, 11, "%04d-%s", y, h == '1' ? "01-01" : "07-01");
	snprintf(to, 11, "%04d-%s", y, h == '1' ? "06-30" : "12-31");
	return true;
}

void kaa_turns_20(const char *birth_date, char out[11])
{
	char year[12];
	snprintf(year, sizeof year, "%04d", (atoi(birth_date) + 20) % 10000);
	memcpy(out, year, 4);
	memcpy(out + 4, birth_date + 4, 6); /* "-MM-DD" */
	out[10] = 0;
}

/* --- reading ---------------------------------------------------------------- */

#define YOUTH_COLS                                                                                              \
	"y.id, y.org_id, COALESCE(y.participant_id, 0), y.municipality_code, y.personnummer, y.first_name,"     \
	" y.last_name, y.sex, y.birth_date, y.school_status, y.source, y.identified_date, y.occupation, y.notes," \
	" y.left_date, y.left_reason, y.consent_date, y.consent_recorded_by, y.created_at, y.updated_at"

static void read_youth(struct ctx *c, struct stmt *s, void *out)
{
	struct kaa_youth *y = out;
	memset(y, 0, sizeof *y);
	y->id = stmt_int(s, 0);
	y->org_id = stmt_int(s, 1);
	y->participant_id = stmt_int(s, 2);
	read_texts(c, s, 3, (const char **[]){&y->municipality_code, &y->personnummer, &y->first_name, &y->last_name,
		&y->sex, &y->birth_date, &y->school_status, &y->source, &y->identified_date, &y->occupation, &y->notes,
		&y->left_date, &y->left_reason, &y->consent_date, &y->consent_recorded_by, &y->created_at,
		&y->updated_at, NULL});
}

static void read_contact(struct ctx *c, struct stmt *s, void *out)
{
	struct kaa_contact *k = out;
	memset(k, 0, sizeof *k);
	k->id = stmt_int(s, 0);
	k->youth_id = stmt_int(s, 1);
	k->user_id = stmt_int(s, 2);
	read_texts(c, s, 3, (const char **[]){&k->date, &k->channel, &k->result, &k->note, &k->created_at, NULL});
}

static void read_measure(struct ctx *c, struct stmt *s, void *out)
{
	struct kaa_measure *m = out;
	memset(m, 0, sizeof *m);
	m->id = stmt_int(s, 0);
	m->youth_id = stmt_int(s, 1);
	m->user_id = stmt_int(s, 2);
	read_texts(c, s, 3, (const char **[]){&m->kind, &m->status, &m->offered_date, &m->start_date, &m->end_date,
		&m->note, &m->created_at, &m->updated_at, NULL});
}

int kaa_load_children(struct ctx *c, struct kaa_youth *y)
{
	y->contacts = list_all_of_parent(c, "SELECT id, youth_id, user_id, date, channel, result, note, created_at"
		" FROM kaa_contacts WHERE youth_id = :parent ORDER BY date DESC, id DESC", y->id, sizeof *y->contacts,
		read_contact, &y->ncontacts, "Kunde inte läsa kontakterna.");
	if (!y->contacts) return c->err.code;
	y->measures = list_all_of_parent(c, "SELECT id, youth_id, user_id, kind, status, offered_date, start_date,"
		" end_date, note, created_at, updated_at FROM kaa_measures WHERE youth_id = :parent"
		" ORDER BY offered_date, id", y->id, sizeof *y->measures, read_measure, &y->nmeasures,
		"Kunde inte läsa åtgärderna.");
	return y->measures ? 0 : c->err.code;
}

/* The youth of the caller's municipality, unread (no audit): for writes. */
static int load(struct ctx *c, const struct kaa_scope *sc, int64_t id, struct kaa_youth *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " YOUTH_COLS " FROM kaa_youths y WHERE y.id = :id AND y.org_id = :org");
	stmt_bind_int(s, ":id", id);
	stmt_bind_int(s, ":org", sc->org);
	if (get_one(c, s, read_youth, out, not_found, "Kunde inte läsa den unga personen.") != 0) return c->err.code;
	return kaa_load_children(c, out);
}

static int show(struct ctx *c, const struct kaa_scope *sc, int64_t id, struct kaa_youth *out)
{
	if (load(c, sc, id, out) != 0) return c->err.code;
	return audit_read(c, "kaa_youth", id, NULL, "Kunde inte skriva i loggen.");
}

int kaa_youth_get(struct ctx *c, int64_t id, struct kaa_youth *out)
{
	struct kaa_scope sc;
	if (kaa_scope(c, &sc) != 0) return c->err.code;
	return show(c, &sc, id, out);
}

#define YOUTH_FILTER                                                                                            \
	" WHERE y.org_id = :org AND (CAST(:from AS TEXT) IS NULL OR (y.identified_date <= :to"                  \
	" AND (y.left_date IS NULL OR y.left_date >= :from) AND y.turns_20 > :from))"                            \
	" AND (CAST(:status AS TEXT) IS NULL OR (:status = 'active' AND y.left_date IS NULL AND y.turns_20 > :today)" \
	" OR (:status = 'left' AND (y.left_date IS NOT NULL OR y.turns_20 <= :today)))"                           \
	" AND (CAST(:occupation AS TEXT) IS NULL OR y.occupation = :occupation)"                                  \
	" AND (CAST(:like AS TEXT) IS NULL OR y.first_name || ' ' || y.last_name LIKE :like ESCAPE '\\')"

static void bind_filter(struct ctx *c, struct stmt *s, const struct kaa_scope *sc, const char *from, const char *to,
			const struct kaa_youth_filter *f, const struct page *p)
{
	char today[11];
	clock_today(today);
	stmt_bind_int(s, ":org", sc->org);
	stmt_bind_texts(s, (const char *const[][2]){{":from", from}, {":to", to}, {":status", f->status},
		{":occupation", f->occupation}, {":today", today}, {":like", page_like_pattern(c->arena, p->q)}, {NULL}});
}

int kaa_youth_list(struct ctx *c, const struct kaa_youth_filter *f, const struct page *p, struct kaa_youth_list *out)
{
	struct kaa_scope sc;
	if (kaa_scope(c, &sc) != 0) return c->err.code;
	char from[11], to[11];
	if (f->half && !kaa_half_parse(f->half, from, to))
		err_field(&c->err, "half", f->half, "Ange ett halvår som 2026H1 eller 2026H2.");
	if (f->status && strcmp(f->status, "active") != 0 && strcmp(f->status, "left") != 0)
		err_field(&c->err, "status", f->status, "Ange active eller left.");
	if (f->occupation && kaa_code_index(kaa_occupations, f->occupation) < 0)
		err_field(&c->err, "occupation", f->occupation, "Okänd sysselsättning.");
	if (c->err.code) return c->err.code;
	const char *fr = f->half ? from : NULL, *t = f->half ? to : NULL;
	struct stmt *count = store_prepare(c->db, "SELECT COUNT(*) FROM kaa_youths y" YOUTH_FILTER);
	bind_filter(c, count, &sc, fr, t, f, p);
	struct stmt *page = store_prepare(c->db, "SELECT " YOUTH_COLS " FROM kaa_youths y" YOUTH_FILTER
		" ORDER BY y.last_name, y.first_name, y.id LIMIT :limit OFFSET :offset");
	bind_filter(c, page, &sc, fr, t, f, p);
	out->items = list_page(c, count, page, p, sizeof *out->items, read_youth, &out->n, &out->total,
			       "Kunde inte läsa registret.");
	if (!out->items) return c->err.code;
	return audit_reads_of(c, "kaa_youth", out->items, out->n, sizeof *out->items, offsetof(struct kaa_youth, id),
			      NULL, "Kunde inte skriva i loggen.");
}

int kaa_youth_search_pnr(struct ctx *c, const char *personnummer, struct kaa_youth_list *out)
{
	struct kaa_scope sc;
	if (kaa_scope(c, &sc) != 0) return c->err.code;
	struct pnr pnr;
	int perr = personnummer ? participant_parse_pnr(personnummer, &pnr) : PNR_EFORMAT;
	if (perr != PNR_OK) return err_field(&c->err, "personnummer", NULL, pnr_error_text(perr));
	struct stmt *s = store_prepare(c->db, "SELECT " YOUTH_COLS " FROM kaa_youths y WHERE y.org_id = :org"
		" AND y.personnummer = :pnr");
	stmt_bind_int(s, ":org", sc.org);
	stmt_bind_text(s, ":pnr", pnr.normalized);
	out->items = list_all(c, s, sizeof *out->items, read_youth, &out->n, "Kunde inte söka i registret.");
	if (!out->items) return c->err.code;
	out->total = (int64_t)out->n;
	return audit_reads_of(c, "kaa_youth", out->items, out->n, sizeof *out->items, offsetof(struct kaa_youth, id),
			      "search", "Kunde inte skriva i loggen.");
}

/* --- the rules of a young person ----------------------------------------- */

static bool date_field(struct ctx *c, const char *field, const char *v, const char *today)
{
	if (!v) return false;
	if (!clock_valid_date(v)) {
		err_field(&c->err, field, v, "Ange ett datum som ÅÅÅÅ-MM-DD.");
		return false;
	}
	if (strcmp(v, today) > 0) {
		err_field(&c->err, field, v, "Datumet får inte ligga i framtiden.");
		return false;
	}
	return true;
}

static void code_field(struct ctx *c, const char *field, const char *v, const char *const *list, bool required)
{
	if (!v) {
		if (required)
			err_field(&c->err, field, NULL, arena_printf(c->arena, "Ange en av: %s.", kaa_code_choices(c->arena, list)));
		return;
	}
	if (kaa_code_index(list, v) < 0)
		err_field(&c->err, field, v, arena_printf(c->arena, "Okänd kod; ange en av: %s.", kaa_code_choices(c->arena, list)));
}

int kaa_youth_check(struct ctx *c, struct kaa_youth *y, bool creating)
{
	char today[11];
	clock_today(today);
	if (creating) {
		struct pnr pnr;
		int perr = y->personnummer ? participant_parse_pnr(y->personnummer, &pnr) : PNR_EFORMAT;
		if (!y->personnummer)
			err_field(&c->err, "personnummer", NULL, "Ange personnummer eller samordningsnummer.");
		else if (perr != PNR_OK)
			err_field(&c->err, "personnummer", NULL, pnr_error_text(perr));
		else {
			y->personnummer = arena_strdup(c->arena, pnr.normalized);
			y->sex = pnr.sex == PNR_MALE ? "male" : "female";
			y->birth_date = arena_printf(c->arena, "%04d-%02d-%02d", pnr.year, pnr.month, pnr.day);
		}
	}
	if (!y->first_name || !utf8_text_ok(y->first_name, 1, 100))
		err_field(&c->err, "first_name", NULL, "Ange förnamn (1–100 tecken).");
	if (!y->last_name || !utf8_text_ok(y->last_name, 1, 100))
		err_field(&c->err, "last_name", NULL, "Ange efternamn (1–100 tecken).");
	code_field(c, "school_status", y->school_status, kaa_school_statuses, true);
	code_field(c, "source", y->source, kaa_sources, true);
	code_field(c, "occupation", y->occupation, kaa_occupations, true);
	code_field(c, "left_reason", y->left_reason, kaa_left_reasons, false);
	if (y->notes && !utf8_text_ok(y->notes, 0, 4000)) err_field(&c->err, "notes", NULL, "Anteckningen får ha högst 4 000 tecken.");
	bool identified = date_field(c, "identified_date", y->identified_date, today);
	if (!y->identified_date) err_field(&c->err, "identified_date", NULL, "Ange när personen identifierades (ÅÅÅÅ-MM-DD).");
	bool left = date_field(c, "left_date", y->left_date, today);
	if (!y->birth_date) return c->err.code; /* the rest needs her age */
	char turns_20[11];
	kaa_turns_20(y->birth_date, turns_20);
	/* The coverage rule: not 20 years old (docs/kaa.md "Who is covered"). */
	if (creating && strcmp(today, turns_20) >= 0 && !y->left_date)
		err_field(&c->err, "personnummer", NULL,
			  "Personen har fyllt 20 år och omfattas inte av aktivitetsansvaret.");
	else if (identified && strcmp(y->identified_date, turns_20) >= 0)
		err_field(&c->err, "identified_date", y->identified_date,
			  "Personen hade fyllt 20 år när hon identifierades och omfattas inte av aktivitetsansvaret.");
	if (identified && strcmp(y->identified_date, y->birth_date) <= 0)
		err_field(&c->err, "identified_date", y->identified_date, "Datumet är före födelsedagen.");
	if (y->left_date && !y->left_reason)
		err_field(&c->err, "left_reason", NULL, "Ange varför personen lämnade registret.");
	if (y->left_reason && !y->left_date)
		err_field(&c->err, "left_date", NULL, "Ange när personen lämnade registret.");
	if (left && identified && strcmp(y->left_date, y->identified_date) < 0)
		err_field(&c->err, "left_date", y->left_date, "Personen kan inte lämna registret före den dag hon identifierades.");
	if (left && y->left_reason && strcmp(y->left_reason, "turned_20") == 0 && strcmp(y->left_date, turns_20) < 0)
		err_field(&c->err, "left_date", y->left_date,
			  arena_printf(c->arena, "Personen fyller 20 år först %s.", turns_20));
	return c->err.code;
}

int kaa_youth_save(struct ctx *c, const struct kaa_scope *sc, int64_t id, const struct kaa_youth *y, int64_t *out_id)
{
	char turns_20[11];
	kaa_turns_20(y->birth_date, turns_20);
	struct stmt *s = store_prepare_save(c->db, id,
		"INSERT INTO kaa_youths (org_id, municipality_code, personnummer, first_name, last_name, sex, birth_date,"
		" turns_20, school_status, source, identified_date, occupation, notes, left_date, left_reason, created_at,"
		" updated_at) VALUES (:org, :municipality_code, :personnummer, :first_name, :last_name, :sex, :birth_date,"
		" :turns_20, :school_status, :source, :identified_date, :occupation, :notes, :left_date, :left_reason,"
		" :now, :now) RETURNING id",
		"UPDATE kaa_youths SET first_name = :first_name, last_name = :last_name, school_status = :school_status,"
		" source = :source, identified_date = :identified_date, occupation = :occupation, notes = :notes,"
		" left_date = :left_date, left_reason = :left_reason, updated_at = :now"
		" WHERE id = :id AND org_id = :org RETURNING id");
	stmt_bind_int(s, ":org", sc->org);
	if (!id)
		stmt_bind_texts(s, (const char *const[][2]){{":municipality_code", sc->municipality_code},
			{":personnummer", y->personnummer}, {":sex", y->sex}, {":birth_date", y->birth_date},
			{":turns_20", turns_20}, {NULL}});
	stmt_bind_texts(s, (const char *const[][2]){{":first_name", y->first_name}, {":last_name", y->last_name},
		{":school_status", y->school_status}, {":source", y->source}, {":identified_date", y->identified_date},
		{":occupation", y->occupation}, {":notes", y->notes}, {":left_date", y->left_date},
		{":left_reason", y->left_reason}, {":now", c->now}, {NULL}});
	return stmt_write_id(s, out_id);
}

/* The sent members of in over y. */
void kaa_youth_merge(struct kaa_youth *y, const struct kaa_youth_input *in)
{
	const struct kaa_youth *v = &in->v;
#define TAKE(f) \
	if (in->has_##f) y->f = v->f
	TAKE(first_name);
	TAKE(last_name);
	TAKE(school_status);
	TAKE(source);
	TAKE(identified_date);
	TAKE(occupation);
	TAKE(notes);
	TAKE(left_date);
	TAKE(left_reason);
#undef TAKE
}

int kaa_youth_create(struct ctx *c, const struct kaa_youth_input *in, struct kaa_youth *out)
{
	struct kaa_scope sc;
	if (kaa_scope(c, &sc) != 0) return c->err.code;
	struct kaa_youth y = in->v;
	if (!y.occupation) y.occupation = "unknown";
	if (kaa_youth_check(c, &y, true) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	int64_t id;
	int rc = kaa_youth_save(c, &sc, 0, &y, &id);
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "kaa_youth", .id = id,
		.conflict = "Personen finns redan i registret.", .fail = "Kunde inte spara den unga personen."}) != 0)
		return c->err.code;
	return show(c, &sc, id, out);
}

int kaa_youth_update(struct ctx *c, int64_t id, const struct kaa_youth_input *in, struct kaa_youth *out)
{
	struct kaa_scope sc;
	if (kaa_scope(c, &sc) != 0) return c->err.code;
	struct kaa_youth y;
	if (load(c, &sc, id, &y) != 0) return c->err.code;
	kaa_youth_merge(&y, in);
	if (kaa_youth_check(c, &y, false) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	int64_t same;
	int rc = kaa_youth_save(c, &sc, id, &y, &same);
	if (change_commit(c, rc, &(struct change){.action = "update", .entity = "kaa_youth", .id = id,
		.detail = in->has_left_date && y.left_date ? "left" : NULL, .fail = "Kunde inte spara den unga personen."}) != 0)
		return c->err.code;
	return show(c, &sc, id, out);
}

/* --- contacts and measures ------------------------------------------------ */

int kaa_contact_create(struct ctx *c, int64_t youth_id, const struct kaa_contact *in, struct kaa_youth *out)
{
	struct kaa_scope sc;
	if (kaa_scope(c, &sc) != 0) return c->err.code;
	struct kaa_youth y;
	if (load(c, &sc, youth_id, &y) != 0) return c->err.code;
	char today[11];
	clock_today(today);
	if (!in->date) err_field(&c->err, "date", NULL, "Ange datum (ÅÅÅÅ-MM-DD).");
	else date_field(c, "date", in->date, today);
	code_field(c, "channel", in->channel, kaa_channels, true);
	code_field(c, "result", in->result, kaa_results, true);
	if (in->note && !utf8_text_ok(in->note, 0, 2000)) err_field(&c->err, "note", NULL, "Anteckningen får ha högst 2 000 tecken.");
	if (c->err.code) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "INSERT INTO kaa_contacts (youth_id, date, channel, result, note, user_id,"
		" created_at) VALUES (:youth, :date, :channel, :result, :note, :user, :now) RETURNING id");
	stmt_bind_int(s, ":youth", youth_id);
	stmt_bind_int(s, ":user", c->actor->user_id);
	stmt_bind_texts(s, (const char *const[][2]){{":date", in->date}, {":channel", in->channel},
		{":result", in->result}, {":note", in->note}, {":now", c->now}, {NULL}});
	int64_t cid;
	int rc = stmt_write_id(s, &cid);
	if (change_commit(c, rc, &(struct change){.action = "update", .entity = "kaa_youth", .id = youth_id,
		.detail = "contact", .fail = "Kunde inte spara kontakten."}) != 0)
		return c->err.code;
	return show(c, &sc, youth_id, out);
}

static void measure_check(struct ctx *c, const struct kaa_measure *m)
{
	char today[11];
	clock_today(today);
	code_field(c, "kind", m->kind, kaa_measure_kinds, true);
	code_field(c, "status", m->status, kaa_measure_statuses, true);
	if (!m->offered_date) err_field(&c->err, "offered_date", NULL, "Ange när åtgärden erbjöds (ÅÅÅÅ-MM-DD).");
	bool offered = date_field(c, "offered_date", m->offered_date, today);
	bool start = m->start_date && clock_valid_date(m->start_date);
	if (m->start_date && !start) err_field(&c->err, "start_date", m->start_date, "Ange ett datum som ÅÅÅÅ-MM-DD.");
	bool end = m->end_date && clock_valid_date(m->end_date);
	if (m->end_date && !end) err_field(&c->err, "end_date", m->end_date, "Ange ett datum som ÅÅÅÅ-MM-DD.");
	if (offered && start && strcmp(m->start_date, m->offered_date) < 0)
		err_field(&c->err, "start_date", m->start_date, "Åtgärden kan inte börja innan den erbjöds.");
	if (end && !m->start_date) err_field(&c->err, "end_date", m->end_date, "Ange startdatum först.");
	else if (start && end && strcmp(m->end_date, m->start_date) < 0)
		err_field(&c->err, "end_date", m->end_date, "Slutdatum kan inte vara före startdatum.");
	if (m->status && strcmp(m->status, "declined") == 0 && m->start_date)
		err_field(&c->err, "start_date", m->start_date, "En avböjd åtgärd har inget startdatum.");
	if (m->note && !utf8_text_ok(m->note, 0, 2000)) err_field(&c->err, "note", NULL, "Anteckningen får ha högst 2 000 tecken.");
}

static int measure_save(struct ctx *c, const struct kaa_scope *sc, int64_t youth_id, int64_t measure_id,
			const struct kaa_measure *m, struct kaa_youth *out)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare_save(c->db, measure_id,
		"INSERT INTO kaa_measures (youth_id, kind, status, offered_date, start_date, end_date, note, user_id,"
		" created_at, updated_at) VALUES (:youth, :kind, :status, :offered_date, :start_date, :end_date, :note,"
		" :user, :now, :now) RETURNING id",
		"UPDATE kaa_measures SET kind = :kind, status = :status, offered_date = :offered_date,"
		" start_date = :start_date, end_date = :end_date, note = :note, user_id = :user, updated_at = :now"
		" WHERE id = :id AND youth_id = :youth RETURNING id");
	stmt_bind_int(s, ":youth", youth_id);
	stmt_bind_int(s, ":user", c->actor->user_id);
	stmt_bind_texts(s, (const char *const[][2]){{":kind", m->kind}, {":status", m->status},
		{":offered_date", m->offered_date}, {":start_date", m->start_date}, {":end_date", m->end_date},
		{":note", m->note}, {":now", c->now}, {NULL}});
	int64_t mid;
	int rc = stmt_write_id(s, &mid);
	if (change_commit(c, rc, &(struct change){.action = "update", .entity = "kaa_youth", .id = youth_id,
		.detail = "measure", .fail = "Kunde inte spara åtgärden."}) != 0)
		return c->err.code;
	return show(c, sc, youth_id, out);
}

int kaa_measure_create(struct ctx *c, int64_t youth_id, const struct kaa_measure_input *in, struct kaa_youth *out)
{
	struct kaa_scope sc;
	if (kaa_scope(c, &sc) != 0) return c->err.code;
	struct kaa_youth y;
	if (load(c, &sc, youth_id, &y) != 0) return c->err.code;
	struct kaa_measure m = in->v;
	if (!m.status) m.status = "offered";
	measure_check(c, &m);
	if (c->err.code) return c->err.code;
	return measure_save(c, &sc, youth_id, 0, &m, out);
}

int kaa_measure_update(struct ctx *c, int64_t youth_id, int64_t measure_id, const struct kaa_measure_input *in,
		       struct kaa_youth *out)
{
	struct kaa_scope sc;
	if (kaa_scope(c, &sc) != 0) return c->err.code;
	struct kaa_youth y;
	if (load(c, &sc, youth_id, &y) != 0) return c->err.code;
	struct kaa_measure m = {0};
	size_t i = 0;
	while (i < y.nmeasures && y.measures[i].id != measure_id) i++;
	if (i == y.nmeasures) return err_set(&c->err, ERR_NOT_FOUND, "Åtgärden finns inte.");
	m = y.measures[i];
	const struct kaa_measure *v = &in->v;
#define TAKE(f) \
	if (in->has_##f) m.f = v->f
	TAKE(kind);
	TAKE(status);
	TAKE(offered_date);
	TAKE(start_date);
	TAKE(end_date);
	TAKE(note);
#undef TAKE
	measure_check(c, &m);
	if (c->err.code) return c->err.code;
	return measure_save(c, &sc, youth_id, measure_id, &m, out);
}

/* --- the move into follow-up ----------------------------------------------- */

int kaa_youth_move(struct ctx *c, int64_t youth_id, const struct kaa_move *in, struct kaa_youth *out)
{
	struct kaa_scope sc;
	if (kaa_scope(c, &sc) != 0) return c->err.code;
	struct kaa_youth y;
	if (load(c, &sc, youth_id, &y) != 0) return c->err.code;
	/* The follow-up is case workers' work (access.h): a KAA staff member
	 * who is not one sees the register but cannot register participants. */
	if (!access_participants(c->actor))
		return err_set(&c->err, ERR_FORBIDDEN, "Flytten till uppföljningen kräver att du också är handläggare i Samsyn.");
	char today[11];
	clock_today(today);
	if (!in->consent_date) err_field(&c->err, "consent_date", NULL, "Ange när hon gav sitt samtycke (ÅÅÅÅ-MM-DD).");
	else date_field(c, "consent_date", in->consent_date, today);
	if (!in->consent_recorded_by || !utf8_text_ok(in->consent_recorded_by, 1, 200))
		err_field(&c->err, "consent_recorded_by", NULL, "Ange vem som tog emot samtycket (1–200 tecken).");
	if (c->err.code) return c->err.code;
	if (y.participant_id)
		return err_set(&c->err, ERR_CONFLICT, "Hon är redan flyttad till Samsyns uppföljning.");
	if (ctx_begin(c) != 0) return c->err.code;
	struct participant_input pin = {.personnummer = y.personnummer, .first_name = y.first_name,
		.last_name = y.last_name, .municipality_code = sc.municipality_code};
	struct participant p;
	int64_t pid = 0;
	if (participant_create(c, &pin, &p) == 0) {
		pid = p.id;
	} else if (c->err.code == ERR_CONFLICT && c->err.existing_id) {
		/* The municipality knows her already as a participant: link to her. */
		pid = c->err.existing_id;
		err_clear(&c->err);
	} else {
		store_rollback(c->db);
		return c->err.code;
	}
	struct consent consent;
	if (participant_add_consent(c, pid, &(struct consent){.status = "given", .date = in->consent_date}, &consent) != 0) {
		store_rollback(c->db);
		return c->err.code;
	}
	struct stmt *s = store_prepare(c->db, "UPDATE kaa_youths SET participant_id = :participant,"
		" consent_date = :consent_date, consent_recorded_by = :by, updated_at = :now WHERE id = :id AND org_id = :org");
	stmt_bind_int(s, ":participant", pid);
	stmt_bind_int(s, ":id", youth_id);
	stmt_bind_int(s, ":org", sc.org);
	stmt_bind_texts(s, (const char *const[][2]){{":consent_date", in->consent_date},
		{":by", in->consent_recorded_by}, {":now", c->now}, {NULL}});
	int rc = stmt_exec(s);
	if (change_commit(c, rc, &(struct change){.action = "update", .entity = "kaa_youth", .id = youth_id,
		.detail = "moved to follow-up", .fail = "Kunde inte flytta henne till uppföljningen."}) != 0)
		return c->err.code;
	return show(c, &sc, youth_id, out);
}
