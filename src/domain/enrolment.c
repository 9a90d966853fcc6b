/* enrolment.c — rules and storage calls for enrolments: who may enrol whom,
 * the code and date rules of the SUS variables, and the audit events (a
 * read of an enrolment is audited as `read participant ID`, detail
 * "enrolment N"; changes as `create|update enrolment ID`). */
#include "enrolment.h"
#include "access.h"
#include "audit.h"
#include "check.h"
#include "codelist.h"
#include "intervention.h"
#include "participant.h"
#include "../base/clock.h"
#include "../se/personnummer.h"
#include "../store/store.h"
#include <stdlib.h>
#include <string.h>

#define E_COLS                                                                                                  \
	"e.id, e.participant_id, e.intervention_id, e.start_date, e.end_date, e.occupation_before,"              \
	" e.education_level, e.support_time, e.outcome, e.exit_reason, e.followup_6m, e.followup_12m"

const char *enrolment_status(const char *start_date, const char *end_date, const char *today)
{
	if (start_date && strcmp(start_date, today) > 0) return "planned";
	/* An end date after today was accepted before exits in the future were
	 * refused: such an enrolment still runs until that day. */
	if (end_date && strcmp(end_date, today) <= 0) return "ended";
	return "ongoing";
}

const char *enrolment_status_label(const char *status)
{
	static const char *const map[][2] = {{"planned", "Planerad"}, {"ongoing", "Pågår"}, {"ended", "Avslutad"}};
	return CODE_LABEL(map, status);
}

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct enrolment *e = out;
	memset(e, 0, sizeof *e);
	e->id = stmt_int(s, 0);
	e->participant_id = stmt_int(s, 1);
	e->intervention_id = stmt_int(s, 2);
	read_texts(c, s, 3, (const char **[]){&e->start_date, &e->end_date, &e->occupation_before, &e->education_level,
					    &e->support_time, &e->outcome, &e->exit_reason, &e->followup_6m, &e->followup_12m,
					    NULL});
	char today[11];
	clock_today(today);
	e->status = enrolment_status(e->start_date, e->end_date, today);
}

/* Income sources and answers, read after the row. Codes of one list come
 * in one run, so each answer points into one shared array. */
