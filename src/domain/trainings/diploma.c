/* diploma.c — the diplomas of a session's attendees (diploma.h): who may
 * download them, the rows they are drawn from, and the public check of a
 * code. The drawing itself is src/report/diploma.c. */
#include "diploma.h"
#include "session.h"
#include "../audit.h"
#include "../links.h"
#include "../settings.h"
#include "../../report/diploma.h"
#include "../../store/store.h"
#include <stdlib.h>
#include <string.h>

/* One registration with what its diploma needs. */
struct row {
	int64_t id, session_id, trainer_user_id;
	bool attended;
	const char *first_name, *last_name, *code, *title, *course, *starts_at;
	const char *sort_key; /* "last first" in Swedish order (swedish_key) */
};

#define ROW_COLS                                                                                      \
	"r.id, r.session_id, s.trainer_user_id, r.attended, r.first_name, r.last_name, r.diploma_code," \
	" k.diploma_title, k.name, s.starts_at"
#define ROW_FROM                                                                                      \
	" FROM training_registrations r JOIN training_sessions s ON s.id = r.session_id"                \
	" JOIN courses k ON k.id = s.course_id"

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct row *v = out;
	v->id = stmt_int(s, 0);
	v->session_id = stmt_int(s, 1);
	v->trainer_user_id = stmt_int(s, 2);
	v->attended = stmt_int(s, 3) != 0;
	v->sort_key = NULL;
	read_texts(c, s, 4, (const char **[]){&v->first_name, &v->last_name, &v->code, &v->title, &v->course,
					    &v->starts_at, NULL});
}

/* Registrations are personal data: admin and kansli read them all, a
 * trainer those of her own sessions (checked with the session), no one
 * else (403, whether the record exists or not). */
static int may_read_registrations(struct ctx *c)
{
	if (!c->actor) return err_set(&c->err, ERR_UNAUTH, "Logga in för att hämta diplom.");
	if (actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI | ROLE_TRAINER)) return 0;
	return err_set(&c->err, ERR_FORBIDDEN,
		       "Endast administratörer, kansliet och tillfällets utbildare får hämta diplom.");
}

/* A trainer (who is not also admin or kansli) sees the diplomas of her own
 * sessions only; another's are as if they did not exist. */
static int check_trainer(struct ctx *c, int64_t trainer_user_id, const char *not_found)
{
	if (actor_has(c->actor, ROLE_ADMIN | ROLE_KANSLI) || trainer_user_id == c->actor->user_id) return 0;
	return err_set(&c->err, ERR_NOT_FOUND, "%s", not_found);
}

/* "Åsa Öberg-Ek" as "Asa-Oberg-Ek": letters and digits of ASCII, the
 * Swedish and a few other Latin letters without their marks, anything else
 * a single hyphen. For the file name of a download (ASCII is safe in every
 * Content-Disposition). */
static void put_ascii(char **p, char *end, const char *s)
{
	static const char *const from[][2] = {
		{"å", "a"}, {"ä", "a"}, {"ö", "o"}, {"Å", "A"}, {"Ä", "A"}, {"Ö", "O"}, {"é", "e"}, {"É", "E"},
		{"è", "e"}, {"ü", "u"}, {"Ü", "U"}, {"æ", "ae"}, {"Æ", "AE"}, {"ø", "o"}, {"Ø", "O"}, {"á", "a"},
		{"í", "i"}, {"ó", "o"}, {"ú", "u"}, {"ñ", "n"}, {"ç", "c"}, {"ß", "ss"},
	};
	bool hyphen = (*p)[-1] == '-'; /* *p follows "diplom-" at least */
	while (s && *s && *p < end - 4) {
		const char *rep = NULL;
		size_t skip = 1;
		for (size_t i = 0; i < sizeof from / sizeof from[0] && !rep; i++) {
			size_t n = strlen(from[i][0]);
			if (strncmp(s, from[i][0], n) == 0) rep = from[i][1], skip = n;
		}
		char ch = *s;
		if (rep) {
			for (; *rep; rep++) *(*p)++ = *rep;
			hyphen = false;
		} else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
			*(*p)++ = ch;
			hyphen = false;
		} else if (!hyphen) {
			*(*p)++ = '-';
			hyphen = true;
		}
		if (!rep && (unsigned char)ch >= 0x80) /* the rest of an unknown UTF-8 sequence */
			while ((unsigned char)s[skip] >= 0x80 && (unsigned char)s[skip] < 0xc0) skip++;
		s += skip;
	}
	**p = 0;
}

