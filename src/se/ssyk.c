/* ssyk.c — SSYK 2012 code lookup over the embedded table (se/codetable.c). */
#include "ssyk.h"
#include "codetable.h"
#include <pthread.h>
#include <string.h>

static const char *const level_names[] = {"major", "submajor", "minor", "unit"};
static const int code_len[] = {1, 2, 3, 4};
static struct codetable table = {
	.asset = "ssyk2012.csv", .levels = level_names, .code_len = code_len, .nlevels = 4};
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	codetable_load(&table);
}

bool ssyk_normalize(const char *s, char out[SSYK_CODE_SIZE])
{
	out[0] = 0;
	if (!s) return false;
	while (*s == ' ') s++;
	size_t len = strlen(s);
	while (len && s[len - 1] == ' ') len--;
	if (len < 1 || len > SSYK_CODE_SIZE - 1) return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9') return false;
	memcpy(out, s, len);
	out[len] = 0;
	return true;
}

static const struct codetable_entry *find(const char *code)
{
	char norm[SSYK_CODE_SIZE];
	if (!ssyk_normalize(code, norm)) return NULL;
	pthread_once(&once, load);
	return codetable_find(&table, norm);
}

bool ssyk_valid(const char *code)
{
	return find(code) != NULL;
}

enum ssyk_level ssyk_level(const char *code)
{
	const struct codetable_entry *e = find(code);
	return e ? (enum ssyk_level)e->level : SSYK_NONE;
}

const char *ssyk_title(const char *code)
{
	const struct codetable_entry *e = find(code);
	return e ? e->title : NULL;
}

const char *ssyk_parent(const char *code)
{
	const struct codetable_entry *e = find(code);
	return e && e->parent ? e->parent->code : NULL;
}

const char *ssyk_error_text(const char *code)
{
	char norm[SSYK_CODE_SIZE];
	if (!ssyk_normalize(code, norm)) return "Ange en SSYK 2012-kod med 1–4 siffror, t.ex. 5120.";
	if (!find(norm)) return "Okänd SSYK 2012-kod.";
	return NULL;
}

const char *ssyk_level_name(enum ssyk_level level)
{
	return level >= SSYK_MAJOR && level <= SSYK_UNIT ? level_names[level - 1] : NULL;
}

size_t ssyk_count(void)
{
	pthread_once(&once, load);
	return table.n;
}

const char *ssyk_code_at(size_t i)
{
	pthread_once(&once, load);
	return i < table.n ? table.items[i].code : NULL;
}
