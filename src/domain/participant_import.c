/* participant_import.c — participants and enrolments from CSV, all or
 * nothing (participant_import.h). Each line is handed to participant_create
 * and enrolment_create, which run as savepoints inside the import's
 * transaction: a bad line is undone alone and reported, and at the end any
 * report at all rolls the whole import back. */
#include "participant_import.h"
#include "audit.h"
#include "enrolment.h"
#include "participant.h"
#include "../base/strbuf.h"
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

/* Column names of the file, and the name the domain uses for the same
 * field in its invalid_parameters (to turn its reasons into ours). */
static const struct {
	const char *column, *field;
} columns[COL_COUNT] = {
	[COL_REF] = {"ref", NULL},
	[COL_PERSONNUMMER] = {"personnummer", "personnummer"},
	[COL_FIRST_NAME] = {"first_name", "first_name"},
	[COL_LAST_NAME] = {"last_name", "last_name"},
	[COL_ANONYMOUS] = {"anonymous", "anonymous"},
	[COL_PROTECTED] = {"protected_identity", "protected_identity"},
	[COL_SEX] = {"sex", "sex"},
	[COL_BIRTH_YEAR] = {"birth_year", "birth_year"},
	[COL_MUNICIPALITY] = {"municipality_code", "municipality_code"},
	[COL_TARGET_GROUPS] = {"target_groups", "target_groups"},
	[COL_INTERVENTION] = {"intervention_id", "intervention_id"},
	[COL_START] = {"start_date", "start_date"},
	[COL_END] = {"end_date", "end_date"},
	[COL_OCCUPATION_BEFORE] = {"occupation_before", "background.occupation"},
	[COL_EDUCATION] = {"education_level", "background.education_level"},
	[COL_SUPPORT_TIME] = {"support_time", "background.support_time"},
	[COL_INCOME_BEFORE] = {"income_sources_before", "background.income_sources"},
	[COL_OUTCOME] = {"outcome", "outcome"},
	[COL_EXIT_REASON] = {"exit_reason", "exit_reason"},
	[COL_INCOME_AFTER] = {"income_sources_after", "exit.income_sources"},
	[COL_FOLLOWUP_6M] = {"followup_6m", "followup_6m"},
	[COL_FOLLOWUP_12M] = {"followup_12m", "followup_12m"},
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
	int col[COL_COUNT]; /* field index in the file, -1 when absent */
	size_t nheader;     /* fields of the header line */
	struct seen *buckets[4096];
	int64_t *updated_ids; /* existing participants that got enrolments */
	size_t nupdated, capupdated;
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

static void add_error(struct import *im, long line, const char *reason)
{
	struct import_result *o = im->out;
	import_error_add(im->c->arena, &o->errors, &o->nerrors, &o->bad_lines, line, reason);
}

/* The domain's error as one Swedish reason naming the file's columns. */
static void add_domain_error(struct import *im, long line)
{
	struct err *e = &im->c->err;
	if (e->nparams == 0) {
		add_error(im, line, e->msg);
	} else {
		struct strbuf b;
		strbuf_init(&b);
		for (int i = 0; i < e->nparams; i++) {
			const char *name = e->params[i].name, *col = name;
			for (int k = 0; k < COL_COUNT; k++) {
				size_t n = columns[k].field ? strlen(columns[k].field) : 0;
				if (n && strncmp(name, columns[k].field, n) == 0 && (name[n] == 0 || name[n] == '['))
					col = columns[k].column;
			}
			strbuf_printf(&b, "%s%s: %s", i ? " " : "", col, e->params[i].reason);
		}
		add_error(im, line, b.buf);
		strbuf_free(&b);
	}
	err_clear(e);
}

static const char *field(struct import *im, struct csv_reader *csv, enum column k)
{
	if (im->col[k] < 0) return NULL;
	const char *v = csv_field(csv, (size_t)im->col[k]);
	while (*v == ' ' || *v == '\t') v++;
	if (!*v) return NULL;
	char *t = arena_strdup(im->c->arena, v); /* the reader's buffer is reused per record */
	size_t n = strlen(t);
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t')) t[--n] = 0;
	return t;
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

static int read_header(struct import *im, struct csv_reader *csv)
{
	struct err *e = &im->c->err;
	int rc = csv_next(csv, e);
	if (rc < 0) return rc;
	if (rc == 0) {
		add_error(im, 1, "Filen är tom: den ska börja med en rubrikrad.");
		return ERR_INVALID;
	}
	for (int k = 0; k < COL_COUNT; k++) im->col[k] = -1;
	im->nheader = csv_nfields(csv);
	for (size_t i = 0; i < csv_nfields(csv); i++) {
		const char *name = csv_field(csv, i);
		int found = -1;
		for (int k = 0; k < COL_COUNT; k++)
			if (strcmp(name, columns[k].column) == 0) found = k;
		char reason[300];
		if (found < 0) {
			snprintf(reason, sizeof reason, "Okänd kolumn \"%.80s\".", name);
			add_error(im, 1, reason);
		} else if (im->col[found] >= 0) {
			snprintf(reason, sizeof reason, "Kolumnen %s finns två gånger.", name);
			add_error(im, 1, reason);
		} else {
			im->col[found] = (int)i;
		}
	}
	if (im->col[COL_PERSONNUMMER] < 0 && im->col[COL_ANONYMOUS] < 0)
		add_error(im, 1, "Rubrikraden saknar kolumnen personnummer (eller anonymous för anonyma deltagare).");
	if (im->col[COL_START] >= 0 && im->col[COL_INTERVENTION] < 0)
		add_error(im, 1, "Kolumnen start_date kräver kolumnen intervention_id.");
	return im->out->bad_lines ? ERR_INVALID : 0;
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
 * Samsyn, or created now. 0 after an error (reported). */
static int64_t line_participant(struct import *im, struct csv_reader *csv, long line, bool *existing)
{
	struct ctx *c = im->c;
	*existing = false;
	const char *pnr_text = field(im, csv, COL_PERSONNUMMER), *ref = field(im, csv, COL_REF);
	const char *first = field(im, csv, COL_FIRST_NAME), *last = field(im, csv, COL_LAST_NAME);
	int anonymous = parse_bool(field(im, csv, COL_ANONYMOUS)), protected_id = parse_bool(field(im, csv, COL_PROTECTED));
	if (anonymous < 0 || protected_id < 0) {
		add_error(im, line, anonymous < 0 ? "anonymous: Ange ja eller nej (true/false, 1/0)."
						  : "protected_identity: Ange ja eller nej (true/false, 1/0).");
		return 0;
	}
	char key[96];
	if (!anonymous && pnr_text) {
		struct pnr pnr;
		int perr = participant_parse_pnr(pnr_text, &pnr);
		if (perr != PNR_OK) {
			char reason[256];
			snprintf(reason, sizeof reason, "personnummer: %s", pnr_error_text(perr)); /* never the number itself */
			add_error(im, line, reason);
			return 0;
		}
		snprintf(key, sizeof key, "p:%s", pnr.normalized);
	} else if (anonymous && ref) {
		snprintf(key, sizeof key, "r:%.80s", ref);
	} else {
		key[0] = 0;
	}
	struct seen *s = key[0] ? seen_find(im, key) : NULL;
	if (s) {
		if ((first && s->first_name && strcmp(first, s->first_name) != 0) ||
		    (last && s->last_name && strcmp(last, s->last_name) != 0)) {
			char reason[160];
			snprintf(reason, sizeof reason, "Samma person som på rad %ld men med ett annat namn.", s->line);
			add_error(im, line, reason);
			return 0;
		}
		*existing = s->line == 0;
		return s->id;
	}
	if (key[0] == 'p') {
		int64_t id = participant_id_by_pnr(c, key + 2);
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
	in.sex = parse_sex(field(im, csv, COL_SEX));
	in.municipality_code = field(im, csv, COL_MUNICIPALITY);
	in.target_groups = split(im, field(im, csv, COL_TARGET_GROUPS), &in.ntarget_groups);
	const char *by = field(im, csv, COL_BIRTH_YEAR);
	if (by) {
		char *end;
		in.birth_year = strtoll(by, &end, 10);
		in.has_birth_year = true;
		if (*end || strlen(by) != 4) {
			add_error(im, line, "birth_year: Ange födelseåret med fyra siffror.");
			return 0;
		}
	}
	if (!in.anonymous && !pnr_text) {
		add_error(im, line, "personnummer: Ange personnummer, eller anonymous = ja för en anonym deltagare.");
		return 0;
	}
	struct participant p;
	if (participant_create(c, &in, &p) != 0) {
		add_domain_error(im, line);
		return 0;
	}
	im->out->created++;
	if (key[0]) {
		s = seen_add(im, key, p.id, line);
		s->first_name = p.first_name;
		s->last_name = p.last_name;
	}
	return p.id;
}

static void line_enrolment(struct import *im, struct csv_reader *csv, long line, int64_t participant_id)
{
	const char *iv = field(im, csv, COL_INTERVENTION);
	if (!iv) {
		for (int k = COL_START; k < COL_COUNT; k++)
			if (field(im, csv, (enum column)k)) {
				add_error(im, line, "intervention_id: Ange insatsens id när raden har uppgifter om en inskrivning.");
				return;
			}
		return;
	}
	char *end;
	long long id = strtoll(iv, &end, 10);
	if (*end || id <= 0) {
		add_error(im, line, "intervention_id: Ska vara insatsens id (ett positivt heltal).");
		return;
	}
	struct enrolment_input in = {0};
	in.participant_id = participant_id;
	in.has_participant_id = true;
	in.intervention_id = id;
	in.has_intervention_id = true;
	struct enrolment *e = &in.e;
	e->start_date = field(im, csv, COL_START);
	e->end_date = field(im, csv, COL_END);
	e->occupation_before = field(im, csv, COL_OCCUPATION_BEFORE);
	e->education_level = field(im, csv, COL_EDUCATION);
	e->support_time = field(im, csv, COL_SUPPORT_TIME);
	e->income_before.codes = split(im, field(im, csv, COL_INCOME_BEFORE), &e->income_before.n);
	e->outcome = field(im, csv, COL_OUTCOME);
	e->exit_reason = field(im, csv, COL_EXIT_REASON);
	e->income_after.codes = split(im, field(im, csv, COL_INCOME_AFTER), &e->income_after.n);
	e->followup_6m = field(im, csv, COL_FOLLOWUP_6M);
	e->followup_12m = field(im, csv, COL_FOLLOWUP_12M);
	if (!e->start_date) {
		add_error(im, line, "start_date: Ange startdatum (ÅÅÅÅ-MM-DD).");
		return;
	}
	struct enrolment out;
	if (enrolment_create(im->c, &in, &out) != 0) {
		add_domain_error(im, line);
		return;
	}
	im->out->enrolments++;
}

int participant_import(struct ctx *c, struct csv_reader *csv, struct import_result *out)
{
	memset(out, 0, sizeof *out);
	if (!actor_has(c->actor, ROLE_ADMIN))
		return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer får importera deltagare.");
	struct import *im = arena_zalloc(c->arena, sizeof *im);
	im->c = c;
	im->out = out;
	/* A file whose header is wrong never takes the write lock. The lines
	 * themselves are checked by participant_create and enrolment_create,
	 * inside the transaction (a savepoint each). */
	int rc = read_header(im, csv);
	if (rc == 0 && ctx_begin(c) != 0) return c->err.code;
	long lines = 0;
	while (rc == 0) {
		rc = csv_next(csv, &c->err);
		if (rc <= 0) break;
		rc = 0;
		long line = csv_line(csv);
		lines++;
		char reason[192];
		if (csv_expect_fields(csv, im->nheader, &c->err, reason, sizeof reason) != 0) {
			err_clear(&c->err);
			add_error(im, line, reason);
			continue;
		}
		bool existing;
		int64_t pid = line_participant(im, csv, line, &existing);
		if (!pid) continue;
		int64_t before = out->bad_lines;
		line_enrolment(im, csv, line, pid);
		if (existing && out->bad_lines == before && field(im, csv, COL_INTERVENTION)) note_updated(im, pid);
	}
	/* rc < 0 with no error set: bad header columns, already listed. */
	if (rc < 0 && c->err.code == ERR_INVALID) { /* the file itself is broken at some line */
		add_error(im, csv_line(csv), csv_error_reason(csv));
		err_clear(&c->err);
	} else if (rc < 0 && c->err.code) {
		store_rollback(c->db);
		return c->err.code;
	}
	if (!out->bad_lines && lines == 0) add_error(im, 1, "Filen har inga rader efter rubrikraden.");
	import_errors_end(c->arena, out->errors, out->nerrors, out->bad_lines);
	if (out->bad_lines) {
		store_rollback(c->db);
		out->created = out->updated = out->enrolments = 0;
		return err_set(&c->err, ERR_INVALID, "Inget importerades: %lld rad%s har fel.", (long long)out->bad_lines,
			       out->bad_lines == 1 ? "" : "er");
	}
	out->updated = (int64_t)im->nupdated;
	char detail[128];
	snprintf(detail, sizeof detail, "created %lld, updated %lld, enrolments %lld", (long long)out->created,
		 (long long)out->updated, (long long)out->enrolments);
	if (audit_commit(c, true, "import", "participant", 0, detail, "Kunde inte spara importen.") != 0) {
		out->created = out->updated = out->enrolments = 0;
		return c->err.code;
	}
	return 0;
}
