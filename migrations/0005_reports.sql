-- 0005_reports: what the measures and reports read beside the case projections.
--
-- Portable SQL (SQLite 3.40 and PostgreSQL 15), landlord_id leading every key (0001's rules).
--   case_facts          one row per case: the facts reports group and count by (a projection
--                       written with cases and clocks, re-derived by `charter rebuild`)
--   stock_counts        homes owned per tenure on a date (the TSM denominators)
--   homes               each home and the block it is in (block-level checks fan out)
--   compliance_records  safety checks per home or per block, as at a date (BS01-BS05, RP01)
--   survey_responses    tenant perception survey answers (TP01-TP12)
--   measure_series      imported numerators and denominators (RP02, NM01, calls answered ...)

CREATE TABLE case_facts (
  landlord_id          BIGINT  NOT NULL,
  case_id              BIGINT  NOT NULL,
  kind                 TEXT    NOT NULL,
  tenure               TEXT    NOT NULL,  -- '' when not recorded
  service_area         TEXT    NOT NULL,
  theme                TEXT    NOT NULL,
  channel              TEXT    NOT NULL,
  status               TEXT    NOT NULL,
  received_day         INTEGER NOT NULL,  -- the local date it was received
  escalated_day        INTEGER,           -- the local date stage 2 was asked for
  stage1_responded_day INTEGER,
  stage2_responded_day INTEGER,
  stage1_decision      TEXT    NOT NULL,  -- upheld | partly_upheld | not_upheld | ''
  elements             INTEGER NOT NULL,  -- stage 1 elements decided
  elements_upheld      INTEGER NOT NULL,  -- of those, upheld or partly upheld
  stage2_overturned    INTEGER NOT NULL,  -- 1 when stage 2 overturned part or all of stage 1
  refusal_reason       TEXT    NOT NULL,
  remedies             INTEGER NOT NULL,
  compensation         DOUBLE PRECISION NOT NULL,  -- pounds offered across both stages
  extensions           INTEGER NOT NULL,
  PRIMARY KEY (landlord_id, case_id)
);
CREATE INDEX case_facts_received ON case_facts (landlord_id, kind, received_day);
CREATE INDEX case_facts_escalated ON case_facts (landlord_id, escalated_day);
CREATE INDEX case_facts_s1_responded ON case_facts (landlord_id, stage1_responded_day);
CREATE INDEX case_facts_s2_responded ON case_facts (landlord_id, stage2_responded_day);
-- CH02: clocks stopped in a period.
CREATE INDEX clocks_by_met ON clocks (landlord_id, name, met_day);

CREATE TABLE stock_counts (
  landlord_id BIGINT  NOT NULL,
  as_of_day   INTEGER NOT NULL,
  tenure      TEXT    NOT NULL,  -- social_rent | shared_ownership | other
  homes       BIGINT  NOT NULL CHECK (homes >= 0),
  PRIMARY KEY (landlord_id, as_of_day, tenure)
);

CREATE TABLE homes (
  landlord_id BIGINT NOT NULL,
  home_ref    TEXT   NOT NULL,
  block_ref   TEXT   NOT NULL,  -- '' for a house
  tenure      TEXT   NOT NULL,
  PRIMARY KEY (landlord_id, home_ref)
);
CREATE INDEX homes_by_block ON homes (landlord_id, block_ref);

CREATE TABLE compliance_records (
  landlord_id BIGINT  NOT NULL,
  as_of_day   INTEGER NOT NULL,
  check_type  TEXT    NOT NULL,  -- gas | fire | asbestos | water | lift | decent_homes
  home_ref    TEXT    NOT NULL,  -- '' for a block-level record
  block_ref   TEXT    NOT NULL,  -- '' for a home-level record
  required    INTEGER NOT NULL,
  compliant   INTEGER NOT NULL,  -- all required checks in date (remedial work does not count)
  PRIMARY KEY (landlord_id, as_of_day, check_type, home_ref, block_ref)
);

CREATE TABLE survey_responses (
  landlord_id   BIGINT  NOT NULL,
  response_id   TEXT    NOT NULL,
  household_ref TEXT    NOT NULL,
  tenure        TEXT    NOT NULL,
  collected_day INTEGER NOT NULL,
  method        TEXT    NOT NULL,
  weight        DOUBLE PRECISION NOT NULL,
  had_repair    INTEGER,  -- filter questions: 1 yes, 0 no, NULL not asked
  complained    INTEGER,
  communal      INTEGER,
  -- Answers: 1 very satisfied / strongly agree .. 5 very dissatisfied / strongly disagree;
  -- 0 don't know or not applicable; -1 refused; NULL not asked.
  tp01 INTEGER, tp02 INTEGER, tp03 INTEGER, tp04 INTEGER, tp05 INTEGER, tp06 INTEGER,
  tp07 INTEGER, tp08 INTEGER, tp09 INTEGER, tp10 INTEGER, tp11 INTEGER, tp12 INTEGER,
  PRIMARY KEY (landlord_id, response_id)
);
CREATE INDEX survey_by_day ON survey_responses (landlord_id, collected_day);

CREATE TABLE measure_series (
  landlord_id BIGINT  NOT NULL,
  code        TEXT    NOT NULL,
  tenure      TEXT    NOT NULL,  -- '' = all
  start_day   INTEGER NOT NULL,
  end_day     INTEGER NOT NULL,
  numerator   DOUBLE PRECISION NOT NULL,
  denominator DOUBLE PRECISION NOT NULL,
  source      TEXT    NOT NULL,
  PRIMARY KEY (landlord_id, code, tenure, start_day)
);
