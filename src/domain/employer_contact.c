/* employer_contact.c — the contact log, its coordination warning and the
 * weekly list (employer_contact.h). */
#include "employer_contact.h"
#include "audit.h"
#include "check.h"
#include "employer.h"
#include "settings.h"
#include "../base/clock.h"
#include "../base/utf8.h"
#include "../store/store.h"
#include <string.h>

static const char *const channels[][2] = {
	{"visit", "besök"}, {"phone", "telefon"}, {"email", "e-post"}, {"meeting", "möte"}, {"event", "evenemang"},
};
static const char *const purposes[][2] = {
	{"recruitment", "rekrytering"}, {"placement", "placering (praktik, arbetsträning)"}, {"mentorship", "mentorskap"},
	{"information", "information"}, {"follow_up", "uppföljning"},
};

const char *employer_contact_channel_label(const char *channel)
{
	return CODE_LABEL(channels, channel);
}

const char *employer_contact_purpose_label(const char *purpose)
{
	return CODE_LABEL(purposes, purpose);
}

static int may_log(struct ctx *c)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att registrera kontakter.");
	if (!actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI | ROLE_EMPLOYER_CONTACT | ROLE_CASE_WORKER))
		return err_set(&c->err, ERR_FORBIDDEN,
			       "Endast administratörer, kansliet, arbetsgivarkontakter och handläggare får registrera kontakter.");
	return 0;
}

static int may_read(struct ctx *c)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se kontaktloggen.");
	if (!(c->actor->roles & ~(unsigned)ROLE_READER))
		return err_set(&c->err, ERR_FORBIDDEN, "Läsbehörigheten räcker inte för att se kontaktloggen.");
	return 0;
}

/* The columns every query below selects, in this order. */
#define COLS                                                                                                  \
	"k.id, k.employer_id, k.user_id, k.org_id, k.stage, e.name, u.name, o.name, k.date, k.channel, k.purpose," \
	" k.note, k.next_step_date, k.created_at"
#define FROM                                                                                                     \
	" FROM employer_contacts k JOIN employers e ON e.id = k.employer_id JOIN users u ON u.id = k.user_id" \
	" JOIN orgs o ON o.id = k.org_id"

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct employer_contact *k = out;
	k->id = stmt_int(s, 0);
	k->employer_id = stmt_int(s, 1);
	k->user_id = stmt_int(s, 2);
	k->org_id = stmt_int(s, 3);
	k->stage = (int)stmt_int(s, 4); /* NULL: 0, none */
	read_texts(c, s, 5, (const char **[]){&k->employer_name, &k->user_name, &k->org_name, &k->date, &k->channel,
					    &k->purpose, &k->note, &k->next_step_date, &k->created_at, NULL});
}

/* Every row of s into l; finishes s. */
static int read_all(struct ctx *c, struct stmt *s, struct employer_contact_list *l)
{
	l->items = list_all(c, s, sizeof *l->items, read_row, &l->n, "Kunde inte läsa kontaktloggen.");
	l->total = (int64_t)l->n;
	return l->items ? 0 : c->err.code;
}

const char *employer_contact_warning(struct ctx *c, const struct employer_contact *k)
{
	return arena_printf(c->arena, "%s (%s) %s, %s", k->org_name, k->user_name, k->date,
			    employer_contact_channel_label(k->channel));
}

int employer_contact_recent(struct ctx *c, int64_t employer_id, const char *ref_date, struct employer_contact_list *out,
			    int *days)
{
	memset(out, 0, sizeof *out);
	if (may_read(c) != 0 || employer_exists(c, employer_id) != 0) return c->err.code;
	if (settings_recent_contact_days(c, days) != 0) return c->err.code;
	char today[11], since[11];
	clock_today(today);
	clock_add_days(ref_date ? ref_date : today, -*days, since);
	struct stmt *s = store_prepare(c->db, "SELECT " COLS FROM " WHERE k.employer_id = :employer_id AND k.org_id <> :org_id"
						     " AND k.date >= :from AND k.date <= :until ORDER BY k.date DESC, k.id DESC");
	stmt_bind_int(s, ":employer_id", employer_id);
	stmt_bind_int(s, ":org_id", c->actor->org_id);
	stmt_bind_text(s, ":from", since);
	stmt_bind_text(s, ":until", today);
	return read_all(c, s, out);
}

/* The saved contact id as written, for the answer to a change. */
static int reload(struct ctx *c, int64_t id, struct employer_contact *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " COLS FROM " WHERE k.id = :id");
	stmt_bind_int(s, ":id", id);
	return get_one(c, s, read_row, out, "Kontakten finns inte.", "Kunde inte läsa kontaktloggen.");
}

