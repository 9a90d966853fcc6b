/* placement.c — rules and storage of placements (placement.h): the steps
 * and their order, who sees which placement, the employer contact each
 * step logs in the same write, and the follow-up report of placements. */
#include "placement.h"
#include "../access.h"
#include "../audit.h"
#include "../check.h"
#include "../employer_contact.h"
#include "../../base/clock.h"
#include "../../base/utf8.h"
#include "../../se/ssyk.h"
#include "../../store/store.h"
#include <string.h>

static const char not_found[] = "Placeringen finns inte.";

/* The kinds of an opportunity (0019_opportunities.sql), in the words of a
 * contact note and a report's CSV. */
static const char *const kinds[][2] = {
	{"praktik", "praktik"}, {"arbetstraning", "arbetsträning"}, {"apl", "APL"},
	{"wage_subsidy", "anställning med lönestöd"}, {"employment", "anställning"}, {"job_track", "jobbspår"},
};
static const char *const results[][2] = {
	{"employment", "anställning"}, {"studies", "fortsatta studier"}, {"completed", "genomförd utan anställning"},
	{"ended_early", "avbruten"},
};
static const char *const states[][2] = {
	{"proposed", "föreslagen"}, {"accepted", "accepterad"}, {"declined", "avböjd"}, {"started", "startad"},
	{"ended", "avslutad"},
};

const char *placement_kind_label(const char *kind)
{
	return CODE_LABEL(kinds, kind);
}

bool placement_result_known(const char *result)
{
	return CODE_KNOWN(results, result);
}

const char *placement_transition_error(const char *from, const char *to)
{
	if (!CODE_KNOWN(states, to)) return "Okänt steg.";
	if (strcmp(to, "proposed") == 0) return "En placering föreslås bara en gång, när den skapas.";
	if (strcmp(from, "declined") == 0) return "Arbetsgivaren har tackat nej; placeringen är avslutad.";
	if (strcmp(from, "ended") == 0) return "Placeringen är redan avslutad.";
	if (strcmp(from, to) == 0) return "Placeringen har redan det steget.";
	if (strcmp(to, "accepted") == 0 || strcmp(to, "declined") == 0)
		return strcmp(from, "proposed") == 0 ? NULL : "Arbetsgivaren har redan svarat.";
	if (strcmp(to, "started") == 0)
		return strcmp(from, "accepted") == 0 ? NULL : "Placeringen kan börja först när arbetsgivaren har tackat ja.";
	/* to ended */
	return strcmp(from, "started") == 0 ? NULL : "Placeringen kan avslutas först när den har börjat.";
}

/* --- who sees what ------------------------------------------------------ */

/* The employer side: placements at employers the actor is main contact of
 * or whose opportunity her organisation made. */
#define EMPLOYER_SIDE "(e.main_contact_user_id = :user OR o.org_id = :org)"
/* The employer side may see her first name and initial: her consent is in
 * force and no organisation has marked her identity protected. */
#define SHARED_SQL "(" ACCESS_EMPLOYER_CONSENT_SQL " AND NOT " ACCESS_PROTECTED_ANYWHERE_SQL ")"

/* The condition under which the actor sees a placement, and the one under
 * which she sees the participant's names in full; NULL when she sees none
 * (403 in c->err). */
static const char *visible_sql(struct ctx *c, const char **full)
{
	if (!c->actor) {
		err_set(&c->err, ERR_UNAUTH, "Logga in för att se placeringar.");
		return NULL;
	}
	if (access_all_participants(c->actor)) return *full = "1 = 1", "1 = 1";
	bool cw = access_participants(c->actor), ec = actor_has(c->actor, ROLE_EMPLOYER_CONTACT);
	*full = cw ? ACCESS_VISIBLE_SQL : "1 = 0";
	if (cw && ec) return "(" ACCESS_VISIBLE_SQL " OR " EMPLOYER_SIDE ")";
	if (cw) return ACCESS_VISIBLE_SQL;
	if (ec) return EMPLOYER_SIDE;
	err_set(&c->err, ERR_FORBIDDEN, "Rollen ger inte tillgång till placeringar (deltagaruppgifter).");
	return NULL;
}

