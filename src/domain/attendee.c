/* attendee.c — rules and storage calls for attendees; the person key that
 * makes them countable uniquely. */
#include "attendee.h"
#include "audit.h"
#include "check.h"
#include "intervention.h"
#include "../base/clock.h"
#include "../base/utf8.h"
#include "../se/sex.h"
#include "../store/store.h"
#include <stddef.h>
#include <string.h>

/* Appends s to p lower-cased, trimmed, with inner whitespace runs as one
 * space; returns the new end. */
static char *put_folded(char *p, const char *s)
{
	char *start = p;
	bool space = false;
	for (; s && *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = p != start;
			continue;
		}
		if (space) *p++ = ' ';
		space = false;
		*p++ = *s;
	}
	*p = 0;
	utf8_lower(start);
	return p;
}

char *attendee_person_key(struct arena *a, const char *first_name, const char *last_name, const char *email,
			  const char *organisation_name)
{
	const char *third = email && *email ? email : organisation_name;
	size_t n = (first_name ? strlen(first_name) : 0) + (last_name ? strlen(last_name) : 0) +
		   (third ? strlen(third) : 0) + 3;
	char *key = arena_alloc(a, n), *p = key;
	p = put_folded(p, first_name);
	*p++ = '\x1f';
	p = put_folded(p, last_name);
	*p++ = '\x1f';
	put_folded(p, third);
	return key;
}

#define ATT_COLS "id, intervention_id, employer_id, first_name, last_name, sex, email, organisation_name, format, date"

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct attendee *v = out;
	v->id = stmt_int(s, 0);
	v->intervention_id = stmt_int(s, 1);
	v->employer_id = stmt_int(s, 2);
	read_texts(c, s, 3, (const char **[]){&v->first_name, &v->last_name, &v->sex, &v->email, &v->organisation_name,
					    &v->format, &v->date, NULL});
}

/* The intervention exists (404) and the actor may work with its attendees (403). */
static int check_parent(struct ctx *c, int64_t intervention_id, struct intervention_terms *out)
{
	if (intervention_terms(c, intervention_id, out) != 0) return c->err.code;
	if (!intervention_may_record_attendees(c, intervention_id))
		return err_set(&c->err, ERR_FORBIDDEN, "Du får inte se eller registrera deltagare i den här insatsen.");
	return 0;
}

static int load(struct ctx *c, int64_t intervention_id, int64_t id, struct attendee *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " ATT_COLS " FROM attendees WHERE id = :id AND intervention_id = :intervention_id");
	stmt_bind_int(s, ":id", id);
	stmt_bind_int(s, ":intervention_id", intervention_id);
	return get_one(c, s, read_row, out, "Deltagaren finns inte i insatsen.", "Kunde inte läsa deltagaren.");
}

int attendee_list(struct ctx *c, int64_t intervention_id, const struct page *p, struct attendee_list *out)
{
	struct intervention_terms par;
	if (check_parent(c, intervention_id, &par) != 0) return c->err.code;
	out->items = list_of_parent(c, "SELECT COUNT(*) FROM attendees WHERE intervention_id = :parent",
				    "SELECT " ATT_COLS " FROM attendees WHERE intervention_id = :parent"
				    " ORDER BY date, last_name, first_name, id LIMIT :limit OFFSET :offset",
				    intervention_id, p, sizeof *out->items, read_row, &out->n, &out->total, "Kunde inte läsa deltagarna.");
	if (!out->items) return c->err.code;
	return audit_reads_of(c, "attendee", out->items, out->n, sizeof *out->items, offsetof(struct attendee, id), NULL,
			      "Kunde inte skriva i loggen.");
}

int attendee_get(struct ctx *c, int64_t intervention_id, int64_t id, struct attendee *out)
{
	struct intervention_terms par;
	if (check_parent(c, intervention_id, &par) != 0 || load(c, intervention_id, id, out) != 0) return c->err.code;
	return audit_read(c, "attendee", id, NULL, "Kunde inte skriva i loggen.");
}

/* 1: an active code, -1: an inactive one, 0: unknown. */
static int format_state(struct ctx *c, const char *code)
{
	struct stmt *s = store_prepare(c->db, "SELECT active FROM codes WHERE list = 'attendee_format' AND code = :code");
	stmt_bind_text(s, ":code", code);
	int r = 0;
	if (stmt_step(s) == STORE_ROW) r = stmt_int(s, 0) ? 1 : -1;
	stmt_done(s);
	return r;
}

/* old_format: the stored format, which may stay even if since retired;
 * old_date likewise the stored date, which may stay even if after today
 * (stored before dates in the future were refused). */
