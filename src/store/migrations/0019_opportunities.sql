-- 0019_opportunities.sql — open places at employers (issue 14 item 2,
-- docs/matching.md "Opportunities"): what matching ranks participants for,
-- and what placements propose a participant to. Made from a recruitment
-- need (need_id, its fields copied at that moment) or on its own.
CREATE TABLE opportunities (
  id INTEGER PRIMARY KEY,
  employer_id BIGINT NOT NULL REFERENCES employers(id),
  -- the recruitment need it was made from; NULL when made on its own
  need_id BIGINT REFERENCES recruitment_needs(id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('praktik','arbetstraning','apl','wage_subsidy','employment','job_track')),
  ssyk_code TEXT NOT NULL,              -- SSYK 2012 unit group, 4 digits
  municipality_code TEXT NOT NULL,      -- where the work is
  places BIGINT NOT NULL,
  start_date TEXT,
  end_date TEXT,
  -- requirements; each one stated is a hard requirement of matching
  req_driving_licence BIGINT NOT NULL DEFAULT 0,
  req_swedish_level TEXT,               -- none basic good fluent; NULL not stated
  req_upper_secondary BIGINT NOT NULL DEFAULT 0,
  req_certificate TEXT,                 -- a vocational certificate; NULL none
  -- the employer's contact person for this place
  contact_person_id BIGINT REFERENCES employer_contact_persons(id) ON DELETE SET NULL,
  title TEXT,
  note TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','filled','closed')),
  org_id BIGINT NOT NULL REFERENCES orgs(id),          -- the organisation that made it
  created_by_user_id BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Matching for a participant starts from her occupations among the open places.
CREATE INDEX opportunities_status_ssyk ON opportunities(status, ssyk_code);
CREATE INDEX opportunities_employer ON opportunities(employer_id);
CREATE INDEX opportunities_need ON opportunities(need_id);
