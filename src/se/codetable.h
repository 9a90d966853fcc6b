/* codetable.h — a hierarchical SCB classification (SNI 2007, SSYK 2012)
 * read once from an embedded "level,code,title,parent" CSV (se/data) into
 * an array sorted by code, for bsearch. The shared part of sni.c and ssyk.c. */
#ifndef SAMSYN_CODETABLE_H
#define SAMSYN_CODETABLE_H
#include <stddef.h>

#define CODETABLE_CODE_MAX 8 /* bytes of a code, NUL included */

struct codetable_entry {
	char code[CODETABLE_CODE_MAX];
	int level;                            /* 1-based index into the table's level names */
	const char *title;
	const struct codetable_entry *parent; /* NULL at the top level */
	const struct codetable_entry *top;    /* top-level ancestor; itself at the top */
};

struct codetable {
	const char *asset;          /* embedded file name, e.g. "sni2007.csv" */
	const char *const *levels;  /* level names as in the CSV, top first */
	const int *code_len;        /* length of a code at each level */
	int nlevels;
	struct codetable_entry *items; /* sorted by code (strcmp) */
	size_t n;
};

/* Fills t->items and t->n from t->asset. Aborts with a message on any
 * malformed row (unknown level, wrong code length, duplicate, parent missing
 * or not one level up): the file is compiled in, so that is a build error,
 * not a run-time condition. Not thread-safe: call it under pthread_once. */
void codetable_load(struct codetable *t);
/* The entry for the exact normalised code, or NULL. */
const struct codetable_entry *codetable_find(const struct codetable *t, const char *code);

#endif
