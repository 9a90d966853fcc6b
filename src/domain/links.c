/* links.c — see links.h. */
#include "links.h"
#include <stdatomic.h>
#include <string.h>

static char base[512] = "http://127.0.0.1:8080";
/* Set after base is written (release), read before it is (acquire): the
 * sender thread reads base once it sees this. */
static atomic_bool ready;

void links_configure(const char *public_url)
{
	if (!public_url) {
		atomic_store_explicit(&ready, true, memory_order_release);
		return;
	}
	size_t n = strlen(public_url);
	while (n > 0 && public_url[n - 1] == '/') n--;
	if (n >= sizeof base) n = sizeof base - 1;
	memcpy(base, public_url, n);
	base[n] = 0;
	atomic_store_explicit(&ready, true, memory_order_release);
}

bool links_ready(void)
{
	return atomic_load_explicit(&ready, memory_order_acquire);
}

const char *links_base(void)
{
	return base;
}

const char *links_public(struct arena *a, const char *path)
{
	return arena_printf(a, "%s%s", base, path);
}
