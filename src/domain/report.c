/* report.c — the SQL of the follow-up reports (report.h). At a million
 * participants only counts may leave the database, or one row per unique
 * person or enrolment read in index order: the counts by municipality, sex
 * and age are counted in C from one row per person (an EXISTS), and the
 * reports by intervention, outcome, occupation, work or studies and income
 * read each participant's enrolments once in participant order and count
 * each person once per key in C (report_pass.h), where SQL's DISTINCT or
 * GROUP BY would sort a row per enrolment first. The statements are written
 * so SQLite drives them from the participants table in id order with the
 * covering index enrolments_participant (0013_enrolment_reports.sql);
 * CROSS JOIN fixes that join order in SQLite and is plain SQL elsewhere. */
#include "report.h"
#include "report_pass.h"
#include "access.h"
#include "audit.h"
#include "figure_cache.h"
#include "settings.h"
#include "../base/clock.h"
#include "../base/idset.h"
#include "../base/mem.h"
#include "../se/kommun.h"
#include "../se/sex.h"
#include "../base/strset.h"
#include "../store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Enrolment alias e is not a registration error (felregistrering). */
#define LIVE(e) "(" e ".exit_reason IS NULL OR " e ".exit_reason <> 'registration_error')"
/* The statements' parameters are the report's (bind_report): :from, :to,
 * :until (the earlier of to and today: what has happened), :year, and :iv,
 * the intervention id, NULL for every intervention. */

/* e overlaps the part of the period that has come (from … until): it
 * started by until and had not ended before from. A planned enrolment
 * (start after today) is counted nowhere, and a period that begins after
 * today counts no one. */
#define OVERLAPS(e) e ".start_date <= :until AND (" e ".end_date IS NULL OR " e ".end_date >= :from) AND :until >= :from AND " LIVE(e)
/* e ended in the period, by today. */
#define ENDED(e) e ".end_date <= :until AND " e ".end_date >= :from AND " LIVE(e)
/* Optional intervention filter on alias x. */
#define ONE_OR_ALL(x) "(CAST(:iv AS BIGINT) IS NULL OR " x ".intervention_id = :iv)"
/* Participant p (or attendee key k) counted by sex, and everyone: an
 * attendee of unspecified sex counts in the total only. */
#define WOMEN_MEN(p)                                                                 \
	"SUM(CASE WHEN " p ".sex = 'female' THEN 1 ELSE 0 END) AS women, SUM(CASE WHEN " p \
	".sex = 'male' THEN 1 ELSE 0 END) AS men, COUNT(*) AS everyone"
/* Participant p has an enrolment overlapping the period: over all
 * interventions a probe per participant into the covering index; for one
 * intervention the (few) enrolments of that intervention. */
#define P_ALL "EXISTS (SELECT 1 FROM enrolments e WHERE e.participant_id = p.id AND " OVERLAPS("e") ")"
#define P_ONE "p.id IN (SELECT e.participant_id FROM enrolments e WHERE " OVERLAPS("e") " AND e.intervention_id = :iv)"

/* Binds the report's parameters that the statement has. */
static void bind_report(struct stmt *s, const struct report_params *p)
{
	if (stmt_has_param(s, ":from")) stmt_bind_text(s, ":from", p->from);
	if (stmt_has_param(s, ":to")) stmt_bind_text(s, ":to", p->to);
	if (stmt_has_param(s, ":until")) stmt_bind_text(s, ":until", p->until);
	if (stmt_has_param(s, ":year")) stmt_bind_int(s, ":year", p->year);
	if (stmt_has_param(s, ":iv")) stmt_bind_id(s, ":iv", p->intervention_id);
}

static struct stmt *prepare(struct ctx *c, const char *sql, const struct report_params *p)
{
	struct stmt *s = store_prepare(c->db, sql);
	bind_report(s, p);
	return s;
}

/* The statement for all interventions or, with an intervention filter, its
 * variant for the one. */
static struct stmt *prepare2(struct ctx *c, const char *const sql[2], const struct report_params *p)
{
	return prepare(c, sql[p->intervention_id ? 1 : 0], p);
}

static int failed(struct ctx *c)
{
	return err_set(&c->err, ERR_INTERNAL, "Kunde inte ta fram rapporten.");
}

static void read_key(struct stmt *s, const struct report_table *t, struct report_key *key)
{
	for (int k = 0; k < t->nkeys; k++) {
		if (t->keys[k].type == REPORT_KEY_TEXT) {
			key[k] = (struct report_key){.text = stmt_text(s, k)}; /* NULL for NULL */
		} else {
			key[k] = (struct report_key){.num = stmt_int(s, k), .null = stmt_is_null(s, k)};
		}
	}
}

static bool is_woman(struct stmt *s, int col)
{
	const char *sex = stmt_text(s, col);
	return sex && strcmp(sex, "female") == 0;
}

/* Counts each result row — the table's key columns, then the sex of one
 * unique person — into group 0. */
static int count_people(struct ctx *c, struct stmt *s, struct report_table *t)
{
	struct report_key key[4] = {{0}};
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		read_key(s, t, key);
		bool woman = is_woman(s, t->nkeys);
		report_table_add(t, key, 0, woman, !woman);
	}
	stmt_done(s);
	return rc < 0 ? failed(c) : 0;
}

/* Adds each result row — the table's key columns, then women and men — to
 * group g. */
static int collect(struct ctx *c, struct stmt *s, struct report_table *t, int g)
{
	struct report_key key[4] = {{0}};
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		read_key(s, t, key);
		report_table_add_people(t, key, g, stmt_int(s, t->nkeys + 2), stmt_int(s, t->nkeys), stmt_int(s, t->nkeys + 1));
	}
	stmt_done(s);
	return rc < 0 ? failed(c) : 0;
}

/* Reads one row of women and men into c (zeros when there is none). */
static int count_one(struct ctx *c, struct stmt *s, struct report_count *out)
{
	int rc = stmt_step(s);
	memset(out, 0, sizeof *out);
	if (rc == STORE_ROW) {
		out->women = stmt_int(s, 0);
		out->men = stmt_int(s, 1);
		out->total = stmt_int(s, 2); /* with the people of unspecified sex */
	}
	stmt_done(s);
	return rc < 0 ? failed(c) : 0;
}

static int collect_sum(struct ctx *c, struct stmt *s, struct report_table *t, int g)
{
	return count_one(c, s, &t->sum[g]);
}

/* A row for every code of a code list, in the list's order, so a report
 * shows its codes in the order the förbund chose, zeros included. */
static int code_rows(struct ctx *c, struct report_table *t, const char *list)
{
	struct stmt *s = store_prepare(c->db, "SELECT code FROM codes WHERE list = :list ORDER BY sort_order, code");
	stmt_bind_text(s, ":list", list);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		struct report_key key[2] = {{.text = stmt_text(s, 0)}, {0}};
		report_table_row(t, key);
	}
	stmt_done(s);
	return rc < 0 ? failed(c) : 0;
}

enum span { PERIOD, YEAR };

/* Checks the parameters and fills in the defaults; bys lists the groupings
 * the report knows, its default first (NULL: no grouping). */
