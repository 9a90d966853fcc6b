/* survey.c — rules and storage calls for the surveys of the employer
 * trainings (survey.h): the forms, the public page's read and answer, the
 * scheduler of the invitations and the results. */
#include "survey.h"
#include "../access.h"
#include "../audit.h"
#include "../check.h"
#include "../links.h"
#include "../mail.h"
#include "../settings.h"
#include "../../base/clock.h"
#include "../../base/utf8.h"
#include "../../store/store.h"
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[][2] = {{"scale", "skala 1–5"}, {"choice", "val"}, {"text", "fritext"}};
static const char *const waves[][2] = {{"session", "vid tillfället"}, {"six_months", "efter sex månader"}};
static const char *const formats[][2] = {
	{"in_person", "på plats"}, {"webinar", "webbinarium"}, {"commissioned", "uppdragsutbildning"}, {"network", "nätverksträff"},
};

#define MAX_QUESTIONS 50
#define MAX_CHOICES 20
#define MAX_ANSWER_TEXT 2000

/* --- who may ----------------------------------------------------------- */

static int may_read(struct ctx *c)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se enkäter.");
	if (actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI | ROLE_TRAINER)) return 0;
	return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer, kansliet och utbildare får se enkäterna.");
}

static int may_change(struct ctx *c)
{
	if (may_read(c) != 0) return c->err.code;
	if (actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI)) return 0;
	return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer och kansliet får lägga till och ändra enkäter.");
}

/* --- choices as JSON text ---------------------------------------------- */

static const char *choices_json(struct ctx *c, const struct survey_question *q)
{
	if (strcmp(q->kind, "choice") != 0) return NULL;
	json_t *a = json_array();
	for (size_t i = 0; i < q->nchoices; i++) json_array_append_new(a, json_string(q->choices[i]));
	char *s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	const char *out = s ? arena_strdup(c->arena, s) : "[]";
	free(s);
	return out;
}

static void choices_read(struct ctx *c, const char *text, struct survey_question *q)
{
	q->choices = NULL;
	q->nchoices = 0;
	json_t *a = text ? json_loads(text, 0, NULL) : NULL;
	if (!json_is_array(a)) {
		json_decref(a);
		q->choices = arena_zalloc(c->arena, sizeof *q->choices);
		return;
	}
	q->choices = arena_zalloc(c->arena, sizeof *q->choices * (json_array_size(a) + 1));
	for (size_t i = 0; i < json_array_size(a); i++) {
		const char *s = json_string_value(json_array_get(a, i));
		if (s) q->choices[q->nchoices++] = arena_strdup(c->arena, s);
	}
	json_decref(a);
}

/* --- forms --------------------------------------------------------------- */

static void read_survey(struct ctx *c, struct stmt *s, void *out)
{
	struct survey *v = out;
	memset(v, 0, sizeof *v);
	v->id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&v->name, &v->created_at, &v->updated_at, NULL});
}

static void read_question(struct ctx *c, struct stmt *s, void *out)
{
	struct survey_question *q = out;
	q->id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&q->text, &q->kind, NULL});
	choices_read(c, stmt_text(s, 3), q);
}

#define QUESTION_COLS "id, text, kind, choices"

static int read_questions(struct ctx *c, int64_t survey_id, struct survey_question **out, size_t *n)
{
	*out = list_all_of_parent(c, "SELECT " QUESTION_COLS " FROM survey_questions WHERE survey_id = :parent ORDER BY position",
				  survey_id, sizeof **out, read_question, n, "Kunde inte läsa enkätens frågor.");
	return *out ? 0 : c->err.code;
}

int survey_list(struct ctx *c, const struct page *p, struct survey_list *out)
{
	memset(out, 0, sizeof *out);
	if (may_read(c) != 0) return c->err.code;
	out->items = list_like(c, "SELECT COUNT(*) FROM surveys WHERE (CAST(:like AS TEXT) IS NULL OR name LIKE :like ESCAPE '\\')",
			       "SELECT id, name, created_at, updated_at FROM surveys"
			       " WHERE (CAST(:like AS TEXT) IS NULL OR name LIKE :like ESCAPE '\\') ORDER BY name, id LIMIT :limit OFFSET :offset",
			       p, sizeof *out->items, read_survey, &out->n, &out->total, "Kunde inte läsa enkäterna.");
	if (!out->items) return c->err.code;
	for (size_t i = 0; i < out->n; i++) {
		struct survey *v = &out->items[i];
		v->has_responses = row_exists(c, "SELECT 1 FROM survey_responses WHERE survey_id = :id", v->id);
		if (read_questions(c, v->id, &v->questions, &v->nquestions) != 0) return c->err.code;
	}
	return 0;
}

