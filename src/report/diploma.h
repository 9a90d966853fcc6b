/* diploma.h — course diplomas as PDF (issue 13, item 5), and the
 * verification code printed on them (no SQL, no HTTP). One PDF in memory
 * holds one A4 landscape page per diploma, drawn with cairo and pango in
 * Liberation Serif (Debian's fonts-liberation2, found through fontconfig),
 * so Swedish letters are real text that can be searched and copied. The
 * domain gathers the diplomas; the API sends the bytes as application/pdf.
 * Safe to call from several threads at once. */
#ifndef SAMSYN_REPORT_DIPLOMA_H
#define SAMSYN_REPORT_DIPLOMA_H
#include <stdbool.h>
#include <stddef.h>
#include "../base/err.h"

/* What one diploma says. Every text is UTF-8; none may be NULL or empty. */
struct diploma {
	const char *full_name;  /* "Åsa Öberg" */
	const char *title;      /* the course's diploma title: "Diplomerad mentor" */
	const char *course;     /* "Mentorskap grundutbildning" */
	const char *date;       /* the day it was earned, YYYY-MM-DD */
	const char *federation; /* the förbund that hands it out */
	const char *code;       /* its verification code (diploma_code_new) */
};

/* Draws the n diplomas (n >= 1) as one PDF, one page each, in order. The
 * foot of every page says where the code can be checked: check_at (an
 * address, "https://…/diplom") when given, otherwise the förbund. On
 * success *pdf (the caller frees it with free()) and *len hold the file;
 * on failure 0 is not returned, e says why in Swedish (ERR_INVALID with
 * the field and the index of the diploma for bad input) and *pdf is NULL. */
int diploma_render_pdf(const struct diploma *diplomas, size_t n, const char *check_at, unsigned char **pdf,
		       size_t *len, struct err *e);

/* The 32 symbols of a code: digits and capital letters without 0, O, 1 and
 * I, which are read and typed wrong. */
extern const char diploma_code_alphabet[33];

#define DIPLOMA_CODE_SYMBOLS 10 /* 50 random bits: not to be guessed */
#define DIPLOMA_CODE_SIZE 12    /* "XXXXX-XXXXX" and its NUL */

/* A new code from the kernel's random source (getrandom), as two groups of
 * five with a hyphen: "K7QM2-X9HAR". 0, or -1 when no random bytes could
 * be had (out[0] is then NUL). */
int diploma_code_new(char out[DIPLOMA_CODE_SIZE]);

/* A code as a person typed it ("k7qm2 x9har") in the printed form
 * ("K7QM2-X9HAR"): small letters made capital, spaces and hyphens dropped.
 * True and out filled when exactly ten symbols of the alphabet remain;
 * false for anything else (out[0] is then NUL). */
bool diploma_code_normalise(const char *typed, char out[DIPLOMA_CODE_SIZE]);

/* "2026-12-02" as "2 december 2026" into out; false for a date that does
 * not exist. */
bool diploma_swedish_date(const char *iso, char *out, size_t size);

#endif