static int check(struct ctx *c, struct report_params *p, enum span span, const char *const *bys, const char *by_hint)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se rapporter.");
	if (p->from && !clock_valid_date(p->from)) err_field(&c->err, "from", p->from, "Ange ett datum som ÅÅÅÅ-MM-DD.");
	if (p->to && !clock_valid_date(p->to)) err_field(&c->err, "to", p->to, "Ange ett datum som ÅÅÅÅ-MM-DD.");
	if (p->year && (p->year < 1990 || p->year > 2100)) err_field(&c->err, "year", NULL, "Ange ett år 1990–2100.");
	if (p->suppress && p->suppress < 2) err_field(&c->err, "suppress", NULL, "Ange gränsen för små antal, ett heltal 2 eller större.");
	if (p->intervention_id < 0) err_field(&c->err, "intervention_id", NULL, "Ange en insats med dess id.");
	if (bys && !p->by) p->by = bys[0];
	if (bys && !str_in_list(p->by, bys)) err_field(&c->err, "by", p->by, by_hint);
	if (c->err.code) return c->err.code;
	char today[11];
	clock_today(today);
	if (!p->year) p->year = span == YEAR || (!p->from && !p->to) ? atoi(today) : atoi(p->from ? p->from : p->to);
	if (span == YEAR) {
		p->from = arena_printf(c->arena, "%04d-01-01", p->year);
		p->to = arena_printf(c->arena, "%04d-12-31", p->year);
	} else {
		if (!p->from) p->from = arena_printf(c->arena, "%04d-01-01", p->to ? atoi(p->to) : p->year);
		if (!p->to) p->to = arena_printf(c->arena, "%04d-12-31", atoi(p->from));
		if (strcmp(p->from, p->to) > 0)
			return err_field(&c->err, "to", p->to, "Slutdatum ska vara samma dag som startdatum eller senare.");
	}
	/* Reports count what has happened: nothing after today. */
	p->until = strcmp(p->to, today) < 0 ? p->to : arena_strdup(c->arena, today);
	if (p->intervention_id) {
		struct stmt *s = store_prepare(c->db, "SELECT 1 FROM interventions WHERE id = :iv");
		stmt_bind_int(s, ":iv", p->intervention_id);
		int rc = stmt_exec(s);
		if (rc < 0) return failed(c);
		if (rc != STORE_ROW) return err_field(&c->err, "intervention_id", NULL, "Insatsen finns inte.");
	}
	/* Published numbers identify no one: a user who may not see the
	 * participants behind the counts gets them suppressed, with at least
	 * the förbund's threshold — a smaller suppress is raised to it. */
	if (!access_sees_people_behind(c, p->intervention_id)) {
		int min;
		if (settings_suppression_threshold(c, &min) != 0) return c->err.code;
		if (p->suppress < min) p->suppress = min;
	}
	return 0;
}

/* --- labels for people -------------------------------------------------- */

/* The code lists' Swedish labels and the target groups' names (list ""),
 * read once per report from where the UI reads them too: what a CSV
 * writes beside the codes. */
struct code_labels {
	size_t n;
	const char **list, **code, **label;
};

static const struct code_labels *load_labels(struct ctx *c)
{
	struct code_labels *l = arena_zalloc(c->arena, sizeof *l);
	int64_t cap = 0;
	if (stmt_scalar(store_prepare(c->db, "SELECT (SELECT COUNT(*) FROM codes) + (SELECT COUNT(*) FROM target_groups)"),
			&cap) != STORE_ROW || cap <= 0)
		return l;
	l->list = arena_alloc(c->arena, sizeof *l->list * (size_t)cap);
	l->code = arena_alloc(c->arena, sizeof *l->code * (size_t)cap);
	l->label = arena_alloc(c->arena, sizeof *l->label * (size_t)cap);
	struct stmt *s = store_prepare(c->db, "SELECT list, code, label FROM codes UNION ALL SELECT '', code, name FROM target_groups");
	while (stmt_step(s) == STORE_ROW && (int64_t)l->n < cap) {
		l->list[l->n] = arena_strdup(c->arena, stmt_text(s, 0));
		l->code[l->n] = arena_strdup(c->arena, stmt_text(s, 1));
		l->label[l->n] = arena_strdup(c->arena, stmt_text(s, 2));
		l->n++;
	}
	stmt_done(s);
	return l;
}

/* The label of code in list, or NULL. */
static const char *label_in(const struct code_labels *l, const char *list, const char *code)
{
	if (!code) return NULL;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->code[i], code) == 0 && strcmp(l->list[i], list) == 0) return l->label[i];
	return NULL;
}

struct list_labels {
	const struct code_labels *labels;
	const char *list;
};

static const char *describe_code(void *arg, const char *code)
{
	const struct list_labels *l = arg;
	return label_in(l->labels, l->list, code);
}

static const char *describe_municipality(void *arg, const char *code)
{
	(void)arg;
	return kommun_name(code);
}

static const char *describe_sex(void *arg, const char *code)
{
	(void)arg;
	return sex_label(code);
}

/* Names beside the key columns that hold codes, for the CSV. */
static void describe_keys(struct ctx *c, struct report_table *t)
{
	static const struct {
		const char *key, *list, *label;
	} lists[] = {
		{"target_group", "", "Målgruppens namn"},
		{"outcome", "occupation", "Sysselsättning efter, benämning"},
		{"occupation", "occupation", "Sysselsättning, benämning"},
		{"before", "income_source", "Försörjning före, benämning"},
		{"after", "income_source", "Försörjning efter, benämning"},
		{"format", "attendee_format", "Form, benämning"},
	};
	const struct code_labels *labels = NULL;
	for (int k = 0; k < t->nkeys; k++) {
		const char *name = t->keys[k].name;
		if (strcmp(name, "municipality_code") == 0) report_table_describe(t, k, "Kommun", describe_municipality, NULL);
		if (strcmp(name, "sex") == 0) report_table_describe(t, k, "Kön, benämning", describe_sex, NULL);
		for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
			if (strcmp(name, lists[i].key) != 0) continue;
			if (!labels) labels = load_labels(c);
			struct list_labels *arg = arena_alloc(c->arena, sizeof *arg);
			*arg = (struct list_labels){labels, lists[i].list};
			report_table_describe(t, k, lists[i].label, describe_code, arg);
		}
	}
}

static int finish(struct ctx *c, struct report_params *p, struct report_table *t)
{
	describe_keys(c, t);
	if (p->suppress) report_table_suppress(t, p->suppress);
	return 0;
}

int report_check_period(struct ctx *c, struct report_params *p)
{
	return check(c, p, PERIOD, NULL, NULL);
}

int report_finish(struct ctx *c, struct report_params *p, struct report_table *t)
{
	return finish(c, p, t);
}

/* --- participants ------------------------------------------------------ */

static const char *const participant_bys[] = {"municipality", "target_group", "age_band", "outcome", "intervention", "sex", NULL};
static const struct report_group one_group[] = {{.kind = REPORT_COUNT, .disjoint = true}};
static const struct report_group one_group_overlapping[] = {{.kind = REPORT_COUNT, .disjoint = false}};
static const struct report_column col_municipality[] = {{"municipality_code", "Kommunkod", REPORT_KEY_TEXT}};
static const struct report_column col_target_group[] = {{"target_group", "Målgrupp", REPORT_KEY_TEXT}};
static const struct report_column col_age_band[] = {{"age_band", "Åldersgrupp", REPORT_KEY_TEXT}};
static const struct report_column col_outcome[] = {{"outcome", "Sysselsättning efter", REPORT_KEY_TEXT}};
static const struct report_column col_sex[] = {{"sex", "Kön", REPORT_KEY_TEXT}};
static const struct report_column col_intervention[] = {
	{"intervention", "Insats", REPORT_KEY_TEXT},
	{"intervention_id", "Insats-id", REPORT_KEY_INT},
};
static const struct report_column col_format[] = {{"format", "Form", REPORT_KEY_TEXT}};

