/* participant_import.c — participants and enrolments from CSV, all or
 * nothing (participant_import.h). Each line is handed to participant_create
 * and enrolment_create, which run as savepoints inside the import's
 * transaction: a bad line is undone alone and reported with every fault it
 * has (its participant and its enrolment are both checked, whatever the
 * other's faults), and at the end any report at all rolls the whole import
 * back. Codes may be written as their Swedish labels (the code lists' and
 * target groups' own, and municipality names). */
#include "participant_import.h"
#include "csv_import.h"
#include "enrolment.h"
#include "participant.h"
#include "../base/clock.h"
#include "../se/kommun.h"
#include "../store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum column {
	COL_REF, COL_PERSONNUMMER, COL_FIRST_NAME, COL_LAST_NAME, COL_ANONYMOUS, COL_PROTECTED, COL_SEX,
	COL_BIRTH_YEAR, COL_MUNICIPALITY, COL_TARGET_GROUPS, COL_INTERVENTION, COL_START, COL_END,
	COL_OCCUPATION_BEFORE, COL_EDUCATION, COL_SUPPORT_TIME, COL_INCOME_BEFORE, COL_OUTCOME, COL_EXIT_REASON,
	COL_INCOME_AFTER, COL_FOLLOWUP_6M, COL_FOLLOWUP_12M, COL_COUNT
};

/* Column names of the file. */
static const char *const column_names[COL_COUNT] = {
	[COL_REF] = "ref",
	[COL_PERSONNUMMER] = "personnummer",
	[COL_FIRST_NAME] = "first_name",
	[COL_LAST_NAME] = "last_name",
	[COL_ANONYMOUS] = "anonymous",
	[COL_PROTECTED] = "protected_identity",
	[COL_SEX] = "sex",
	[COL_BIRTH_YEAR] = "birth_year",
	[COL_MUNICIPALITY] = "municipality_code",
	[COL_TARGET_GROUPS] = "target_groups",
	[COL_INTERVENTION] = "intervention_id",
	[COL_START] = "start_date",
	[COL_END] = "end_date",
	[COL_OCCUPATION_BEFORE] = "occupation_before",
	[COL_EDUCATION] = "education_level",
	[COL_SUPPORT_TIME] = "support_time",
	[COL_INCOME_BEFORE] = "income_sources_before",
	[COL_OUTCOME] = "outcome",
	[COL_EXIT_REASON] = "exit_reason",
	[COL_INCOME_AFTER] = "income_sources_after",
	[COL_FOLLOWUP_6M] = "followup_6m",
	[COL_FOLLOWUP_12M] = "followup_12m",
};

/* Per column, the name the domain uses for the same field in its
 * invalid_parameters (to turn its reasons into ours), and whether the
 * column holds codes, which a reason may name (a date or a name it may not). */
static const struct {
	const char *field;
	bool codes;
} domain_fields[COL_COUNT] = {
	[COL_REF] = {NULL, false},
	[COL_PERSONNUMMER] = {"personnummer", false},
	[COL_FIRST_NAME] = {"first_name", false},
	[COL_LAST_NAME] = {"last_name", false},
	[COL_ANONYMOUS] = {"anonymous", false},
	[COL_PROTECTED] = {"protected_identity", false},
	[COL_SEX] = {"sex", true},
	[COL_BIRTH_YEAR] = {"birth_year", false},
	[COL_MUNICIPALITY] = {"municipality_code", true},
	[COL_TARGET_GROUPS] = {"target_groups", true},
	[COL_INTERVENTION] = {"intervention_id", false},
	[COL_START] = {"start_date", false},
	[COL_END] = {"end_date", false},
	[COL_OCCUPATION_BEFORE] = {"background.occupation", true},
	[COL_EDUCATION] = {"background.education_level", true},
	[COL_SUPPORT_TIME] = {"background.support_time", true},
	[COL_INCOME_BEFORE] = {"background.income_sources", true},
	[COL_OUTCOME] = {"outcome", true},
	[COL_EXIT_REASON] = {"exit_reason", true},
	[COL_INCOME_AFTER] = {"exit.income_sources", true},
	[COL_FOLLOWUP_6M] = {"followup_6m", true},
	[COL_FOLLOWUP_12M] = {"followup_12m", true},
};

/* A person met earlier in the file: by personnummer or by ref. */
struct seen {
	const char *key; /* "p:" + 12 digits, or "r:" + ref */
	int64_t id;
	long line;
	const char *first_name, *last_name;
	struct seen *next;
};