/* Binds what the conditions of visible_sql use (an admin's use none). */
static void bind_visible(struct ctx *c, struct stmt *s)
{
	if (stmt_has_param(s, ":all")) stmt_bind_int(s, ":all", access_all_participants(c->actor) ? 1 : 0);
	if (stmt_has_param(s, ":org")) stmt_bind_int(s, ":org", access_own_org(c->actor));
	if (stmt_has_param(s, ":user")) stmt_bind_int(s, ":user", c->actor->user_id);
}

#define FROM                                                                                                   \
	" FROM placements pl JOIN participants p ON p.id = pl.participant_id JOIN opportunities o ON o.id = pl.opportunity_id" \
	" JOIN employers e ON e.id = o.employer_id JOIN orgs og ON og.id = pl.org_id" ACCESS_OWN_REGISTRATION_JOIN

/* The columns, whether the names are shown in full first (%s: its
 * condition; a number, not a boolean, on every store). */
#define COLS                                                                                                       \
	"SELECT CASE WHEN %s THEN 1 ELSE 0 END, CASE WHEN " SHARED_SQL " THEN 1 ELSE 0 END, pl.id, pl.participant_id, pl.opportunity_id, o.employer_id, pl.org_id,"          \
	" pl.proposed_by_user_id, " ACCESS_FIRST_NAME_SQL ", " ACCESS_LAST_NAME_SQL ", pl.state, pl.proposed_date, pl.answer_date, pl.start_date," \
	" pl.end_date, pl.result, pl.reason, pl.note, e.name, o.kind, o.ssyk_code, og.name, pl.created_at, pl.updated_at"

/* "A." of "Andersson": the first character and a full stop. */
static const char *initial(struct ctx *c, const char *name)
{
	if (!name || !*name) return NULL;
	size_t n = 1;
	while (name[n] && ((unsigned char)name[n] & 0xC0) == 0x80) n++;
	return arena_printf(c->arena, "%.*s.", (int)n, name);
}

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct placement *x = out;
	bool full = stmt_int(s, 0) != 0;
	bool shared = stmt_int(s, 1) != 0;
	x->id = stmt_int(s, 2);
	x->participant_id = stmt_int(s, 3);
	x->opportunity_id = stmt_int(s, 4);
	x->employer_id = stmt_int(s, 5);
	x->org_id = stmt_int(s, 6);
	x->proposed_by_user_id = stmt_int(s, 7);
	const char *first = NULL, *last = NULL;
	read_texts(c, s, 8, (const char **[]){&first, &last, &x->state, &x->proposed_date, &x->answer_date, &x->start_date,
					    &x->end_date, &x->result, &x->reason, &x->note, &x->employer_name, &x->kind,
					    &x->ssyk_code, &x->org_name, &x->created_at, &x->updated_at, NULL});
	x->first_name = full || shared ? first : NULL;
	x->last_name = full ? last : shared ? initial(c, last) : NULL;
}

/* Placement id as the actor sees it (404 when she does not), not audited. */
static int load(struct ctx *c, int64_t id, struct placement *out)
{
	const char *full, *vis = visible_sql(c, &full);
	if (!vis) return c->err.code;
	struct stmt *s = store_prepare_composed(c->db, arena_printf(c->arena, COLS FROM " WHERE pl.id = :id AND %s", full, vis));
	bind_visible(c, s);
	stmt_bind_int(s, ":id", id);
	return get_one(c, s, read_row, out, not_found, "Kunde inte läsa placeringen.");
}

static const char *detail(struct ctx *c, int64_t id)
{
	return arena_printf(c->arena, "placement %lld", (long long)id);
}

int placement_get(struct ctx *c, int64_t id, struct placement *out)
{
	if (load(c, id, out) != 0) return c->err.code;
	return audit_read(c, "participant", out->participant_id, detail(c, id), "Kunde inte skriva i loggen.");
}

