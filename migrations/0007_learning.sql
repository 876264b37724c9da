-- 0007_learning: projections of learning actions and the Ombudsman's handling (issue 4), for
-- the quarterly action plans, the public "you said, we did" list and the annual report. Written
-- in the same transaction as the case's events (and re-derived by `charter rebuild`); the
-- events stay the record.

CREATE TABLE learning_actions (
  landlord_id   BIGINT  NOT NULL,
  case_id       BIGINT  NOT NULL,
  action_no     INTEGER NOT NULL,
  reference     TEXT    NOT NULL,  -- the case's
  service_area  TEXT    NOT NULL,
  lesson        TEXT    NOT NULL,
  owner         TEXT    NOT NULL,
  you_said      TEXT    NOT NULL,
  raised_day    INTEGER NOT NULL,
  due_day       INTEGER NOT NULL,
  completed_day INTEGER,
  improvement   TEXT    NOT NULL,
  published     INTEGER NOT NULL,  -- 0/1: on the public list
  PRIMARY KEY (landlord_id, case_id, action_no),
  FOREIGN KEY (landlord_id, case_id) REFERENCES cases (landlord_id, case_id)
);
CREATE INDEX learning_actions_due ON learning_actions (landlord_id, due_day);
CREATE INDEX learning_actions_published ON learning_actions (landlord_id, published, completed_day);

CREATE TABLE ombudsman_cases (
  landlord_id       BIGINT  NOT NULL,
  case_id           BIGINT  NOT NULL,
  reference         TEXT    NOT NULL,  -- the case's
  ombudsman_ref     TEXT    NOT NULL,
  basis             TEXT    NOT NULL,
  referred_day      INTEGER NOT NULL,
  determined_day    INTEGER,
  outcome           TEXT    NOT NULL,  -- '' until determined
  compensation_pence BIGINT NOT NULL,
  PRIMARY KEY (landlord_id, case_id),
  FOREIGN KEY (landlord_id, case_id) REFERENCES cases (landlord_id, case_id)
);

CREATE TABLE ombudsman_orders (
  landlord_id   BIGINT  NOT NULL,
  case_id       BIGINT  NOT NULL,
  order_no      INTEGER NOT NULL,
  description   TEXT    NOT NULL,
  made_day      INTEGER NOT NULL,
  due_day       INTEGER NOT NULL,
  completed_day INTEGER,
  PRIMARY KEY (landlord_id, case_id, order_no),
  FOREIGN KEY (landlord_id, case_id) REFERENCES ombudsman_cases (landlord_id, case_id)
);
