/* auth.c — login, sessions, tokens and throttling behind auth.h. */
#include "auth.h"
#include "audit.h"
#include "../base/clock.h"
#include "../base/strset.h"
#include "../store/store.h"
#include <pthread.h>
#include <pwquality.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static struct auth_config config = {1800, 43200, 900, 5};

void auth_config_defaults(struct auth_config *cfg)
{
	cfg->idle_timeout_s = 1800;
	cfg->absolute_timeout_s = 43200;
	cfg->failure_window_s = 900;
	cfg->max_failures = 5;
}

void auth_configure(const struct auth_config *cfg)
{
	config = *cfg;
}

const struct auth_config *auth_config(void)
{
	return &config;
}

int auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int auth_hash_password(const char *password, char out[128])
{
	_Static_assert(crypto_pwhash_STRBYTES <= 128, "hash buffer");
	return crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
}

bool auth_verify_password(const char *hash, const char *password)
{
	return hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* libpwquality's verdict in Swedish. aux is cracklib's English reason for
 * PWQ_ERROR_CRACKLIB_CHECK (a static text). */
static const char *pwquality_reason(int rc, const char *aux)
{
	switch (rc) {
	case PWQ_ERROR_USER_CHECK: return "Lösenordet får inte innehålla användarnamnet.";
	case PWQ_ERROR_PALINDROME: return "Lösenordet får inte vara ett palindrom (samma baklänges).";
	case PWQ_ERROR_CASE_CHANGES_ONLY:
	case PWQ_ERROR_ROTATED:
	case PWQ_ERROR_TOO_SIMILAR:
	case PWQ_ERROR_SAME_PASSWORD: return "Lösenordet liknar det förra för mycket.";
	case PWQ_ERROR_MAX_CONSECUTIVE:
	case PWQ_ERROR_MAX_CLASS_REPEAT:
	case PWQ_ERROR_MAX_SEQUENCE: return "Lösenordet har för många likadana tecken eller tecken i följd (som 1234 eller abcd).";
	case PWQ_ERROR_MIN_LENGTH: return "Lösenordet måste ha minst 12 tecken.";
	case PWQ_ERROR_CRACKLIB_CHECK:
		if (aux && strstr(aux, "dictionary word"))
			return "Lösenordet bygger på ett vanligt ord och är lätt att gissa. Välj till exempel några ord som inte hör"
			       " ihop.";
		if (aux && strstr(aux, "DIFFERENT"))
			return "Lösenordet har för få olika tecken.";
		return "Lösenordet är för enkelt att gissa (ett mönster eller ett vanligt lösenord). Välj till exempel några ord"
		       " som inte hör ihop.";
	default: return "Lösenordet är för enkelt att gissa. Välj till exempel några ord som inte hör ihop.";
	}
}

/* The words of the most common passwords, which people pad with digits
 * and signs to the length asked for ("password1234", "Sommar2024!"):
 * cracklib's English dictionary lets "password1234" through, and knows no
 * Swedish. Compared whole, after the padding is taken off, so that a
 * passphrase with one of them among other words is fine. */
static const char *const common_words[] = {
	"password", "passw0rd", "passord", "lösenord", "losenord", "qwerty", "qwertyuiop", "asdfgh", "asdfghjkl",
	"iloveyou", "letmein", "welcome", "välkommen", "valkommen", "admin", "administrator", "samsyn", "hemligt",
	"hemlig", "secret", "monkey", "dragon", "football", "fotboll", "sommar", "vinter", "hösten", "höst", "våren",
	"vår", "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
	"november", "december", "sverige", "sweden", "stockholm", "göteborg", "malmö", "qwe", "abc", "test", "user",
	"login", "master", "hello", "hejsan", "hej", "kalle", "anka",
};

static bool is_padding(unsigned char ch)
{
	return ch < 0x80 && !((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'));
}

/* Is the password a common word (case aside, å ä ö as written) with only
 * digits and signs around it? */
static bool common_padded_word(const char *password)
{
	size_t start = 0, end = strlen(password);
	while (start < end && is_padding((unsigned char)password[start])) start++;
	while (end > start && is_padding((unsigned char)password[end - 1])) end--;
	char word[64];
	size_t n = 0;
	for (size_t i = start; i < end; i++) {
		if (n + 2 >= sizeof word) return false;
		unsigned char ch = (unsigned char)password[i];
		if (ch >= 'A' && ch <= 'Z') ch = (unsigned char)(ch - 'A' + 'a');
		/* Å Ä Ö (C3 85, C3 84, C3 96) as å ä ö (C3 A5, C3 A4, C3 B6). */
		if (n > 0 && (unsigned char)word[n - 1] == 0xC3 && (ch == 0x85 || ch == 0x84 || ch == 0x96)) ch += 0x20;
		word[n++] = (char)ch;
	}
	word[n] = 0;
	return STR_IN(word, common_words);
}

/* cracklib, under libpwquality, keeps its state in static variables: one
 * check at a time. A check takes well under a millisecond. */
static pthread_mutex_t pwquality_mu = PTHREAD_MUTEX_INITIALIZER;

const char *auth_password_problem(const char *password, const char *username)
{
	size_t n = password ? strlen(password) : 0;
	if (n < AUTH_PASSWORD_MIN) return "Lösenordet måste ha minst 12 tecken.";
	if (n > AUTH_PASSWORD_MAX) return "Lösenordet får ha högst 1024 tecken.";
	if (common_padded_word(password))
		return "Lösenordet är ett vanligt ord med siffror eller tecken till (som password1234) och lätt att gissa."
		       " Välj till exempel några ord som inte hör ihop.";
	pthread_mutex_lock(&pwquality_mu);
	pwquality_settings_t *pwq = pwquality_default_settings();
	int rc = PWQ_ERROR_MEM_ALLOC;
	void *aux = NULL;
	if (pwq) {
		pwquality_set_int_value(pwq, PWQ_SETTING_MIN_LENGTH, AUTH_PASSWORD_MIN);
		/* The server's own accounts in /etc/passwd are not Samsyn's users. */
		pwquality_set_int_value(pwq, PWQ_SETTING_GECOS_CHECK, 0);
		pwquality_set_int_value(pwq, PWQ_SETTING_MAX_SEQUENCE, 4);
		/* A username of a few letters ("bo") is in too many good passphrases to forbid. */
		bool named = username && strlen(username) >= 4;
		rc = pwquality_check(pwq, password, NULL, named ? username : NULL, &aux);
		pwquality_free_settings(pwq);
	}
	const char *why = rc < 0 ? pwquality_reason(rc, aux) : NULL;
	pthread_mutex_unlock(&pwquality_mu);
	return why;
}

char *auth_generate_password(struct arena *a)
{
	/* No 0/O, 1/l/I: read aloud or copied from paper without mistakes. */
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	char *pw = arena_alloc(a, 20);
	/* Random text passes the strength check all but never; should one
	 * not (a run like "2345"), draw again. */
	for (int attempt = 0; attempt < 16; attempt++) {
		for (int i = 0; i < 19; i++)
			pw[i] = i % 5 == 4 ? '-' : alphabet[randombytes_uniform(sizeof alphabet - 1)];
		pw[19] = 0;
		if (!auth_password_problem(pw, NULL)) break;
	}
	return pw;
}

enum session_state auth_session_state(int64_t created_at, int64_t last_seen_at, int64_t now,
				      const struct auth_config *cfg)
{
	if (now - created_at >= cfg->absolute_timeout_s) return SESSION_ABSOLUTE_EXPIRED;
	if (now - last_seen_at >= cfg->idle_timeout_s) return SESSION_IDLE_EXPIRED;
	return SESSION_VALID;
}

void auth_token_hash(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

bool auth_secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

static char *random_token(struct arena *a)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	size_t len = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *t = arena_alloc(a, len);
	sodium_bin2base64(t, len, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return t;
}

/* Columns: id, username, name, org_id, roles, must_change_password, active. */
static void read_actor(struct ctx *c, struct stmt *s, int col, struct actor *a)
{
	a->user_id = stmt_int(s, col);
	a->username = arena_strdup(c->arena, stmt_text(s, col + 1));
	a->name = arena_strdup(c->arena, stmt_text(s, col + 2));
	a->org_id = stmt_int(s, col + 3);
	a->roles = roles_parse_list(stmt_text(s, col + 4));
	a->must_change_password = stmt_int(s, col + 5) != 0;
}

static char dummy_hash[128];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
	unsigned char pw[16];
	char hex[33];
	randombytes_buf(pw, sizeof pw);
	sodium_bin2hex(hex, sizeof hex, pw, sizeof pw);
	auth_hash_password(hex, dummy_hash);
}

/* The failures counted by sql (username or address) since a time; -1 when
 * the database cannot tell, which the caller must treat as a refusal: an
 * error counted as zero failures would let guessing through. */
static int64_t count_failures(struct ctx *c, const char *sql, const char *key, int64_t since)
{
	struct stmt *s = store_prepare(c->db, sql);
	stmt_bind_text(s, ":key", key);
	stmt_bind_int(s, ":since", since);
	int64_t n;
	return stmt_scalar(s, &n) == STORE_ROW ? n : -1;
}

/* 0 when username and address may try a password now, else ERR_TOO_MANY
 * (throttled; audited) or ERR_INTERNAL / ERR_BUSY (the count could not be
 * read), with c->err set. Every place a password is checked asks this first. */
static int throttle_check(struct ctx *c, const char *username, int64_t now)
{
	int64_t since = now - config.failure_window_s;
	int64_t by_user = count_failures(c, "SELECT COUNT(*) FROM login_failures WHERE username = :key AND at > :since", username, since);
	int64_t by_addr = by_user < 0 ? -1 :
		count_failures(c, "SELECT COUNT(*) FROM login_failures WHERE address = :key AND at > :since", c->address, since);
	if (by_user < 0 || by_addr < 0) return ctx_store_failed(c, "Kunde inte kontrollera tidigare inloggningsförsök.");
	if (by_user < config.max_failures && by_addr < config.max_failures) return 0;
	/* The refusal stands even if its event cannot be written. */
	audit_write_as(c, 0, username, 0, "login_throttled", "session", 0, NULL);
	return err_set(&c->err, ERR_TOO_MANY, "För många misslyckade inloggningar. Vänta en stund och försök igen.");
}

static int record_failure(struct ctx *c, const char *username, int64_t user_id, int64_t org_id, int64_t now,
			  const char *why)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "INSERT INTO login_failures (username, address, at) VALUES (:username, :address, :at)");
	stmt_bind_text(s, ":username", username);
	stmt_bind_text(s, ":address", c->address);
	stmt_bind_int(s, ":at", now);
	int rc = stmt_exec(s);
	/* Old failures no longer count: keep the table small. */
	s = store_prepare(c->db, "DELETE FROM login_failures WHERE at <= :at");
	stmt_bind_int(s, ":at", now - config.failure_window_s);
	if (rc == STORE_DONE) rc = stmt_exec(s);
	if (rc != STORE_DONE || audit_write_as(c, user_id, username, org_id, "login_failed", "session", 0, why) != 0 ||
	    store_commit(c->db) != STORE_DONE) {
		ctx_store_failed(c, "Kunde inte registrera inloggningsförsöket.");
		store_rollback(c->db);
		return c->err.code;
	}
	return 0;
}

int auth_login(struct ctx *c, const char *username, const char *password, struct session *out)
{
	int64_t now = clock_now();
	if (!username || !*username || !password)
		return err_set(&c->err, ERR_UNAUTH, "Fel användarnamn eller lösenord.");
	if (strlen(username) > 64 || strlen(password) > AUTH_PASSWORD_MAX)
		return err_set(&c->err, ERR_UNAUTH, "Fel användarnamn eller lösenord.");
	if (throttle_check(c, username, now) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT id, username, name, org_id, roles, must_change_password, active,"
					      " password_hash FROM users WHERE username = :username");
	stmt_bind_text(s, ":username", username);
	struct actor a = {0};
	char hash[128] = "";
	bool active = false;
	int found = stmt_step(s);
	if (found == STORE_ROW) {
		read_actor(c, s, 0, &a);
		active = stmt_int(s, 6) != 0;
		const char *h = stmt_text(s, 7);
		if (h) snprintf(hash, sizeof hash, "%s", h);
	}
	stmt_done(s);
	/* Not "no such user": that would be counted as a failure. */
	if (found != STORE_ROW && found != STORE_DONE) return ctx_store_failed(c, "Kunde inte läsa användaren.");
	/* Verify even for unknown users so the answer time does not tell. */
	pthread_once(&dummy_once, make_dummy_hash);
	bool ok = auth_verify_password(hash[0] ? hash : dummy_hash, password) && hash[0] && a.user_id && active;
	if (!ok) {
		/* A failure that cannot be counted would be a free guess. */
		if (record_failure(c, username, a.user_id, a.org_id, now, a.user_id && !active ? "inactive" : NULL) != 0)
			return c->err.code;
		return err_set(&c->err, ERR_UNAUTH, "Fel användarnamn eller lösenord.");
	}
	/* The hash took a while (seconds on a busy machine): the session starts now. */
	now = clock_now();
	char *token = random_token(c->arena), *csrf = random_token(c->arena);
	char th[65];
	auth_token_hash(token, th);
	if (ctx_begin(c) != 0) return c->err.code;
	/* The limits go with the session: another server on the same database,
	 * started with other limits, judges it by these. */
	s = store_prepare(c->db, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at,"
				 " idle_seconds, expires_at) VALUES (:token_hash, :user_id, :csrf_token, :created_at, :last_seen_at, :idle_seconds, :expires_at)");
	stmt_bind_text(s, ":token_hash", th);
	stmt_bind_int(s, ":user_id", a.user_id);
	stmt_bind_text(s, ":csrf_token", csrf);
	stmt_bind_int(s, ":created_at", now);
	stmt_bind_int(s, ":last_seen_at", now);
	stmt_bind_int(s, ":idle_seconds", config.idle_timeout_s);
	stmt_bind_int(s, ":expires_at", now + config.absolute_timeout_s);
	int rc = stmt_exec(s);
	s = store_prepare(c->db, "DELETE FROM login_failures WHERE username = :username");
	stmt_bind_text(s, ":username", username);
	if (rc == STORE_DONE) rc = stmt_exec(s);
	/* Sessions past their limits are dead: sweep them here, at the one
	 * place sessions are born, instead of on every request. */
	s = store_prepare(c->db, "DELETE FROM sessions WHERE expires_at <= :expires_at OR last_seen_at + idle_seconds <= :idle_seconds");
	stmt_bind_int(s, ":expires_at", now);
	stmt_bind_int(s, ":idle_seconds", now);
	if (rc == STORE_DONE) rc = stmt_exec(s);
	a.csrf_token = csrf;
	c->actor = &out->actor;
	out->actor = a;
	if (change_commit(c, rc, &(struct change){.action = "login", .entity = "session", .id = a.user_id,
		.fail = "Kunde inte skapa sessionen."}) != 0)
		return c->err.code;
	out->token = token;
	return 0;
}

int auth_session_resolve(struct ctx *c, const char *token, struct actor *actor)
{
	if (!token || strlen(token) > 128) return err_set(&c->err, ERR_UNAUTH, "Du är inte inloggad.");
	char th[65];
	auth_token_hash(token, th);
	struct stmt *s = store_prepare(c->db,
		"SELECT u.id, u.username, u.name, u.org_id, u.roles, u.must_change_password, s.csrf_token,"
		" s.created_at, s.last_seen_at, s.idle_seconds, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id"
		" WHERE s.token_hash = :token_hash AND u.active = 1");
	stmt_bind_text(s, ":token_hash", th);
	int rc = stmt_step(s);
	int64_t created = 0, seen = 0;
	/* The limits the session was made with (see auth_login), not this server's. */
	struct auth_config limits = config;
	if (rc == STORE_ROW) {
		read_actor(c, s, 0, actor);
		actor->csrf_token = arena_strdup(c->arena, stmt_text(s, 6));
		created = stmt_int(s, 7);
		seen = stmt_int(s, 8);
		limits.idle_timeout_s = stmt_int(s, 9);
		limits.absolute_timeout_s = stmt_int(s, 10) - created;
	}
	stmt_done(s);
	/* A database that cannot answer is not a logout (the UI would send the
	 * user to the login page); it is refused all the same. */
	if (rc != STORE_ROW && rc != STORE_DONE) return ctx_store_failed(c, "Kunde inte läsa sessionen.");
	if (rc != STORE_ROW) return err_set(&c->err, ERR_UNAUTH, "Du är inte inloggad.");
	int64_t now = clock_now();
	if (auth_session_state(created, seen, now, &limits) != SESSION_VALID) {
		s = store_prepare(c->db, "DELETE FROM sessions WHERE token_hash = :token_hash");
		stmt_bind_text(s, ":token_hash", th);
		stmt_exec(s); /* the session is refused either way; the login sweep removes it otherwise */
		return err_set(&c->err, ERR_UNAUTH, "Sessionen har gått ut. Logga in igen.");
	}
	/* Writing last_seen on every request would serialise all readers on
	 * the write lock; a minute's precision is plenty for a 30-minute limit
	 * (half the limit when it is shorter, so activity still keeps it alive). */
	if (now - seen >= (limits.idle_timeout_s < 120 ? limits.idle_timeout_s / 2 : 60)) {
		s = store_prepare(c->db, "UPDATE sessions SET last_seen_at = :last_seen_at WHERE token_hash = :token_hash");
		stmt_bind_int(s, ":last_seen_at", now);
		stmt_bind_text(s, ":token_hash", th);
		/* Not checked: a failed write (a busy lock) only makes the session
		 * look idle a little earlier, which errs on the safe side. */
		stmt_exec(s);
	}
	return 0;
}

int auth_logout(struct ctx *c, const char *token)
{
	char th[65];
	auth_token_hash(token ? token : "", th);
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "DELETE FROM sessions WHERE token_hash = :token_hash");
	stmt_bind_text(s, ":token_hash", th);
	return change_commit(c, stmt_exec(s), &(struct change){.action = "logout", .entity = "session",
		.id = c->actor->user_id, .fail = "Kunde inte logga ut."});
}

