/* utf8.h — UTF-8 checks for text that reaches JSON and length rules that
 * count characters ("högst 200 tecken"), not bytes. */
#ifndef SAMSYN_UTF8_H
#define SAMSYN_UTF8_H
#include <stdbool.h>
#include <stddef.h>

/* True if s is well-formed UTF-8 (no overlong forms, surrogates or NUL). */
bool utf8_valid(const char *s);
/* Number of code points in valid UTF-8 s. */
size_t utf8_length(const char *s);

#endif
