/* mail.c — the outbox's rules and storage calls, and the mail templates.
 * Delivery itself (SMTP) is src/mail/; this file only queues, claims and
 * records outcomes. */
#include "mail.h"
#include "audit.h"
#include "settings.h"
#include "../base/clock.h"
#include "../base/utf8.h"
#include "../store/store.h"
#include <stddef.h>
#include <string.h>

/* 1 min, 5 min, 30 min, 2 h; the fifth failure is final. */
const int mail_retry_waits_s[MAIL_MAX_ATTEMPTS - 1] = {60, 5 * 60, 30 * 60, 2 * 60 * 60};

bool mail_address_valid(const char *addr)
{
	size_t n = addr ? strlen(addr) : 0;
	if (n < 3 || n > 254) return false;
	const char *at = strchr(addr, '@');
	if (!at || at == addr || strchr(at + 1, '@')) return false;
	const char *domain = at + 1;
	const char *dot = strchr(domain, '.');
	if (!dot || dot == domain || dot[1] == 0 || domain[strlen(domain) - 1] == '.') return false;
	for (const char *p = addr; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch <= ' ' || ch >= 0x7f || strchr("<>()[]\\,;:\"", ch)) return false;
	}
	return true;
}

const char *mail_template_render(struct arena *a, const char *tmpl, const char *const *fields,
				 const char *const *values, size_t n)
{
	char *out = NULL;
	size_t len = 0;
	/* Two passes: measure, then write — so the arena holds the result once. */
	for (int pass = 0; pass < 2; pass++) {
		len = 0;
		for (const char *p = tmpl; *p;) {
			const char *value = NULL;
			size_t skip = 1;
			if (*p == '{') {
				const char *end = strchr(p + 1, '}');
				for (size_t i = 0; end && i < n; i++)
					if (strlen(fields[i]) == (size_t)(end - p - 1) && strncmp(p + 1, fields[i], (size_t)(end - p - 1)) == 0) {
						value = values[i];
						skip = (size_t)(end - p) + 1;
						break;
					}
			}
			size_t k = value ? strlen(value) : 1;
			if (out) memcpy(out + len, value ? value : p, k);
			len += k;
			p += skip;
		}
		if (!out) out = arena_alloc(a, len + 1);
	}
	out[len] = 0;
	return out;
}

int mail_enqueue(struct ctx *c, const char *to, const char *subject, const char *body, int64_t *id)
{
	struct stmt *s = store_prepare(c->db,
		"INSERT INTO mail_outbox (recipient, subject, body, state, attempts, next_attempt_at, created_at)"
		" VALUES (:to, :subject, :body, 'queued', 0, :now, :now) RETURNING id");
	stmt_bind_texts(s, (const char *const[][2]){{":to", to}, {":subject", subject}, {":body", body},
		{":now", c->now}, {NULL}});
	int64_t new_id = 0;
	int rc = stmt_write_id(s, &new_id);
	if (id) *id = new_id;
	return rc;
}

static const char test_subject[] = "Testmeddelande från Samsyn";
static const char test_body[] =
	"Hej!\n\n"
	"Det här är ett testmeddelande från Samsyn, {forbund}. Det skickades av {sender}\n"
	"för att pröva att e-post från systemet kommer fram.\n\n"
	"Du behöver inte svara på det.\n\n"
	"Med vänliga hälsningar\n{forbund}\n";

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct mail *m = out;
	m->id = stmt_int(s, 0);
	read_texts(c, s, 1, (const char **[]){&m->recipient, &m->subject, &m->body, &m->state, NULL});
	m->attempts = stmt_int(s, 5);
	read_texts(c, s, 6, (const char **[]){&m->next_attempt_at, &m->last_error, &m->created_at, &m->sent_at, NULL});
}

#define MAIL_COLUMNS "id, recipient, subject, body, state, attempts, next_attempt_at, last_error, created_at, sent_at"

static int forbid_unless_admin(struct ctx *c)
{
	if (actor_has(c->actor, ROLE_ADMIN)) return 0;
	return err_set(&c->err, ERR_FORBIDDEN, "Endast administratörer får se och pröva e-posten.");
}

static int mail_get(struct ctx *c, int64_t id, struct mail *out)
{
	struct stmt *s = store_prepare(c->db, "SELECT " MAIL_COLUMNS " FROM mail_outbox WHERE id = :id");
	stmt_bind_int(s, ":id", id);
	return get_one(c, s, read_row, out, "Meddelandet finns inte.", "Kunde inte läsa meddelandet.");
}

int mail_queue_test(struct ctx *c, const char *to, struct mail *out)
{
	if (forbid_unless_admin(c)) return c->err.code;
	if (!mail_address_valid(to))
		return err_field(&c->err, "to", to, "Ange en giltig e-postadress (namn@exempel.se).");
	const char *forbund;
	if (settings_forbund_name(c, &forbund) != 0) return c->err.code;
	const char *sender = c->actor->name ? c->actor->name : c->actor->username;
	const char *body = mail_template_render(c->arena, test_body, (const char *const[]){"forbund", "sender"},
						(const char *const[]){forbund, sender ? sender : "en administratör"}, 2);
	if (ctx_begin(c) != 0) return c->err.code;
	int64_t id = 0;
	int rc = mail_enqueue(c, to, test_subject, body, &id);
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "mail", .id = id, .detail = "test",
		.fail = "Kunde inte lägga testmeddelandet i kön."}) != 0)
		return c->err.code;
	return mail_get(c, id, out);
}

