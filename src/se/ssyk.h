/* ssyk.h — SSYK 2012 (Standard för svensk yrkesklassificering), SCB's
 * occupation classification, four levels: major group (1 digit), submajor
 * (2), minor (3) and unit group (4). Compiled into the binary from
 * se/data/ssyk2012.csv; looked up by bsearch. Thread-safe (loaded once). */
#ifndef SAMSYN_SSYK_H
#define SAMSYN_SSYK_H
#include <stdbool.h>
#include <stddef.h>

#define SSYK_CODE_SIZE 5 /* "5120" plus NUL */

enum ssyk_level {
	SSYK_NONE = 0, /* not a known code */
	SSYK_MAJOR = 1,
	SSYK_SUBMAJOR = 2,
	SSYK_MINOR = 3,
	SSYK_UNIT = 4,
};

/* Writes 1–4 digits to out; surrounding spaces allowed. False if s is not
 * of that shape (out is then ""). Says nothing about whether it exists. */
bool ssyk_normalize(const char *s, char out[SSYK_CODE_SIZE]);

/* All of these take any form ssyk_normalize accepts. */
bool ssyk_valid(const char *code);
enum ssyk_level ssyk_level(const char *code); /* SSYK_NONE if unknown */
const char *ssyk_title(const char *code);     /* Swedish title; NULL if unknown */
const char *ssyk_parent(const char *code);    /* code one level up; NULL for a major group or unknown */
/* A Swedish message for invalid_parameters; NULL if code is valid. */
const char *ssyk_error_text(const char *code);
/* "major", "submajor", "minor", "unit"; NULL for SSYK_NONE. */
const char *ssyk_level_name(enum ssyk_level level);

/* All codes, sorted by code. i < ssyk_count(). */
size_t ssyk_count(void);
const char *ssyk_code_at(size_t i);

#endif