int survey_get(struct ctx *c, int64_t id, struct survey *out)
{
	if (may_read(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT id, name, created_at, updated_at FROM surveys WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	if (get_one(c, s, read_survey, out, "Enkäten finns inte.", "Kunde inte läsa enkäten.") != 0) return c->err.code;
	out->has_responses = row_exists(c, "SELECT 1 FROM survey_responses WHERE survey_id = :id", id);
	return read_questions(c, id, &out->questions, &out->nquestions);
}

int survey_check_ref(struct ctx *c, const char *field, int64_t id)
{
	if (id < 0 || (id > 0 && !row_exists(c, "SELECT 1 FROM surveys WHERE id = :id", id)))
		return err_field(&c->err, field, NULL, "Enkäten finns inte: ange en befintlig enkät, eller null för ingen.");
	return 0;
}

static void question_field(struct ctx *c, size_t i, const char *member, const char *reason)
{
	err_field(&c->err, arena_printf(c->arena, "questions[%zu].%s", i, member), NULL, reason);
}

static int validate(struct ctx *c, const char *name, const struct survey_question *qs, size_t n)
{
	if (!utf8_text_ok(name, 1, 200)) err_field(&c->err, "name", NULL, "Ange enkätens namn (högst 200 tecken).");
	if (n < 1 || n > MAX_QUESTIONS) err_field(&c->err, "questions", NULL, "Ange 1–50 frågor.");
	for (size_t i = 0; i < n && i < MAX_QUESTIONS; i++) {
		const struct survey_question *q = &qs[i];
		if (!utf8_text_ok(q->text, 1, 500)) question_field(c, i, "text", "Ange frågans text (högst 500 tecken).");
		if (!CODE_KNOWN(kinds, q->kind)) {
			question_field(c, i, "kind", "Ange frågans slag: scale (skala 1–5), choice (val) eller text (fritext).");
			continue;
		}
		if (strcmp(q->kind, "choice") != 0) {
			if (q->nchoices)
				question_field(c, i, "choices", "Svarsalternativ anges bara för en fråga av slaget choice (val).");
			continue;
		}
		if (q->nchoices < 2 || q->nchoices > MAX_CHOICES) {
			question_field(c, i, "choices", "Ange 2–20 svarsalternativ.");
			continue;
		}
		for (size_t k = 0; k < q->nchoices; k++) {
			bool twice = false;
			for (size_t j = 0; j < k; j++) twice = twice || (q->choices[j] && q->choices[k] && strcmp(q->choices[j], q->choices[k]) == 0);
			if (!utf8_text_ok(q->choices[k], 1, 200) || twice) {
				question_field(c, i, "choices", "Varje svarsalternativ ska ha 1–200 tecken och förekomma en gång.");
				break;
			}
		}
	}
	return c->err.code;
}

static int write_questions(struct ctx *c, int64_t survey_id, const struct survey_question *qs, size_t n)
{
	struct stmt *del = store_prepare(c->db, "DELETE FROM survey_questions WHERE survey_id = :survey");
	stmt_bind_int(del, ":survey", survey_id);
	int rc = stmt_exec(del);
	for (size_t i = 0; i < n && rc == STORE_DONE; i++) {
		struct stmt *s = store_prepare(c->db, "INSERT INTO survey_questions (survey_id, position, text, kind, choices)"
						      " VALUES (:survey, :position, :text, :kind, :choices)");
		stmt_bind_int(s, ":survey", survey_id);
		stmt_bind_int(s, ":position", (int64_t)i + 1);
		stmt_bind_texts(s, (const char *const[][2]){{":text", qs[i].text}, {":kind", qs[i].kind},
			{":choices", choices_json(c, &qs[i])}, {NULL}});
		rc = stmt_exec(s);
	}
	return rc;
}

int survey_create(struct ctx *c, const struct survey *in, struct survey *out)
{
	if (may_change(c) != 0 || validate(c, in->name, in->questions, in->nquestions) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "INSERT INTO surveys (name, created_at, updated_at) VALUES (:name, :now, :now) RETURNING id");
	stmt_bind_text(s, ":name", in->name);
	stmt_bind_text(s, ":now", c->now);
	int64_t id = 0;
	int rc = stmt_write_id(s, &id);
	if (rc == STORE_DONE) rc = write_questions(c, id, in->questions, in->nquestions);
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "survey", .id = id,
		.fail = "Kunde inte spara enkäten."}) != 0)
		return c->err.code;
	return survey_get(c, id, out);
}

