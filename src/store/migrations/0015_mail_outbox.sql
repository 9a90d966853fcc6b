-- 0015_mail_outbox.sql — the outbox: every mail Samsyn sends is first a row
-- here, written in the transaction of the change it tells about (so a mail
-- is queued exactly when its change commits), then delivered by the
-- server's sender thread (src/mail/sender.c) with retries.
-- state: queued (waiting for next_attempt_at), sending (claimed by one
-- sender), sent, failed (given up after the last attempt).
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
-- The sender's query: the next due mail of those queued.
CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_at, id);
