/* check.h — field rules that several records share (an employer, its
 * contact persons, needs, networks, users, attendees): an optional text
 * within a length, an optional e-mail address. Each adds an
 * invalid-parameters entry to c->err when the value breaks the rule. */
#ifndef SAMSYN_CHECK_H
#define SAMSYN_CHECK_H
#include "ctx.h"

/* Absent (NULL), or valid UTF-8 of at most max characters; otherwise
 * "<what> får ha högst <max> tecken." */
void check_text(struct ctx *c, const char *field, const char *v, size_t max, const char *what);
/* Absent, or one address: at most 254 bytes, valid UTF-8, an @, no space.
 * The entry does not repeat the value: an address is personal data. */
void check_email(struct ctx *c, const char *field, const char *v);

#endif
