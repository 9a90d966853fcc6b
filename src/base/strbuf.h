/* strbuf.h — a growable, always NUL-terminated byte string (heap memory).
 * Used where output has no natural arena: CLI output, CSV, embedded files. */
#ifndef SAMSYN_STRBUF_H
#define SAMSYN_STRBUF_H
#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;   /* never NULL after strbuf_init */
	size_t len, cap;
};

void strbuf_init(struct strbuf *sb);
/* Room for extra more bytes (and the NUL) without another allocation. */
void strbuf_reserve(struct strbuf *sb, size_t extra);
void strbuf_append(struct strbuf *sb, const char *s, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void strbuf_truncate(struct strbuf *sb, size_t len);
char *strbuf_detach(struct strbuf *sb);  /* caller frees the result with free() */
void strbuf_free(struct strbuf *sb);

#endif
