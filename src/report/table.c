/* table.c — report tables: grouping, suppression, shares, JSON and CSV
 * (table.h). */
#include "table.h"
#include <stdlib.h>
#include <string.h>

const char *const report_age_bands[REPORT_AGE_BANDS] = {
	"under_16", "16-19", "20-24", "25-29", "30-39", "40-49", "50-59", "60-64", "65+",
};

int report_age_band(int age)
{
	static const int lower[REPORT_AGE_BANDS] = {0, 16, 20, 25, 30, 40, 50, 60, 65};
	int band = 0;
	for (int i = 1; i < REPORT_AGE_BANDS; i++)
		if (age >= lower[i]) band = i;
	return band;
}

void report_table_init(struct report_table *t, struct arena *a, int nkeys, const struct report_column *keys,
		       int ngroups, const struct report_group *groups)
{
	memset(t, 0, sizeof *t);
	t->arena = a;
	t->nkeys = nkeys;
	t->keys = keys;
	t->ngroups = ngroups;
	t->groups = groups;
	t->sum = arena_zalloc(a, sizeof *t->sum * (size_t)ngroups);
}

static bool key_equal(const struct report_table *t, const struct report_key *a, const struct report_key *b)
{
	for (int i = 0; i < t->nkeys; i++) {
		if (t->keys[i].type == REPORT_KEY_INT) {
			if (a[i].null != b[i].null || (!a[i].null && a[i].num != b[i].num)) return false;
		} else if (!a[i].text || !b[i].text) {
			if (a[i].text != b[i].text) return false;
		} else if (strcmp(a[i].text, b[i].text) != 0) {
			return false;
		}
	}
	return true;
}

static uint64_t key_hash(const struct report_table *t, const struct report_key *key)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
	for (int i = 0; i < t->nkeys; i++) {
		if (t->keys[i].type == REPORT_KEY_INT) {
			uint64_t v = key[i].null ? 0x9E3779B97F4A7C15ull : (uint64_t)key[i].num;
			for (int b = 0; b < 8; b++) h = (h ^ ((v >> (8 * b)) & 0xff)) * 0x100000001b3ull;
		} else if (key[i].text) {
			for (const unsigned char *p = (const unsigned char *)key[i].text; *p; p++) h = (h ^ *p) * 0x100000001b3ull;
			h = (h ^ 0xff) * 0x100000001b3ull; /* end of a text, so ("ab","c") ≠ ("a","bc") */
		} else {
			h = (h ^ 0xfe) * 0x100000001b3ull;
		}
	}
	return h ^ (h >> 29);
}

/* Rebuilds the hash index for at least want rows (table at most half full). */
static void index_build(struct report_table *t, size_t want)
{
	size_t cap = 64;
	while (cap < want * 2) cap *= 2;
	t->index = arena_zalloc(t->arena, sizeof *t->index * cap);
	t->index_cap = cap;
	for (size_t i = 0; i < t->n; i++) {
		size_t j = key_hash(t, t->rows[i].key) & (cap - 1);
		while (t->index[j]) j = (j + 1) & (cap - 1);
		t->index[j] = (uint32_t)(i + 1);
	}
}

struct report_row *report_table_row(struct report_table *t, const struct report_key *key)
{
	if (t->index_cap < (t->n + 1) * 2) index_build(t, (t->n + 1) * 2);
	size_t mask = t->index_cap - 1, j = key_hash(t, key) & mask;
	for (; t->index[j]; j = (j + 1) & mask)
		if (key_equal(t, t->rows[t->index[j] - 1].key, key)) return &t->rows[t->index[j] - 1];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct report_row *rows = arena_alloc(t->arena, sizeof *rows * cap);
		if (t->n) memcpy(rows, t->rows, sizeof *rows * t->n);
		t->rows = rows;
		t->cap = cap;
	}
	t->index[j] = (uint32_t)(t->n + 1);
	struct report_row *r = &t->rows[t->n++];
	r->key = arena_alloc(t->arena, sizeof *r->key * (size_t)(t->nkeys ? t->nkeys : 1));
	for (int i = 0; i < t->nkeys; i++) {
		bool text = t->keys[i].type == REPORT_KEY_TEXT;
		r->key[i] = (struct report_key){
			.text = text ? arena_strdup(t->arena, key[i].text) : NULL,
			.num = text ? 0 : key[i].num,
			.null = text ? key[i].text == NULL : key[i].null,
		};
	}
	r->v = arena_zalloc(t->arena, sizeof *r->v * (size_t)t->ngroups);
	return r;
}