#define BOTH(head, tail) {head P_ALL tail, head P_ONE tail}
static const char *const sql_p_total[2] = BOTH("SELECT " WOMEN_MEN("p") " FROM participants p WHERE ", "");
/* One row per unique person (the EXISTS), counted per key in C: SQLite's
 * GROUP BY would first sort all of them, which costs about a third of the
 * query at a million participants. */
static const char *const sql_p_municipality[2] = BOTH("SELECT p.municipality_code, p.sex FROM participants p WHERE ", "");
/* On PostgreSQL the rows cross a socket, and at a million participants
 * sending a row per person cost a tenth more than the database's own GROUP
 * BY (bench/engines.sh): there the database groups. */
static const char *const sql_p_municipality_grouped[2] =
	BOTH("SELECT p.municipality_code, " WOMEN_MEN("p") " FROM participants p WHERE ", " GROUP BY p.municipality_code");
static const char *const sql_p_sex[2] = BOTH("SELECT p.sex FROM participants p WHERE ", "");
static const char *const sql_p_birth_year[2] = BOTH("SELECT p.birth_year, p.sex FROM participants p WHERE ", "");
static const char *const sql_p_target_group[2] =
	BOTH("SELECT t.code, " WOMEN_MEN("p") " FROM participants p"
	     " LEFT JOIN participant_target_groups t ON t.participant_id = p.id WHERE ",
	     " GROUP BY t.code");
/* --- the one-pass counts (report_pass.h) --------------------------------- */

/* A participant's enrolments that meet cond, a row each, in participant
 * order: over every intervention from the participants (their covering
 * index, probing enrolments_participant, which holds every column these
 * statements read); for one intervention from its enrolments
 * (enrolments_intervention gives them by participant). */
#define PASS_ALL(cols, joins, cond)                                                                  \
	"SELECT p.id, p.sex" cols " FROM participants p CROSS JOIN enrolments e" joins                   \
	" WHERE e.participant_id = p.id AND " cond " ORDER BY p.id"
#define PASS_ONE(cols, joins, cond)                                                                  \
	"SELECT p.id, p.sex" cols " FROM enrolments e CROSS JOIN participants p" joins                   \
	" WHERE e.intervention_id = :iv AND p.id = e.participant_id AND " cond " ORDER BY e.participant_id"
#define PASS(cols, joins, cond) {PASS_ALL(cols, joins, cond), PASS_ONE(cols, joins, cond)}

static int pass(struct ctx *c, const char *const sql[2], const struct report_params *p, report_pass_row *row,
		report_pass_done *done, void *state)
{
	return report_pass(prepare2(c, sql, p), row, done, state) < 0 ? failed(c) : 0;
}

/* Adds tally tallies[g] (NULL: none) to group g of each intervention's row,
 * keyed by the intervention's name and id. */
static int add_by_intervention(struct ctx *c, struct report_table *t, const struct tally *const *tallies)
{
	struct stmt *s = store_prepare(c->db, "SELECT name, id FROM interventions");
	struct report_key key[2] = {{0}};
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		read_key(s, t, key);
		size_t id = (size_t)key[1].num;
		for (int g = 0; g < t->ngroups; g++) {
			if (!tallies[g]) continue;
			int64_t women = tally_women(tallies[g], id), men = tally_men(tallies[g], id);
			if (women || men) report_table_add(t, key, g, women, men);
		}
	}
	stmt_done(s);
	return rc < 0 ? failed(c) : 0;
}

/* Adds key 0 of tally to group g of the total row. */
static void add_total(struct report_table *t, int g, const struct tally *total)
{
	report_table_add_sum(t, g, tally_women(total, 0), tally_men(total, 0));
}

/* Adds group g's tally of codes (x's numbers) to the rows keyed by code. */
static void add_by_code(struct report_table *t, int g, const struct code_index *x, const struct tally *tally)
{
	for (size_t i = 0; i < x->n; i++) {
		int64_t women = tally_women(tally, i), men = tally_men(tally, i);
		if (women || men) report_table_add(t, &(struct report_key){.text = x->code[i]}, g, women, men);
	}
}

/* Unique people per intervention (each person once per intervention) and
 * in all, of the enrolments overlapping the period. */
struct people_by_intervention {
	struct tally people, total;
};

static void count_by_intervention(void *state, struct stmt *s, int64_t person, bool woman)
{
	struct people_by_intervention *x = state;
	tally_person(&x->people, (size_t)stmt_int(s, 2), person, woman);
	tally_person(&x->total, 0, person, woman);
}

static const char *const sql_pass_overlapping[2] = PASS(", e.intervention_id", "", OVERLAPS("e"));

static int people_by_intervention(struct ctx *c, const struct report_params *p, struct people_by_intervention *x)
{
	tally_init(&x->people, c->arena);
	tally_init(&x->total, c->arena);
	return pass(c, sql_pass_overlapping, p, count_by_intervention, NULL, x);
}

/* Each person once, by the outcome of her latest enrolment in the period
 * (by start date, then id), no outcome while it ran at the period's end. */
struct latest_outcome {
	const char *until;
	struct code_index codes;
	struct tally people;
	char start[16];
	int64_t id;
	size_t outcome; /* the latest enrolment's, a number of codes */
	int64_t person; /* whose latest enrolment start, id and outcome are */
};

static void latest_row(void *state, struct stmt *s, int64_t person, bool woman)
{
	(void)woman;
	struct latest_outcome *x = state;
	const char *start = stmt_text(s, 2);
	int64_t id = stmt_int(s, 3);
	int cmp = x->person == person ? strcmp(start, x->start) : 1;
	if (cmp < 0 || (cmp == 0 && id < x->id)) return;
	const char *end = stmt_text(s, 4);
	x->person = person;
	snprintf(x->start, sizeof x->start, "%s", start);
	x->id = id;
	x->outcome = code_index_of(&x->codes, end && strcmp(end, x->until) <= 0 ? stmt_text(s, 5) : NULL);
}

static void latest_done(void *state, int64_t person, bool woman)
{
	struct latest_outcome *x = state;
	tally_person(&x->people, x->outcome, person, woman);
}

static const char *const sql_pass_latest[2] = PASS(", e.start_date, e.id, e.end_date, e.outcome", "", OVERLAPS("e"));

