/* utf8.h — UTF-8 checks for text that reaches JSON, length rules that
 * count characters ("högst 200 tecken"), not bytes, and lower-casing for
 * comparing names (Åsa = åsa). */
#ifndef SAMSYN_UTF8_H
#define SAMSYN_UTF8_H
#include <stdbool.h>
#include <stddef.h>

/* True if s is well-formed UTF-8 (no overlong forms, surrogates or NUL). */
bool utf8_valid(const char *s);
/* Number of code points in valid UTF-8 s. */
size_t utf8_length(const char *s);
/* The length rule of a text field: s is valid UTF-8 of min to max
 * characters. NULL is never ok (an optional field checks for NULL first). */
bool utf8_text_ok(const char *s, size_t min, size_t max);
/* Lower-cases valid UTF-8 s in place: ASCII, Latin-1 (Å Ä Ö É Ü …), Latin
 * Extended-A, Greek and Cyrillic capitals. Only mappings that keep a
 * character's byte length are applied (İ stays), so s never grows. */
void utf8_lower(char *s);

#endif
