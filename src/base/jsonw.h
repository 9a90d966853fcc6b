/* jsonw.h — a streaming JSON writer: answers are written straight into a
 * buffer in one pass, with no tree to build and free (jansson is kept for
 * reading requests). Commas are placed by the writer; strings are escaped
 * and always come out as valid UTF-8. */
#ifndef SAMSYN_JSONW_H
#define SAMSYN_JSONW_H
#include <stdbool.h>
#include <stdint.h>
#include "strbuf.h"

#define JSONW_MAX_DEPTH 32

struct jsonw {
	struct strbuf sb;
	int depth;
	bool first[JSONW_MAX_DEPTH]; /* no element yet at this level */
	bool after_key;
};

void jw_init(struct jsonw *w);
void jw_object(struct jsonw *w);     /* { */
void jw_object_end(struct jsonw *w); /* } */
void jw_array(struct jsonw *w);      /* [ */
void jw_array_end(struct jsonw *w);  /* ] */
void jw_key(struct jsonw *w, const char *key);
void jw_string(struct jsonw *w, const char *s); /* NULL writes null */
void jw_int(struct jsonw *w, int64_t v);
void jw_bool(struct jsonw *w, bool v);
void jw_null(struct jsonw *w);
/* json, a whole value this writer made before (a stored snapshot), as it is. */
void jw_raw(struct jsonw *w, const char *json);
/* v scaled by 10^decimals as a JSON number: (125, 1) → 12.5. */
void jw_decimal(struct jsonw *w, int64_t v, int decimals);

/* key + value in one call. */
void jw_kstring(struct jsonw *w, const char *key, const char *s);
void jw_kint(struct jsonw *w, const char *key, int64_t v);
void jw_kint_or_null(struct jsonw *w, const char *key, int64_t v); /* 0 writes null */
void jw_ktenths_or_null(struct jsonw *w, const char *key, int64_t tenths); /* 125 → 12.5; negative writes null */
void jw_kbool(struct jsonw *w, const char *key, bool v);

/* The text (heap, caller frees) and its length; the writer is reset. */
char *jw_finish(struct jsonw *w, size_t *len);
void jw_free(struct jsonw *w);

#endif
