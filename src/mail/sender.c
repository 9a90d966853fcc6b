/* sender.c — the mail sender thread (sender.h): on each round it first
 * runs the scheduled jobs — the survey invitations and the SYV reminders
 * that have come due (their mails go into the outbox), the housekeeping —
 * when this server holds their lease (domain/jobs.h: one server of many
 * runs them), then sends the outbox's due mails through libcurl's SMTP,
 * one at a time (every server does: each mail is claimed by one). */
#include "sender.h"
#include "message.h"
#include "../base/clock.h"
#include "../base/log.h"
#include "../domain/links.h"
#include "../domain/jobs.h"
#include "../domain/mail.h"
#include "../domain/trainings/survey.h"
#include "../domain/plans/guidance.h"
#include "../store/conn.h"
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

static struct mail_sender_config config;
static pthread_t thread;
static bool running;
static bool stopping;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;

struct upload {
	const char *data;
	size_t left;
};

static size_t read_message(char *buf, size_t size, size_t nitems, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nitems < u->left ? size * nitems : u->left;
	memcpy(buf, u->data, n);
	u->data += n;
	u->left -= n;
	return n;
}

/* Delivers one mail; NULL when the SMTP server took it, else why not
 * (in arena a). */
static const char *deliver(struct arena *a, const struct mail *m)
{
	const char *from = config.from ? config.from : "samsyn@localhost";
	const char *message = mail_format_message(a, from, m->recipient, m->subject, m->body, clock_now(), m->id);
	struct upload u = {message, strlen(message)};
	CURL *curl = curl_easy_init();
	if (!curl) return "libcurl kunde inte starta";
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt = curl_slist_append(NULL, m->recipient);
	curl_easy_setopt(curl, CURLOPT_URL, config.smtp_url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
	curl_easy_setopt(curl, CURLOPT_READDATA, &u);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
	/* The whole delivery, well within the claim's lease (MAIL_CLAIM_LEASE_S). */
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
	if (config.user) curl_easy_setopt(curl, CURLOPT_USERNAME, config.user);
	if (config.password) curl_easy_setopt(curl, CURLOPT_PASSWORD, config.password);
	if (config.starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	CURLcode rc = curl_easy_perform(curl);
	long response = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(curl);
	if (rc == CURLE_OK) return NULL;
	return arena_printf(a, "%s (SMTP-svar %ld)", *errbuf ? errbuf : curl_easy_strerror(rc), response);
}

/* Sends what is due; returns when nothing is (or on a fault). */
static void send_due(struct store *db)
{
	static const struct actor system = {.user_id = 0, .username = "system", .name = "Samsyn"};
	for (;;) {
		pthread_mutex_lock(&lock);
		bool stop = stopping;
		pthread_mutex_unlock(&lock);
		if (stop) return;
		struct arena a;
		arena_init(&a, 16 * 1024);
		struct ctx c;
		ctx_init(&c, db, &a, &system, "mail-sender");
		struct mail m;
		int rc = mail_claim_due(&c, &m);
		if (rc == 1) {
			const char *error = deliver(&a, &m);
			if (!error) log_info("mail_sent", "id=%lld attempts=%lld", (long long)m.id, (long long)m.attempts);
			else log_warn("mail_failed", "id=%lld attempts=%lld error=\"%s\"", (long long)m.id, (long long)m.attempts, error);
			/* The outcome must be written: a mail left 'sending' is sent
			 * again when its lease ends. So a busy database (an import
			 * holding it) is waited out a few times over. */
			struct ctx done;
			for (int tries = 0; tries < 10; tries++) {
				ctx_init(&done, db, &a, &system, "mail-sender");
				if ((error ? mail_mark_failed(&done, &m, error) : mail_mark_sent(&done, &m)) != ERR_BUSY) break;
			}
			if (done.err.code) log_error("mail_outbox", "id=%lld msg=\"%s\"", (long long)m.id, done.err.msg);
		} else if (rc != 0) {
			log_error("mail_outbox", "msg=\"%s\"", c.err.msg);
		}
		arena_free(&a);
		if (rc != 1) return;
	}
}

/* The survey invitations due now (domain/trainings/survey.h): made here,
 * in the thread that sends them, so that they are queued without a
 * request and also when there is no SMTP relay (they wait in the outbox).
 * Not before the links' base is known: the mails carry links. */
static void schedule_surveys(struct store *db)
{
	if (!links_ready()) return;
	static const struct actor system = {.user_id = 0, .username = "system", .name = "Samsyn"};
	struct arena a;
	arena_init(&a, 16 * 1024);
	struct ctx c;
	ctx_init(&c, db, &a, &system, "mail-sender");
	int made = 0;
	if (survey_schedule_due(&c, &made) != 0) log_error("survey_schedule", "msg=\"%s\"", c.err.msg);
	else if (made) log_info("survey_schedule", "invitations=%d", made);
	arena_free(&a);
}

/* The SYV reminders due now (domain/plans/guidance.h), queued here for the
 * same reasons as the surveys; they carry no link. */
static void schedule_reminders(struct store *db)
{
	static const struct actor system = {.user_id = 0, .username = "system", .name = "Samsyn"};
	struct arena a;
	arena_init(&a, 16 * 1024);
	struct ctx c;
	ctx_init(&c, db, &a, &system, "mail-sender");
	int made = 0;
	if (guidance_remind_due(&c, &made) != 0) log_error("guidance_reminders", "msg=\"%s\"", c.err.msg);
	else if (made) log_info("guidance_reminders", "queued=%d", made);
	arena_free(&a);
}

/* The rate limits' ended windows (domain/jobs.h), at most once a minute. */
static void housekeeping(struct store *db)
{
	static int64_t last;
	int64_t now = clock_now();
	if (now - last < 60) return;
	static const struct actor system = {.user_id = 0, .username = "system", .name = "Samsyn"};
	struct arena a;
	arena_init(&a, 4 * 1024);
	struct ctx c;
	ctx_init(&c, db, &a, &system, "scheduler");
	if (jobs_housekeeping(&c, now) != 0) log_error("housekeeping", "msg=\"%s\"", c.err.msg);
	else last = now;
	arena_free(&a);
}

/* Whether this server runs the scheduled jobs this round: it holds their
 * lease, taken or renewed now. Logged when that changes. */
static bool scheduler_lease(struct store *db, bool release)
{
	static bool held;
	struct arena a;
	arena_init(&a, 4 * 1024);
	struct ctx c;
	ctx_init(&c, db, &a, NULL, "scheduler");
	int rc = release ? job_lease_release(&c, JOB_SCHEDULER, job_holder())
			 : job_lease_take(&c, JOB_SCHEDULER, job_holder(), clock_now(), JOB_LEASE_S);
	if (rc < 0) log_warn("scheduler", "msg=\"%s\"", c.err.msg);
	arena_free(&a);
	bool now_held = !release && rc == 1;
	if (now_held != held) log_info("scheduler", "lease=%s holder=%s", now_held ? "taken" : "given_up", job_holder());
	held = now_held;
	return held;
}

static void *run(void *arg)
{
	(void)arg;
	struct store *db = NULL;
	struct err e = {0};
	if (store_open(config.db_url, &db, &e) != 0) {
		log_error("mail_sender", "msg=\"cannot open the database\" detail=\"%s\"", e.msg);
		return NULL;
	}
	for (;;) {
		if (scheduler_lease(db, false)) {
			schedule_surveys(db);
			schedule_reminders(db);
			housekeeping(db);
		}
		if (config.smtp_url) send_due(db);
		pthread_mutex_lock(&lock);
		if (!stopping) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += config.poll_ms / 1000;
			until.tv_nsec += (long)(config.poll_ms % 1000) * 1000000L;
			if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
			pthread_cond_timedwait(&wake, &lock, &until);
		}
		bool stop = stopping;
		pthread_mutex_unlock(&lock);
		if (stop) break;
	}
	scheduler_lease(db, true);
	store_close(db);
	return NULL;
}

int mail_sender_start(const struct mail_sender_config *cfg)
{
	config = *cfg;
	if (config.poll_ms <= 0) config.poll_ms = 1000;
	if (!cfg->smtp_url)
		log_info("mail_sender", "msg=\"no --smtp-url: mails wait in the outbox\"");
	else if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_error("mail_sender", "msg=\"libcurl could not start\"");
		return -1;
	}
	stopping = false;
	if (pthread_create(&thread, NULL, run, NULL) != 0) {
		log_error("mail_sender", "msg=\"cannot start the thread\" errno=%d", errno);
		return -1;
	}
	running = true;
	if (config.smtp_url)
		log_info("mail_sender", "msg=\"sending the outbox's mails\" from=\"%s\"", config.from ? config.from : "samsyn@localhost");
	return 0;
}

void mail_sender_stop(void)
{
	if (!running) return;
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
	running = false;
	if (config.smtp_url) curl_global_cleanup();
}
