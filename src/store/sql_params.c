/* sql_params.c — the rewrite of named parameters to numbered ones
 * (sql_params.h): a small scanner that knows just enough SQL lexing to
 * tell a parameter from a colon in a literal, a comment or a cast. */
#include "sql_params.h"
#include "../base/mem.h"
#include "../base/strbuf.h"
#include <stdlib.h>
#include <string.h>

static int is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* The length of the quoted run at p (a 'literal' or "identifier", a
 * doubled quote standing for one), up to the end of sql if unclosed. */
static size_t quoted(const char *p)
{
	char q = p[0];
	size_t i = 1;
	while (p[i]) {
		if (p[i] == q && p[i + 1] == q) i += 2;
		else if (p[i++] == q) break;
	}
	return i;
}

/* The length of the comment at p: -- to the end of the line, or a block
 * comment, nested as PostgreSQL nests them. */
static size_t comment(const char *p)
{
	size_t i = 2;
	if (p[0] == '-') {
		while (p[i] && p[i] != '\n') i++;
		return i;
	}
	int depth = 1;
	while (p[i] && depth > 0) {
		if (p[i] == '/' && p[i + 1] == '*') depth++, i += 2;
		else if (p[i] == '*' && p[i + 1] == '/') depth--, i += 2;
		else i++;
	}
	return i;
}

static int name_number(struct sql_params *out, const char *name, size_t len)
{
	for (int i = 0; i < out->n; i++)
		if (strlen(out->names[i]) == len && memcmp(out->names[i], name, len) == 0) return i + 1;
	out->names = xrealloc(out->names, (size_t)(out->n + 1) * sizeof *out->names);
	out->names[out->n] = xstrndup(name, len);
	return ++out->n;
}

int sql_params_number(const char *sql, struct sql_params *out)
{
	*out = (struct sql_params){0};
	struct strbuf b;
	strbuf_init(&b);
	int rc = 0;
	const char *p = sql;
	while (*p) {
		size_t n = 1;
		if (*p == '\'' || *p == '"') {
			n = quoted(p);
		} else if ((p[0] == '-' && p[1] == '-') || (p[0] == '/' && p[1] == '*')) {
			n = comment(p);
		} else if (p[0] == ':' && p[1] == ':') {
			n = 2;
		} else if (p[0] == ':' && is_name_start(p[1])) {
			while (is_name_char(p[n])) n++;
			strbuf_printf(&b, "$%d", name_number(out, p, n));
			p += n;
			continue;
		} else if (*p == '?') {
			rc = -1;
		}
		strbuf_append(&b, p, n);
		p += n;
	}
	out->sql = strbuf_detach(&b);
	return rc;
}

int sql_params_index(const struct sql_params *p, const char *name)
{
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->names[i], name) == 0) return i + 1;
	return 0;
}

void sql_params_free(struct sql_params *p)
{
	for (int i = 0; i < p->n; i++) free(p->names[i]);
	free(p->names);
	free(p->sql);
	*p = (struct sql_params){0};
}