static int validate(struct ctx *c, const struct employer_contact_input *in, const char *today)
{
	if (!in->date || !clock_valid_date(in->date))
		err_field(&c->err, "date", in->date, "Ange datum som ÅÅÅÅ-MM-DD.");
	else if (strcmp(in->date, today) > 0)
		err_field(&c->err, "date", in->date, "Datumet kan inte vara i framtiden.");
	if (!CODE_KNOWN(channels, in->channel)) err_field(&c->err, "channel", in->channel, "Ange kanal: visit, phone, email, meeting eller event.");
	if (!CODE_KNOWN(purposes, in->purpose))
		err_field(&c->err, "purpose", in->purpose,
			  "Ange syfte: recruitment, placement, mentorship, information eller follow_up.");
	if (in->has_stage && (in->stage < 1 || in->stage > 3))
		err_field(&c->err, "stage", NULL, "IPS-steget är 1, 2 eller 3 (eller inget).");
	if (in->note && !utf8_text_ok(in->note, 0, EMPLOYER_CONTACT_NOTE_MAX))
		err_field(&c->err, "note", NULL, "Anteckningen får vara högst 4000 tecken.");
	if (in->next_step_date && !clock_valid_date(in->next_step_date))
		err_field(&c->err, "next_step_date", in->next_step_date, "Ange datum som ÅÅÅÅ-MM-DD.");
	else if (in->next_step_date && in->date && clock_valid_date(in->date) && strcmp(in->next_step_date, in->date) < 0)
		err_field(&c->err, "next_step_date", in->next_step_date, "Nästa steg kan inte vara före kontakten.");
	return c->err.code;
}

/* Binds what the author writes of a contact, the same in a new one and a
 * correction. */
static void bind_fields(struct stmt *s, const struct employer_contact_input *v)
{
	stmt_bind_texts(s, (const char *const[][2]){{":date", v->date}, {":channel", v->channel},
		{":purpose", v->purpose}, {NULL}});
	if (v->has_stage) stmt_bind_int(s, ":stage", v->stage);
	else stmt_bind_null(s, ":stage");
	stmt_bind_text(s, ":note", v->note);
	stmt_bind_text(s, ":next_step_date", v->next_step_date);
}

int employer_contact_check(struct ctx *c, struct employer_contact_input *v)
{
	char today[11];
	clock_today(today);
	if (!v->date) v->date = arena_strdup(c->arena, today);
	if (v->note && !*v->note) v->note = NULL;
	return validate(c, v, today);
}

int employer_contact_insert(struct ctx *c, int64_t employer_id, int64_t org_id, const struct employer_contact_input *v,
			    int64_t *id)
{
	struct stmt *s = store_prepare(c->db, "INSERT INTO employer_contacts (employer_id, user_id, org_id, date, channel,"
					      " purpose, stage, note, next_step_date, created_at)"
					      " VALUES (:employer_id, :user_id, :org_id, :date, :channel, :purpose, :stage, :note, :next_step_date, :created_at) RETURNING id");
	stmt_bind_int(s, ":employer_id", employer_id);
	stmt_bind_int(s, ":user_id", c->actor->user_id);
	stmt_bind_int(s, ":org_id", org_id);
	bind_fields(s, v);
	stmt_bind_text(s, ":created_at", c->now);
	return stmt_write_id(s, id);
}

int employer_contact_create(struct ctx *c, int64_t employer_id, const struct employer_contact_input *in,
			    struct employer_contact *out, struct employer_contact_list *warnings)
{
	memset(warnings, 0, sizeof *warnings);
	if (may_log(c) != 0 || employer_exists(c, employer_id) != 0) return c->err.code;
	struct employer_contact_input v = *in;
	if (employer_contact_check(c, &v) != 0) return c->err.code;
	int days;
	if (employer_contact_recent(c, employer_id, v.date, warnings, &days) != 0) return c->err.code;

	if (ctx_begin(c) != 0) return c->err.code;
	int64_t id;
	int rc = employer_contact_insert(c, employer_id, c->actor->org_id, &v, &id);
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "employer_contact", .id = id,
		.fail = "Kunde inte spara kontakten."}) != 0)
		return c->err.code;
	return reload(c, id, out);
}

/* The contact id of the employer, for a correction by its author or an
 * admin. */