struct import {
	struct ctx *c;
	struct import_result *out;
	struct csv_import ci;
	struct csv_import_line line; /* the current line, its faults joined: one reason per line */
	struct seen *buckets[4096];
	int64_t *updated_ids; /* existing participants that got enrolments */
	size_t nupdated, capupdated;
	bool pnr_reported;    /* the line's personnummer fault is in its faults already */
};

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct seen *seen_find(struct import *im, const char *key)
{
	for (struct seen *p = im->buckets[hash(key) % 4096]; p; p = p->next)
		if (strcmp(p->key, key) == 0) return p;
	return NULL;
}

static struct seen *seen_add(struct import *im, const char *key, int64_t id, long line)
{
	struct seen *p = arena_zalloc(im->c->arena, sizeof *p);
	p->key = arena_strdup(im->c->arena, key);
	p->id = id;
	p->line = line;
	unsigned b = hash(key) % 4096;
	p->next = im->buckets[b];
	im->buckets[b] = p;
	return p;
}

/* One fault of the current line. */
static void fault(struct import *im, const char *reason)
{
	csv_import_fault(&im->line, "%s", reason);
}

/* The domain's error as faults of the line, naming the file's columns (and
 * the value of a code column: which of three codes was wrong). */
static void domain_faults(struct import *im)
{
	struct err *e = &im->c->err;
	if (e->nparams == 0) fault(im, e->msg);
	for (int i = 0; i < e->nparams; i++) {
		const char *name = e->params[i].name, *col = name;
		bool codes = false;
		for (int k = 0; k < COL_COUNT; k++) {
			size_t n = domain_fields[k].field ? strlen(domain_fields[k].field) : 0;
			if (n && strncmp(name, domain_fields[k].field, n) == 0 && (name[n] == 0 || name[n] == '['))
				col = column_names[k], codes = domain_fields[k].codes;
		}
		if (strcmp(col, "personnummer") == 0 && im->pnr_reported) continue;
		const char *value = e->params[i].value;
		fault(im, codes && value[0] ? arena_printf(im->c->arena, "%s \"%s\": %s", col, value, e->params[i].reason)
					    : arena_printf(im->c->arena, "%s: %s", col, e->params[i].reason));
	}
	err_clear(e);
}

/* The field, copied to c->arena: the reader's buffer is reused per record,
 * and names are kept past their line (struct seen). */
static const char *field(struct import *im, enum column k)
{
	const char *v = csv_import_field(&im->ci, &im->line, k);
	return v ? arena_strdup(im->c->arena, v) : NULL;
}

/* "a|b|c" → an arena array; empty parts are skipped. */
static const char **split(struct import *im, const char *v, size_t *n)
{
	*n = 0;
	if (!v) return NULL;
	size_t cap = 1;
	for (const char *p = v; *p; p++) cap += *p == '|';
	const char **out = arena_alloc(im->c->arena, cap * sizeof *out);
	const char *start = v;
	for (const char *p = v;; p++) {
		if (*p == '|' || *p == 0) {
			while (start < p && *start == ' ') start++;
			const char *end = p;
			while (end > start && end[-1] == ' ') end--;
			if (end > start) out[(*n)++] = arena_strndup(im->c->arena, start, (size_t)(end - start));
			if (*p == 0) break;
			start = p + 1;
		}
	}
	return out;
}

/* ja/nej, true/false, 1/0; empty is false. -1 when it is none of them. */
static int parse_bool(const char *v)
{
	if (!v) return 0;
	static const char *const yes[] = {"1", "true", "ja", "j", "yes", "x"}, *const no[] = {"0", "false", "nej", "n", "no"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcasecmp(v, yes[i]) == 0) return 1;
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcasecmp(v, no[i]) == 0) return 0;
	return -1;
}

/* The sex as the API names it; K/M and kvinna/man are accepted too. */
static const char *parse_sex(const char *v)
{
	if (!v) return NULL;
	if (strcasecmp(v, "female") == 0 || strcasecmp(v, "k") == 0 || strcasecmp(v, "kvinna") == 0) return "female";
	if (strcasecmp(v, "male") == 0 || strcasecmp(v, "m") == 0 || strcasecmp(v, "man") == 0) return "male";
	return v; /* participant_create names it invalid */
}

/* The code a value names in a code list: the code itself, or its label
 * as the list writes it ("Aktivt arbetssökande" is job_seeking); list ""
 * is the target groups, by code or name ("Målgrupp A"). Anything else is
 * returned as it is, for the domain to name invalid. */
