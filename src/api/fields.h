/* fields.h — the JSON object of a C struct as a table, one entry per
 * member: its JSON name, its kind and where it lives in the struct
 * (offsetof). One table writes a record as its JSON object
 * (api_write_object) and reads a request body into an input struct
 * (api_read_fields), so that a resource's api file lists its members once
 * instead of writing them out in a writer and again in each reader. Both
 * go in table order, the order of the answer's keys and of a body's
 * invalid_parameters, except that a body's nested objects are read after
 * its other members. A table ends with API_END. */
#ifndef SAMSYN_API_FIELDS_H
#define SAMSYN_API_FIELDS_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "../base/arena.h"
#include "../base/err.h"
#include "../base/jsonw.h"

enum api_kind {
	API_TEXT,    /* const char *: a string, NULL as null */
	API_INT,     /* int64_t */
	API_ID,      /* int64_t, an optional reference: 0 is written as null */
	API_BOOL,    /* bool: null is refused when read */
	API_ROLES,   /* unsigned role bits: a list of role names */
	API_TEXTS,   /* a const char * array, its size_t count at .n */
	API_INTS,    /* an int64_t array, its size_t count at .n */
	API_OBJECT,  /* a nested object of members (.sub) of the same struct */
	API_ARRAY,   /* an array of .size-byte structs, its size_t count at .n: objects of .sub */
	API_POINTER, /* a pointer to a struct: the object .sub, NULL as null (written, never read) */
	API_CUSTOM,  /* written by .write, read by .read (either may be NULL: not done) */
};

enum api_flags {
	API_OUT = 1u << 0,              /* written only, never read from a body (an id, a timestamp) */
	API_ALONE = 1u << 1,            /* written for a record alone, left out of a list's items */
	API_UNLESS = 1u << 2,           /* written only when the bool at .when is false (else: true) */
	API_DEFAULT_TRUE = 1u << 3,     /* BOOL read: true when absent */
	API_NULL_ABSENT = 1u << 4,      /* read: a null counts as not sent (.has stays false) */
	API_MISSING_NEGATIVE = 1u << 5, /* INT read: absent or null is -1, which the domain refuses */
	API_ZERO_NEGATIVE = 1u << 6,    /* ID read: 0 (no id) is -1, refused; null is 0, none */
	API_NULL_EMPTY = 1u << 7,       /* TEXTS read: absent or null is an empty list */
	API_DOTTED = 1u << 8,           /* OBJECT read: its members' errors are named "object.member" */
	API_NULL_CLEARS = 1u << 9,      /* OBJECT read: null sends every member of it, empty */
};

struct api_field;
typedef void api_custom_write(struct jsonw *w, const struct api_field *f, const void *record);
typedef void api_custom_read(json_t *o, const struct api_field *f, struct arena *a, void *in, struct err *e);

struct api_field {
	const char *name; /* NULL: the end of the table */
	enum api_kind kind;
	size_t at;                    /* offsetof the value */
	size_t n;                     /* TEXTS, INTS, ARRAY: offsetof the count */
	size_t size;                  /* ARRAY: the size of an item */
	const struct api_field *sub;  /* OBJECT, ARRAY, POINTER: the members */
	unsigned flags;               /* enum api_flags */
	/* Bool members, each API_AT or 0 for none. has: set when read to
	 * whether the member was sent; known: an INT is null unless it is true
	 * (set when read to "a number was sent"); when: the member is written
	 * only when it is true (API_UNLESS: false). */
	size_t has, known, when;
	api_custom_write *write;
	api_custom_read *read;
};

/* The place of a bool member for .has, .known and .when: its offset plus
 * one, so that 0 means none. */
#define API_AT(type, member) (offsetof(type, member) + 1)
/* Member m of type, under its own name. */
#define API_FIELD(kind_, type, m) {.name = #m, .kind = kind_, .at = offsetof(type, m)}
/* The same, written only (never read from a body). */
#define API_OUT_FIELD(kind_, type, m) {.name = #m, .kind = kind_, .at = offsetof(type, m), .flags = API_OUT}
/* Member m of an input type with the flag has_m beside it, set when read. */
#define API_SENT(kind_, type, m) {.name = #m, .kind = kind_, .at = offsetof(type, m), .has = API_AT(type, has_##m)}
/* Member m of the record v inside an input type, with the flag has_m. */
#define API_SENT_V(kind_, type, m) {.name = #m, .kind = kind_, .at = offsetof(type, v.m), .has = API_AT(type, has_##m)}
#define API_END {.name = NULL}

/* The members of record by table t, without the braces (the caller may
 * add members of its own); alone: not an item of a list (API_ALONE). */
void api_write_members(struct jsonw *w, const struct api_field *t, const void *record, bool alone);
/* Record as its JSON object. */
void api_write_object(struct jsonw *w, const struct api_field *t, const void *record);
/* key: an array of the n records of size bytes at items, each an object by
 * t as a list's item (not alone). */
void api_write_objects(struct jsonw *w, const char *key, const struct api_field *t, const void *items, size_t size,
		       size_t n);

/* Reads the members of o into the input struct in (size bytes, zeroed
 * first) by table t; 0, or ERR_INVALID with every wrong member in e.
 * Strings point into o; lists are from a. */
int api_read_fields(json_t *o, const struct api_field *t, struct arena *a, void *in, size_t size, struct err *e);

#endif
