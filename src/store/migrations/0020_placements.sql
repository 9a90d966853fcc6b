-- 0020_placements.sql — placements (issue 14 item 4, docs/matching.md
-- "Placements"): a participant proposed for an opportunity, the employer's
-- answer, the start, and the end with its result. Each step is also an
-- employer contact (purpose placement) of the proposing organisation, in
-- employer_contacts; this table keeps the placement's own facts, which the
-- follow-up reports count like enrolments.
CREATE TABLE placements (
  id INTEGER PRIMARY KEY,
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  opportunity_id BIGINT NOT NULL REFERENCES opportunities(id),
  -- the proposing organisation and user
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  proposed_by_user_id BIGINT NOT NULL REFERENCES users(id),
  state TEXT NOT NULL CHECK (state IN ('proposed','accepted','declined','started','ended')),
  proposed_date TEXT NOT NULL,
  answer_date TEXT,                     -- accepted or declined that day
  start_date TEXT,
  end_date TEXT,
  -- employment, studies (continued studies), completed (without
  -- employment), ended_early (with reason)
  result TEXT CHECK (result IN ('employment','studies','completed','ended_early')),
  reason TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX placements_participant ON placements(participant_id);
CREATE INDEX placements_opportunity ON placements(opportunity_id);
-- The follow-up counts placements by their period.
CREATE INDEX placements_start ON placements(start_date);
