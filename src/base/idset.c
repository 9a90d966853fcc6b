/* idset.c — the bitmap set of idset.h. */
#include "idset.h"
#include <string.h>

void idset_init(struct idset *s, struct arena *a, int64_t max)
{
	s->max = max < 0 ? 0 : max;
	s->count = 0;
	s->bits = arena_zalloc(a, (size_t)(s->max / 8 + 1));
}

void idset_clear(struct idset *s)
{
	memset(s->bits, 0, (size_t)(s->max / 8 + 1));
	s->count = 0;
}

bool idset_has(const struct idset *s, int64_t id)
{
	return id >= 1 && id <= s->max && (s->bits[id >> 3] & (1u << (id & 7)));
}

bool idset_add(struct idset *s, int64_t id)
{
	if (id < 1 || id > s->max || idset_has(s, id)) return false;
	s->bits[id >> 3] |= (uint8_t)(1u << (id & 7));
	s->count++;
	return true;
}
