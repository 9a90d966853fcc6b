/* check.c — the shared field rules and code labels (check.h). */
#include "check.h"
#include "../base/utf8.h"
#include <string.h>

void check_text(struct ctx *c, const char *field, const char *v, size_t max, const char *what)
{
	if (!v || utf8_text_ok(v, 0, max)) return;
	err_field(&c->err, field, NULL,
		  arena_printf(c->arena, "%s får ha högst %s tecken.", what, arena_grouped(c->arena, (long long)max, " ")));
}

void check_email(struct ctx *c, const char *field, const char *v)
{
	if (v && (strlen(v) > 254 || !utf8_valid(v) || !strchr(v, '@') || strchr(v, ' ')))
		err_field(&c->err, field, NULL, "Ange en giltig e-postadress.");
}

/* The row of code in map, or n. */
static size_t code_row(const char *const (*map)[2], size_t n, const char *code)
{
	size_t i = 0;
	while (code && i < n && strcmp(code, map[i][0]) != 0) i++;
	return code ? i : n;
}

const char *code_label(const char *const (*map)[2], size_t n, const char *code)
{
	size_t i = code_row(map, n, code);
	return i < n ? map[i][1] : code;
}

bool code_known(const char *const (*map)[2], size_t n, const char *code)
{
	return code_row(map, n, code) < n;
}
