-- 0004_retention_redaction (SQLite): events stay append-only, with one exception the law
-- requires: once a case carries an "anonymised" event (retention), the personal data in its
-- events' `data` may be replaced. Nothing else about an event may change, and no event may be
-- deleted: the history's existence (what happened, when, by whom) is kept.
DROP TRIGGER events_no_update;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
WHEN NEW.landlord_id IS NOT OLD.landlord_id OR NEW.case_id IS NOT OLD.case_id
  OR NEW.seq IS NOT OLD.seq OR NEW.type IS NOT OLD.type OR NEW.at_ms IS NOT OLD.at_ms
  OR NEW.recorded_ms IS NOT OLD.recorded_ms OR NEW.actor IS NOT OLD.actor
  OR NOT EXISTS (SELECT 1 FROM events a WHERE a.landlord_id = OLD.landlord_id
                 AND a.case_id = OLD.case_id AND a.type = 'anonymised')
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;
