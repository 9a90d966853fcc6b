/* sex.c — the sexes' Swedish labels (sex.h). */
#include "sex.h"
#include <stddef.h>
#include <string.h>

static const struct {
	const char *code, *label, *plural;
} sexes[] = {
	{"female", "Kvinna", "Kvinnor"},
	{"male", "Man", "Män"},
};

static int find(const char *code)
{
	for (size_t i = 0; code && i < sizeof sexes / sizeof sexes[0]; i++)
		if (strcmp(code, sexes[i].code) == 0) return (int)i;
	return -1;
}

const char *sex_label(const char *code)
{
	int i = find(code);
	return i < 0 ? NULL : sexes[i].label;
}

const char *sex_plural(const char *code)
{
	int i = find(code);
	return i < 0 ? NULL : sexes[i].plural;
}
