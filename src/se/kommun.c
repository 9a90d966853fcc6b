/* kommun.c — parses the embedded municipality list and the list of
 * neighbouring municipalities once each, looks codes up. */
#include "kommun.h"
#include "../base/embed.h"
#include "../base/mem.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct kommun {
	char code[5];
	char *name;
};

static struct kommun *list;
static size_t count;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Format: "kod,namn,lan_kod,lan_namn" with a header row. */
static void load(void)
{
	const struct embedded_file *f = embed_find(embedded_assets, embedded_assets_count, "kommuner.csv");
	if (!f) return;
	list = xcalloc(400, sizeof *list);
	const char *p = strchr(f->data, '\n');
	while (p && *++p && count < 400) {
		const char *c1 = strchr(p, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
		if (!c2 || c1 - p != 4) break;
		memcpy(list[count].code, p, 4);
		list[count].name = xstrndup(c1 + 1, (size_t)(c2 - c1 - 1));
		count++;
		p = strchr(p, '\n');
	}
}

const char *kommun_name(const char *code)
{
	pthread_once(&once, load);
	if (!code || strlen(code) != 4) return NULL;
	for (size_t i = 0; i < count; i++)
		if (memcmp(list[i].code, code, 4) == 0) return list[i].name;
	return NULL;
}

const char *kommun_code_by_name(const char *name)
{
	pthread_once(&once, load);
	if (!name) return NULL;
	while (*name == ' ') name++;
	size_t n = strlen(name);
	while (n && name[n - 1] == ' ') n--;
	/* ASCII case only: the names' Å, Ä and Ö are written as SCB writes them. */
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i].name) == n && strncasecmp(list[i].name, name, n) == 0) return list[i].code;
	return NULL;
}

size_t kommun_count(void)
{
	pthread_once(&once, load);
	return count;
}

/* Neighbours: every pair of se/data/kommun_neighbours.csv ("kod_a,kod_b",
 * header row, kod_a < kod_b) is held in both directions, sorted by (from, to),
 * so a lookup is one bsearch and a municipality's neighbours are a run. */
struct border {
	char from[5];
	char to[5];
};

static struct border *borders;
static size_t nborders;
static pthread_once_t borders_once = PTHREAD_ONCE_INIT;

static int border_cmp(const void *x, const void *y)
{
	const struct border *a = x, *b = y;
	int c = memcmp(a->from, b->from, 4);
	return c ? c : memcmp(a->to, b->to, 4);
}

static bool is_code(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9') return false;
	return true;
}

static void load_borders(void)
{
	const struct embedded_file *f = embed_find(embedded_assets, embedded_assets_count, "kommun_neighbours.csv");
	if (!f) return;
	size_t cap = 0;
	for (const char *q = f->data; *q; q++)
		if (*q == '\n') cap += 2;
	borders = xcalloc(cap ? cap : 1, sizeof *borders);
	const char *p = strchr(f->data, '\n');
	while (p && *++p && nborders + 2 <= cap) {
		/* "dddd,dddd" then end of line */
		if (strlen(p) < 9 || !is_code(p) || p[4] != ',' || !is_code(p + 5)) break;
		struct border *b = &borders[nborders];
		memcpy(b[0].from, p, 4);
		memcpy(b[0].to, p + 5, 4);
		memcpy(b[1].from, p + 5, 4);
		memcpy(b[1].to, p, 4);
		if (memcmp(p, p + 5, 4) != 0) nborders += 2;
		p = strchr(p, '\n');
	}
	qsort(borders, nborders, sizeof *borders, border_cmp);
}

static bool valid_code(const char *code)
{
	return code && strlen(code) == 4 && is_code(code);
}

bool kommun_neighbours(const char *a, const char *b)
{
	if (!valid_code(a) || !valid_code(b) || memcmp(a, b, 4) == 0) return false;
	pthread_once(&borders_once, load_borders);
	struct border key = {{0}, {0}};
	memcpy(key.from, a, 4);
	memcpy(key.to, b, 4);
	return bsearch(&key, borders, nborders, sizeof *borders, border_cmp) != NULL;
}

size_t kommun_neighbour_codes(const char *code, const char **out, size_t max)
{
	if (!valid_code(code)) return 0;
	pthread_once(&borders_once, load_borders);
	/* The first entry whose from is code: lower bound by binary search. */
	size_t lo = 0, hi = nborders;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (memcmp(borders[mid].from, code, 4) < 0) lo = mid + 1;
		else hi = mid;
	}
	size_t n = 0;
	for (size_t i = lo; i < nborders && memcmp(borders[i].from, code, 4) == 0; i++, n++)
		if (out && n < max) out[n] = borders[i].to;
	return n;
}
