-- 0031_local_ref_trigger.sqlite.sql — SQLite's part of 0031: after the
-- row is written (its id is known then).
CREATE TRIGGER participants_local_ref_insert AFTER INSERT ON participants
WHEN NEW.anonymous = 1 AND NEW.local_ref IS NULL
BEGIN
  UPDATE participants SET local_ref = 'A-' || NEW.id WHERE id = NEW.id;
END;
CREATE TRIGGER participants_local_ref_update AFTER UPDATE OF anonymous ON participants
WHEN NEW.anonymous = 1 AND NEW.local_ref IS NULL
BEGIN
  UPDATE participants SET local_ref = 'A-' || NEW.id WHERE id = NEW.id;
END;
