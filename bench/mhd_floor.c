/* mhd_floor.c — part (d) of bench/run.sh: a bare libmicrohttpd server that
 * answers every request with one fixed body and the headers Samsyn sends,
 * started with the daemon flags of `samsyn serve` (src/http/mhd_daemon.h),
 * the thread count it is given (bench/run.sh gives the one serve printed)
 * and serve's default connection limit and idle timeout. It does nothing else: no
 * routing, no session, no database, no per-request allocation of its own
 * (one response object, made once, queued for every request). What it
 * reaches is the ceiling libmicrohttpd sets for Samsyn at those settings.
 * Built by bench/run.sh (and bench/http_sweep.sh) with the system's cc.
 *   mhd_floor BODY_FILE THREADS [turbo] [poll|select] [per-connection]
 * The extra words change the flags, for the sweep of bench/http_sweep.sh.
 * Listens on a free loopback port, prints "url=http://127.0.0.1:PORT
 * threads=N mhd_flags=0xX" on standard output and serves until SIGTERM or
 * SIGINT. */
#include "mhd_daemon.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct MHD_Response *answer;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)cls, (void)url, (void)method, (void)version, (void)upload_data;
	static int seen;
	/* As Samsyn does: the first call has the head only, the answer is
	 * queued on the second (after any body, here discarded). */
	if (!*con_cls) {
		*con_cls = &seen;
		return MHD_YES;
	}
	if (*upload_data_size) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	return MHD_queue_response(conn, MHD_HTTP_OK, answer);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: mhd_floor BODY_FILE THREADS [turbo] [poll|select] [per-connection]\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	static char body[1 << 20];
	size_t len = fread(body, 1, sizeof body, f);
	fclose(f);
	unsigned threads = (unsigned)strtoul(argv[2], NULL, 10);
	unsigned flags = HTTP_MHD_FLAGS;
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "turbo") == 0) flags |= MHD_USE_TURBO;
		else if (strcmp(argv[i], "poll") == 0) flags = (flags & ~(unsigned)MHD_USE_EPOLL) | MHD_USE_POLL;
		else if (strcmp(argv[i], "select") == 0) flags &= ~(unsigned)MHD_USE_EPOLL;
		else if (strcmp(argv[i], "per-connection") == 0) {
			flags = (flags & ~(unsigned)MHD_USE_EPOLL) | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
			threads = 1; /* no pool with a thread per connection */
		} else {
			fprintf(stderr, "mhd_floor: unknown word %s\n", argv[i]);
			return 2;
		}
	}
	answer = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_PERSISTENT);
	/* The headers of Samsyn's answer (src/http/server.c: send_response,
	 * security_headers), in its order. */
	MHD_add_response_header(answer, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(answer, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
				"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
				"form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(answer, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(answer, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(answer, "X-Frame-Options", "DENY");
	MHD_add_response_header(answer, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(answer, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");

	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads ? threads : 1u,
		/* serve's --max-connections and --timeout defaults (src/cli/main.c);
		 * neither binds at the 64 connections of the bench. */
		MHD_OPTION_CONNECTION_LIMIT, 1024u,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "mhd_floor: MHD_start_daemon failed (flags 0x%x, threads %u)\n", flags, threads);
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("url=http://127.0.0.1:%u threads=%u mhd_flags=0x%x\n", info ? (unsigned)info->port : 0u, threads, flags);
	fflush(stdout);
	int sig;
	sigwait(&sigs, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(answer);
	return 0;
}
