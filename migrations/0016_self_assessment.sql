-- 0016_self_assessment: the annual self-assessment against the Complaint Handling Code (8.1(a),
-- 8.2): the complaints team's answers, the governing body's review and response, and, once
-- published, a frozen snapshot of the rows and figures (later case changes never alter it).

CREATE TABLE self_assessments (
  landlord_id        BIGINT  NOT NULL,
  period             TEXT    NOT NULL,  -- financial year, "2025-26"
  answers            TEXT    NOT NULL,  -- JSON array of {provision, answer, commentary}
  updated_by         TEXT    NOT NULL,
  updated_at         BIGINT  NOT NULL,  -- epoch milliseconds
  reviewed_on        INTEGER,           -- day number; NULL until the governing body's review
  reviewed_by        TEXT    NOT NULL,
  response           TEXT    NOT NULL,
  review_recorded_by TEXT    NOT NULL,
  published_at       BIGINT,            -- epoch milliseconds; NULL while a draft
  published_by       TEXT    NOT NULL,
  snapshot           TEXT    NOT NULL,  -- JSON, '' while a draft
  PRIMARY KEY (landlord_id, period)
);
