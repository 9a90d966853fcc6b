/* main.c — the samsyn command line: a sorted table of subcommands, each
 * with getopt_long options and --help. Exit codes: 0 done, 1 failed,
 * 2 wrong usage. Settings also come from SAMSYN_* environment variables. */
#include "../api/api.h"
#include "../base/clock.h"
#include "../base/log.h"
#include "../base/mem.h"
#include "../domain/audit.h"
#include "../domain/figure_cache.h"
#include "../domain/auth.h"
#include "../domain/backup.h"
#include "../domain/employer_import.h"
#include "../domain/gen.h"
#include "../domain/gen_employers.h"
#include "../domain/links.h"
#include "../domain/mail.h"
#include "../domain/org.h"
#include "../domain/participant_import.h"
#include "../domain/user.h"
#include "../domain/matching/match.h"
#include "../domain/plans/handover.h"
#include "../domain/plans/plan.h"
#include "../http/server.h"
#include "../http/static_files.h"
#include "../mail/sender.h"
#include "../store/conn.h"
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SAMSYN_VERSION
#define SAMSYN_VERSION "0.0.0"
#endif
#ifndef SAMSYN_DEFAULT_WEB_ROOT
#define SAMSYN_DEFAULT_WEB_ROOT "web/dist"
#endif

#define EXIT_USAGE 2

static const struct actor system_actor = {0, 0, ROLE_ADMIN, "system", "System", false, NULL};

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v && *v ? v : fallback;
}

static int usage_error(const char *cmd, const char *msg)
{
	fprintf(stderr, "samsyn %s: %s\nTry 'samsyn %s --help'.\n", cmd, msg, cmd);
	return EXIT_USAGE;
}

/* Parses a whole positive number; -1 when s is not one. */
static long parse_count(const char *s)
{
	char *end;
	long v = s && *s ? strtol(s, &end, 10) : -1;
	return v >= 0 && s && *s && !*end ? v : -1;
}

/* Opens the database named by --db / SAMSYN_DB and, when migrate, brings
 * its schema up to this binary's. */
static struct store *open_db(const char *url, bool migrate, int *applied)
{
	struct err e;
	err_clear(&e);
	struct store *db = NULL;
	if (store_open(url, &db, &e) != 0 || (migrate && store_migrate(db, applied, &e) != 0)) {
		fprintf(stderr, "samsyn: %s\n", e.msg);
		store_close(db);
		return NULL;
	}
	return db;
}

/* A command's session: the database (migrated unless the command must see
 * it as it is), an arena and a context acting as the system (the CLI is run
 * by whoever runs the server). */
struct cli_session {
	struct store *db;
	struct arena a;
	struct ctx cx;
};

static bool cli_open(struct cli_session *ss, const char *url, bool migrate, int *applied)
{
	if (!(ss->db = open_db(url, migrate, applied))) return false;
	arena_init(&ss->a, 1 << 16);
	ctx_init(&ss->cx, ss->db, &ss->a, &system_actor, "cli");
	return true;
}

static void cli_close(struct cli_session *ss)
{
	audit_shutdown(); /* the reads it logged, written before the connection goes */
	arena_free(&ss->a);
	store_close(ss->db);
}

/* The options of a command that takes only --db (and --help): sets *dbpath
 * and leaves optind at its first argument. Returns -1 to go on, or the exit
 * status to return (0 after --help, EXIT_USAGE for an unknown option). */
static int db_option(int argc, char **argv, const char *cmd, const char *help, const char **dbpath)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	*dbpath = env_or("SAMSYN_DB", "data/samsyn.db");
	int c;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': *dbpath = optarg; break;
		case 'h': puts(help); return 0;
		default: return usage_error(cmd, "unknown option");
		}
	}
	return -1;
}

/* Reads one line (a password) from standard input, without its newline. */
static char *read_stdin_line(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
	return line;
}

static void print_err(const struct err *e)
{
	fprintf(stderr, "samsyn: %s\n", e->msg);
	for (int i = 0; i < e->nparams; i++) fprintf(stderr, "  %s: %s\n", e->params[i].name, e->params[i].reason);
}

/* ---- gen ---- */

static void gen_progress(int64_t done, int64_t total, void *arg)
{
	double t0 = *(const double *)arg;
	fprintf(stderr, "gen: %lld of %lld participants (%.1f s)\n", (long long)done, (long long)total,
		(clock_monotonic_ms() - t0) / 1000);
}

