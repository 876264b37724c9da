-- 0018_chfos_person_events: the Ombudsman's Complaint Handling Failure Orders as a projection
-- beside ombudsman_orders (written with the case's events, re-derived by `charter rebuild`),
-- for the annual report's findings of non-compliance (001 §5); and person events made
-- append-only like case events (0002, 0004).
--
-- Portable version: the table only (the portable schema has no triggers; see 0002). The
-- application never updates or deletes person events except to redact an anonymised person's.
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
