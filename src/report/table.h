/* table.h — the generic part of every report (no SQL, no HTTP): a table of
 * rows with key columns and counts of people split by sex, grouping (add to
 * the row with this key), the share of the report's total, age bands, the
 * suppression of small counts of docs/followup.md, and the table as JSON
 * and as CSV. The domain fills a table; the API writes it out. */
#ifndef SAMSYN_REPORT_TABLE_H
#define SAMSYN_REPORT_TABLE_H
#include <stdbool.h>
#include <stdint.h>
#include "../base/arena.h"
#include "../base/csv_writer.h"
#include "../base/jsonw.h"

enum report_key_type { REPORT_KEY_TEXT, REPORT_KEY_INT };

/* A key column: its name in JSON ("municipality_code") and its Swedish
 * heading in CSV ("Kommunkod"). */
struct report_column {
	const char *name;
	const char *label;
	enum report_key_type type;
};

/* A text key column's own order (size classes smallest first): the rank of
 * a value, -1 for one without (sorted after the ranked ones, then as
 * text). */
typedef int (*report_rank_fn)(const char *text);

struct report_key {
	const char *text; /* REPORT_KEY_TEXT; NULL is JSON null */
	int64_t num;      /* REPORT_KEY_INT */
	bool null;        /* REPORT_KEY_INT: JSON null */
};

enum {
	REPORT_HIDE_TOTAL = 1u << 0,
	REPORT_HIDE_WOMEN = 1u << 1,
	REPORT_HIDE_MEN = 1u << 2,
};

/* One count split by sex; hidden says which cells suppression hides, and
 * secondary which of those were hidden only to protect another cell (the
 * rest are small counts themselves). The answer never tells the two apart
 * (report_table_suppress). */
struct report_count {
	int64_t total, women, men;
	unsigned hidden;
	unsigned secondary; /* a subset of hidden */
};

enum report_group_kind {
	REPORT_COUNT,  /* counted */
	REPORT_CHANGE, /* derived: group b − group a, cell by cell */
	REPORT_SHARE,  /* derived: group a in percent of group b, cell by cell */
};

/* A group of counts of every row: one in the participants report; before
 * and after (and their change) in the occupation report, and so on.
 * disjoint: the rows do not overlap, so the column of a count group sums to
 * the total row — which is what lets a hidden cell be recomputed by
 * subtraction and what suppression must prevent. */
struct report_group {
	const char *name;  /* JSON member; NULL in a one-group table (the flat shape of API.md) */
	const char *label; /* CSV heading prefix ("Före"); NULL in a one-group table */
	enum report_group_kind kind;
	bool disjoint;     /* REPORT_COUNT */
	int a, b;          /* derived: the count groups it is made of */
};

struct report_row {
	struct report_key *key;  /* nkeys */
	struct report_count *v;  /* ngroups; derived groups are computed when written */
};

/* What a person reads beside a key column's code in the CSV: the
 * municipality's name beside its code, a code's Swedish label beside it.
 * fn gives the text of a value (NULL: an empty cell). */
typedef const char *(*report_describe_fn)(void *arg, const char *code);
struct report_describer {
	const char *label; /* the column's heading; NULL: the key is not described */
	report_describe_fn fn;
	void *arg;
};

struct report_table {
	struct arena *arena;
	int nkeys;
	const struct report_column *keys;
	int ngroups;
	const struct report_group *groups;
	struct report_row *rows;
	size_t n, cap;
	uint32_t *index;          /* hash of the keys → row number + 1; rebuilt when stale */
	size_t index_cap;         /* a power of two; 0: no index yet */
	struct report_count *sum; /* ngroups: the report's total row */
	int suppress;             /* N of the last report_table_suppress, 0 when none */
	bool plain;               /* counts of things, not people: no split by sex (employers, contacts) */
	report_rank_fn *rank;     /* NULL, or nkeys entries, NULL for plain text order (set after init) */
	struct report_describer *describe; /* NULL, or nkeys entries (report_table_describe) */
};

void report_table_init(struct report_table *t, struct arena *a, int nkeys, const struct report_column *keys,
		       int ngroups, const struct report_group *groups);
/* Key column k (a text key) gets a column of its own beside it in the
 * CSV, headed label, with fn(arg, value) in each row. JSON keeps the codes
 * alone (the UI labels them itself). */
void report_table_describe(struct report_table *t, int k, const char *label, report_describe_fn fn, void *arg);
/* The row with this key (nkeys values), added with zero counts when new.
 * Found through a hash of the keys: a report may be grouped here row by
 * row from a result of a million unique people. */
struct report_row *report_table_row(struct report_table *t, const struct report_key *key);
/* Adds women and men (and their sum to total) to group g of the row with
 * this key. */
void report_table_add(struct report_table *t, const struct report_key *key, int g, int64_t women, int64_t men);
/* The same with the total given: people of unspecified sex (attendees who
 * would not say) count in total, in neither women nor men. */
void report_table_add_people(struct report_table *t, const struct report_key *key, int g, int64_t total, int64_t women,
			     int64_t men);
