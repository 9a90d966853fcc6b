/* size_class.c — the API's size classes and SCB's anstklkoder mapped to them
 * (see se/data/SOURCES.md, "Size classes in the API"). */
#include "size_class.h"
#include <stddef.h>
#include <string.h>

const char *const size_class_list[SIZE_CLASS_COUNT] = {"0", "1-4", "5-9", "10-19", "20-49",
						       "50-99", "100-199", "200-499", "500+"};
/* The smallest head count of each class. */
static const long lower[SIZE_CLASS_COUNT] = {0, 1, 5, 10, 20, 50, 100, 200, 500};

int size_class_index(const char *s)
{
	if (!s) return -1;
	for (int i = 0; i < SIZE_CLASS_COUNT; i++)
		if (strcmp(s, size_class_list[i]) == 0) return i;
	return -1;
}

bool size_class_valid(const char *s)
{
	return size_class_index(s) >= 0;
}

const char *size_class_from_scb(int code)
{
	if (code < 1 || code > 16) return NULL;
	return size_class_list[code <= 8 ? code - 1 : SIZE_CLASS_COUNT - 1];
}

const char *size_class_from_employees(long n)
{
	if (n < 0) return NULL;
	int i = SIZE_CLASS_COUNT - 1;
	while (n < lower[i]) i--;
	return size_class_list[i];
}
