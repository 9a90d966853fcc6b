/* links.h — the addresses of Samsyn's public pages as a person outside
 * reaches them (mails carry them: the cancel link, the survey link). The
 * base is `samsyn serve --public-url` (default: the address it serves
 * on); the pages'
 * paths are the web UI's (web/src/router.ts). */
#ifndef SAMSYN_LINKS_H
#define SAMSYN_LINKS_H
#include "../base/arena.h"
#include <stdbool.h>

/* Sets the base, e.g. "https://samsyn.example.se" (a trailing / is
 * dropped). Called once before serving; NULL keeps the default. */
void links_configure(const char *public_url);
const char *links_base(void);
/* Whether links_configure has run (the base is the one served): a mail
 * written before would carry the default address. */
bool links_ready(void);

/* base + path (path starts with '/'), in arena a. */
const char *links_public(struct arena *a, const char *path);

#endif
