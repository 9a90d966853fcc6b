/* log.h — structured log lines (logfmt: key=value) on stderr, one write(2)
 * per line so lines from worker threads never interleave.
 * Never log request bodies, query strings or personal identifiers. */
#ifndef SAMSYN_LOG_H
#define SAMSYN_LOG_H
#include <stddef.h>

void log_set_quiet(int quiet);  /* quiet drops info lines (warnings and errors still go out) */
void log_info(const char *event, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Something went wrong that is not a fault: the caller was told to try
 * again (a busy database). */
void log_warn(const char *event, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_error(const char *event, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copies s into out (n bytes, truncated) for use inside a quoted value:
 * control characters, quotes and backslashes become %XX, so a client-chosen
 * string (a URL path) cannot forge fields or lines. Returns out. */
char *log_clean(char *out, size_t n, const char *s);

#endif
