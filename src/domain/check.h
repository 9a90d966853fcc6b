/* check.h — field rules that several records share (an employer, its
 * contact persons, needs, networks, users, attendees): an optional text
 * within a length, an optional e-mail address; each adds an
 * invalid-parameters entry to c->err when the value breaks the rule. And
 * the codes a field takes, with their Swedish labels. */
#ifndef SAMSYN_CHECK_H
#define SAMSYN_CHECK_H
#include "ctx.h"

/* Absent (NULL), or valid UTF-8 of at most max characters; otherwise
 * "<what> får ha högst <max> tecken." */
void check_text(struct ctx *c, const char *field, const char *v, size_t max, const char *what);
/* Absent, or one address: at most 254 bytes, valid UTF-8, an @, no space.
 * The entry does not repeat the value: an address is personal data. */
void check_email(struct ctx *c, const char *field, const char *v);

/* A code's Swedish label in map, n pairs {code, label}: the code itself
 * when map lacks it, NULL for NULL. CODE_LABEL takes the count from map. */
const char *code_label(const char *const (*map)[2], size_t n, const char *code);
#define CODE_LABEL(map, code) code_label((map), sizeof(map) / sizeof(map)[0], (code))
/* Whether code (NULL: no) is one of map's. */
bool code_known(const char *const (*map)[2], size_t n, const char *code);
#define CODE_KNOWN(map, code) code_known((map), sizeof(map) / sizeof(map)[0], (code))

#endif
