/* registration.c — rules and storage calls for registrations to training
 * sessions (registration.h): the public sign-up with its waiting list, the
 * cancel link, the mails that tell the person, and the staff's list and
 * attendance. */
#include "registration.h"
#include "course.h"
#include "session.h"
#include "../attendee.h"
#include "../audit.h"
#include "../check.h"
#include "../intervention.h"
#include "../links.h"
#include "../mail.h"
#include "../settings.h"
#include "../../base/clock.h"
#include "../../base/utf8.h"
#include "../../report/diploma.h"
#include "../../se/orgnr.h"
#include "../../store/store.h"
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* --- the session as registration sees it ------------------------------- */

/* A session with its course, read without a user (the public pages) and
 * inside the write that registers (its count of seats taken is then
 * exact: the write holds the database's write lock). */
struct sess_info {
	int64_t id, capacity, trainer_user_id, intervention_id, registered;
	const char *course, *description, *format, *starts_at, *ends_at, *place, *deadline, *status, *diploma_title;
};

#define SESS_SQL                                                                                                \
	"SELECT s.id, s.capacity, s.trainer_user_id, k.intervention_id,"                                       \
	" (SELECT COUNT(*) FROM training_registrations r WHERE r.session_id = s.id AND r.status = 'registered'),"  \
	" k.name, k.description, s.format, s.starts_at, s.ends_at, s.place, s.registration_deadline, s.status,"   \
	" k.diploma_title FROM training_sessions s JOIN courses k ON k.id = s.course_id"

static void read_sess(struct ctx *c, struct stmt *s, void *out)
{
	struct sess_info *x = out;
	x->id = stmt_int(s, 0);
	x->capacity = stmt_int(s, 1);
	x->trainer_user_id = stmt_int(s, 2);
	x->intervention_id = stmt_int(s, 3);
	x->registered = stmt_int(s, 4);
	read_texts(c, s, 5, (const char **[]){&x->course, &x->description, &x->format, &x->starts_at, &x->ends_at,
					    &x->place, &x->deadline, &x->status, &x->diploma_title, NULL});
}

static int sess_by_token(struct ctx *c, const char *token, struct sess_info *out)
{
	struct stmt *s = store_prepare(c->db, SESS_SQL " WHERE s.public_token = :token");
	stmt_bind_text(s, ":token", token ? token : "");
	return get_one(c, s, read_sess, out, "Utbildningstillfället finns inte.", "Kunde inte läsa utbildningstillfället.");
}

static int sess_by_id(struct ctx *c, int64_t id, struct sess_info *out)
{
	struct stmt *s = store_prepare(c->db, SESS_SQL " WHERE s.id = :id");
	stmt_bind_int(s, ":id", id);
	return get_one(c, s, read_sess, out, "Utbildningstillfället finns inte.", "Kunde inte läsa utbildningstillfället.");
}

/* Open for registration: status open and its deadline (without one, its
 * start) not yet passed at now (RFC 3339 UTC, which compares as text). */
static bool sess_open(const struct sess_info *x, const char *now)
{
	const char *until = x->deadline ? x->deadline : x->starts_at;
	return strcmp(x->status, "open") == 0 && strcmp(now, until) < 0;
}

static const char *now_text(struct ctx *c)
{
	char *t = arena_alloc(c->arena, 21);
	clock_format_rfc3339(clock_now(), t);
	return t;
}

int public_session_get(struct ctx *c, const char *token, struct public_session *out)
{
	struct sess_info x;
	memset(out, 0, sizeof *out);
	if (sess_by_token(c, token, &x) != 0) return c->err.code;
	*out = (struct public_session){.course = x.course, .description = x.description, .format = x.format,
		.starts_at = x.starts_at, .ends_at = x.ends_at, .place = x.place, .registration_deadline = x.deadline,
		.status = x.status, .seats_left = x.capacity > x.registered ? x.capacity - x.registered : 0,
		.waitlist_open = true, .open = sess_open(&x, now_text(c))};
	return 0;
}

/* --- mails ---------------------------------------------------------------- */

/* Day number of the last Sunday of month m (March, October) in year y. */
static int64_t last_sunday(int y, int m)
{
	int64_t d = clock_days_from_civil(y, m, 31);
	int64_t wd = ((d % 7) + 11) % 7; /* 1970-01-01 was a Thursday: 0 = Sunday */
	return d - wd;
}

/* An RFC 3339 UTC time as Swedish local time (CET, CEST from the last
 * Sunday of March to the last of October, at 01:00 UTC), the way a person
 * reads it in a mail: "5 mars 2026 kl. 09:00". */