int report_participants(struct ctx *c, struct report_params *p, struct report_table *t)
{
	if (check(c, p, PERIOD, participant_bys, "Gruppera efter municipality, target_group, age_band, outcome, intervention eller sex.") != 0)
		return c->err.code;
	const char *by = p->by;
	int rc;
	if (strcmp(by, "municipality") == 0) {
		report_table_init(t, c->arena, 1, col_municipality, 1, one_group);
		rc = store_is_server(c->db) ? collect(c, prepare2(c, sql_p_municipality_grouped, p), t, 0)
							   : count_people(c, prepare2(c, sql_p_municipality, p), t);
		report_table_sort(t);
	} else if (strcmp(by, "sex") == 0) {
		report_table_init(t, c->arena, 1, col_sex, 1, one_group);
		report_table_row(t, &(struct report_key){.text = "female"});
		report_table_row(t, &(struct report_key){.text = "male"});
		struct stmt *s = prepare2(c, sql_p_sex, p);
		int64_t n[2] = {0, 0};
		while ((rc = stmt_step(s)) == STORE_ROW) n[is_woman(s, 0) ? 0 : 1]++;
		stmt_done(s);
		report_table_add(t, &(struct report_key){.text = "female"}, 0, n[0], 0);
		report_table_add(t, &(struct report_key){.text = "male"}, 0, 0, n[1]);
		rc = rc < 0 ? failed(c) : 0;
	} else if (strcmp(by, "age_band") == 0) {
		report_table_init(t, c->arena, 1, col_age_band, 1, one_group);
		/* Age is the age reached in the year of `to`; no date arithmetic
		 * in SQL. */
		int year = atoi(p->to);
		int64_t n[REPORT_AGE_BANDS][2] = {{0}};
		struct stmt *s = prepare2(c, sql_p_birth_year, p);
		while ((rc = stmt_step(s)) == STORE_ROW) n[report_age_band(year - (int)stmt_int(s, 0))][is_woman(s, 1) ? 0 : 1]++;
		stmt_done(s);
		for (int i = 0; i < REPORT_AGE_BANDS; i++)
			report_table_add(t, &(struct report_key){.text = report_age_bands[i]}, 0, n[i][0], n[i][1]);
		rc = rc < 0 ? failed(c) : 0;
	} else if (strcmp(by, "outcome") == 0) {
		report_table_init(t, c->arena, 1, col_outcome, 1, one_group);
		rc = code_rows(c, t, "occupation");
		struct latest_outcome x = {.until = p->until};
		code_index_init(&x.codes, c->arena);
		tally_init(&x.people, c->arena);
		if (rc == 0) rc = pass(c, sql_pass_latest, p, latest_row, latest_done, &x);
		add_by_code(t, 0, &x.codes, &x.people);
	} else if (strcmp(by, "target_group") == 0) {
		report_table_init(t, c->arena, 1, col_target_group, 1, one_group_overlapping);
		rc = collect(c, prepare2(c, sql_p_target_group, p), t, 0);
		report_table_sort(t);
		if (rc == 0) rc = collect_sum(c, prepare2(c, sql_p_total, p), t, 0);
		goto done;
	} else {
		report_table_init(t, c->arena, 2, col_intervention, 1, one_group_overlapping);
		struct people_by_intervention x;
		rc = people_by_intervention(c, p, &x);
		if (rc == 0) rc = add_by_intervention(c, t, (const struct tally *const[]){&x.people});
		report_table_sort(t);
		add_total(t, 0, &x.total);
		goto done;
	}
	/* The rows do not overlap: the total is their sum. */
	report_table_sum_rows(t, 0);
done:
	return rc ? rc : finish(c, p, t);
}

/* --- attendees --------------------------------------------------------- */

static const char *const attendee_bys[] = {"format", "intervention", NULL};
/* Attendees with a date in the period by today (and of the intervention),
 * one row per person_key; the sex is taken once per person. */
#define A_IN "a.date >= :from AND a.date <= :until AND " ONE_OR_ALL("a")
#define A_PEOPLE "WITH k AS (SELECT a.person_key, MIN(a.sex) AS sex FROM attendees a WHERE " A_IN " GROUP BY a.person_key) "

int report_attendees(struct ctx *c, struct report_params *p, struct report_table *t)
{
	if (check(c, p, PERIOD, attendee_bys, "Gruppera efter format eller intervention.") != 0) return c->err.code;
	int rc;
	if (strcmp(p->by, "format") == 0) {
		report_table_init(t, c->arena, 1, col_format, 1, one_group_overlapping);
		rc = code_rows(c, t, "attendee_format");
		if (rc == 0)
			rc = collect(c, prepare(c, A_PEOPLE "SELECT x.format, " WOMEN_MEN("k")
						   " FROM (SELECT DISTINCT a.format, a.person_key FROM attendees a WHERE " A_IN ") x"
						   " JOIN k ON k.person_key = x.person_key GROUP BY x.format",
					     p),
				     t, 0);
	} else {
		report_table_init(t, c->arena, 2, col_intervention, 1, one_group_overlapping);
		rc = collect(c, prepare(c, A_PEOPLE "SELECT i.name, i.id, " WOMEN_MEN("k")
					   " FROM (SELECT DISTINCT a.intervention_id AS iid, a.person_key FROM attendees a WHERE " A_IN
					   ") x JOIN k ON k.person_key = x.person_key JOIN interventions i ON i.id = x.iid"
					   " GROUP BY i.name, i.id",
				     p),
			     t, 0);
		report_table_sort(t);
	}
	if (rc == 0) rc = collect_sum(c, prepare(c, A_PEOPLE "SELECT " WOMEN_MEN("k") " FROM k", p), t, 0);
	return rc ? rc : finish(c, p, t);
}

/* --- occupation, work or studies, income transitions --------------------- */

static const struct report_column col_occupation[] = {{"occupation", "Sysselsättning", REPORT_KEY_TEXT}};
/* A person with two ended enrolments may be in two rows, but nearly all
 * are in one: the rows are treated as disjoint, which only hides more. */
static const struct report_group occupation_groups[] = {
	{"before", "Före", REPORT_COUNT, true, 0, 0},
	{"after", "Efter", REPORT_COUNT, true, 0, 0},
	{"change", "Förändring", REPORT_CHANGE, false, 0, 1},
};

/* Unique people with an enrolment ended in the period, by the occupation
 * before it and after it (its outcome), and in all. */
struct occupation_pass {
	struct code_index codes;
	struct tally before, after, total;
};

static void count_occupation(void *state, struct stmt *s, int64_t person, bool woman)
{
	struct occupation_pass *x = state;
	tally_person(&x->before, code_index_of(&x->codes, stmt_text(s, 2)), person, woman);
	tally_person(&x->after, code_index_of(&x->codes, stmt_text(s, 3)), person, woman);
	tally_person(&x->total, 0, person, woman);
}

static const char *const sql_pass_occupation[2] = PASS(", e.occupation_before, e.outcome", "", ENDED("e"));

int report_occupation(struct ctx *c, struct report_params *p, struct report_table *t)
{
	if (check(c, p, PERIOD, NULL, NULL) != 0) return c->err.code;
	report_table_init(t, c->arena, 1, col_occupation, 3, occupation_groups);
	int rc = code_rows(c, t, "occupation");
	struct occupation_pass x;
	code_index_init(&x.codes, c->arena);
	tally_init(&x.before, c->arena);
	tally_init(&x.after, c->arena);
	tally_init(&x.total, c->arena);
	if (rc == 0) rc = pass(c, sql_pass_occupation, p, count_occupation, NULL, &x);
	if (rc) return rc;
	add_by_code(t, 0, &x.codes, &x.before);
	add_by_code(t, 1, &x.codes, &x.after);
	add_total(t, 0, &x.total);
	add_total(t, 1, &x.total); /* the same people, before and after */
	return finish(c, p, t);
}

static const struct report_group work_groups[] = {
	{"ended", "Avslutade", REPORT_COUNT, false, 0, 0},
	{"work_or_studies", "Arbete eller studier", REPORT_COUNT, false, 0, 0},
	{"share", "Andel", REPORT_SHARE, false, 1, 0},
};

#define WORK_OR_STUDIES " AND e.outcome IN ('work', 'studies')"

/* Per intervention and in all, unique people with an enrolment ended in
 * the period, and those with one ended with work or studies. */
struct work_pass {
	struct tally ended, work, ended_total, work_total;
};

