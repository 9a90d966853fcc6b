/* server.c — libmicrohttpd glue behind server.h. */
#include "server.h"
#include "../base/clock.h"
#include "../base/log.h"
#include "../base/mem.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

const char http_csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
	"form-action 'self'; frame-ancestors 'none'";

struct server {
	const struct http_config *cfg;
	http_app_fn app_fn;
	http_upload_fn upload_fn;
	void *app;
};

static void client_address(struct MHD_Connection *conn, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = 0;
	if (!ci || !ci->client_addr) return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)n);
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

static enum MHD_Result send_response(struct MHD_Connection *conn, struct request *r)
{
	enum MHD_ResponseMemoryMode mode = r->resp_mem == HTTP_MEM_FREE ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT;
	struct MHD_Response *resp = MHD_create_response_from_buffer(r->resp_len, r->resp ? r->resp : "", mode);
	if (!resp) return MHD_NO;
	if (r->resp_mem == HTTP_MEM_FREE) r->resp = NULL; /* the response owns it now */
	if (r->content_type) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	MHD_add_response_header(resp, "Content-Security-Policy", http_csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	const char *cache = r->cache_control ? r->cache_control : "no-store";
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
	for (struct http_kv *h = r->resp_headers; h; h = h->next)
		MHD_add_response_header(resp, h->name, h->value);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
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
				/* Bodies arrive in pieces; keep them in one heap block. */
				char *nb = arena_alloc(&r->arena, r->body_len + *upload_data_size + 1);
				if (r->body_len) memcpy(nb, r->body, r->body_len);
				memcpy(nb + r->body_len, upload_data, *upload_data_size);
				r->body_len += *upload_data_size;
				nb[r->body_len] = 0;
				r->body = nb;
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->status) return MHD_YES; /* already answered (413) */
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
	(void)conn;
	struct server *srv = cls;
	struct request *r = *con_cls;
	if (!r) return;
	if (srv->cfg->access_log) {
		/* Path only: query strings may carry search terms. */
		char user[24] = "-", method[16], path[256];
		if (r->log_user_id) snprintf(user, sizeof user, "%lld", (long long)r->log_user_id);
		log_info("request", "method=%s path=\"%s\" status=%d bytes=%zu ms=%.2f user=%s addr=%s%s",
			 log_clean(method, sizeof method, r->method), log_clean(path, sizeof path, r->path), r->status,
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

	struct server srv = {cfg, app_fn, upload_fn, app};
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC;
	if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &srv,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)(cfg->threads ? cfg->threads : 1),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->conn_limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->per_ip_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->timeout_s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
		MHD_OPTION_END);
	if (!d) {
		log_error("listen", "msg=\"cannot start the server (address in use?)\" listen=\"%s\"", cfg->listen);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[INET6_ADDRSTRLEN] = "";
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
	log_info("listening", "url=http://%s%s%s:%u threads=%u", ss.ss_family == AF_INET6 ? "[" : "", host,
		 ss.ss_family == AF_INET6 ? "]" : "", info ? (unsigned)info->port : 0u, cfg->threads);
	int sig = 0;
	sigwait(&sigs, &sig);
	log_info("stopping", "signal=%d", sig);
	/* Stop accepting, let handlers in progress finish, then close. */
	MHD_quiesce_daemon(d);
	MHD_stop_daemon(d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	log_info("stopped", "signal=%d", sig);
	return 0;
}
