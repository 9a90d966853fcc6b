/* rate_limit.c — see rate_limit.h. An open-addressing table of keys
 * (hashed with FNV-1a, the key's first 63 bytes kept to tell them apart),
 * each with its window's start and count. When the table is full, the
 * windows that have ended are swept; if none has, the oldest slot is
 * reused: under a flood of distinct addresses a key may be forgotten
 * early, never counted wrongly against another. */
#include "rate_limit.h"
#include <pthread.h>
#include <string.h>

#define SLOTS 4096 /* a power of two */
#define PROBES 16

struct slot {
	char key[64];
	int64_t window_start;
	int count;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot of key: its own, a free or ended one, or the oldest probed. */
static struct slot *find(const char *key, int64_t now)
{
	uint32_t h = hash(key);
	struct slot *reuse = NULL;
	for (int i = 0; i < PROBES; i++) {
		struct slot *s = &slots[(h + (uint32_t)i) & (SLOTS - 1)];
		if (s->key[0] && strncmp(s->key, key, sizeof s->key - 1) == 0) return s;
		bool ended = !s->key[0] || now - s->window_start >= RATE_LIMIT_WINDOW_S;
		bool reuse_ended = reuse && (!reuse->key[0] || now - reuse->window_start >= RATE_LIMIT_WINDOW_S);
		if (!reuse || (ended && !reuse_ended) || (!reuse_ended && s->window_start < reuse->window_start))
			reuse = s;
	}
	strncpy(reuse->key, key, sizeof reuse->key - 1);
	reuse->key[sizeof reuse->key - 1] = 0;
	reuse->window_start = now;
	reuse->count = 0;
	return reuse;
}

bool rate_limit_take(const char *key, int64_t now, int limit, int *retry_after_s)
{
	if (!key || !*key) key = "-";
	pthread_mutex_lock(&lock);
	struct slot *s = find(key, now);
	if (now - s->window_start >= RATE_LIMIT_WINDOW_S || now < s->window_start) {
		s->window_start = now;
		s->count = 0;
	}
	bool ok = s->count < limit;
	if (ok) s->count++;
	else *retry_after_s = (int)(s->window_start + RATE_LIMIT_WINDOW_S - now);
	pthread_mutex_unlock(&lock);
	return ok;
}

void rate_limit_reset(void)
{
	pthread_mutex_lock(&lock);
	memset(slots, 0, sizeof slots);
	pthread_mutex_unlock(&lock);
}
