-- 0028_handovers.sql — handovers and feedback in the joint plan (issue 15
-- items 3 and 7, docs/plans.md "Handovers" and "Feedback"): handing the
-- responsibility for a step or the whole plan to another partner, the
-- receiving partner's decision, and dated, signed feedback entries with
-- who has read them.

-- A request to hand over a step (step_id) or the whole plan (step_id
-- NULL) from from_org_id to to_org_id; to_user_id is the person it is
-- addressed to, when the sender names one. status pending until the
-- receiving organisation accepts or declines (declined needs reason).
CREATE TABLE plan_handovers (
  id INTEGER PRIMARY KEY,
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  step_id BIGINT REFERENCES plan_steps(id),
  from_org_id BIGINT NOT NULL REFERENCES orgs(id),
  to_org_id BIGINT NOT NULL REFERENCES orgs(id),
  to_user_id BIGINT REFERENCES users(id),
  note TEXT NOT NULL,
  deadline TEXT,                         -- YYYY-MM-DD; overdue when pending after it
  status TEXT NOT NULL,                  -- pending, accepted, declined
  reason TEXT,
  created_at TEXT NOT NULL,
  created_by_user_id BIGINT NOT NULL REFERENCES users(id),
  decided_at TEXT,
  decided_by_user_id BIGINT REFERENCES users(id)
);
-- The inbox: an organisation's handovers by status, the oldest deadline first.
CREATE INDEX plan_handovers_inbox ON plan_handovers(to_org_id, status, deadline);
CREATE INDEX plan_handovers_user ON plan_handovers(to_user_id, status);
CREATE INDEX plan_handovers_plan ON plan_handovers(plan_id, id);
-- The report reads the handovers requested in a period.
CREATE INDEX plan_handovers_created ON plan_handovers(created_at);

-- The re-actualisation list (plan.c, review=due): the paused plans due by a
-- date with their responsible organisation in the index, so that counting
-- an organisation's list reads no plan rows (bench/plans.sh).
CREATE INDEX plans_review_org ON plans(status, review_date, responsible_org_id);

-- The inbox's "mine": the steps a user is responsible for.
CREATE INDEX plan_steps_responsible ON plan_steps(responsible_user_id);

-- Feedback written to the plan after a step, by a partner or by the SYV
-- counsellor (booking_id: the guidance it is the feedback of).
CREATE TABLE plan_feedback (
  id INTEGER PRIMARY KEY,
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  step_id BIGINT REFERENCES plan_steps(id),
  booking_id BIGINT REFERENCES guidance_bookings(id),
  text TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  created_at TEXT NOT NULL
);
CREATE INDEX plan_feedback_plan ON plan_feedback(plan_id, id);

-- Who has read which feedback: the unread marker is the absence of a row.
CREATE TABLE plan_feedback_reads (
  feedback_id BIGINT NOT NULL REFERENCES plan_feedback(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  read_at TEXT NOT NULL,
  PRIMARY KEY (user_id, feedback_id)
);
