-- 0027_asb: the projection of anti-social behaviour reports (docs/lifecycle.md "Anti-social
-- behaviour") for NM01 computed from Charter's own cases and the ASB measures: one row per
-- asb_report case with its level, the party it is about, whether it is a hate incident, its
-- first contact and action plan (with whether each met the level's clock) and its closure with
-- the reporter's satisfaction. Written in the same transaction as the case's events and
-- re-derived by `charter rebuild`.

CREATE TABLE asb_facts (
  landlord_id     BIGINT  NOT NULL,
  case_id         BIGINT  NOT NULL,
  level           TEXT    NOT NULL,  -- the case's category; '' when the policy has no levels
  party_ref       TEXT    NOT NULL,  -- who the report is about; '' when not recorded
  hate_incident   INTEGER NOT NULL,  -- 0/1
  received_day    INTEGER NOT NULL,
  contact_day     INTEGER,           -- first contact with the reporter
  contact_in_time INTEGER,           -- 0/1 once the level's contact clock has stopped
  plan_day        INTEGER,           -- the action plan agreed
  plan_in_time    INTEGER,           -- 0/1 once the level's plan clock has stopped
  closed_day      INTEGER,
  satisfaction    TEXT    NOT NULL,  -- '' until closed; satisfied | dissatisfied | not_asked
  PRIMARY KEY (landlord_id, case_id),
  FOREIGN KEY (landlord_id, case_id) REFERENCES cases (landlord_id, case_id)
);
CREATE INDEX asb_facts_received ON asb_facts (landlord_id, received_day);
