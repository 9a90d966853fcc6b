/* session.c — rules and storage calls for the sessions of a course
 * (session.h). */
#include "session.h"
#include "course.h"
#include "registration.h"
#include "../audit.h"
#include "../check.h"
#include "../../base/clock.h"
#include "../../base/utf8.h"
#include "../../store/store.h"
#include <sodium.h>
#include <string.h>

static const char *const formats[][2] = {
	{"in_person", "på plats"}, {"webinar", "webbinarium"}, {"commissioned", "uppdragsutbildning"}, {"network", "nätverksträff"},
};
static const char *const statuses[][2] = {{"open", "öppen"}, {"closed", "stängd"}, {"cancelled", "inställd"}};

const char *training_format_label(const char *format)
{
	return CODE_LABEL(formats, format);
}

#define COLS                                                                                                 \
	"id, course_id, capacity, trainer_user_id, employer_id, format, starts_at, ends_at, place,"          \
	" registration_deadline, public_token, status, created_at, updated_at"

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct training_session *t = out;
	t->id = stmt_int(s, 0);
	t->course_id = stmt_int(s, 1);
	t->capacity = stmt_int(s, 2);
	t->trainer_user_id = stmt_int(s, 3); /* NULL: 0 */
	t->employer_id = stmt_int(s, 4);
	read_texts(c, s, 5, (const char **[]){&t->format, &t->starts_at, &t->ends_at, &t->place, &t->registration_deadline,
					    &t->public_token, &t->status, &t->created_at, &t->updated_at, NULL});
}

/* "YYYY-MM-DDTHH:MM:SSZ", the form every timestamp of the API has. */
bool training_timestamp_valid(const char *s)
{
	if (!s || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return false;
	char date[11];
	memcpy(date, s, 10);
	date[10] = 0;
	if (!clock_valid_date(date)) return false;
	for (int i = 11; i < 19; i++)
		if (i != 13 && i != 16 && (s[i] < '0' || s[i] > '9')) return false;
	return (s[11] - '0') * 10 + (s[12] - '0') < 24 && s[14] < '6' && s[17] < '6';
}

static bool is_manager(const struct ctx *c)
{
	return actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI);
}

/* A trainer and nothing that reads every session: she sees her own only. */
static bool own_only(const struct ctx *c)
{
	return actor_has(c->actor, ROLE_TRAINER) &&
	       !actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI | ROLE_CASE_WORKER | ROLE_READER | ROLE_EMPLOYER_CONTACT);
}

/* :trainer is NULL for those who see every session. */
static void bind_trainer(struct ctx *c, struct stmt *s)
{
	if (own_only(c)) stmt_bind_int(s, ":trainer", c->actor->user_id);
	else stmt_bind_null(s, ":trainer");
}

#define MINE " AND (CAST(:trainer AS BIGINT) IS NULL OR trainer_user_id = :trainer)"