static const char *swedish_time(struct arena *a, const char *utc)
{
	int y, mo, d, h, mi;
	if (!utc || sscanf(utc, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5) return utc ? utc : "";
	int64_t day = clock_days_from_civil(y, mo, d), minutes = day * 1440 + h * 60 + mi;
	int64_t dst_from = last_sunday(y, 3) * 1440 + 60, dst_to = last_sunday(y, 10) * 1440 + 60;
	minutes += minutes >= dst_from && minutes < dst_to ? 120 : 60;
	day = minutes / 1440;
	int lh = (int)(minutes % 1440 / 60), lm = (int)(minutes % 60);
	char iso[11], date[40];
	clock_format_day(day, iso);
	if (!diploma_swedish_date(iso, date, sizeof date)) return utc;
	return arena_printf(a, "%s kl. %02d:%02d", date, lh, lm);
}

/* Who a mail is about and where it goes. */
struct mail_to {
	const char *first_name, *email, *cancel_token;
};

enum mail_kind { MAIL_REGISTERED, MAIL_WAITLISTED, MAIL_MOVED_UP, MAIL_CANCELLED, MAIL_SESSION_CANCELLED };

static const char *const subjects[] = {
	[MAIL_REGISTERED] = "Bekräftelse: du är anmäld till {course}",
	[MAIL_WAITLISTED] = "Väntelista: {course}",
	[MAIL_MOVED_UP] = "Du har fått en plats: {course}",
	[MAIL_CANCELLED] = "Avbokad: {course}",
	[MAIL_SESSION_CANCELLED] = "Inställt: {course}",
};

static const char details[] = "Tid: {when}\nPlats: {place}\nForm: {format}\n\n";

static const char *const bodies[] = {
	[MAIL_REGISTERED] = "Hej {first_name}!\n\n"
			    "Tack för din anmälan. Du har en plats på {course}.\n\n"
			    "{details}"
			    "Om du inte kan komma, avboka så snart du kan, så att någon annan kan få platsen:\n"
			    "{cancel_link}\n\n"
			    "Med vänliga hälsningar\n{forbund}\n",
	[MAIL_WAITLISTED] = "Hej {first_name}!\n\n"
			    "Tack för din anmälan till {course}. Tillfället är fullt, så du står på väntelistan\n"
			    "som nummer {position}. Blir en plats ledig flyttas du upp och får ett nytt mejl.\n\n"
			    "{details}"
			    "Vill du inte längre stå på väntelistan, avboka här:\n{cancel_link}\n\n"
			    "Med vänliga hälsningar\n{forbund}\n",
	[MAIL_MOVED_UP] = "Hej {first_name}!\n\n"
			  "En plats har blivit ledig, och du har nu en plats på {course}.\n\n"
			  "{details}"
			  "Om du inte kan komma, avboka så snart du kan, så att någon annan kan få platsen:\n"
			  "{cancel_link}\n\n"
			  "Med vänliga hälsningar\n{forbund}\n",
	[MAIL_CANCELLED] = "Hej {first_name}!\n\n"
			   "Din anmälan till {course} är avbokad.\n\n"
			   "{details}"
			   "Vill du komma ändå, anmäl dig gärna igen om det finns platser kvar.\n\n"
			   "Med vänliga hälsningar\n{forbund}\n",
	[MAIL_SESSION_CANCELLED] = "Hej {first_name}!\n\n"
				   "Tyvärr är tillfället av {course} som du har anmält dig till inställt.\n"
				   "Din anmälan gäller inte längre, och du behöver inte göra något.\n\n"
				   "{details}"
				   "Vi hör av oss när det finns ett nytt tillfälle. Frågor besvaras av oss på {forbund}.\n\n"
				   "Med vänliga hälsningar\n{forbund}\n",
};

/* Queues the mail of kind to the person, inside the caller's write. */
static int queue_mail(struct ctx *c, enum mail_kind kind, const struct sess_info *x, const struct mail_to *to,
		      int64_t position)
{
	const char *forbund;
	if (settings_forbund_name(c, &forbund) != 0) return STORE_EFAIL;
	const char *link = links_public(c->arena, arena_printf(c->arena, "/utbildning/avboka/%s", to->cancel_token));
	const char *when = swedish_time(c->arena, x->starts_at);
	const char *d = mail_template_render(c->arena, details, (const char *const[]){"when", "place", "format"},
					     (const char *const[]){when, x->place ? x->place : "meddelas senare",
								   training_format_label(x->format)},
					     3);
	const char *names[] = {"first_name", "course", "details", "cancel_link", "forbund", "position"};
	const char *values[] = {to->first_name, x->course, d, link, forbund, arena_printf(c->arena, "%lld", (long long)position)};
	const char *subject = mail_template_render(c->arena, subjects[kind], names, values, 6);
	const char *body = mail_template_render(c->arena, bodies[kind], names, values, 6);
	return mail_enqueue(c, to->email, subject, body, NULL);
}

/* --- the public form ------------------------------------------------------ */

/* s without surrounding whitespace (a copy in the arena); NULL stays NULL,
 * and an empty result is NULL when empty_null. */
static const char *trimmed(struct arena *a, const char *s, bool empty_null)
{
	if (!s) return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
	if (n == 0 && empty_null) return NULL;
	char *t = arena_alloc(a, n + 1);
	memcpy(t, s, n);
	t[n] = 0;
	return t;
}

/* The registration as it will be stored (texts trimmed, orgnr in its
 * stored form, the employer looked up), or 422 naming each wrong field. */
static int validate_input(struct ctx *c, const struct registration_input *in, struct registration *v, const char **email_key)
{
	struct err *e = &c->err;
	struct arena *a = c->arena;
	memset(v, 0, sizeof *v);
	v->first_name = trimmed(a, in->first_name, false);
	v->last_name = trimmed(a, in->last_name, false);
	v->email = trimmed(a, in->email, false);
	v->phone = trimmed(a, in->phone, true);
	v->employer_orgnr = trimmed(a, in->employer_orgnr, true);
	v->employer_name = trimmed(a, in->employer_name, true);
	v->role_at_work = trimmed(a, in->role_at_work, true);
	v->sex = in->sex;
	v->dietary_needs = trimmed(a, in->dietary_needs, true);
	if (!utf8_text_ok(v->first_name, 1, 100)) err_field(e, "first_name", NULL, "Ange förnamn (högst 100 tecken).");
	if (!utf8_text_ok(v->last_name, 1, 100)) err_field(e, "last_name", NULL, "Ange efternamn (högst 100 tecken).");
	if (!v->email || !mail_address_valid(v->email))
		err_field(e, "email", NULL, "Ange en giltig e-postadress (namn@exempel.se).");
	check_text(c, "phone", v->phone, 40, "Telefonnumret");
	check_text(c, "employer_name", v->employer_name, 200, "Arbetsgivarens namn");
	check_text(c, "role_at_work", v->role_at_work, 200, "Rollen på arbetet");
	check_text(c, "dietary_needs", v->dietary_needs, 500, "Specialkosten");
	if (!v->sex || !(strcmp(v->sex, "female") == 0 || strcmp(v->sex, "male") == 0 || strcmp(v->sex, "unspecified") == 0))
		err_field(e, "sex", NULL, "Ange kön: female (kvinna), male (man) eller unspecified (vill inte uppge).");
	if (!in->consent)
		err_field(e, "consent", NULL, "Du behöver samtycka till att uppgifterna sparas för att kunna anmäla dig.");
	if (v->employer_orgnr) {
		struct orgnr o;
		int rc = orgnr_parse(v->employer_orgnr, &o);
		if (rc != ORGNR_OK) {
			err_field(e, "employer_orgnr", NULL, orgnr_error_text(rc)); /* as the register says it */
		} else {
			v->employer_orgnr = arena_strdup(a, o.normalized);
			struct stmt *s = store_prepare(c->db, "SELECT id, name FROM employers WHERE orgnr = :orgnr");
			stmt_bind_text(s, ":orgnr", o.normalized);
			if (stmt_step(s) == STORE_ROW) {
				v->employer_id = stmt_int(s, 0);
				if (!v->employer_name) v->employer_name = arena_strdup(a, stmt_text(s, 1));
			}
			stmt_done(s);
		}
	}
	if (e->code) return e->code;
	char *key = arena_strdup(a, v->email);
	utf8_lower(key);
	*email_key = key;
	return 0;
}

/* The existing registration of this e-mail for the session. */
struct existing {
	int64_t id;
	const char *status, *cancel_token;
};

static int find_existing(struct ctx *c, int64_t session_id, const char *email_key, struct existing *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT id, status, cancel_token FROM training_registrations"
					      " WHERE session_id = :session AND email_key = :key");
	stmt_bind_int(s, ":session", session_id);
	stmt_bind_text(s, ":key", email_key);
	int rc = stmt_step(s);
	memset(out, 0, sizeof *out);
	if (rc == STORE_ROW) {
		out->id = stmt_int(s, 0);
		out->status = arena_strdup(c->arena, stmt_text(s, 1));
		out->cancel_token = arena_strdup(c->arena, stmt_text(s, 2));
	}
	stmt_done(s);
	return rc;
}

