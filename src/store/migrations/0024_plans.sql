-- 0024_plans.sql — the joint plan (issue 15 items 1, 2 and 4,
-- docs/plans.md): the toolbox of each municipality on the path model's
-- five stages, a participant's plans across partners, their steps, stage
-- assessments and a version per change, and pause / re-actualisation.

-- A toolbox item: a Samsyn intervention or an outside offer, placed on one
-- stage of the path. municipality_code NULL: shared by every municipality.
-- No personal data: who may be referred is a rule, not a person.
CREATE TABLE toolbox_items (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  municipality_code TEXT,
  intervention_id BIGINT REFERENCES interventions(id),
  provider TEXT,
  contact TEXT,
  stage TEXT NOT NULL,                  -- clarify, guide, equip, employable, matchable
  target_group TEXT,                    -- who may be referred, in words ("Målgrupp A")
  min_age BIGINT,
  max_age BIGINT,
  rules TEXT,                           -- "inskriven på Arbetsförmedlingen"
  has_places BIGINT NOT NULL DEFAULT 1,
  description TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_user_id BIGINT NOT NULL REFERENCES users(id),
  updated_by_org_id BIGINT NOT NULL REFERENCES orgs(id)
);
CREATE INDEX toolbox_items_municipality ON toolbox_items(municipality_code, stage);

-- A participant's joint plan. stage and assessed_* are the latest row of
-- plan_assessments; version counts the changes (plan_versions keeps each).
CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  goal TEXT,                            -- her goal in her own words
  stage TEXT,
  assessed_on TEXT,
  assessed_by_user_id BIGINT REFERENCES users(id),
  assessed_by_org_id BIGINT REFERENCES orgs(id),
  responsible_org_id BIGINT NOT NULL REFERENCES orgs(id),
  status TEXT NOT NULL,                 -- active, paused, closed
  pause_reason TEXT,
  resume_conditions TEXT,
  review_date TEXT,
  next_meeting_at TEXT,
  next_meeting_place TEXT,
  version BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_user_id BIGINT NOT NULL REFERENCES users(id),
  updated_by_org_id BIGINT NOT NULL REFERENCES orgs(id)
);
CREATE INDEX plans_participant ON plans(participant_id);
CREATE INDEX plans_responsible_review ON plans(responsible_org_id, status, review_date);
CREATE INDEX plans_review ON plans(status, review_date);

-- The plan's partners besides the responsible organisation.
CREATE TABLE plan_partners (
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (plan_id, org_id)
);
CREATE INDEX plan_partners_org ON plan_partners(org_id, plan_id);

-- The chain of steps, in the order added.
CREATE TABLE plan_steps (
  id INTEGER PRIMARY KEY,
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  toolbox_id BIGINT NOT NULL REFERENCES toolbox_items(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),       -- the responsible partner
  responsible_user_id BIGINT REFERENCES users(id),  -- the responsible person: a user ...
  responsible_name TEXT,                            -- ... or a name in free text
  start_date TEXT,
  end_date TEXT,
  state TEXT NOT NULL,                  -- planned, ongoing, done, cancelled
  cancel_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX plan_steps_plan ON plan_steps(plan_id, id);

-- Every stage assessment, dated, with who made it.
CREATE TABLE plan_assessments (
  id INTEGER PRIMARY KEY,
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  stage TEXT NOT NULL,
  assessed_on TEXT NOT NULL,
  note TEXT,
  user_id BIGINT NOT NULL REFERENCES users(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  created_at TEXT NOT NULL
);
CREATE INDEX plan_assessments_plan ON plan_assessments(plan_id, id);

-- The plan as it was after each change: version n's JSON (the GET answer's
-- shape), when, by whom and what changed.
CREATE TABLE plan_versions (
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  version BIGINT NOT NULL,
  changed_at TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  what TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  PRIMARY KEY (plan_id, version)
);
