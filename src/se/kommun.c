/* kommun.c — parses the embedded municipality list once, looks codes up. */
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

const char *kommun_code_at(size_t i)
{
	pthread_once(&once, load);
	return i < count ? list[i].code : NULL;
}