static int load_extras(struct ctx *c, struct enrolment *e)
{
	struct stmt *s = store_prepare(c->db, "SELECT (SELECT COUNT(*) FROM enrolment_income_sources WHERE enrolment_id = :id),"
					      " (SELECT COUNT(*) FROM enrolment_answers WHERE enrolment_id = :id)");
	stmt_bind_int(s, ":id", e->id);
	size_t nincome = 0, nanswers = 0;
	if (stmt_step(s) == STORE_ROW) nincome = (size_t)stmt_int(s, 0), nanswers = (size_t)stmt_int(s, 1);
	stmt_done(s);
	const char **pool = arena_alloc(c->arena, (nincome + nanswers + 1) * sizeof *pool);
	size_t used = 0;
	e->income_before.codes = e->income_after.codes = pool;
	e->income_before.n = e->income_after.n = 0;
	s = store_prepare(c->db, "SELECT i.phase, i.code FROM enrolment_income_sources i LEFT JOIN codes k"
				 " ON k.list = 'income_source' AND k.code = i.code WHERE i.enrolment_id = :id"
				 " ORDER BY i.phase DESC, k.sort_order, i.code");
	stmt_bind_int(s, ":id", e->id);
	int rc;
	/* 'start' sorts after 'exit': DESC puts the start phase first. */
	while ((rc = stmt_step(s)) == STORE_ROW && used < nincome) {
		bool start = strcmp(stmt_text(s, 0), "start") == 0;
		pool[used++] = arena_strdup(c->arena, stmt_text(s, 1));
		if (start) {
			e->income_before.n++;
			e->income_after.codes = pool + used;
		} else {
			e->income_after.n++;
		}
	}
	stmt_done(s);
	if (rc < 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa försörjningskällor.");
	e->answers_start = arena_alloc(c->arena, (nanswers + 1) * sizeof *e->answers_start);
	e->answers_exit = arena_alloc(c->arena, (nanswers + 1) * sizeof *e->answers_exit);
	e->nanswers_start = e->nanswers_exit = 0;
	s = store_prepare(c->db, "SELECT a.list, a.code, l.phase, l.multiple FROM enrolment_answers a"
				 " JOIN code_lists l ON l.name = a.list LEFT JOIN codes k ON k.list = a.list AND k.code = a.code"
				 " WHERE a.enrolment_id = :id ORDER BY l.sort_order, a.list, k.sort_order, a.code");
	stmt_bind_int(s, ":id", e->id);
	struct answer *cur = NULL;
	while ((rc = stmt_step(s)) == STORE_ROW && used < nincome + nanswers) {
		const char *list = stmt_text(s, 0);
		if (!cur || strcmp(cur->list, list) != 0) {
			bool start = strcmp(stmt_text(s, 2), "start") == 0;
			cur = start ? &e->answers_start[e->nanswers_start++] : &e->answers_exit[e->nanswers_exit++];
			*cur = (struct answer){arena_strdup(c->arena, list), pool + used, 0, stmt_int(s, 3) != 0};
		}
		pool[used++] = arena_strdup(c->arena, stmt_text(s, 1));
		cur->n++;
	}
	stmt_done(s);
	return rc < 0 ? err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa svaren.") : 0;
}

/* The row of s (selecting E_COLS, its values bound) with its extras. */
static int load(struct ctx *c, struct stmt *s, struct enrolment *out)
{
	if (get_one(c, s, read_row, out, "Inskrivningen finns inte.", "Kunde inte läsa inskrivningen.") != 0) return c->err.code;
	return load_extras(c, out);
}

/* The stored enrolment, as written (answers and income sources in the code
 * lists' order), for the answer to a change. */
static int reload(struct ctx *c, struct enrolment *e)
{
	struct stmt *s = store_prepare(c->db, "SELECT " E_COLS " FROM enrolments e WHERE e.id = :id");
	stmt_bind_int(s, ":id", e->id);
	return load(c, s, e);
}

/* The enrolment if the actor sees it (access.h: one of her organisation's
 * interventions, whoever else sees the participant); 404 otherwise. */
static int load_visible(struct ctx *c, int64_t id, struct enrolment *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " E_COLS " FROM enrolments e WHERE e.id = :id AND " ACCESS_ENROLMENT_SQL);
	stmt_bind_int(s, ":id", id);
	access_bind(s, c->actor);
	return load(c, s, out);
}

static int forbid_non_member(struct ctx *c, int64_t intervention_id)
{
	if (access_all_participants(c->actor) || access_intervention_member(c, intervention_id)) return 0;
	return err_set(&c->err, ERR_FORBIDDEN, "Din organisation är inte ägare av eller partner i insatsen.");
}

static void check_code(struct ctx *c, const char *field, const char *list, const char *code)
{
	if (code && !codelist_valid(c, list, code))
		err_field(&c->err, field, code, "Okänd eller inaktiv kod.");
}

/* Checks the codes of a multiple answer and drops repeated ones. */
static void check_set(struct ctx *c, const char *field, const char *list, struct code_set *set)
{
	size_t n = 0;
	for (size_t i = 0; i < set->n; i++) {
		const char *code = set->codes[i];
		if (!code || !codelist_valid(c, list, code)) {
			err_field(&c->err, field, code, "Okänd eller inaktiv kod.");
			return;
		}
		bool seen = false;
		for (size_t j = 0; j < n && !seen; j++) seen = strcmp(set->codes[j], code) == 0;
		if (!seen) set->codes[n++] = code;
	}
	set->n = n;
}

/* Answers to the förbund's own questions of one phase: the list must be an
 * active, non-built-in list of that phase, answered with one code or, for
 * a multiple list, an array of codes. */
static void check_answers(struct ctx *c, const char *prefix, const char *phase, struct answer *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *field = arena_printf(c->arena, "%s.answers.%s", prefix, a[i].list);
		struct code_list l;
		struct err saved = c->err;
		if (!codelist_name_ok(a[i].list) || codelist_get_list(c, a[i].list, &l) != 0) {
			c->err = saved;
			err_field(&c->err, field, NULL, "Det finns ingen sådan fråga.");
			continue;
		}
		const char *why = NULL;
		if (l.builtin)
			why = "Inbyggda listor besvaras i sina egna fält.";
		else if (strcmp(l.phase, phase) != 0)
			why = strcmp(phase, "start") == 0 ? "Frågan besvaras vid avslut (exit)." : "Frågan besvaras vid start (background).";
		else if (!l.active)
			why = "Frågan används inte längre.";
		else if (a[i].n && l.multiple != a[i].multiple)
			why = l.multiple ? "Ange svaret som en lista med koder." : "Ange ett svar (en kod), inte en lista.";
		if (why) {
			err_field(&c->err, field, NULL, why);
			continue;
		}
		struct code_set set = {a[i].codes, a[i].n};
		check_set(c, field, a[i].list, &set);
		a[i].n = set.n;
		a[i].multiple = l.multiple;
	}
}

