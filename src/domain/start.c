/* start.c — the start page of each role (start.h). Every count is read
 * from the records; the enrolment counts, which read a million index rows
 * at a million participants, are kept while nothing they are counted from
 * has changed (figure_cache.h), per organisation. They are ranges of the
 * index enrolments_work (0011_start_page.sql) per intervention of the
 * user's organisation; unique people are counted in C with a bitmap over
 * participant ids, since SQLite's COUNT(DISTINCT) sorts hundreds of
 * thousands of ids into a temporary B-tree (a tenth of a second more per
 * count at a million participants). */
#include "start.h"
#include "access.h"
#include "figure_cache.h"
#include "settings.h"
#include "../base/clock.h"
#include "../base/idset.h"
#include "../store/store.h"
#include <stdio.h>
#include <string.h>

/* Enrolment alias e is not a registration error (felregistrering), which
 * every count leaves out, as the reports do. */
#define LIVE "(e.exit_reason IS NULL OR e.exit_reason <> 'registration_error')"
/* Enrolment e is in an intervention of the organisation: its owner or a
 * partner, or any when :all is 1 (an admin's, the förbund office's).
 * Written as a list of interventions so that SQLite reads one range of
 * enrolments_work per intervention. Bound by bind_org. */
#define ORG_INTERVENTIONS                                                                                      \
	"e.intervention_id IN (SELECT ai.id FROM interventions ai WHERE " ORG_INTERVENTION_RULE ")"
#define ORG_INTERVENTION_RULE                                                                                  \
	":all = 1 OR ai.owner_org_id = :org OR ai.id IN"                                                        \
	" (SELECT ap.intervention_id FROM intervention_partners ap WHERE ap.org_id = :org)"

static int failed(struct ctx *c)
{
	return err_set(&c->err, ERR_INTERNAL, "Kunde inte ta fram startsidan.");
}

static void add_item(struct start_page *out, const char *kind, const char *title, int64_t count, const char *link)
{
	if (out->n == START_ITEMS_MAX) return;
	out->items[out->n++] = (struct start_item){kind, title, count, link};
}

/* add_item of the count s gives (its values bound). */
static int add_counted(struct ctx *c, struct stmt *s, struct start_page *out, const char *kind, const char *title,
		       const char *link)
{
	int64_t n;
	if (stmt_scalar(s, &n) < 0) return failed(c);
	add_item(out, kind, title, n, link);
	return 0;
}

static void bind_org(struct stmt *s, bool all, int64_t org_id)
{
	stmt_bind_int(s, ":all", all ? 1 : 0);
	stmt_bind_int(s, ":org", org_id);
}

/* An empty set of participants (ids up to the largest), for unique counts. */
static int people_init(struct ctx *c, struct idset *p)
{
	int64_t max;
	if (stmt_scalar(store_prepare(c->db, "SELECT COALESCE(MAX(id), 0) FROM participants"), &max) < 0) return failed(c);
	idset_init(p, c->arena, max);
	return 0;
}

/* The organisation's running enrolments: the unique people in them and
 * the enrolments started without every start variable. */
static int count_running(struct ctx *c, struct stmt *s, struct idset *running, int64_t *without_start)
{
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		if (!stmt_int(s, 1)) continue; /* planned: starts after today */
		idset_add(running, stmt_int(s, 0));
		if (stmt_int(s, 2)) (*without_start)++;
	}
	stmt_done(s);
	return rc < 0 ? failed(c) : 0;
}

#define RUNNING_COLUMNS                                                                                      \
	"SELECT e.participant_id, e.start_date <= :today, e.occupation_before IS NULL OR e.education_level IS NULL" \
	" OR e.support_time IS NULL FROM enrolments e WHERE "

/* The organisation's three counts of a case worker's page, counted. */
struct case_worker_counts {
	int64_t running, due, without_start;
};