int survey_update(struct ctx *c, int64_t id, const struct survey_patch *in, struct survey *out)
{
	struct survey v;
	if (survey_get(c, id, &v) != 0 || may_change(c) != 0) return c->err.code;
	if (in->has_name) v.name = in->name;
	if (in->has_questions) v.questions = in->questions, v.nquestions = in->nquestions;
	if (validate(c, v.name, v.questions, v.nquestions) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	/* Asked inside the write: a response that came after the check could
	 * otherwise lose the questions it answers. */
	if (in->has_questions && row_exists(c, "SELECT 1 FROM survey_responses WHERE survey_id = :id", id)) {
		store_rollback(c->db);
		return err_set(&c->err, ERR_CONFLICT,
			       "Enkäten har redan besvarats: dess frågor kan inte ändras längre. Skapa en ny enkät för nya frågor.");
	}
	struct stmt *s = store_prepare(c->db, "UPDATE surveys SET name = :name, updated_at = :now WHERE id = :id");
	stmt_bind_text(s, ":name", v.name);
	stmt_bind_text(s, ":now", c->now);
	stmt_bind_int(s, ":id", id);
	int rc = stmt_exec(s);
	if (rc == STORE_DONE && in->has_questions) rc = write_questions(c, id, v.questions, v.nquestions);
	if (change_commit(c, rc, &(struct change){.action = "update", .entity = "survey", .id = id,
		.detail = in->has_questions ? "questions" : NULL, .fail = "Kunde inte spara enkäten."}) != 0)
		return c->err.code;
	return survey_get(c, id, out);
}

/* --- the public page ----------------------------------------------------- */

/* What a token opens: the invitation and what its response keeps. */
struct invitation {
	int64_t id, survey_id, session_id, course_id;
	bool answered;
	const char *wave, *format, *sex, *survey, *course;
};

static void read_invitation(struct ctx *c, struct stmt *s, void *out)
{
	struct invitation *v = out;
	v->id = stmt_int(s, 0);
	v->survey_id = stmt_int(s, 1);
	v->session_id = stmt_int(s, 2);
	v->course_id = stmt_int(s, 3);
	v->answered = stmt_int(s, 4) != 0;
	read_texts(c, s, 5, (const char **[]){&v->wave, &v->format, &v->sex, &v->survey, &v->course, NULL});
}

static int invitation_of(struct ctx *c, const char *token, struct invitation *out)
{
	if (!token || strlen(token) > 100) return err_set(&c->err, ERR_NOT_FOUND, "Enkäten finns inte. Kontrollera länken.");
	struct stmt *s = store_prepare(c->db,
		"SELECT i.id, i.survey_id, t.id, t.course_id, i.answered, i.wave, t.format, r.sex, v.name, k.name"
		" FROM survey_invitations i JOIN training_registrations r ON r.id = i.registration_id"
		" JOIN training_sessions t ON t.id = r.session_id JOIN courses k ON k.id = t.course_id"
		" JOIN surveys v ON v.id = i.survey_id WHERE i.token = :token");
	stmt_bind_text(s, ":token", token);
	return get_one(c, s, read_invitation, out, "Enkäten finns inte. Kontrollera länken.", "Kunde inte läsa enkäten.");
}

int survey_public_get(struct ctx *c, const char *token, struct survey_public *out)
{
	memset(out, 0, sizeof *out);
	struct invitation v;
	if (invitation_of(c, token, &v) != 0) return c->err.code;
	out->survey = v.survey;
	out->course = v.course;
	out->wave = v.wave;
	out->answered = v.answered;
	return read_questions(c, v.survey_id, &out->questions, &out->nquestions);
}

static void answer_field(struct ctx *c, size_t i, const char *member, const char *reason)
{
	err_field(&c->err, arena_printf(c->arena, "answers[%zu].%s", i, member), NULL, reason);
}

/* The question of id among qs, or NULL. */
static const struct survey_question *question_of(const struct survey_question *qs, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (qs[i].id == id) return &qs[i];
	return NULL;
}

static int validate_answers(struct ctx *c, const struct survey_question *qs, size_t nq, const struct survey_answer_in *a,
			    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct survey_question *q = question_of(qs, nq, a[i].question_id);
		if (!q) {
			answer_field(c, i, "question_id", "Frågan finns inte i den här enkäten.");
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (a[j].question_id == a[i].question_id) answer_field(c, i, "question_id", "Svara bara en gång på varje fråga.");
		if (!a[i].is_number && !a[i].text) continue; /* not answered */
		if (strcmp(q->kind, "scale") == 0) {
			if (!a[i].is_number || a[i].number < 1 || a[i].number > 5)
				answer_field(c, i, "value", "Svara med en siffra från 1 till 5.");
		} else if (strcmp(q->kind, "choice") == 0) {
			bool found = false;
			for (size_t k = 0; a[i].text && k < q->nchoices; k++) found = found || strcmp(q->choices[k], a[i].text) == 0;
			if (!found) answer_field(c, i, "value", "Välj ett av frågans svarsalternativ.");
		} else if (a[i].is_number || !utf8_text_ok(a[i].text, 0, MAX_ANSWER_TEXT)) {
			answer_field(c, i, "value", "Svara med en text på högst 2000 tecken.");
		}
	}
	return c->err.code;
}

/* A response's id: random, so that the order of the rows says nothing of
 * the order in which people answered (see migration 0017). 53 bits: also
 * exact in a JavaScript number, should one ever be shown. */
static int64_t random_id(void)
{
	uint64_t v;
	randombytes_buf(&v, sizeof v);
	return (int64_t)(v & ((UINT64_C(1) << 53) - 1)) + 1;
}

int survey_public_answer(struct ctx *c, const char *token, const struct survey_answer_in *answers, size_t n)
{
	struct invitation v;
	if (invitation_of(c, token, &v) != 0) return c->err.code;
	if (v.answered) return err_set(&c->err, ERR_CONFLICT, "Enkäten är redan besvarad. Tack för ditt svar!");
	struct survey_question *qs;
	size_t nq;
	if (read_questions(c, v.survey_id, &qs, &nq) != 0) return c->err.code;
	if (validate_answers(c, qs, nq, answers, n) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	/* The one-time use, under the write lock: of two answers sent at once
	 * only the first finds the invitation unanswered. */
	struct stmt *s = store_prepare(c->db, "UPDATE survey_invitations SET answered = 1 WHERE id = :id AND answered = 0 RETURNING id");
	stmt_bind_int(s, ":id", v.id);
	int rc = stmt_step(s);
	stmt_done(s);
	if (rc == STORE_DONE) {
		store_rollback(c->db);
		return err_set(&c->err, ERR_CONFLICT, "Enkäten är redan besvarad. Tack för ditt svar!");
	}
	rc = rc == STORE_ROW ? STORE_DONE : rc;
	int64_t response = random_id();
	if (rc == STORE_DONE) {
		s = store_prepare(c->db, "INSERT INTO survey_responses (id, survey_id, course_id, session_id, format, sex, wave, answered_on)"
					 " VALUES (:id, :survey, :course, :session, :format, :sex, :wave, :month)");
		stmt_bind_int(s, ":id", response);
		stmt_bind_int(s, ":survey", v.survey_id);
		stmt_bind_int(s, ":course", v.course_id);
		stmt_bind_int(s, ":session", v.session_id);
		char month[8];
		memcpy(month, c->now, 7);
		month[7] = 0;
		stmt_bind_texts(s, (const char *const[][2]){{":format", v.format}, {":sex", v.sex}, {":wave", v.wave},
			{":month", month}, {NULL}});
		rc = stmt_exec(s);
	}
	for (size_t i = 0; i < n && rc == STORE_DONE; i++) {
		if (!answers[i].is_number && !answers[i].text) continue;
		const struct survey_question *q = question_of(qs, nq, answers[i].question_id);
		s = store_prepare(c->db, "INSERT INTO survey_answers (response_id, question_id, scale, choice, text)"
					 " VALUES (:response, :question, :scale, :choice, :text)");
		stmt_bind_int(s, ":response", response);
		stmt_bind_int(s, ":question", q->id);
		if (strcmp(q->kind, "scale") == 0) stmt_bind_int(s, ":scale", answers[i].number);
		else stmt_bind_null(s, ":scale");
		stmt_bind_text(s, ":choice", strcmp(q->kind, "choice") == 0 ? answers[i].text : NULL);
		stmt_bind_text(s, ":text", strcmp(q->kind, "text") == 0 ? answers[i].text : NULL);
		rc = stmt_exec(s);
	}
	/* The event names the survey, not the response: with its time it
	 * would join the response to the request that sent it. */
	return change_commit(c, rc, &(struct change){.action = "create", .entity = "survey_response", .id = 0,
		.detail = arena_printf(c->arena, "survey %lld", (long long)v.survey_id),
		.fail = "Kunde inte spara svaren."});
}

/* --- the scheduler ------------------------------------------------------- */

/* An attended registration with a wave to invite to. */
struct due {
	int64_t registration_id, session_survey, six_months_survey;
	bool has_session, has_six_months;
	const char *email, *first_name, *ends_at, *course;
};

static void read_due(struct ctx *c, struct stmt *s, void *out)
{
	struct due *d = out;
	d->registration_id = stmt_int(s, 0);
	d->session_survey = stmt_int(s, 1);
	d->six_months_survey = stmt_int(s, 2);
	d->has_session = stmt_int(s, 3) != 0;
	d->has_six_months = stmt_int(s, 4) != 0;
	read_texts(c, s, 5, (const char **[]){&d->email, &d->first_name, &d->ends_at, &d->course, NULL});
}

static const char subject_session[] = "Vad tyckte du om utbildningen? En kort enkät";
static const char subject_six_months[] = "Sex månader efter utbildningen: en kort enkät";
static const char body_template[] =
	"Hej {first_name}!\n\n"
	"{intro}\n\n"
	"Svara på enkäten här:\n{link}\n\n"
	"Det tar bara några minuter. Dina svar sparas utan ditt namn och din e-postadress,\n"
	"så ingen kan se vad just du har svarat. Länken är personlig och kan användas en gång.\n\n"
	"Med vänliga hälsningar\n{forbund}\n";

/* 192 random bits as 32 characters of base64url: a link no one guesses. */
static const char *new_token(struct ctx *c)
{
	unsigned char raw[24];
	randombytes_buf(raw, sizeof raw);
	size_t len = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *t = arena_alloc(c->arena, len);
	sodium_bin2base64(t, len, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return t;
}

/* ends_at moved six months on (the day clamped to the month's end). */
static const char *six_months_after(struct ctx *c, const char *ends_at)
{
	char date[11], moved[11];
	memcpy(date, ends_at, 10);
	date[10] = 0;
	if (!clock_valid_date(date)) return ends_at;
	clock_add_months(date, 6, moved);
	return arena_printf(c->arena, "%s%s", moved, ends_at + 10);
}

/* One invitation and its mail, in its own write. 1 made, 0 there already
 * (another server made it), or an ERR_* code. */
static int invite(struct ctx *c, const struct due *d, const char *wave, int64_t survey_id, const char *due_at,
		  const char *forbund)
{
	const char *token = new_token(c);
	bool mailable = mail_address_valid(d->email);
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO survey_invitations (registration_id, wave, survey_id, token, due_at, sent, answered, created_at)"
		" VALUES (:registration, :wave, :survey, :token, :due_at, :sent, 0, :now)"
		" ON CONFLICT (registration_id, wave) DO NOTHING RETURNING id");
	stmt_bind_int(s, ":registration", d->registration_id);
	stmt_bind_int(s, ":survey", survey_id);
	stmt_bind_int(s, ":sent", mailable ? 1 : 0);
	stmt_bind_texts(s, (const char *const[][2]){{":wave", wave}, {":token", token}, {":due_at", due_at}, {":now", c->now},
		{NULL}});
	int rc = stmt_step(s);
	int64_t id = rc == STORE_ROW ? stmt_int(s, 0) : 0;
	stmt_done(s);
	if (rc == STORE_DONE) {
		store_rollback(c->db);
		return 0;
	}
	rc = rc == STORE_ROW ? STORE_DONE : rc;
	if (rc == STORE_DONE && mailable) {
		bool first = strcmp(wave, "session") == 0;
		const char *intro = arena_printf(c->arena,
			first ? "Tack för att du deltog i utbildningen %s. Vi vill gärna veta vad du tyckte om den."
			      : "För sex månader sedan deltog du i utbildningen %s. Vi vill gärna veta vad den har betytt för dig sedan dess.",
			d->course);
		const char *link = links_public(c->arena, arena_printf(c->arena, "/utbildning/enkat/%s", token));
		const char *body = mail_template_render(c->arena, body_template,
			(const char *const[]){"first_name", "intro", "link", "forbund"},
			(const char *const[]){d->first_name, intro, link, forbund}, 4);
		rc = mail_enqueue(c, d->email, first ? subject_session : subject_six_months, body, NULL);
	}
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "survey_invitation", .id = id,
		.detail = arena_printf(c->arena, "registration %lld, %s", (long long)d->registration_id, wave),
		.fail = "Kunde inte skapa enkätinbjudan."}) != 0)
		return c->err.code;
	return 1;
}