/* The date rules of the merged enrolment e in intervention iv. new_end:
 * the end date is being set now, so it may not be after today (one stored
 * before that rule does not block other changes). */
static void check_dates(struct ctx *c, const struct enrolment *e, const struct intervention_terms *iv, bool new_end)
{
	bool start_ok = e->start_date && clock_valid_date(e->start_date);
	if (!start_ok) err_field(&c->err, "start_date", e->start_date, "Ange startdatum som ÅÅÅÅ-MM-DD.");
	bool end_ok = e->end_date && clock_valid_date(e->end_date);
	if (e->end_date && !end_ok) err_field(&c->err, "end_date", e->end_date, "Ange slutdatum som ÅÅÅÅ-MM-DD.");
	char today[11];
	clock_today(today);
	if (start_ok && end_ok && strcmp(e->end_date, e->start_date) < 0)
		err_field(&c->err, "end_date", e->end_date, "Slutdatumet får inte vara före startdatumet.");
	else if (new_end && end_ok && strcmp(e->end_date, today) > 0)
		err_field(&c->err, "end_date", e->end_date,
			  arena_printf(c->arena, "Ett avslut kan inte registreras i förväg: slutdatumet får vara senast i dag (%s).", today));
	if (start_ok && strcmp(e->start_date, iv->start_date) < 0)
		err_field(&c->err, "start_date", e->start_date,
			  arena_printf(c->arena, "Insatsen börjar %s; inskrivningen kan inte börja före det.", iv->start_date));
	else if (start_ok && iv->end_date && strcmp(e->start_date, iv->end_date) > 0)
		err_field(&c->err, "start_date", e->start_date,
			  arena_printf(c->arena, "Insatsen %s %s; ingen kan skrivas in efter det.",
				       strcmp(iv->status, "ended") == 0 ? "avslutades" : "slutar", iv->end_date));
	/* What is recorded at exit needs the exit date. */
	if (!e->end_date) {
		static const char need[] = "Ange slutdatum (end_date) först.";
		if (e->outcome) err_field(&c->err, "outcome", e->outcome, need);
		if (e->exit_reason) err_field(&c->err, "exit_reason", e->exit_reason, need);
		if (e->income_after.n) err_field(&c->err, "exit.income_sources", NULL, need);
		if (e->nanswers_exit) err_field(&c->err, "exit.answers", NULL, need);
	}
	const char *fields[] = {"followup_6m", "followup_12m"};
	const char *values[] = {e->followup_6m, e->followup_12m};
	for (int i = 0; i < 2; i++) {
		if (!values[i]) continue;
		int months = i == 0 ? 6 : 12;
		if (!end_ok) {
			err_field(&c->err, fields[i], values[i], "Uppföljningen kräver ett slutdatum.");
			continue;
		}
		char due[11];
		clock_add_months(e->end_date, months, due);
		if (strcmp(due, today) > 0)
			err_field(&c->err, fields[i], values[i],
				  arena_printf(c->arena, "Uppföljningen efter %d månader kan registreras från %s.", months, due));
	}
}

