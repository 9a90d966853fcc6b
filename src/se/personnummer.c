/* personnummer.c — parsing and validation of personnummer and
 * samordningsnummer (Skatteverket's rules: date, day + 60, Luhn). */
#include "personnummer.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

bool luhn_valid(const char *digits, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++) {
		int d = digits[i] - '0';
		if ((n - i) % 2 == 0) { /* every second digit from the right, the check digit excluded */
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return days[m - 1] + (m == 2 && is_leap(y));
}

static bool after(int y, int m, int d, int y2, int m2, int d2)
{
	return y != y2 ? y > y2 : m != m2 ? m > m2 : d > d2;
}

static int two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

int se_number_digits(const char *s, char digits[13], char *sep)
{
	*sep = 0;
	if (!s) return -1;
	while (*s == ' ') s++;
	size_t len = strlen(s);
	while (len && s[len - 1] == ' ') len--;
	int nd = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (nd == 12) return -1;
			digits[nd++] = c;
		} else if ((c == '-' || c == '+') && !*sep && (nd == 6 || nd == 8) && len - i - 1 == 4) {
			*sep = c;
		} else {
			return -1;
		}
	}
	if (nd != 10 && nd != 12) return -1;
	digits[nd] = 0;
	return nd;
}

int pnr_parse_at(const char *s, int today_y, int today_m, int today_d, struct pnr *out)
{
	char digits[13], sep;
	int nd = se_number_digits(s, digits, &sep);
	if (nd < 0) return PNR_EFORMAT;
	const char *ten = nd == 12 ? digits + 2 : digits; /* YYMMDDNNNC */
	int month = two(ten + 2), day = two(ten + 4);
	bool coord = day > 60;
	if (coord) day -= 60;
	int year;
	if (nd == 12) {
		year = two(digits) * 100 + two(digits + 2);
	} else {
		/* The latest such birthday not after today; '+' adds a century. */
		year = today_y - (today_y % 100) + two(ten);
		if (after(year, month, day, today_y, today_m, today_d)) year -= 100;
		if (sep == '+') year -= 100;
	}
	if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return PNR_EDATE;
	if (after(year, month, day, today_y, today_m, today_d)) return PNR_EFUTURE;
	if (year < today_y - 150) return PNR_EOLD;
	if (memcmp(ten + 6, "000", 3) == 0) return PNR_ESERIAL;
	if (!luhn_valid(ten, 10)) return PNR_ECHECKSUM;
	snprintf(out->normalized, sizeof out->normalized, "%04d%.8s", year, ten + 2);
	out->year = year;
	out->month = month;
	out->day = day;
	out->coordination = coord;
	out->sex = (ten[8] - '0') % 2 ? PNR_MALE : PNR_FEMALE;
	return PNR_OK;
}

int pnr_parse(const char *s, struct pnr *out)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	return pnr_parse_at(s, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out);
}

const char *pnr_error_text(int err)
{
	switch (err) {
	case PNR_OK: return "";
	case PNR_EDATE: return "Personnumrets födelsedatum finns inte (månad 01–12, en dag som finns i månaden).";
	case PNR_EFUTURE: return "Personnumrets födelsedatum ligger i framtiden.";
	case PNR_EOLD: return "Personnumrets födelsedatum ligger mer än 150 år bakåt i tiden.";
	case PNR_ESERIAL: return "Personnumrets födelsenummer kan inte vara 000.";
	case PNR_ECHECKSUM: return "Personnumrets kontrollsiffra (den sista siffran) stämmer inte. Kontrollera numret.";
	default: return "Ange personnummer eller samordningsnummer som ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN.";
	}
}