/* The day of t (RFC 3339) moved by months and days, at the end of that day:
 * the bounds of the scheduler's rough filter. */
static const char *day_end(struct ctx *c, const char *t, int months, int days)
{
	char date[11], moved[11], out[11];
	memcpy(date, t, 10);
	date[10] = 0;
	clock_add_months(date, months, moved);
	clock_add_days(moved, days, out);
	return arena_printf(c->arena, "%sT23:59:59Z", out);
}

int survey_schedule_due(struct ctx *c, int *made)
{
	if (made) *made = 0;
	char now[21], oldest[21];
	clock_format_rfc3339(clock_now(), now);
	clock_format_rfc3339(clock_now() - (int64_t)SURVEY_LATE_DAYS * 86400, oldest);
	/* Every attended registration of an ended session whose course names a
	 * survey for a wave it has no invitation for, roughly within the
	 * wave's window (the exact due time is checked below: six months
	 * clamped to a month's end is up to three days short of the same day).
	 * Few rows: those not yet invited, and those whose six months are
	 * nearly over. The sessions that ended within the windows first (an
	 * index range: the oldest window's start is the lower bound), then
	 * their registrations, so a round costs the last year's sessions, not
	 * every registration there ever was. */
	struct stmt *s = store_prepare(c->db,
		"SELECT r.id, COALESCE(k.survey_session_id, 0), COALESCE(k.survey_six_months_id, 0),"
		" (SELECT COUNT(*) FROM survey_invitations i WHERE i.registration_id = r.id AND i.wave = 'session'),"
		" (SELECT COUNT(*) FROM survey_invitations i WHERE i.registration_id = r.id AND i.wave = 'six_months'),"
		" r.email, r.first_name, t.ends_at, k.name"
		" FROM training_registrations r JOIN training_sessions t ON t.id = r.session_id JOIN courses k ON k.id = t.course_id"
		" WHERE r.attended = 1 AND r.status = 'registered' AND t.ends_at <= :now AND t.ends_at >= :six_from"
		" AND ((k.survey_session_id IS NOT NULL AND t.ends_at >= :session_from AND NOT EXISTS (SELECT 1"
		"      FROM survey_invitations i WHERE i.registration_id = r.id AND i.wave = 'session'))"
		"  OR (k.survey_six_months_id IS NOT NULL AND t.ends_at <= :six_until AND t.ends_at >= :six_from"
		"      AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE i.registration_id = r.id AND i.wave = 'six_months')))"
		" ORDER BY t.ends_at, r.id");
	stmt_bind_texts(s, (const char *const[][2]){{":now", now}, {":session_from", day_end(c, oldest, 0, -1)},
		{":six_until", day_end(c, now, -6, 4)}, {":six_from", day_end(c, oldest, -6, -1)}, {NULL}});
	size_t n = 0;
	struct due *d = list_all(c, s, sizeof *d, read_due, &n, "Kunde inte läsa vilka enkäter som ska skickas.");
	if (!d) return c->err.code;
	const char *forbund = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!forbund && settings_forbund_name(c, &forbund) != 0) return c->err.code;
		const char *six = six_months_after(c, d[i].ends_at);
		int rc;
		/* Due, and not more than SURVEY_LATE_DAYS ago. */
		if (d[i].session_survey > 0 && !d[i].has_session && strcmp(d[i].ends_at, oldest) >= 0) {
			if ((rc = invite(c, &d[i], "session", d[i].session_survey, d[i].ends_at, forbund)) < 0) return rc;
			if (made) *made += rc;
		}
		if (d[i].six_months_survey > 0 && !d[i].has_six_months && strcmp(six, now) <= 0 && strcmp(six, oldest) >= 0) {
			if ((rc = invite(c, &d[i], "six_months", d[i].six_months_survey, six, forbund)) < 0) return rc;
			if (made) *made += rc;
		}
	}
	return 0;
}