#define FILTER                                                                                                  \
	" AND (CAST(:participant AS BIGINT) IS NULL OR pl.participant_id = :participant)"                        \
	" AND (CAST(:opportunity AS BIGINT) IS NULL OR pl.opportunity_id = :opportunity)"                        \
	" AND (CAST(:employer AS BIGINT) IS NULL OR o.employer_id = :employer)"                                  \
	" AND (CAST(:state AS TEXT) IS NULL OR pl.state = :state)"

static void bind_filter(struct ctx *c, struct stmt *s, const struct placement_filter *f)
{
	bind_visible(c, s);
	stmt_bind_id(s, ":participant", f->participant_id);
	stmt_bind_id(s, ":opportunity", f->opportunity_id);
	stmt_bind_id(s, ":employer", f->employer_id);
	stmt_bind_text(s, ":state", f->state);
}

int placement_list(struct ctx *c, const struct placement_filter *f, const struct page *p, struct placement_list *out)
{
	memset(out, 0, sizeof *out);
	const char *full, *vis = visible_sql(c, &full);
	if (!vis) return c->err.code;
	if (f->state && !CODE_KNOWN(states, f->state))
		return err_field(&c->err, "state", f->state, "Ange proposed, accepted, declined, started eller ended.");
	struct stmt *count = store_prepare_composed(c->db, arena_printf(c->arena, "SELECT COUNT(*)" FROM " WHERE %s" FILTER, vis));
	bind_filter(c, count, f);
	struct stmt *page = store_prepare_composed(c->db, arena_printf(c->arena, COLS FROM " WHERE %s" FILTER
								  " ORDER BY pl.id DESC LIMIT :limit OFFSET :offset", full, vis));
	bind_filter(c, page, f);
	out->items = list_page(c, count, page, p, sizeof *out->items, read_row, &out->n, &out->total,
			       "Kunde inte läsa placeringarna.");
	if (!out->items) return c->err.code;
	/* One read of each participant shown. */
	int64_t *ids = arena_alloc(c->arena, sizeof *ids * (out->n ? out->n : 1));
	size_t n = 0;
	for (size_t i = 0; i < out->n; i++) {
		size_t j = 0;
		while (j < n && ids[j] != out->items[i].participant_id) j++;
		if (j == n) ids[n++] = out->items[i].participant_id;
	}
	if (n == 0) return 0;
	return audit_reads(c, "participant", ids, n, "placements", "Kunde inte skriva i loggen.");
}

/* --- the steps ---------------------------------------------------------- */

/* A step's day: valid, not after today, not before the step before (after:
 * NULL for none); default today. */
static const char *step_date(struct ctx *c, const char *field, const char *date, const char *after, const char *after_what)
{
	char today[11];
	clock_today(today);
	if (!date) return arena_strdup(c->arena, today);
	if (!clock_valid_date(date)) err_field(&c->err, field, date, "Ange datum som ÅÅÅÅ-MM-DD.");
	else if (strcmp(date, today) > 0) err_field(&c->err, field, date, "Datumet kan inte vara i framtiden.");
	else if (after && strcmp(date, after) < 0)
		err_field(&c->err, field, date, arena_printf(c->arena, "Datumet kan inte vara före %s (%s).", after_what, after));
	return date;
}

/* The contact a step logs: its date and channel, purpose placement, and a
 * note that names the place but never the participant (every partner
 * reads the log). Checked as a contact is (the channel named as sent).
 * It names the participant in participant_id, which the log never shows:
 * the IPS figures' first employer contact (docs/matching.md). Set after the
 * check, as the placement's own rules decide who acts for her (the employer
 * side too). */
static int contact_of(struct ctx *c, struct employer_contact_input *k, int64_t participant_id, const char *date,
		      const char *channel, const char *note)
{
	*k = (struct employer_contact_input){.date = date, .channel = channel ? channel : "meeting", .purpose = "placement",
					     .note = note};
	if (employer_contact_check(c, k) != 0) return c->err.code;
	k->participant_id = participant_id;
	return 0;
}

