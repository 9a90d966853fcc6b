-- 0004_participant_order.sql — the participant list shows the named
-- participants by last and first name, then the anonymous ones (who have no
-- name) by id, in SQLite as in PostgreSQL. Before, SQLite put every
-- anonymous participant first, so a list could open on pages of them.
DROP INDEX participants_name;
CREATE INDEX participants_name ON participants(anonymous, last_name, first_name);