static int validate(struct ctx *c, const struct intervention_terms *par, const struct attendee *v, const char *old_format,
		    const char *old_date)
{
	struct err *e = &c->err;
	if (!utf8_text_ok(v->first_name, 1, 100)) err_field(e, "first_name", NULL, "Ange förnamn (högst 100 tecken).");
	if (!utf8_text_ok(v->last_name, 1, 100)) err_field(e, "last_name", NULL, "Ange efternamn (högst 100 tecken).");
	/* unspecified: "vill inte uppge", as the public registration form asks
	 * it (docs/trainings.md); counted in reports' totals only. */
	if (!sex_label(v->sex) && !(v->sex && strcmp(v->sex, "unspecified") == 0))
		err_field(e, "sex", v->sex, "Ange kön: female, male eller unspecified (vill inte uppge).");
	check_email(c, "email", v->email);
	if (v->employer_id < 0) err_field(e, "employer_id", NULL, "Ange arbetsgivarens id, ett positivt heltal, eller inget.");
	if (v->organisation_name && !utf8_text_ok(v->organisation_name, 1, 200))
		err_field(e, "organisation_name", NULL, "Organisationens namn ska ha 1–200 tecken.");
	int fs = v->format ? format_state(c, v->format) : 0;
	if (fs == 0)
		err_field(e, "format", v->format, "Okänd form för deltagande (se kodlistan attendee_format).");
	else if (fs < 0 && !(old_format && strcmp(old_format, v->format) == 0))
		err_field(e, "format", v->format, "Formen för deltagande används inte längre.");
	if (!v->date || !clock_valid_date(v->date))
		err_field(e, "date", v->date, "Ange datum som ÅÅÅÅ-MM-DD.");
	else if (strcmp(v->date, par->start_date) < 0 || (par->end_date && strcmp(v->date, par->end_date) > 0))
		err_field(e, "date", v->date, "Datumet ligger utanför insatsens period.");
	else if (!(old_date && strcmp(old_date, v->date) == 0)) {
		char today[11];
		clock_today(today);
		if (strcmp(v->date, today) > 0)
			err_field(e, "date", v->date, "Närvaro registreras i efterhand: datumet får inte ligga efter i dag.");
	}
	return e->code;
}

static void bind_fields(struct ctx *c, struct stmt *s, const struct attendee *v)
{
	stmt_bind_id(s, ":employer_id", v->employer_id);
	stmt_bind_texts(s, (const char *const[][2]){{":first_name", v->first_name}, {":last_name", v->last_name},
		{":sex", v->sex}, {":email", v->email}, {":organisation_name", v->organisation_name}, {":format", v->format},
		{":date", v->date},
		{":person_key", attendee_person_key(c->arena, v->first_name, v->last_name, v->email, v->organisation_name)},
		{NULL}});
}

/* Ends a write of attendee id begun with ctx_begin (change_commit). */
static int finish(struct ctx *c, int rc, const char *action, int64_t id)
{
	return change_commit(c, rc, &(struct change){.action = action, .entity = "attendee", .id = id,
		.fail = "Kunde inte spara deltagaren."});
}

int attendee_create(struct ctx *c, int64_t intervention_id, const struct attendee *in, struct attendee *out)
{
	struct intervention_terms par;
	if (check_parent(c, intervention_id, &par) != 0) return c->err.code;
	if (strcmp(par.kind, "individual") == 0)
		return err_set(&c->err, ERR_CONFLICT,
			       "Individinriktade insatser har inskrivna deltagare, inte deltagare vid tillfällen.");
	if (validate(c, &par, in, NULL, NULL) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO attendees (first_name, last_name, sex, email, employer_id, organisation_name, format, date,"
		" person_key, intervention_id, created_at) VALUES (:first_name, :last_name, :sex, :email, :employer_id, :organisation_name, :format, :date, :person_key, :intervention_id, :created_at) RETURNING id");
	bind_fields(c, s, in);
	stmt_bind_int(s, ":intervention_id", intervention_id);
	stmt_bind_text(s, ":created_at", c->now);
	int64_t id;
	int rc = stmt_write_id(s, &id);
	if (finish(c, rc, "create", id) != 0) return c->err.code;
	*out = *in;
	out->id = id;
	out->intervention_id = intervention_id;
	return 0;
}

int attendee_update(struct ctx *c, int64_t intervention_id, int64_t id, const struct attendee_patch *in,
		    struct attendee *out)
{
	struct intervention_terms par;
	struct attendee v;
	if (check_parent(c, intervention_id, &par) != 0 || load(c, intervention_id, id, &v) != 0) return c->err.code;
	const char *old_format = v.format, *old_date = v.date;
	if (in->has_first_name) v.first_name = in->v.first_name;
	if (in->has_last_name) v.last_name = in->v.last_name;
	if (in->has_sex) v.sex = in->v.sex;
	if (in->has_email) v.email = in->v.email;
	if (in->has_employer_id) v.employer_id = in->v.employer_id;
	if (in->has_organisation_name) v.organisation_name = in->v.organisation_name;
	if (in->has_format) v.format = in->v.format;
	if (in->has_date) v.date = in->v.date;
	if (validate(c, &par, &v, old_format, old_date) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db,
		"UPDATE attendees SET first_name = :first_name, last_name = :last_name, sex = :sex, email = :email, employer_id = :employer_id,"
		" organisation_name = :organisation_name, format = :format, date = :date, person_key = :person_key WHERE id = :id");
	bind_fields(c, s, &v);
	stmt_bind_int(s, ":id", id);
	if (finish(c, stmt_exec(s), "update", id) != 0) return c->err.code;
	*out = v;
	return 0;
}

int attendee_delete(struct ctx *c, int64_t intervention_id, int64_t id)
{
	struct intervention_terms par;
	struct attendee v;
	if (check_parent(c, intervention_id, &par) != 0 || load(c, intervention_id, id, &v) != 0) return c->err.code;
	/* An attendee made by attendance belongs to its registration (which
	 * names it and carries the diploma code): taken back there, not here.
	 * Only attendance makes such a link, at the attendee's creation, so the
	 * check cannot be overtaken by a later link. */
	struct stmt *s = store_prepare(c->db, "SELECT 1 FROM training_registrations WHERE attendee_id = :id");
	stmt_bind_int(s, ":id", id);
	bool from_attendance = stmt_step(s) == STORE_ROW;
	stmt_done(s);
	if (from_attendance)
		return err_set(&c->err, ERR_CONFLICT,
			       "Deltagaren kommer från närvaron vid ett utbildningstillfälle: ta bort närvaron på anmälan i stället.");
	if (ctx_begin(c) != 0) return c->err.code;
	s = store_prepare(c->db, "DELETE FROM attendees WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	return finish(c, stmt_exec(s), "delete", id);
}