/* The other organisations' recent contacts with the employer, as of date. */
static int recent(struct ctx *c, int64_t employer_id, const char *date, struct employer_contact_list *warnings)
{
	int days;
	return employer_contact_recent(c, employer_id, date, warnings, &days);
}

/* Writes the step's contact and its audit event inside the write. */
static int log_contact(struct ctx *c, int64_t employer_id, int64_t org_id, const struct employer_contact_input *k,
		       int64_t placement_id)
{
	int64_t cid = 0;
	int rc = employer_contact_insert(c, employer_id, org_id, k, &cid);
	if (rc == STORE_DONE && audit_write(c, "create", "employer_contact", cid, detail(c, placement_id)) != 0)
		rc = STORE_EFAIL;
	return rc;
}

struct opportunity_facts {
	int64_t employer_id;
	const char *kind, *ssyk_code, *status;
};

static void read_opportunity(struct ctx *c, struct stmt *s, void *out)
{
	struct opportunity_facts *o = out;
	o->employer_id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&o->kind, &o->ssyk_code, &o->status, NULL});
}

/* "praktik (5120)" */
static const char *place_words(struct ctx *c, const char *kind, const char *ssyk_code)
{
	return arena_printf(c->arena, "%s (%s)", placement_kind_label(kind), ssyk_code);
}

int placement_create(struct ctx *c, const struct placement_input *in, struct placement *out,
		     struct employer_contact_list *warnings)
{
	memset(warnings, 0, sizeof *warnings);
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att föreslå en deltagare.");
	if (!access_participants(c->actor))
		return err_set(&c->err, ERR_FORBIDDEN, "Endast handläggare och administratörer får föreslå deltagare till en plats.");
	if (in->participant_id <= 0) err_field(&c->err, "participant_id", NULL, "Ange deltagaren med hennes id.");
	else if (!access_participant_visible(c, in->participant_id))
		err_field(&c->err, "participant_id", NULL, "Deltagaren finns inte.");
	struct opportunity_facts o = {0};
	if (in->opportunity_id <= 0) {
		err_field(&c->err, "opportunity_id", NULL, "Ange platsen med dess id.");
	} else {
		struct stmt *s = store_prepare(c->db, "SELECT employer_id, kind, ssyk_code, status FROM opportunities WHERE id = :id");
		stmt_bind_int(s, ":id", in->opportunity_id);
		if (get_one(c, s, read_opportunity, &o, "Platsen finns inte.", "Kunde inte läsa platsen.") == ERR_NOT_FOUND) {
			err_clear(&c->err);
			err_field(&c->err, "opportunity_id", NULL, "Platsen finns inte.");
		} else if (c->err.code == ERR_INTERNAL) {
			return c->err.code;
		}
	}
	const char *date = step_date(c, "proposed_date", in->proposed_date, NULL, NULL);
	if (in->note && !utf8_text_ok(in->note, 0, PLACEMENT_NOTE_MAX))
		err_field(&c->err, "note", NULL, "Anteckningen får vara högst 2000 tecken.");
	if (c->err.code) return c->err.code;
	struct employer_contact_input k;
	if (contact_of(c, &k, in->participant_id, date, in->channel, arena_printf(c->arena, "Förslag på kandidat till %s",
							  place_words(c, o.kind, o.ssyk_code))) != 0)
		return c->err.code;

