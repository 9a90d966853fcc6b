/* arena.h — a region allocator: many small allocations, one release.
 * Every request gets one (as h2o's req->pool); everything a handler
 * allocates from it is freed at once when the response has been sent. */
#ifndef SAMSYN_ARENA_H
#define SAMSYN_ARENA_H
#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t chunk_size;  /* size of ordinary chunks; larger requests get their own */
	size_t used_total;  /* bytes handed out since the last reset, for tests and stats */
};

void arena_init(struct arena *a, size_t chunk_size);
void *arena_alloc(struct arena *a, size_t n);        /* 16-byte aligned, uninitialised */
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* n as Swedish writes it, its digits in groups of three with sep between
 * them ("20 000"): the UI's no-break space ("\u00a0") where a page shows
 * it, a plain space in a message. */
char *arena_grouped(struct arena *a, long long n, const char *sep);
void arena_reset(struct arena *a);  /* frees all but the first chunk */
void arena_free(struct arena *a);   /* frees everything */

#endif