static int count_case_worker(struct ctx *c, const char *today, struct case_worker_counts *out)
{
	const struct actor *a = c->actor;
	bool all = access_all_participants(a);
	struct idset running, due;
	if (people_init(c, &running) != 0 || people_init(c, &due) != 0) return c->err.code;
	int64_t without_start = 0;
	/* Running (status ongoing, enrolment.h): no end date (almost all), or one after today. */
	struct stmt *s = store_prepare(c->db, RUNNING_COLUMNS ORG_INTERVENTIONS " AND e.end_date IS NULL AND " LIVE);
	stmt_bind_text(s, ":today", today);
	bind_org(s, all, a->org_id);
	if (count_running(c, s, &running, &without_start) != 0) return c->err.code;
	s = store_prepare(c->db, RUNNING_COLUMNS ORG_INTERVENTIONS " AND e.end_date > :today AND " LIVE);
	stmt_bind_text(s, ":today", today);
	bind_org(s, all, a->org_id);
	if (count_running(c, s, &running, &without_start) != 0) return c->err.code;

	/* Follow-ups due: the rule of the list's followup_due filter. */
	s = store_prepare(c->db, "SELECT e.participant_id FROM enrolments e WHERE " ORG_INTERVENTIONS ENROLMENT_FOLLOWUP_DUE_SQL);
	bind_org(s, all, a->org_id);
	enrolment_followup_due_bind(s, today);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) idset_add(&due, stmt_int(s, 0));
	stmt_done(s);
	if (rc < 0) return failed(c);
	*out = (struct case_worker_counts){running.count, due.count, without_start};
	return 0;
}

static int case_worker_items(struct ctx *c, struct start_page *out)
{
	const struct actor *a = c->actor;
	bool all = access_all_participants(a);
	const char *key = arena_printf(c->arena, "start case_worker %d %lld", all, (long long)a->org_id);
	size_t size;
	struct case_worker_counts n, *kept = figure_cache_get(c, key, &size);
	if (kept && size == sizeof n) {
		n = *kept;
	} else {
		int64_t mark;
		if (figure_cache_mark(c, &mark) != 0 || count_case_worker(c, out->today, &n) != 0) return c->err.code;
		figure_cache_put(key, mark, &n, sizeof n);
	}
	add_item(out, "active_participants", "Deltagare i pågående insatser", n.running, "/deltagare?status=ongoing");
	add_item(out, "follow_up_due", "Deltagare vars uppföljning efter 6 eller 12 månader ska göras", n.due,
		 "/deltagare?followup_due=true");
	add_item(out, "missing_start_variables", "Pågående insatsdeltaganden som saknar uppgifter vid start",
		 n.without_start, "/deltagare?status=ongoing");
	return 0;
}

/* The employers whose latest contact by the actor has a next step on or
 * before the end of this week (overdue ones included): a later contact of
 * hers with the employer means the step was taken. */
static int next_steps_item(struct ctx *c, struct start_page *out)
{
	char week[9], monday[11], sunday[11];
	clock_iso_week(out->today, week);
	if (!clock_iso_week_monday(week, monday)) return failed(c);
	clock_add_days(monday, 6, sunday);
	struct stmt *s = store_prepare(
		c->db, "SELECT COUNT(DISTINCT k.employer_id) FROM employer_contacts k WHERE k.user_id = :user"
		       " AND k.next_step_date IS NOT NULL AND k.next_step_date <= :sunday AND NOT EXISTS (SELECT 1 FROM"
		       " employer_contacts l WHERE l.user_id = k.user_id AND l.employer_id = k.employer_id"
		       " AND (l.date > k.date OR (l.date = k.date AND l.id > k.id)))");
	stmt_bind_int(s, ":user", c->actor->user_id);
	stmt_bind_text(s, ":sunday", sunday);
	return add_counted(c, s, out, "employer_next_steps", "Arbetsgivare med nästa steg denna vecka eller tidigare",
			   "/arbetsgivare/veckolista");
}

/* Other organisations' contacts within recent_contact_days with the
 * employers the actor follows: those she has logged a contact with in
 * the last twelve months. */
