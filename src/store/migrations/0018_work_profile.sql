-- 0018_work_profile.sql — a participant's work profile (issue 14 item 1,
-- docs/matching.md "Work profile"): what matching compares with an
-- employer's need. One row per participant, written whole by
-- PUT /participants/{id}/profile; the lists are child tables so that
-- matching can join on a code instead of parsing text.
CREATE TABLE work_profiles (
  participant_id BIGINT PRIMARY KEY REFERENCES participants(id),
  driving_licence BIGINT NOT NULL,
  -- none, basic, good, fluent; NULL when not assessed
  swedish_level TEXT,
  upper_secondary BIGINT NOT NULL,
  hours_per_week BIGINT,
  -- limitations that matter for matching; shown only with the participant
  limitations TEXT,
  updated_at TEXT NOT NULL
);

-- SSYK 2012 unit groups (four digits) the participant wants to work in.
CREATE TABLE work_profile_occupations (
  participant_id BIGINT NOT NULL REFERENCES work_profiles(participant_id),
  ssyk_code TEXT NOT NULL,
  PRIMARY KEY (participant_id, ssyk_code)
);
CREATE INDEX work_profile_occupations_code ON work_profile_occupations (ssyk_code, participant_id);

-- Municipalities (kommun codes) she can work in, across borders.
CREATE TABLE work_profile_municipalities (
  participant_id BIGINT NOT NULL REFERENCES work_profiles(participant_id),
  municipality_code TEXT NOT NULL,
  PRIMARY KEY (participant_id, municipality_code)
);
CREATE INDEX work_profile_municipalities_code ON work_profile_municipalities (municipality_code, participant_id);

-- Vocational certificates, free text each (truckkort, B-körkort …).
CREATE TABLE work_profile_certificates (
  participant_id BIGINT NOT NULL REFERENCES work_profiles(participant_id),
  position BIGINT NOT NULL,
  certificate TEXT NOT NULL,
  PRIMARY KEY (participant_id, position)
);

-- What she is open to: praktik, arbetstraning, apl, wage_subsidy, employment.
CREATE TABLE work_profile_open_to (
  participant_id BIGINT NOT NULL REFERENCES work_profiles(participant_id),
  kind TEXT NOT NULL,
  PRIMARY KEY (participant_id, kind)
);