	if (strcmp(o.status, "open") != 0)
		return err_set(&c->err, ERR_CONFLICT, "Platsen är inte öppen (%s): bara en öppen plats tar emot förslag.",
			       strcmp(o.status, "filled") == 0 ? "tillsatt" : "stängd");
	struct stmt *s = store_prepare(c->db, "SELECT COUNT(*) FROM participants p WHERE p.id = :id AND " ACCESS_EMPLOYER_CONSENT_SQL);
	stmt_bind_int(s, ":id", in->participant_id);
	int64_t consented = 0;
	if (stmt_scalar(s, &consented) < 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa samtycket.");
	if (!consented)
		return err_set(&c->err, ERR_CONFLICT,
			       "Deltagaren har inte samtyckt till att uppgifter delas med arbetsgivare: registrera samtycket först.");
	s = store_prepare(c->db, "SELECT COUNT(*) FROM placements WHERE participant_id = :p AND opportunity_id = :o"
				 " AND state IN ('proposed', 'accepted', 'started')");
	stmt_bind_int(s, ":p", in->participant_id);
	stmt_bind_int(s, ":o", in->opportunity_id);
	int64_t open = 0;
	if (stmt_scalar(s, &open) < 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa placeringarna.");
	if (open) return err_set(&c->err, ERR_CONFLICT, "Deltagaren är redan föreslagen till platsen.");
	if (recent(c, o.employer_id, date, warnings) != 0) return c->err.code;

	if (ctx_begin(c) != 0) return c->err.code;
	s = store_prepare(c->db, "INSERT INTO placements (participant_id, opportunity_id, org_id, proposed_by_user_id, state,"
				 " proposed_date, note, created_at, updated_at) VALUES (:p, :o, :org, :user, 'proposed', :date, :note,"
				 " :now, :now) RETURNING id");
	stmt_bind_int(s, ":p", in->participant_id);
	stmt_bind_int(s, ":o", in->opportunity_id);
	stmt_bind_int(s, ":org", c->actor->org_id);
	stmt_bind_int(s, ":user", c->actor->user_id);
	stmt_bind_texts(s, (const char *const[][2]){{":date", date}, {":note", in->note && *in->note ? in->note : NULL},
		{":now", c->now}, {NULL}});
	int64_t id = 0;
	int rc = stmt_write_id(s, &id);
	if (rc == STORE_DONE) rc = log_contact(c, o.employer_id, c->actor->org_id, &k, id);
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "participant", .id = in->participant_id,
		.detail = detail(c, id), .fail = "Kunde inte spara placeringen."}) != 0)
		return c->err.code;
	return load(c, id, out);
}

int placement_update(struct ctx *c, int64_t id, const struct placement_step *in, struct placement *out,
		     struct employer_contact_list *warnings)
{
	memset(warnings, 0, sizeof *warnings);
	struct placement cur;
	if (load(c, id, &cur) != 0) return c->err.code;
	if (!in->has_state || !in->state)
		return err_field(&c->err, "state", NULL, "Ange nästa steg: accepted, declined, started eller ended.");
	if (!CODE_KNOWN(states, in->state))
		return err_field(&c->err, "state", in->state, "Ange accepted, declined, started eller ended.");
	const char *why = placement_transition_error(cur.state, in->state);
	if (why) return err_set(&c->err, ERR_CONFLICT, "%s", why);

	const char *to = in->state, *date, *column, *contact_note, *place = place_words(c, cur.kind, cur.ssyk_code);
	bool answer = strcmp(to, "accepted") == 0 || strcmp(to, "declined") == 0, ended = strcmp(to, "ended") == 0;
	if (answer) {
		column = "answer_date";
		date = step_date(c, "date", in->date, cur.proposed_date, "förslaget");
		contact_note = arena_printf(c->arena, "Arbetsgivaren tackade %s: %s", strcmp(to, "accepted") == 0 ? "ja" : "nej",
					    place);
	} else if (!ended) {
		column = "start_date";
		date = step_date(c, "date", in->date, cur.answer_date, "arbetsgivarens svar");
		contact_note = arena_printf(c->arena, "Placeringen startade: %s", place);
	} else {
		column = "end_date";
		date = step_date(c, "date", in->date, cur.start_date, "starten");
		if (!placement_result_known(in->result))
			err_field(&c->err, "result", in->result, "Ange resultatet: employment, studies, completed eller ended_early.");
		contact_note = arena_printf(c->arena, "Placeringen avslutades: %s, %s", place, CODE_LABEL(results, in->result));
	}
	bool early = ended && in->result && strcmp(in->result, "ended_early") == 0;
	if (early && (!in->reason || !utf8_text_ok(in->reason, 1, 500)))
		err_field(&c->err, "reason", NULL, "Ange varför placeringen avbröts (1–500 tecken).");
	else if (!early && in->reason)
		err_field(&c->err, "reason", NULL, "Skäl anges bara när en placering avbryts (result ended_early).");
	if (!ended && in->result) err_field(&c->err, "result", in->result, "Resultat anges när placeringen avslutas.");
	if (in->note && !utf8_text_ok(in->note, 0, PLACEMENT_NOTE_MAX))
		err_field(&c->err, "note", NULL, "Anteckningen får vara högst 2000 tecken.");
	if (c->err.code) return c->err.code;
	struct employer_contact_input k;
	if (contact_of(c, &k, cur.participant_id, date, in->channel, contact_note) != 0) return c->err.code;
	if (recent(c, cur.employer_id, date, warnings) != 0) return c->err.code;

