/* kaa_import.c — the lists a municipality gets from the schools and the
 * population register into its KAA register (docs/kaa.md "Import"), in
 * the frame every CSV import shares (csv_import.h): every bad line listed,
 * all or nothing. A person already in the register (by personnummer) is
 * updated with the line's non-empty fields, never added twice; a person
 * who has turned 20 is refused, as the register's own form refuses her. */
#include "kaa.h"
#include "kaa_internal.h"
#include "../audit.h"
#include "../csv_import.h"
#include "../participant.h"
#include "../../base/clock.h"
#include "../../store/store.h"
#include <stdio.h>
#include <string.h>

enum column { COL_PNR, COL_FIRST, COL_LAST, COL_SCHOOL, COL_SOURCE, COL_IDENTIFIED, COL_OCCUPATION, COL_NOTES, COL_COUNT };

/* The columns are named as the API's members, so the domain's reasons name them. */
static const char *const column_names[COL_COUNT] = {
	[COL_PNR] = "personnummer", [COL_FIRST] = "first_name", [COL_LAST] = "last_name",
	[COL_SCHOOL] = "school_status", [COL_SOURCE] = "source", [COL_IDENTIFIED] = "identified_date",
	[COL_OCCUPATION] = "occupation", [COL_NOTES] = "notes",
};

static const bool code_column[COL_COUNT] = {[COL_SCHOOL] = true, [COL_SOURCE] = true, [COL_OCCUPATION] = true};

/* The domain's reasons as the line's faults; the value only of a code
 * column (never a personnummer). */
static void domain_faults(struct ctx *c, struct csv_import_line *l)
{
	struct err *e = &c->err;
	if (e->nparams == 0) csv_import_fault(l, "%s", e->msg);
	for (int i = 0; i < e->nparams; i++) {
		const char *name = e->params[i].name, *value = e->params[i].value;
		bool codes = false;
		for (int k = 0; k < COL_COUNT; k++)
			if (strcmp(name, column_names[k]) == 0) codes = code_column[k];
		if (codes && value && value[0]) csv_import_fault(l, "%s \"%s\": %s", name, value, e->params[i].reason);
		else csv_import_fault(l, "%s: %s", name, e->params[i].reason);
	}
	err_clear(e);
}

static const char *field(struct csv_import *ci, struct csv_import_line *l, struct ctx *c, enum column k)
{
	const char *v = csv_import_field(ci, l, k);
	return v ? arena_strdup(c->arena, v) : NULL;
}

static void read_existing(struct ctx *c, struct stmt *s, void *out)
{
	struct kaa_youth *y = out;
	memset(y, 0, sizeof *y);
	y->id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&y->personnummer, &y->first_name, &y->last_name, &y->sex, &y->birth_date,
		&y->school_status, &y->source, &y->identified_date, &y->occupation, &y->notes, &y->left_date,
		&y->left_reason, NULL});
}