/* The place in the queue of a waitlisted registration (1: next to move up). */
static int64_t queue_position(struct ctx *c, int64_t id)
{
	struct stmt *s = store_prepare(c->db,
		"SELECT COUNT(*) FROM training_registrations w JOIN training_registrations r ON r.id = :id"
		" WHERE w.session_id = r.session_id AND w.status = 'waitlisted' AND w.queue_order <= r.queue_order");
	stmt_bind_int(s, ":id", id);
	int64_t n = 0;
	stmt_scalar(s, &n);
	return n;
}

static void bind_person(struct stmt *s, const struct registration *v, const char *email_key)
{
	stmt_bind_texts(s, (const char *const[][2]){{":first_name", v->first_name}, {":last_name", v->last_name},
		{":email", v->email}, {":email_key", email_key}, {":phone", v->phone}, {":employer_orgnr", v->employer_orgnr},
		{":employer_name", v->employer_name}, {":role_at_work", v->role_at_work}, {":sex", v->sex},
		{":dietary_needs", v->dietary_needs}, {NULL}});
	stmt_bind_id(s, ":employer_id", v->employer_id);
}

/* Ends a write that could not go on for a rule (rc: the error set). */
static int abandon(struct ctx *c)
{
	store_rollback(c->db);
	return c->err.code;
}

