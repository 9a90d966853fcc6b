/* test_mail.c — the outbox (domain/mail.c) against a real SQLite file:
 * addresses, templates, queueing inside the caller's transaction, the
 * claim that hands a mail out once, retries with growing waits and the
 * final failure; and the message format (mail/message.c): headers, the
 * RFC 2047 subject, the quoted-printable body. */
#include "testutil.h"
#include "domain/mail.h"
#include "mail/message.h"

static const struct actor admin = {.user_id = 0, .roles = ROLE_ADMIN, .username = "system", .name = "Ada Admin"};
static const struct actor kansli = {.user_id = 2, .org_id = 1, .roles = ROLE_KANSLI, .username = "kansli"};

static void test_addresses(void **state)
{
	(void)state;
	assert_true(mail_address_valid("anna.svensson@forbundet.se"));
	assert_true(mail_address_valid("a+b@x.y"));
	assert_false(mail_address_valid(NULL));
	assert_false(mail_address_valid("anna"));
	assert_false(mail_address_valid("@x.se"));
	assert_false(mail_address_valid("anna@se"));
	assert_false(mail_address_valid("anna@x.se."));
	assert_false(mail_address_valid("a@b@x.se"));
	assert_false(mail_address_valid("anna svensson@x.se"));
	assert_false(mail_address_valid("åsa@x.se"));
	assert_false(mail_address_valid("a@x.se>\r\nBcc: b@y.se"));
}

static void test_template(void **state)
{
	struct arena *a = *state;
	const char *const fields[] = {"name", "kurs"};
	const char *const values[] = {"Åsa", "Svenska {name}"};
	assert_string_equal(mail_template_render(a, "Hej {name}! Välkommen till {kurs}. {okänd} {", fields, values, 2),
			    "Hej Åsa! Välkommen till Svenska {name}. {okänd} {");
	assert_string_equal(mail_template_render(a, "", fields, values, 2), "");
}

static void test_subject_encoding(void **state)
{
	struct arena *a = *state;
	assert_string_equal(mail_encode_subject(a, "Plain subject"), "Plain subject");
	assert_string_equal(mail_encode_subject(a, "Testmeddelande från Samsyn"),
			    "=?UTF-8?B?VGVzdG1lZGRlbGFuZGUgZnLDpW4gU2Ftc3lu?=");
	/* Long: several words, none over 75 characters, no character split. */
	const char *long_subject = "Åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö";
	const char *enc = mail_encode_subject(a, long_subject);
	assert_non_null(strstr(enc, "?=\r\n =?UTF-8?B?"));
	for (const char *w = enc; w;) {
		const char *end = strstr(w, "\r\n ");
		size_t n = end ? (size_t)(end - w) : strlen(w);
		assert_true(n <= 75);
		w = end ? end + 3 : NULL;
	}
}

static void test_body_encoding(void **state)
{
	struct arena *a = *state;
	assert_string_equal(mail_encode_body(a, "Hej på dig\nrad två = 2 \n"),
			    "Hej p=C3=A5 dig\r\nrad tv=C3=A5 =3D 2=20\r\n");
	char long_line[200];
	memset(long_line, 'x', sizeof long_line - 1);
	long_line[sizeof long_line - 1] = 0;
	const char *enc = mail_encode_body(a, long_line);
	for (const char *l = enc; *l;) {
		const char *end = strstr(l, "\r\n");
		assert_non_null(end);
		assert_true(end - l <= 76);
		l = end + 2;
	}
}

