-- 0008_audit_read_log.sql — reads of personal data are logged from now on
-- in the read log, a file of its own beside the database (store.h,
-- store_reads; its schema is made there). audit_events keeps the changes,
-- and the reads written before this migration with their index,
-- audit_event_subjects, which no list read is added to any more. Nothing
-- portable to change: the .sqlite.sql beside this file indexes the list
-- reads that an older server left after its index's mark, so that the
-- per-record question needs no tail in this table.
SELECT 1;
