/* h2o_floor.c — not part of any script: the measurement behind "what b/c
 * another HTTP library would give" in docs/performance.md. The bare
 * server of bench/mhd_floor.c, written on h2o's library (Debian's
 * libh2o-evloop-dev): every request gets BODY_FILE with Samsyn's headers
 * (h2o adds Server and Connection). bench/http_sweep.sh runs it with
 * SWEEP_H2O=1.
 * THREADS event loops, each with its own listening socket on one port
 * (SO_REUSEPORT), as h2o's own server runs one loop per core.
 *   cc -O2 -pthread -DH2O_USE_LIBUV=0 bench/h2o_floor.c -lh2o-evloop -o h2o_floor
 *   h2o_floor BODY_FILE THREADS PORT */
#define _GNU_SOURCE
#include <h2o.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

static h2o_globalconf_t config;
static char body[1 << 20];
static size_t body_len;
static int port;

static int on_req(h2o_handler_t *self, h2o_req_t *req)
{
	(void)self;
	static const struct {
		const char *name, *value;
	} headers[] = {
		{"content-type", "application/json"},
		{"content-security-policy",
		 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; "
		 "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
		{"x-content-type-options", "nosniff"},
		{"referrer-policy", "no-referrer"},
		{"x-frame-options", "DENY"},
		{"cross-origin-opener-policy", "same-origin"},
		{"cache-control", "no-store"},
	};
	req->res.status = 200;
	req->res.reason = "OK";
	for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
		h2o_add_header_by_str(&req->pool, &req->res.headers, headers[i].name, strlen(headers[i].name), 1, NULL,
				      headers[i].value, strlen(headers[i].value));
	req->res.content_length = body_len;
	h2o_send_inline(req, body, body_len);
	return 0;
}

struct loop {
	h2o_context_t ctx;
	h2o_accept_ctx_t accept_ctx;
};

static void on_accept(h2o_socket_t *listener, const char *err)
{
	if (err) return;
	struct loop *l = listener->data;
	h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
	if (sock) h2o_accept(&l->accept_ctx, sock);
}

static void *run(void *arg)
{
	struct loop *l = arg;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), on = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, SOMAXCONN) != 0) {
		perror("h2o_floor: bind/listen");
		exit(1);
	}
	h2o_context_init(&l->ctx, h2o_evloop_create(), &config);
	l->accept_ctx.ctx = &l->ctx;
	l->accept_ctx.hosts = config.hosts;
	h2o_socket_t *sock = h2o_evloop_socket_create(l->ctx.loop, fd, H2O_SOCKET_FLAG_DONT_READ);
	sock->data = l;
	h2o_socket_read_start(sock, on_accept);
	while (h2o_evloop_run(l->ctx.loop, INT32_MAX) == 0)
		;
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: h2o_floor BODY_FILE THREADS PORT\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) return perror(argv[1]), 1;
	body_len = fread(body, 1, sizeof body, f);
	fclose(f);
	int threads = atoi(argv[2]);
	port = atoi(argv[3]);
	signal(SIGPIPE, SIG_IGN);
	h2o_config_init(&config);
	h2o_hostconf_t *host = h2o_config_register_host(&config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
	h2o_pathconf_t *path = h2o_config_register_path(host, "/", 0);
	h2o_handler_t *handler = h2o_create_handler(path, sizeof *handler);
	handler->on_req = on_req;
	pthread_t tid[64];
	struct loop *loops = calloc((size_t)threads, sizeof *loops);
	for (int i = 0; i < threads && i < 64; i++) pthread_create(&tid[i], NULL, run, &loops[i]);
	printf("url=http://127.0.0.1:%d threads=%d\n", port, threads);
	fflush(stdout);
	pthread_join(tid[0], NULL);
	return 0;
}
