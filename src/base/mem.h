/* mem.h — allocation that never returns NULL.
 * Out of memory is not something a request can recover from; like SQLite,
 * Redis and Fossil we abort through one wrapper instead of checking everywhere. */
#ifndef SAMSYN_MEM_H
#define SAMSYN_MEM_H
#include <stddef.h>

void *xmalloc(size_t n);            /* caller frees with free() */
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
_Noreturn void mem_oom(void);

#endif