static int other_contacts_item(struct ctx *c, struct start_page *out)
{
	int days;
	if (settings_recent_contact_days(c, &days) != 0) return c->err.code;
	char since[11], year_ago[11];
	clock_add_days(out->today, -days, since);
	clock_add_months(out->today, -12, year_ago);
	struct stmt *s = store_prepare(
		c->db, "SELECT COUNT(*) FROM employer_contacts k WHERE k.date >= :since AND k.date <= :today"
		       " AND k.org_id <> :org AND k.employer_id IN (SELECT f.employer_id FROM employer_contacts f"
		       " WHERE f.user_id = :user AND f.date >= :year_ago)");
	stmt_bind_text(s, ":since", since);
	stmt_bind_text(s, ":today", out->today);
	stmt_bind_int(s, ":org", c->actor->org_id);
	stmt_bind_int(s, ":user", c->actor->user_id);
	stmt_bind_text(s, ":year_ago", year_ago);
	return add_counted(c, s, out, "other_org_contacts", "Andra organisationers senaste kontakter med dina arbetsgivare",
			   "/arbetsgivare/veckolista");
}

static struct start_quality *quality_of(struct start_page *out, int64_t id)
{
	for (size_t i = 0; i < out->nquality; i++)
		if (out->quality[i].intervention_id == id) return &out->quality[i];
	return NULL;
}

/* The two data-quality counts of one intervention, as kept. */
struct quality_count {
	int64_t intervention_id, without_exit, long_running;
};

/* Adds the count of each intervention s gives (id, count) to field
 * (0 without exit, 1 long-running) of its entry in q[0..*n), up to cap. */
static int add_counts(struct ctx *c, struct stmt *s, struct quality_count *q, size_t *n, size_t cap, int field)
{
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		int64_t id = stmt_int(s, 0);
		size_t i = 0;
		while (i < *n && q[i].intervention_id != id) i++;
		if (i == *n) {
			if (*n == cap) continue;
			q[(*n)++] = (struct quality_count){id, 0, 0};
		}
		if (field == 0) q[i].without_exit = stmt_int(s, 1);
		else q[i].long_running = stmt_int(s, 1);
	}
	stmt_done(s);
	return rc < 0 ? failed(c) : 0;
}

/* Counts both for the interventions of the organisation (all: every one),
 * into q (cap entries); *n of them have either. */
static int count_quality(struct ctx *c, bool all, int64_t org, const char *today, struct quality_count *q, size_t cap,
			 size_t *n)
{
	*n = 0;
	char oldest[11], long_ago[11];
	clock_add_months(today, -ENROLMENT_FOLLOWUP_MONTHS, oldest);
	clock_add_months(today, -START_LONG_MONTHS, long_ago);
	struct stmt *s = store_prepare(c->db, "SELECT e.intervention_id, COUNT(*) FROM enrolments e WHERE " ORG_INTERVENTIONS
					      " AND e.end_date IS NOT NULL AND e.end_date >= :oldest AND e.end_date <= :today AND e.outcome IS NULL AND " LIVE
					      " GROUP BY e.intervention_id");
	bind_org(s, all, org);
	stmt_bind_text(s, ":oldest", oldest);
	stmt_bind_text(s, ":today", today);
	if (add_counts(c, s, q, n, cap, 0) != 0) return c->err.code;
	s = store_prepare(c->db, "SELECT e.intervention_id, COUNT(*) FROM enrolments e WHERE " ORG_INTERVENTIONS
				 " AND e.end_date IS NULL AND e.start_date < :long_ago AND " LIVE " GROUP BY e.intervention_id");
	bind_org(s, all, org);
	stmt_bind_text(s, ":long_ago", long_ago);
	return add_counts(c, s, q, n, cap, 1);
}

/* Per intervention the förbund office sees (every one; another kansli
 * her organisation's): enrolments ended in the last ENROLMENT_FOLLOWUP_MONTHS
 * months without an outcome, and enrolments running for more than
 * START_LONG_MONTHS months. Kept: the interventions with either. */
