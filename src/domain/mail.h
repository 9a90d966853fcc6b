/* mail.h — the outbox (migration 0015): mails are queued here inside the
 * transaction of the change they tell about, and the server's sender
 * thread (src/mail/sender.c) claims the due ones one at a time, delivers
 * them and records the outcome, retrying with a growing wait. Also the
 * Swedish templates the mails are written from, and the admin's view of
 * the outbox. */
#ifndef SAMSYN_MAIL_H
#define SAMSYN_MAIL_H
#include "ctx.h"

struct mail {
	int64_t id;
	const char *recipient;
	const char *subject;
	const char *body;          /* text/plain, UTF-8 */
	const char *state;         /* queued, sending, sent, failed */
	int64_t attempts;
	const char *next_attempt_at;
	const char *last_error;    /* NULL when none */
	const char *created_at;
	const char *sent_at;       /* NULL until sent */
};

struct mail_list {
	struct mail *items;
	size_t n;
	int64_t total;
};

/* Attempts before a mail is given up (state failed), and the waits after
 * each failed one. */
#define MAIL_MAX_ATTEMPTS 5
extern const int mail_retry_waits_s[MAIL_MAX_ATTEMPTS - 1];

/* How long a claimed mail is its sender's: after that a mail still
 * 'sending' (its sender died) is due again. Longer than a delivery may
 * take (sender.c's timeouts). */
#define MAIL_CLAIM_LEASE_S (10 * 60)

/* A plain address local@domain: 3–254 bytes, ASCII without spaces, angle
 * brackets, quotes, commas or control characters, one @, a dot in the
 * domain. Strict on purpose: it goes into SMTP commands and headers. */
bool mail_address_valid(const char *addr);

/* tmpl with each {field} replaced by the value of that name (fields and
 * values: n pairs); an unknown {field} stays as it is. In arena a. */
const char *mail_template_render(struct arena *a, const char *tmpl, const char *const *fields,
				 const char *const *values, size_t n);

/* Queues a mail inside the caller's write transaction (between ctx_begin
 * and change_commit), so that it is sent exactly when the change commits.
 * The address must be valid (mail_address_valid: the caller checks it and
 * tells the user). Returns the store's code for change_commit (STORE_DONE
 * when queued) and the new id in *id (may be NULL). */
int mail_enqueue(struct ctx *c, const char *to, const char *subject, const char *body, int64_t *id);

/* Admin: queues the test mail ("Testmeddelande från Samsyn") to to.
 * 422 for an invalid address. */
int mail_queue_test(struct ctx *c, const char *to, struct mail *out);

/* Admin: the outbox, newest first (the read is audited: bodies hold
 * personal data). */
int mail_outbox_list(struct ctx *c, const struct page *p, struct mail_list *out);

/* The sender's side (c's actor the system). Claims the next due mail
 * (queued, next_attempt_at passed) by moving it to sending and counting
 * the attempt, in one write, so two servers never send the same mail.
 * Returns 1 with *out filled, 0 when none is due, or an ERR_* code. */
int mail_claim_due(struct ctx *c, struct mail *out);
/* The outcome of a claimed mail's delivery (m as mail_claim_due gave it):
 * sent, or error (a few words from the SMTP server) — queued again after
 * the wait for its attempt, or failed after the last. ERR_CONFLICT, nothing
 * changed, when the claim is no longer m's (its lease ended and another
 * server claimed the mail since). */
int mail_mark_sent(struct ctx *c, const struct mail *m);
int mail_mark_failed(struct ctx *c, const struct mail *m, const char *error);

#endif