void report_table_add(struct report_table *t, const struct report_key *key, int g, int64_t women, int64_t men)
{
	struct report_count *c = &report_table_row(t, key)->v[g];
	c->women += women;
	c->men += men;
	c->total += women + men;
}

void report_table_count(struct report_table *t, const struct report_key *key, int g, int64_t n)
{
	report_table_row(t, key)->v[g].total += n;
}

void report_table_add_sum(struct report_table *t, int g, int64_t women, int64_t men)
{
	t->sum[g].women += women;
	t->sum[g].men += men;
	t->sum[g].total += women + men;
}

void report_table_sum_rows(struct report_table *t, int g)
{
	struct report_count s = {0};
	for (size_t i = 0; i < t->n; i++) {
		s.total += t->rows[i].v[g].total;
		s.women += t->rows[i].v[g].women;
		s.men += t->rows[i].v[g].men;
	}
	t->sum[g] = s;
}

/* qsort has no context argument in C17: the table being sorted. */
static _Thread_local const struct report_table *sort_table;

static int row_cmp(const void *pa, const void *pb)
{
	const struct report_row *a = pa, *b = pb;
	for (int i = 0; i < sort_table->nkeys; i++) {
		const struct report_key *x = &a->key[i], *y = &b->key[i];
		int c;
		if (sort_table->keys[i].type == REPORT_KEY_INT) {
			c = x->null != y->null ? (x->null ? 1 : -1) : x->null ? 0 : (x->num > y->num) - (x->num < y->num);
		} else {
			c = !x->text || !y->text ? (!x->text) - (!y->text) : 0;
			if (!c && x->text && sort_table->rank && sort_table->rank[i]) {
				int rx = sort_table->rank[i](x->text), ry = sort_table->rank[i](y->text);
				c = rx == ry ? 0 : rx < 0 ? 1 : ry < 0 ? -1 : (rx > ry) - (rx < ry);
			}
			if (!c && x->text) c = strcmp(x->text, y->text);
		}
		if (c) return c;
	}
	return 0;
}

void report_table_sort(struct report_table *t)
{
	sort_table = t;
	if (t->n > 1) qsort(t->rows, t->n, sizeof *t->rows, row_cmp);
	t->index_cap = 0; /* row numbers changed */
}

/* Hides the cells of c in mask; returns how many were not hidden before. */
static int hide(struct report_count *c, unsigned mask)
{
	unsigned add = mask & ~c->hidden;
	c->hidden |= add;
	return __builtin_popcount(add);
}

static int primary(struct report_count *c, int n)
{
	unsigned mask = 0;
	if (c->total >= 1 && c->total < n) mask |= REPORT_HIDE_TOTAL;
	if (c->women >= 1 && c->women < n) mask |= REPORT_HIDE_WOMEN;
	if (c->men >= 1 && c->men < n) mask |= REPORT_HIDE_MEN;
	return hide(c, mask);
}

/* total = women + men: one hidden part could be recomputed from the other
 * and the total, so the total goes too. */
static int row_rule(struct report_count *c)
{
	return c->hidden & (REPORT_HIDE_WOMEN | REPORT_HIDE_MEN) ? hide(c, REPORT_HIDE_TOTAL) : 0;
}

int report_table_suppress(struct report_table *t, int n)
{
	t->suppress = n;
	int hidden = 0;
	for (int g = 0; g < t->ngroups; g++) {
		if (t->groups[g].kind != REPORT_COUNT) continue;
		for (size_t i = 0; i < t->n; i++) hidden += primary(&t->rows[i].v[g], n);
		hidden += primary(&t->sum[g], n);
		int changed;
		do {
			changed = 0;
			for (size_t i = 0; i < t->n; i++) changed += row_rule(&t->rows[i].v[g]);
			changed += row_rule(&t->sum[g]);
			if (t->groups[g].disjoint) {
				/* The column's cells are parts of its total: a
				 * column with a hidden cell hides its total. */
				unsigned cols = 0;
				for (size_t i = 0; i < t->n; i++) cols |= t->rows[i].v[g].hidden;
				changed += hide(&t->sum[g], cols);
			}
			hidden += changed;
		} while (changed);
	}
	return hidden;
}

