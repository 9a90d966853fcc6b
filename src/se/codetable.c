/* codetable.c — loading and lookup of an embedded classification (see
 * codetable.h). Entries live for the whole process. */
#include "codetable.h"
#include "../base/csv_reader.h"
#include "../base/embed.h"
#include "../base/mem.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Noreturn void bad(const struct codetable *t, long line, const char *why)
{
	fprintf(stderr, "samsyn: embedded %s, line %ld: %s\n", t->asset, line, why);
	abort();
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct codetable_entry *)a)->code, ((const struct codetable_entry *)b)->code);
}

static int cmp_key(const void *key, const void *b)
{
	return strcmp(key, ((const struct codetable_entry *)b)->code);
}

void codetable_load(struct codetable *t)
{
	const struct embedded_file *f = embed_find(embedded_assets, embedded_assets_count, t->asset);
	if (!f) bad(t, 0, "not embedded");
	struct err e = {0};
	struct csv_reader *r = csv_open_mem(f->data, f->len, NULL);
	size_t cap = 0;
	/* Parent codes are kept until every row is in, then resolved. */
	char (*parents)[CODETABLE_CODE_MAX] = NULL;
	t->items = NULL;
	t->n = 0;
	int rc;
	bool header = true;
	while ((rc = csv_next(r, &e)) == 1) {
		long line = csv_line(r);
		if (csv_nfields(r) != 4) bad(t, line, "not 4 fields");
		if (header) {
			if (strcmp(csv_field(r, 0), "level") || strcmp(csv_field(r, 1), "code") ||
			    strcmp(csv_field(r, 2), "title") || strcmp(csv_field(r, 3), "parent"))
				bad(t, line, "header is not level,code,title,parent");
			header = false;
			continue;
		}
		int level = 0;
		for (int i = 0; i < t->nlevels; i++)
			if (strcmp(csv_field(r, 0), t->levels[i]) == 0) level = i + 1;
		if (!level) bad(t, line, "unknown level");
		if (csv_field_len(r, 1) != (size_t)t->code_len[level - 1]) bad(t, line, "code length does not fit its level");
		if (csv_field_len(r, 2) == 0) bad(t, line, "empty title");
		if (csv_field_len(r, 3) >= CODETABLE_CODE_MAX) bad(t, line, "parent code too long");
		if ((level == 1) != (csv_field_len(r, 3) == 0)) bad(t, line, "only the top level has no parent");
		if (t->n == cap) {
			cap = cap ? cap * 2 : 1024;
			t->items = xrealloc(t->items, cap * sizeof *t->items);
			parents = xrealloc(parents, cap * sizeof *parents);
		}
		struct codetable_entry *it = &t->items[t->n];
		memset(it, 0, sizeof *it);
		memcpy(it->code, csv_field(r, 1), csv_field_len(r, 1) + 1);
		it->level = level;
		it->title = xstrdup(csv_field(r, 2));
		memcpy(parents[t->n], csv_field(r, 3), csv_field_len(r, 3) + 1);
		t->n++;
	}
	if (rc < 0) bad(t, csv_line(r), e.msg);
	csv_close(r);
	if (t->n == 0) bad(t, 0, "no rows");

	/* Sort entries and their parent codes together, via an index. */
	for (size_t i = 0; i < t->n; i++) t->items[i].parent = (const void *)parents[i];
	qsort(t->items, t->n, sizeof *t->items, cmp_entry);
	for (size_t i = 0; i + 1 < t->n; i++)
		if (strcmp(t->items[i].code, t->items[i + 1].code) == 0) bad(t, 0, "duplicate code");
	for (size_t i = 0; i < t->n; i++) {
		struct codetable_entry *it = &t->items[i];
		const char *pcode = (const char *)it->parent;
		if (!*pcode) {
			it->parent = NULL;
			continue;
		}
		const struct codetable_entry *p = codetable_find(t, pcode);
		if (!p || p->level != it->level - 1) bad(t, 0, "parent missing or not one level up");
		/* A numeric code extends its parent's code (SNI's divisions hang
		 * under a section letter instead). */
		if (p->code[0] >= '0' && p->code[0] <= '9' && strncmp(it->code, p->code, strlen(p->code)) != 0) bad(t, 0, "code does not extend its parent");
		it->parent = p;
	}
	free(parents);
	/* Parents are resolved for all; the top ancestor follows in level order. */
	for (int level = 1; level <= t->nlevels; level++)
		for (size_t i = 0; i < t->n; i++) {
			struct codetable_entry *it = &t->items[i];
			if (it->level == level) it->top = it->parent ? it->parent->top : it;
		}
}

const struct codetable_entry *codetable_find(const struct codetable *t, const char *code)
{
	if (!code || !t->items) return NULL;
	return bsearch(code, t->items, t->n, sizeof *t->items, cmp_key);
}