int training_session_get(struct ctx *c, int64_t id, struct training_session *out)
{
	if (course_may_read(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT " COLS " FROM training_sessions WHERE id = :id" MINE);
	stmt_bind_int(s, ":id", id);
	bind_trainer(c, s);
	return get_one(c, s, read_row, out, "Utbildningstillfället finns inte.", "Kunde inte läsa utbildningstillfället.");
}

int training_session_list(struct ctx *c, int64_t course_id, const struct page *p, struct training_session_list *out)
{
	memset(out, 0, sizeof *out);
	struct course k;
	if (course_get(c, course_id, &k) != 0) return c->err.code;
	struct stmt *count = store_prepare(c->db, "SELECT COUNT(*) FROM training_sessions WHERE course_id = :course" MINE);
	struct stmt *page = store_prepare(c->db, "SELECT " COLS " FROM training_sessions WHERE course_id = :course" MINE
						 " ORDER BY starts_at, id LIMIT :limit OFFSET :offset");
	stmt_bind_int(count, ":course", course_id);
	stmt_bind_int(page, ":course", course_id);
	bind_trainer(c, count);
	bind_trainer(c, page);
	out->items = list_page(c, count, page, p, sizeof *out->items, read_row, &out->n, &out->total,
			       "Kunde inte läsa utbildningstillfällena.");
	return out->items ? 0 : c->err.code;
}

static void check_time(struct ctx *c, const char *field, const char *value)
{
	if (!training_timestamp_valid(value))
		err_field(&c->err, field, value, "Ange tiden i UTC som ÅÅÅÅ-MM-DDTHH:MM:SSZ.");
}

static int validate(struct ctx *c, const struct training_session *t)
{
	if (!CODE_KNOWN(formats, t->format))
		err_field(&c->err, "format", t->format, "Ange form: in_person, webinar, commissioned eller network.");
	check_time(c, "starts_at", t->starts_at);
	check_time(c, "ends_at", t->ends_at);
	if (training_timestamp_valid(t->starts_at) && training_timestamp_valid(t->ends_at) &&
	    strcmp(t->ends_at, t->starts_at) < 0)
		err_field(&c->err, "ends_at", t->ends_at, "Sluttiden kan inte vara före starttiden.");
	if (t->registration_deadline) {
		check_time(c, "registration_deadline", t->registration_deadline);
		if (training_timestamp_valid(t->registration_deadline) && training_timestamp_valid(t->ends_at) &&
		    strcmp(t->registration_deadline, t->ends_at) > 0)
			err_field(&c->err, "registration_deadline", t->registration_deadline,
				  "Sista anmälningsdag kan inte vara efter att tillfället slutat.");
	}
	if (t->place && !utf8_text_ok(t->place, 0, 500)) err_field(&c->err, "place", NULL, "Platsen får ha högst 500 tecken.");
	if (t->capacity < 1 || t->capacity > 10000)
		err_field(&c->err, "capacity", NULL, "Ange antal platser, 1–10000.");
	if (t->trainer_user_id < 0 ||
	    (t->trainer_user_id > 0 &&
	     !row_exists(c, "SELECT 1 FROM users WHERE id = :id AND active = 1 AND (',' || roles || ',') LIKE '%,trainer,%'",
			 t->trainer_user_id)))
		err_field(&c->err, "trainer_user_id", NULL, "Utbildaren ska vara en aktiv användare med rollen utbildare.");
	if (t->format && strcmp(t->format, "commissioned") == 0) {
		if (t->employer_id <= 0)
			err_field(&c->err, "employer_id", NULL, "Ange arbetsgivaren som beställt uppdragsutbildningen.");
		else if (!row_exists(c, "SELECT 1 FROM employers WHERE id = :id", t->employer_id))
			err_field(&c->err, "employer_id", NULL, "Arbetsgivaren finns inte i registret.");
	} else if (t->employer_id != 0) {
		err_field(&c->err, "employer_id", NULL, "Arbetsgivare anges bara för en uppdragsutbildning.");
	}
	if (!CODE_KNOWN(statuses, t->status))
		err_field(&c->err, "status", t->status, "Ange status: open, closed eller cancelled.");
	return c->err.code;
}

const char *training_token_new(struct ctx *c)
{
	unsigned char raw[24];
	randombytes_buf(raw, sizeof raw);
	size_t len = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *t = arena_alloc(c->arena, len);
	sodium_bin2base64(t, len, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return t;
}

static void bind_fields(struct stmt *s, const struct training_session *t)
{
	stmt_bind_texts(s, (const char *const[][2]){{":format", t->format}, {":starts_at", t->starts_at},
		{":ends_at", t->ends_at}, {":place", t->place}, {":registration_deadline", t->registration_deadline},
		{":status", t->status}, {NULL}});
	stmt_bind_int(s, ":capacity", t->capacity);
	if (t->trainer_user_id > 0) stmt_bind_int(s, ":trainer_user_id", t->trainer_user_id);
	else stmt_bind_null(s, ":trainer_user_id");
	if (t->employer_id > 0) stmt_bind_int(s, ":employer_id", t->employer_id);
	else stmt_bind_null(s, ":employer_id");
}

/* Inserts t for its course (validated) with a new token; audited as a
 * create, with the session it was copied from (0: none) in the detail. */
static int insert(struct ctx *c, const struct training_session *t, int64_t copied_from, struct training_session *out)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO training_sessions (course_id, format, starts_at, ends_at, place, capacity, registration_deadline,"
		" trainer_user_id, employer_id, public_token, status, created_at, updated_at) VALUES (:course_id, :format,"
		" :starts_at, :ends_at, :place, :capacity, :registration_deadline, :trainer_user_id, :employer_id, :token,"
		" :status, :now, :now) RETURNING id");
	bind_fields(s, t);
	stmt_bind_int(s, ":course_id", t->course_id);
	stmt_bind_text(s, ":token", training_token_new(c));
	stmt_bind_text(s, ":now", c->now);
	int64_t id = 0;
	int rc = stmt_write_id(s, &id);
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "training_session", .id = id,
		.detail = copied_from ? arena_printf(c->arena, "course %lld, copy of %lld", (long long)t->course_id, (long long)copied_from)
				      : arena_printf(c->arena, "course %lld", (long long)t->course_id),
		.fail = "Kunde inte spara utbildningstillfället."}) != 0)
		return c->err.code;
	return training_session_get(c, id, out);
}

static int forbid_unless_manager(struct ctx *c)
{
	if (is_manager(c)) return 0;
	return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer och kansliet får lägga till utbildningstillfällen.");
}

