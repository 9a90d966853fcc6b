/* mhd_daemon.h — the flags `samsyn serve` starts libmicrohttpd with. One
 * source for src/http/server.c and the benchmark's bare libmicrohttpd
 * server (bench/mhd_floor.c), so that bench/run.sh compares the two at
 * equal settings. Both print the flags they started with (mhd_flags=),
 * and bench/run.sh says so when they differ. */
#ifndef SAMSYN_MHD_DAEMON_H
#define SAMSYN_MHD_DAEMON_H
#include <stdarg.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <microhttpd.h>

/* Epoll in each thread of the pool (MHD_OPTION_THREAD_POOL_SIZE; one
 * thread is one internal polling thread, no pool). ITC: a worker is woken
 * at once when the daemon is stopped. */
#define HTTP_MHD_FLAGS (MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC | HTTP_MHD_EXTRA_FLAGS)

/* The pool `samsyn serve` starts without --threads: this many threads per
 * CPU it may run on, at most HTTP_MAX_DEFAULT_THREADS (each keeps its own
 * SQLite connections). A handler blocks its thread, and the connections
 * the thread holds, while it runs; more threads than CPUs measured best
 * (docs/performance.md, Threads). */
#define HTTP_THREADS_PER_CPU 4u
#define HTTP_MAX_DEFAULT_THREADS 64u

/* For measuring a variant (bench/http_sweep.sh): a build with
 * -DHTTP_MHD_EXTRA_FLAGS=MHD_USE_TURBO, for instance. */
#ifndef HTTP_MHD_EXTRA_FLAGS
#define HTTP_MHD_EXTRA_FLAGS 0
#endif

#endif
