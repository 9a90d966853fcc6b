/* log.c — logfmt writer behind log.h. */
#include "log.h"
#include "clock.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

static int log_quiet;

void log_set_quiet(int quiet)
{
	log_quiet = quiet;
}

static void log_line(const char *level, const char *event, const char *fmt, va_list ap)
{
	char line[1024];
	char ts[21];
	clock_format_rfc3339(clock_now(), ts);
	int n = snprintf(line, sizeof line, "ts=%s level=%s event=%s ", ts, level, event);
	if (n < 0 || (size_t)n >= sizeof line) return;
	int m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	if (m < 0) return;
	size_t len = (size_t)n + (size_t)m;
	if (len >= sizeof line - 1) len = sizeof line - 2;
	line[len++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, len);
	(void)w;
}

void log_info(const char *event, const char *fmt, ...)
{
	if (log_quiet) return;
	va_list ap;
	va_start(ap, fmt);
	log_line("info", event, fmt, ap);
	va_end(ap);
}

void log_warn(const char *event, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("warn", event, fmt, ap);
	va_end(ap);
}

void log_error(const char *event, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("error", event, fmt, ap);
	va_end(ap);
}

char *log_clean(char *out, size_t n, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		bool bad = ch < 0x20 || ch == 0x7f || ch == '"' || ch == '\\';
		if (o + (bad ? 3 : 1) >= n) break;
		if (bad) {
			out[o++] = '%';
			out[o++] = hex[ch >> 4];
			out[o++] = hex[ch & 15];
		} else {
			out[o++] = (char)ch;
		}
	}
	if (n) out[o] = 0;
	return out;
}