/* Code checks of the fields the input sets (all of them on create): a code
 * that has since been made inactive does not block unrelated changes. */
static void check_codes(struct ctx *c, struct enrolment_input *in)
{
	struct enrolment *e = &in->e;
	if (in->has_occupation_before) check_code(c, "background.occupation", "occupation", e->occupation_before);
	if (in->has_education_level) check_code(c, "background.education_level", "education_level", e->education_level);
	if (in->has_support_time) check_code(c, "background.support_time", "support_time", e->support_time);
	if (in->has_income_before) check_set(c, "background.income_sources", "income_source", &e->income_before);
	if (in->has_answers_start) check_answers(c, "background", "start", e->answers_start, e->nanswers_start);
	if (in->has_outcome) check_code(c, "outcome", "occupation", e->outcome);
	if (in->has_exit_reason) check_code(c, "exit_reason", "exit_reason", e->exit_reason);
	if (in->has_income_after) check_set(c, "exit.income_sources", "income_source", &e->income_after);
	if (in->has_answers_exit) check_answers(c, "exit", "exit", e->answers_exit, e->nanswers_exit);
	if (in->has_followup_6m) check_code(c, "followup_6m", "occupation", e->followup_6m);
	if (in->has_followup_12m) check_code(c, "followup_12m", "occupation", e->followup_12m);
}

/* Rewrites the income sources and answers of e. Returns STORE_DONE or the
 * first STORE_E*. */
static int save_extras(struct ctx *c, const struct enrolment *e)
{
	struct stmt *s = store_prepare(c->db, "DELETE FROM enrolment_income_sources WHERE enrolment_id = :id");
	stmt_bind_int(s, ":id", e->id);
	int rc = stmt_exec(s);
	s = store_prepare(c->db, "DELETE FROM enrolment_answers WHERE enrolment_id = :id");
	stmt_bind_int(s, ":id", e->id);
	if (rc == STORE_DONE) rc = stmt_exec(s);
	const struct code_set *sets[] = {&e->income_before, &e->income_after};
	for (int p = 0; p < 2; p++)
		for (size_t i = 0; rc == STORE_DONE && i < sets[p]->n; i++) {
			s = store_prepare(c->db, "INSERT INTO enrolment_income_sources (enrolment_id, phase, code) VALUES (:id, :phase, :code)");
			stmt_bind_int(s, ":id", e->id);
			stmt_bind_text(s, ":phase", p == 0 ? "start" : "exit");
			stmt_bind_text(s, ":code", sets[p]->codes[i]);
			rc = stmt_exec(s);
		}
	const struct answer *answers[] = {e->answers_start, e->answers_exit};
	size_t counts[] = {e->nanswers_start, e->nanswers_exit};
	for (int p = 0; p < 2; p++)
		for (size_t i = 0; i < counts[p]; i++)
			for (size_t k = 0; rc == STORE_DONE && k < answers[p][i].n; k++) {
				s = store_prepare(c->db, "INSERT INTO enrolment_answers (enrolment_id, list, code) VALUES (:id, :list, :code)");
				stmt_bind_int(s, ":id", e->id);
				stmt_bind_text(s, ":list", answers[p][i].list);
				stmt_bind_text(s, ":code", answers[p][i].codes[k]);
				rc = stmt_exec(s);
			}
	return rc;
}

