/* server.c — libmicrohttpd glue behind server.h: the access handler, the
 * security headers (also on the answers the library makes itself), the
 * registry of connections that enforces the head timeout and the
 * per-address limit, and the client address behind a trusted proxy. */
#include "server.h"
#include "mhd_daemon.h"
#include "../base/clock.h"
#include "../base/log.h"
#include "../base/mem.h"
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netdb.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

const char http_csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
	"form-action 'self'; frame-ancestors 'none'";

/* One accepted connection, from libmicrohttpd's NOTIFY_CONNECTION
 * STARTED to CLOSED (its socket context). */
struct conn_slot {
	struct conn_slot *prev, *next;
	int fd;
	bool from_proxy;           /* the peer is --trusted-proxy */
	bool head_done;            /* the current request's head is in */
	bool shut;                 /* shut down by us (too slow, over the limit): counts no more */
	double head_since_ms;      /* accepted, or the previous request on it ended */
	char peer[INET6_ADDRSTRLEN];
	/* What the per-address limit counts: the peer; for the proxy's
	 * connections the client of the request in progress, "" between. */
	char client[sizeof ((struct request *)0)->addr]; /* as big as the request's address it copies */
};

struct server {
	const struct http_config *cfg;
	http_app_fn app_fn;
	http_upload_fn upload_fn;
	void *app;
	pthread_mutex_t lock;      /* guards conns and the slots (fd, peer, from_proxy: set before linking) */
	pthread_cond_t wake;
	struct conn_slot *conns;
	bool stopping;
	char proxy[INET6_ADDRSTRLEN]; /* --trusted-proxy, canonical; "" without one */
};

static void client_address(struct MHD_Connection *conn, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = 0;
	if (!ci || !ci->client_addr) return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
	} else if (sa->sa_family == AF_INET6) {
		/* An IPv4 client of a dual-stack socket is written as IPv4, as
		 * --trusted-proxy and the logs name it. */
		const struct in6_addr *a6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(a6))
			inet_ntop(AF_INET, &a6->s6_addr[12], out, (socklen_t)n);
		else
			inet_ntop(AF_INET6, a6, out, (socklen_t)n);
	}
}

/* An IPv4 or IPv6 address in its canonical form; false if s is none. */
static bool canonical_address(const char *s, char *out, size_t n)
{
	unsigned char bin[sizeof(struct in6_addr)];
	if (inet_pton(AF_INET, s, bin) == 1) return inet_ntop(AF_INET, bin, out, (socklen_t)n) != NULL;
	if (inet_pton(AF_INET6, s, bin) == 1) return inet_ntop(AF_INET6, bin, out, (socklen_t)n) != NULL;
	return false;
}

static enum MHD_Result last_forwarded_for(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	if (value && strcasecmp(key, "X-Forwarded-For") == 0) *(const char **)cls = value;
	return MHD_YES;
}

/* Behind the trusted proxy the client is the address that proxy added:
 * the right-most one of X-Forwarded-For (nginx appends the peer it saw to
 * what the client sent). Whatever stands left of it is the client's own
 * claim and is never believed. Without one (or not an address) out keeps
 * the proxy's. */
static void forwarded_client(struct MHD_Connection *conn, char *out, size_t n)
{
	const char *xff = NULL;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, last_forwarded_for, &xff);
	if (!xff) return;
	const char *comma = strrchr(xff, ',');
	const char *p = comma ? comma + 1 : xff;
	p += strspn(p, " \t");
	size_t len = strcspn(p, " \t");
	char addr[INET6_ADDRSTRLEN + 1];
	if (len == 0 || len >= sizeof addr || p[len + strspn(p + len, " \t")]) return;
	memcpy(addr, p, len);
	addr[len] = 0;
	char canon[INET6_ADDRSTRLEN];
	if (canonical_address(addr, canon, sizeof canon)) snprintf(out, n, "%s", canon);
}