static int cmd_gen(int argc, char **argv)
{
	enum { O_QUIET = 256, O_VERSION };
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'},        {"participants", required_argument, 0, 'n'},
		{"enrolments", required_argument, 0, 'm'}, {"seed", required_argument, 0, 's'},
		{"today", required_argument, 0, 't'},     {"quiet", no_argument, 0, O_QUIET},
		{"version", no_argument, 0, O_VERSION},   {"help", no_argument, 0, 'h'},
		{0, 0, 0, 0}};
	const char *dbpath = env_or("SAMSYN_DB", "data/samsyn.db");
	char today[11];
	clock_today(today);
	struct gen_options go = {.participants = -1, .enrolments = -1, .seed = 1, .today = today};
	bool quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, "d:n:m:s:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'n':
			if ((go.participants = parse_count(optarg)) < 0 || go.participants > GEN_MAX_PARTICIPANTS)
				return usage_error("gen", "--participants wants 0-5000000");
			break;
		case 'm':
			if ((go.enrolments = parse_count(optarg)) < 0 || go.enrolments > GEN_MAX_ENROLMENTS)
				return usage_error("gen", "--enrolments wants 0-50000000");
			break;
		case 's': {
			char *end;
			go.seed = strtoull(optarg, &end, 10);
			if (!*optarg || *end || *optarg == '-') return usage_error("gen", "--seed wants a whole number");
			break;
		}
		case 't':
			if (!clock_valid_date(optarg)) return usage_error("gen", "--today wants a date YYYY-MM-DD");
			go.today = optarg;
			break;
		case O_QUIET: quiet = true; break;
		case O_VERSION: printf("gen %d\n", GEN_VERSION); return 0;
		case 'h':
			puts("Usage: samsyn gen --participants N [--enrolments M] [--seed S] [--today DATE] [--db FILE]\n\n"
			     "Fills a new database with a synthetic samordningsförbund: organisations, users\n"
			     "(without passwords), 20-50 interventions with partners, budgets, goals, volumes\n"
			     "and attendees, N participants with valid synthetic personnummer (about 3 %\n"
			     "anonymous) and M enrolments with SUS variables and outcomes. The same options\n"
			     "give the same data. The database must have no interventions or participants.\n"
			     "See docs/performance.md for the distributions.\n\n"
			     "  --participants N   0-5000000\n"
			     "  --enrolments M     0-50000000 (default 3 x N)\n"
			     "  --seed S           random seed (default 1)\n"
			     "  --today DATE       the data's today, YYYY-MM-DD (default today; SAMSYN_TODAY)\n"
			     "  --quiet            no progress lines on standard error\n"
			     "  --version          print the generator's version (it changes when the same\n"
			     "                     options give other data; bench/sus.sh keys its cache on it)\n"
			     "  --db FILE          database (env SAMSYN_DB, default data/samsyn.db)");
			return 0;
		default: return usage_error("gen", "unknown option");
		}
	}
	if (optind != argc) return usage_error("gen", "unexpected argument");
	if (go.participants < 0) return usage_error("gen", "--participants is required");
	if (go.enrolments < 0) go.enrolments = go.participants * 3;
	if (go.enrolments > GEN_MAX_ENROLMENTS) return usage_error("gen", "3 x N enrolments is too many; give --enrolments");
	if (go.participants == 0 && go.enrolments > 0) return usage_error("gen", "--enrolments needs participants");
	struct cli_session ss;
	if (!cli_open(&ss, dbpath, true, NULL)) return 1;
	double t0 = clock_monotonic_ms();
	if (!quiet) {
		go.progress = gen_progress;
		go.progress_arg = &t0;
	}
	struct gen_result r;
	int rc = gen_run(&ss.cx, &go, &r);
	double secs = (clock_monotonic_ms() - t0) / 1000;
	if (rc == 0) {
		printf("Generated %lld participants (%lld anonymous) and %lld enrolments (%lld ongoing) in %lld\n"
		       "interventions, with %lld new organisations and %lld new users, in %.1f s (%.1f s of it\n"
		       "building indexes; %.0f participants/s).\n",
		       (long long)r.participants, (long long)r.anonymous, (long long)r.enrolments, (long long)r.ongoing,
		       (long long)r.interventions, (long long)r.orgs, (long long)r.users, secs, r.index_seconds,
		       secs > 0 ? (double)r.participants / secs : 0.0);
	} else {
		print_err(&ss.cx.err);
	}
	cli_close(&ss);
	return rc == 0 ? 0 : 1;
}

