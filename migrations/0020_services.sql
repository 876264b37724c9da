-- 0020_services: projections of repairs, call-backs and compliments (docs/lifecycle.md
-- "Repairs, call-backs and compliments") for the service measures: appointments kept, repairs
-- completed in time by category and by contractor, post-inspections, contacts resolved at
-- first contact, compliments per team. One row per enquiry, service request and compliment
-- (and any contact logged with resolved_at_first_contact), and one per appointment; written in
-- the same transaction as the case's events and re-derived by `charter rebuild`.

CREATE TABLE service_facts (
  landlord_id      BIGINT  NOT NULL,
  case_id          BIGINT  NOT NULL,
  kind             TEXT    NOT NULL,
  received_day     INTEGER NOT NULL,
  category         TEXT    NOT NULL,  -- '' when none
  contractor       TEXT    NOT NULL,  -- the latest named on an appointment; '' when none
  about            TEXT    NOT NULL,  -- compliments: the person or team; '' when not recorded
  resolved_first   INTEGER,           -- 0/1; NULL when not recorded
  completed_day    INTEGER,           -- the repair's completion
  repair_clock     TEXT    NOT NULL,  -- the category's clock ('repairs.urgent'); '' when none
  repair_in_time   INTEGER,           -- 0/1 once that clock has stopped; NULL before
  inspected_day    INTEGER,
  inspection       TEXT    NOT NULL,  -- '' | pass | fail
  shared_count     INTEGER NOT NULL,  -- compliments: times passed on
  PRIMARY KEY (landlord_id, case_id),
  FOREIGN KEY (landlord_id, case_id) REFERENCES cases (landlord_id, case_id)
);
CREATE INDEX service_facts_received ON service_facts (landlord_id, received_day);
CREATE INDEX service_facts_completed ON service_facts (landlord_id, completed_day);

CREATE TABLE appointments (
  landlord_id    BIGINT  NOT NULL,
  case_id        BIGINT  NOT NULL,
  appointment_no INTEGER NOT NULL,
  day            INTEGER NOT NULL,
  slot           TEXT    NOT NULL,  -- am | pm | all_day
  contractor     TEXT    NOT NULL,
  outcome        TEXT    NOT NULL,  -- booked | kept | missed | rearranged
  PRIMARY KEY (landlord_id, case_id, appointment_no),
  FOREIGN KEY (landlord_id, case_id) REFERENCES service_facts (landlord_id, case_id)
);
CREATE INDEX appointments_by_day ON appointments (landlord_id, day);
