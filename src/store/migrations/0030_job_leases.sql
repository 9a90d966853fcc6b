-- 0030_job_leases.sql — scheduled jobs run by one server at a time
-- (issue 16 item 4, docs/operations.md "Scheduled jobs"): a job's lease
-- row names the server holding it and until when (epoch seconds). Taken
-- with one conditional INSERT … ON CONFLICT (name) DO UPDATE … WHERE the
-- holder is the same or the lease has ended, so two servers never both
-- hold it. What a job does is idempotent on its own as well (a survey
-- invitation is unique per registration and wave, a reminder is marked
-- on its booking), so even two holders in a race cannot send twice.
CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,  -- host, process id and a random part of the server holding it
  until BIGINT NOT NULL  -- the lease ends at this epoch second unless renewed
);