/* --- the results ----------------------------------------------------------- */

static const struct report_column col_answer[] = {{"answer", "Svar", REPORT_KEY_TEXT}};
static const struct report_group one_group[] = {{.kind = REPORT_COUNT, .disjoint = true}};
/* A free-text question has no rows: its answered count stands alone. */
static const struct report_group no_rows[] = {{.kind = REPORT_COUNT, .disjoint = false}};

/* The filter every statement of the report shares. */
#define FILTER " r.course_id = :course AND r.wave = :wave AND (CAST(:format AS TEXT) IS NULL OR r.format = :format)"

static void bind_filter(struct stmt *s, const struct survey_report_params *p)
{
	stmt_bind_int(s, ":course", p->course_id);
	stmt_bind_text(s, ":wave", p->wave);
	stmt_bind_text(s, ":format", p->session_format);
}

static int failed(struct ctx *c)
{
	return err_set(&c->err, ERR_INTERNAL, "Kunde inte läsa enkätresultaten.");
}

/* Adds to the counts of a row (or the total row): those of unstated sex
 * count in the total, in neither women nor men. */
static void add_counts(struct report_count *v, int64_t women, int64_t men, int64_t all)
{
	v->women += women;
	v->men += men;
	v->total += all;
}

/* Those who did not state their sex are in a row's total but in neither
 * women nor men: where all three are shown, total − women − men gives
 * their number, a count like any other. The table's suppression knows
 * only total = women + men; so a row that would show a small number of
 * them has its total hidden too, and the suppression runs again to
 * protect it (it keeps the cells hidden before), until none is left. */