static int cmd_gen_employers_csv(int argc, char **argv)
{
	static const struct option opts[] = {{"seed", required_argument, 0, 's'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *cmd = "gen employers-csv";
	uint64_t seed = 1;
	int c;
	while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
		switch (c) {
		case 's': {
			char *end;
			seed = strtoull(optarg, &end, 10);
			if (!*optarg || *end || *optarg == '-') return usage_error(cmd, "--seed wants a whole number");
			break;
		}
		case 'h':
			puts("Usage: samsyn gen employers-csv [--seed S] N > FILE.csv\n\n"
			     "Writes a synthetic company register extract of N rows (CSV with the header\n"
			     "orgnr,name,sni_code,size_class,municipality_code) to standard output, for\n"
			     "`samsyn import employers` and bench/employers.sh: valid organisationsnummer\n"
			     "and sole traders' personnummer (synthetic), real SNI 2007 codes, SCB-like\n"
			     "size classes, the 290 municipalities. The same N and seed give the same file.\n\n"
			     "  N            0-10000000 rows\n"
			     "  --seed S     random seed (default 1)");
			return 0;
		default: return usage_error(cmd, "unknown option");
		}
	}
	if (optind != argc - 1) return usage_error(cmd, "give the number of rows");
	long n = parse_count(argv[optind]);
	if (n < 0 || n > GEN_EMPLOYERS_MAX) return usage_error(cmd, "N wants 0-10000000");
	static char buf[1 << 16];
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	if (gen_employers_csv(stdout, n, seed) != 0) {
		fprintf(stderr, "samsyn %s: cannot write: %s\n", cmd, strerror(errno));
		return 1;
	}
	return 0;
}

/* ---- init ---- */

static int cmd_init(int argc, char **argv)
{
	const char *dbpath;
	int done = db_option(argc, argv, "init",
			     "Usage: samsyn init [--db FILE]\n\n"
			     "Creates the database or applies pending migrations. On the first run it\n"
			     "creates the organisation \"Samordningsförbundet\" and the user \"admin\", and\n"
			     "prints admin's one-time password (to be changed at first login).\n\n"
			     "  --db FILE   database file, or postgresql://USER@HOST:PORT/DB (env SAMSYN_DB,\n"
			     "              default data/samsyn.db)",
			     &dbpath);
	if (done >= 0) return done;
	if (optind != argc) return usage_error("init", "unexpected argument");
	int applied = 0;
	struct cli_session ss;
	if (!cli_open(&ss, dbpath, true, &applied)) return 1;
	int rc = 0;
	bool users = true;
	if (user_any(&ss.cx, &users) != 0) {
		print_err(&ss.cx.err);
		rc = 1;
	}
	printf("Database %s: schema version %d (%d migration%s applied).\n", dbpath, store_schema_version(ss.db), applied,
	       applied == 1 ? "" : "s");
	if (rc == 0 && !users) {
		struct org org = {0, "Samordningsförbundet", "forbund", NULL}, made;
		struct user_input in = {"admin", "Administratör", NULL, 0, ROLE_ADMIN, NULL, false};
		struct user u;
		const char *otp = NULL;
		if (org_create(&ss.cx, &org, &made) != 0) {
			print_err(&ss.cx.err);
			rc = 1;
		} else {
			in.org_id = made.id;
			if (user_create(&ss.cx, &in, &u, &otp) != 0) {
				print_err(&ss.cx.err);
				rc = 1;
			} else {
				printf("Created organisation \"%s\" and user \"admin\".\n", made.name);
				printf("one-time password: %s\n", otp);
				puts("Log in as admin with it; you will be asked to choose a new password.");
			}
		}
	}
	cli_close(&ss);
	return rc;
}

/* ---- serve ---- */

static int cmd_serve(int argc, char **argv)
{
	enum { O_BODY = 256, O_MAXCONN, O_PERIP, O_TIMEOUT, O_IDLE, O_ABS, O_SECURE, O_QUIET, O_FAILS, O_UPLOAD, O_BUSY, O_HEADER,
	       O_PROXY, O_SMTP_URL, O_SMTP_FROM, O_SMTP_USER, O_SMTP_PASSWORD, O_STARTTLS,
	       O_PUBLIC_URL, O_PUBLIC_RATE };
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'},          {"listen", required_argument, 0, 'l'},
		{"threads", required_argument, 0, 't'},     {"web-root", required_argument, 0, 'w'},
		{"body-limit", required_argument, 0, O_BODY}, {"max-connections", required_argument, 0, O_MAXCONN},
		{"per-ip-connections", required_argument, 0, O_PERIP}, {"timeout", required_argument, 0, O_TIMEOUT},
		{"session-idle", required_argument, 0, O_IDLE}, {"session-max", required_argument, 0, O_ABS},
		{"login-max-failures", required_argument, 0, O_FAILS}, {"upload-limit", required_argument, 0, O_UPLOAD},
		{"secure-cookies", no_argument, 0, O_SECURE}, {"quiet", no_argument, 0, O_QUIET},
		{"busy-wait", required_argument, 0, O_BUSY},
		{"header-timeout", required_argument, 0, O_HEADER}, {"trusted-proxy", required_argument, 0, O_PROXY},
		{"smtp-url", required_argument, 0, O_SMTP_URL}, {"smtp-from", required_argument, 0, O_SMTP_FROM},
		{"smtp-user", required_argument, 0, O_SMTP_USER}, {"smtp-password", required_argument, 0, O_SMTP_PASSWORD},
		{"smtp-starttls", no_argument, 0, O_STARTTLS},
		{"public-url", required_argument, 0, O_PUBLIC_URL}, {"public-rate-limit", required_argument, 0, O_PUBLIC_RATE},
		{"help", no_argument, 0, 'h'},              {0, 0, 0, 0}};
	const char *dbpath = env_or("SAMSYN_DB", "data/samsyn.db");
	const char *web_root = env_or("SAMSYN_WEB_ROOT", SAMSYN_DEFAULT_WEB_ROOT);
	struct http_config hc = {env_or("SAMSYN_LISTEN", "127.0.0.1:8080"), http_default_threads(), 1 << 20, 1024, 128, 30, 1, 256u << 20, 10,
				 env_or("SAMSYN_TRUSTED_PROXY", NULL), NULL};
	struct auth_config ac;
	auth_config_defaults(&ac);
	struct api_config apic = {0};
	/* Numeric settings: environment first, options override. */
	const char *vals[O_UPLOAD - O_BODY + 1] = {
		getenv("SAMSYN_BODY_LIMIT"), getenv("SAMSYN_MAX_CONNECTIONS"), getenv("SAMSYN_PER_IP_CONNECTIONS"),
		getenv("SAMSYN_TIMEOUT"), getenv("SAMSYN_SESSION_IDLE"), getenv("SAMSYN_SESSION_MAX"), NULL, NULL,
		getenv("SAMSYN_LOGIN_MAX_FAILURES"), getenv("SAMSYN_UPLOAD_LIMIT")};
	const char *threads = getenv("SAMSYN_THREADS");
	const char *busy_wait = getenv("SAMSYN_BUSY_WAIT_MS");
	const char *header_timeout = getenv("SAMSYN_HEADER_TIMEOUT");
	if (env_or("SAMSYN_SECURE_COOKIES", NULL)) apic.secure_cookies = 1;
	if (strcmp(env_or("SAMSYN_ACCESS_LOG", "1"), "0") == 0) hc.access_log = 0;
	struct mail_sender_config mc = {.smtp_url = env_or("SAMSYN_SMTP_URL", NULL), .from = env_or("SAMSYN_SMTP_FROM", NULL),
					.user = env_or("SAMSYN_SMTP_USER", NULL), .password = env_or("SAMSYN_SMTP_PASSWORD", NULL),
					.starttls = env_or("SAMSYN_SMTP_STARTTLS", NULL) != NULL};
	const char *public_url = env_or("SAMSYN_PUBLIC_URL", NULL);
	const char *public_rate = getenv("SAMSYN_PUBLIC_RATE_LIMIT");
	int c;
	while ((c = getopt_long(argc, argv, "d:l:t:w:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'l': hc.listen = optarg; break;
		case 't': threads = optarg; break;
		case 'w': web_root = optarg; break;
		case O_SECURE: apic.secure_cookies = 1; break;
		case O_QUIET: hc.access_log = 0; break;
		case O_BUSY: busy_wait = optarg; break;
		case O_HEADER: header_timeout = optarg; break;
		case O_PROXY: hc.trusted_proxy = optarg; break;
		case O_SMTP_URL: mc.smtp_url = optarg; break;
		case O_SMTP_FROM: mc.from = optarg; break;
		case O_SMTP_USER: mc.user = optarg; break;
		case O_SMTP_PASSWORD: mc.password = optarg; break;
		case O_STARTTLS: mc.starttls = true; break;
		case O_PUBLIC_URL: public_url = optarg; break;
		case O_PUBLIC_RATE: public_rate = optarg; break;
		case 'h':
			puts("Usage: samsyn serve [options]\n\n"
			     "Serves the API (/api/v1) and the web UI until SIGINT or SIGTERM.\n\n"
			     "  --db FILE                 database (env SAMSYN_DB, default data/samsyn.db)\n"
			     "  --listen HOST:PORT        address (env SAMSYN_LISTEN, default 127.0.0.1:8080; port 0 = any free)\n"
			     "  --threads N               worker threads (env SAMSYN_THREADS, default 4 per CPU, at most 64)\n"
			     "  --web-root DIR            built web UI (env SAMSYN_WEB_ROOT)\n"
			     "  --body-limit BYTES        largest request body (env SAMSYN_BODY_LIMIT, default 1048576)\n"
			     "  --upload-limit BYTES      largest text/csv body, an import; kept in a temp file, not\n"
			     "                            in memory (env SAMSYN_UPLOAD_LIMIT, default 268435456)\n"
			     "  --max-connections N       (env SAMSYN_MAX_CONNECTIONS, default 1024)\n"
			     "  --per-ip-connections N    (env SAMSYN_PER_IP_CONNECTIONS, default 128)\n"
			     "  --timeout SECONDS         idle connection timeout (env SAMSYN_TIMEOUT, default 30)\n"
			     "  --header-timeout SECONDS  time to send a whole request head, from the connect or the\n"
			     "                            previous request (env SAMSYN_HEADER_TIMEOUT, default 10)\n"
			     "  --trusted-proxy ADDR      the proxy in front (nginx): per-address limits and the login\n"
			     "                            throttle use the address it adds last to X-Forwarded-For\n"
			     "                            (env SAMSYN_TRUSTED_PROXY; default none: the peer's address)\n"
			     "  --session-idle SECONDS    session idle timeout (env SAMSYN_SESSION_IDLE, default 1800)\n"
			     "  --session-max SECONDS     session absolute timeout (env SAMSYN_SESSION_MAX, default 43200)\n"
			     "  --login-max-failures N    failed logins per username and per address in 15 min\n"
			     "                            before 429 (env SAMSYN_LOGIN_MAX_FAILURES, default 5)\n"
			     "  --busy-wait MS            how long a write waits for the database another writer holds\n"
			     "                            (an import) before it answers 503 (env SAMSYN_BUSY_WAIT_MS,\n"
			     "                            default 5000)\n"
			     "  --secure-cookies          mark the session cookie Secure (env SAMSYN_SECURE_COOKIES=1)\n"
			     "  --quiet                   no access log (env SAMSYN_ACCESS_LOG=0)\n"
			     "  --smtp-url URL            deliver the outbox's mails: smtp://[user:password@]host:port,\n"
			     "                            or smtps:// for TLS from the start (env SAMSYN_SMTP_URL;\n"
			     "                            default none: mails wait in the outbox)\n"
			     "  --smtp-from ADDR          the mails' From (env SAMSYN_SMTP_FROM, default samsyn@localhost)\n"
			     "  --smtp-user NAME          SMTP login (env SAMSYN_SMTP_USER; or in the URL)\n"
			     "  --smtp-password SECRET    (env SAMSYN_SMTP_PASSWORD; or in the URL)\n"
			     "  --smtp-starttls           require STARTTLS on smtp:// (env SAMSYN_SMTP_STARTTLS=1)\n"
			     "  --public-url URL          the address people outside reach Samsyn at, for the links in\n"
			     "                            mails (env SAMSYN_PUBLIC_URL, default the address served)\n"
			     "  --public-rate-limit N     requests a minute per address to the public pages' routes\n"
			     "                            before 429 (env SAMSYN_PUBLIC_RATE_LIMIT, default 60)");
			return 0;
		default:
			if (c >= O_BODY && c <= O_UPLOAD) {
				vals[c - O_BODY] = optarg;
				break;
			}
			return usage_error("serve", "unknown option");
		}
	}
	if (optind != argc) return usage_error("serve", "unexpected argument");
	if (mc.smtp_url && strncmp(mc.smtp_url, "smtp://", 7) != 0 && strncmp(mc.smtp_url, "smtps://", 8) != 0)
		return usage_error("serve", "--smtp-url wants smtp://host:port or smtps://host:port");
	if (mc.from && !mail_address_valid(mc.from)) return usage_error("serve", "--smtp-from wants an address name@domain");
	long v;
	static const char *names[] = {"--body-limit", "--max-connections", "--per-ip-connections", "--timeout",
				      "--session-idle", "--session-max", "", "", "--login-max-failures", "--upload-limit"};
	for (int i = 0; i <= O_UPLOAD - O_BODY; i++) {
		if (!vals[i]) continue;
		if ((v = parse_count(vals[i])) <= 0) {
			char msg[96];
			snprintf(msg, sizeof msg, "%s wants a positive whole number", names[i]);
			return usage_error("serve", msg);
		}
		switch (i + O_BODY) {
		case O_BODY: hc.body_limit = (size_t)v; break;
		case O_MAXCONN: hc.conn_limit = (unsigned)v; break;
		case O_PERIP: hc.per_ip_limit = (unsigned)v; break;
		case O_TIMEOUT: hc.timeout_s = (unsigned)v; break;
		case O_IDLE: ac.idle_timeout_s = v; break;
		case O_ABS: ac.absolute_timeout_s = v; break;
		case O_FAILS: ac.max_failures = (int)v; break;
		case O_UPLOAD: hc.upload_limit = (size_t)v; break;
		}
	}
	if (threads) {
		if ((v = parse_count(threads)) < 1 || v > 256) return usage_error("serve", "--threads wants 1-256");
		hc.threads = (unsigned)v;
	}
	if (header_timeout) {
		if ((v = parse_count(header_timeout)) < 1 || v > 3600) return usage_error("serve", "--header-timeout wants 1-3600 (s)");
		hc.header_timeout_s = (unsigned)v;
	}
	if (public_rate) {
		if ((v = parse_count(public_rate)) < 1 || v > 1000000000)
			return usage_error("serve", "--public-rate-limit wants a positive whole number");
		apic.public_rate_limit = (int)v;
	}
	if (public_url && strncmp(public_url, "http://", 7) != 0 && strncmp(public_url, "https://", 8) != 0)
		return usage_error("serve", "--public-url wants http://… or https://…");
	if (busy_wait) {
		if ((v = parse_count(busy_wait)) < 1 || v > 600000) return usage_error("serve", "--busy-wait wants 1-600000 (ms)");
		store_set_busy_wait((int)v);
	}
	/* A mistyped --db would otherwise serve a new, empty database that no
	 * one can log in to. (A PostgreSQL database is made by its operator:
	 * a mistyped one fails to connect.) */
	bool server = store_url_is_server(dbpath);
	if (!server && access(dbpath, F_OK) != 0) {
		fprintf(stderr, "samsyn: databasen %s finns inte. Skapa den med: samsyn init --db %s\n", dbpath, dbpath);
		return 1;
	}
	/* Made before 0600 databases (or copied with cp): say so, once. */
	char reads_path[4096];
	snprintf(reads_path, sizeof reads_path, "%s" STORE_READS_SUFFIX, dbpath);
	const char *const files[] = {dbpath, reads_path}, *const what[] = {"databasen", "läsloggen"};
	for (size_t i = 0; !server && i < 2; i++) {
		struct stat st;
		if (stat(files[i], &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)))
			fprintf(stderr,
				"samsyn: varning: %s %s kan läsas av fler än ägaren (rättigheter %03o), och den innehåller"
				" personuppgifter. Gör den privat: chmod 600 %s (och dess -wal- och -shm-filer).\n",
				what[i], files[i], (unsigned)(st.st_mode & 0777), files[i]);
	}
	struct store *db = open_db(dbpath, true, NULL);
	if (!db) return 1;
	/* The read log now, not at the first read: a server that cannot log
	 * reads must not serve them. */
	bool reads_ok = store_reads(db) != NULL;
	store_close(db);
	if (!reads_ok) {
		fprintf(stderr, "samsyn: kan inte öppna läsloggen %s.\n", server ? "(schemat reads)" : reads_path);
		return 1;
	}
	auth_configure(&ac);
	api_configure(&apic);
	/* Without --public-url, links name the address actually bound. */
	if (public_url) links_configure(public_url);
	else hc.on_listening = links_configure;
	store_thread_config(dbpath);
	int nfiles = static_load(web_root);
	if (nfiles < 0) log_error("web_root", "msg=\"cannot read the web UI; serving the API only\" dir=\"%s\"", web_root);
	else log_info("web_root", "dir=\"%s\" files=%d", web_root, nfiles);
	/* SIGINT and SIGTERM are for http_serve's sigwait alone: blocked before
	 * the first thread (the mail sender) starts, so that every thread
	 * inherits the mask. A thread made before with them unblocked could
	 * take a SIGTERM itself, and its default action ended the process by
	 * the signal instead of the clean stop (the read log written, exit 0). */
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	mc.db_url = dbpath;
	if (mail_sender_start(&mc) != 0) return 1;
	int rc = http_serve(&hc, api_handle, api_may_upload, NULL);
	mail_sender_stop(); /* after the mail it is sending, if any */
	audit_shutdown(); /* the last reads, written before the connections close */
	store_thread_close_all();
	static_free();
	figure_cache_clear();
	return rc == 0 ? 0 : 1;
}

