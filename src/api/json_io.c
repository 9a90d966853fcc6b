/* json_io.c — JSON field readers and writers shared by the resource files. */
#include "api.h"
#include "../base/csv_reader.h"
#include "../domain/enrolment.h"
#include "../domain/import_error.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void free_json(void *j)
{
	json_decref(j);
}

json_t *api_body_object(struct request *r, struct err *e)
{
	if (!r->body || r->body_len == 0) {
		err_set(e, ERR_MALFORMED, "Begäran saknar JSON-innehåll.");
		return NULL;
	}
	json_error_t je;
	json_t *j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		err_set(e, ERR_MALFORMED, "Ogiltig JSON (rad %d, kolumn %d).", je.line, je.column);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		err_set(e, ERR_MALFORMED, "JSON-innehållet ska vara ett objekt.");
		return NULL;
	}
	request_on_free(r, free_json, j);
	return j;
}

static int parse_nonneg(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 18) return -1;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9') return -1;
	*out = strtoll(s, NULL, 10);
	return 0;
}

int api_page(struct request *r, struct page *p, struct err *e)
{
	p->limit = PAGE_DEFAULT_LIMIT;
	p->offset = 0;
	p->q = request_query(r, "q");
	const char *l = request_query(r, "limit"), *o = request_query(r, "offset");
	if (l && (parse_nonneg(l, &p->limit) != 0 || p->limit < 1 || p->limit > PAGE_MAX_LIMIT))
		err_field(e, "limit", l, "Ange hur många rader som visas, ett heltal 1–500.");
	if (o && parse_nonneg(o, &p->offset) != 0) err_field(e, "offset", o, "Ange var listan börjar, ett heltal 0 eller större.");
	if (p->q && strlen(p->q) > 200) err_field(e, "q", NULL, "Söktexten får ha högst 200 tecken.");
	return e->code;
}

int64_t api_id_param(struct request *r, int i)
{
	int64_t id;
	if (i >= r->nparams || parse_nonneg(r->params[i], &id) != 0 || id <= 0) return 0;
	return id;
}

const char *json_field_text(json_t *o, const char *name, bool *has, struct err *e)
{
	json_t *v = json_object_get(o, name);
	*has = v != NULL;
	if (!v || json_is_null(v)) return NULL;
	if (!json_is_string(v)) {
		err_field(e, name, NULL, "Ska vara en text.");
		return NULL;
	}
	return json_string_value(v); /* jansson refuses \u0000 unless asked */
}

int64_t json_field_int(json_t *o, const char *name, bool *has, struct err *e)
{
	json_t *v = json_object_get(o, name);
	*has = v != NULL;
	if (!v || json_is_null(v)) return 0;
	if (!json_is_integer(v)) {
		err_field(e, name, NULL, "Ska vara ett heltal.");
		return 0;
	}
	return (int64_t)json_integer_value(v);
}

bool json_field_bool(json_t *o, const char *name, bool *has, struct err *e)
{
	json_t *v = json_object_get(o, name);
	*has = v != NULL;
	if (!v) return false;
	if (!json_is_boolean(v)) {
		err_field(e, name, NULL, "Ska vara true eller false.");
		return false;
	}
	return json_is_true(v);
}

unsigned json_field_roles(json_t *o, const char *name, bool *has, struct err *e)
{
	json_t *v = json_object_get(o, name);
	*has = v != NULL;
	if (!v) return 0;
	if (!json_is_array(v)) {
		err_field(e, name, NULL, "Ska vara en lista med roller.");
		return 0;
	}
	unsigned bits = 0;
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		unsigned b = json_is_string(item) ? role_parse(json_string_value(item)) : 0;
		if (!b) {
			err_field(e, name, json_is_string(item) ? json_string_value(item) : NULL,
				  "Okänd roll. Giltiga: admin, kansli, case_worker, employer_contact, trainer, reader.");
			return 0;
		}
		bits |= b;
	}
	return bits;
}

void api_list_begin(struct jsonw *w)
{
	jw_object(w);
	jw_key(w, "items");
	jw_array(w);
}

void api_list_end_bounded(struct jsonw *w, int64_t total, bool bounded, const struct page *p)
{
	jw_array_end(w);
	jw_kint(w, "total", total);
	if (bounded) jw_kbool(w, "total_exact", false);
	jw_kint(w, "limit", p->limit);
	jw_kint(w, "offset", p->offset);
	jw_object_end(w);
}

void api_list_end(struct jsonw *w, int64_t total, const struct page *p)
{
	api_list_end_bounded(w, total, false, p);
}

/* A list field: absent → NULL with *has false; JSON null or another type
 * → an error naming the field. */
