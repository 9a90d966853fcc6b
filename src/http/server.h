/* server.h — the HTTP server: libmicrohttpd with its internal thread pool
 * (epoll), limits (connections, per address, idle and head timeouts), body
 * collection, security headers, the client address behind a trusted
 * proxy, the access log and graceful shutdown. The application sees only struct request. Bodies are
 * held in memory within body_limit, except text/csv ones the application
 * accepts as uploads (imports of whole registers): those go to an unlinked
 * temp file, within upload_limit. */
#ifndef SAMSYN_SERVER_H
#define SAMSYN_SERVER_H
#include <signal.h>
#include <stddef.h>
#include "request.h"

struct http_config {
	const char *listen;       /* "HOST:PORT"; port 0 picks a free one */
	unsigned threads;
	size_t body_limit;        /* bytes; larger bodies get 413 */
	unsigned conn_limit;
	unsigned per_ip_limit;
	unsigned timeout_s;       /* idle connection timeout */
	int access_log;           /* one line per request */
	size_t upload_limit;      /* bytes of a text/csv body (an import), spooled to a temp file; larger get 413 */
	unsigned header_timeout_s; /* a request head must be in within this (0: no limit) */
	const char *trusted_proxy; /* an address whose X-Forwarded-For names the client; NULL: none */
	void (*on_listening)(const char *url); /* told the URL once bound (port 0 resolved); may be NULL */
};

typedef void (*http_app_fn)(struct request *r, void *app);
/* Asked, with the headers read and before the body, whether a text/csv
 * body may be spooled up to upload_limit; otherwise body_limit holds. */
typedef bool (*http_upload_fn)(struct request *r, void *app);

/* Serves until SIGINT or SIGTERM. Returns 0 on a clean stop, -1 when the
 * server could not start (reason logged). Logs the URL it listens on.
 * upload_fn may be NULL: no body is spooled. */
int http_serve(const struct http_config *cfg, http_app_fn app_fn, http_upload_fn upload_fn, void *app);

/* The default of --threads: HTTP_THREADS_PER_CPU per CPU this process may
 * run on (its affinity mask), at most HTTP_MAX_DEFAULT_THREADS. */
unsigned http_default_threads(void);

/* The response headers every answer gets (exposed for tests). */
extern const char http_csp[];

#endif