/* ---- connections: head timeout and per-address limit ----
 *
 * libmicrohttpd's timeout (--timeout) counts idle time only: a client that
 * sends a header line every few seconds keeps its connection for ever, and
 * with --per-ip-connections of them every slot of its address. So every
 * connection is registered from accept (NOTIFY_CONNECTION) to close, with
 * the time its current request head began (the accept, or the end of the
 * previous request on it: a kept-alive connection also has
 * --header-timeout to send its next head, so it idles that long at most).
 * The access handler's first call marks the head complete. A watcher
 * thread shuts down the socket of any connection whose head is late.
 * shutdown(), not close(): the descriptor stays the library's, which sees
 * the end of the stream, closes it and frees the connection. Slots are
 * unlinked under the lock in the CLOSED notification, which libmicrohttpd
 * makes before it closes the descriptor, so a descriptor shut here is
 * never one already reused by another connection.
 *
 * The per-address limit is counted here too, not by the library's
 * MHD_OPTION_PER_IP_CONNECTION_LIMIT: that one would count every client
 * of a trusted proxy as the proxy. A direct peer is counted per connection
 * (one over the limit is shut at once, as the library would); the proxy's
 * connections are not, and each request on them counts for its forwarded
 * client while it runs (over the limit: 429). */

static struct conn_slot *slot_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* Connections (or proxied requests) counted for client; under srv->lock. */
static unsigned count_client(const struct server *srv, const char *client)
{
	unsigned n = 0;
	for (const struct conn_slot *c = srv->conns; c; c = c->next)
		if (!c->shut && strcmp(c->client, client) == 0) n++;
	return n;
}

/* The connection of client that has waited longest for a request head
 * (never in a request, or idle between two); NULL when all are in one.
 * Under srv->lock. */
static struct conn_slot *oldest_waiting(const struct server *srv, const char *client)
{
	struct conn_slot *oldest = NULL;
	for (struct conn_slot *c = srv->conns; c; c = c->next)
		if (!c->shut && !c->head_done && !c->from_proxy && strcmp(c->client, client) == 0 &&
		    (!oldest || c->head_since_ms < oldest->head_since_ms))
			oldest = c;
	return oldest;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct server *srv = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		struct conn_slot *c = xcalloc(1, sizeof *c);
		const union MHD_ConnectionInfo *fd = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		c->fd = fd ? fd->connect_fd : -1;
		client_address(conn, c->peer, sizeof c->peer);
		c->from_proxy = srv->proxy[0] && strcmp(c->peer, srv->proxy) == 0;
		if (!c->from_proxy) snprintf(c->client, sizeof c->client, "%s", c->peer);
		c->head_since_ms = clock_monotonic_ms();
		pthread_mutex_lock(&srv->lock);
		if (!c->from_proxy && srv->cfg->per_ip_limit && count_client(srv, c->client) >= srv->cfg->per_ip_limit) {
			/* At the limit, the new connection takes the place of the
			 * address's connection that has waited longest for a request
			 * head (slow or idle): a flood of slow heads cannot keep the
			 * same address's real requests out until the head timeout.
			 * Only when every slot is in a request is it refused. */
			struct conn_slot *old = oldest_waiting(srv, c->client);
			struct conn_slot *victim = old ? old : c;
			victim->shut = true;
			if (victim->fd >= 0) shutdown(victim->fd, SHUT_RDWR);
			if (old)
				log_warn("slow_head", "msg=\"per-address limit: the connection waiting longest for its head closed\""
					 " addr=%s ms=%.0f", old->peer, c->head_since_ms - old->head_since_ms);
		}
		c->next = srv->conns;
		if (srv->conns) srv->conns->prev = c;
		srv->conns = c;
		pthread_mutex_unlock(&srv->lock);
		*socket_context = c;
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
		struct conn_slot *c = *socket_context;
		pthread_mutex_lock(&srv->lock);
		if (c->prev) c->prev->next = c->next;
		else srv->conns = c->next;
		if (c->next) c->next->prev = c->prev;
		pthread_mutex_unlock(&srv->lock);
		free(c);
		*socket_context = NULL;
	}
}