static int refuse_closed(struct ctx *c, const struct sess_info *x)
{
	if (strcmp(x->status, "cancelled") == 0)
		return err_set(&c->err, ERR_CONFLICT, "Tillfället är inställt. Det går inte att anmäla sig.");
	if (strcmp(x->status, "closed") == 0)
		return err_set(&c->err, ERR_CONFLICT, "Anmälan till tillfället är stängd.");
	return err_set(&c->err, ERR_CONFLICT, "Sista anmälningsdag har passerat. Det går inte längre att anmäla sig.");
}

int public_registration_submit(struct ctx *c, const char *token, const struct registration_input *in,
			       const char **status, bool *created)
{
	struct sess_info x;
	*status = NULL;
	*created = false;
	if (sess_by_token(c, token, &x) != 0) return c->err.code;
	/* The honeypot: a bot fills every field. It is told what a person is,
	 * and nothing is stored or sent. */
	if (in->website && in->website[0]) {
		*status = "registered";
		*created = true;
		return 0;
	}
	struct registration v;
	const char *email_key;
	if (validate_input(c, in, &v, &email_key) != 0) return c->err.code;
	if (!sess_open(&x, now_text(c))) return refuse_closed(c, &x);

	if (ctx_begin(c) != 0) return c->err.code;
	/* Again inside the write: the seats taken now, exactly. */
	if (sess_by_id(c, x.id, &x) != 0) return abandon(c);
	if (!sess_open(&x, c->now)) {
		refuse_closed(c, &x);
		return abandon(c);
	}
	struct existing old;
	int rc = find_existing(c, x.id, email_key, &old);
	if (rc < 0) {
		ctx_store_error(c, rc, NULL, "Kunde inte spara anmälan.");
		return abandon(c);
	}
	int64_t id = old.id;
	const char *new_status = x.registered < x.capacity ? "registered" : "waitlisted";
	const char *cancel_token = old.id ? old.cancel_token : training_token_new(c);
	bool queued = !old.id || strcmp(old.status, "cancelled") == 0; /* a new place in the order */
	struct stmt *s;
	if (!old.id) {
		s = store_prepare(c->db,
			"INSERT INTO training_registrations (session_id, first_name, last_name, email, email_key, phone,"
			" employer_orgnr, employer_name, employer_id, role_at_work, sex, dietary_needs, consent_at, status,"
			" queue_order, cancel_token, created_at, updated_at) VALUES (:session, :first_name, :last_name, :email,"
			" :email_key, :phone, :employer_orgnr, :employer_name, :employer_id, :role_at_work, :sex, :dietary_needs,"
			" :now, :status, (SELECT COALESCE(MAX(queue_order), 0) + 1 FROM training_registrations WHERE session_id = :session),"
			" :token, :now, :now) RETURNING id");
		stmt_bind_text(s, ":token", cancel_token);
	} else if (queued) {
		s = store_prepare(c->db,
			"UPDATE training_registrations SET first_name = :first_name, last_name = :last_name, email = :email,"
			" email_key = :email_key, phone = :phone, employer_orgnr = :employer_orgnr, employer_name = :employer_name,"
			" employer_id = :employer_id, role_at_work = :role_at_work, sex = :sex, dietary_needs = :dietary_needs,"
			" consent_at = :now, status = :status, queue_order = (SELECT COALESCE(MAX(queue_order), 0) + 1"
			" FROM training_registrations WHERE session_id = :session), updated_at = :now"
			" WHERE id = :id AND session_id = :session RETURNING id");
		stmt_bind_int(s, ":id", old.id);
	} else {
		new_status = old.status; /* an update keeps the seat or the place in the queue */
		s = store_prepare(c->db,
			"UPDATE training_registrations SET first_name = :first_name, last_name = :last_name, email = :email,"
			" email_key = :email_key, phone = :phone, employer_orgnr = :employer_orgnr, employer_name = :employer_name,"
			" employer_id = :employer_id, role_at_work = :role_at_work, sex = :sex, dietary_needs = :dietary_needs,"
			" consent_at = :now, updated_at = :now WHERE id = :id AND session_id = :session RETURNING id");
		stmt_bind_int(s, ":id", old.id);
	}
	bind_person(s, &v, email_key);
	stmt_bind_int(s, ":session", x.id);
	stmt_bind_text(s, ":now", c->now);
	if (queued) stmt_bind_text(s, ":status", new_status);
	rc = stmt_write_id(s, &id);
	if (rc == STORE_DONE && queued) {
		bool seat = strcmp(new_status, "registered") == 0;
		rc = queue_mail(c, seat ? MAIL_REGISTERED : MAIL_WAITLISTED, &x,
				&(struct mail_to){v.first_name, v.email, cancel_token}, seat ? 0 : queue_position(c, id));
	}
	if (change_commit(c, rc, &(struct change){.action = old.id ? "update" : "create", .entity = "training_registration",
		.id = id, .detail = arena_printf(c->arena, "session %lld, %s", (long long)x.id, new_status),
		.fail = "Kunde inte spara anmälan."}) != 0)
		return c->err.code;
	*status = new_status;
	*created = !old.id;
	return 0;
}

