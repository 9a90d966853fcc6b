/* mail.c — /mail: the admin's view of the outbox and the test mail. */
#include "api.h"
#include "../domain/mail.h"

/* A mail of the outbox as the admin sees it. */
static const struct api_field mail_fields[] = {
	API_FIELD(API_INT, struct mail, id),
	API_FIELD(API_TEXT, struct mail, recipient),
	API_FIELD(API_TEXT, struct mail, subject),
	API_FIELD(API_TEXT, struct mail, body),
	API_FIELD(API_TEXT, struct mail, state),
	API_FIELD(API_INT, struct mail, attempts),
	API_FIELD(API_TEXT, struct mail, next_attempt_at),
	API_FIELD(API_TEXT, struct mail, last_error),
	API_FIELD(API_TEXT, struct mail, created_at),
	API_FIELD(API_TEXT, struct mail, sent_at),
	API_END,
};

/* What POST /mail/test reads. */
struct mail_test_input {
	const char *to;
};
static const struct api_field mail_test_fields[] = {
	API_FIELD(API_TEXT, struct mail_test_input, to),
	API_END,
};

void api_mail_outbox(struct request *r, struct ctx *c)
{
	struct page p;
	struct mail_list l;
	if (api_page(r, &p, &c->err) != 0 || mail_outbox_list(c, &p, &l) != 0) { api_fail(r, &c->err); return; }
	api_send_page(r, mail_fields, l.items, sizeof *l.items, l.n, l.total, &p);
}

void api_mail_test(struct request *r, struct ctx *c)
{
	struct mail_test_input in;
	struct mail out;
	bool ok = api_read_body(r, c, mail_test_fields, &in, sizeof in) && mail_queue_test(c, in.to, &out) == 0;
	api_reply(r, c, ok, 201, mail_fields, &out);
}