static void bind_fields(struct stmt *s, const struct enrolment *e, const char *ts)
{
	stmt_bind_texts(s, (const char *const[][2]){{":start_date", e->start_date}, {":end_date", e->end_date},
		{":occupation_before", e->occupation_before}, {":education_level", e->education_level},
		{":support_time", e->support_time}, {":outcome", e->outcome}, {":exit_reason", e->exit_reason},
		{":followup_6m", e->followup_6m}, {":followup_12m", e->followup_12m}, {":now", ts}, {NULL}});
}

/* Inserts (id 0) or updates e with its extras and the audit event, in one
 * transaction. */
static int save(struct ctx *c, struct enrolment *e)
{
	if (ctx_begin(c) != 0) return c->err.code;
	bool create = e->id == 0;
	struct stmt *s = store_prepare_save(c->db, e->id,
		"INSERT INTO enrolments (start_date, end_date, occupation_before, education_level, support_time, outcome,"
		" exit_reason, followup_6m, followup_12m, updated_at, created_at, participant_id, intervention_id,"
		" created_by_user_id) VALUES (:start_date, :end_date, :occupation_before, :education_level,"
		" :support_time, :outcome, :exit_reason, :followup_6m, :followup_12m, :now, :now, :participant,"
		" :intervention, :user) RETURNING id",
		"UPDATE enrolments SET start_date = :start_date, end_date = :end_date,"
		" occupation_before = :occupation_before, education_level = :education_level,"
		" support_time = :support_time, outcome = :outcome, exit_reason = :exit_reason,"
		" followup_6m = :followup_6m, followup_12m = :followup_12m, updated_at = :now"
		" WHERE id = :id RETURNING id");
	if (create) {
		stmt_bind_int(s, ":participant", e->participant_id);
		stmt_bind_int(s, ":intervention", e->intervention_id);
		stmt_bind_id(s, ":user", c->actor ? c->actor->user_id : 0);
	}
	bind_fields(s, e, c->now);
	int rc = stmt_write_id(s, &e->id);
	if (rc == STORE_DONE) rc = save_extras(c, e);
	return change_commit(c, rc, &(struct change){.action = create ? "create" : "update", .entity = "enrolment",
		.id = e->id, .detail = arena_printf(c->arena, "participant %lld", (long long)e->participant_id),
		.fail = "Kunde inte spara inskrivningen."});
}

/* The participant of a new enrolment: by id or by personnummer, either
 * one the user sees. A person known only to other organisations is
 * answered as an unknown one: she registers her first (POST /participants),
 * which tells her nothing either. 0 with c->err set when none. */
static int64_t resolve_participant(struct ctx *c, const struct enrolment_input *in)
{
	if (in->personnummer && in->participant_id) {
		err_field(&c->err, "personnummer", NULL, "Ange antingen participant_id eller personnummer, inte båda.");
		return 0;
	}
	if (in->personnummer) {
		struct pnr pnr;
		char today[11];
		clock_today(today);
		int perr = pnr_parse_at(in->personnummer, atoi(today), atoi(today + 5), atoi(today + 8), &pnr);
		if (perr != PNR_OK) {
			err_field(&c->err, "personnummer", NULL, pnr_error_text(perr));
			return 0;
		}
		int64_t id = participant_id_by_pnr(c, pnr.normalized);
		if (id < 0) return 0;
		if (id && !access_participant_visible(c, id)) id = 0;
		if (!id) err_field(&c->err, "personnummer", NULL, "Det finns ingen deltagare med det personnumret. Registrera deltagaren först.");
		return id;
	}
	if (!in->participant_id) {
		err_field(&c->err, "participant_id", NULL, "Ange deltagaren (participant_id eller personnummer).");
		return 0;
	}
	if (!access_participant_visible(c, in->participant_id)) {
		err_field(&c->err, "participant_id", NULL, "Deltagaren finns inte.");
		return 0;
	}
	return in->participant_id;
}

