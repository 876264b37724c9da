-- 0021_outbox: messages to residents (email now, SMS later), written in the same transaction as
-- the event that causes each one, so none is lost and none is made twice. A message's key is
-- the event that caused it and its kind: appending the same event cannot queue it again.
--
-- status: pending (waiting for next_attempt_ms), sending (claimed by a sender until
-- next_attempt_ms, its lease), sent, failed (given up after the last attempt). attempts counts
-- claims, and is the claim's token: a sender marks the message only while attempts is still
-- the value its claim set (app/outbox.h).

CREATE TABLE outbox (
  landlord_id     BIGINT  NOT NULL,
  case_id         BIGINT  NOT NULL,
  event_seq       BIGINT  NOT NULL,  -- the event that caused it
  kind            TEXT    NOT NULL,  -- acknowledgement | case_update
  channel         TEXT    NOT NULL,  -- email | sms
  recipient       TEXT    NOT NULL,
  subject         TEXT    NOT NULL,
  body            TEXT    NOT NULL,
  status          TEXT    NOT NULL,
  attempts        BIGINT  NOT NULL,
  created_ms      BIGINT  NOT NULL,  -- UTC epoch milliseconds
  next_attempt_ms BIGINT  NOT NULL,
  sent_ms         BIGINT,
  last_error      TEXT    NOT NULL,
  PRIMARY KEY (landlord_id, case_id, event_seq, kind),
  FOREIGN KEY (landlord_id, case_id) REFERENCES cases (landlord_id, case_id)
);

-- The sender's scan: due messages of a landlord.
CREATE INDEX outbox_due ON outbox (landlord_id, status, next_attempt_ms);