/* --- cancel ---------------------------------------------------------------- */

/* What a cancel needs of a registration. */
struct reg_core {
	int64_t id, session_id;
	bool attended;
	const char *first_name, *email, *status, *cancel_token;
};

#define CORE_COLS "id, session_id, attended, first_name, email, status, cancel_token"

static void read_core(struct ctx *c, struct stmt *s, void *out)
{
	struct reg_core *r = out;
	r->id = stmt_int(s, 0);
	r->session_id = stmt_int(s, 1);
	r->attended = stmt_int(s, 2) != 0;
	read_texts(c, s, 3, (const char **[]){&r->first_name, &r->email, &r->status, &r->cancel_token, NULL});
}

static int core_by_token(struct ctx *c, const char *token, struct reg_core *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " CORE_COLS " FROM training_registrations WHERE cancel_token = :token");
	stmt_bind_text(s, ":token", token ? token : "");
	return get_one(c, s, read_core, out, "Anmälan finns inte.", "Kunde inte läsa anmälan.");
}

static int core_by_id(struct ctx *c, int64_t id, struct reg_core *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " CORE_COLS " FROM training_registrations WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	return get_one(c, s, read_core, out, "Anmälan finns inte.", "Kunde inte läsa anmälan.");
}

int registration_fill_seats(struct ctx *c, int64_t session_id)
{
	struct sess_info x;
	if (sess_by_id(c, session_id, &x) != 0) return STORE_EFAIL;
	if (strcmp(x.status, "cancelled") == 0) return STORE_DONE;
	for (int64_t free = x.capacity - x.registered; free > 0; free--) {
		struct reg_core next;
		struct stmt *s = store_prepare(c->db, "SELECT " CORE_COLS " FROM training_registrations WHERE session_id = :session"
						      " AND status = 'waitlisted' ORDER BY queue_order, id LIMIT 1");
		stmt_bind_int(s, ":session", session_id);
		int found = get_one(c, s, read_core, &next, "", "Kunde inte läsa väntelistan.");
		if (found == ERR_NOT_FOUND) {
			err_clear(&c->err);
			break;
		}
		if (found != 0) return STORE_EFAIL;
		s = store_prepare(c->db, "UPDATE training_registrations SET status = 'registered', updated_at = :now WHERE id = :id");
		stmt_bind_text(s, ":now", c->now);
		stmt_bind_int(s, ":id", next.id);
		int rc = stmt_exec(s);
		if (rc == STORE_DONE)
			rc = queue_mail(c, MAIL_MOVED_UP, &x, &(struct mail_to){next.first_name, next.email, next.cancel_token}, 0);
		if (rc == STORE_DONE && audit_write(c, "update", "training_registration", next.id,
						     arena_printf(c->arena, "session %lld, moved up", (long long)session_id)) != 0)
			rc = STORE_EFAIL;
		if (rc != STORE_DONE) return rc;
	}
	return STORE_DONE;
}

