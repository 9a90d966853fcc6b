-- 0001_foundation.pg.sql — PostgreSQL-only part of 0001: the audit log
-- refuses UPDATE and DELETE (as 0001_foundation.sqlite.sql's triggers do),
-- whatever role the server connects as.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS
$$BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION refuse_change();
-- TRUNCATE skips row triggers; it is refused too.
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- SQLite's instr(haystack, needle), which the shared SQL uses (a code in a
-- ",A,B," list): PostgreSQL's strpos under SQLite's name.
CREATE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS 'SELECT strpos($1, $2)';
