-- 0018_chfos_person_events (PostgreSQL): as 0018_chfos_person_events.sqlite.sql.
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

CREATE FUNCTION person_events_only_redaction() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW.landlord_id IS DISTINCT FROM OLD.landlord_id
     OR NEW.person_ref IS DISTINCT FROM OLD.person_ref OR NEW.seq IS DISTINCT FROM OLD.seq
     OR NEW.type IS DISTINCT FROM OLD.type OR NEW.at_ms IS DISTINCT FROM OLD.at_ms
     OR NEW.recorded_ms IS DISTINCT FROM OLD.recorded_ms OR NEW.actor IS DISTINCT FROM OLD.actor
     OR NOT EXISTS (SELECT 1 FROM person_events a WHERE a.landlord_id = OLD.landlord_id
                    AND a.person_ref = OLD.person_ref AND a.type = 'anonymised') THEN
    RAISE EXCEPTION 'person events are append-only';
  END IF;
  RETURN NEW;
END
$fn$;

CREATE FUNCTION person_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'person events are append-only';
END
$fn$;

CREATE TRIGGER person_events_no_update BEFORE UPDATE ON person_events
  FOR EACH ROW EXECUTE FUNCTION person_events_only_redaction();

CREATE TRIGGER person_events_no_delete BEFORE DELETE ON person_events
  FOR EACH ROW EXECUTE FUNCTION person_events_append_only();

CREATE TRIGGER person_events_no_truncate BEFORE TRUNCATE ON person_events
  FOR EACH STATEMENT EXECUTE FUNCTION person_events_append_only();
