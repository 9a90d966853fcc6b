/* links.c — see links.h. */
#include "links.h"
#include <string.h>

static char base[512] = "http://127.0.0.1:8080";

void links_configure(const char *public_url)
{
	if (!public_url) return;
	size_t n = strlen(public_url);
	while (n > 0 && public_url[n - 1] == '/') n--;
	if (n >= sizeof base) n = sizeof base - 1;
	memcpy(base, public_url, n);
	base[n] = 0;
}

const char *links_base(void)
{
	return base;
}

const char *links_public(struct arena *a, const char *path)
{
	return arena_printf(a, "%s%s", base, path);
}
