-- 0026_guidance.sql — SYV guidance times and their bookings (issue 15
-- item 5, docs/plans.md "SYV-tider").

-- A bookable time a counsellor (a case worker, or an admin on her behalf)
-- publishes at a place. participant_id is the booked participant, NULL
-- while the time is free: a booking is the conditional
-- UPDATE … WHERE participant_id IS NULL, so one time holds one person
-- however many try at once. A removed time keeps its row (its cancelled
-- bookings count in the report) with removed_at set.
CREATE TABLE guidance_times (
  id INTEGER PRIMARY KEY,
  counsellor_user_id BIGINT NOT NULL REFERENCES users(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),            -- the counsellor's organisation
  starts_at TEXT NOT NULL,                               -- RFC 3339 UTC
  ends_at TEXT NOT NULL,
  place TEXT NOT NULL,
  participant_id BIGINT REFERENCES participants(id),
  created_by_user_id BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  removed_at TEXT
);
CREATE INDEX guidance_times_start ON guidance_times(starts_at);
CREATE INDEX guidance_times_counsellor ON guidance_times(counsellor_user_id, starts_at);

-- Every booking of a time, cancelled ones kept (the report counts them).
-- The outcome and the feedback are the booking's: the joint plan reads
-- them from here.
CREATE TABLE guidance_bookings (
  id INTEGER PRIMARY KEY,
  time_id BIGINT NOT NULL REFERENCES guidance_times(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  booked_by_user_id BIGINT NOT NULL REFERENCES users(id),
  booked_by_org_id BIGINT NOT NULL REFERENCES orgs(id),
  created_at TEXT NOT NULL,
  cancelled_at TEXT,
  cancelled_by_user_id BIGINT REFERENCES users(id),
  outcome TEXT,                          -- held, not_held; NULL until recorded
  feedback TEXT,
  outcome_at TEXT,
  outcome_by_user_id BIGINT REFERENCES users(id),
  reminder_queued_at TEXT                -- the reminder mail is queued once
);
-- At most one booking of a time that is not cancelled: a second guard
-- beside the conditional UPDATE.
CREATE UNIQUE INDEX guidance_bookings_active ON guidance_bookings(time_id) WHERE cancelled_at IS NULL;
CREATE INDEX guidance_bookings_participant ON guidance_bookings(participant_id, id);