int report_count_suppress(struct report_count *c, int n)
{
	return primary(c, n) + row_rule(c);
}

bool report_row_suppressed(const struct report_table *t, const struct report_count *v)
{
	for (int g = 0; g < t->ngroups; g++)
		if (t->groups[g].kind == REPORT_COUNT && v[g].hidden) return true;
	return false;
}

int64_t report_share_tenths(int64_t part, int64_t whole)
{
	if (whole <= 0) return -1;
	/* Integers only: 12.25 % must not become 12.2 through binary floating point. */
	return (part * 2000 + whole) / (2 * whole);
}

int64_t report_row_share(const struct report_table *t, const struct report_row *r)
{
	/* A shown share of a hidden total would give the total back. */
	if ((r->v[0].hidden | t->sum[0].hidden) & REPORT_HIDE_TOTAL) return -1;
	return report_share_tenths(r->v[0].total, t->sum[0].total);
}

void report_derive(const struct report_table *t, const struct report_count *v, int g, struct report_count *out)
{
	const struct report_group *gr = &t->groups[g];
	const struct report_count *a = &v[gr->a], *b = &v[gr->b];
	out->hidden = a->hidden | b->hidden;
	if (gr->kind == REPORT_CHANGE) {
		out->total = b->total - a->total;
		out->women = b->women - a->women;
		out->men = b->men - a->men;
	} else {
		out->total = report_share_tenths(a->total, b->total);
		out->women = report_share_tenths(a->women, b->women);
		out->men = report_share_tenths(a->men, b->men);
	}
}

/* A derived or counted group of v. */
static struct report_count group_value(const struct report_table *t, const struct report_count *v, int g)
{
	struct report_count c = v[g];
	if (t->groups[g].kind != REPORT_COUNT) report_derive(t, v, g, &c);
	return c;
}

/* One cell as JSON: null when hidden or, for shares, not computable. */
static void json_cell(struct jsonw *w, const char *name, int64_t v, bool hidden, bool share)
{
	jw_key(w, name);
	if (hidden || (share && v < 0))
		jw_null(w);
	else if (share)
		jw_decimal(w, v, 1);
	else
		jw_int(w, v);
}

static void json_counts(struct jsonw *w, const struct report_count *c, bool share)
{
	json_cell(w, "total", c->total, c->hidden & REPORT_HIDE_TOTAL, share);
	json_cell(w, "women", c->women, c->hidden & REPORT_HIDE_WOMEN, share);
	json_cell(w, "men", c->men, c->hidden & REPORT_HIDE_MEN, share);
}

static void json_groups(const struct report_table *t, struct jsonw *w, const struct report_count *v)
{
	for (int g = 0; g < t->ngroups; g++) {
		struct report_count c = group_value(t, v, g);
		jw_key(w, t->groups[g].name);
		jw_object(w);
		json_counts(w, &c, t->groups[g].kind == REPORT_SHARE);
		jw_object_end(w);
	}
}

static bool flat(const struct report_table *t)
{
	return t->ngroups == 1 && !t->groups[0].name;
}

/* A plain table's cells: one number per group, named "count" in a
 * one-group table. */
static void json_plain(const struct report_table *t, struct jsonw *w, const struct report_count *v, const char *flat_name)
{
	for (int g = 0; g < t->ngroups; g++)
		json_cell(w, flat(t) ? flat_name : t->groups[g].name, v[g].total, v[g].hidden & REPORT_HIDE_TOTAL, false);
}