int auth_change_password(struct ctx *c, const char *keep_token, const char *current, const char *new_password)
{
	/* Guessing the current password from a stolen session is throttled
	 * like guessing at login, with the same counts. */
	int64_t now = clock_now();
	if (throttle_check(c, c->actor->username, now) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "SELECT password_hash FROM users WHERE id = :id");
	stmt_bind_int(s, ":id", c->actor->user_id);
	char hash[128] = "";
	int rc = stmt_step(s);
	if (rc == STORE_ROW && stmt_text(s, 0)) snprintf(hash, sizeof hash, "%s", stmt_text(s, 0));
	stmt_done(s);
	if (rc != STORE_ROW) return ctx_store_failed(c, "Kunde inte läsa användaren.");
	if (!current || strlen(current) > AUTH_PASSWORD_MAX || !auth_verify_password(hash, current)) {
		if (record_failure(c, c->actor->username, c->actor->user_id, c->actor->org_id, now, "password_change") != 0)
			return c->err.code;
		return err_field(&c->err, "current_password", NULL, "Det nuvarande lösenordet stämmer inte.");
	}
	const char *why = auth_password_problem(new_password, c->actor->username);
	if (why) return err_field(&c->err, "new_password", NULL, why);
	if (strcmp(current, new_password) == 0)
		return err_field(&c->err, "new_password", NULL, "Det nya lösenordet måste skilja sig från det nuvarande.");
	char nh[128];
	if (auth_hash_password(new_password, nh) != 0) return err_set(&c->err, ERR_INTERNAL, "Kunde inte spara lösenordet.");
	if (ctx_begin(c) != 0) return c->err.code;
	s = store_prepare(c->db, "UPDATE users SET password_hash = :password_hash, must_change_password = 0, updated_at = :updated_at WHERE id = :id");
	stmt_bind_text(s, ":password_hash", nh);
	stmt_bind_text(s, ":updated_at", c->now);
	stmt_bind_int(s, ":id", c->actor->user_id);
	rc = stmt_exec(s);
	/* Whoever else holds a session of this user (a stolen cookie, a
	 * forgotten computer) is logged out; the one changing stays in. */
	char th[65] = "";
	if (keep_token) auth_token_hash(keep_token, th);
	s = store_prepare(c->db, "DELETE FROM sessions WHERE user_id = :user_id AND token_hash <> :token_hash");
	stmt_bind_int(s, ":user_id", c->actor->user_id);
	stmt_bind_text(s, ":token_hash", th);
	if (rc == STORE_DONE) rc = stmt_exec(s);
	/* The password is proven: earlier failures no longer count, as at login. */
	s = store_prepare(c->db, "DELETE FROM login_failures WHERE username = :username");
	stmt_bind_text(s, ":username", c->actor->username);
	if (rc == STORE_DONE) rc = stmt_exec(s);
	return change_commit(c, rc, &(struct change){.action = "password_change", .entity = "user",
		.id = c->actor->user_id, .fail = "Kunde inte spara lösenordet."});
}

