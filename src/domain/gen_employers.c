/* gen_employers.c — the synthetic company register of gen_employers.h.
 * Shares: about 30 % sole traders (numbered by a synthetic personnummer, in
 * the 12-digit form), the rest legal persons mostly aktiebolag, in SCB's
 * "16" + 10 digits form; size classes roughly as in Företagsregistret (most
 * have no employees or 1–4); Stockholm, Göteborg and Malmö more common than
 * the other municipalities. Numbers are made unique by construction (a
 * permutation of the row index), so the file never has a duplicate. */
#include "gen_employers.h"
#include "../se/kommun.h"
#include "../se/sni.h"
#include <stdbool.h>
#include <string.h>

static uint64_t next(uint64_t *s) /* splitmix64 */
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static unsigned below(uint64_t *s, unsigned n) { return (unsigned)(next(s) % n); }

/* The Luhn check digit of nine digits. */
static char luhn_digit(const char *d)
{
	int sum = 0;
	for (int i = 0; i < 9; i++) {
		int v = (d[i] - '0') * (i % 2 == 0 ? 2 : 1);
		sum += v > 9 ? v - 9 : v;
	}
	return (char)('0' + (10 - sum % 10) % 10);
}

static const char *const words[] = {
	"Nord", "Väst", "Älv", "Berg", "Skog", "Sjö", "Dal", "Ek", "Björk", "Gran", "Sten", "Strand", "Ängs", "Fjäll",
	"Hav", "Lind", "Ros", "Sol", "Stjärn", "Vind", "Ström", "Å", "Ljung", "Tall", "Hög", "Lövs", "Kust", "Mark",
};
static const char *const trades[] = {
	"Bygg", "Måleri", "El", "VVS", "Transport", "Konsult", "Data", "Städ", "Fastigheter", "Plåt", "Mekaniska",
	"Trä", "Café", "Restaurang", "Frisör", "Redovisning", "Trädgård", "Logistik", "Vård", "Design", "Media", "Teknik",
};
static const char *const forms[] = {"AB", "AB", "AB", "AB", "AB", "AB", "HB", "KB", "ek. för.", "Ideell förening"};
static const char *const first_names[] = {
	"Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Johanna", "Sofia", "Fatima",
	"Lars", "Mikael", "Erik", "Anders", "Johan", "Per", "Karl", "Peter", "Ali", "Mohammed",
};
static const char *const last_names[] = {
	"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
	"Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Lindberg", "Jakobsson", "Magnusson",
};
#define N(a) (sizeof a / sizeof a[0])

int gen_employers_csv(FILE *f, int64_t n, uint64_t seed)
{
	/* The 5-digit SNI codes and the municipalities, from the compiled-in lists. */
	static const char *details[1000];
	size_t ndetails = 0;
	for (size_t i = 0; i < sni_count() && ndetails < N(details); i++)
		if (sni_level(sni_code_at(i)) == SNI_DETAIL) details[ndetails++] = sni_code_at(i);
	static char kommuner[400][5];
	size_t nkommuner = 0;
	for (int k = 0; k < 10000 && nkommuner < N(kommuner); k++) {
		char code[5];
		snprintf(code, sizeof code, "%04d", k);
		if (kommun_name(code)) memcpy(kommuner[nkommuner++], code, 5);
	}
	if (!ndetails || !nkommuner) return -1;
	/* Size classes: cumulative shares in per mille (Företagsregistret: about
	 * three in four have no employees). 2 % unknown (empty). */
	static const struct {
		const char *cls;
		unsigned upto;
	} sizes[] = {{"", 20}, {"0", 740}, {"1-4", 910}, {"5-9", 950}, {"10-19", 975}, {"20-49", 989},
		     {"50-99", 994}, {"100-199", 997}, {"200-499", 999}, {"500+", 1000}};
	uint64_t s = seed * 0x2545F4914F6CDD1Dull + 1;
	if (fputs("orgnr,name,sni_code,size_class,municipality_code\n", f) < 0) return -1;
	const uint64_t legal_space = 80000000; /* d2 0-9, d3 2-9, d4..d9 */
	const unsigned ndays = 21900;          /* about 60 years of birth dates from 1945 */
	int64_t sole = 0, legal = 0;
	for (int64_t i = 0; i < n; i++) {
		char num[13], name[160];
		bool sole_trader = below(&s, 100) < 30;
		if (sole_trader) {
			/* A unique (birth day, serial) per sole trader: a bijection of j. */
			uint64_t j = (uint64_t)sole++;
			unsigned day = (unsigned)((j * 7919u) % ndays), serial = 1 + (unsigned)(j / ndays) % 999; /* 000 is never issued */
			/* Day number → date, 1945-01-01 onwards, by a simple calendar walk. */
			static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
			int y = 1945, m = 0, d = (int)day;
			for (;;) {
				int ylen = (y % 4 == 0) ? 366 : 365;
				if (d < ylen) break;
				d -= ylen, y++;
			}
			for (;;) {
				int ml = mdays[m] + (m == 1 && y % 4 == 0);
				if (d < ml) break;
				d -= ml, m++;
			}
			char ten[32]; /* 10 used; room for what -O2 cannot prove m and d never reach */
			snprintf(ten, sizeof ten, "%02d%02d%02d%03u", y % 100, m + 1, d + 1, serial % 1000);
			ten[9] = luhn_digit(ten), ten[10] = 0;
			snprintf(num, sizeof num, "%02d%.10s", (y / 100) % 100, ten);
			snprintf(name, sizeof name, "%s %s %s", first_names[below(&s, N(first_names))],
				 last_names[below(&s, N(last_names))], trades[below(&s, N(trades))]);
		} else {
			uint64_t k = ((uint64_t)legal++ * 2654435761u) % legal_space;
			static const char groups[] = "5555555598782";
			char ten[11];
			ten[0] = groups[below(&s, sizeof groups - 1)];
			ten[1] = (char)('0' + k % 10);
			ten[2] = (char)('2' + (k / 10) % 8);
			snprintf(ten + 3, 7, "%06u", (unsigned)(k / 80));
			ten[9] = luhn_digit(ten), ten[10] = 0;
			snprintf(num, sizeof num, "16%s", ten);
			const char *form = ten[0] == '5' ? "AB" : forms[below(&s, N(forms))];
			char compound[64];
			snprintf(compound, sizeof compound, "%s%s", words[below(&s, N(words))], words[below(&s, N(words))]);
			for (char *p = compound + 1; *p; p++) /* "NordSten" → "Nordsten" */
				if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
			snprintf(name, sizeof name, "%s %s %s", compound, trades[below(&s, N(trades))], form);
		}
		unsigned r = below(&s, 1000);
		size_t sc = 0;
		while (r >= sizes[sc].upto) sc++;
		unsigned km = below(&s, 100);
		const char *kommun = km < 9 ? "0180" : km < 14 ? "1480" : km < 17 ? "1280" : kommuner[below(&s, (unsigned)nkommuner)];
		/* Names never hold a comma or a quote: no quoting needed. */
		if (fprintf(f, "%s,%s,%s,%s,%s\n", num, name, details[below(&s, (unsigned)ndetails)], sizes[sc].cls, kommun) < 0)
			return -1;
	}
	return fflush(f) == 0 ? 0 : -1;
}
