-- 0019_idempotency: the first answer to a request sent with an idempotency key (app/idempotency.h):
-- the API's Idempotency-Key header and the pages' one-time form tokens. A row is claimed before
-- the request is acted on (status 0) and holds the answer afterwards; it is the key's answer for
-- 24 hours from claimed_ms, after which the key may be claimed afresh.

CREATE TABLE idempotency_keys (
  landlord_id BIGINT  NOT NULL REFERENCES landlords (landlord_id),
  principal   TEXT    NOT NULL,  -- "account:ID", "token:ID", "public" (app/idempotency.h)
  idem_key    TEXT    NOT NULL,
  fingerprint TEXT    NOT NULL,  -- SHA-256 hex of the request
  status      INTEGER NOT NULL,  -- 0 while claimed, then the HTTP status answered
  body        TEXT    NOT NULL,
  claimed_ms  BIGINT  NOT NULL,  -- UTC epoch milliseconds
  PRIMARY KEY (landlord_id, principal, idem_key)
);
CREATE INDEX idempotency_keys_claimed ON idempotency_keys (landlord_id, claimed_ms);
