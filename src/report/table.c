/* table.c — report tables: grouping, suppression, shares, JSON and CSV
 * (table.h). */
#include "table.h"
#include "../base/mem.h"
#include "../se/sex.h"
#include <ctype.h>
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

void report_table_describe(struct report_table *t, int k, const char *label, report_describe_fn fn, void *arg)
{
	if (!t->describe) t->describe = arena_zalloc(t->arena, sizeof *t->describe * (size_t)t->nkeys);
	t->describe[k] = (struct report_describer){label, fn, arg};
}

static bool described(const struct report_table *t, int k)
{
	return t->describe && t->describe[k].label;
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

void report_table_add_people(struct report_table *t, const struct report_key *key, int g, int64_t total, int64_t women,
			     int64_t men)
{
	struct report_count *c = &report_table_row(t, key)->v[g];
	c->women += women;
	c->men += men;
	c->total += total;
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

/* --- suppression ------------------------------------------------------------
 *
 * The cells of one count group as a system of sum relations ("lines"): each
 * line is parent = sum of its parts. The reader sees the shown cells, knows
 * every relation and that a hidden cell is not 0. Suppression hides cells
 * until no hidden cell has only one possible value. */

enum { CELL_TOTAL, CELL_WOMEN, CELL_MEN, CELLS_PER_ROW };
static const unsigned cell_bit[CELLS_PER_ROW] = {REPORT_HIDE_TOTAL, REPORT_HIDE_WOMEN, REPORT_HIDE_MEN};

/* An upper bound no count reaches (and a sum of a million of them fits
 * int64): a hidden complement's "no upper limit". */
#define UNBOUNDED ((int64_t)1 << 40)

struct sup_cell {
	struct report_count *c;
	unsigned bit;
	int64_t v, lo, hi;
	int line[2]; /* the lines the cell is in, -1 for none */
};

struct sup_line {
	int parent;
	int first, n; /* parts: kids[first .. first+n) */
};

struct sup {
	struct sup_cell *cell;
	int ncells;
	struct sup_line *line;
	int nlines;
	int *kids;
	int nkids;
	int n; /* the threshold */
	bool plain;
};

static bool cell_hidden(const struct sup_cell *x)
{
	return (x->c->hidden & x->bit) != 0;
}

static void cell_hide(struct sup_cell *x, bool secondary)
{
	x->c->hidden |= x->bit;
	if (secondary) x->c->secondary |= x->bit;
}

static void add_to_line(struct sup *s, int cell, int line)
{
	s->cell[cell].line[s->cell[cell].line[0] < 0 ? 0 : 1] = line;
}

/* The system of nrows counts (and of sum, their total row, when given):
 * total = women + men in each (unless plain: counts of things have no
 * split), and with disjoint rows total, women and men of sum = the rows'
 * sums. */
static void sup_build(struct sup *s, struct report_count **rows, size_t nrows, struct report_count *sum, bool disjoint,
		      bool plain, int n)
{
	size_t nr = nrows + (sum ? 1 : 0);
	s->n = n;
	s->plain = plain;
	s->ncells = (int)(nr * CELLS_PER_ROW);
	s->cell = xcalloc((size_t)s->ncells, sizeof *s->cell);
	s->line = xcalloc(nr + CELLS_PER_ROW, sizeof *s->line);
	s->kids = xcalloc(nr * 2 + (nrows + 1) * CELLS_PER_ROW, sizeof *s->kids);
	s->nlines = s->nkids = 0;
	for (size_t i = 0; i < nr; i++) {
		struct report_count *c = i < nrows ? rows[i] : sum;
		const int64_t v[CELLS_PER_ROW] = {c->total, c->women, c->men};
		for (int b = 0; b < CELLS_PER_ROW; b++)
			s->cell[i * CELLS_PER_ROW + (size_t)b] = (struct sup_cell){c, cell_bit[b], v[b], 0, 0, {-1, -1}};
	}
	if (!plain) {
		for (size_t i = 0; i < nr; i++) {
			int base = (int)i * CELLS_PER_ROW;
			s->line[s->nlines] = (struct sup_line){base + CELL_TOTAL, s->nkids, 2};
			s->kids[s->nkids++] = base + CELL_WOMEN;
			s->kids[s->nkids++] = base + CELL_MEN;
			for (int b = 0; b < CELLS_PER_ROW; b++) add_to_line(s, base + b, s->nlines);
			s->nlines++;
		}
	}
	if (sum && disjoint) {
		for (int b = 0; b < (plain ? 1 : CELLS_PER_ROW); b++) {
			int parent = (int)nrows * CELLS_PER_ROW + b;
			s->line[s->nlines] = (struct sup_line){parent, s->nkids, (int)nrows};
			add_to_line(s, parent, s->nlines);
			for (size_t i = 0; i < nrows; i++) {
				s->kids[s->nkids++] = (int)i * CELLS_PER_ROW + b;
				add_to_line(s, (int)i * CELLS_PER_ROW + b, s->nlines);
			}
			s->nlines++;
		}
	}
}

static void sup_free(struct sup *s)
{
	free(s->cell);
	free(s->line);
	free(s->kids);
}

/* What the reader knows of a cell before using the relations: a shown
 * value, or for a hidden one only that it is not 0 (zeros are shown). The
 * answer does not say which hidden cells are small and which protect
 * another: "small" would bound a cell to 1..n−1 and "complement" to ≥ n,
 * and with those bounds a line of small cells can give itself away (3 men
 * in 3 municipalities are 1 each). */
static void reader_bounds(struct sup_cell *x)
{
	if (!cell_hidden(x)) x->lo = x->hi = x->v;
	else x->lo = 1, x->hi = UNBOUNDED;
}

/* v within what a count can be, 0 … UNBOUNDED. Rows taken as disjoint
 * that are not quite (a person in two rows of the occupation report) make
 * the lines contradict each other, and their bounds would then run off
 * past any integer; held here they stay where they can be added. A count's
 * true bounds are inside, so this changes nothing where the lines agree. */
static int64_t count_bound(int64_t v)
{
	return v < 0 ? 0 : v > UNBOUNDED ? UNBOUNDED : v;
}

/* Narrows every cell's bounds through its lines until nothing changes
 * (bounds propagation; the rows × sexes structure is a transportation
 * table, whose bounds this finds in the cases the tests enumerate). */
static void propagate(struct sup *s)
{
	for (int i = 0; i < s->ncells; i++) reader_bounds(&s->cell[i]);
	for (int pass = 0; pass < 1000; pass++) {
		bool changed = false;
		for (int l = 0; l < s->nlines; l++) {
			const struct sup_line *L = &s->line[l];
			struct sup_cell *p = &s->cell[L->parent];
			int64_t sumlo = 0, sumhi = 0;
			for (int k = 0; k < L->n; k++) {
				sumlo += s->cell[s->kids[L->first + k]].lo;
				sumhi += s->cell[s->kids[L->first + k]].hi;
			}
			if (count_bound(sumlo) > p->lo) p->lo = count_bound(sumlo), changed = true;
			if (count_bound(sumhi) < p->hi) p->hi = count_bound(sumhi), changed = true;
			for (int k = 0; k < L->n; k++) {
				struct sup_cell *x = &s->cell[s->kids[L->first + k]];
				int64_t lo = count_bound(p->lo - (sumhi - x->hi)), hi = count_bound(p->hi - (sumlo - x->lo));
				if (lo > x->lo) {
					sumlo += lo - x->lo;
					x->lo = lo;
					changed = true;
				}
				if (hi < x->hi) {
					sumhi -= x->hi - hi;
					x->hi = hi;
					changed = true;
				}
			}
		}
		if (!changed) break;
	}
}

/* The bounds line l alone gives cell x (a member), from the others' bounds. */
static void implied(const struct sup *s, int l, int x, int64_t *lo, int64_t *hi)
{
	const struct sup_line *L = &s->line[l];
	int64_t sumlo = 0, sumhi = 0;
	for (int k = 0; k < L->n; k++) {
		int y = s->kids[L->first + k];
		if (y == x) continue;
		sumlo += s->cell[y].lo;
		sumhi += s->cell[y].hi;
	}
	if (L->parent == x) { /* the sum of all the parts */
		*lo = sumlo;
		*hi = sumhi;
		return;
	}
	*lo = s->cell[L->parent].lo - sumhi;
	*hi = s->cell[L->parent].hi - sumlo;
}

/* The complement for lines ls[0..nl): the smallest non-zero shown part of
 * them; their total only when no part is left. -1 when nothing is left. */
static int pick(const struct sup *s, const int *ls, int nl)
{
	int best = -1;
	for (int i = 0; i < nl; i++) {
		const struct sup_line *L = &s->line[ls[i]];
		for (int k = 0; k < L->n; k++) {
			int y = s->kids[L->first + k];
			const struct sup_cell *c = &s->cell[y];
			if (!cell_hidden(c) && c->v > 0 && (best < 0 || c->v < s->cell[best].v)) best = y;
		}
	}
	for (int i = 0; best < 0 && i < nl; i++) {
		int y = s->line[ls[i]].parent;
		const struct sup_cell *c = &s->cell[y];
		if (!cell_hidden(c) && c->v > 0) best = y;
	}
	return best;
}

static int line_hidden(const struct sup *s, int l)
{
	const struct sup_line *L = &s->line[l];
	int h = cell_hidden(&s->cell[L->parent]);
	for (int k = 0; k < L->n; k++) h += cell_hidden(&s->cell[s->kids[L->first + k]]);
	return h;
}

/* Hides a complement for one hidden cell that can take only one value;
 * false when there is none (or nothing more can be hidden for it). */
static bool unpin_one(struct sup *s)
{
	propagate(s);
	for (int x = 0; x < s->ncells; x++) {
		struct sup_cell *c = &s->cell[x];
		if (!cell_hidden(c) || c->lo < c->hi) continue;
		/* The lines that pin x on their own get the complement; else any of its lines. */
		int pins[2], npins = 0, all[2], nall = 0;
		for (int i = 0; i < 2; i++) {
			if (c->line[i] < 0) continue;
			all[nall++] = c->line[i];
			int64_t lo, hi;
			implied(s, c->line[i], x, &lo, &hi);
			if (lo >= hi) pins[npins++] = c->line[i];
		}
		int y = npins ? pick(s, pins, npins) : -1;
		if (y < 0) y = pick(s, all, nall);
		if (y < 0) continue;
		cell_hide(&s->cell[y], true);
		return true;
	}
	return false;
}

static int sup_run(struct sup *s)
{
	int hidden = 0;
	for (int i = 0; i < s->ncells; i++) {
		struct sup_cell *c = &s->cell[i];
		if (!cell_hidden(c) && c->v >= 1 && c->v < s->n) {
			cell_hide(c, false);
			hidden++;
		}
		/* People of unspecified sex (an attendee who would not say) are
		 * in the total only: total − women − men is a count the reader
		 * works out, small or not. A small one hides the total, the
		 * cell that gives it away. */
		int64_t unspecified = c->c->total - c->c->women - c->c->men;
		if (!s->plain && c->bit == REPORT_HIDE_TOTAL && !cell_hidden(c) && unspecified >= 1 && unspecified < s->n) {
			cell_hide(c, false);
			hidden++;
		}
	}
	for (;;) {
		/* A relation with exactly one hidden cell gives it back. */
		int added = 0;
		for (int l = 0; l < s->nlines; l++) {
			if (line_hidden(s, l) != 1) continue;
			int y = pick(s, &l, 1);
			if (y < 0) continue;
			cell_hide(&s->cell[y], true);
			added++;
		}
		if (!added && unpin_one(s)) added = 1;
		if (!added) break;
		hidden += added;
	}
	return hidden;
}

int report_table_suppress(struct report_table *t, int n)
{
	t->suppress = n;
	int hidden = 0;
	struct report_count **rows = xcalloc(t->n ? t->n : 1, sizeof *rows);
	for (int g = 0; g < t->ngroups; g++) {
		if (t->groups[g].kind != REPORT_COUNT) continue;
		for (size_t i = 0; i < t->n; i++) rows[i] = &t->rows[i].v[g];
		struct sup s;
		sup_build(&s, rows, t->n, &t->sum[g], t->groups[g].disjoint, t->plain, n);
		hidden += sup_run(&s);
		sup_free(&s);
	}
	free(rows);
	return hidden;
}

int report_count_suppress(struct report_count *c, int n)
{
	struct sup s;
	sup_build(&s, &c, 1, NULL, false, false, n);
	int hidden = sup_run(&s);
	sup_free(&s);
	return hidden;
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


void report_json_hidden_cells(struct jsonw *w, struct arena *a, const struct report_count *c, const char *base,
			      const char *total_name)
{
	const char *names[CELLS_PER_ROW] = {total_name, "women", "men"};
	for (int b = 0; b < CELLS_PER_ROW; b++)
		if (c->hidden & cell_bit[b])
			jw_string(w, arena_printf(a, "%s/%s", base, names[b]));
}

/* The hidden counts of a row (or of the total row, row NULL) as pointers. */
static void json_hidden_row(const struct report_table *t, struct jsonw *w, const struct report_count *v, const char *row)
{
	for (int g = 0; g < t->ngroups; g++) {
		if (t->groups[g].kind != REPORT_COUNT || !v[g].hidden) continue;
		if (t->plain) {
			/* One number per group: "count" in a row of a one-group table, the bare "total" there. */
			const char *p = flat(t) ? (row ? arena_printf(t->arena, "%s/count", row) : "/total")
						: arena_printf(t->arena, "%s/%s", row ? row : "/total", t->groups[g].name);
			jw_string(w, p);
			continue;
		}
		const char *base = row ? row : "/total";
		if (!flat(t)) base = arena_printf(t->arena, "%s/%s", base, t->groups[g].name);
		report_json_hidden_cells(w, t->arena, &v[g], base, "total");
	}
}

/* "suppression":{"threshold":N,"cells":[…]} of a suppressed table. */
static void json_suppression(const struct report_table *t, struct jsonw *w)
{
	if (!t->suppress) return;
	jw_key(w, "suppression");
	jw_object(w);
	jw_kint(w, "threshold", t->suppress);
	jw_key(w, "cells");
	jw_array(w);
	for (size_t i = 0; i < t->n; i++) json_hidden_row(t, w, t->rows[i].v, arena_printf(t->arena, "/rows/%zu", i));
	json_hidden_row(t, w, t->sum, NULL);
	jw_array_end(w);
	jw_object_end(w);
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
		json_suppression(t, w);
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
	json_suppression(t, w);
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
	for (int k = 0; k < t->nkeys; k++) {
		csvw_text(w, t->keys[k].label);
		if (described(t, k)) csvw_text(w, t->describe[k].label);
	}
	if (t->plain) {
		for (int g = 0; g < t->ngroups; g++) csvw_text(w, flat(t) ? "Antal" : t->groups[g].label);
	} else if (flat(t)) {
		csvw_text(w, "Totalt");
		csvw_text(w, sex_plural("female"));
		csvw_text(w, sex_plural("male"));
		csvw_text(w, "Andel (%)");
	} else {
		for (int g = 0; g < t->ngroups; g++) {
			const char *l = t->groups[g].label;
			const char *pct = t->groups[g].kind == REPORT_SHARE ? " (%)" : "";
			csvw_text(w, arena_printf(t->arena, "%s totalt%s", l, pct));
			/* "Deltagare kvinnor": both plurals start with an ASCII capital. */
			const char *women = sex_plural("female"), *men = sex_plural("male");
			csvw_text(w, arena_printf(t->arena, "%s %c%s%s", l, tolower(women[0]), women + 1, pct));
			csvw_text(w, arena_printf(t->arena, "%s %c%s%s", l, tolower(men[0]), men + 1, pct));
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
			if (described(t, k))
				csvw_text(w, r->key[k].text ? t->describe[k].fn(t->describe[k].arg, r->key[k].text) : NULL);
		}
		csv_values(t, w, r, r->v);
		csvw_row_end(w);
	}
	csvw_text(w, "Totalt");
	for (int k = 0; k < t->nkeys; k++) {
		if (k > 0) csvw_empty(w);
		if (described(t, k)) csvw_empty(w);
	}
	csv_values(t, w, NULL, t->sum);
	csvw_row_end(w);
	if (t->suppress) {
		csvw_text(w, report_suppression_note(t->arena, t->suppress, !t->plain));
		csvw_row_end(w);
	}
}

const char *report_suppression_note(struct arena *a, int n, bool people)
{
	return arena_printf(a, ".. = färre än %d%s eller dold för att skydda en annan cell", n, people ? " personer" : "");
}
