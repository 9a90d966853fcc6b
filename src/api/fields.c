/* fields.c — records written and request bodies read by their tables
 * (fields.h), and the role list both use. */
#include "api.h"
#include <stdio.h>
#include <string.h>

/* Pointer members are moved with memcpy through a const void *: their
 * declared types differ (const char **, const char *const *, a struct's
 * pointer), and every object pointer has the one representation on the
 * platforms Samsyn builds for. */
static const void *pointer_at(const char *base, size_t at)
{
	const void *p;
	memcpy(&p, base + at, sizeof p);
	return p;
}

static void set_pointer(char *base, size_t at, const void *p)
{
	memcpy(base + at, &p, sizeof p);
}

/* A bool named by API_AT (nonzero). */
static bool bool_at(const char *base, size_t at)
{
	return *(const bool *)(base + at - 1);
}

static void set_bool(char *base, size_t at, bool v)
{
	if (at) *(bool *)(base + at - 1) = v;
}

static void write_roles(struct jsonw *w, unsigned roles)
{
	jw_array(w);
	for (int i = 0; i < ROLE_COUNT; i++)
		if (roles & (1u << i)) jw_string(w, role_name(1u << i));
	jw_array_end(w);
}

void api_write_roles(struct jsonw *w, const char *key, unsigned roles)
{
	jw_key(w, key);
	write_roles(w, roles);
}

static void write_value(struct jsonw *w, const struct api_field *f, const char *rec, bool alone)
{
	const char *p = rec + f->at;
	size_t n = f->n ? *(const size_t *)(rec + f->n) : 0;
	switch (f->kind) {
	case API_TEXT: jw_string(w, pointer_at(rec, f->at)); break;
	case API_INT:
		if (f->known && !bool_at(rec, f->known)) jw_null(w);
		else jw_int(w, *(const int64_t *)p);
		break;
	case API_ID:
		if (*(const int64_t *)p) jw_int(w, *(const int64_t *)p);
		else jw_null(w);
		break;
	case API_BOOL: jw_bool(w, *(const bool *)p); break;
	case API_ROLES: write_roles(w, *(const unsigned *)p); break;
	case API_TEXTS: {
		const char *const *texts = pointer_at(rec, f->at);
		jw_array(w);
		for (size_t i = 0; i < n; i++) jw_string(w, texts[i]);
		jw_array_end(w);
		break;
	}
	case API_INTS: {
		const int64_t *ints = pointer_at(rec, f->at);
		jw_array(w);
		for (size_t i = 0; i < n; i++) jw_int(w, ints[i]);
		jw_array_end(w);
		break;
	}
	case API_OBJECT: jw_object(w), api_write_members(w, f->sub, rec, alone), jw_object_end(w); break;
	case API_ARRAY: {
		const char *items = pointer_at(rec, f->at);
		jw_array(w);
		for (size_t i = 0; i < n; i++) api_write_object(w, f->sub, items + i * f->size);
		jw_array_end(w);
		break;
	}
	case API_POINTER: {
		const void *to = pointer_at(rec, f->at);
		if (to) api_write_object(w, f->sub, to);
		else jw_null(w);
		break;
	}
	case API_CUSTOM: break;
	}
}

void api_write_members(struct jsonw *w, const struct api_field *t, const void *record, bool alone)
{
	const char *rec = record;
	for (const struct api_field *f = t; f->name; f++) {
		if (f->when && bool_at(rec, f->when) == !!(f->flags & API_UNLESS)) continue;
		if ((f->flags & API_ALONE) && !alone) continue;
		if (f->kind == API_CUSTOM) {
			if (f->write) f->write(w, f, record);
			continue;
		}
		jw_key(w, f->name);
		write_value(w, f, rec, alone);
	}
}

void api_write_object(struct jsonw *w, const struct api_field *t, const void *record)
{
	jw_object(w);
	api_write_members(w, t, record, true);
	jw_object_end(w);
}

void api_write_objects(struct jsonw *w, const char *key, const struct api_field *t, const void *items, size_t size,
		       size_t n)
{
	jw_key(w, key);
	jw_array(w);
	for (size_t i = 0; i < n; i++) {
		jw_object(w);
		api_write_members(w, t, (const char *)items + i * size, false);
		jw_object_end(w);
	}
	jw_array_end(w);
}

static void read_members(json_t *o, const struct api_field *t, struct arena *a, char *in, struct err *e);

/* An array of objects: every item that is not an object is named first
 * ("list[i]"), then each item's wrong members ("list[i].member"). */