static void count_work(void *state, struct stmt *s, int64_t person, bool woman)
{
	struct work_pass *x = state;
	size_t iv = (size_t)stmt_int(s, 2);
	tally_person(&x->ended, iv, person, woman);
	tally_person(&x->ended_total, 0, person, woman);
	const char *outcome = stmt_text(s, 3);
	if (outcome && (strcmp(outcome, "work") == 0 || strcmp(outcome, "studies") == 0)) {
		tally_person(&x->work, iv, person, woman);
		tally_person(&x->work_total, 0, person, woman);
	}
}

static const char *const sql_pass_ended[2] = PASS(", e.intervention_id, e.outcome", "", ENDED("e"));

int report_work_or_studies(struct ctx *c, struct report_params *p, struct report_table *t)
{
	if (check(c, p, PERIOD, NULL, NULL) != 0) return c->err.code;
	report_table_init(t, c->arena, 2, col_intervention, 3, work_groups);
	struct work_pass x;
	tally_init(&x.ended, c->arena);
	tally_init(&x.work, c->arena);
	tally_init(&x.ended_total, c->arena);
	tally_init(&x.work_total, c->arena);
	int rc = pass(c, sql_pass_ended, p, count_work, NULL, &x);
	if (rc == 0) rc = add_by_intervention(c, t, (const struct tally *const[]){&x.ended, &x.work, NULL});
	if (rc) return rc;
	report_table_sort(t);
	add_total(t, 0, &x.ended_total);
	add_total(t, 1, &x.work_total);
	return finish(c, p, t);
}

static const struct report_column col_transition[] = {
	{"before", "Försörjning före", REPORT_KEY_TEXT},
	{"after", "Försörjning efter", REPORT_KEY_TEXT},
};

/* Unique people per pair of income sources, at the start and at the exit
 * of an enrolment ended in the period (an enrolment with several sources is
 * in every pair), and the people of the pairs in all. A pair's key is its
 * two code numbers, the start's times PAIR_BASE. */
#define PAIR_BASE 1024
struct income_pass {
	struct code_index codes;
	struct tally pairs, total;
	bool overflow; /* a code list of PAIR_BASE codes or more: not counted */
};

static void count_income(void *state, struct stmt *s, int64_t person, bool woman)
{
	struct income_pass *x = state;
	size_t before = code_index_of(&x->codes, stmt_text(s, 2)), after = code_index_of(&x->codes, stmt_text(s, 3));
	if (before >= PAIR_BASE || after >= PAIR_BASE) {
		x->overflow = true;
		return;
	}
	tally_person(&x->pairs, before * PAIR_BASE + after, person, woman);
	tally_person(&x->total, 0, person, woman);
}

static const char *const sql_pass_income[2] =
	PASS(", b.code, a.code",
	     " CROSS JOIN enrolment_income_sources b CROSS JOIN enrolment_income_sources a",
	     ENDED("e") " AND b.enrolment_id = e.id AND b.phase = 'start' AND a.enrolment_id = e.id AND a.phase = 'exit'");

/* The order of the code list: codes not in it (none, as the API checks
 * them) first by code, then the list's in its order. */
static size_t *income_order(struct ctx *c, const struct code_index *x, size_t listed)
{
	size_t *order = arena_alloc(c->arena, sizeof *order * (x->n ? x->n : 1)), n = 0;
	for (size_t i = listed; i < x->n; i++) {
		size_t j = n++;
		for (; j > 0 && strcmp(x->code[order[j - 1]], x->code[i]) > 0; j--) order[j] = order[j - 1];
		order[j] = i;
	}
	for (size_t i = 0; i < listed; i++) order[n++] = i;
	return order;
}

int report_income_transitions(struct ctx *c, struct report_params *p, struct report_table *t)
{
	if (check(c, p, PERIOD, NULL, NULL) != 0) return c->err.code;
	report_table_init(t, c->arena, 2, col_transition, 1, one_group_overlapping);
	struct income_pass x = {0};
	code_index_init(&x.codes, c->arena);
	tally_init(&x.pairs, c->arena);
	tally_init(&x.total, c->arena);
	/* The code list first, so that its numbers are its order. */
	struct stmt *s = store_prepare(c->db, "SELECT code FROM codes WHERE list = 'income_source' ORDER BY sort_order, code");
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) code_index_of(&x.codes, stmt_text(s, 0));
	stmt_done(s);
	if (rc < 0) return failed(c);
	size_t listed = x.codes.n;
	if (pass(c, sql_pass_income, p, count_income, NULL, &x) != 0) return c->err.code;
	if (x.overflow) return failed(c);
	size_t *order = income_order(c, &x.codes, listed);
	for (size_t i = 0; i < x.codes.n; i++) {
		for (size_t j = 0; j < x.codes.n; j++) {
			size_t key = order[i] * PAIR_BASE + order[j];
			int64_t women = tally_women(&x.pairs, key), men = tally_men(&x.pairs, key);
			if (!women && !men) continue;
			struct report_key k[2] = {{.text = x.codes.code[order[i]]}, {.text = x.codes.code[order[j]]}};
			report_table_add(t, k, 0, women, men);
		}
	}
	add_total(t, 0, &x.total);
	return finish(c, p, t);
}

/* --- interventions ------------------------------------------------------ */

enum { IG_NAMED, IG_ANONYMOUS, IG_STARTED, IG_ENDED, IG_VOLUME, IG_ATTENDEES, IG_COUNT };
static const struct report_group intervention_groups[IG_COUNT] = {
	{"named", "Namngivna deltagare", REPORT_COUNT, false, 0, 0},
	{"anonymous", "Anonyma deltagare", REPORT_COUNT, false, 0, 0},
	{"enrolments_started", "Påbörjade inskrivningar", REPORT_COUNT, true, 0, 0},
	{"enrolments_ended", "Avslutade inskrivningar", REPORT_COUNT, true, 0, 0},
	{"volume", "Volym", REPORT_COUNT, true, 0, 0},
	{"attendees", "Unika kursdeltagare", REPORT_COUNT, false, 0, 0},
};

/* Per intervention, the unique named and anonymous people of the
 * enrolments overlapping the year, and the enrolments started and ended in
 * it; the people in all. */
struct intervention_pass {
	const char *from, *until;
	struct tally by_group[4]; /* IG_NAMED … IG_ENDED */
	struct tally total[2];    /* named, anonymous */
};

static void count_year(void *state, struct stmt *s, int64_t person, bool woman)
{
	struct intervention_pass *x = state;
	bool anonymous = stmt_int(s, 2) != 0;
	size_t iv = (size_t)stmt_int(s, 3);
	const char *start = stmt_text(s, 4), *end = stmt_text(s, 5);
	bool started = strcmp(start, x->from) >= 0 && strcmp(start, x->until) <= 0;
	bool ended = end && strcmp(end, x->from) >= 0 && strcmp(end, x->until) <= 0;
	if (strcmp(start, x->until) <= 0 && (!end || strcmp(end, x->from) >= 0) && strcmp(x->until, x->from) >= 0) {
		tally_person(&x->by_group[anonymous ? IG_ANONYMOUS : IG_NAMED], iv, person, woman);
		tally_person(&x->total[anonymous], 0, person, woman);
	}
	if (started) tally_add(&x->by_group[IG_STARTED], iv, woman);
	if (ended) tally_add(&x->by_group[IG_ENDED], iv, woman);
}

/* Every enrolment that overlaps the year or started or ended in it. */
static const char *const sql_pass_year = PASS_ALL(
	", p.anonymous, e.intervention_id, e.start_date, e.end_date", "",
	LIVE("e") " AND ((e.start_date <= :until AND (e.end_date IS NULL OR e.end_date >= :from) AND :until >= :from)"
		  " OR (e.start_date >= :from AND e.start_date <= :until) OR (e.end_date >= :from AND e.end_date <= :until))");