int auth_token_create(struct ctx *c, const char *username, char **token, int64_t *id)
{
	struct stmt *s = store_prepare(c->db, "SELECT id FROM users WHERE username = :username AND active = 1");
	stmt_bind_text(s, ":username", username);
	int64_t uid;
	int found = stmt_scalar(s, &uid);
	if (found != STORE_ROW && found != STORE_DONE) return ctx_store_failed(c, "Kunde inte läsa användaren.");
	if (!uid) return err_set(&c->err, ERR_NOT_FOUND, "Det finns ingen aktiv användare %s.", username);
	char *t = random_token(c->arena);
	char th[65];
	auth_token_hash(t, th);
	if (ctx_begin(c) != 0) return c->err.code;
	s = store_prepare(c->db, "INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES (:token_hash, :user_id, :created_at) RETURNING id");
	stmt_bind_text(s, ":token_hash", th);
	stmt_bind_int(s, ":user_id", uid);
	stmt_bind_text(s, ":created_at", c->now);
	int rc = stmt_write_id(s, id);
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "api_token", .id = *id,
		.detail = username, .fail = "Kunde inte skapa token."}) != 0)
		return c->err.code;
	*token = t;
	return 0;
}

int auth_token_revoke(struct ctx *c, int64_t id)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "UPDATE api_tokens SET revoked_at = :revoked_at WHERE id = :id AND revoked_at IS NULL RETURNING id");
	stmt_bind_text(s, ":revoked_at", c->now);
	stmt_bind_int(s, ":id", id);
	int rc = stmt_exec(s);
	if (rc == STORE_DONE) {
		store_rollback(c->db);
		return err_set(&c->err, ERR_NOT_FOUND, "Det finns ingen giltig token med id %lld.", (long long)id);
	}
	return change_commit(c, rc == STORE_ROW ? STORE_DONE : rc, &(struct change){.action = "delete",
		.entity = "api_token", .id = id, .fail = "Kunde inte återkalla token."});
}