static int check_intervention(struct ctx *c, int64_t id, struct intervention_terms *iv)
{
	if (!id || intervention_terms(c, id, iv) != 0) {
		err_clear(&c->err); /* the first rule checked: no fault before it */
		return err_field(&c->err, "intervention_id", NULL, "Insatsen finns inte.");
	}
	if (strcmp(iv->measurement, "participants") != 0)
		return err_field(&c->err, "intervention_id", NULL, "Insatsen följs upp med antal (volym), inte med deltagare.");
	return 0;
}

/* Every rule of a new enrolment, each fault reported, not only the first:
 * the intervention, the participant (unless with_participant is false),
 * the codes and the dates. Only a refusal (403) stops it early. An unknown
 * intervention's period is taken as open, so that the dates are still
 * checked against each other. The participant's id goes to *pid. */
static int check_new(struct ctx *c, struct enrolment_input *in, bool with_participant, int64_t *pid)
{
	struct intervention_terms iv;
	if (check_intervention(c, in->intervention_id, &iv) != 0)
		iv = (struct intervention_terms){.start_date = "0001-01-01", .status = "active", .measurement = "participants"};
	else if (forbid_non_member(c, in->intervention_id) != 0)
		return c->err.code;
	*pid = with_participant ? resolve_participant(c, in) : 0;
	in->has_occupation_before = in->has_education_level = in->has_support_time = in->has_income_before = true;
	in->has_answers_start = in->has_outcome = in->has_exit_reason = in->has_income_after = in->has_answers_exit = true;
	in->has_followup_6m = in->has_followup_12m = true;
	check_codes(c, in);
	check_dates(c, &in->e, &iv, true);
	return c->err.code;
}

int enrolment_check_new(struct ctx *c, const struct enrolment_input *input)
{
	if (access_require_participants(c)) return c->err.code;
	struct enrolment_input in = *input;
	int64_t pid;
	return check_new(c, &in, false, &pid);
}

int enrolment_create(struct ctx *c, const struct enrolment_input *input, struct enrolment *out)
{
	if (access_require_participants(c)) return c->err.code;
	struct enrolment_input in = *input;
	int64_t pid;
	if (check_new(c, &in, true, &pid) != 0) return c->err.code;
	*out = in.e;
	out->id = 0;
	out->participant_id = pid;
	out->intervention_id = in.intervention_id;
	if (save(c, out) != 0) return c->err.code;
	return reload(c, out);
}

int enrolment_get(struct ctx *c, int64_t id, struct enrolment *out)
{
	if (access_require_participants(c)) return c->err.code;
	if (load_visible(c, id, out) != 0) return c->err.code;
	return audit_read(c, "participant", out->participant_id, arena_printf(c->arena, "enrolment %lld", (long long)id),
			  "Kunde inte skriva i loggen.");
}

int enrolment_update(struct ctx *c, int64_t id, const struct enrolment_input *input, struct enrolment *out)
{
	if (access_require_participants(c)) return c->err.code;
	struct enrolment cur;
	if (load_visible(c, id, &cur) != 0) return c->err.code;
	if (forbid_non_member(c, cur.intervention_id) != 0) return c->err.code;
	struct enrolment_input in = *input;
	if ((in.has_participant_id && in.participant_id != cur.participant_id) || in.has_personnummer)
		err_field(&c->err, "participant_id", NULL, "Deltagaren kan inte bytas. Avsluta inskrivningen och gör en ny.");
	if (in.has_intervention_id && in.intervention_id != cur.intervention_id)
		err_field(&c->err, "intervention_id", NULL, "Insatsen kan inte bytas. Avsluta inskrivningen och gör en ny.");
	check_codes(c, &in);
	struct enrolment m = cur;
	const struct enrolment *p = &in.e;
#define TAKE(f) if (in.has_##f) m.f = p->f
	TAKE(start_date);
	TAKE(end_date);
	TAKE(occupation_before);
	TAKE(education_level);
	TAKE(support_time);
	TAKE(income_before);
	TAKE(outcome);
	TAKE(exit_reason);
	TAKE(income_after);
	TAKE(followup_6m);
	TAKE(followup_12m);
#undef TAKE
	if (in.has_answers_start) m.answers_start = p->answers_start, m.nanswers_start = p->nanswers_start;
	if (in.has_answers_exit) m.answers_exit = p->answers_exit, m.nanswers_exit = p->nanswers_exit;
	struct intervention_terms iv;
	if (intervention_terms(c, cur.intervention_id, &iv) != 0) return err_set(&c->err, ERR_INTERNAL, "Insatsen saknas.");
	bool new_end = in.has_end_date && m.end_date && !(cur.end_date && strcmp(cur.end_date, m.end_date) == 0);
	check_dates(c, &m, &iv, new_end);
	if (c->err.code) return c->err.code;
	*out = m;
	if (save(c, out) != 0) return c->err.code;
	return reload(c, out);
}