int report_interventions(struct ctx *c, struct report_params *p, struct report_table *t)
{
	p->intervention_id = 0; /* a report over all interventions */
	if (check(c, p, YEAR, NULL, NULL) != 0) return c->err.code;
	report_table_init(t, c->arena, 2, col_intervention, IG_COUNT, intervention_groups);
	struct report_key key[2] = {{0}};
	struct stmt *s = prepare(c, "SELECT name, id FROM interventions WHERE start_date <= :to AND (end_date IS NULL OR end_date >= :from)", p);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		read_key(s, t, key);
		report_table_row(t, key);
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	struct intervention_pass x = {.from = p->from, .until = p->until};
	for (int g = 0; g < 4; g++) tally_init(&x.by_group[g], c->arena);
	tally_init(&x.total[0], c->arena);
	tally_init(&x.total[1], c->arena);
	if (report_pass(prepare(c, sql_pass_year, p), count_year, NULL, &x) < 0) return failed(c);
	rc = add_by_intervention(c, t, (const struct tally *const[]){&x.by_group[IG_NAMED], &x.by_group[IG_ANONYMOUS],
								 &x.by_group[IG_STARTED], &x.by_group[IG_ENDED], NULL, NULL});
	add_total(t, IG_NAMED, &x.total[0]);
	add_total(t, IG_ANONYMOUS, &x.total[1]);
	if (rc == 0)
		rc = collect(c, prepare(c, "SELECT i.name, i.id, SUM(v.women), SUM(v.men), SUM(v.women + v.men) FROM volumes v JOIN interventions i"
					   " ON i.id = v.intervention_id WHERE v.period_start >= :from AND v.period_start <= :until GROUP BY i.name, i.id",
				     p),
			     t, IG_VOLUME);
	if (rc == 0)
		rc = collect(c, prepare(c, A_PEOPLE "SELECT i.name, i.id, " WOMEN_MEN("k") " FROM (SELECT DISTINCT a.intervention_id AS iid,"
					   " a.person_key FROM attendees a WHERE " A_IN ") x JOIN k ON k.person_key = x.person_key"
					   " JOIN interventions i ON i.id = x.iid GROUP BY i.name, i.id",
				     p),
			     t, IG_ATTENDEES);
	if (rc == 0) rc = collect_sum(c, prepare(c, A_PEOPLE "SELECT " WOMEN_MEN("k") " FROM k", p), t, IG_ATTENDEES);
	if (rc) return rc;
	report_table_sum_rows(t, IG_STARTED);
	report_table_sum_rows(t, IG_ENDED);
	report_table_sum_rows(t, IG_VOLUME);
	report_table_sort(t);
	return finish(c, p, t);
}

/* --- costs, funding ------------------------------------------------------ */

static int64_t div_round(int64_t a, int64_t b)
{
	return b > 0 ? (a * 2 + b) / (2 * b) : -1;
}

static struct report_cost *cost_item(struct report_costs *out, int64_t id)
{
	for (size_t i = 0; i < out->n; i++)
		if (out->items[i].intervention_id == id) return &out->items[i];
	return NULL;
}

static void cost_per_participant(int64_t cost, const struct report_count *people, int64_t *out)
{
	*out = people->hidden & REPORT_HIDE_TOTAL ? -1 : div_round(cost, people->total);
}

