/* sni.c — SNI 2007 code lookup over the embedded table (se/codetable.c). */
#include "sni.h"
#include "codetable.h"
#include <pthread.h>
#include <string.h>

static const char *const level_names[] = {"section", "division", "group", "class", "detail"};
static const int code_len[] = {1, 2, 3, 4, 5};
static struct codetable table = {
	.asset = "sni2007.csv", .levels = level_names, .code_len = code_len, .nlevels = 5};
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	codetable_load(&table);
}

bool sni_normalize(const char *s, char out[SNI_CODE_SIZE])
{
	out[0] = 0;
	if (!s) return false;
	while (*s == ' ') s++;
	size_t len = strlen(s);
	while (len && s[len - 1] == ' ') len--;
	if (len == 1 && ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))) {
		out[0] = (char)(*s & ~0x20);
		out[1] = 0;
		return true;
	}
	char buf[SNI_CODE_SIZE];
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9' && n < SNI_CODE_SIZE - 1)
			buf[n++] = c;
		else if (!(c == '.' && i == 2 && n == 2 && i + 1 < len))
			return false;
	}
	if (n < 2) return false;
	memcpy(out, buf, n);
	out[n] = 0;
	return true;
}

static const struct codetable_entry *find(const char *code)
{
	char norm[SNI_CODE_SIZE];
	if (!sni_normalize(code, norm)) return NULL;
	pthread_once(&once, load);
	return codetable_find(&table, norm);
}

bool sni_valid(const char *code)
{
	return find(code) != NULL;
}

enum sni_level sni_level(const char *code)
{
	const struct codetable_entry *e = find(code);
	return e ? (enum sni_level)e->level : SNI_NONE;
}

const char *sni_title(const char *code)
{
	const struct codetable_entry *e = find(code);
	return e ? e->title : NULL;
}

const char *sni_section(const char *code)
{
	const struct codetable_entry *e = find(code);
	return e ? e->top->code : NULL;
}

const char *sni_parent(const char *code)
{
	const struct codetable_entry *e = find(code);
	return e && e->parent ? e->parent->code : NULL;
}

const char *sni_error_text(const char *code)
{
	char norm[SNI_CODE_SIZE];
	if (!sni_normalize(code, norm))
		return "Ange en SNI 2007-kod: en avdelning (bokstav A–U) eller 2–5 siffror, t.ex. 25620 eller 25.620.";
	if (!find(norm)) return "Okänd SNI 2007-kod.";
	return NULL;
}

const char *sni_level_name(enum sni_level level)
{
	return level >= SNI_SECTION && level <= SNI_DETAIL ? level_names[level - 1] : NULL;
}

size_t sni_count(void)
{
	pthread_once(&once, load);
	return table.n;
}

const char *sni_code_at(size_t i)
{
	pthread_once(&once, load);
	return i < table.n ? table.items[i].code : NULL;
}
