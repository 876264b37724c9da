-- 0029_mail_in: the log of email taken in (app/mail_in.h, docs/mail-in.md), with the
-- quarantine of messages that could not be: one row per landlord and message key.
--
-- message_key is the Message-ID, or "sha256:" and the hash of the bytes when there is none: a
-- message delivered twice finds its row and is logged once. A row is claimed (outcome '')
-- before anything is written and finished after; a claim left unfinished since before the
-- stale limit (the delivery died) may be taken over. outcome: contact | joined | quarantined.
-- raw is the whole message, base64, kept for the quarantined only ('' otherwise): oversized,
-- malformed, without From, or refused by the case rules; reason is the rule and detail why.

CREATE TABLE mail_in (
  landlord_id BIGINT NOT NULL REFERENCES landlords (landlord_id),
  message_key TEXT   NOT NULL,
  received_ms BIGINT NOT NULL,  -- UTC epoch milliseconds: claimed, then received
  outcome     TEXT   NOT NULL,  -- '' while claimed
  case_id     BIGINT NOT NULL,  -- 0 when none
  reason      TEXT   NOT NULL,
  detail      TEXT   NOT NULL,
  sender      TEXT   NOT NULL,  -- "Name <address>" as far as it was read
  subject     TEXT   NOT NULL,
  size        BIGINT NOT NULL,  -- bytes of the message
  raw         TEXT   NOT NULL,  -- base64; quarantined only
  PRIMARY KEY (landlord_id, message_key)
);
CREATE INDEX mail_in_quarantine ON mail_in (landlord_id, outcome, received_ms);
