-- 0008_audit_read_log.pg.sql — PostgreSQL's part of 0008, what
-- 0008_audit_read_log.sqlite.sql does there: indexes the list reads in
-- audit_events after audit_event_subjects' mark and moves the mark to the
-- table's last event. The ids of a list ("3,7,9") are split by
-- string_to_table.
INSERT INTO audit_event_subjects (entity, entity_id, event_id)
SELECT DISTINCT e.entity, CAST(x AS BIGINT), e.id
  FROM audit_events e, string_to_table(e.entity_ids, ',') AS x
 WHERE e.id > (SELECT COALESCE(MAX(event_id), 0) FROM audit_event_subjects WHERE entity = '' AND entity_id = 0)
   AND e.entity_ids IS NOT NULL AND x <> ''
ON CONFLICT DO NOTHING;
INSERT INTO audit_event_subjects (entity, entity_id, event_id)
SELECT '', 0, id FROM audit_events WHERE id = (SELECT MAX(id) FROM audit_events)
ON CONFLICT DO NOTHING;
