/* orgnr.h — Swedish organisationsnummer (Skatteverket's rules): 10 digits
 * with or without '-', or the 12-digit form "16" + 10 digits; Luhn check
 * digit; group digit; third digit >= 2. A sole trader (enskild firma) has
 * the owner's personnummer (or samordningsnummer) as its number: accepted too. */
#ifndef SAMSYN_ORGNR_H
#define SAMSYN_ORGNR_H
#include <stdbool.h>

enum orgnr_type {
	ORGNR_LEGAL_PERSON = 1, /* juridisk person: third digit >= 2 */
	ORGNR_SOLE_TRADER = 2,  /* enskild näringsidkare: the owner's personnummer */
};

struct orgnr {
	/* The stored form: 10 digits, no separator. For a sole trader this is
	 * the personnummer's 10-digit form YYMMDDNNNC (the century is dropped,
	 * as in the company registers). It is then personal data: the caller
	 * must never log it or put it in a URL. */
	char normalized[11];
	enum orgnr_type type;
	int group; /* legal persons: the group digit 1–9 (see orgnr_group_text); sole traders: 0 */
};

enum orgnr_error {
	ORGNR_OK = 0,
	ORGNR_EFORMAT,   /* not 10 digits (NNNNNN-NNNN) or 12 digits with 16/18/19/20 first */
	ORGNR_ECHECKSUM, /* Luhn check digit wrong */
	ORGNR_EGROUP,    /* legal person with group digit 0 */
	ORGNR_ELEGAL,    /* "16" + 10 digits whose third digit is below 2 */
	ORGNR_EDATE,     /* third digit 0 or 1 (a personnummer) but no valid birth date */
};

/* Parses s (surrounding spaces allowed) as of the date today (y, m, d),
 * which decides the century of a sole trader's 10-digit personnummer.
 * Separators: one '-' before the last 4 digits; '+' only for a
 * personnummer of someone aged 100 or more. out is written only on ORGNR_OK. */
int orgnr_parse_at(const char *s, int today_y, int today_m, int today_d, struct orgnr *out);
/* Same, as of today's date (UTC). */
int orgnr_parse(const char *s, struct orgnr *out);
/* A Swedish explanation of the error, for invalid_parameters. */
const char *orgnr_error_text(int err);
/* What the group digit (first digit of a legal person's number) means, in
 * Swedish: 1 dödsbon, 2 stat/kommuner/regioner/församlingar, 3 utländska
 * företag, 5 aktiebolag, 6 enkla bolag, 7 ekonomiska föreningar,
 * 8 ideella föreningar och stiftelser, 9 handelsbolag och kommanditbolag.
 * NULL for 4 (not in Skatteverket's list, but accepted) and anything else. */
const char *orgnr_group_text(int group);

#endif