int registration_tell_session_cancelled(struct ctx *c, int64_t session_id)
{
	struct sess_info x;
	if (sess_by_id(c, session_id, &x) != 0) return STORE_EFAIL;
	struct stmt *s = store_prepare(c->db, "SELECT " CORE_COLS " FROM training_registrations WHERE session_id = :session"
					      " AND status IN ('registered', 'waitlisted') ORDER BY queue_order, id");
	stmt_bind_int(s, ":session", session_id);
	size_t n = 0;
	struct reg_core *told = list_all(c, s, sizeof *told, read_core, &n, "Kunde inte läsa anmälningarna.");
	if (!told) return STORE_EFAIL;
	for (size_t i = 0; i < n; i++) {
		int rc = queue_mail(c, MAIL_SESSION_CANCELLED, &x,
				    &(struct mail_to){told[i].first_name, told[i].email, told[i].cancel_token}, 0);
		if (rc != STORE_DONE) return rc;
	}
	return STORE_DONE;
}

/* Inside a write: r cancelled and told; when it had a seat, the seat goes
 * to the waiting list (registration_fill_seats). Returns the store's code
 * for change_commit. */
static int cancel_in_write(struct ctx *c, const struct reg_core *r)
{
	struct sess_info x;
	if (sess_by_id(c, r->session_id, &x) != 0) return STORE_EFAIL;
	struct stmt *s = store_prepare(c->db, "UPDATE training_registrations SET status = 'cancelled', updated_at = :now"
					      " WHERE id = :id");
	stmt_bind_text(s, ":now", c->now);
	stmt_bind_int(s, ":id", r->id);
	int rc = stmt_exec(s);
	if (rc == STORE_DONE) rc = queue_mail(c, MAIL_CANCELLED, &x, &(struct mail_to){r->first_name, r->email, r->cancel_token}, 0);
	if (rc != STORE_DONE || strcmp(r->status, "registered") != 0) return rc;
	return registration_fill_seats(c, r->session_id);
}

static int refuse_attended(struct ctx *c)
{
	return err_set(&c->err, ERR_CONFLICT,
		       "Närvaron är redan registrerad för anmälan. Ta bort närvaron innan anmälan avbokas.");
}

/* Cancels r (already cancelled: nothing to do), audited with who did it. */
static int cancel(struct ctx *c, int64_t id, const char *by)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct reg_core r;
	if (core_by_id(c, id, &r) != 0) return abandon(c);
	if (strcmp(r.status, "cancelled") == 0) {
		store_rollback(c->db);
		return 0;
	}
	if (r.attended) {
		refuse_attended(c);
		return abandon(c);
	}
	int rc = cancel_in_write(c, &r);
	return change_commit(c, rc, &(struct change){.action = "update", .entity = "training_registration", .id = id,
		.detail = arena_printf(c->arena, "session %lld, cancelled %s", (long long)r.session_id, by),
		.fail = "Kunde inte avboka anmälan."});
}

int public_registration_view(struct ctx *c, const char *cancel_token, struct registration_cancel_view *out)
{
	struct reg_core r;
	struct sess_info x;
	if (core_by_token(c, cancel_token, &r) != 0 || sess_by_id(c, r.session_id, &x) != 0) return c->err.code;
	*out = (struct registration_cancel_view){r.first_name, x.course, x.starts_at, r.status};
	return audit_read(c, "training_registration", r.id, "cancel link", "Kunde inte skriva i loggen.");
}

int public_registration_cancel(struct ctx *c, const char *cancel_token)
{
	struct reg_core r;
	if (core_by_token(c, cancel_token, &r) != 0) return c->err.code;
	return cancel(c, r.id, "by link");
}

/* --- staff ------------------------------------------------------------------ */

#define REG_COLS                                                                                                   \
	"r.id, r.session_id, r.employer_id, r.attended, r.attendee_id,"                                              \
	" CASE WHEN r.status = 'waitlisted' THEN (SELECT COUNT(*) FROM training_registrations w"                    \
	" WHERE w.session_id = r.session_id AND w.status = 'waitlisted' AND w.queue_order <= r.queue_order) ELSE 0 END," \
	" r.first_name, r.last_name, r.email, r.phone, r.employer_orgnr, r.employer_name, r.role_at_work, r.sex,"   \
	" r.dietary_needs, r.status, r.diploma_code, r.created_at"

static void read_reg(struct ctx *c, struct stmt *s, void *out)
{
	struct registration *r = out;
	r->id = stmt_int(s, 0);
	r->session_id = stmt_int(s, 1);
	r->employer_id = stmt_int(s, 2);
	r->attended = stmt_int(s, 3) != 0;
	r->attendee_id = stmt_int(s, 4);
	r->waitlist_position = stmt_int(s, 5);
	read_texts(c, s, 6, (const char **[]){&r->first_name, &r->last_name, &r->email, &r->phone, &r->employer_orgnr,
					    &r->employer_name, &r->role_at_work, &r->sex, &r->dietary_needs, &r->status,
					    &r->diploma_code, &r->created_at, NULL});
	r->waitlisted = strcmp(r->status, "waitlisted") == 0;
}

