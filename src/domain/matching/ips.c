/* ips.c — the IPS fidelity figures (ips.h). Samsyn records no
 * responsible case worker on an enrolment, so a specialist's participants
 * are those of the enrolments she registered (enrolments.created_by_user_id);
 * an employer contact is the participant's when it names her
 * (employer_contacts.participant_id), whoever logged it. Enrolments with
 * the exit reason registration_error are left out, as in every report. */
#include "ips.h"
#include "day_span.h"
#include "../../base/clock.h"
#include "../../store/store.h"
#include <string.h>

#define COUNTED " AND (e.exit_reason IS NULL OR e.exit_reason <> 'registration_error')"

static int failed(struct ctx *c)
{
	return err_set(&c->err, ERR_INTERNAL, "Kunde inte räkna IPS-måtten.");
}

bool ips_is_specialist(struct ctx *c)
{
	if (!c->actor || !actor_has(c->actor, ROLE_CASE_WORKER)) return false;
	return row_exists(c, "SELECT 1 FROM users WHERE id = :id AND ips_specialist = 1 AND active = 1", c->actor->user_id);
}

static void read_specialist(struct ctx *c, struct stmt *s, void *out)
{
	struct ips_figures *f = out;
	memset(f, 0, sizeof *f);
	f->user_id = stmt_int(s, 0);
	f->org_id = stmt_int(s, 1);
	read_texts(c, s, 2, (const char **[]){&f->name, NULL});
}

/* The first column of s (its :u bound here) as a count; -1 on failure. */
static int64_t count_of(struct ctx *c, const char *sql, int64_t user, const char *today, const char *from)
{
	struct stmt *s = store_prepare(c->db, sql);
	stmt_bind_int(s, ":u", user);
	stmt_bind_text(s, ":today", today);
	if (stmt_has_param(s, ":from")) stmt_bind_text(s, ":from", from);
	int64_t n;
	int rc = stmt_scalar(s, &n);
	return rc < 0 ? (void)failed(c), -1 : n;
}

static int days_to_contact(struct ctx *c, struct ips_figures *f, const char *today)
{
	struct stmt *s = store_prepare(c->db,
		"SELECT e.start_date, (SELECT MIN(k.date) FROM employer_contacts k WHERE k.participant_id = e.participant_id"
		" AND k.date >= e.start_date) FROM enrolments e WHERE e.created_by_user_id = :u AND e.start_date <= :today" COUNTED);
	stmt_bind_int(s, ":u", f->user_id);
	stmt_bind_text(s, ":today", today);
	struct day_spans d;
	if (day_spans_read(c, s, &d, "Kunde inte räkna IPS-måtten.") != 0) return c->err.code;
	f->with_contact = (int64_t)d.n;
	f->without_contact = d.without;
	f->median_days_tenths = day_spans_median_tenths(&d);
	return 0;
}

static int figures(struct ctx *c, struct ips_figures *f, int weeks, const char *today, const char *from)
{
	f->caseload = count_of(c, "SELECT COUNT(DISTINCT e.participant_id) FROM enrolments e WHERE e.created_by_user_id = :u"
				  " AND e.start_date <= :today AND (e.end_date IS NULL OR e.end_date > :today)" COUNTED,
			       f->user_id, today, from);
	f->caseload_band = f->caseload <= IPS_CASELOAD_GOOD ? "within" : f->caseload <= IPS_CASELOAD_MAX ? "upper" : "over";
	f->contacts = count_of(c, "SELECT COUNT(*) FROM employer_contacts k WHERE k.user_id = :u AND k.date >= :from"
				  " AND k.date <= :today", f->user_id, today, from);
	f->contacts_per_week_tenths = f->contacts < 0 ? 0 : (f->contacts * 20 + weeks) / (2 * weeks);
	f->ended = count_of(c, "SELECT COUNT(*) FROM enrolments e WHERE e.created_by_user_id = :u AND e.end_date <= :today" COUNTED,
			    f->user_id, today, from);
	f->ended_in_work = count_of(c, "SELECT COUNT(*) FROM enrolments e WHERE e.created_by_user_id = :u"
				       " AND e.end_date <= :today AND e.outcome = 'work'" COUNTED, f->user_id, today, from);
	if (c->err.code) return c->err.code;
	f->work_share_tenths = f->ended ? (f->ended_in_work * 2000 + f->ended) / (2 * f->ended) : -1;
	return days_to_contact(c, f, today);
}

int ips_report(struct ctx *c, int weeks, struct ips_report *out)
{
	memset(out, 0, sizeof *out);
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se IPS-måtten.");
	if (!weeks) weeks = 4;
	if (weeks < 1 || weeks > 52) return err_field(&c->err, "weeks", NULL, "Ange antal veckor, 1–52.");
	bool all = actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI);
	if (!all && !ips_is_specialist(c))
		return err_set(&c->err, ERR_FORBIDDEN, "IPS-måtten visas för administratörer, kansliet och IPS-specialisten själv.");
	char today[11], from[11];
	clock_today(today);
	clock_add_days(today, -(7 * weeks - 1), from);
	out->weeks = weeks;
	out->from = arena_strdup(c->arena, from);
	out->to = arena_strdup(c->arena, today);
	struct stmt *s = store_prepare(c->db, "SELECT id, org_id, name FROM users WHERE ips_specialist = 1 AND active = 1"
					      " AND (:all = 1 OR id = :me) ORDER BY name, id");
	stmt_bind_int(s, ":all", all);
	stmt_bind_int(s, ":me", c->actor->user_id);
	out->items = list_all(c, s, sizeof *out->items, read_specialist, &out->n, "Kunde inte läsa IPS-specialisterna.");
	if (!out->items) return c->err.code;
	for (size_t i = 0; i < out->n; i++)
		if (figures(c, &out->items[i], weeks, today, from) != 0) return c->err.code;
	return 0;
}
