-- 0017_surveys.sql — the surveys of the employer trainings (issue 13 item
-- 6, docs/trainings.md "Surveys"): a course names a survey for the wave
-- sent when a session ends and one for the wave six months later; each
-- attendee gets an invitation (a one-time token) by mail when it is due.
--
-- Anonymity is in the schema: an answer (survey_responses, survey_answers)
-- keeps only the survey, course, session, format, the respondent's sex,
-- the wave and the month it was given. Nothing links a response to an
-- invitation or a registration: no column names one; the invitation keeps
-- only that it was answered (answered), not when; a response's id is drawn
-- at random (src/domain/trainings/survey.c), so the order of responses
-- does not follow the order of answering (an access log line with a token
-- and a time cannot be matched to a response by its position); and the
-- month, not the day or the time, is kept, so the time cannot join them
-- either. A response can still be placed in its session and wave, which
-- the report needs; small groups are suppressed there.
CREATE TABLE surveys (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- kind: scale (1–5), choice (one of choices, a JSON array of texts), text
-- (free text). A survey's questions are rewritten whole while it has no
-- responses, and frozen after its first one.
CREATE TABLE survey_questions (
  id INTEGER PRIMARY KEY,
  survey_id BIGINT NOT NULL REFERENCES surveys(id),
  position BIGINT NOT NULL,
  text TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('scale', 'choice', 'text')),
  choices TEXT,
  UNIQUE (survey_id, position)
);

ALTER TABLE courses ADD COLUMN survey_session_id BIGINT REFERENCES surveys(id);
ALTER TABLE courses ADD COLUMN survey_six_months_id BIGINT REFERENCES surveys(id);

-- One invitation per attended registration and wave, made by the
-- scheduler (survey_schedule_due) when it is due, with the survey the
-- course named then. token: the secret of the personal link; sent: its
-- mail was queued; answered: the one-time link has been used.
CREATE TABLE survey_invitations (
  id INTEGER PRIMARY KEY,
  registration_id BIGINT NOT NULL REFERENCES training_registrations(id),
  wave TEXT NOT NULL CHECK (wave IN ('session', 'six_months')),
  survey_id BIGINT NOT NULL REFERENCES surveys(id),
  token TEXT NOT NULL UNIQUE,
  due_at TEXT NOT NULL,
  sent INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1)),
  answered INTEGER NOT NULL DEFAULT 0 CHECK (answered IN (0, 1)),
  created_at TEXT NOT NULL,
  UNIQUE (registration_id, wave)
);

-- answered_on: the month only (YYYY-MM). id: random, not in order.
CREATE TABLE survey_responses (
  id INTEGER PRIMARY KEY,
  survey_id BIGINT NOT NULL REFERENCES surveys(id),
  course_id BIGINT NOT NULL REFERENCES courses(id),
  session_id BIGINT NOT NULL REFERENCES training_sessions(id),
  format TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'unspecified')),
  wave TEXT NOT NULL CHECK (wave IN ('session', 'six_months')),
  answered_on TEXT NOT NULL
);
CREATE INDEX survey_responses_course ON survey_responses(course_id, wave, format);

-- One answer per question of a response: scale 1–5, or choice (one of the
-- question's choices), or text (at most 2000 characters).
CREATE TABLE survey_answers (
  response_id BIGINT NOT NULL REFERENCES survey_responses(id),
  question_id BIGINT NOT NULL REFERENCES survey_questions(id),
  scale BIGINT CHECK (scale IS NULL OR (scale >= 1 AND scale <= 5)),
  choice TEXT,
  text TEXT,
  PRIMARY KEY (response_id, question_id)
);
CREATE INDEX survey_answers_question ON survey_answers(question_id);

-- The sender thread's scheduling round reads the sessions that ended within
-- the survey windows (the last year and a half) by this, then their
-- registrations by training_registrations_queue.
CREATE INDEX training_sessions_ends ON training_sessions(ends_at);