static const char *list_code(struct import *im, const char *list, const char *v)
{
	if (!v) return NULL;
	struct stmt *s = store_prepare(im->c->db, "SELECT code FROM (SELECT list, code, label FROM codes"
						  " UNION ALL SELECT '', code, name FROM target_groups) AS known"
						  " WHERE list = :list AND (code = :code OR LOWER(label) = LOWER(:label)) ORDER BY code = :code DESC LIMIT 1");
	stmt_bind_text(s, ":list", list);
	stmt_bind_text(s, ":code", v);
	stmt_bind_text(s, ":label", v);
	const char *code = stmt_step(s) == STORE_ROW ? arena_strdup(im->c->arena, stmt_text(s, 0)) : v;
	stmt_done(s);
	return code;
}

static void list_codes(struct import *im, const char *list, const char **codes, size_t n)
{
	for (size_t i = 0; i < n; i++) codes[i] = list_code(im, list, codes[i]);
}

/* A municipality by its code or its name ("Trollhättan"). */
static const char *municipality_code(const char *v)
{
	const char *code = v && !kommun_name(v) ? kommun_code_by_name(v) : NULL;
	return code ? code : v;
}

/* The header's rules beyond known columns, each once (csv_import_header). */
static int check_header(struct import *im)
{
	struct csv_import *ci = &im->ci;
	if (!csv_import_has(ci, COL_PERSONNUMMER) && !csv_import_has(ci, COL_ANONYMOUS))
		csv_import_bad_line(ci, 1, "Rubrikraden saknar kolumnen personnummer (eller anonymous för anonyma deltagare).");
	if (csv_import_has(ci, COL_START) && !csv_import_has(ci, COL_INTERVENTION))
		csv_import_bad_line(ci, 1, "Kolumnen start_date kräver kolumnen intervention_id.");
	return csv_import_header_end(ci);
}

static void note_updated(struct import *im, int64_t id)
{
	for (size_t i = 0; i < im->nupdated; i++)
		if (im->updated_ids[i] == id) return;
	if (im->nupdated == im->capupdated) {
		size_t cap = im->capupdated ? im->capupdated * 2 : 16;
		int64_t *n = arena_alloc(im->c->arena, cap * sizeof *n);
		if (im->nupdated) memcpy(n, im->updated_ids, im->nupdated * sizeof *n);
		im->updated_ids = n, im->capupdated = cap;
	}
	im->updated_ids[im->nupdated++] = id;
}

/* The participant of this line: met before in the file, already in
 * Samsyn, or created now. Its faults go to im->faults; 0 when there is no
 * participant to enrol (the line's enrolment is then checked alone). */
static int64_t line_participant(struct import *im, bool *existing)
{
	struct ctx *c = im->c;
	*existing = false;
	const char *pnr_text = field(im, COL_PERSONNUMMER), *ref = field(im, COL_REF);
	const char *first = field(im, COL_FIRST_NAME), *last = field(im, COL_LAST_NAME);
	int anonymous = parse_bool(field(im, COL_ANONYMOUS)), protected_id = parse_bool(field(im, COL_PROTECTED));
	if (anonymous < 0) {
		fault(im, "anonymous: Ange ja eller nej (true/false, 1/0).");
		anonymous = pnr_text == NULL; /* to check the rest as what it most likely is */
	}
	if (protected_id < 0) {
		fault(im, "protected_identity: Ange ja eller nej (true/false, 1/0).");
		protected_id = 0;
	}
	char key[96];
	key[0] = 0;
	if (!anonymous && pnr_text) {
		struct pnr pnr;
		if (participant_parse_pnr(pnr_text, &pnr) == PNR_OK) snprintf(key, sizeof key, "p:%s", pnr.normalized);
		/* else participant_create names the fault (never the number itself) */
	} else if (anonymous && ref) {
		snprintf(key, sizeof key, "r:%.80s", ref);
	}
	struct seen *s = key[0] ? seen_find(im, key) : NULL;
	if (s) {
		if ((first && s->first_name && strcmp(first, s->first_name) != 0) ||
		    (last && s->last_name && strcmp(last, s->last_name) != 0))
			fault(im, arena_printf(c->arena, "Samma person som på rad %ld men med ett annat namn.", s->line));
		*existing = s->line == 0;
		return s->id;
	}
	if (key[0] == 'p') {
		int64_t id = participant_id_by_pnr(c, key + 2);
		if (id < 0) {
			domain_faults(im);
			return 0;
		}
		if (id) {
			s = seen_add(im, key, id, 0); /* line 0: in Samsyn before the import */
			*existing = true;
			return id;
		}
	}
	struct participant_input in = {0};
	in.anonymous = anonymous == 1;
	in.protected_identity = protected_id == 1;
	in.personnummer = in.anonymous ? NULL : pnr_text;
	in.first_name = first;
	in.last_name = last;
	in.sex = parse_sex(field(im, COL_SEX));
	in.municipality_code = municipality_code(field(im, COL_MUNICIPALITY));
	in.target_groups = split(im, field(im, COL_TARGET_GROUPS), &in.ntarget_groups);
	list_codes(im, "", in.target_groups, in.ntarget_groups);
	const char *by = field(im, COL_BIRTH_YEAR);
	if (by) {
		char *end;
		in.birth_year = strtoll(by, &end, 10);
		in.has_birth_year = !*end && strlen(by) == 4;
		if (!in.has_birth_year) fault(im, "birth_year: Ange födelseåret med fyra siffror.");
	}
	im->pnr_reported = false;
	if (!in.anonymous && !pnr_text) {
		fault(im, "personnummer: Ange personnummer, eller anonymous = ja för en anonym deltagare.");
		im->pnr_reported = true;
	}
	struct participant p;
	if (participant_create(c, &in, &p) != 0) {
		domain_faults(im);
		return 0;
	}
	im->out->created++;
	if (key[0]) {
		s = seen_add(im, key, p.id, im->line.number);
		s->first_name = p.first_name;
		s->last_name = p.last_name;
	}
	return p.id;
}

