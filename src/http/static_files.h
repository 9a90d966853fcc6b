/* static_files.h — the built web UI, read into memory at start-up and served
 * with the right MIME type and caching, with the SPA fallback to index.html. */
#ifndef SAMSYN_STATIC_FILES_H
#define SAMSYN_STATIC_FILES_H
#include "request.h"

/* Loads every file below root. Returns the number of files, or -1 when root
 * cannot be read (the server then serves the API only). */
int static_load(const char *root);
void static_free(void);
/* Answers a GET/HEAD for a non-API path. */
void static_serve(struct request *r);
const char *static_mime_type(const char *path);

#endif
