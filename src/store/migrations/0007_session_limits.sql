-- 0007_session_limits.sql — a session keeps the limits of the server that
-- made it. Servers started with different --session-idle or --session-max
-- share one database: each judged every session by its own limits, so a
-- server with a short idle limit ended the sessions of one with a long
-- limit (and the other way round kept them too long). Now the idle limit
-- and the absolute end are written with the session at login.
ALTER TABLE sessions ADD COLUMN idle_seconds BIGINT NOT NULL DEFAULT 1800;
ALTER TABLE sessions ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
-- Sessions of before: the defaults they were made under.
UPDATE sessions SET expires_at = created_at + 43200;