/* The line's enrolment, if it has one: created for participant_id, or
 * only checked when the line has no participant (0). Faults to im->faults. */
static void line_enrolment(struct import *im, int64_t participant_id)
{
	const char *iv = field(im, COL_INTERVENTION);
	if (!iv) {
		for (int k = COL_START; k < COL_COUNT; k++)
			if (field(im, (enum column)k)) {
				fault(im, "intervention_id: Ange insatsens id när raden har uppgifter om en inskrivning.");
				return;
			}
		return;
	}
	char *end;
	long long id = strtoll(iv, &end, 10);
	if (*end || id <= 0) {
		fault(im, "intervention_id: Ska vara insatsens id (ett positivt heltal).");
		id = 0; /* the rest of the line is still checked */
	}
	struct enrolment_input in = {0};
	in.participant_id = participant_id;
	in.has_participant_id = true;
	in.intervention_id = id;
	in.has_intervention_id = true;
	struct enrolment *e = &in.e;
	e->start_date = field(im, COL_START);
	e->end_date = field(im, COL_END);
	e->occupation_before = list_code(im, "occupation", field(im, COL_OCCUPATION_BEFORE));
	e->education_level = list_code(im, "education_level", field(im, COL_EDUCATION));
	e->support_time = list_code(im, "support_time", field(im, COL_SUPPORT_TIME));
	e->income_before.codes = split(im, field(im, COL_INCOME_BEFORE), &e->income_before.n);
	list_codes(im, "income_source", e->income_before.codes, e->income_before.n);
	e->outcome = list_code(im, "occupation", field(im, COL_OUTCOME));
	e->exit_reason = list_code(im, "exit_reason", field(im, COL_EXIT_REASON));
	e->income_after.codes = split(im, field(im, COL_INCOME_AFTER), &e->income_after.n);
	list_codes(im, "income_source", e->income_after.codes, e->income_after.n);
	e->followup_6m = list_code(im, "occupation", field(im, COL_FOLLOWUP_6M));
	e->followup_12m = list_code(im, "occupation", field(im, COL_FOLLOWUP_12M));
	struct enrolment out;
	int rc = participant_id ? enrolment_create(im->c, &in, &out) : enrolment_check_new(im->c, &in);
	if (rc != 0) {
		domain_faults(im);
		return;
	}
	if (participant_id) im->out->enrolments++;
}