static int load_own(struct ctx *c, int64_t employer_id, int64_t id, struct employer_contact *out)
{
	if (may_log(c) != 0 || employer_exists(c, employer_id) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT " COLS FROM " WHERE k.id = :id AND k.employer_id = :employer_id");
	stmt_bind_int(s, ":id", id);
	stmt_bind_int(s, ":employer_id", employer_id);
	if (get_one(c, s, read_row, out, "Kontakten finns inte.", "Kunde inte läsa kontaktloggen.") != 0) return c->err.code;
	if (out->user_id != c->actor->user_id && !actor_has(c->actor, ROLE_ADMIN))
		return err_set(&c->err, ERR_FORBIDDEN,
			       "Bara den som registrerade kontakten, eller en administratör, får ändra eller ta bort den.");
	return 0;
}

int employer_contact_update(struct ctx *c, int64_t employer_id, int64_t id, const struct employer_contact_patch *in,
			    struct employer_contact *out)
{
	struct employer_contact cur;
	if (load_own(c, employer_id, id, &cur) != 0) return c->err.code;
	struct employer_contact_input v = {.date = cur.date, .channel = cur.channel, .purpose = cur.purpose, .note = cur.note,
					   .next_step_date = cur.next_step_date, .stage = cur.stage, .has_stage = cur.stage != 0};
	if (in->has_date) v.date = in->v.date;
	if (in->has_channel) v.channel = in->v.channel;
	if (in->has_purpose) v.purpose = in->v.purpose;
	if (in->has_note) v.note = in->v.note && *in->v.note ? in->v.note : NULL;
	if (in->has_next_step_date) v.next_step_date = in->v.next_step_date;
	if (in->has_stage_field) v.stage = in->v.stage, v.has_stage = in->v.has_stage;
	char today[11];
	clock_today(today);
	if (validate(c, &v, today) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "UPDATE employer_contacts SET date = :date, channel = :channel, purpose = :purpose, stage = :stage,"
					      " note = :note, next_step_date = :next_step_date WHERE id = :id");
	bind_fields(s, &v);
	stmt_bind_int(s, ":id", id);
	if (change_commit(c, stmt_exec(s), &(struct change){.action = "update", .entity = "employer_contact", .id = id,
		.detail = arena_printf(c->arena, "employer %lld", (long long)employer_id),
		.fail = "Kunde inte spara kontakten."}) != 0)
		return c->err.code;
	return reload(c, id, out);
}

int employer_contact_delete(struct ctx *c, int64_t employer_id, int64_t id)
{
	struct employer_contact cur;
	if (load_own(c, employer_id, id, &cur) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "DELETE FROM employer_contacts WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	return change_commit(c, stmt_exec(s), &(struct change){.action = "delete", .entity = "employer_contact", .id = id,
		.detail = arena_printf(c->arena, "employer %lld", (long long)employer_id),
		.fail = "Kunde inte ta bort kontakten."});
}

int employer_contact_list(struct ctx *c, int64_t employer_id, const struct page *p, struct employer_contact_list *out)
{
	memset(out, 0, sizeof *out);
	if (may_read(c) != 0 || employer_exists(c, employer_id) != 0) return c->err.code;
	out->items = list_of_parent(c, "SELECT COUNT(*) FROM employer_contacts WHERE employer_id = :parent",
				    "SELECT " COLS FROM " WHERE k.employer_id = :parent ORDER BY k.date DESC, k.id DESC LIMIT :limit OFFSET :offset",
				    employer_id, p, sizeof *out->items, read_row, &out->n, &out->total, "Kunde inte läsa kontaktloggen.");
	return out->items ? 0 : c->err.code;
}

int employer_contact_week(struct ctx *c, const char *week, struct employer_contact_week *out)
{
	memset(out, 0, sizeof *out);
	if (may_read(c) != 0) return c->err.code;
	char monday[11], sunday[11], this_week[9];
	if (!week) {
		char today[11];
		clock_today(today);
		clock_iso_week(today, this_week);
		week = this_week;
	}
	if (!clock_iso_week_monday(week, monday))
		return err_field(&c->err, "week", week, "Ange en vecka som finns, som ÅÅÅÅ-Vnn (t.ex. 2026-W48).");
	clock_add_days(monday, 6, sunday);
	out->week = arena_strdup(c->arena, week);
	out->from = arena_strdup(c->arena, monday);
	out->to = arena_strdup(c->arena, sunday);
	struct stmt *s = store_prepare(c->db, "SELECT " COLS FROM " WHERE k.date >= :from AND k.date <= :until ORDER BY k.date, k.id");
	stmt_bind_text(s, ":from", monday);
	stmt_bind_text(s, ":until", sunday);
	if (read_all(c, s, &out->contacts) != 0) return c->err.code;
	s = store_prepare(c->db, "SELECT " COLS FROM " WHERE k.next_step_date >= :from AND k.next_step_date <= :until"
						    " ORDER BY k.next_step_date, k.id");
	stmt_bind_text(s, ":from", monday);
	stmt_bind_text(s, ":until", sunday);
	return read_all(c, s, &out->next_steps);
}
