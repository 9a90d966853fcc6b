/* err.c — filling in struct err. */
#include "err.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void err_clear(struct err *e)
{
	e->code = 0;
	e->msg[0] = 0;
	e->nparams = 0;
}

int err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
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
		snprintf(p->name, sizeof p->name, "%s", name);
		snprintf(p->reason, sizeof p->reason, "%s", reason);
		snprintf(p->value, sizeof p->value, "%s", value ? value : "");
	}
	return ERR_INVALID;
}
