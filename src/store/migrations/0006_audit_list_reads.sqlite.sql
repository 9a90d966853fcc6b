-- 0006_audit_list_reads.sqlite.sql — SQLite-only part of 0006: the index of
-- list events refuses UPDATE and DELETE, as audit_events does.
CREATE TRIGGER audit_event_subjects_no_update BEFORE UPDATE ON audit_event_subjects
BEGIN SELECT RAISE(ABORT, 'audit_event_subjects is append-only'); END;
CREATE TRIGGER audit_event_subjects_no_delete BEFORE DELETE ON audit_event_subjects
BEGIN SELECT RAISE(ABORT, 'audit_event_subjects is append-only'); END;
