/* utf8.c — UTF-8 validation, length and lower-casing. */
#include "utf8.h"

bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p++;
		int more;
		unsigned cp, min;
		if (c < 0x80) continue;
		if (c >= 0xC2 && c <= 0xDF) more = 1, cp = c & 0x1F, min = 0x80;
		else if (c >= 0xE0 && c <= 0xEF) more = 2, cp = c & 0x0F, min = 0x800;
		else if (c >= 0xF0 && c <= 0xF4) more = 3, cp = c & 0x07, min = 0x10000;
		else return false;
		for (int i = 0; i < more; i++) {
			if ((*p & 0xC0) != 0x80) return false;
			cp = (cp << 6) | (*p++ & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
	}
	return true;
}

size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80) n++;
	return n;
}

bool utf8_text_ok(const char *s, size_t min, size_t max)
{
	if (!s || !utf8_valid(s)) return false;
	size_t n = utf8_length(s);
	return n >= min && n <= max;
}

/* The lower-case form of the two-byte code point cp, or cp itself. */
static unsigned lower_cp(unsigned cp)
{
	if (cp < 0xC0) return cp;
	if (cp <= 0xDE) return cp == 0xD7 ? cp : cp + 32; /* À–Þ except × */
	if (cp == 0x178) return 0xFF;                     /* Ÿ */
	if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x138 && cp != 0x149 && cp != 0x17F) {
		/* Latin Extended-A pairs: capital even, small odd, except the
		 * runs Ĺ–ň and Ź–ž where the capital is odd. */
		bool odd_capital = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
		return (cp & 1) == (odd_capital ? 1u : 0u) ? cp + 1 : cp;
	}
	if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32; /* Greek */
	if (cp >= 0x410 && cp <= 0x42F) return cp + 32;                 /* Cyrillic А–Я */
	if (cp >= 0x400 && cp <= 0x40F) return cp + 80;                 /* Ѐ–Џ */
	return cp;
}

void utf8_lower(char *s)
{
	unsigned char *p = (unsigned char *)s;
	while (*p) {
		if (*p < 0x80) {
			if (*p >= 'A' && *p <= 'Z') *p += 32;
			p++;
			continue;
		}
		/* Every mapped character is two bytes long before and after. */
		if ((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
			unsigned cp = ((unsigned)(*p & 0x1F) << 6) | (p[1] & 0x3F);
			unsigned lc = lower_cp(cp);
			if (lc != cp && lc >= 0x80 && lc < 0x800) {
				p[0] = (unsigned char)(0xC0 | (lc >> 6));
				p[1] = (unsigned char)(0x80 | (lc & 0x3F));
			}
			p += 2;
			continue;
		}
		p++;
		while ((*p & 0xC0) == 0x80) p++;
	}
}