void report_table_write_json(const struct report_table *t, struct jsonw *w)
{
	jw_object(w);
	jw_key(w, "rows");
	jw_array(w);
	for (size_t i = 0; i < t->n; i++) {
		const struct report_row *r = &t->rows[i];
		jw_object(w);
		jw_key(w, "key");
		jw_object(w);
		for (int k = 0; k < t->nkeys; k++) {
			jw_key(w, t->keys[k].name);
			if (t->keys[k].type == REPORT_KEY_INT) {
				if (r->key[k].null) jw_null(w);
				else jw_int(w, r->key[k].num);
			} else {
				jw_string(w, r->key[k].text);
			}
		}
		jw_object_end(w);
		if (t->plain) {
			json_plain(t, w, r->v, "count");
		} else if (flat(t)) {
			json_counts(w, &r->v[0], false);
			json_cell(w, "share", report_row_share(t, r), false, true);
		} else {
			json_groups(t, w, r->v);
		}
		if (report_row_suppressed(t, r->v)) jw_kbool(w, "suppressed", true);
		jw_object_end(w);
	}
	jw_array_end(w);
	if (t->plain && flat(t)) {
		json_plain(t, w, t->sum, "total");
		jw_object_end(w);
		return;
	}
	jw_key(w, "total");
	jw_object(w);
	if (t->plain) json_plain(t, w, t->sum, NULL);
	else if (flat(t)) json_counts(w, &t->sum[0], false);
	else json_groups(t, w, t->sum);
	if (report_row_suppressed(t, t->sum)) jw_kbool(w, "suppressed", true);
	jw_object_end(w);
	jw_object_end(w);
}

static void csv_cell(struct csvw *w, int64_t v, bool hidden, bool share)
{
	if (hidden)
		csvw_suppressed(w);
	else if (share && v < 0)
		csvw_empty(w);
	else if (share)
		csvw_decimal(w, v, 1);
	else
		csvw_int(w, v);
}

static void csv_counts(struct csvw *w, const struct report_count *c, bool share)
{
	csv_cell(w, c->total, c->hidden & REPORT_HIDE_TOTAL, share);
	csv_cell(w, c->women, c->hidden & REPORT_HIDE_WOMEN, share);
	csv_cell(w, c->men, c->hidden & REPORT_HIDE_MEN, share);
}

static void csv_values(const struct report_table *t, struct csvw *w, const struct report_row *r, const struct report_count *v)
{
	if (t->plain) {
		for (int g = 0; g < t->ngroups; g++) csv_cell(w, v[g].total, v[g].hidden & REPORT_HIDE_TOTAL, false);
		return;
	}
	if (flat(t)) {
		csv_counts(w, &v[0], false);
		if (r) csv_cell(w, report_row_share(t, r), false, true);
		else csv_cell(w, t->sum[0].hidden & REPORT_HIDE_TOTAL ? -1 : t->sum[0].total ? 1000 : -1, false, true);
		return;
	}
	for (int g = 0; g < t->ngroups; g++) {
		struct report_count c = group_value(t, v, g);
		csv_counts(w, &c, t->groups[g].kind == REPORT_SHARE);
	}
}

void report_table_write_csv(const struct report_table *t, struct csvw *w)
{
	for (int k = 0; k < t->nkeys; k++) csvw_text(w, t->keys[k].label);
	if (t->plain) {
		for (int g = 0; g < t->ngroups; g++) csvw_text(w, flat(t) ? "Antal" : t->groups[g].label);
	} else if (flat(t)) {
		csvw_text(w, "Totalt");
		csvw_text(w, "Kvinnor");
		csvw_text(w, "Män");
		csvw_text(w, "Andel (%)");
	} else {
		for (int g = 0; g < t->ngroups; g++) {
			const char *l = t->groups[g].label;
			const char *pct = t->groups[g].kind == REPORT_SHARE ? " (%)" : "";
			csvw_text(w, arena_printf(t->arena, "%s totalt%s", l, pct));
			csvw_text(w, arena_printf(t->arena, "%s kvinnor%s", l, pct));
			csvw_text(w, arena_printf(t->arena, "%s män%s", l, pct));
		}
	}
	csvw_row_end(w);
	for (size_t i = 0; i < t->n; i++) {
		const struct report_row *r = &t->rows[i];
		for (int k = 0; k < t->nkeys; k++) {
			if (t->keys[k].type == REPORT_KEY_INT) {
				if (r->key[k].null) csvw_empty(w);
				else csvw_int(w, r->key[k].num);
			} else {
				csvw_text(w, r->key[k].text);
			}
		}
		csv_values(t, w, r, r->v);
		csvw_row_end(w);
	}
	csvw_text(w, "Totalt");
	for (int k = 1; k < t->nkeys; k++) csvw_empty(w);
	csv_values(t, w, NULL, t->sum);
	csvw_row_end(w);
}
