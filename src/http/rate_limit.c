/* rate_limit.c — see rate_limit.h. An open-addressing table of keys
 * (hashed with FNV-1a, the key's first 63 bytes kept to tell them apart),
 * each with its window's start and count. When the table is full, the
 * slot of a window that has ended is reused; if none has, a live one:
 * under a flood of distinct addresses a key may be forgotten
 * early, never counted wrongly against another. The slot reused is the
 * one with the fewest requests, so a flood of addresses asking once each
 * does not make the table forget the address that asks most. */
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
static bool ended(const struct slot *s, int64_t now)
{
	return !s->key[0] || now - s->window_start >= RATE_LIMIT_WINDOW_S;
}

static struct slot *find(const char *key, int64_t now)
{
	uint32_t h = hash(key);
	struct slot *reuse = NULL;
	for (int i = 0; i < PROBES; i++) {
		struct slot *s = &slots[(h + (uint32_t)i) & (SLOTS - 1)];
		if (s->key[0] && strncmp(s->key, key, sizeof s->key - 1) == 0) return s;
		if (!reuse || ended(reuse, now)) {
			if (!reuse) reuse = s;
			continue;
		}
		if (ended(s, now) || s->count < reuse->count) reuse = s;
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