static json_t *list_field(json_t *o, const char *name, bool *has, size_t *n, struct err *e, const char *what)
{
	json_t *v = json_object_get(o, name);
	*has = v != NULL;
	*n = 0;
	if (!v) return NULL;
	if (!json_is_array(v)) {
		err_field(e, name, NULL, what);
		return NULL;
	}
	return v;
}

static void item_error(struct err *e, const char *list, size_t i, const char *reason)
{
	char name[64];
	snprintf(name, sizeof name, "%s[%zu]", list, i);
	err_field(e, name, NULL, reason);
}

int64_t *json_field_int_list(json_t *o, const char *name, struct arena *a, size_t *n, bool *has, struct err *e)
{
	json_t *v = list_field(o, name, has, n, e, "Ska vara en lista med heltal.");
	if (!v) return NULL;
	int64_t *out = arena_alloc(a, sizeof *out * (json_array_size(v) + 1));
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		if (!json_is_integer(item)) item_error(e, name, i, "Ska vara ett heltal.");
		out[i] = json_is_integer(item) ? (int64_t)json_integer_value(item) : 0;
	}
	*n = json_array_size(v);
	return out;
}

const char **json_value_texts(json_t *v, const char *field, size_t *n, struct arena *a, struct err *e)
{
	*n = 0;
	if (!v || json_is_null(v)) return arena_alloc(a, sizeof(const char *));
	if (!json_is_array(v) || json_array_size(v) > 100) {
		err_field(e, field, NULL, "Ska vara en lista med högst 100 texter.");
		return NULL;
	}
	const char **out = arena_alloc(a, (json_array_size(v) + 1) * sizeof *out);
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		if (!json_is_string(item)) {
			item_error(e, field, i, "Ska vara en text.");
			*n = 0;
			return NULL;
		}
		out[(*n)++] = json_string_value(item);
	}
	return out;
}

int64_t api_int_query(struct request *r, const char *name, int64_t min, int64_t max, const char *reason, struct err *e)
{
	const char *v = request_query(r, name);
	int64_t n = 0;
	if (v && (parse_nonneg(v, &n) != 0 || n < min || n > max)) {
		err_field(e, name, v, reason);
		return 0;
	}
	return n;
}

int64_t api_id_query(struct request *r, const char *name, struct err *e)
{
	return api_int_query(r, name, 1, INT64_MAX, "Ska vara ett id (ett positivt heltal).", e);
}

bool api_bool_query(struct request *r, const char *name, struct err *e)
{
	const char *v = request_query(r, name);
	if (!v || strcmp(v, "false") == 0 || strcmp(v, "0") == 0) return false;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) return true;
	err_field(e, name, v, "Ange true eller false.");
	return false;
}

void api_enrolment_state_query(struct request *r, struct enrolment_state *st, struct err *e)
{
	st->status = request_query(r, "status");
	st->followup_due = api_bool_query(r, "followup_due", e);
}

const char **json_field_text_list(json_t *o, const char *name, struct arena *a, size_t *n, bool *has, struct err *e)
{
	json_t *v = list_field(o, name, has, n, e, "Ska vara en lista med texter.");
	return v ? json_value_texts(v, name, n, a, e) : NULL;
}

struct csv_reader *api_csv_body(struct request *r)
{
	const char *type = request_header(r, "Content-Type");
	if (!type || strncasecmp(type, "text/csv", 8) != 0 || (type[8] && type[8] != ';' && type[8] != ' ')) {
		response_header(r, "Accept", "text/csv");
		response_problem(r, 415, "unsupported-media-type", "Fel innehållstyp",
				 "Skicka filen som text/csv (UTF-8, med rubrikrad).", NULL);
		return NULL;
	}
	if (r->body_file) return csv_open_file(r->body_file, NULL);
	return csv_open_mem(r->body ? r->body : "", r->body_len, NULL);
}

void api_import_begin(struct request *r, struct jsonw *w, int rc, const struct err *e)
{
	jw_init(w);
	jw_object(w);
	if (rc == ERR_INVALID) {
		int status;
		const char *type, *title;
		api_problem_kind(rc, &status, &type, &title);
		problem_head(r, w, status, type, title, e->msg);
	}
}

void api_import_end(struct request *r, struct jsonw *w, int rc, const struct import_error *errors, size_t n)
{
	jw_key(w, "errors");
	jw_array(w);
	for (size_t i = 0; i < n; i++) {
		jw_object(w);
		jw_kint(w, "line", errors[i].line);
		jw_kstring(w, "reason", errors[i].reason);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_object_end(w);
	if (rc == 0) { response_json(r, 200, w); return; }
	size_t len;
	char *body = jw_finish(w, &len);
	response_body(r, 422, "application/problem+json", body, len, HTTP_MEM_FREE);
}
