-- 0028_surveys: satisfaction surveys after a service (app/surveys.h, docs/surveys.md).
--
-- One row per case and trigger (the policy's [[surveys]] id: "complaint.stage1",
-- "repair.completed"): the offer, written the first time the case is seen to owe it, and its
-- answer, written once. The answer columns are null until the resident answers; answering is
-- one UPDATE guarded by "satisfaction IS NULL", so a second answer changes nothing (409) and
-- an answer is never half-written.
--
-- token is the unguessable link in the portal and in messages ("<landlord>.<random>"): it
-- opens this one survey without signing in. offered_ms is when the case reached the trigger's
-- milestone (not when the row was written); answered_day is the landlord-local date of the
-- answer as a day number (days since 1970-01-01), the key satisfaction_percent measures select
-- on.

CREATE TABLE survey_offers (
  landlord_id  BIGINT NOT NULL,
  case_id      BIGINT NOT NULL,
  trigger_id   TEXT   NOT NULL,
  kind         TEXT   NOT NULL,  -- the case's kind slug
  stage        BIGINT NOT NULL,  -- complaints: 1 or 2; otherwise 0
  category     TEXT   NOT NULL,  -- the case's category (a repair's priority); '' = none
  question     TEXT   NOT NULL,  -- service | complaint_handling
  offered_ms   BIGINT NOT NULL,  -- UTC epoch milliseconds
  token        TEXT   NOT NULL,
  satisfaction TEXT,             -- very_satisfied .. very_dissatisfied; null until answered
  satisfied    BIGINT,           -- 1 very satisfied or satisfied, else 0; null until answered
  comment      TEXT,
  answered_ms  BIGINT,
  answered_day BIGINT,
  answered_by  TEXT,             -- "link", or the account that recorded it
  PRIMARY KEY (landlord_id, case_id, trigger_id),
  FOREIGN KEY (landlord_id, case_id) REFERENCES cases (landlord_id, case_id)
);

CREATE UNIQUE INDEX survey_offers_token ON survey_offers (landlord_id, token);

-- The measures' scan: answers of a landlord by day.
CREATE INDEX survey_offers_answered ON survey_offers (landlord_id, answered_day);
