-- 0003_employers.sql — the shared employer register: employers (from a
-- company register extract or registered by hand), their workplaces, contact
-- persons (personal data), networks, recruitment needs, and the contact log
-- of every partner. Portable SQL (SQLite and PostgreSQL). docs/employers.md
-- explains the model.

INSERT INTO settings (key, value) VALUES ('recent_contact_days', '14');

CREATE TABLE employers (
  id INTEGER PRIMARY KEY,
  orgnr TEXT NOT NULL,                 -- 10 digits; a sole trader's is the owner's personnummer
  sole_trader INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,              -- lower-cased name, for prefix search
  sni_code TEXT,                       -- SNI 2007, any level, without dots
  sni_section TEXT,                    -- derived from sni_code
  size_class TEXT,                     -- 0 1-4 5-9 10-19 20-49 50-99 100-199 200-499 500+; NULL unknown
  municipality_code TEXT,
  address TEXT,
  postal_code TEXT,
  city TEXT,
  website TEXT,
  main_contact_user_id BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Unique as an index, not a column constraint: a whole-country import into
-- an empty register drops it and builds it again after the load.
CREATE UNIQUE INDEX employers_orgnr ON employers(orgnr);
CREATE INDEX employers_name_key ON employers(name_key);
-- The industry structure report reads only this index (the section and the
-- division come from the code). Search by SNI, kommun or size class alone
-- reads the table: each index costs a whole-country import about half a
-- second to build (docs/performance.md).
CREATE INDEX employers_structure ON employers(municipality_code, sni_code, size_class);

CREATE TABLE employer_workplaces (
  id INTEGER PRIMARY KEY,
  employer_id BIGINT NOT NULL REFERENCES employers(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  address TEXT,
  municipality_code TEXT
);
CREATE INDEX employer_workplaces_employer ON employer_workplaces(employer_id);

-- People at the employer: personal data, every read and change audited.
CREATE TABLE employer_contact_persons (
  id INTEGER PRIMARY KEY,
  employer_id BIGINT NOT NULL REFERENCES employers(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  role TEXT,
  phone TEXT,
  email TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX employer_contact_persons_employer ON employer_contact_persons(employer_id);

-- Employer networks (a CSR network, the förbund's employer network, …).
CREATE TABLE networks (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT
);
CREATE TABLE employer_networks (
  employer_id BIGINT NOT NULL REFERENCES employers(id) ON DELETE CASCADE,
  network_id BIGINT NOT NULL REFERENCES networks(id),
  PRIMARY KEY (employer_id, network_id)
);
CREATE INDEX employer_networks_network ON employer_networks(network_id);

-- What an employer wants to recruit, and what it is open to.
CREATE TABLE recruitment_needs (
  id INTEGER PRIMARY KEY,
  employer_id BIGINT NOT NULL REFERENCES employers(id) ON DELETE CASCADE,
  ssyk_code TEXT NOT NULL,
  headcount INTEGER NOT NULL,
  period_start TEXT,
  period_end TEXT,
  municipality_code TEXT,              -- where the work is; NULL: the employer's
  req_driving_licence INTEGER NOT NULL DEFAULT 0,
  req_swedish_level TEXT,              -- none basic good fluent; NULL not stated
  req_upper_secondary INTEGER NOT NULL DEFAULT 0,
  req_vocational_certificate TEXT,     -- which certificate, NULL none
  open_praktik INTEGER NOT NULL DEFAULT 0,
  open_work_training INTEGER NOT NULL DEFAULT 0,
  open_apl INTEGER NOT NULL DEFAULT 0,
  open_wage_subsidy INTEGER NOT NULL DEFAULT 0,
  open_mentorship INTEGER NOT NULL DEFAULT 0,
  note TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX recruitment_needs_employer ON recruitment_needs(employer_id);
CREATE INDEX recruitment_needs_ssyk ON recruitment_needs(ssyk_code);

-- Every contact by every partner with an employer.
CREATE TABLE employer_contacts (
  id INTEGER PRIMARY KEY,
  employer_id BIGINT NOT NULL REFERENCES employers(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  date TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('visit','phone','email','meeting','event')),
  purpose TEXT NOT NULL CHECK (purpose IN ('recruitment','placement','mentorship','information','follow_up')),
  stage INTEGER CHECK (stage IN (1, 2, 3)),
  note TEXT,
  next_step_date TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX employer_contacts_employer ON employer_contacts(employer_id, date);
CREATE INDEX employer_contacts_date ON employer_contacts(date);
CREATE INDEX employer_contacts_user ON employer_contacts(user_id, date);
CREATE INDEX employer_contacts_next_step ON employer_contacts(next_step_date);