static void test_message(void **state)
{
	struct arena *a = *state;
	const char *m = mail_format_message(a, "samsyn@forbundet.se", "anna@example.se", "Testmeddelande från Samsyn",
					    "Hej!\n", 0, 42);
	assert_non_null(strstr(m, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
	assert_non_null(strstr(m, "From: samsyn@forbundet.se\r\n"));
	assert_non_null(strstr(m, "To: anna@example.se\r\n"));
	assert_non_null(strstr(m, "Subject: =?UTF-8?B?VGVzdG1lZGRlbGFuZGUgZnLDpW4gU2Ftc3lu?=\r\n"));
	assert_non_null(strstr(m, "Message-ID: <samsyn.42."));
	assert_non_null(strstr(m, "@forbundet.se>\r\n"));
	assert_non_null(strstr(m, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
				  "Content-Transfer-Encoding: quoted-printable\r\n\r\nHej!\r\n"));
}

static void test_queue_claim_retry(void **state)
{
	struct testenv *env = *state;
	struct ctx *c = testenv_ctx(env, &kansli);
	struct mail m;
	assert_int_equal(mail_queue_test(c, "x@y.se", &m), ERR_FORBIDDEN);
	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_queue_test(c, "inte en adress", &m), ERR_INVALID);
	int64_t events = audit_count(env);
	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_queue_test(c, "anna@example.se", &m), 0);
	assert_int_equal(audit_count(env), events + 1);
	assert_string_equal(m.state, "queued");
	assert_int_equal(m.attempts, 0);
	assert_non_null(strstr(m.body, "Samordningsförbundet"));
	assert_non_null(strstr(m.body, "Ada Admin"));

	/* Claimed once: a second claim finds nothing. */
	struct mail claimed, none;
	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_claim_due(c, &claimed), 1);
	assert_int_equal(claimed.id, m.id);
	assert_string_equal(claimed.state, "sending");
	assert_int_equal(claimed.attempts, 1);
	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_claim_due(c, &none), 0);
	/* A claim whose sender died is taken again when its lease is over. */
	testdb_exec(env->t.db, "UPDATE mail_outbox SET next_attempt_at = '2000-01-01T00:00:00Z'");
	c = testenv_ctx(env, &admin);
	struct mail first = claimed;
	assert_int_equal(mail_claim_due(c, &claimed), 1);
	assert_int_equal(claimed.attempts, 2);
	/* The first claim's sender, late, changes nothing: the mail is the second's. */
	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_mark_sent(c, &first), ERR_CONFLICT);
	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_mark_failed(c, &first, "421 för sent"), ERR_CONFLICT);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM mail_outbox WHERE state = 'sending' AND attempts = 2"), 1);
	testdb_exec(env->t.db, "UPDATE mail_outbox SET attempts = 1");
	claimed.attempts = 1;

	/* A failure queues it a minute later: not due now. */
	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_mark_failed(c, &claimed, "451 försök senare"), 0);
	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_claim_due(c, &none), 0);
	struct mail_list l;
	struct page p = {.limit = 50};
	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_outbox_list(c, &p, &l), 0);
	assert_int_equal(l.total, 1);
	assert_string_equal(l.items[0].state, "queued");
	assert_string_equal(l.items[0].last_error, "451 försök senare");
	assert_true(strcmp(l.items[0].next_attempt_at, l.items[0].created_at) > 0);
	c = testenv_ctx(env, &kansli);
	assert_int_equal(mail_outbox_list(c, &p, &l), ERR_FORBIDDEN);

	/* The last attempt fails for good; a sent mail is sent. */
	testdb_exec(env->t.db, "UPDATE mail_outbox SET next_attempt_at = '2000-01-01T00:00:00Z', attempts = 4");
	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_claim_due(c, &claimed), 1);
	assert_int_equal(claimed.attempts, MAIL_MAX_ATTEMPTS);
	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_mark_failed(c, &claimed, "550 finns inte"), 0);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM mail_outbox WHERE state = 'failed'"), 1);

	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_queue_test(c, "bo@example.se", &m), 0);
	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_claim_due(c, &claimed), 1);
	c = testenv_ctx(env, &admin);
	assert_int_equal(mail_mark_sent(c, &claimed), 0);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM mail_outbox WHERE state = 'sent' AND sent_at IS NOT NULL"), 1);
}

/* A mail queued in a write that rolls back is not queued. */
static void test_enqueue_follows_the_transaction(void **state)
{
	struct testenv *env = *state;
	struct ctx *c = testenv_ctx(env, &admin);
	assert_int_equal(ctx_begin(c), 0);
	assert_int_equal(mail_enqueue(c, "anna@example.se", "Ämne", "Text", NULL), STORE_DONE);
	store_rollback(c->db);
	assert_int_equal(testdb_int(env->t.db, "SELECT COUNT(*) FROM mail_outbox"), 0);
}

TEST_MAIN(
	cmocka_unit_test(test_addresses),
	arena_unit_test(test_template),
	arena_unit_test(test_subject_encoding),
	arena_unit_test(test_body_encoding),
	arena_unit_test(test_message),
	testenv_unit_test(test_queue_claim_retry),
	testenv_unit_test(test_enqueue_follows_the_transaction),
)
