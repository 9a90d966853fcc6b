-- 0008_audit_read_log.sqlite.sql — indexes the list reads in audit_events
-- after audit_event_subjects' mark (at most a batch: src/domain/audit.c
-- wrote the index every 16 list events) and moves the mark to the table's
-- last event. The ids of a list ("3,7,9") are split by a recursive query.
WITH RECURSIVE split(entity, event_id, rest, entity_id) AS (
  SELECT entity, id, entity_ids || ',', NULL FROM audit_events
   WHERE id > (SELECT COALESCE(MAX(event_id), 0) FROM audit_event_subjects WHERE entity = '' AND entity_id = 0)
     AND entity_ids IS NOT NULL
  UNION ALL
  SELECT entity, event_id, substr(rest, instr(rest, ',') + 1), CAST(substr(rest, 1, instr(rest, ',') - 1) AS INTEGER)
    FROM split WHERE rest <> ''
)
INSERT INTO audit_event_subjects (entity, entity_id, event_id)
SELECT DISTINCT entity, entity_id, event_id FROM split WHERE entity_id IS NOT NULL
ON CONFLICT DO NOTHING;
INSERT INTO audit_event_subjects (entity, entity_id, event_id)
SELECT '', 0, id FROM audit_events WHERE id = (SELECT MAX(id) FROM audit_events)
ON CONFLICT DO NOTHING;