/* A request's head is in (the access handler's first call): it no longer
 * runs against the head timeout; from the trusted proxy, r->addr becomes
 * the forwarded client. False when that client is over the per-address
 * limit. */
static bool head_complete(struct server *srv, struct MHD_Connection *conn, struct request *r)
{
	struct conn_slot *c = slot_of(conn);
	if (!c) return true;
	if (c->from_proxy) forwarded_client(conn, r->addr, sizeof r->addr);
	bool ok = true;
	pthread_mutex_lock(&srv->lock);
	c->head_done = true;
	if (c->from_proxy) {
		snprintf(c->client, sizeof c->client, "%s", r->addr);
		ok = !srv->cfg->per_ip_limit || count_client(srv, c->client) <= srv->cfg->per_ip_limit;
	}
	pthread_mutex_unlock(&srv->lock);
	return ok;
}

/* A request has ended: the next head on the connection starts its clock. */
static void request_ended(struct server *srv, struct MHD_Connection *conn)
{
	struct conn_slot *c = slot_of(conn);
	if (!c) return;
	pthread_mutex_lock(&srv->lock);
	c->head_done = false;
	c->head_since_ms = clock_monotonic_ms();
	if (c->from_proxy) c->client[0] = 0;
	pthread_mutex_unlock(&srv->lock);
}

/* The watcher: every 250 ms (the deadline's granularity), shut the
 * connections whose head is later than --header-timeout. */
static void *watch_heads(void *arg)
{
	struct server *srv = arg;
	pthread_mutex_lock(&srv->lock);
	while (!srv->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += 250 * 1000000L;
		if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
		pthread_cond_timedwait(&srv->wake, &srv->lock, &until);
		double now = clock_monotonic_ms(), limit_ms = srv->cfg->header_timeout_s * 1000.0;
		for (struct conn_slot *c = srv->conns; c && limit_ms > 0; c = c->next) {
			if (c->shut || c->head_done || now - c->head_since_ms < limit_ms) continue;
			c->shut = true;
			if (c->fd >= 0) shutdown(c->fd, SHUT_RDWR);
			log_warn("slow_head", "msg=\"request head not in within the header timeout; closed\" addr=%s ms=%.0f",
				 c->peer, now - c->head_since_ms);
		}
	}
	pthread_mutex_unlock(&srv->lock);
	return NULL;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct request *r = cls;
	struct http_kv *kv = arena_alloc(&r->arena, sizeof *kv);
	kv->name = arena_strdup(&r->arena, key);
	kv->value = arena_strdup(&r->arena, value ? value : "");
	/* Appended in order, as request_parse_query does: the first value wins. */
	kv->next = NULL;
	struct http_kv **tail = &r->query;
	while (*tail) tail = &(*tail)->next;
	*tail = kv;
	return MHD_YES;
}

/* The headers every answer carries; the CSP also marks an answer as ours
 * (MHD_queue_response below). */