static int quality(struct ctx *c, struct start_page *out, int64_t *without_exit, int64_t *long_running)
{
	bool all = access_all_participants(c->actor) || access_forbund_office(c);
	int64_t org = c->actor->org_id;
	int64_t cap;
	struct stmt *s = store_prepare(c->db, "SELECT COUNT(*) FROM interventions");
	if (stmt_scalar(s, &cap) < 0) return failed(c);
	out->quality = arena_zalloc(c->arena, sizeof *out->quality * (size_t)(cap ? cap : 1));
	s = store_prepare(c->db, "SELECT ai.id, ai.name FROM interventions ai WHERE " ORG_INTERVENTION_RULE
				 " ORDER BY ai.name, ai.id");
	bind_org(s, all, org);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW && (int64_t)out->nquality < cap) {
		struct start_quality *q = &out->quality[out->nquality++];
		q->intervention_id = stmt_int(s, 0);
		q->name = arena_strdup(c->arena, stmt_text(s, 1));
	}
	stmt_done(s);
	if (rc < 0) return failed(c);

	const char *key = arena_printf(c->arena, "start quality %d %lld", all, (long long)org);
	size_t size, n;
	struct quality_count *counts = figure_cache_get(c, key, &size);
	if (counts && size % sizeof *counts == 0) {
		n = size / sizeof *counts;
	} else {
		int64_t mark;
		counts = arena_alloc(c->arena, sizeof *counts * (size_t)(cap ? cap : 1));
		if (figure_cache_mark(c, &mark) != 0 ||
		    count_quality(c, all, org, out->today, counts, (size_t)(cap ? cap : 1), &n) != 0)
			return c->err.code;
		figure_cache_put(key, mark, counts, n * sizeof *counts);
	}
	for (size_t i = 0; i < n; i++) {
		struct start_quality *q = quality_of(out, counts[i].intervention_id);
		if (!q) continue;
		q->without_exit = counts[i].without_exit;
		q->long_running = counts[i].long_running;
		*without_exit += q->without_exit;
		*long_running += q->long_running;
	}
	size_t kept = 0;
	for (size_t i = 0; i < out->nquality; i++)
		if (out->quality[i].without_exit || out->quality[i].long_running) out->quality[kept++] = out->quality[i];
	out->nquality = kept;
	return 0;
}

static int kansli_items(struct ctx *c, struct start_page *out)
{
	struct report_params p = {0};
	if (report_goals(c, &p, &out->goals) != 0) return c->err.code;
	out->goals_suppress = p.suppress;
	memset(&p, 0, sizeof p);
	if (report_funding(c, &p, &out->funding) != 0) return c->err.code;
	for (int k = 0; k < 3; k++) out->actual_sek += out->funding.kinds[k].actual_sek;
	out->has_kansli = true;

	/* Behind: measured progress below the share of the year gone by. */
	int year = out->goals.year;
	int64_t first = clock_days_from_civil(year, 1, 1), next = clock_days_from_civil(year + 1, 1, 1);
	int ty = 0, tm = 0, td = 0;
	if (sscanf(out->today, "%d-%d-%d", &ty, &tm, &td) != 3) return failed(c);
	int64_t gone_tenths = (clock_days_from_civil(ty, tm, td) - first + 1) * 1000 / (next - first);
	int64_t behind = 0;
	for (size_t i = 0; i < out->goals.n; i++) {
		const struct report_goal *g = &out->goals.items[i];
		if (g->progress_tenths >= 0 && g->progress_tenths < gone_tenths) behind++;
	}
	int64_t without_outcome;
	struct stmt *s = store_prepare(c->db, "SELECT COUNT(DISTINCT intervention_id) FROM intervention_budgets"
					      " WHERE year = :year AND actual_sek IS NULL");
	stmt_bind_int(s, ":year", year);
	if (stmt_scalar(s, &without_outcome) < 0) return failed(c);
	int64_t without_exit = 0, long_running = 0;
	if (quality(c, out, &without_exit, &long_running) != 0) return c->err.code;

	add_item(out, "goals_behind", arena_printf(c->arena, "Mål för %d som ligger efter årets takt", year), behind,
		 "/rapporter?rapport=goals");
	add_item(out, "budget_without_outcome", arena_printf(c->arena, "Insatser utan registrerat utfall för %d", year),
		 without_outcome, "/rapporter?rapport=costs");
	add_item(out, "enrolments_without_exit", "Avslutade insatsdeltaganden utan sysselsättning efter", without_exit,
		 "/insatser");
	add_item(out, "long_running_enrolments",
		 arena_printf(c->arena, "Insatsdeltaganden som pågått i mer än %d år", START_LONG_MONTHS / 12), long_running,
		 "/insatser");
	return 0;
}

