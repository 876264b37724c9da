-- 0015_person_events: the history of a person, as opposed to a case: contact warnings and
-- restrictions (docs/restrictions.md). Events are the record (folded by domain/restrictions.h);
-- there is no projection to rebuild. person_ref is the `person.account` reference cases carry.
CREATE TABLE person_events (
  landlord_id BIGINT  NOT NULL REFERENCES landlords (landlord_id),
  person_ref  TEXT    NOT NULL,
  seq         INTEGER NOT NULL CHECK (seq >= 1),
  type        TEXT    NOT NULL,
  at_ms       BIGINT  NOT NULL,
  recorded_ms BIGINT  NOT NULL,
  actor       TEXT    NOT NULL,
  data        TEXT    NOT NULL,  -- JSON object: the event type's fields
  PRIMARY KEY (landlord_id, person_ref, seq)
);
