/* sql_params.h — named SQL parameters (:name) numbered $1, $2 … for an
 * engine that knows only numbered ones (PostgreSQL). SQLite binds names
 * itself; a second engine prepares the rewritten text and binds each name
 * at the number this map gives it. */
#ifndef SAMSYN_SQL_PARAMS_H
#define SAMSYN_SQL_PARAMS_H

struct sql_params {
	char *sql;    /* the rewritten text */
	char **names; /* names[i] is the name of $(i+1), colon included */
	int n;        /* distinct names */
};

/* Rewrites sql: each :name outside string literals, quoted identifiers and
 * comments becomes $n, the first name met $1 and a name met again the
 * number it had; a PostgreSQL cast (x::int) is left as it is. Returns 0,
 * or -1 when sql has a positional parameter (?), which cannot share a
 * statement with numbered ones. Free out with sql_params_free either way. */
int sql_params_number(const char *sql, struct sql_params *out);
/* The number of name in p, 0 when it has none. */
int sql_params_index(const struct sql_params *p, const char *name);
void sql_params_free(struct sql_params *p);

#endif