int participant_import(struct ctx *c, struct csv_reader *csv, struct import_result *out)
{
	memset(out, 0, sizeof *out);
	if (!actor_has(c->actor, ROLE_ADMIN))
		return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer får importera deltagare.");
	struct import *im = arena_zalloc(c->arena, sizeof *im);
	im->c = c;
	im->out = out;
	csv_import_init(&im->ci, c, column_names, COL_COUNT);
	csv_import_line_init(&im->line, csv, c->arena);
	/* A file whose header is wrong never takes the write lock. The lines
	 * themselves are checked by participant_create and enrolment_create,
	 * inside the transaction (a savepoint each). */
	int rc = csv_import_header(&im->ci, csv);
	if (rc == 0) rc = check_header(im);
	if (rc == 0 && csv_import_begin(&im->ci) != 0) {
		csv_import_line_free(&im->line);
		return c->err.code;
	}
	while (rc == 0 && (rc = csv_import_next(&im->ci, &im->line, &c->err)) > 0) {
		rc = 0;
		bool existing = false;
		int64_t pid = 0;
		if (csv_import_line_ok(&im->line)) { /* else it has the wrong number of fields */
			pid = line_participant(im, &existing);
			line_enrolment(im, pid);
		}
		if (csv_import_line_end(&im->ci, &im->line) && existing && field(im, COL_INTERVENTION)) note_updated(im, pid);
	}
	rc = csv_import_end(&im->ci, csv, rc, im->line.read);
	csv_import_line_free(&im->line);
	out->errors = im->ci.errors;
	out->nerrors = im->ci.nerrors;
	out->bad_lines = im->ci.bad_lines;
	if (rc != 0) {
		out->created = out->enrolments = 0;
		return rc;
	}
	out->updated = (int64_t)im->nupdated;
	char detail[128];
	snprintf(detail, sizeof detail, "created %lld, updated %lld, enrolments %lld", (long long)out->created,
		 (long long)out->updated, (long long)out->enrolments);
	if (csv_import_commit(&im->ci, true, "participant", detail) != 0) {
		out->created = out->updated = out->enrolments = 0;
		return c->err.code;
	}
	return 0;
}

/* The label of a code in its list, for the template (the code itself when
 * the list has lost it). */
static const char *label_of(struct ctx *c, const char *list, const char *code)
{
	struct stmt *s = store_prepare(c->db, "SELECT label FROM codes WHERE list = :list AND code = :code");
	stmt_bind_text(s, ":list", list);
	stmt_bind_text(s, ":code", code);
	const char *label = stmt_step(s) == STORE_ROW ? arena_strdup(c->arena, stmt_text(s, 0)) : code;
	stmt_done(s);
	return label;
}

int participant_import_template(struct ctx *c, struct csvw *out)
{
	if (!actor_has(c->actor, ROLE_ADMIN))
		return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer får importera deltagare.");
	/* An intervention of this database that follows participants, and its start. */
	const char *intervention = "1", *start = NULL;
	struct stmt *s = store_prepare(c->db, "SELECT id, start_date FROM interventions WHERE measurement = 'participants'"
					      " ORDER BY status = 'active' DESC, id LIMIT 1");
	if (stmt_step(s) == STORE_ROW) {
		intervention = arena_printf(c->arena, "%lld", (long long)stmt_int(s, 0));
		start = arena_strdup(c->arena, stmt_text(s, 1));
	}
	stmt_done(s);
	s = store_prepare(c->db, "SELECT name FROM target_groups WHERE active = 1 ORDER BY code LIMIT 1");
	const char *group = stmt_step(s) == STORE_ROW ? arena_strdup(c->arena, stmt_text(s, 0)) : NULL;
	stmt_done(s);
	char today[11];
	clock_today(today);
	const char *example[COL_COUNT] = {
		[COL_PERSONNUMMER] = "19850412-0026", /* made up; a woman born 12 April 1985 */
		[COL_FIRST_NAME] = "Maja",
		[COL_LAST_NAME] = "Exempelsson",
		[COL_ANONYMOUS] = "nej",
		[COL_PROTECTED] = "nej",
		[COL_MUNICIPALITY] = kommun_name("1488"),
		[COL_TARGET_GROUPS] = group,
		[COL_INTERVENTION] = intervention,
		[COL_START] = start && strcmp(start, today) > 0 ? start : today,
		[COL_OCCUPATION_BEFORE] = label_of(c, "occupation", "job_seeking"),
		[COL_EDUCATION] = label_of(c, "education_level", "secondary"),
		[COL_SUPPORT_TIME] = label_of(c, "support_time", "lt_1y"),
		[COL_INCOME_BEFORE] = label_of(c, "income_source", "social_assistance"),
	};
	for (int k = 0; k < COL_COUNT; k++) csvw_text(out, column_names[k]);
	csvw_row_end(out);
	for (int k = 0; k < COL_COUNT; k++) csvw_text(out, example[k]);
	csvw_row_end(out);
	return 0;
}
