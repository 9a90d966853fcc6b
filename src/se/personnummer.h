/* personnummer.h — Swedish personal identity numbers (personnummer) and
 * coordination numbers (samordningsnummer, day + 60), in every usual
 * written form: 10 or 12 digits, with or without '-' or '+'. A '+' marks
 * a person aged 100 or more. Interim numbers (letters) are not accepted. */
#ifndef SAMSYN_PERSONNUMMER_H
#define SAMSYN_PERSONNUMMER_H
#include <stdbool.h>

enum pnr_sex { PNR_FEMALE = 0, PNR_MALE = 1 };

struct pnr {
	char normalized[13]; /* YYYYMMDDNNNC, the stored form */
	int year, month, day; /* birth date (the real day for samordningsnummer) */
	bool coordination;    /* samordningsnummer */
	enum pnr_sex sex;     /* from the second-to-last digit: odd = male */
};

enum pnr_error {
	PNR_OK = 0,
	PNR_EFORMAT,   /* not 10/12 digits with an optional separator */
	PNR_EDATE,     /* no such date (a 13th month, a 30 February) */
	PNR_ECHECKSUM, /* Luhn check digit wrong */
	PNR_EFUTURE,   /* a real date, but after today */
	PNR_EOLD,      /* a real date more than 150 years ago */
	PNR_ESERIAL,   /* birth number 000, which is never issued */
};

/* Parses s as of the date today (y, m, d), which decides the century of
 * 10-digit forms: the latest year not after today, 100 years earlier with '+'. */
int pnr_parse_at(const char *s, int today_y, int today_m, int today_d, struct pnr *out);
/* Same, as of today's date (UTC). */
int pnr_parse(const char *s, struct pnr *out);
/* A Swedish sentence saying what is wrong (each error its own), for
 * invalid_parameters and import reasons. */
const char *pnr_error_text(int err);
/* The written form personnummer and organisationsnummer share: 10 or 12
 * digits, surrounding spaces, and an optional '-' or '+' before the last
 * four. Writes the digits (NUL-terminated) and the separator (0 when none);
 * returns 10 or 12, or -1 when s is not of that form. */
int se_number_digits(const char *s, char digits[13], char *sep);
/* Luhn check over n digits (the check digit last). */
bool luhn_valid(const char *digits, int n);

#endif
