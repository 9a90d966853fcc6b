-- 0009_participant_local_ref.sql — an anonymous participant has no name
-- or personnummer to be found by, so she gets a short local reference
-- ("A-" and her id when it was given) that the case worker writes down and
-- searches for again. Stored rather than computed, so that it stays what
-- was written down even if ids change (a move to another database).
ALTER TABLE participants ADD COLUMN local_ref TEXT;
UPDATE participants SET local_ref = 'A-' || id WHERE anonymous = 1;
CREATE UNIQUE INDEX participants_local_ref ON participants(local_ref);