int report_costs(struct ctx *c, struct report_params *p, struct report_costs *out)
{
	p->intervention_id = 0;
	if (check(c, p, YEAR, NULL, NULL) != 0) return c->err.code;
	memset(out, 0, sizeof *out);
	out->year = p->year;
	/* The interventions of the year: running in it, or with a budget for it. */
	struct stmt *s = prepare(c, "SELECT COUNT(*) FROM interventions i WHERE (i.start_date <= :to AND (i.end_date IS NULL OR"
				    " i.end_date >= :from)) OR EXISTS (SELECT 1 FROM intervention_budgets b WHERE b.intervention_id = i.id"
				    " AND b.year = :year)",
				 p);
	int64_t cap;
	int rc = stmt_scalar(s, &cap);
	if (rc < 0) return failed(c);
	out->items = arena_zalloc(c->arena, sizeof *out->items * (size_t)(cap ? cap : 1));
	s = prepare(c, "SELECT i.id, i.name, i.kind FROM interventions i WHERE (i.start_date <= :to AND (i.end_date IS NULL OR"
		       " i.end_date >= :from)) OR EXISTS (SELECT 1 FROM intervention_budgets b WHERE b.intervention_id = i.id"
		       " AND b.year = :year) ORDER BY i.name, i.id",
		    p);
	while ((rc = stmt_step(s)) == STORE_ROW && (int64_t)out->n < cap) {
		struct report_cost *it = &out->items[out->n++];
		it->intervention_id = stmt_int(s, 0);
		it->name = arena_strdup(c->arena, stmt_text(s, 1));
		it->kind = arena_strdup(c->arena, stmt_text(s, 2));
		it->funders = arena_zalloc(c->arena, sizeof *it->funders * 5); /* one row per funder of the schema */
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	s = prepare(c, "SELECT b.intervention_id, b.funder, b.amount_sek, b.actual_sek FROM intervention_budgets b WHERE b.year = :year"
		       " ORDER BY b.intervention_id, CASE b.funder WHEN 'state' THEN 1 WHEN 'municipality' THEN 2"
		       " WHEN 'region' THEN 3 WHEN 'esf' THEN 4 ELSE 5 END",
		    p);
	while ((rc = stmt_step(s)) == STORE_ROW) {
		struct report_cost *it = cost_item(out, stmt_int(s, 0));
		if (!it || it->nfunders == 5) continue;
		struct report_cost_funder *f = &it->funders[it->nfunders++];
		f->funder = arena_strdup(c->arena, stmt_text(s, 1));
		f->budget_sek = stmt_int(s, 2);
		f->has_actual = !stmt_is_null(s, 3);
		f->actual_sek = stmt_int(s, 3);
		it->budget_sek += f->budget_sek;
		if (f->has_actual) {
			it->actual_sek += f->actual_sek;
			it->has_actual = true;
		}
		it->cost_sek += f->has_actual ? f->actual_sek : f->budget_sek;
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	struct people_by_intervention x;
	if (people_by_intervention(c, p, &x) != 0) return c->err.code;
	for (size_t i = 0; i < out->n; i++) {
		struct report_count *people = &out->items[i].participants;
		people->women = tally_women(&x.people, (size_t)out->items[i].intervention_id);
		people->men = tally_men(&x.people, (size_t)out->items[i].intervention_id);
		people->total = people->women + people->men;
	}
	out->participants.women = tally_women(&x.total, 0);
	out->participants.men = tally_men(&x.total, 0);
	out->participants.total = out->participants.women + out->participants.men;
	for (size_t i = 0; i < out->n; i++) {
		struct report_cost *it = &out->items[i];
		if (p->suppress) report_count_suppress(&it->participants, p->suppress);
		cost_per_participant(it->cost_sek, &it->participants, &it->cost_per_participant_sek);
		out->budget_sek += it->budget_sek;
		out->actual_sek += it->actual_sek;
		out->has_actual |= it->has_actual;
		out->cost_sek += it->cost_sek;
	}
	if (p->suppress) report_count_suppress(&out->participants, p->suppress);
	cost_per_participant(out->cost_sek, &out->participants, &out->cost_per_participant_sek);
	return 0;
}

int report_funding(struct ctx *c, struct report_params *p, struct report_funding *out)
{
	p->intervention_id = 0;
	if (check(c, p, YEAR, NULL, NULL) != 0) return c->err.code;
	memset(out, 0, sizeof *out);
	out->year = p->year;
	const char *const *kinds = settings_kind_names;
	int pct[SETTINGS_KINDS];
	if (settings_funding_benchmark(c, pct) != 0) return c->err.code;
	for (int k = 0; k < 3; k++) {
		out->kinds[k].kind = kinds[k];
		out->kinds[k].benchmark_percent = pct[k];
	}
	struct stmt *s = prepare(c, "SELECT i.kind, SUM(b.amount_sek), SUM(b.actual_sek), COUNT(b.actual_sek)"
				    " FROM intervention_budgets b JOIN interventions i ON i.id = b.intervention_id"
				    " WHERE b.year = :year GROUP BY i.kind",
				 p);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		for (int k = 0; k < 3; k++) {
			if (strcmp(stmt_text(s, 0), kinds[k]) != 0) continue;
			out->kinds[k].budget_sek = stmt_int(s, 1);
			out->kinds[k].actual_sek = stmt_int(s, 2);
			out->kinds[k].has_actual = stmt_int(s, 3) > 0;
			out->budget_sek += stmt_int(s, 1);
		}
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	for (int k = 0; k < 3; k++) out->kinds[k].percent_tenths = report_share_tenths(out->kinds[k].budget_sek, out->budget_sek);
	return 0;
}

/* --- goals ------------------------------------------------------------- */

/* The people behind the goals of the participant indicators, counted in
 * C: each goal's enrolments give participant ids into a set (unique), and
 * the set of women, read once per report from participants_report, gives
 * the sex. Looking up each person's sex in the participants table instead
 * cost 60 ms per goal of 45 000 people at a million participants, and a
 * year has dozens of goals; the set of women is one index scan. */
struct goal_people {
	struct idset women, seen;
	bool ready;
};

static int goal_people_init(struct ctx *c, struct goal_people *g)
{
	if (g->ready) return 0;
	int64_t max;
	if (stmt_scalar(store_prepare(c->db, "SELECT COALESCE(MAX(id), 0) FROM participants"), &max) < 0) return failed(c);
	idset_init(&g->women, c->arena, max);
	idset_init(&g->seen, c->arena, max);
	struct stmt *s = store_prepare(c->db, "SELECT p.id FROM participants p WHERE p.sex = 'female'");
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) idset_add(&g->women, stmt_int(s, 0));
	stmt_done(s);
	if (rc < 0) return failed(c);
	g->ready = true;
	return 0;
}

/* Is participant id a woman? One registered after the set was read (a
 * larger id) is looked up. */
static int is_woman_id(struct ctx *c, struct goal_people *g, int64_t id, bool *woman)
{
	if (id <= g->women.max) {
		*woman = idset_has(&g->women, id);
		return 0;
	}
	struct stmt *s = store_prepare(c->db, "SELECT p.sex = 'female' FROM participants p WHERE p.id = :id");
	stmt_bind_int(s, ":id", id);
	int64_t v;
	if (stmt_scalar(s, &v) < 0) return failed(c);
	*woman = v == 1;
	return 0;
}

/* The unique participants of the ids s gives, by sex. */
static int count_goal_people(struct ctx *c, struct stmt *s, struct goal_people *g, struct report_count *out)
{
	memset(out, 0, sizeof *out);
	idset_clear(&g->seen);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		int64_t id = stmt_int(s, 0);
		if (id <= g->seen.max && !idset_add(&g->seen, id)) continue;
		bool woman = false;
		if (is_woman_id(c, g, id, &woman) != 0) break;
		if (woman) out->women++;
		else out->men++;
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	out->total = out->women + out->men;
	return c->err.code;
}

/* Measures one goal for intervention p->intervention_id in the year. */
static int measure(struct ctx *c, const struct report_params *p, struct goal_people *people, struct report_goal *g)
{
	const char *ind = g->indicator;
	struct stmt *s;
	bool by_id = false;
	if (strcmp(ind, "participants") == 0)
		s = prepare(c, "SELECT e.participant_id FROM enrolments e WHERE " OVERLAPS("e") " AND e.intervention_id = :iv", p),
		by_id = true;
	else if (strcmp(ind, "work_or_studies") == 0)
		s = prepare(c, "SELECT e.participant_id FROM enrolments e WHERE " ENDED("e") WORK_OR_STUDIES " AND e.intervention_id = :iv",
			    p),
		by_id = true;
	else if (strcmp(ind, "attendees") == 0 || strcmp(ind, "mentors_trained") == 0)
		s = prepare(c, A_PEOPLE "SELECT " WOMEN_MEN("k") " FROM k", p);
	else if (strcmp(ind, "volume") == 0)
		s = prepare(c, "SELECT SUM(v.women), SUM(v.men), SUM(v.women + v.men) FROM volumes v WHERE v.intervention_id = :iv AND v.period_start >= :from"
			       " AND v.period_start <= :until",
			    p);
	else
		return 0; /* not an indicator Samsyn measures: shown unmeasured */
	g->measured = true;
	if (!by_id) return count_one(c, s, &g->value);
	if (goal_people_init(c, people) != 0) {
		stmt_done(s);
		return c->err.code;
	}
	return count_goal_people(c, s, people, &g->value);
}

int report_goals(struct ctx *c, struct report_params *p, struct report_goals *out)
{
	p->intervention_id = 0;
	if (check(c, p, YEAR, NULL, NULL) != 0) return c->err.code;
	memset(out, 0, sizeof *out);
	out->year = p->year;
	struct stmt *s = prepare(c, "SELECT COUNT(*) FROM intervention_goals WHERE year = :year", p);
	int64_t cap;
	int rc = stmt_scalar(s, &cap);
	if (rc < 0) return failed(c);
	out->items = arena_zalloc(c->arena, sizeof *out->items * (size_t)(cap ? cap : 1));
	s = prepare(c, "SELECT g.intervention_id, i.name, g.indicator, g.target FROM intervention_goals g"
		       " JOIN interventions i ON i.id = g.intervention_id WHERE g.year = :year ORDER BY i.name, i.id, g.indicator",
		    p);
	while ((rc = stmt_step(s)) == STORE_ROW && (int64_t)out->n < cap) {
		struct report_goal *g = &out->items[out->n++];
		g->intervention_id = stmt_int(s, 0);
		g->intervention = arena_strdup(c->arena, stmt_text(s, 1));
		g->indicator = arena_strdup(c->arena, stmt_text(s, 2));
		g->target = stmt_int(s, 3);
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	struct goal_people people = {0};
	int64_t mark = -1;
	for (size_t i = 0; i < out->n; i++) {
		struct report_goal *g = &out->items[i];
		struct report_params one = *p;
		one.intervention_id = g->intervention_id;
		/* A goal's measurement is kept while its records stay the same
		 * (figure_cache.h): the start page and this report ask often. */
		const char *key = arena_printf(c->arena, "goal %lld %s %d", (long long)g->intervention_id, g->indicator, p->year);
		size_t size;
		struct report_goal *kept = figure_cache_get(c, key, &size);
		if (kept && size == sizeof *g) {
			g->measured = kept->measured;
			g->value = kept->value;
		} else {
			if (mark < 0 && figure_cache_mark(c, &mark) != 0) return c->err.code;
			if (measure(c, &one, &people, g) != 0) return c->err.code;
			figure_cache_put(key, mark, g, sizeof *g);
		}
		if (p->suppress && g->measured) report_count_suppress(&g->value, p->suppress);
		g->progress_tenths = g->measured && !(g->value.hidden & REPORT_HIDE_TOTAL)
					     ? report_share_tenths(g->value.total, g->target)
					     : -1;
	}
	return 0;
}

/* --- SUS export ---------------------------------------------------------- */

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Codes joined with '|' in the order the statement gives them, and their
 * labels so joined beside them. */
static void put_codes(struct csvw *w, struct strbuf *codes, struct strbuf *labels)
{
	csvw_text(w, codes->len ? codes->buf : NULL);
	csvw_text(w, labels->len ? labels->buf : NULL);
	strbuf_truncate(codes, 0);
	strbuf_truncate(labels, 0);
}

/* A code and its label (SUS's Swedish category name) beside it. */
static void put_code(struct csvw *w, const struct code_labels *l, const char *list, const char *code)
{
	csvw_text(w, code);
	csvw_text(w, label_in(l, list, code));
}

int report_sus_export(struct ctx *c, struct report_params *p, struct csvw *w)
{
	if (c->actor && !actor_has(c->actor, ROLE_KANSLI) && !access_participants(c->actor))
		return err_set(&c->err, ERR_FORBIDDEN, "SUS-exporten kräver behörighet till deltagare eller kanslirollen.");
	if (check(c, p, PERIOD, NULL, NULL) != 0) return c->err.code;
	static const char *const header[] = {
		"insats_id", "insats", "deltagare_id", "personnummer", "kon", "fodelsear", "kommunkod", "kommun",
		"startdatum", "slutdatum", "sysselsattning_fore", "sysselsattning_fore_benamning", "utbildningsniva",
		"utbildningsniva_benamning", "tid_i_offentlig_forsorjning", "tid_i_offentlig_forsorjning_benamning",
		"forsorjning_fore", "forsorjning_fore_benamning", "sysselsattning_efter", "sysselsattning_efter_benamning",
		"avslutsorsak", "avslutsorsak_benamning", "forsorjning_efter", "forsorjning_efter_benamning",
		"uppfoljning_6_man", "uppfoljning_6_man_benamning", "uppfoljning_12_man", "uppfoljning_12_man_benamning",
	};
	const struct code_labels *labels = load_labels(c);
	for (size_t i = 0; i < sizeof header / sizeof header[0]; i++) csvw_text(w, header[i]);
	csvw_row_end(w);

	/* A case worker exports the enrolments she sees (access.h: those of
	 * her organisation's interventions), with the personnummer; an admin
	 * every one with it; kansli without any: the förbund's own office every
	 * enrolment (it reports to SUS), another organisation's kansli those of
	 * its interventions. */
	bool kansli_only = !access_participants(c->actor);
	bool every_row = kansli_only && access_forbund_office(c);
	struct stmt *s = store_prepare(c->db,
		"SELECT e.id, e.intervention_id, i.name, e.participant_id,"
		" CASE WHEN :with_pnr = 1 AND p.anonymous = 0 THEN p.personnummer END,"
		" p.sex, p.birth_year, p.municipality_code, e.start_date, e.end_date, e.occupation_before, e.education_level,"
		" e.support_time, e.outcome, e.exit_reason, e.followup_6m, e.followup_12m"
		" FROM enrolments e JOIN participants p ON p.id = e.participant_id JOIN interventions i ON i.id = e.intervention_id"
		" WHERE " ACCESS_ENROLMENT_SQL " AND " OVERLAPS("e") " AND " ONE_OR_ALL("e") " ORDER BY e.id");
	stmt_bind_int(s, ":with_pnr", kansli_only ? 0 : 1);
	if (every_row) {
		stmt_bind_int(s, ":all", 1);
		stmt_bind_int(s, ":org", 0);
	} else {
		access_bind(s, c->actor);
	}
	bind_report(s, p);
	/* Income sources of the same enrolments, merged in by enrolment id. */
	struct stmt *src = prepare(c, "SELECT x.enrolment_id, x.phase, x.code FROM enrolment_income_sources x"
				      " JOIN enrolments e ON e.id = x.enrolment_id WHERE " OVERLAPS("e") " AND " ONE_OR_ALL("e")
				      " ORDER BY x.enrolment_id, x.phase, x.code",
				   p);
	int src_rc = stmt_step(src);
	struct strbuf before, after, before_labels, after_labels;
	strbuf_init(&before);
	strbuf_init(&after);
	strbuf_init(&before_labels);
	strbuf_init(&after_labels);
	int64_t *ids = NULL;
	size_t nids = 0, cap = 0;
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		int64_t eid = stmt_int(s, 0);
		while (src_rc == STORE_ROW && stmt_int(src, 0) <= eid) {
			if (stmt_int(src, 0) == eid) {
				bool start = strcmp(stmt_text(src, 1), "start") == 0;
				struct strbuf *sb = start ? &before : &after, *lb = start ? &before_labels : &after_labels;
				const char *label = label_in(labels, "income_source", stmt_text(src, 2));
				if (sb->len) strbuf_putc(sb, '|'), strbuf_putc(lb, '|');
				strbuf_puts(sb, stmt_text(src, 2));
				strbuf_puts(lb, label ? label : stmt_text(src, 2));
			}
			src_rc = stmt_step(src);
		}
		if (nids == cap) {
			cap = cap ? cap * 2 : 1024;
			ids = xrealloc(ids, sizeof *ids * cap);
		}
		ids[nids++] = stmt_int(s, 3);
		csvw_int(w, stmt_int(s, 1));
		csvw_text(w, stmt_text(s, 2));
		csvw_int(w, stmt_int(s, 3));
		csvw_text(w, stmt_text(s, 4));
		csvw_text(w, strcmp(stmt_text(s, 5), "female") == 0 ? "K" : "M");
		csvw_int(w, stmt_int(s, 6));
		csvw_text(w, stmt_text(s, 7));
		csvw_text(w, stmt_text(s, 7) ? kommun_name(stmt_text(s, 7)) : NULL);
		csvw_text(w, stmt_text(s, 8));
		csvw_text(w, stmt_text(s, 9));
		put_code(w, labels, "occupation", stmt_text(s, 10));
		put_code(w, labels, "education_level", stmt_text(s, 11));
		put_code(w, labels, "support_time", stmt_text(s, 12));
		put_codes(w, &before, &before_labels);
		put_code(w, labels, "occupation", stmt_text(s, 13));
		put_code(w, labels, "exit_reason", stmt_text(s, 14));
		put_codes(w, &after, &after_labels);
		put_code(w, labels, "occupation", stmt_text(s, 15));
		put_code(w, labels, "occupation", stmt_text(s, 16));
		csvw_row_end(w);
	}
	stmt_done(s);
	stmt_done(src);
	strbuf_free(&before);
	strbuf_free(&after);
	strbuf_free(&before_labels);
	strbuf_free(&after_labels);
	if (rc < 0 || src_rc < 0) {
		free(ids);
		return failed(c);
	}
	/* One audit event per participant exported, all or none. */
	if (nids) qsort(ids, nids, sizeof *ids, id_cmp); /* ids is NULL for an empty export */
	size_t n = 0;
	for (size_t i = 0; i < nids; i++)
		if (i == 0 || ids[i] != ids[i - 1]) ids[n++] = ids[i];
	rc = audit_reads(c, "participant", ids, n, "sus-export", "Kunde inte skriva i loggen.");
	free(ids);
	return rc;
}
