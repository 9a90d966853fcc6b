-- 0005_participant_registrations.sql — one person is one participant, and
-- each organisation sees what it typed in itself (docs/followup.md, "Who may
-- see what"). When a case worker registers a person whom another
-- organisation registered first, her base data goes here instead of a 409
-- that would tell her the person is known; the participants row keeps the
-- first organisation's data, which the reports count.
CREATE TABLE participant_registrations (
  participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  first_name TEXT,
  last_name TEXT,
  municipality_code TEXT,
  protected_identity INTEGER NOT NULL DEFAULT 0,
  -- The organisation's own target groups, codes separated by ','.
  target_groups TEXT NOT NULL DEFAULT '',
  created_by_user_id BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, participant_id)
);
CREATE INDEX participant_registrations_participant ON participant_registrations(participant_id);
-- Visibility now follows the registering organisation, not the user.
CREATE INDEX participants_creator_org ON participants(created_by_org_id);

-- A consent is seen by the organisation that recorded it.
ALTER TABLE consents ADD COLUMN org_id BIGINT REFERENCES orgs(id);
UPDATE consents SET org_id = (SELECT u.org_id FROM users u WHERE u.id = consents.recorded_by_user_id);
CREATE INDEX consents_org ON consents(participant_id, kind, org_id, id);