/* A plain table (t->plain set after init): adds n to group g of the row
 * with this key. */
void report_table_count(struct report_table *t, const struct report_key *key, int g, int64_t n);
/* Adds to group g of the total row. */
void report_table_add_sum(struct report_table *t, int g, int64_t women, int64_t men);
/* Sets group g of the total row to the sum of its rows (for disjoint rows). */
void report_table_sum_rows(struct report_table *t, int g);
/* Orders the rows by their keys, column by column: numbers and texts
 * ascending (a column with a rank function in its order), nulls last. */
void report_table_sort(struct report_table *t);

/* Suppression with threshold n ≥ 2 (docs/followup.md, "Suppression"), per
 * count group:
 * - primary: every count from 1 to n−1 is hidden, totals included — a
 *   total is a count too; and a total whose people of unspecified sex
 *   (total − women − men) are 1 to n−1;
 * - secondary: the sum relations a reader can use are total = women + men
 *   in every row (and the total row) and, in a disjoint group, column =
 *   sum of the rows for total, women and men. A relation with exactly one
 *   hidden cell gives it back by subtraction, so another cell of that
 *   relation is hidden: the smallest non-zero shown part (women or men in a
 *   row, a row's cell in a column), the relation's total only when no part
 *   is left. Then the bounds a reader can derive (a hidden cell is at least
 *   1, since zeros are shown) are propagated through all relations, and a
 *   hidden cell that can take only one value (two hidden cells of 1 that
 *   sum to a shown 2) gets another complement in the relation that pins
 *   it. Repeated until no hidden cell can be worked out.
 * Zeros are shown and never chosen as complements: a hidden 0 would tell
 * nothing once the reader knows hidden cells are non-zero — so it must not
 * be known, or not be hidden; Samsyn shows zeros, as SCB does. Which hidden
 * cells are small and which protect another is not told: that would bound
 * them (1..n−1, ≥ n) and let a line of small cells give itself away.
 * Returns the number of cells hidden by this call. */
int report_table_suppress(struct report_table *t, int n);
/* The same for one count standing alone (a goal's value, the participants
 * of a cost line): only total = women + men. Returns the number of hidden
 * cells. */
int report_count_suppress(struct report_count *c, int n);
/* Does the row have a hidden cell in any group? */
bool report_row_suppressed(const struct report_table *t, const struct report_count *v);

/* part in percent of whole in tenths of a percent, rounded half up
 * (1 of 3 → 333, i.e. 33.3 %); -1 when whole is 0. */
int64_t report_share_tenths(int64_t part, int64_t whole);
/* The share of a row's total in the report's total (group 0), tenths of a
 * percent; -1 when it cannot be shown (a hidden count, or a zero total). */
int64_t report_row_share(const struct report_table *t, const struct report_row *r);
/* Derived group g of the counts v (a row's or the total row's) into out;
 * for REPORT_SHARE the cells are tenths of a percent and a cell that cannot
 * be shown is hidden. */
void report_derive(const struct report_table *t, const struct report_count *v, int g, struct report_count *out);

/* Age bands of docs/followup.md: under_16, 16-19, 20-24, 25-29, 30-39,
 * 40-49, 50-59, 60-64, 65+. */
#define REPORT_AGE_BANDS 9
extern const char *const report_age_bands[REPORT_AGE_BANDS];
/* The band of an age (index into report_age_bands). */
int report_age_band(int age);

/* JSON: {"rows":[{"key":{…},…}],"total":{…}} and, when suppressed,
 * "suppression":{"threshold":N,"cells":["/rows/0/women",…]} — each hidden
 * count as a JSON pointer into the same answer (derived figures computed
 * from it, a share or a change, are null too and not listed). A one-group table writes the
 * flat shape of API.md — "total","women","men","share" — other tables one
 * object per group ({"before":{"total","women","men"},…}). A hidden cell
 * is null and its row carries "suppressed":true. A plain table writes
 * "count":N per row and "total":N (one group), or one number per group
 * ({"headcount":N,"employers":N} in the rows and as "total"). */
void report_table_write_json(const struct report_table *t, struct jsonw *w);
/* CSV: a Swedish header row, the rows, and a row "Totalt"; a hidden cell
 * is "..", and a suppressed table ends with a line explaining it
 * (report_suppression_note). A plain table has one column per group ("Antal" for an
 * unnamed one). */
void report_table_write_csv(const struct report_table *t, struct csvw *w);
/* The explanation under a table suppressed with threshold n: ".. = färre
 * än n personer eller dold för att skydda en annan cell" (people: false for
 * counts of employers or contacts). In arena a. */
const char *report_suppression_note(struct arena *a, int n, bool people);
/* The JSON pointer of each hidden cell of c, whose JSON object is at
 * pointer base ("/items/2/participants"); total_name is the member of the
 * total ("total", or "value" for a goal). */
void report_json_hidden_cells(struct jsonw *w, struct arena *a, const struct report_count *c, const char *base,
			      const char *total_name);

#endif
