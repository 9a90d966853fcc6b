-- 0002_followup.sql — the SUS core: interventions (insatser) with partners,
-- target groups, budgets, goals, head-count volumes and attendees of
-- structural interventions; participants, their consents and enrolments with
-- the SUS variables at start and exit and the follow-up after exit; the code
-- lists those variables use (extendable by the förbund); settings.
-- Portable SQL (SQLite and PostgreSQL). docs/followup.md explains the model.

-- Key/value settings of the förbund (funding benchmark, …).
CREATE TABLE settings (
  key TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES ('funding_benchmark_individual', '60');
INSERT INTO settings (key, value) VALUES ('funding_benchmark_structural', '30');
INSERT INTO settings (key, value) VALUES ('funding_benchmark_competence', '10');

-- Target groups (målgrupper), configurable per förbund. A and B from seed 003.
CREATE TABLE target_groups (
  code TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  active INTEGER NOT NULL DEFAULT 1
);
INSERT INTO target_groups (code, name, description) VALUES ('A', 'Målgrupp A',
  'Bosatta i kommunen som uppbär försörjningsstöd, utom de vars sociala situation gör att de inte kan ta ett arbete och långtidssjukskrivna med läkarintyg.');
INSERT INTO target_groups (code, name, description) VALUES ('B', 'Målgrupp B',
  'Personer med enbart förgymnasial utbildning, med fokus på unga (18–24 år) och utomeuropeiskt födda, inskrivna på Arbetsförmedlingen.');

-- Code lists of the SUS variables and the förbund's own questions
-- (kompletterande frågor). phase: where the answer is given: start, exit,
-- followup, attendee. multiple: several codes per answer (income sources).
CREATE TABLE code_lists (
  name TEXT NOT NULL PRIMARY KEY,
  label TEXT NOT NULL,
  phase TEXT NOT NULL CHECK (phase IN ('start','exit','followup','attendee')),
  multiple INTEGER NOT NULL DEFAULT 0,
  builtin INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE codes (
  list TEXT NOT NULL REFERENCES code_lists(name),
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0,
  builtin INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (list, code)
);

INSERT INTO code_lists (name, label, phase, multiple, builtin, sort_order) VALUES
  ('income_source', 'Försörjningskällor', 'start', 1, 1, 1),
  ('occupation', 'Sysselsättning', 'start', 0, 1, 2),
  ('education_level', 'Högsta avslutade utbildning', 'start', 0, 1, 3),
  ('support_time', 'Tid i offentlig försörjning före insatsen', 'start', 0, 1, 4),
  ('exit_reason', 'Avslutsorsak', 'exit', 0, 1, 5),
  ('attendee_format', 'Form för deltagande', 'attendee', 0, 1, 6);

INSERT INTO codes (list, code, label, sort_order, builtin) VALUES
  ('income_source', 'unemployment_fund', 'Arbetslöshetsersättning (a-kassa)', 1, 1),
  ('income_source', 'activity_support', 'Aktivitetsstöd / etableringsersättning', 2, 1),
  ('income_source', 'sickness_benefit', 'Sjukpenning / rehabiliteringspenning', 3, 1),
  ('income_source', 'activity_compensation', 'Aktivitets- eller sjukersättning', 4, 1),
  ('income_source', 'social_assistance', 'Försörjningsstöd', 5, 1),
  ('income_source', 'salary', 'Lön', 6, 1),
  ('income_source', 'student_aid', 'Studiemedel', 7, 1),
  ('income_source', 'other', 'Annan försörjning', 8, 1),
  ('income_source', 'none', 'Ingen försörjning', 9, 1),
  ('income_source', 'unknown', 'Okänd', 10, 1),
  ('occupation', 'work', 'Förvärvsarbete', 1, 1),
  ('occupation', 'studies', 'Studier', 2, 1),
  ('occupation', 'job_seeking', 'Aktivt arbetssökande', 3, 1),
  ('occupation', 'other_intervention', 'I annan insats', 4, 1),
  ('occupation', 'sick_leave', 'Sjukskriven', 5, 1),
  ('occupation', 'moved', 'Flyttat', 6, 1),
  ('occupation', 'other', 'Övrigt', 7, 1),
  ('education_level', 'primary_lt9', 'Förgymnasial kortare än 9 år', 1, 1),
  ('education_level', 'primary', 'Förgymnasial 9 (10) år', 2, 1),
  ('education_level', 'secondary', 'Gymnasial', 3, 1),
  ('education_level', 'post_secondary_lt3', 'Eftergymnasial kortare än 3 år', 4, 1),
  ('education_level', 'post_secondary', 'Eftergymnasial 3 år eller längre', 5, 1),
  ('education_level', 'unknown', 'Okänd', 6, 1),
  ('support_time', 'none', 'Ingen tid', 1, 1),
  ('support_time', 'lt_1y', 'Mindre än 1 år', 2, 1),
  ('support_time', '1_2y', '1–2 år', 3, 1),
  ('support_time', '3_4y', '3–4 år', 4, 1),
  ('support_time', '5y_plus', '5 år eller mer', 5, 1),
  ('support_time', 'unknown', 'Okänd', 6, 1),
  ('exit_reason', 'completed', 'Insatsen genomförd enligt plan', 1, 1),
  ('exit_reason', 'goal_reached', 'Målet uppnått i förtid', 2, 1),
  ('exit_reason', 'moved_on', 'Övergång till annan insats', 3, 1),
  ('exit_reason', 'interrupted', 'Avbrott', 4, 1),
  ('exit_reason', 'health', 'Hälsoskäl', 5, 1),
  ('exit_reason', 'other', 'Annan orsak', 6, 1),
  ('exit_reason', 'registration_error', 'Felregistrering', 7, 1),
  ('attendee_format', 'in_person', 'Fysisk träff', 1, 1),
  ('attendee_format', 'webinar', 'Webbinarium', 2, 1),
  ('attendee_format', 'commissioned', 'Uppdragsutbildning', 3, 1),
  ('attendee_format', 'network', 'Nätverk', 4, 1);

CREATE TABLE interventions (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('individual','structural','competence')),
  owner_org_id BIGINT NOT NULL REFERENCES orgs(id),
  start_date TEXT NOT NULL,
  end_date TEXT,
  status TEXT NOT NULL CHECK (status IN ('planned','active','ended')),
  measurement TEXT NOT NULL CHECK (measurement IN ('participants','volume')),
  description TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX interventions_owner ON interventions(owner_org_id);

CREATE TABLE intervention_partners (
  intervention_id BIGINT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (intervention_id, org_id)
);
CREATE INDEX intervention_partners_org ON intervention_partners(org_id);

CREATE TABLE intervention_target_groups (
  intervention_id BIGINT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
  code TEXT NOT NULL REFERENCES target_groups(code),
  PRIMARY KEY (intervention_id, code)
);

-- Budget and actual outcome per year and funder, in whole kronor.
CREATE TABLE intervention_budgets (
  intervention_id BIGINT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  funder TEXT NOT NULL CHECK (funder IN ('state','municipality','region','esf','other')),
  amount_sek BIGINT NOT NULL,
  actual_sek BIGINT,
  PRIMARY KEY (intervention_id, year, funder)
);

CREATE TABLE intervention_goals (
  intervention_id BIGINT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  indicator TEXT NOT NULL,
  target BIGINT NOT NULL,
  PRIMARY KEY (intervention_id, year, indicator)
);

-- Head counts of interventions measured as volume only.
CREATE TABLE volumes (
  id INTEGER PRIMARY KEY,
  intervention_id BIGINT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  women BIGINT NOT NULL,
  men BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX volumes_intervention ON volumes(intervention_id, period_start);

-- People reached by structural interventions (e.g. trained mentors).
-- person_key (lower-cased name + e-mail or organisation) counts them uniquely.
CREATE TABLE attendees (
  id INTEGER PRIMARY KEY,
  intervention_id BIGINT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('female','male')),
  email TEXT,
  employer_id BIGINT,
  organisation_name TEXT,
  format TEXT NOT NULL,
  date TEXT NOT NULL,
  person_key TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX attendees_intervention ON attendees(intervention_id, date);
CREATE INDEX attendees_date ON attendees(date);

-- A participant is one person, however many enrolments. Named participants
-- have a personnummer (12 digits, unique); anonymous ones only sex, birth
-- year, municipality and target groups.
CREATE TABLE participants (
  id INTEGER PRIMARY KEY,
  personnummer TEXT UNIQUE,
  first_name TEXT,
  last_name TEXT,
  anonymous INTEGER NOT NULL DEFAULT 0,
  protected_identity INTEGER NOT NULL DEFAULT 0,
  sex TEXT NOT NULL CHECK (sex IN ('female','male')),
  birth_date TEXT,
  birth_year INTEGER NOT NULL,
  municipality_code TEXT,
  created_by_user_id BIGINT REFERENCES users(id),
  created_by_org_id BIGINT REFERENCES orgs(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX participants_name ON participants(last_name, first_name);
CREATE INDEX participants_creator ON participants(created_by_user_id);
-- The columns the reports group by, in id order: a report over a million
-- participants scans this (a tenth of the table) and probes the enrolments
-- of each person in the same order (src/domain/report.c).
CREATE INDEX participants_report ON participants(id, sex, municipality_code, birth_year, anonymous);

CREATE TABLE participant_target_groups (
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  code TEXT NOT NULL REFERENCES target_groups(code),
  PRIMARY KEY (participant_id, code)
);

-- Consent history; the latest row per participant and kind is in force.
CREATE TABLE consents (
  id INTEGER PRIMARY KEY,
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('share_with_employers')),
  status TEXT NOT NULL CHECK (status IN ('given','withdrawn')),
  date TEXT NOT NULL,
  scope TEXT,
  recorded_by_user_id BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX consents_participant ON consents(participant_id, kind, id);

CREATE TABLE enrolments (
  id INTEGER PRIMARY KEY,
  participant_id BIGINT NOT NULL REFERENCES participants(id),
  intervention_id BIGINT NOT NULL REFERENCES interventions(id),
  start_date TEXT NOT NULL,
  end_date TEXT,
  occupation_before TEXT,
  education_level TEXT,
  support_time TEXT,
  outcome TEXT,
  exit_reason TEXT,
  followup_6m TEXT,
  followup_12m TEXT,
  created_by_user_id BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- By participant, and covering for the reports: whether a person has an
-- enrolment in a period (not a registration error), in which intervention
-- and with which outcome is read from the index alone (src/domain/report.c).
CREATE INDEX enrolments_participant ON enrolments(participant_id, start_date, end_date, exit_reason, intervention_id, outcome);
CREATE INDEX enrolments_intervention ON enrolments(intervention_id, participant_id);
-- Enrolments ended in a period, covering for the reports on them
-- (occupation before and after, work or studies, income sources).
CREATE INDEX enrolments_period ON enrolments(end_date, exit_reason, intervention_id, participant_id, outcome, occupation_before);

-- Multi-valued answers: income sources at start and exit.
CREATE TABLE enrolment_income_sources (
  enrolment_id BIGINT NOT NULL REFERENCES enrolments(id) ON DELETE CASCADE,
  phase TEXT NOT NULL CHECK (phase IN ('start','exit')),
  code TEXT NOT NULL,
  PRIMARY KEY (enrolment_id, phase, code)
);

-- Answers to the förbund's own questions (code lists that are not built in).
CREATE TABLE enrolment_answers (
  enrolment_id BIGINT NOT NULL REFERENCES enrolments(id) ON DELETE CASCADE,
  list TEXT NOT NULL REFERENCES code_lists(name),
  code TEXT NOT NULL,
  PRIMARY KEY (enrolment_id, list, code)
);