static int admin_items(struct ctx *c, struct start_page *out)
{
	int64_t never, one_time;
	/* A login is audited as `login session <user id>`. */
	if (stmt_scalar(store_prepare(c->db, "SELECT COUNT(*) FROM users u WHERE u.active = 1 AND NOT EXISTS (SELECT 1"
					     " FROM audit_events a WHERE a.entity = 'session' AND a.entity_id = u.id"
					     " AND a.action = 'login')"),
			&never) < 0 ||
	    stmt_scalar(store_prepare(c->db, "SELECT COUNT(*) FROM users WHERE active = 1 AND must_change_password = 1"),
			&one_time) < 0 ||
	    stmt_scalar(store_prepare(c->db, "SELECT COUNT(*) FROM audit_events"), &out->audit_events) < 0)
		return failed(c);
	struct store *log = store_reads(c->db);
	if (!log || stmt_scalar(store_prepare(log, "SELECT COUNT(*) FROM reads.audit_reads"), &out->audit_reads) < 0)
		return failed(c);
	out->has_admin = true;
	add_item(out, "never_logged_in", "Aktiva konton som aldrig har loggat in", never, "/administration/anvandare");
	add_item(out, "one_time_passwords", "Engångslösenord som inte har bytts", one_time, "/administration/anvandare");
	add_item(out, "audit_log", "Händelser i loggen", out->audit_events + out->audit_reads, "/administration/logg");
	return 0;
}

/* An IPS specialist's caseload as an item, and her figures (last 4 weeks). */
static int ips_item(struct ctx *c, struct start_page *out)
{
	struct ips_report rep;
	if (ips_report(c, 0, &rep) != 0) return c->err.code;
	for (size_t i = 0; i < rep.n; i++) {
		if (rep.items[i].user_id != c->actor->user_id) continue;
		out->has_ips = true;
		out->ips = rep.items[i];
		if (out->n < START_ITEMS_MAX)
			out->items[out->n++] = (struct start_item){"ips_caseload",
				"Deltagare i din IPS-caseload (högst 20–25)", out->ips.caseload, "/"};
	}
	return 0;
}

int start_page(struct ctx *c, struct start_page *out)
{
	memset(out, 0, sizeof *out);
	const struct actor *a = c->actor;
	if (!a) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se startsidan.");
	char today[11];
	clock_today(today);
	out->today = arena_strdup(c->arena, today);
	/* A user with several roles gets the items of each, in this order. */
	static const unsigned order[] = {ROLE_CASE_WORKER, ROLE_EMPLOYER_CONTACT, ROLE_KANSLI, ROLE_ADMIN};
	for (size_t i = 0; i < sizeof order / sizeof order[0] && !out->role; i++)
		if (actor_has(a, order[i])) out->role = role_name(order[i]);
	for (unsigned bit = 1; !out->role && bit < 1u << ROLE_COUNT; bit <<= 1)
		if (actor_has(a, bit)) out->role = role_name(bit);
	if (!out->role) out->role = "reader";
	if (actor_has(a, ROLE_CASE_WORKER) && (case_worker_items(c, out) != 0 || next_steps_item(c, out) != 0))
		return c->err.code;
	if (ips_is_specialist(c) && ips_item(c, out) != 0) return c->err.code;
	if (actor_has(a, ROLE_EMPLOYER_CONTACT)) {
		if (!actor_has(a, ROLE_CASE_WORKER) && next_steps_item(c, out) != 0) return c->err.code;
		if (other_contacts_item(c, out) != 0) return c->err.code;
	}
	if (actor_has(a, ROLE_KANSLI) && kansli_items(c, out) != 0) return c->err.code;
	if (actor_has(a, ROLE_ADMIN) && admin_items(c, out) != 0) return c->err.code;
	return 0;
}
