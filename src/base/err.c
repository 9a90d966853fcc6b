/* err.c — filling in struct err. */
#include "err.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* After a truncating snprintf: drops a UTF-8 character cut in half at the
 * end of s, so the text stays valid in JSON answers. */
static void trim_cut_utf8(char *s, int wanted, size_t size)
{
	if (wanted < 0 || (size_t)wanted < size) return;
	size_t len = strlen(s), i = len;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
	if (i == 0) return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (len - (i - 1) < need) s[i - 1] = 0;
}

void err_clear(struct err *e)
{
	e->code = 0;
	e->msg[0] = 0;
	e->nparams = 0;
	e->existing_id = 0;
}

int err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	trim_cut_utf8(e->msg, vsnprintf(e->msg, sizeof e->msg, fmt, ap), sizeof e->msg);
	va_end(ap);
	e->code = code;
	return code;
}

int err_field(struct err *e, const char *name, const char *value, const char *reason)
{
	if (e->code != ERR_INVALID) {
		e->code = ERR_INVALID;
		snprintf(e->msg, sizeof e->msg, "%s", "En eller flera uppgifter är felaktiga.");
		e->nparams = 0;
	}
	if (e->nparams < ERR_MAX_PARAMS) {
		struct err_param *p = &e->params[e->nparams++];
		trim_cut_utf8(p->name, snprintf(p->name, sizeof p->name, "%s", name), sizeof p->name);
		trim_cut_utf8(p->reason, snprintf(p->reason, sizeof p->reason, "%s", reason), sizeof p->reason);
		trim_cut_utf8(p->value, snprintf(p->value, sizeof p->value, "%s", value ? value : ""), sizeof p->value);
	}
	return ERR_INVALID;
}