/* ---- user ---- */

static int cmd_user_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'},   {"username", required_argument, 0, 'u'},
		{"name", required_argument, 0, 'n'}, {"org-id", required_argument, 0, 'o'},
		{"role", required_argument, 0, 'r'}, {"email", required_argument, 0, 'e'},
		{"password-stdin", no_argument, 0, 'p'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *dbpath = env_or("SAMSYN_DB", "data/samsyn.db");
	struct user_input in = {0};
	bool from_stdin = false;
	int c;
	while ((c = getopt_long(argc, argv, "d:u:n:o:r:e:ph", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'u': in.username = optarg; break;
		case 'n': in.name = optarg; break;
		case 'e': in.email = optarg; break;
		case 'o':
			if ((in.org_id = parse_count(optarg)) <= 0) return usage_error("user add", "--org-id wants a number");
			break;
		case 'r': {
			unsigned b = role_parse(optarg);
			if (!b) return usage_error("user add", "unknown role (admin, kansli, case_worker, employer_contact, trainer, reader)");
			in.roles |= b;
			break;
		}
		case 'p': from_stdin = true; break;
		case 'h':
			puts("Usage: samsyn user add --username U --name N --org-id ID --role R [--role R...]\n"
			     "                       [--email E] [--password-stdin] [--db FILE]\n\n"
			     "Creates a user. Without --password-stdin a one-time password is printed,\n"
			     "to be changed at first login; a password read from standard input is final\n"
			     "(operators, service accounts).");
			return 0;
		default: return usage_error("user add", "unknown option");
		}
	}
	if (optind != argc) return usage_error("user add", "unexpected argument");
	if (!in.username || !in.name || !in.org_id || !in.roles)
		return usage_error("user add", "--username, --name, --org-id and --role are required");
	char *pw = NULL;
	if (from_stdin && !(pw = read_stdin_line())) return usage_error("user add", "no password on standard input");
	in.password = pw;
	in.password_is_final = pw != NULL;
	struct cli_session ss;
	if (!cli_open(&ss, dbpath, true, NULL)) {
		free(pw);
		return 1;
	}
	struct user u;
	const char *otp;
	int rc = user_create(&ss.cx, &in, &u, &otp);
	if (rc == 0) {
		printf("Created user %s (id %lld).\n", u.username, (long long)u.id);
		if (otp) printf("one-time password: %s\n", otp);
	} else {
		print_err(&ss.cx.err);
	}
	free(pw);
	cli_close(&ss);
	return rc == 0 ? 0 : 1;
}

static int cmd_user_passwd(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {"username", required_argument, 0, 'u'},
					     {"password-stdin", no_argument, 0, 'p'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *dbpath = env_or("SAMSYN_DB", "data/samsyn.db"), *username = NULL;
	bool from_stdin = false;
	int c;
	while ((c = getopt_long(argc, argv, "d:u:ph", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'u': username = optarg; break;
		case 'p': from_stdin = true; break;
		case 'h':
			puts("Usage: samsyn user passwd --username U [--password-stdin] [--db FILE]\n\n"
			     "Sets a new password and ends the user's sessions. Without --password-stdin a\n"
			     "one-time password is printed, to be changed at the next login.");
			return 0;
		default: return usage_error("user passwd", "unknown option");
		}
	}
	if (optind != argc) return usage_error("user passwd", "unexpected argument");
	if (!username) return usage_error("user passwd", "--username is required");
	char *pw = NULL;
	if (from_stdin && !(pw = read_stdin_line())) return usage_error("user passwd", "no password on standard input");
	struct cli_session ss;
	if (!cli_open(&ss, dbpath, true, NULL)) {
		free(pw);
		return 1;
	}
	const char *use = pw ? pw : auth_generate_password(&ss.a);
	int rc = user_set_password(&ss.cx, username, use, pw == NULL);
	if (rc == 0) {
		printf("Password of %s changed.\n", username);
		if (!pw) printf("one-time password: %s\n", use);
	} else {
		print_err(&ss.cx.err);
	}
	free(pw);
	cli_close(&ss);
	return rc == 0 ? 0 : 1;
}

/* ---- import ---- */

/* What the two import commands share: options, opening the file and the
 * database, a system context. run imports from csv and prints the result;
 * it returns 0 or an ERR_* code. */
typedef int (*import_fn)(struct ctx *cx, struct csv_reader *csv);

static int import_command(int argc, char **argv, const char *cmd, const char *help, import_fn run)
{
	const char *dbpath;
	int done = db_option(argc, argv, cmd, help, &dbpath);
	if (done >= 0) return done;
	if (optind != argc - 1) return usage_error(cmd, "give one CSV file");
	const char *path = argv[optind];
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "samsyn %s: cannot open %s: %s\n", cmd, path, strerror(errno));
		return 1;
	}
	struct cli_session ss;
	if (!cli_open(&ss, dbpath, true, NULL)) {
		if (f != stdin) fclose(f);
		return 1;
	}
	struct csv_reader *csv = csv_open_file(f, NULL);
	int rc = run(&ss.cx, csv);
	if (rc != 0) print_err(&ss.cx.err);
	csv_close(csv);
	if (f != stdin) fclose(f);
	cli_close(&ss);
	return rc == 0 ? 0 : 1;
}

static void print_bad_line(long line, const char *reason, void *arg)
{
	(void)arg;
	fprintf(stderr, "rad %ld: %s\n", line, reason);
}

static int run_participant_import(struct ctx *cx, struct csv_reader *csv)
{
	struct import_result res;
	int rc = participant_import(cx, csv, &res);
	if (rc == 0)
		printf("Importerat: %lld nya deltagare, %lld befintliga, %lld inskrivningar.\n", (long long)res.created,
		       (long long)res.updated, (long long)res.enrolments);
	for (size_t i = 0; i < res.nerrors; i++) print_bad_line(res.errors[i].line, res.errors[i].reason, NULL);
	return rc;
}

static int cmd_import_participants(int argc, char **argv)
{
	return import_command(argc, argv, "import participants",
			      "Usage: samsyn import participants [--db FILE] FILE.csv\n\n"
			      "Imports participants and their enrolments from a CSV file (columns in\n"
			      "docs/followup.md), all or nothing: with any bad line nothing is imported\n"
			      "and every bad line is listed on standard error. '-' reads standard input.",
			      run_participant_import);
}

static int run_employer_import(struct ctx *cx, struct csv_reader *csv)
{
	struct employer_import_result res;
	struct employer_import_options opt = {.on_error = print_bad_line};
	int rc = employer_import(cx, csv, &opt, &res);
	if (rc == 0)
		printf("Importerat: %lld rader, %lld nya arbetsgivare, %lld uppdaterade.\n", (long long)res.rows,
		       (long long)res.created, (long long)res.updated);
	if (rc == 0)
		printf("Tid: läsning och kontroll %.2f s (%d %s), väntan på databasen %.2f s, databasen låst för andra"
		       " skrivningar %.2f s.\n", res.check_ms / 1000, res.check_threads,
		       res.check_threads == 1 ? "tråd" : "trådar", res.wait_ms / 1000, res.locked_ms / 1000);
	return rc;
}

static int cmd_import_employers(int argc, char **argv)
{
	return import_command(argc, argv, "import employers",
			      "Usage: samsyn import employers [--db FILE] FILE.csv\n\n"
			      "Imports a company register extract into the employer register: header\n"
			      "orgnr,name,sni_code,size_class,municipality_code (any order; address,\n"
			      "postal_code and city optional; scb_size_code instead of size_class for\n"
			      "SCB's codes 0-16), see docs/employers.md. Upsert by orgnr, all or nothing:\n"
			      "with any bad line nothing is imported and every bad line is listed on\n"
			      "standard error. Streams the file: a whole-country extract goes in one run.\n"
			      "'-' reads standard input.",
			      run_employer_import);
}

/* ---- token ---- */

static int cmd_token(int argc, char **argv, bool create)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {"username", required_argument, 0, 'u'},
					     {"id", required_argument, 0, 'i'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *cmd = create ? "token create" : "token revoke";
	const char *dbpath = env_or("SAMSYN_DB", "data/samsyn.db"), *username = NULL;
	long id = 0;
	int c;
	while ((c = getopt_long(argc, argv, "d:u:i:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'u': username = optarg; break;
		case 'i':
			if ((id = parse_count(optarg)) <= 0) return usage_error(cmd, "--id wants a number");
			break;
		case 'h':
			puts(create ? "Usage: samsyn token create --username U [--db FILE]\n\n"
				      "Prints a new API token for U (use as 'Authorization: Bearer TOKEN').\n"
				      "Only a hash is stored: the token cannot be shown again."
				    : "Usage: samsyn token revoke --id ID [--db FILE]\n\nRevokes the API token with that id.");
			return 0;
		default: return usage_error(cmd, "unknown option");
		}
	}
	if (optind != argc) return usage_error(cmd, "unexpected argument");
	if (create && !username) return usage_error(cmd, "--username is required");
	if (!create && !id) return usage_error(cmd, "--id is required");
	struct cli_session ss;
	if (!cli_open(&ss, dbpath, true, NULL)) return 1;
	char *token;
	int64_t tid = id;
	int rc = create ? auth_token_create(&ss.cx, username, &token, &tid) : auth_token_revoke(&ss.cx, tid);
	if (rc != 0) print_err(&ss.cx.err);
	else if (create) printf("%s\n", token), fprintf(stderr, "Token id %lld for %s.\n", (long long)tid, username);
	else printf("Token %lld revoked.\n", (long long)tid);
	cli_close(&ss);
	return rc == 0 ? 0 : 1;
}

static int cmd_token_create(int argc, char **argv) { return cmd_token(argc, argv, true); }
static int cmd_token_revoke(int argc, char **argv) { return cmd_token(argc, argv, false); }

static int cmd_backup(int argc, char **argv)
{
	const char *dbpath;
	int done = db_option(argc, argv, "backup",
			     "Usage: samsyn backup [--db FILE] COPY.db\n\n"
			     "Writes a consistent copy of the whole database to COPY.db, also while\n"
			     "`samsyn serve` runs and writes. COPY.db must not exist; it is made readable\n"
			     "by its owner only (it holds personal data), and the copy is audited.\n"
			     "The read log (FILE" STORE_READS_SUFFIX ": who read which participant) is copied to\n"
			     "COPY.db" STORE_READS_SUFFIX ", which must not exist either.\n"
			     "To restore: stop the server and put the two copies in place of the database\n"
			     "file and its read log.",
			     &dbpath);
	if (done >= 0) return done;
	if (optind != argc - 1) return usage_error("backup", "give the file to write the copy to");
	/* The database as it is: a backup before an upgrade must not be of the
	 * upgraded schema, and a mistyped --db must not make a new, empty one. */
	if (!store_url_is_server(dbpath) && access(dbpath, F_OK) != 0) {
		fprintf(stderr, "samsyn: databasen %s finns inte.\n", dbpath);
		return 1;
	}
	struct cli_session ss;
	if (!cli_open(&ss, dbpath, false, NULL)) return 1;
	int rc = backup_database(&ss.cx, argv[optind]);
	if (rc == 0) printf("Säkerhetskopia skriven till %s.\n", argv[optind]);
	else print_err(&ss.cx.err);
	cli_close(&ss);
	return rc == 0 ? 0 : 1;
}

static int cmd_copy(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, 0, 'f'}, {"to", required_argument, 0, 't'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *from = env_or("SAMSYN_DB", "data/samsyn.db"), *to = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "f:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'h':
			puts("Usage: samsyn copy [--from DB] --to DB\n\n"
			     "Copies a whole database, with every row, id and audit event and the read\n"
			     "log, into an empty database of either engine: a SQLite file or a\n"
			     "postgresql://… address (docs/operations.md, \"Moving a förbund\"). The target\n"
			     "is migrated to this version first and must have no user and no audit event.\n"
			     "Every table is then read back and compared by its row count and checksum.\n"
			     "Stop the servers of the source first: it is read in one transaction.\n"
			     "--from defaults to $SAMSYN_DB or data/samsyn.db.");
			return 0;
		default: return usage_error("copy", "unknown option");
		}
	}
	if (!to || optind != argc) return usage_error("copy", "give --to, the database to copy into");
	if (!store_url_is_server(from) && access(from, F_OK) != 0) {
		fprintf(stderr, "samsyn: databasen %s finns inte.\n", from);
		return 1;
	}
	struct cli_session ss;
	if (!cli_open(&ss, from, false, NULL)) return 1;
	struct copy_result *r = xcalloc(1, sizeof *r);
	int rc = copy_database(&ss.cx, to, r);
	if (rc == 0) {
		int64_t rows = 0;
		for (int i = 0; i < r->ntables; i++) {
			printf("%-32s %12lld rader  kontrollsumma %016llx\n", r->tables[i].name, (long long)r->tables[i].rows,
			       (unsigned long long)r->tables[i].checksum);
			rows += r->tables[i].rows;
		}
		printf("Kopierade %d tabeller och %lld rader; antal och kontrollsummor stämmer i målet.\n", r->ntables, (long long)rows);
	} else {
		print_err(&ss.cx.err);
	}
	free(r);
	cli_close(&ss);
	return rc == 0 ? 0 : 1;
}