static void read_trainer(struct ctx *c, struct stmt *s, void *out)
{
	struct trainer *t = out;
	t->id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&t->name, &t->username, NULL});
}

#define TRAINERS " FROM users WHERE active = 1 AND (',' || roles || ',') LIKE '%,trainer,%'" \
	" AND (CAST(:like AS TEXT) IS NULL OR name LIKE :like ESCAPE '\\')"

int training_trainer_list(struct ctx *c, const struct page *p, struct trainer_list *out)
{
	memset(out, 0, sizeof *out);
	if (!is_manager(c))
		return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer och kansliet väljer utbildare för tillfällen.");
	out->items = list_like(c, "SELECT COUNT(*)" TRAINERS, "SELECT id, name, username" TRAINERS
			       " ORDER BY name, id LIMIT :limit OFFSET :offset", p, sizeof *out->items, read_trainer, &out->n,
			       &out->total, "Kunde inte läsa utbildarna.");
	return out->items ? 0 : c->err.code;
}

int training_session_create(struct ctx *c, int64_t course_id, const struct training_session *in,
			    struct training_session *out)
{
	struct course k;
	if (course_get(c, course_id, &k) != 0 || forbid_unless_manager(c) != 0) return c->err.code;
	struct training_session t = *in;
	t.course_id = course_id;
	if (!t.status) t.status = "open";
	if (validate(c, &t) != 0) return c->err.code;
	return insert(c, &t, 0, out);
}

int training_session_copy(struct ctx *c, int64_t id, const struct training_session_copy *in,
			  struct training_session *out)
{
	struct training_session t;
	if (training_session_get(c, id, &t) != 0 || forbid_unless_manager(c) != 0) return c->err.code;
	t.starts_at = in->starts_at;
	t.ends_at = in->ends_at;
	t.registration_deadline = in->registration_deadline;
	t.status = "open";
	if (validate(c, &t) != 0) return c->err.code;
	return insert(c, &t, id, out);
}

int training_session_update(struct ctx *c, int64_t id, const struct training_session_patch *in,
			    struct training_session *out)
{
	struct training_session t;
	if (training_session_get(c, id, &t) != 0) return c->err.code;
	if (!is_manager(c)) {
		bool only_status = !(in->has_format || in->has_starts_at || in->has_ends_at || in->has_place || in->has_capacity ||
				     in->has_registration_deadline || in->has_trainer_user_id || in->has_employer_id);
		if (!(actor_has(c->actor, ROLE_TRAINER) && t.trainer_user_id == c->actor->user_id && only_status))
			return err_set(&c->err, ERR_FORBIDDEN,
				       "Endast administratörer och kansliet får ändra utbildningstillfällen; utbildaren får ändra sitt tillfälles status.");
	}
	const struct training_session *v = &in->v;
	if (in->has_format) t.format = v->format;
	if (in->has_starts_at) t.starts_at = v->starts_at;
	if (in->has_ends_at) t.ends_at = v->ends_at;
	if (in->has_place) t.place = v->place;
	if (in->has_capacity) t.capacity = v->capacity;
	if (in->has_registration_deadline) t.registration_deadline = v->registration_deadline;
	if (in->has_trainer_user_id) t.trainer_user_id = v->trainer_user_id;
	if (in->has_employer_id) t.employer_id = v->employer_id;
	bool cancelled_now = in->has_status && strcmp(v->status, "cancelled") == 0 && strcmp(t.status, "cancelled") != 0;
	if (in->has_status) t.status = v->status;
	if (validate(c, &t) != 0) return c->err.code;
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db,
		"UPDATE training_sessions SET format = :format, starts_at = :starts_at, ends_at = :ends_at, place = :place,"
		" capacity = :capacity, registration_deadline = :registration_deadline, trainer_user_id = :trainer_user_id,"
		" employer_id = :employer_id, status = :status, updated_at = :now WHERE id = :id");
	bind_fields(s, &t);
	stmt_bind_text(s, ":now", c->now);
	stmt_bind_int(s, ":id", id);
	int rc = stmt_exec(s);
	/* More seats (or a session open again): the waiting list moves up.
	 * Cancelled now: those who signed up are told. */
	if (rc == STORE_DONE) rc = registration_fill_seats(c, id);
	if (rc == STORE_DONE && cancelled_now) rc = registration_tell_session_cancelled(c, id);
	if (change_commit(c, rc, &(struct change){.action = "update", .entity = "training_session", .id = id,
		.detail = arena_printf(c->arena, "course %lld", (long long)t.course_id),
		.fail = "Kunde inte spara utbildningstillfället."}) != 0)
		return c->err.code;
	return training_session_get(c, id, out);
}