static const char *person_file_name(struct ctx *c, const char *first, const char *last)
{
	char buf[200] = "diplom-", *p = buf + strlen(buf);
	put_ascii(&p, buf + sizeof buf - 8, first);
	if (p[-1] != '-') *p++ = '-';
	put_ascii(&p, buf + sizeof buf - 8, last);
	while (p[-1] == '-') p--;
	strcpy(p, ".pdf");
	return arena_strdup(c->arena, buf);
}

/* Draws the rows' diplomas into out. */
static int render(struct ctx *c, const struct row *rows, size_t n, struct diploma_file *out)
{
	const char *federation;
	if (settings_forbund_name(c, &federation) != 0) return c->err.code;
	struct diploma *d = arena_alloc(c->arena, n * sizeof *d);
	for (size_t i = 0; i < n; i++) {
		char *date = arena_alloc(c->arena, 11);
		memcpy(date, rows[i].starts_at, 10);
		date[10] = 0;
		d[i] = (struct diploma){.full_name = arena_printf(c->arena, "%s %s", rows[i].first_name, rows[i].last_name),
					.title = rows[i].title, .course = rows[i].course, .date = date,
					.federation = federation, .code = rows[i].code};
	}
	struct err e;
	err_clear(&e);
	if (diploma_render_pdf(d, n, links_public(c->arena, "/utbildning/diplom"), &out->pdf, &out->len, &e) != 0)
		return err_set(&c->err, ERR_INTERNAL, "Kunde inte skapa diplomet: %s", e.msg);
	out->pages = n;
	return 0;
}

int training_diploma_pdf(struct ctx *c, int64_t registration_id, struct diploma_file *out)
{
	memset(out, 0, sizeof *out);
	if (may_read_registrations(c) != 0) return c->err.code;
	struct row v;
	struct stmt *s = store_prepare(c->db, "SELECT " ROW_COLS ROW_FROM " WHERE r.id = :id");
	stmt_bind_int(s, ":id", registration_id);
	if (get_one(c, s, read_row, &v, "Anmälan finns inte.", "Kunde inte läsa anmälan.") != 0 ||
	    check_trainer(c, v.trainer_user_id, "Anmälan finns inte.") != 0)
		return c->err.code;
	if (!v.title || !*v.title)
		return err_set(&c->err, ERR_NOT_FOUND, "Utbildningen ger inget diplom: den har ingen diplomtitel.");
	if (!v.attended)
		return err_set(&c->err, ERR_NOT_FOUND, "Personen är inte markerad som närvarande och har därför inget diplom.");
	if (!v.code)
		return err_set(&c->err, ERR_NOT_FOUND,
			       "Diplomet har ingen kontrollkod: markera närvaron på nytt för att ge personen ett diplom.");
	if (audit_read(c, "training_registration", v.id, "diploma", "Kunde inte skriva i loggen.") != 0 ||
	    render(c, &v, 1, out) != 0)
		return c->err.code;
	out->file_name = person_file_name(c, v.first_name, v.last_name);
	return 0;
}

/* s folded so that strcmp orders it as a Swedish list of names does: case
 * ignored, å ä ö after z in that order, é è as e, ü as y, æ as ä, ø as ö.
 * SQLite's byte order would put Ä before Å and every small letter after Ö. */
