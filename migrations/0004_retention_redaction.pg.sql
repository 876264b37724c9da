-- 0004_retention_redaction (PostgreSQL): as 0004_retention_redaction.sqlite.sql. Events stay
-- append-only with the one exception the law requires: once a case carries an "anonymised"
-- event (retention), the personal data in its events' `data` may be replaced. Nothing else
-- about an event may change, and no event may be deleted or truncated.
CREATE FUNCTION events_only_redaction() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW.landlord_id IS DISTINCT FROM OLD.landlord_id OR NEW.case_id IS DISTINCT FROM OLD.case_id
     OR NEW.seq IS DISTINCT FROM OLD.seq OR NEW.type IS DISTINCT FROM OLD.type
     OR NEW.at_ms IS DISTINCT FROM OLD.at_ms OR NEW.recorded_ms IS DISTINCT FROM OLD.recorded_ms
     OR NEW.actor IS DISTINCT FROM OLD.actor
     OR NOT EXISTS (SELECT 1 FROM events a WHERE a.landlord_id = OLD.landlord_id
                    AND a.case_id = OLD.case_id AND a.type = 'anonymised') THEN
    RAISE EXCEPTION 'events are append-only';
  END IF;
  RETURN NEW;
END
$fn$;

DROP TRIGGER events_no_update_or_delete ON events;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  FOR EACH ROW EXECUTE FUNCTION events_only_redaction();

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();