static void suppress_with_unstated(struct report_table *t, int n)
{
	for (int round = 0; round < 100; round++) {
		report_table_suppress(t, n);
		bool again = false;
		for (size_t i = 0; i <= t->n; i++) {
			struct report_count *v = i < t->n ? &t->rows[i].v[0] : &t->sum[0];
			int64_t unstated = v->total - v->women - v->men;
			if (!v->hidden && unstated >= 1 && unstated < n) {
				v->hidden |= REPORT_HIDE_TOTAL;
				again = true;
			}
		}
		if (!again) return;
	}
}

static int count_question(struct ctx *c, const struct survey_report_params *p, struct survey_report_question *q)
{
	struct report_table *t = &q->table;
	report_table_init(t, c->arena, 1, col_answer, 1, strcmp(q->kind, "text") == 0 ? no_rows : one_group);
	if (strcmp(q->kind, "scale") == 0) {
		static const char *const scale[] = {"1", "2", "3", "4", "5"};
		for (int i = 0; i < 5; i++) report_table_row(t, (struct report_key[]){{.text = scale[i]}});
	} else if (strcmp(q->kind, "choice") == 0) {
		struct survey_question sq = {0};
		struct stmt *s = store_prepare(c->db, "SELECT choices FROM survey_questions WHERE id = :id");
		stmt_bind_int(s, ":id", q->id);
		if (stmt_step(s) == STORE_ROW) choices_read(c, stmt_text(s, 0), &sq);
		stmt_done(s);
		for (size_t i = 0; i < sq.nchoices; i++) report_table_row(t, (struct report_key[]){{.text = sq.choices[i]}});
	}
	struct stmt *s = store_prepare(c->db,
		"SELECT COALESCE(CAST(a.scale AS TEXT), a.choice),"
		" SUM(CASE WHEN r.sex = 'female' THEN 1 ELSE 0 END), SUM(CASE WHEN r.sex = 'male' THEN 1 ELSE 0 END), COUNT(*)"
		" FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id"
		" WHERE a.question_id = :question AND" FILTER
		" GROUP BY COALESCE(CAST(a.scale AS TEXT), a.choice)");
	stmt_bind_int(s, ":question", q->id);
	bind_filter(s, p);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		int64_t women = stmt_int(s, 1), men = stmt_int(s, 2), all = stmt_int(s, 3);
		add_counts(&t->sum[0], women, men, all);
		if (stmt_is_null(s, 0)) continue; /* free text: the total alone */
		struct report_row *row = report_table_row(t, (struct report_key[]){{.text = stmt_text(s, 0)}});
		add_counts(&row->v[0], women, men, all);
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	if (p->suppress) suppress_with_unstated(t, p->suppress);
	return 0;
}