static void security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy", http_csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct request *r)
{
	enum MHD_ResponseMemoryMode mode = r->resp_mem == HTTP_MEM_FREE ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT;
	struct MHD_Response *resp = MHD_create_response_from_buffer(r->resp_len, r->resp ? r->resp : "", mode);
	if (!resp) return MHD_NO;
	if (r->resp_mem == HTTP_MEM_FREE) r->resp = NULL; /* the response owns it now */
	if (r->content_type) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	security_headers(resp);
	const char *cache = r->cache_control ? r->cache_control : "no-store";
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
	for (struct http_kv *h = r->resp_headers; h; h = h->next)
		MHD_add_response_header(resp, h->name, h->value);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* libmicrohttpd answers some requests itself, before any callback of ours
 * runs: a request line or head larger than its connection memory (414 and
 * 431, "Request too big"), an HTTP version it does not speak (505), a
 * request it cannot parse (400), a chunk size too large (413). It builds
 * those answers inside, bare (no CSP, no nosniff), and has no option to
 * change them. Its own calls to MHD_queue_response go through its PLT, so
 * this definition in the program is the one they reach (ELF symbol
 * interposition, as for malloc), and passes on to the library's. An
 * answer without our CSP is one of the library's own: it is replaced by a
 * problem+json one, with the headers, for the same status. The library
 * still closes the connection after it. tests/api/http.test.mjs sends each
 * of these over a raw socket: a libmicrohttpd that binds its own calls
 * directly (-Bsymbolic, static) fails those tests rather than silently
 * sending bare answers. */
typedef enum MHD_Result (*queue_response_fn)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
static queue_response_fn library_queue_response;
static pthread_once_t library_queue_once = PTHREAD_ONCE_INIT;

static void find_library_queue_response(void)
{
	void *f = dlsym(RTLD_NEXT, "MHD_queue_response");
	memcpy(&library_queue_response, &f, sizeof f);
	if (!library_queue_response) log_error("http", "msg=\"MHD_queue_response not found in libmicrohttpd\"");
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *conn, unsigned int status, struct MHD_Response *resp)
{
	pthread_once(&library_queue_once, find_library_queue_response);
	if (!library_queue_response) return MHD_NO;
	if (!resp || MHD_get_response_header(resp, "Content-Security-Policy")) return library_queue_response(conn, status, resp);
	const char *type, *title, *detail;
	switch (status) {
	case 400: type = "malformed", title = "Felaktig begäran", detail = "Begäran följer inte HTTP och kunde inte tolkas."; break;
	case 413: type = "too-large", title = "För stor begäran", detail = "Begäran är större än servern tar emot."; break;
	case 414: type = "uri-too-long", title = "För lång adress", detail = "Adressen i begäran är längre än servern tar emot."; break;
	case 431: type = "headers-too-large", title = "För stora rubriker", detail = "Begärans rubriker är större än servern tar emot."; break;
	case 505: type = "http-version", title = "HTTP-versionen stöds inte", detail = "Servern tar emot HTTP/1.0 och HTTP/1.1."; break;
	default: type = "internal", title = "Internt fel", detail = "Servern kunde inte behandla begäran."; break;
	}
	struct request own;
	request_init(&own);
	response_problem(&own, (int)status, type, title, detail, NULL);
	enum MHD_Result ret = send_response(conn, &own); /* back here, with the CSP: passed on */
	request_free(&own);
	return ret;
}

/* The largest body a request may have: text/csv ones are spooled to disk. */
static size_t body_limit(const struct server *srv, const struct request *r)
{
	return r->body_spooled ? srv->cfg->upload_limit : srv->cfg->body_limit;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)version;
	struct server *srv = cls;
	struct request *r = *con_cls;
	if (!r) {
		r = xmalloc(sizeof *r);
		request_init(r);
		r->start_ms = clock_monotonic_ms();
		r->conn = conn;
		r->method = arena_strdup(&r->arena, method);
		r->path = arena_strdup(&r->arena, url);
		client_address(conn, r->addr, sizeof r->addr);
		*con_cls = r;
		if (!head_complete(srv, conn, r)) {
			response_header(r, "Retry-After", "1");
			response_problem(r, 429, "too-many-connections", "För många samtidiga begäranden",
					 "Din adress har för många begäranden igång samtidigt. Försök igen om en stund.", NULL);
			return send_response(conn, r);
		}
		const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		r->body_spooled = type && strncasecmp(type, "text/csv", 8) == 0 && srv->upload_fn && srv->upload_fn(r, srv->app);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > body_limit(srv, r)) {
			/* Answer before reading the body; MHD closes the connection. */
			response_problem(r, 413, "too-large", "För stor begäran",
					 "Begäran är större än servern tar emot.", NULL);
			return send_response(conn, r);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!r->body_too_large && !r->body_failed && !r->status) {
			if (r->body_len + *upload_data_size > body_limit(srv, r)) {
				r->body_too_large = true;
			} else if (r->body_spooled) {
				/* tmpfile: created unlinked, gone with the request or the process. */
				if (!r->body_file) r->body_file = tmpfile();
				if (!r->body_file || fwrite(upload_data, 1, *upload_data_size, r->body_file) != *upload_data_size)
					r->body_failed = true;
				r->body_len += *upload_data_size;
			} else {
				/* Bodies arrive in pieces; keep them in one block that
				 * doubles when full, so each byte is copied a bounded
				 * number of times however many pieces there are. */
				size_t need = r->body_len + *upload_data_size + 1;
				if (need > r->body_cap) {
					size_t cap = r->body_cap ? r->body_cap : 4096, most = body_limit(srv, r) + 1;
					while (cap < need) cap *= 2;
					if (cap > most) cap = most; /* room for the largest body there may be */
					char *nb = arena_alloc(&r->arena, cap);
					if (r->body_len) memcpy(nb, r->body, r->body_len);
					r->body = nb;
					r->body_cap = cap;
				}
				memcpy(r->body + r->body_len, upload_data, *upload_data_size);
				r->body_len += *upload_data_size;
				r->body[r->body_len] = 0;
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->status) return MHD_YES; /* already answered (413, 429) */
	if (r->body_file && (fflush(r->body_file) != 0 || fseek(r->body_file, 0, SEEK_SET) != 0)) r->body_failed = true;
	if (r->body_too_large) {
		response_problem(r, 413, "too-large", "För stor begäran", "Begäran är större än servern tar emot.", NULL);
	} else if (r->body_failed) {
		log_error("upload", "msg=\"could not spool the body to a temp file\" bytes=%zu", r->body_len);
		response_problem(r, 507, "insufficient-storage", "Kunde inte ta emot filen",
				 "Servern kunde inte spara den uppladdade filen tillfälligt. Försök igen senare.", NULL);
	} else {
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, r);
		srv->app_fn(r, srv->app);
		if (!r->status) response_problem(r, 500, "internal", "Internt fel", "Servern gav inget svar.", NULL);
	}
	return send_response(conn, r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	request_ended(srv, conn);
	struct request *r = *con_cls;
	if (!r) return;
	if (srv->cfg->access_log) {
		/* Path only: query strings may carry search terms. A public
		 * page's path carries its secret (a survey's one-time token):
		 * the application names the route's pattern instead. */
		char user[24] = "-", method[16], path[256];
		if (r->log_user_id) snprintf(user, sizeof user, "%lld", (long long)r->log_user_id);
		/* No status of ours: the library answered (a bad chunk, 413). */
		int status = r->status;
		const union MHD_ConnectionInfo *ci = status ? NULL : MHD_get_connection_info(conn, MHD_CONNECTION_INFO_HTTP_STATUS);
		if (ci) status = (int)ci->http_status;
		log_info("request", "method=%s path=\"%s\" status=%d bytes=%zu ms=%.2f user=%s addr=%s%s",
			 log_clean(method, sizeof method, r->method), log_clean(path, sizeof path, r->log_path ? r->log_path : r->path), status,
			 r->resp_len, clock_monotonic_ms() - r->start_ms, user, r->addr,
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted=1");
	}
	request_free(r);
	free(r);
	*con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r')) msg[--n] = 0;
	for (char *p = msg; *p; p++)
		if (*p == '"') *p = '\'';
	log_error("http", "msg=\"%s\"", msg);
}

/* "HOST:PORT" or "[V6]:PORT" → socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen) return -1;
	size_t hl = (size_t)(colon - listen);
	if (listen[0] == '[' && hl >= 2 && listen[hl - 1] == ']') {
		listen++;
		hl -= 2;
	}
	if (hl >= sizeof host) return -1;
	memcpy(host, listen, hl);
	host[hl] = 0;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535 || end == colon + 1) return -1;
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV};
	struct addrinfo *ai = NULL;
	char ps[8];
	snprintf(ps, sizeof ps, "%ld", port);
	if (getaddrinfo(host, ps, &hints, &ai) != 0) {
		hints.ai_flags = AI_NUMERICSERV; /* allow "localhost" */
		if (getaddrinfo(host, ps, &hints, &ai) != 0) return -1;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

unsigned http_default_threads(void)
{
	cpu_set_t set;
	long n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1) n = 1;
	if ((unsigned long)n >= HTTP_MAX_DEFAULT_THREADS / HTTP_THREADS_PER_CPU) return HTTP_MAX_DEFAULT_THREADS;
	return (unsigned)n * HTTP_THREADS_PER_CPU;
}

int http_serve(const struct http_config *cfg, http_app_fn app_fn, http_upload_fn upload_fn, void *app)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	if (parse_listen(cfg->listen, &ss, &sslen) != 0) {
		log_error("listen", "msg=\"bad listen address, want HOST:PORT\" listen=\"%s\"", cfg->listen);
		return -1;
	}
	/* Workers must not take the signals: the main thread waits for them. */
	sigset_t sigs, old;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);
	signal(SIGPIPE, SIG_IGN);

	struct server srv = {.cfg = cfg, .app_fn = app_fn, .upload_fn = upload_fn, .app = app};
	if (cfg->trusted_proxy && !canonical_address(cfg->trusted_proxy, srv.proxy, sizeof srv.proxy)) {
		log_error("listen", "msg=\"bad --trusted-proxy, want an IP address\" trusted_proxy=\"%s\"", cfg->trusted_proxy);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	pthread_mutex_init(&srv.lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&srv.wake, &ca);
	pthread_condattr_destroy(&ca);
	unsigned flags = HTTP_MHD_FLAGS;
	if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &srv,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)(cfg->threads ? cfg->threads : 1),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->conn_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->timeout_s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, &srv,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
		MHD_OPTION_END);
	if (!d) {
		log_error("listen", "msg=\"cannot start the server (address in use?)\" listen=\"%s\"", cfg->listen);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		pthread_cond_destroy(&srv.wake);
		pthread_mutex_destroy(&srv.lock);
		return -1;
	}
	pthread_t watcher;
	bool watching = pthread_create(&watcher, NULL, watch_heads, &srv) == 0;
	if (!watching) log_error("listen", "msg=\"cannot start the header-timeout watcher\"");
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[INET6_ADDRSTRLEN] = "";
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
	char url[INET6_ADDRSTRLEN + 32];
	snprintf(url, sizeof url, "http://%s%s%s:%u", ss.ss_family == AF_INET6 ? "[" : "", host,
		 ss.ss_family == AF_INET6 ? "]" : "", info ? (unsigned)info->port : 0u);
	if (cfg->on_listening) cfg->on_listening(url);
	log_info("listening", "url=%s threads=%u mhd_flags=0x%x", url, cfg->threads, flags);
	int sig = 0;
	sigwait(&sigs, &sig);
	log_info("stopping", "signal=%d", sig);
	/* Stop accepting, let handlers in progress finish, then close. */
	MHD_quiesce_daemon(d);
	MHD_stop_daemon(d);
	/* Every connection is closed now (and its slot gone). */
	pthread_mutex_lock(&srv.lock);
	srv.stopping = true;
	pthread_cond_signal(&srv.wake);
	pthread_mutex_unlock(&srv.lock);
	if (watching) pthread_join(watcher, NULL);
	pthread_cond_destroy(&srv.wake);
	pthread_mutex_destroy(&srv.lock);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	log_info("stopped", "signal=%d", sig);
	return 0;
}
