/* report_pass.c — one pass over the participants' enrolments, counting each
 * person once per key (report_pass.h). */
#include "report_pass.h"
#include "../store/store.h"
#include <string.h>

void tally_init(struct tally *t, struct arena *a)
{
	memset(t, 0, sizeof *t);
	t->arena = a;
}

static void tally_grow(struct tally *t, size_t key)
{
	size_t cap = t->cap ? t->cap : 64;
	while (cap <= key) cap *= 2;
	int64_t *women = arena_zalloc(t->arena, sizeof *women * cap);
	int64_t *men = arena_zalloc(t->arena, sizeof *men * cap);
	int64_t *last = arena_zalloc(t->arena, sizeof *last * cap);
	if (t->cap) {
		memcpy(women, t->women, sizeof *women * t->cap);
		memcpy(men, t->men, sizeof *men * t->cap);
		memcpy(last, t->last, sizeof *last * t->cap);
	}
	t->women = women, t->men = men, t->last = last, t->cap = cap;
}

void tally_add(struct tally *t, size_t key, bool woman)
{
	if (key >= t->cap) tally_grow(t, key);
	if (woman) t->women[key]++;
	else t->men[key]++;
}

void tally_person(struct tally *t, size_t key, int64_t person, bool woman)
{
	if (key >= t->cap) tally_grow(t, key);
	if (t->last[key] == person) return;
	t->last[key] = person;
	tally_add(t, key, woman);
}

int64_t tally_women(const struct tally *t, size_t key)
{
	return key < t->cap ? t->women[key] : 0;
}

int64_t tally_men(const struct tally *t, size_t key)
{
	return key < t->cap ? t->men[key] : 0;
}

void code_index_init(struct code_index *x, struct arena *a)
{
	memset(x, 0, sizeof *x);
	x->arena = a;
}

size_t code_index_of(struct code_index *x, const char *code)
{
	/* A code list has tens of codes: a scan is cheaper than a hash. */
	for (size_t i = 0; i < x->n; i++) {
		const char *c = x->code[i];
		if (c == code || (c && code && strcmp(c, code) == 0)) return i;
	}
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 32;
		const char **codes = arena_alloc(x->arena, sizeof *codes * cap);
		if (x->n) memcpy(codes, x->code, sizeof *codes * x->n);
		x->code = codes, x->cap = cap;
	}
	x->code[x->n] = code ? arena_strdup(x->arena, code) : NULL;
	return x->n++;
}

int report_pass(struct stmt *s, report_pass_row *row, report_pass_done *done, void *state)
{
	int64_t person = 0;
	bool woman = false;
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		int64_t id = stmt_int(s, 0);
		if (id != person) {
			if (person && done) done(state, person, woman);
			person = id;
			const char *sex = stmt_text(s, 1);
			woman = sex && strcmp(sex, "female") == 0;
		}
		row(state, s, person, woman);
	}
	if (rc >= 0 && person && done) done(state, person, woman);
	stmt_done(s);
	return rc < 0 ? rc : 0;
}
