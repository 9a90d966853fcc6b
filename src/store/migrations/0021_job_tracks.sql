-- 0021_job_tracks.sql — job tracks and their admission funnel (issue 14
-- item 5, docs/matching.md "Job tracks"), and the IPS fidelity figures'
-- columns (item 6, "IPS fidelity figures").

-- A job track: a chain of interventions that prepares people for work in
-- one occupation with one or more employers (pooled across municipalities).
CREATE TABLE job_tracks (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  ssyk_code TEXT NOT NULL,              -- SSYK 2012 unit group, 4 digits
  places BIGINT NOT NULL,
  info_meeting_date TEXT,
  application_deadline TEXT,
  start_date TEXT,
  end_date TEXT,
  org_id BIGINT NOT NULL REFERENCES orgs(id),          -- the organisation that made it
  created_by_user_id BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE job_track_employers (
  job_track_id BIGINT NOT NULL REFERENCES job_tracks(id),
  employer_id BIGINT NOT NULL REFERENCES employers(id),
  PRIMARY KEY (job_track_id, employer_id)
);
CREATE INDEX job_track_employers_employer ON job_track_employers(employer_id);

-- The chain, in order: Samsyn interventions ...
CREATE TABLE job_track_interventions (
  job_track_id BIGINT NOT NULL REFERENCES job_tracks(id),
  position BIGINT NOT NULL,
  intervention_id BIGINT NOT NULL REFERENCES interventions(id),
  PRIMARY KEY (job_track_id, position)
);
-- ... and free-text steps ("Yrkessvenska", "APL 4 veckor"). The joint
-- plans' toolbox (issue 15) will add a toolbox_id column here: a step then
-- points at a toolbox item, its text kept as the label.
CREATE TABLE job_track_steps (
  job_track_id BIGINT NOT NULL REFERENCES job_tracks(id),
  position BIGINT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (job_track_id, position)
);

-- A participant put forward for a track, once per track; stage is the
-- latest row of her stage history.
CREATE TABLE job_track_candidates (
  id INTEGER PRIMARY KEY,
  job_track_id BIGINT NOT NULL REFERENCES job_tracks(id),
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  nominated_by_org_id BIGINT NOT NULL REFERENCES orgs(id),
  stage TEXT NOT NULL,
  stage_date TEXT NOT NULL,
  motivation TEXT,                      -- why she should be admitted (stage applied)
  reason TEXT,                          -- of the latest branch (not_admitted, dropped_out, withdrawn)
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (job_track_id, participant_id)
);
CREATE INDEX job_track_candidates_participant ON job_track_candidates(participant_id);

-- Every stage a candidate reached, dated, with who set it.
CREATE TABLE job_track_stage_history (
  id INTEGER PRIMARY KEY,
  candidate_id BIGINT NOT NULL REFERENCES job_track_candidates(id),
  stage TEXT NOT NULL,
  date TEXT NOT NULL,
  reason TEXT,
  user_id BIGINT NOT NULL REFERENCES users(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  created_at TEXT NOT NULL
);
CREATE INDEX job_track_stage_history_candidate ON job_track_stage_history(candidate_id, id);

-- IPS: case workers flagged as employment specialists ...
ALTER TABLE users ADD COLUMN ips_specialist BIGINT NOT NULL DEFAULT 0;
-- ... and the participant an employer contact was made for (NULL: none),
-- for the days from enrolment to her first employer contact.
ALTER TABLE employer_contacts ADD COLUMN participant_id BIGINT REFERENCES participants(id);
CREATE INDEX employer_contacts_participant ON employer_contacts(participant_id, date);
