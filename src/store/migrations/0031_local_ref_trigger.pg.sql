-- 0031_local_ref_trigger.pg.sql — PostgreSQL's part of 0031: before the
-- row is written (the identity's id is filled in before BEFORE triggers).
CREATE FUNCTION participants_local_ref() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.anonymous = 1 AND NEW.local_ref IS NULL THEN
    NEW.local_ref := 'A-' || NEW.id;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER participants_local_ref BEFORE INSERT OR UPDATE OF anonymous ON participants
FOR EACH ROW EXECUTE FUNCTION participants_local_ref();