static int cmd_version(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("samsyn %s\n", SAMSYN_VERSION);
	return 0;
}

/* The ranking statements of matching, as the server runs them, for the
 * benchmark to run the same text in the sqlite3 shell (its :named
 * parameters bound there with .param set). */
static int cmd_matching_sql_candidates(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("%s;\n", match_sql_candidates);
	return 0;
}

static int cmd_matching_sql_candidates_far(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("%s;\n", match_sql_candidates_far);
	return 0;
}

static int cmd_matching_sql_matches(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("%s;\n", match_sql_matches);
	return 0;
}

/* The statements of the handover inbox and the plan list (the
 * re-actualisation list), as the server runs them, for bench/plans.sh. */
static int cmd_plans_sql(const char *sql)
{
	printf("%s;\n", sql);
	return 0;
}
static int cmd_plans_sql_inbox(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_plans_sql(plan_handover_inbox_sql);
}
static int cmd_plans_sql_inbox_count(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_plans_sql(plan_handover_inbox_count_sql);
}
static int cmd_plans_sql_list(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_plans_sql(plan_list_sql);
}
static int cmd_plans_sql_list_count(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_plans_sql(plan_list_count_sql);
}
static int cmd_plans_sql_review(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_plans_sql(plan_review_sql);
}
static int cmd_plans_sql_review_count(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_plans_sql(plan_review_count_sql);
}

