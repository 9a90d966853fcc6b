/* message.c — formats an outbox mail as an RFC 5322 message (message.h). */
#include "message.h"
#include "../base/strbuf.h"
#include <sodium.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

static bool plain_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < ' ' || *p > '~') return false;
	return true;
}

const char *mail_encode_subject(struct arena *a, const char *subject)
{
	if (plain_ascii(subject) && strlen(subject) <= 900) return arena_strdup(a, subject);
	struct strbuf sb;
	strbuf_init(&sb);
	size_t n = strlen(subject);
	/* 45 bytes of text are 60 of base64: with "=?UTF-8?B?" and "?=" 72. */
	for (size_t at = 0; at < n;) {
		size_t k = n - at < 45 ? n - at : 45;
		/* Never split a UTF-8 character between two words. */
		while (at + k < n && k > 0 && ((unsigned char)subject[at + k] & 0xC0) == 0x80) k--;
		char b64[sodium_base64_ENCODED_LEN(45, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(b64, sizeof b64, (const unsigned char *)subject + at, k, sodium_base64_VARIANT_ORIGINAL);
		if (at > 0) strbuf_puts(&sb, "\r\n ");
		strbuf_printf(&sb, "=?UTF-8?B?%s?=", b64);
		at += k;
	}
	const char *out = arena_strdup(a, sb.buf);
	strbuf_free(&sb);
	return out;
}

const char *mail_encode_body(struct arena *a, const char *body)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb;
	strbuf_init(&sb);
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)body; *p; p++) {
		if (*p == '\r' && p[1] == '\n') continue;
		if (*p == '\n') {
			strbuf_puts(&sb, "\r\n");
			col = 0;
			continue;
		}
		bool at_line_end = p[1] == 0 || p[1] == '\n' || (p[1] == '\r' && p[2] == '\n');
		bool literal = (*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !at_line_end);
		size_t width = literal ? 1 : 3;
		if (col + width > 75) { /* a soft break: "=" ends the line, 76 in all */
			strbuf_puts(&sb, "=\r\n");
			col = 0;
		}
		if (literal) {
			strbuf_putc(&sb, (char)*p);
		} else {
			strbuf_putc(&sb, '=');
			strbuf_putc(&sb, hex[*p >> 4]);
			strbuf_putc(&sb, hex[*p & 15]);
		}
		col += width;
	}
	if (col > 0) strbuf_puts(&sb, "\r\n");
	const char *out = arena_strdup(a, sb.buf);
	strbuf_free(&sb);
	return out;
}

const char *mail_format_message(struct arena *a, const char *from, const char *to, const char *subject,
				const char *body, int64_t date, int64_t id)
{
	char when[64];
	struct tm tm;
	time_t t = (time_t)date;
	gmtime_r(&t, &tm);
	/* The C locale's English names, as RFC 5322 wants them. */
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	snprintf(when, sizeof when, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
		 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	const char *domain = strchr(from, '@');
	domain = domain ? domain + 1 : "localhost";
	unsigned char random[8];
	randombytes_buf(random, sizeof random);
	char random_hex[sizeof random * 2 + 1];
	sodium_bin2hex(random_hex, sizeof random_hex, random, sizeof random);
	return arena_printf(a,
		"Date: %s\r\n"
		"From: %s\r\n"
		"To: %s\r\n"
		"Subject: %s\r\n"
		"Message-ID: <samsyn.%lld.%s@%s>\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n"
		"\r\n"
		"%s",
		when, from, to, mail_encode_subject(a, subject), (long long)id, random_hex, domain,
		mail_encode_body(a, body));
}
