-- 0025_kaa.sql — the KAA register (kommunernas aktivitetsansvar; issue 15
-- item 6, docs/kaa.md): the young people a municipality is responsible
-- for, their contacts and measures, and the users who may see them.

-- The municipality's own KAA staff: the only users who see its register.
ALTER TABLE users ADD COLUMN kaa_staff BIGINT NOT NULL DEFAULT 0;

-- A young person in a municipality's register. The half-years she belongs
-- to follow from identified_date and left_date (docs/kaa.md "Half-years"),
-- so a person is one row however many half-years she is covered.
CREATE TABLE kaa_youths (
  id INTEGER PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES orgs(id),     -- the municipality (an org of kind kommun)
  municipality_code TEXT NOT NULL,                -- its code when she was registered
  personnummer TEXT NOT NULL,                     -- 12 digits, as participants store it
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  sex TEXT NOT NULL,                              -- female, male (from the personnummer)
  birth_date TEXT NOT NULL,                       -- from the personnummer
  turns_20 TEXT NOT NULL,                         -- her 20th birthday: she leaves the register then
  school_status TEXT NOT NULL,
  source TEXT NOT NULL,                           -- school_list, population_register, other
  identified_date TEXT NOT NULL,
  occupation TEXT NOT NULL,
  notes TEXT,
  left_date TEXT,
  left_reason TEXT,
  participant_id BIGINT REFERENCES participants(id),  -- moved into follow-up with her consent
  consent_date TEXT,
  consent_recorded_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (org_id, personnummer)
);
CREATE INDEX kaa_youths_org_name ON kaa_youths(org_id, last_name, first_name);

-- Contact attempts with a young person.
CREATE TABLE kaa_contacts (
  id INTEGER PRIMARY KEY,
  youth_id BIGINT NOT NULL REFERENCES kaa_youths(id),
  date TEXT NOT NULL,
  channel TEXT NOT NULL,     -- phone, sms, letter, email, home_visit, meeting
  result TEXT NOT NULL,      -- reached, not_reached, declined
  note TEXT,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX kaa_contacts_youth ON kaa_contacts(youth_id, date);

-- Measures offered to a young person, and whether she took them.
CREATE TABLE kaa_measures (
  id INTEGER PRIMARY KEY,
  youth_id BIGINT NOT NULL REFERENCES kaa_youths(id),
  kind TEXT NOT NULL,
  status TEXT NOT NULL,      -- offered, taken, declined
  offered_date TEXT NOT NULL,
  start_date TEXT,
  end_date TEXT,
  note TEXT,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX kaa_measures_youth ON kaa_measures(youth_id, offered_date);