/* Sorted by name, as Fossil's command table. */
static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{"backup", cmd_backup, "write a consistent copy of the database (also while serving)"},
	{"copy", cmd_copy, "copy a whole database into an empty one (SQLite or PostgreSQL), verified"},
	{"gen", cmd_gen, "fill a new database with a synthetic förbund (benchmarks, demos)"},
	{"gen employers-csv", cmd_gen_employers_csv, "write a synthetic company register extract (CSV)"},
	{"import employers", cmd_import_employers, "import a company register extract (CSV) into the employer register"},
	{"import participants", cmd_import_participants, "import participants and enrolments from CSV"},
	{"init", cmd_init, "create or migrate the database; first run creates admin"},
	{"matching-sql candidates", cmd_matching_sql_candidates, "print the SQL that ranks a place's near candidates (a tier)"},
	{"matching-sql candidates-far", cmd_matching_sql_candidates_far, "print the SQL that ranks a place's far candidates"},
	{"matching-sql matches", cmd_matching_sql_matches, "print the SQL that ranks the places for a participant"},
	{"plans-sql inbox", cmd_plans_sql_inbox, "print the SQL of a page of the handover inbox"},
	{"plans-sql inbox-count", cmd_plans_sql_inbox_count, "print the SQL that counts the handover inbox"},
	{"plans-sql list", cmd_plans_sql_list, "print the SQL of a page of the plan list"},
	{"plans-sql list-count", cmd_plans_sql_list_count, "print the SQL that counts the plan list"},
	{"plans-sql review", cmd_plans_sql_review, "print the SQL of a page of the plans to re-actualise"},
	{"plans-sql review-count", cmd_plans_sql_review_count, "print the SQL that counts the plans to re-actualise"},
	{"serve", cmd_serve, "serve the API and the web UI"},
	{"token create", cmd_token_create, "print a new API token for a user"},
	{"token revoke", cmd_token_revoke, "revoke an API token"},
	{"user add", cmd_user_add, "create a user"},
	{"user passwd", cmd_user_passwd, "set a user's password"},
	{"version", cmd_version, "print the version"},
};

