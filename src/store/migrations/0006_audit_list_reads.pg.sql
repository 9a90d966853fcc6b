-- 0006_audit_list_reads.pg.sql — PostgreSQL-only part of 0006: the index of
-- list events refuses UPDATE and DELETE, as audit_events does.
CREATE TRIGGER audit_event_subjects_append_only BEFORE UPDATE OR DELETE ON audit_event_subjects
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_event_subjects_no_truncate BEFORE TRUNCATE ON audit_event_subjects
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