static void read_objects(json_t *v, const struct api_field *f, struct arena *a, char *in, struct err *e)
{
	if (!json_is_array(v)) err_field(e, f->name, NULL, "Ska vara en lista med objekt.");
	size_t n = json_is_array(v) ? json_array_size(v) : 0;
	char *items = arena_zalloc(a, f->size * (n + 1));
	char name[64];
	for (size_t i = 0; i < n; i++) {
		if (json_is_object(json_array_get(v, i))) continue;
		snprintf(name, sizeof name, "%s[%zu]", f->name, i);
		err_field(e, name, NULL, "Ska vara ett objekt.");
	}
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(v, i);
		if (!json_is_object(item)) continue;
		struct err item_err;
		err_clear(&item_err);
		read_members(item, f->sub, a, items + i * f->size, &item_err);
		for (int k = 0; k < item_err.nparams; k++) {
			snprintf(name, sizeof name, "%s[%zu].%s", f->name, i, item_err.params[k].name);
			err_field(e, name, NULL, item_err.params[k].reason);
		}
	}
	set_pointer(in, f->at, items);
	*(size_t *)(in + f->n) = n;
}

/* The members of a nested object: into the same input struct, with the
 * errors named "object.member" when it says so. */
static void read_object(json_t *v, const struct api_field *f, struct arena *a, char *in, struct err *e)
{
	if (!(f->flags & API_DOTTED)) {
		read_members(v, f->sub, a, in, e);
		return;
	}
	struct err sub_err;
	err_clear(&sub_err);
	read_members(v, f->sub, a, in, &sub_err);
	for (int k = 0; k < sub_err.nparams; k++)
		err_field(e, arena_printf(a, "%s.%s", f->name, sub_err.params[k].name), sub_err.params[k].value,
			  sub_err.params[k].reason);
}

static void read_member(json_t *o, const struct api_field *f, struct arena *a, char *in, struct err *e)
{
	json_t *v = json_object_get(o, f->name);
	bool has = v != NULL, given = v && !json_is_null(v);
	char *p = in + f->at;
	size_t *n = (size_t *)(in + f->n);
	switch (f->kind) {
	case API_TEXT: set_pointer(in, f->at, json_field_text(o, f->name, &has, e)); break;
	case API_INT:
	case API_ID:
		*(int64_t *)p = json_field_int(o, f->name, &has, e);
		if ((f->flags & API_MISSING_NEGATIVE) && !given) *(int64_t *)p = -1;
		if ((f->flags & API_ZERO_NEGATIVE) && given && *(int64_t *)p == 0) *(int64_t *)p = -1;
		break;
	case API_BOOL:
		*(bool *)p = json_field_bool(o, f->name, &has, e);
		if ((f->flags & API_DEFAULT_TRUE) && !has) *(bool *)p = true;
		break;
	case API_ROLES: *(unsigned *)p = json_field_roles(o, f->name, &has, e); break;
	case API_TEXTS:
		set_pointer(in, f->at, f->flags & API_NULL_EMPTY ? json_value_texts(v, f->name, n, a, e)
								  : json_field_text_list(o, f->name, a, n, &has, e));
		break;
	case API_INTS: set_pointer(in, f->at, json_field_int_list(o, f->name, a, n, &has, e)); break;
	case API_OBJECT:
		if (given && !json_is_object(v)) err_field(e, f->name, NULL, "Ska vara ett objekt.");
		else if (given) read_object(v, f, a, in, e);
		else if (v && (f->flags & API_NULL_CLEARS))
			for (const struct api_field *m = f->sub; m->name; m++) set_bool(in, m->has, true);
		break;
	case API_ARRAY:
		if (v) read_objects(v, f, a, in, e);
		break;
	case API_POINTER: break;
	case API_CUSTOM:
		if (f->read) f->read(o, f, a, in, e);
		break;
	}
	if ((f->flags & API_NULL_ABSENT) && !given) has = false;
	if (f->known) set_bool(in, f->known, given);
	set_bool(in, f->has, has);
}

/* The nested objects after the other members: their errors follow. */
static void read_members(json_t *o, const struct api_field *t, struct arena *a, char *in, struct err *e)
{
	for (const struct api_field *f = t; f->name; f++)
		if (!(f->flags & API_OUT) && f->kind != API_OBJECT) read_member(o, f, a, in, e);
	for (const struct api_field *f = t; f->name; f++)
		if (!(f->flags & API_OUT) && f->kind == API_OBJECT) read_member(o, f, a, in, e);
}

int api_read_fields(json_t *o, const struct api_field *t, struct arena *a, void *in, size_t size, struct err *e)
{
	memset(in, 0, size);
	read_members(o, t, a, in, e);
	return e->code;
}