/* Is word the first of a two-word command ("user add")? */
static bool two_words(const char *word)
{
	size_t n = strlen(word);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strncmp(commands[i].name, word, n) == 0 && commands[i].name[n] == ' ') return true;
	return false;
}

static void usage(FILE *f)
{
	fputs("Usage: samsyn COMMAND [options]   (samsyn COMMAND --help for its options)\n\nCommands:\n", f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-20s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) return cmd_version(0, NULL);
	if (auth_init() != 0) {
		fputs("samsyn: libsodium failed to initialise\n", stderr);
		return 1;
	}
	/* Two-word commands first: "gen employers-csv" before "gen". */
	for (int words = 2; words >= 1; words--)
		for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
			const char *name = commands[i].name, *sp = strchr(name, ' ');
			if ((sp ? 2 : 1) != words) continue;
			if (sp ? (argc >= 3 && strncmp(argv[1], name, (size_t)(sp - name)) == 0 && argv[1][sp - name] == 0 &&
				  strcmp(argv[2], sp + 1) == 0)
			       : strcmp(argv[1], name) == 0) {
				/* getopt sees the subcommand as argv[0]. */
				return commands[i].fn(argc - words, argv + words);
			}
		}
	fprintf(stderr, "samsyn: unknown command '%s%s%s'\n", argv[1], argc >= 3 && two_words(argv[1]) ? " " : "",
		argc >= 3 && two_words(argv[1]) ? argv[2] : "");
	usage(stderr);
	return EXIT_USAGE;
}
