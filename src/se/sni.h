/* sni.h — SNI 2007 (Svensk näringsgrensindelning), SCB's industry
 * classification, all five levels: section (A–U), division (2 digits),
 * group (3), class (4) and detail group (5). Compiled into the binary from
 * se/data/sni2007.csv; looked up by bsearch. Thread-safe (loaded once). */
#ifndef SAMSYN_SNI_H
#define SAMSYN_SNI_H
#include <stdbool.h>
#include <stddef.h>

#define SNI_CODE_SIZE 6 /* the longest normalised code, "25620", plus NUL */

enum sni_level {
	SNI_NONE = 0, /* not a known code */
	SNI_SECTION = 1,
	SNI_DIVISION = 2,
	SNI_GROUP = 3,
	SNI_CLASS = 4,
	SNI_DETAIL = 5,
};

/* Writes the normalised form of a written code to out: a section letter in
 * upper case, or 2–5 digits without the dot ("25.620" → "25620",
 * "25.62" → "2562", "01.1" → "011"). Surrounding spaces are allowed; a dot
 * only after the first two digits. False if s has no such shape (out is
 * then ""). Says nothing about whether the code exists. */
bool sni_normalize(const char *s, char out[SNI_CODE_SIZE]);

/* All of these take any form sni_normalize accepts. */
bool sni_valid(const char *code);
enum sni_level sni_level(const char *code);   /* SNI_NONE if unknown */
const char *sni_title(const char *code);      /* Swedish title; NULL if unknown */
const char *sni_section(const char *code);    /* the section letter, e.g. "C" for "25620"; NULL if unknown */
const char *sni_parent(const char *code);     /* normalised code one level up; NULL for a section or unknown */
/* A Swedish message for invalid_parameters; NULL if code is valid. */
const char *sni_error_text(const char *code);
/* "section", "division", "group", "class", "detail"; NULL for SNI_NONE. */
const char *sni_level_name(enum sni_level level);

/* All codes, sorted by code (strcmp: digits before letters). i < sni_count(). */
size_t sni_count(void);
const char *sni_code_at(size_t i);

#endif