int mail_outbox_list(struct ctx *c, const struct page *p, struct mail_list *out)
{
	if (forbid_unless_admin(c)) return c->err.code;
	out->items = list_page(c, store_prepare(c->db, "SELECT COUNT(*) FROM mail_outbox"),
			       store_prepare(c->db, "SELECT " MAIL_COLUMNS " FROM mail_outbox ORDER BY id DESC LIMIT :limit OFFSET :offset"),
			       p, sizeof *out->items, read_row, &out->n, &out->total, "Kunde inte läsa e-postkön.");
	if (!out->items) return c->err.code;
	return audit_reads_of(c, "mail", out->items, out->n, sizeof *out->items, offsetof(struct mail, id), NULL,
			      "Kunde inte logga läsningen av e-postkön.");
}

int mail_claim_due(struct ctx *c, struct mail *out)
{
	if (ctx_begin(c) != 0) return c->err.code;
	/* One statement under the write lock: the row moves from queued to
	 * sending only once, whichever server asks first. */
	/* A claim is a lease: next_attempt_at becomes its end, so that a mail
	 * whose sender died while sending it (still 'sending' then) is taken
	 * again once the lease is over. The lease outlasts a delivery's
	 * longest wait (src/mail/sender.c), so a slow sender is never
	 * overtaken. */
	char lease_end[21];
	clock_format_rfc3339(clock_now() + MAIL_CLAIM_LEASE_S, lease_end);
	struct stmt *s = store_prepare(c->db,
		"UPDATE mail_outbox SET state = 'sending', attempts = attempts + 1, next_attempt_at = :lease_end"
		" WHERE id = (SELECT id FROM mail_outbox WHERE state IN ('queued', 'sending') AND next_attempt_at <= :now"
		" ORDER BY next_attempt_at, id LIMIT 1) AND state IN ('queued', 'sending') AND next_attempt_at <= :now"
		" RETURNING " MAIL_COLUMNS);
	stmt_bind_text(s, ":now", c->now);
	stmt_bind_text(s, ":lease_end", lease_end);
	int rc = stmt_step(s);
	if (rc == STORE_ROW) read_row(c, s, out);
	stmt_done(s);
	if (rc != STORE_ROW && rc != STORE_DONE) {
		ctx_store_error(c, rc, NULL, "Kunde inte hämta nästa meddelande ur kön.");
		store_rollback(c->db);
		return c->err.code;
	}
	if (store_commit(c->db) != STORE_DONE) {
		ctx_store_failed(c, "Kunde inte hämta nästa meddelande ur kön.");
		store_rollback(c->db);
		return c->err.code;
	}
	return rc == STORE_ROW ? 1 : 0;
}

/* The outcome is written only by the claim it is of: a claim is known by
 * its attempt (each claim counts one), so a sender whose lease ended and
 * whose mail another server has claimed since changes nothing
 * (ERR_CONFLICT). */
static int mark(struct ctx *c, const struct mail *m, struct stmt *s, const char *detail, const char *fail)
{
	stmt_bind_int(s, ":id", m->id);
	stmt_bind_int(s, ":attempts", m->attempts);
	int64_t id = 0;
	int rc = stmt_write_id(s, &id);
	if (rc == STORE_EFAIL) {
		store_rollback(c->db);
		return err_set(&c->err, ERR_CONFLICT, "Meddelandet har tagits av en annan server sedan.");
	}
	return change_commit(c, rc, &(struct change){.action = "update", .entity = "mail", .id = m->id, .detail = detail,
		.fail = fail});
}

int mail_mark_sent(struct ctx *c, const struct mail *m)
{
	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "UPDATE mail_outbox SET state = 'sent', sent_at = :now, last_error = NULL"
					      " WHERE id = :id AND state = 'sending' AND attempts = :attempts RETURNING id");
	stmt_bind_text(s, ":now", c->now);
	return mark(c, m, s, "sent", "Kunde inte anteckna att meddelandet skickats.");
}

int mail_mark_failed(struct ctx *c, const struct mail *m, const char *error)
{
	if (ctx_begin(c) != 0) return c->err.code;
	bool final = m->attempts >= MAIL_MAX_ATTEMPTS;
	char next[21];
	int64_t wait = final ? 0 : mail_retry_waits_s[m->attempts < 1 ? 0 : m->attempts - 1];
	clock_format_rfc3339(clock_now() + wait, next);
	struct stmt *s = store_prepare(c->db,
		"UPDATE mail_outbox SET state = :state, next_attempt_at = :next, last_error = :error"
		" WHERE id = :id AND state = 'sending' AND attempts = :attempts RETURNING id");
	stmt_bind_texts(s, (const char *const[][2]){{":state", final ? "failed" : "queued"}, {":next", next},
		{":error", error}, {NULL}});
	return mark(c, m, s, final ? "failed" : "retry", "Kunde inte anteckna att meddelandet inte kom fram.");
}
