-- 0014_trainings.sql — employer trainings (docs/trainings.md): a course
-- belongs to a structural intervention, so that its attendees count in that
-- intervention's reports; a session is one round of a course, with a public
-- token for its registration page that never changes.
CREATE TABLE courses (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  intervention_id BIGINT NOT NULL REFERENCES interventions(id),
  description TEXT,
  diploma_title TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX courses_intervention ON courses(intervention_id);

CREATE TABLE training_sessions (
  id INTEGER PRIMARY KEY,
  course_id BIGINT NOT NULL REFERENCES courses(id),
  format TEXT NOT NULL CHECK (format IN ('in_person','webinar','commissioned','network')),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  place TEXT,
  capacity BIGINT NOT NULL CHECK (capacity >= 1),
  registration_deadline TEXT,
  trainer_user_id BIGINT REFERENCES users(id),
  employer_id BIGINT REFERENCES employers(id),
  public_token TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('open','closed','cancelled')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX training_sessions_course ON training_sessions(course_id, starts_at);
CREATE INDEX training_sessions_trainer ON training_sessions(trainer_user_id);