	if (ctx_begin(c) != 0) return c->err.code;
	/* Only from the state read: a step taken meanwhile by someone else
	 * writes nothing (STORE_EFAIL, the conflict below). */
	struct stmt *s = store_prepare_composed(c->db, arena_printf(c->arena,
		"UPDATE placements SET state = :to, %s = :date, result = :result, reason = :reason,"
		" note = COALESCE(:note, note), updated_at = :now WHERE id = :id AND state = :from RETURNING id", column));
	stmt_bind_texts(s, (const char *const[][2]){{":to", to}, {":date", date}, {":result", ended ? in->result : NULL},
		{":reason", early ? in->reason : NULL}, {":note", in->note && *in->note ? in->note : NULL}, {":now", c->now},
		{":from", cur.state}, {NULL}});
	stmt_bind_int(s, ":id", id);
	int64_t written = 0;
	int rc = stmt_write_id(s, &written);
	if (rc == STORE_EFAIL) {
		store_rollback(c->db);
		return err_set(&c->err, ERR_CONFLICT, "Placeringen ändrades samtidigt av någon annan. Läs om den och försök igen.");
	}
	if (rc == STORE_DONE) rc = log_contact(c, cur.employer_id, cur.org_id, &k, id);
	if (change_commit(c, rc, &(struct change){.action = "update", .entity = "participant", .id = cur.participant_id,
		.detail = detail(c, id), .fail = "Kunde inte spara placeringen."}) != 0)
		return c->err.code;
	return load(c, id, out);
}

/* --- the follow-up report ----------------------------------------------- */

static const char *const report_bys[] = {"kind", "occupation", "employer", NULL};
static const struct report_column col_kind[] = {{"kind", "Form", REPORT_KEY_TEXT}};
static const struct report_column col_occupation[] = {{"ssyk_code", "Yrke (SSYK)", REPORT_KEY_TEXT}};
static const struct report_column col_employer[] = {
	{"employer", "Arbetsgivare", REPORT_KEY_TEXT},
	{"employer_id", "Arbetsgivar-id", REPORT_KEY_INT},
};
/* Unique people per key in each: one person with two placements of the
 * same kind counts once there, and in each key she has one of. */
static const struct report_group groups[] = {
	{"proposed", "Föreslagna", REPORT_COUNT, false, 0, 0},
	{"started", "Påbörjade", REPORT_COUNT, false, 0, 0},
	{"ended", "Avslutade", REPORT_COUNT, false, 0, 0},
	{"employment", "Till anställning", REPORT_COUNT, false, 0, 0},
	{"employment_share", "Andel till anställning", REPORT_SHARE, false, 3, 2},
};
#define NGROUPS (int)(sizeof groups / sizeof groups[0])

/* The condition of each count group on alias pl, the report's period
 * bound as :from and :until (what has happened). */