int enrolment_state_check(struct ctx *c, const struct enrolment_state *st)
{
	if (st->status && strcmp(st->status, "planned") != 0 && strcmp(st->status, "ongoing") != 0 &&
	    strcmp(st->status, "ended") != 0)
		return err_field(&c->err, "status", st->status,
				 "Ange status som planned (planerad), ongoing (pågår) eller ended (avslutad).");
	return 0;
}

bool enrolment_state_any(const struct enrolment_state *st)
{
	return st->status || st->followup_due;
}

/* The fragments: a status compares with :today, the follow-up's dates
 * are enrolment_followup_due_bind's; enrolment_state_bind binds both. */
#define STATE_PLANNED " AND e.start_date > :today"
#define STATE_ONGOING " AND e.start_date <= :today AND (e.end_date IS NULL OR e.end_date > :today)"
#define STATE_ENDED " AND e.end_date <= :today"
#define STATE_FOLLOWUP_DUE ENROLMENT_FOLLOWUP_DUE_SQL

const char *enrolment_state_sql(const struct enrolment_state *st)
{
	static const char *const with_status[3][2] = {
		{STATE_PLANNED, STATE_PLANNED STATE_FOLLOWUP_DUE},
		{STATE_ONGOING, STATE_ONGOING STATE_FOLLOWUP_DUE},
		{STATE_ENDED, STATE_ENDED STATE_FOLLOWUP_DUE},
	};
	if (!st->status) return st->followup_due ? STATE_FOLLOWUP_DUE : "";
	int i = strcmp(st->status, "planned") == 0 ? 0 : strcmp(st->status, "ongoing") == 0 ? 1 : 2;
	return with_status[i][st->followup_due];
}

void enrolment_state_bind(struct stmt *s, const struct enrolment_state *st)
{
	char today[11];
	clock_today(today);
	if (st->status) stmt_bind_text(s, ":today", today);
	if (st->followup_due) enrolment_followup_due_bind(s, today);
}

void enrolment_followup_due_bind(struct stmt *s, const char *today)
{
	char oldest[11], ago6[11], ago12[11];
	clock_add_months(today, -ENROLMENT_FOLLOWUP_MONTHS, oldest);
	clock_add_months(today, -6, ago6);
	clock_add_months(today, -12, ago12);
	stmt_bind_texts(s, (const char *const[][2]){{":due_oldest", oldest}, {":due_6m", ago6}, {":due_12m", ago12},
		{NULL}});
}

/* The list's statement is composed of the filters given (each a condition
 * SQLite can plan with its index: by participant, by intervention, by end
 * date), the visibility rule, and with the participant's name when asked
 * for: her organisation's registration first, as participant.c reads it. */
#define LIST_FROM " FROM enrolments e"
#define LIST_FROM_PARTICIPANT                                                                                     \
	" FROM enrolments e JOIN participants p ON p.id = e.participant_id"                                          \
	" LEFT JOIN participant_registrations r ON r.participant_id = p.id AND r.org_id = :org"
