-- 0029_rate_limits.sql — the public routes' request counters in the
-- database (issue 16 item 4, docs/operations.md "Stateless servers"): every
-- samsyn server behind a load balancer counts into the same row, so the
-- limit a client meets is the same however its requests are spread.

-- One row per client key (its address) and fixed window (window_start:
-- epoch seconds, a multiple of the window's length, so every server names
-- the same window). Taken with INSERT … ON CONFLICT (key, window_start)
-- DO UPDATE … RETURNING count; ended windows are deleted by the
-- scheduler's housekeeping (src/domain/jobs.c).
CREATE TABLE rate_limits (
  key TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);