/* Registrations are personal data: admin and kansli read every session's,
 * a trainer her own sessions' (another's is not found, as the session is
 * not), everyone else none. */
static int may_see(struct ctx *c, int64_t session_id, struct training_session *t)
{
	if (!actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI | ROLE_TRAINER))
		return err_set(&c->err, ERR_FORBIDDEN,
			       "Anmälningar är personuppgifter: endast administratörer, kansliet och tillfällets utbildare får se dem.");
	if (training_session_get(c, session_id, t) != 0) return c->err.code;
	if (actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI) || t->trainer_user_id == c->actor->user_id) return 0;
	return err_set(&c->err, ERR_NOT_FOUND, "Utbildningstillfället finns inte.");
}

int registration_list(struct ctx *c, int64_t session_id, const struct page *p, struct registration_list *out)
{
	struct training_session t;
	memset(out, 0, sizeof *out);
	if (may_see(c, session_id, &t) != 0) return c->err.code;
	out->items = list_of_parent(c, "SELECT COUNT(*) FROM training_registrations WHERE session_id = :parent",
		"SELECT " REG_COLS " FROM training_registrations r WHERE r.session_id = :parent ORDER BY"
		" CASE r.status WHEN 'registered' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, r.queue_order, r.id"
		" LIMIT :limit OFFSET :offset",
		session_id, p, sizeof *out->items, read_reg, &out->n, &out->total, "Kunde inte läsa anmälningarna.");
	if (!out->items) return c->err.code;
	return audit_reads_of(c, "training_registration", out->items, out->n, sizeof *out->items,
			      offsetof(struct registration, id), arena_printf(c->arena, "session %lld", (long long)session_id),
			      "Kunde inte skriva i loggen.");
}

static int load(struct ctx *c, int64_t id, struct registration *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " REG_COLS " FROM training_registrations r WHERE r.id = :id");
	stmt_bind_int(s, ":id", id);
	return get_one(c, s, read_reg, out, "Anmälan finns inte.", "Kunde inte läsa anmälan.");
}

/* The registration and whether the actor may see it (as may_see). */
static int load_checked(struct ctx *c, int64_t id, struct registration *out, struct training_session *t)
{
	if (!actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI | ROLE_TRAINER))
		return may_see(c, 0, t);
	if (load(c, id, out) != 0) return c->err.code;
	if (may_see(c, out->session_id, t) != 0) {
		if (c->err.code == ERR_NOT_FOUND) {
			err_clear(&c->err);
			return err_set(&c->err, ERR_NOT_FOUND, "Anmälan finns inte.");
		}
		return c->err.code;
	}
	return 0;
}

int registration_get(struct ctx *c, int64_t id, struct registration *out)
{
	struct training_session t;
	if (load_checked(c, id, out, &t) != 0) return c->err.code;
	return audit_read(c, "training_registration", id, NULL, "Kunde inte skriva i loggen.");
}

/* Inside a write: sets a new diploma code on registration id, again on the
 * rare clash with another's. Each attempt in a savepoint: on PostgreSQL a
 * failed statement fails its whole transaction until rolled back to one. */
static int set_diploma_code(struct ctx *c, int64_t id)
{
	int rc = STORE_EFAIL;
	for (int attempt = 0; attempt < 5; attempt++) {
		char code[DIPLOMA_CODE_SIZE];
		if (diploma_code_new(code) != 0) return STORE_EFAIL;
		if ((rc = store_begin(c->db)) != STORE_DONE) return rc;
		struct stmt *s = store_prepare(c->db, "UPDATE training_registrations SET diploma_code = :code WHERE id = :id");
		stmt_bind_text(s, ":code", code);
		stmt_bind_int(s, ":id", id);
		rc = stmt_exec(s);
		if (rc == STORE_DONE) return store_commit(c->db);
		store_rollback(c->db);
		if (rc != STORE_ECONSTRAINT) return rc;
	}
	return rc;
}

/* Attendance: the person becomes an attendee of the course's intervention
 * (format and the date of the session's start), with a diploma code when
 * the course gives a diploma. */