#define LIST_PARTICIPANT_COLS                                                                                     \
	", p.anonymous, COALESCE(r.first_name, p.first_name), COALESCE(r.last_name, p.last_name), p.sex, p.birth_year"

/* read_row and the participant of LIST_PARTICIPANT_COLS. */
static void read_row_with_participant(struct ctx *c, struct stmt *s, void *out)
{
	struct enrolment *e = out;
	read_row(c, s, e);
	e->participant.loaded = true;
	e->participant.anonymous = stmt_int(s, 12) != 0;
	e->participant.first_name = e->participant.anonymous ? NULL : arena_strdup(c->arena, stmt_text(s, 13));
	e->participant.last_name = e->participant.anonymous ? NULL : arena_strdup(c->arena, stmt_text(s, 14));
	e->participant.sex = arena_strdup(c->arena, stmt_text(s, 15));
	e->participant.birth_year = stmt_int(s, 16);
}

static const char *list_where(struct ctx *c, const struct enrolment_filter *f)
{
	return arena_printf(c->arena, " WHERE " ACCESS_ENROLMENT_SQL "%s%s%s", f->participant_id ? " AND e.participant_id = :participant" : "",
			    f->intervention_id ? " AND e.intervention_id = :intervention" : "", enrolment_state_sql(&f->state));
}

/* Binds list_where's parameters (and LIST_FROM_PARTICIPANT's :org, the
 * visibility rule's). */
static void bind_list(struct stmt *s, const struct actor *a, const struct enrolment_filter *f)
{
	access_bind(s, a);
	if (f->participant_id) stmt_bind_int(s, ":participant", f->participant_id);
	if (f->intervention_id) stmt_bind_int(s, ":intervention", f->intervention_id);
	enrolment_state_bind(s, &f->state);
}

int enrolment_list(struct ctx *c, const struct enrolment_filter *f, const struct page *p, struct enrolment_list *out)
{
	if (access_require_participants(c)) return c->err.code;
	if (enrolment_state_check(c, &f->state) != 0) return c->err.code;
	static const char *const orders[] = {
		[ENROLMENT_SORT_START_DESC] = " ORDER BY e.start_date DESC, e.id DESC",
		[ENROLMENT_SORT_START_ASC] = " ORDER BY e.start_date, e.id",
		[ENROLMENT_SORT_END_DESC] = " ORDER BY e.end_date IS NOT NULL, e.end_date DESC, e.id DESC",
		[ENROLMENT_SORT_END_ASC] = " ORDER BY e.end_date IS NULL, e.end_date, e.id",
	};
	const char *where = list_where(c, f);
	struct stmt *count = store_prepare_composed(c->db, arena_printf(c->arena, "SELECT COUNT(*)" LIST_FROM "%s", where));
	const char *sql = f->with_participant
				  ? arena_printf(c->arena, "SELECT " E_COLS LIST_PARTICIPANT_COLS LIST_FROM_PARTICIPANT "%s%s LIMIT :limit OFFSET :offset",
						 where, orders[f->sort])
				  : arena_printf(c->arena, "SELECT " E_COLS LIST_FROM "%s%s LIMIT :limit OFFSET :offset", where, orders[f->sort]);
	struct stmt *page = store_prepare_composed(c->db, sql);
	bind_list(count, c->actor, f);
	bind_list(page, c->actor, f);
	out->items = list_page(c, count, page, p, sizeof *out->items, f->with_participant ? read_row_with_participant : read_row,
			       &out->n, &out->total, "Kunde inte läsa inskrivningar.");
	if (!out->items) return c->err.code;
	int64_t *ids = arena_alloc(c->arena, (out->n + 1) * sizeof *ids);
	for (size_t i = 0; i < out->n; i++) {
		if (load_extras(c, &out->items[i]) != 0) return c->err.code;
		ids[i] = out->items[i].participant_id;
	}
	return participant_audit_reads(c, ids, out->n, "enrolments");
}