int auth_token_resolve(struct ctx *c, const char *token, struct actor *actor)
{
	if (!token || strlen(token) > 128) return err_set(&c->err, ERR_UNAUTH, "Ogiltig token.");
	char th[65];
	auth_token_hash(token, th);
	struct stmt *s = store_prepare(c->db,
		"SELECT u.id, u.username, u.name, u.org_id, u.roles, u.must_change_password FROM api_tokens t"
		" JOIN users u ON u.id = t.user_id WHERE t.token_hash = :token_hash AND t.revoked_at IS NULL AND u.active = 1");
	stmt_bind_text(s, ":token_hash", th);
	int rc = stmt_step(s);
	if (rc == STORE_ROW) read_actor(c, s, 0, actor);
	stmt_done(s);
	if (rc != STORE_ROW && rc != STORE_DONE) return ctx_store_failed(c, "Kunde inte läsa token.");
	if (rc != STORE_ROW) return err_set(&c->err, ERR_UNAUTH, "Ogiltig token.");
	/* The user, her roles and her state are read on every request, so a
	 * token follows the account: deactivated, no token; a role taken away,
	 * not its routes; a password reset by an administrator (the account may
	 * be in other hands), nothing at all until the user has chosen a new
	 * one — not even the session routes a person uses to do that. */
	if (actor->must_change_password)
		return err_set(&c->err, ERR_MUST_CHANGE_PASSWORD,
			       "Lösenordet har återställts: token fungerar igen när användaren har valt ett nytt lösenord.");
	return 0;
}
