/* sender.h — the server's mail sender: a thread that claims the outbox's
 * due mails one at a time (domain/mail.h) and delivers them over SMTP with
 * libcurl, recording each outcome (sent, or queued again after a wait, or
 * failed after the last attempt). Each round first makes the survey
 * invitations that have come due (domain/trainings/survey.h). Without an
 * SMTP URL the thread only does that, and mails wait in the outbox. */
#ifndef SAMSYN_MAIL_SENDER_H
#define SAMSYN_MAIL_SENDER_H
#include <stdbool.h>

struct mail_sender_config {
	const char *smtp_url;  /* smtp://[user:password@]host:port or smtps://…; NULL: no sending */
	const char *from;      /* the From address; NULL: samsyn@localhost */
	const char *user, *password; /* NULL: from the URL, or none */
	bool starttls;         /* require STARTTLS on smtp:// */
	const char *db_url;    /* the database the outbox is in */
	int poll_ms;           /* how often the outbox is looked at when it had nothing due */
};

/* Starts the thread (also without cfg->smtp_url: the surveys are scheduled
 * all the same). Returns 0, or -1 when it could not (logged). cfg's strings must outlive the thread. */
int mail_sender_start(const struct mail_sender_config *cfg);
/* Stops it after the mail it is sending, if any, and waits for it. */
void mail_sender_stop(void);

#endif
