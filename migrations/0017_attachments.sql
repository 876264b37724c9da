-- 0017_attachments: correspondence and documents on the case file (Code 5.12). The bytes are
-- kept as base64 text (the same column type in both databases), with the SHA-256 of the
-- bytes, checked on every read. Retention deletes a case's files when it anonymises the case.

CREATE TABLE attachments (
  landlord_id  BIGINT  NOT NULL,
  case_id      BIGINT  NOT NULL,
  name         TEXT    NOT NULL,
  content_type TEXT    NOT NULL,  -- read from the bytes
  size_bytes   BIGINT  NOT NULL,
  sha256       TEXT    NOT NULL,  -- lower-case hex of the bytes
  added_ms     BIGINT  NOT NULL,  -- UTC epoch milliseconds
  added_by     TEXT    NOT NULL,
  content_b64  TEXT    NOT NULL,
  PRIMARY KEY (landlord_id, case_id, name),
  FOREIGN KEY (landlord_id, case_id) REFERENCES cases (landlord_id, case_id)
);
