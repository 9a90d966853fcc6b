/* message.h — a mail as the SMTP server receives it: an RFC 5322 message
 * with the headers (Date, From, To, Subject encoded as RFC 2047 UTF-8
 * words, Message-ID, MIME-Version, Content-Type text/plain; charset=utf-8)
 * and the body in quoted-printable, every line ending in CRLF. */
#ifndef SAMSYN_MAIL_MESSAGE_H
#define SAMSYN_MAIL_MESSAGE_H
#include <stdint.h>
#include "../base/arena.h"

/* The Subject's value: as it is when plain printable ASCII, else
 * "=?UTF-8?B?…?=" words of at most 75 characters (whole UTF-8 characters
 * each), folded with CRLF SP. */
const char *mail_encode_subject(struct arena *a, const char *subject);
/* body (LF or CRLF lines) as quoted-printable with CRLF lines of at most 76. */
const char *mail_encode_body(struct arena *a, const char *body);
/* The whole message; date the send time (seconds since the epoch), id the
 * outbox row's (it goes into the Message-ID with a random part). */
const char *mail_format_message(struct arena *a, const char *from, const char *to, const char *subject,
				const char *body, int64_t date, int64_t id);

#endif
