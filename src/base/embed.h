/* embed.h — files compiled into the binary (migrations, the OpenAPI
 * document). The tables are generated at build time by cmake/embed.cmake. */
#ifndef SAMSYN_EMBED_H
#define SAMSYN_EMBED_H
#include <stddef.h>

struct embedded_file {
	const char *name;  /* file name without directory */
	const char *data;  /* NUL-terminated */
	size_t len;
};

/* Sorted by name. */
extern const struct embedded_file embedded_migrations[];
extern const size_t embedded_migrations_count;
extern const struct embedded_file embedded_assets[];
extern const size_t embedded_assets_count;

const struct embedded_file *embed_find(const struct embedded_file *files, size_t n, const char *name);

#endif