static void read_report_question(struct ctx *c, struct stmt *s, void *out)
{
	struct survey_report_question *q = out;
	memset(q, 0, sizeof *q);
	q->id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&q->text, &q->kind, NULL});
}

static int read_texts_of(struct ctx *c, const struct survey_report_params *p, struct survey_report_question *q)
{
	struct stmt *s = store_prepare(c->db,
		"SELECT a.text FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id"
		" WHERE a.question_id = :question AND a.text IS NOT NULL AND" FILTER " ORDER BY a.text");
	stmt_bind_int(s, ":question", q->id);
	bind_filter(s, p);
	q->texts = list_all(c, s, sizeof *q->texts, read_text_column, &q->ntexts, "Kunde inte läsa fritextsvaren.");
	return q->texts ? 0 : c->err.code;
}

int survey_report(struct ctx *c, struct survey_report_params *p, struct survey_report *out)
{
	memset(out, 0, sizeof *out);
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att se rapporter.");
	if (!p->wave) p->wave = "session";
	if (p->course_id <= 0) err_field(&c->err, "course_id", NULL, "Ange utbildningen (course_id).");
	if (!CODE_KNOWN(waves, p->wave))
		err_field(&c->err, "wave", p->wave, "Ange omgången: session (vid tillfället) eller six_months (efter sex månader).");
	if (p->session_format && !CODE_KNOWN(formats, p->session_format))
		err_field(&c->err, "session_format", p->session_format, "Ange formen: in_person, webinar, commissioned eller network.");
	if (p->suppress && p->suppress < 2) err_field(&c->err, "suppress", NULL, "Ange gränsen för små antal, ett heltal 2 eller större.");
	if (c->err.code) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT name, intervention_id,"
					      " CASE WHEN :wave = 'session' THEN survey_session_id ELSE survey_six_months_id END"
					      " FROM courses WHERE id = :id");
	stmt_bind_int(s, ":id", p->course_id);
	stmt_bind_text(s, ":wave", p->wave);
	int rc = stmt_step(s);
	int64_t intervention = 0, current = 0;
	if (rc == STORE_ROW) {
		out->course = arena_strdup(c->arena, stmt_text(s, 0));
		intervention = stmt_int(s, 1);
		current = stmt_int(s, 2);
	}
	stmt_done(s);
	if (rc < 0) return failed(c);
	if (rc != STORE_ROW) return err_field(&c->err, "course_id", NULL, "Utbildningen finns inte.");
	/* As every report: who may not see the people behind the counts gets
	 * them suppressed with at least the förbund's threshold. */
	int threshold;
	if (settings_suppression_threshold(c, &threshold) != 0) return c->err.code;
	if (!access_sees_people_behind(c, intervention) && p->suppress < threshold) p->suppress = threshold;
	out->course_id = p->course_id;
	out->wave = p->wave;
	out->session_format = p->session_format;
	out->suppress = p->suppress;

	s = store_prepare(c->db, "SELECT COUNT(*) FROM survey_invitations i JOIN training_registrations g ON g.id = i.registration_id"
				 " JOIN training_sessions r ON r.id = g.session_id"
				 " WHERE r.course_id = :course AND i.wave = :wave AND (CAST(:format AS TEXT) IS NULL OR r.format = :format)");
	bind_filter(s, p);
	if (stmt_scalar(s, &out->invited) < 0) return failed(c);
	s = store_prepare(c->db, "SELECT COUNT(*) FROM survey_responses r WHERE" FILTER);
	bind_filter(s, p);
	if (stmt_scalar(s, &out->responses) < 0) return failed(c);
	out->response_rate_tenths = report_share_tenths(out->responses, out->invited);

	/* The questions of the course's survey for the wave, and of any
	 * survey it named before that has responses. */
	s = store_prepare(c->db,
		"SELECT q.id, q.text, q.kind FROM survey_questions q WHERE q.survey_id = :current"
		" OR q.survey_id IN (SELECT r.survey_id FROM survey_responses r WHERE" FILTER ")"
		" ORDER BY CASE WHEN q.survey_id = :current THEN 0 ELSE 1 END, q.survey_id, q.position");
	stmt_bind_int(s, ":current", current);
	bind_filter(s, p);
	out->questions = list_all(c, s, sizeof *out->questions, read_report_question, &out->nquestions,
				  "Kunde inte läsa enkätens frågor.");
	if (!out->questions) return c->err.code;
	/* Free text goes out without sex, and only when the answers are many
	 * enough that none can be told from the others by who gave it. */
	int text_floor = p->suppress > threshold ? p->suppress : threshold;
	bool hide_responses = p->suppress && out->responses >= 1 && out->responses < p->suppress;
	for (size_t i = 0; i < out->nquestions; i++) {
		struct survey_report_question *q = &out->questions[i];
		if (count_question(c, p, q) != 0) return c->err.code;
		/* The responses are the answered of a question everyone
		 * answered: shown beside a hidden one they would give it back. */
		if (q->table.sum[0].hidden & REPORT_HIDE_TOTAL) hide_responses = true;
		if (strcmp(q->kind, "text") != 0) continue;
		/* Their number is the question's answered total: not listed
		 * when that is hidden. */
		if (out->responses < text_floor || (q->table.sum[0].hidden & REPORT_HIDE_TOTAL)) {
			q->texts_withheld = true;
			q->texts = arena_zalloc(c->arena, sizeof *q->texts);
		} else if (read_texts_of(c, p, q) != 0) {
			return c->err.code;
		}
	}
	out->responses_hidden = hide_responses;
	return 0;
}
