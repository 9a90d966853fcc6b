-- 0016_registrations.sql — registrations to training sessions (issue 13,
-- docs/trainings.md): a person signs up on the session's public page
-- without an account; attendance makes her an attendee of the course's
-- intervention. Attendees may now have sex 'unspecified' (the public form
-- asks as SUS asks, with "vill inte uppge"): counted in total, in neither
-- women nor men. Portable SQL: the table is rebuilt to change its CHECK.
CREATE TABLE attendees_new (
  id INTEGER PRIMARY KEY,
  intervention_id BIGINT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('female','male','unspecified')),
  email TEXT,
  employer_id BIGINT,
  organisation_name TEXT,
  format TEXT NOT NULL,
  date TEXT NOT NULL,
  person_key TEXT NOT NULL,
  created_at TEXT NOT NULL
);
INSERT INTO attendees_new (id, intervention_id, first_name, last_name, sex, email, employer_id, organisation_name,
                           format, date, person_key, created_at)
  SELECT id, intervention_id, first_name, last_name, sex, email, employer_id, organisation_name,
         format, date, person_key, created_at FROM attendees;
DROP TABLE attendees;
ALTER TABLE attendees_new RENAME TO attendees;
CREATE INDEX attendees_intervention ON attendees(intervention_id, date);
CREATE INDEX attendees_date ON attendees(date);

-- One registration per e-mail and session (email_key: trimmed, lower-cased);
-- registering again updates it. status: registered (has a seat),
-- waitlisted (in queue_order), cancelled. cancel_token: the secret of the
-- cancel link in the confirmation mail. attendee_id: the attendee that
-- attendance made; diploma_code: the code printed on her diploma (set at
-- attendance when the course has a diploma title).
CREATE TABLE training_registrations (
  id INTEGER PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES training_sessions(id),
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL,
  phone TEXT,
  employer_orgnr TEXT,
  employer_name TEXT,
  employer_id BIGINT REFERENCES employers(id),
  role_at_work TEXT,
  sex TEXT NOT NULL CHECK (sex IN ('female','male','unspecified')),
  dietary_needs TEXT,
  consent_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('registered','waitlisted','cancelled')),
  queue_order BIGINT NOT NULL,
  cancel_token TEXT NOT NULL UNIQUE,
  attended INTEGER NOT NULL DEFAULT 0 CHECK (attended IN (0, 1)),
  attendee_id BIGINT REFERENCES attendees(id),
  diploma_code TEXT UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (session_id, email_key)
);
CREATE INDEX training_registrations_queue ON training_registrations(session_id, status, queue_order);
