-- 0006_audit_list_reads.sql — a list of records read is one audit event,
-- not one per record: the event keeps the ids shown (entity_ids, in the
-- order shown, comma-separated; entity_id stays NULL), and
-- audit_event_subjects indexes it under each of them, so "who has read
-- participant X?" stays an index lookup. Portable SQL; the table is
-- append-only like audit_events (triggers in the .sqlite.sql beside it).
ALTER TABLE audit_events ADD COLUMN entity_ids TEXT;

-- One row per record of a list event, keyed for the per-record question:
-- the primary key is the index that answers it, with nothing else beside it.
-- The server fills it in batches; a row with entity '' marks the last event
-- it is complete up to (src/domain/audit.c, index_tail).
CREATE TABLE audit_event_subjects (
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  event_id BIGINT NOT NULL REFERENCES audit_events(id),
  PRIMARY KEY (entity, entity_id, event_id)
);
