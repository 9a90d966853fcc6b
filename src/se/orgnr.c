/* orgnr.c — parsing and validation of organisationsnummer; a sole trader's
 * personnummer is handed to personnummer.c, which knows its rules. */
#include "orgnr.h"
#include "personnummer.h"
#include <string.h>
#include <time.h>

int orgnr_parse_at(const char *s, int today_y, int today_m, int today_d, struct orgnr *out)
{
	char digits[13], sep;
	int nd = se_number_digits(s, digits, &sep);
	if (nd < 0) return ORGNR_EFORMAT;
	bool prefix16 = nd == 12 && digits[0] == '1' && digits[1] == '6';
	const char *ten = nd == 12 ? digits + 2 : digits;

	if (ten[2] >= '2') { /* a legal person: the "month" is 20 or more */
		if (nd == 12 && !prefix16) return ORGNR_EFORMAT; /* 18/19/20 are only for personnummer */
		if (sep == '+') return ORGNR_EFORMAT;
		if (ten[0] == '0') return ORGNR_EGROUP;
		if (!luhn_valid(ten, 10)) return ORGNR_ECHECKSUM;
		memcpy(out->normalized, ten, 11);
		out->type = ORGNR_LEGAL_PERSON;
		out->group = ten[0] - '0';
		return ORGNR_OK;
	}
	if (prefix16) return ORGNR_ELEGAL;
	if (nd == 12 && memcmp(digits, "18", 2) != 0 && memcmp(digits, "19", 2) != 0 && memcmp(digits, "20", 2) != 0)
		return ORGNR_EFORMAT;
	/* Third digit 0 or 1: the owner's personnummer (sole trader). */
	struct pnr p;
	switch (pnr_parse_at(s, today_y, today_m, today_d, &p)) {
	case PNR_OK: break;
	case PNR_EDATE: case PNR_EFUTURE: case PNR_EOLD: return ORGNR_EDATE;
	case PNR_ECHECKSUM: return ORGNR_ECHECKSUM;
	default: return ORGNR_EFORMAT;
	}
	memcpy(out->normalized, p.normalized + 2, 11);
	out->type = ORGNR_SOLE_TRADER;
	out->group = 0;
	return ORGNR_OK;
}

int orgnr_parse(const char *s, struct orgnr *out)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	return orgnr_parse_at(s, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out);
}

const char *orgnr_error_text(int err)
{
	switch (err) {
	case ORGNR_OK: return "";
	case ORGNR_ECHECKSUM: return "Organisationsnumrets kontrollsiffra stämmer inte.";
	case ORGNR_EGROUP: return "Organisationsnumrets första siffra (gruppnummer) får inte vara 0.";
	case ORGNR_ELEGAL:
		return "Ett organisationsnummer med prefixet 16 ska ha 2 eller högre som tredje siffra.";
	case ORGNR_EDATE:
		return "Numret har 0 eller 1 som tredje siffra och är då ett personnummer (enskild firma), "
		       "men det innehåller inget giltigt födelsedatum.";
	default: return "Ange organisationsnummer som NNNNNN-NNNN (10 siffror).";
	}
}

const char *orgnr_group_text(int group)
{
	switch (group) {
	case 1: return "Dödsbon";
	case 2: return "Stat, regioner, kommuner och församlingar";
	case 3: return "Utländska företag som bedriver näringsverksamhet eller äger fastigheter i Sverige";
	case 5: return "Aktiebolag";
	case 6: return "Enkla bolag";
	case 7: return "Ekonomiska föreningar";
	case 8: return "Ideella föreningar och stiftelser";
	case 9: return "Handelsbolag och kommanditbolag";
	default: return NULL;
	}
}