static char *swedish_key(struct arena *a, const char *s)
{
	static const char *const fold[][2] = {
		{"å", "{"}, {"Å", "{"}, {"ä", "|"}, {"Ä", "|"}, {"æ", "|"}, {"Æ", "|"}, {"ö", "}"}, {"Ö", "}"},
		{"ø", "}"}, {"Ø", "}"}, {"é", "e"}, {"É", "e"}, {"è", "e"}, {"È", "e"}, {"ü", "y"}, {"Ü", "y"},
	};
	char *key = arena_alloc(a, strlen(s) + 1), *k = key;
	while (*s) {
		size_t i = 0, n = 0;
		for (; i < sizeof fold / sizeof fold[0]; i++)
			if (strncmp(s, fold[i][0], n = strlen(fold[i][0])) == 0) break;
		if (i < sizeof fold / sizeof fold[0]) {
			*k++ = fold[i][1][0];
			s += n;
		} else {
			*k++ = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
			s++;
		}
	}
	*k = 0;
	return key;
}

static int by_name(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int d = strcmp(a->sort_key, b->sort_key);
	return d ? d : (a->id > b->id) - (a->id < b->id);
}

int training_session_diplomas_pdf(struct ctx *c, int64_t session_id, struct diploma_file *out)
{
	memset(out, 0, sizeof *out);
	struct training_session t;
	if (may_read_registrations(c) != 0 || training_session_get(c, session_id, &t) != 0 ||
	    check_trainer(c, t.trainer_user_id, "Utbildningstillfället finns inte.") != 0)
		return c->err.code;
	if (!row_exists(c, "SELECT 1 FROM training_sessions s JOIN courses k ON k.id = s.course_id"
			   " WHERE s.id = :id AND k.diploma_title IS NOT NULL AND k.diploma_title <> ''",
			session_id))
		return err_set(&c->err, ERR_CONFLICT, "Utbildningen ger inget diplom: den har ingen diplomtitel.");
	struct stmt *s = store_prepare(c->db, "SELECT " ROW_COLS ROW_FROM " WHERE r.session_id = :id AND r.attended = 1"
					      " AND r.diploma_code IS NOT NULL ORDER BY r.id");
	stmt_bind_int(s, ":id", session_id);
	size_t n;
	struct row *rows = list_all(c, s, sizeof *rows, read_row, &n, "Kunde inte läsa anmälningarna.");
	if (!rows) return c->err.code;
	for (size_t i = 0; i < n; i++)
		rows[i].sort_key = swedish_key(c->arena, arena_printf(c->arena, "%s %s", rows[i].last_name, rows[i].first_name));
	qsort(rows, n, sizeof *rows, by_name);
	if (n == 0)
		return err_set(&c->err, ERR_CONFLICT,
			       "Ingen vid tillfället har diplom ännu: markera närvaron först.");
	if (audit_reads_of(c, "training_registration", rows, n, sizeof *rows, offsetof(struct row, id),
			   arena_printf(c->arena, "diplomas of session %lld", (long long)session_id),
			   "Kunde inte skriva i loggen.") != 0 ||
	    render(c, rows, n, out) != 0)
		return c->err.code;
	out->file_name = arena_printf(c->arena, "diplom-tillfalle-%lld.pdf", (long long)session_id);
	return 0;
}

int training_diploma_check(struct ctx *c, const char *typed, struct diploma_check *out)
{
	memset(out, 0, sizeof *out);
	static const char *const unknown = "Det finns inget diplom med den kontrollkoden.";
	char code[DIPLOMA_CODE_SIZE];
	if (!diploma_code_normalise(typed, code)) return err_set(&c->err, ERR_NOT_FOUND, "%s", unknown);
	struct row v;
	struct stmt *s = store_prepare(c->db, "SELECT " ROW_COLS ROW_FROM " WHERE r.diploma_code = :code AND r.attended = 1"
					      " AND k.diploma_title IS NOT NULL AND k.diploma_title <> ''");
	stmt_bind_text(s, ":code", code);
	if (get_one(c, s, read_row, &v, unknown, "Kunde inte läsa diplomet.") != 0) return c->err.code;
	/* A name shown to someone outside: a read of the registration. */
	if (audit_read(c, "training_registration", v.id, "public diploma check", "Kunde inte skriva i loggen.") != 0)
		return c->err.code;
	out->name = arena_printf(c->arena, "%s %s", v.first_name, v.last_name);
	out->course = v.course;
	out->title = v.title;
	char *date = arena_alloc(c->arena, 11);
	memcpy(date, v.starts_at, 10);
	date[10] = 0;
	out->date = date;
	return 0;
}
