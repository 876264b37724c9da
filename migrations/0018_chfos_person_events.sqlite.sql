-- 0018_chfos_person_events (SQLite): as 0018_chfos_person_events.sql, and person_events may only
-- grow, with the one exception retention needs (as 0004 for case events): once a person carries
-- an "anonymised" event, the personal data in their events' `data` may be replaced. Nothing
-- else about a person event may change, and none may be deleted.
CREATE TABLE ombudsman_chfos (
  landlord_id    BIGINT  NOT NULL,
  case_id        BIGINT  NOT NULL,
  chfo_no        INTEGER NOT NULL,
  provision      TEXT    NOT NULL,
  description    TEXT    NOT NULL,
  issued_day     INTEGER NOT NULL,
  comply_by_day  INTEGER NOT NULL,
  completed_day  INTEGER,
  PRIMARY KEY (landlord_id, case_id, chfo_no),
  FOREIGN KEY (landlord_id, case_id) REFERENCES ombudsman_cases (landlord_id, case_id)
);
CREATE INDEX ombudsman_chfos_issued ON ombudsman_chfos (landlord_id, issued_day);

CREATE TRIGGER person_events_no_update BEFORE UPDATE ON person_events
WHEN NEW.landlord_id IS NOT OLD.landlord_id OR NEW.person_ref IS NOT OLD.person_ref
  OR NEW.seq IS NOT OLD.seq OR NEW.type IS NOT OLD.type OR NEW.at_ms IS NOT OLD.at_ms
  OR NEW.recorded_ms IS NOT OLD.recorded_ms OR NEW.actor IS NOT OLD.actor
  OR NOT EXISTS (SELECT 1 FROM person_events a WHERE a.landlord_id = OLD.landlord_id
                 AND a.person_ref = OLD.person_ref AND a.type = 'anonymised')
BEGIN
  SELECT RAISE(ABORT, 'person events are append-only');
END;

CREATE TRIGGER person_events_no_delete BEFORE DELETE ON person_events
BEGIN
  SELECT RAISE(ABORT, 'person events are append-only');
END;