static const char *const group_sql[] = {
	"pl.proposed_date >= :from AND pl.proposed_date <= :until",
	"pl.start_date IS NOT NULL AND pl.start_date <= :until AND (pl.end_date IS NULL OR pl.end_date >= :from)",
	"pl.end_date >= :from AND pl.end_date <= :until AND pl.start_date IS NOT NULL",
	"pl.end_date >= :from AND pl.end_date <= :until AND pl.start_date IS NOT NULL AND pl.result = 'employment'",
};

static const char *describe_kind(void *arg, const char *code)
{
	(void)arg;
	return placement_kind_label(code);
}

static const char *describe_ssyk(void *arg, const char *code)
{
	(void)arg;
	return ssyk_title(code);
}

static int report_failed(struct ctx *c)
{
	return err_set(&c->err, ERR_INTERNAL, "Kunde inte ta fram rapporten.");
}

/* Women and men (unique people) of group g into the table: per key (keys:
 * the key's two columns k1 and k2, and a comma), or with keys "" into the
 * total row, where a person counts once however many keys she has. */
static int count_group(struct ctx *c, struct report_params *p, struct report_table *t, int g, const char *keys)
{
	bool total = !*keys;
	const char *sql = arena_printf(c->arena,
		"SELECT %sSUM(CASE WHEN x.sex = 'female' THEN 1 ELSE 0 END), SUM(CASE WHEN x.sex = 'male' THEN 1 ELSE 0 END)"
		" FROM (SELECT DISTINCT %sp.id, p.sex FROM placements pl JOIN participants p ON p.id = pl.participant_id"
		" JOIN opportunities o ON o.id = pl.opportunity_id JOIN employers e ON e.id = o.employer_id WHERE %s) x%s",
		total ? "" : "x.k1, x.k2, ", total ? "" : keys, group_sql[g], total ? "" : " GROUP BY x.k1, x.k2");
	struct stmt *s = store_prepare(c->db, sql);
	stmt_bind_text(s, ":from", p->from);
	stmt_bind_text(s, ":until", p->until);
	int rc, col = total ? 0 : 2;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		int64_t women = stmt_int(s, col), men = stmt_int(s, col + 1);
		if (total) {
			report_table_add_sum(t, g, women, men);
			continue;
		}
		if (!women && !men) continue;
		struct report_key key[2] = {{.text = stmt_text(s, 0)}, {.num = stmt_int(s, 1)}};
		report_table_add(t, key, g, women, men);
	}
	stmt_done(s);
	return rc < 0 ? report_failed(c) : 0;
}

int report_placements(struct ctx *c, struct report_params *p, struct report_table *t)
{
	if (p->intervention_id) return err_field(&c->err, "intervention_id", NULL, "Placeringar hör inte till en insats.");
	if (!p->by) p->by = report_bys[0];
	size_t b = 0;
	while (report_bys[b] && strcmp(report_bys[b], p->by) != 0) b++;
	if (!report_bys[b]) return err_field(&c->err, "by", p->by, "Dela upp efter kind, occupation eller employer.");
	if (report_check_period(c, p) != 0) return c->err.code;
	const char *keys;
	if (b == 0) {
		report_table_init(t, c->arena, 1, col_kind, NGROUPS, groups);
		report_table_describe(t, 0, "Form, benämning", describe_kind, NULL);
		keys = "o.kind AS k1, 0 AS k2, ";
	} else if (b == 1) {
		report_table_init(t, c->arena, 1, col_occupation, NGROUPS, groups);
		report_table_describe(t, 0, "Yrke, benämning", describe_ssyk, NULL);
		keys = "o.ssyk_code AS k1, 0 AS k2, ";
	} else {
		report_table_init(t, c->arena, 2, col_employer, NGROUPS, groups);
		keys = "e.name AS k1, e.id AS k2, ";
	}
	for (int g = 0; g < NGROUPS; g++) {
		if (groups[g].kind != REPORT_COUNT) continue;
		if (count_group(c, p, t, g, keys) != 0 || count_group(c, p, t, g, "") != 0) return c->err.code;
	}
	report_table_sort(t);
	return report_finish(c, p, t);
}