/* One line: checked, then written inside the import's transaction. */
static void line(struct ctx *c, const struct kaa_scope *sc, struct csv_import *ci, struct csv_import_line *l,
		 struct kaa_import_result *out)
{
	struct kaa_youth_input in = {0};
	struct kaa_youth *v = &in.v;
	const char *pnr_text = csv_import_field(ci, l, COL_PNR);
	struct pnr pnr;
	int perr = pnr_text ? participant_parse_pnr(pnr_text, &pnr) : PNR_EFORMAT;
	if (!pnr_text) {
		csv_import_fault(l, "personnummer: Ange personnummer eller samordningsnummer.");
		return;
	}
	if (perr != PNR_OK) {
		csv_import_fault(l, "personnummer: %s", pnr_error_text(perr));
		return;
	}
#define SENT(k, m) \
	if ((v->m = field(ci, l, c, k)) != NULL) in.has_##m = true
	SENT(COL_FIRST, first_name);
	SENT(COL_LAST, last_name);
	SENT(COL_SCHOOL, school_status);
	SENT(COL_SOURCE, source);
	SENT(COL_IDENTIFIED, identified_date);
	SENT(COL_OCCUPATION, occupation);
	SENT(COL_NOTES, notes);
#undef SENT
	struct stmt *s = store_prepare(c->db, "SELECT id, personnummer, first_name, last_name, sex, birth_date,"
		" school_status, source, identified_date, occupation, notes, left_date, left_reason FROM kaa_youths"
		" WHERE org_id = :org AND personnummer = :pnr");
	stmt_bind_int(s, ":org", sc->org);
	stmt_bind_text(s, ":pnr", pnr.normalized);
	struct kaa_youth y;
	int found = get_one(c, s, read_existing, &y, "-", "Kunde inte läsa registret.");
	if (found != 0 && found != ERR_NOT_FOUND) {
		domain_faults(c, l);
		return;
	}
	err_clear(&c->err);
	bool existing = found == 0;
	if (!existing) {
		memset(&y, 0, sizeof y);
		y.personnummer = pnr_text;
		y.occupation = "unknown";
	}
	kaa_youth_merge(&y, &in);
	/* The coverage rule holds for every line, known person or not. */
	char today[11], turns_20[11];
	clock_today(today);
	char birth[11];
	snprintf(birth, sizeof birth, "%04d-%02d-%02d", pnr.year, pnr.month, pnr.day);
	kaa_turns_20(birth, turns_20);
	if (strcmp(today, turns_20) >= 0) {
		csv_import_fault(l, "personnummer: Personen har fyllt 20 år och omfattas inte av aktivitetsansvaret.");
		return;
	}
	if (kaa_youth_check(c, &y, !existing) != 0) {
		domain_faults(c, l);
		return;
	}
	int64_t id;
	int rc = kaa_youth_save(c, sc, existing ? y.id : 0, &y, &id);
	if (rc == STORE_DONE && audit_write(c, existing ? "update" : "create", "kaa_youth", id, "import") != 0) rc = -1;
	if (rc != STORE_DONE) {
		err_clear(&c->err);
		csv_import_fault(l, "Raden kunde inte sparas.");
		return;
	}
	if (existing) out->updated++;
	else out->created++;
}

int kaa_import(struct ctx *c, struct csv_reader *csv, struct kaa_import_result *out)
{
	memset(out, 0, sizeof *out);
	struct kaa_scope sc;
	if (kaa_scope(c, &sc) != 0) return c->err.code;
	struct csv_import ci;
	struct csv_import_line l;
	csv_import_init(&ci, c, column_names, COL_COUNT);
	csv_import_line_init(&l, csv, c->arena);
	int rc = csv_import_header(&ci, csv);
	if (rc == 0) {
		const enum column required[] = {COL_PNR, COL_FIRST, COL_LAST, COL_SCHOOL, COL_SOURCE, COL_IDENTIFIED};
		for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) csv_import_require(&ci, required[i]);
		rc = csv_import_header_end(&ci);
	}
	/* A file whose header is wrong never takes the write lock. */
	if (rc == 0 && csv_import_begin(&ci) != 0) {
		csv_import_line_free(&l);
		return c->err.code;
	}
	while (rc == 0 && (rc = csv_import_next(&ci, &l, &c->err)) > 0) {
		rc = 0;
		if (csv_import_line_ok(&l)) line(c, &sc, &ci, &l, out);
		csv_import_line_end(&ci, &l);
	}
	out->rows = l.read;
	rc = csv_import_end(&ci, csv, rc, l.read);
	csv_import_line_free(&l);
	out->errors = ci.errors;
	out->nerrors = ci.nerrors;
	out->bad_lines = ci.bad_lines;
	if (rc != 0) {
		out->created = out->updated = 0;
		return rc;
	}
	char detail[96];
	snprintf(detail, sizeof detail, "created %lld, updated %lld", (long long)out->created, (long long)out->updated);
	if (csv_import_commit(&ci, true, "kaa_youth", detail) != 0) {
		out->created = out->updated = 0;
		return c->err.code;
	}
	return 0;
}