static int mark_attended(struct ctx *c, const struct registration *r, const struct training_session *t)
{
	if (strcmp(r->status, "registered") != 0)
		return err_set(&c->err, ERR_CONFLICT, "Närvaro kan bara registreras för den som har en plats (status registered).");
	struct course k;
	struct intervention_terms iv;
	if (course_get(c, t->course_id, &k) != 0 || intervention_terms(c, k.intervention_id, &iv) != 0) return c->err.code;
	char date[11], today[11];
	memcpy(date, t->starts_at, 10);
	date[10] = 0;
	clock_today(today);
	if (strcmp(date, today) > 0)
		return err_set(&c->err, ERR_CONFLICT, "Närvaro registreras när tillfället har börjat, inte i förväg.");
	if (strcmp(date, iv.start_date) < 0 || (iv.end_date && strcmp(date, iv.end_date) > 0))
		return err_field(&c->err, "attended", NULL,
				 arena_printf(c->arena, "Tillfällets datum %s ligger utanför insatsens period (%s–%s). "
							"Ändra insatsens period eller tillfällets tid.",
					      date, iv.start_date, iv.end_date ? iv.end_date : ""));
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO attendees (intervention_id, first_name, last_name, sex, email, employer_id, organisation_name,"
		" format, date, person_key, created_at) VALUES (:intervention_id, :first_name, :last_name, :sex, :email,"
		" :employer_id, :organisation_name, :format, :date, :person_key, :now) RETURNING id");
	stmt_bind_int(s, ":intervention_id", k.intervention_id);
	stmt_bind_texts(s, (const char *const[][2]){{":first_name", r->first_name}, {":last_name", r->last_name},
		{":sex", r->sex}, {":email", r->email}, {":organisation_name", r->employer_name}, {":format", t->format},
		{":date", date},
		{":person_key", attendee_person_key(c->arena, r->first_name, r->last_name, r->email, r->employer_name)},
		{":now", c->now}, {NULL}});
	stmt_bind_id(s, ":employer_id", r->employer_id);
	int64_t attendee = 0;
	int rc = stmt_write_id(s, &attendee);
	if (rc == STORE_DONE && audit_write(c, "create", "attendee", attendee,
					     arena_printf(c->arena, "registration %lld", (long long)r->id)) != 0)
		rc = STORE_EFAIL;
	if (rc == STORE_DONE) {
		s = store_prepare(c->db, "UPDATE training_registrations SET attended = 1, attendee_id = :attendee,"
					 " updated_at = :now WHERE id = :id");
		stmt_bind_int(s, ":attendee", attendee);
		stmt_bind_text(s, ":now", c->now);
		stmt_bind_int(s, ":id", r->id);
		rc = stmt_exec(s);
	}
	if (rc == STORE_DONE && k.diploma_title) rc = set_diploma_code(c, r->id);
	return change_commit(c, rc, &(struct change){.action = "update", .entity = "training_registration", .id = r->id,
		.detail = arena_printf(c->arena, "session %lld, attended", (long long)r->session_id),
		.fail = "Kunde inte registrera närvaron."});
}

/* Attendance taken back: the attendee it made is removed, and the code. */
static int unmark_attended(struct ctx *c, const struct registration *r)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "UPDATE training_registrations SET attended = 0, attendee_id = NULL,"
					      " diploma_code = NULL, updated_at = :now WHERE id = :id");
	stmt_bind_text(s, ":now", c->now);
	stmt_bind_int(s, ":id", r->id);
	int rc = stmt_exec(s);
	if (rc == STORE_DONE && r->attendee_id) {
		s = store_prepare(c->db, "DELETE FROM attendees WHERE id = :id");
		stmt_bind_int(s, ":id", r->attendee_id);
		rc = stmt_exec(s);
		if (rc == STORE_DONE && audit_write(c, "delete", "attendee", r->attendee_id,
						     arena_printf(c->arena, "registration %lld", (long long)r->id)) != 0)
			rc = STORE_EFAIL;
	}
	return change_commit(c, rc, &(struct change){.action = "update", .entity = "training_registration", .id = r->id,
		.detail = arena_printf(c->arena, "session %lld, not attended", (long long)r->session_id),
		.fail = "Kunde inte ta bort närvaron."});
}

int registration_update(struct ctx *c, int64_t id, const struct registration_patch *in, struct registration *out)
{
	struct registration r;
	struct training_session t;
	if (load_checked(c, id, &r, &t) != 0) return c->err.code;
	bool cancel_it = in->has_status;
	if (cancel_it && !(in->status && strcmp(in->status, "cancelled") == 0))
		return err_field(&c->err, "status", in->status,
				 "Status kan bara ändras till cancelled (avbokad); från väntelistan flyttas man upp av sig själv.");
	if (cancel_it && in->has_attended && in->attended)
		return err_set(&c->err, ERR_CONFLICT, "En avbokad anmälan kan inte ha närvaro.");
	int rc = 0;
	if (in->has_attended && in->attended != r.attended)
		rc = in->attended ? mark_attended(c, &r, &t) : unmark_attended(c, &r);
	if (rc == 0 && cancel_it) {
		if (load(c, id, &r) != 0) return c->err.code;
		if (r.attended) return refuse_attended(c);
		rc = cancel(c, id, arena_printf(c->arena, "by user %lld", (long long)c->actor->user_id));
	}
	if (rc != 0) return rc;
	return load(c, id, out);
}
