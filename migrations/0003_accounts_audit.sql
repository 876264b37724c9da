-- 0003_accounts_audit: sign-in (accounts, sessions, API tokens), landlord policies, the log of
-- who viewed whose record, and the person reference each case carries.
--
-- Portable SQL (SQLite 3.40 and PostgreSQL 15). landlord_id leads every key; secrets (session
-- and API tokens) are stored only as SHA-256 hex hashes; passwords only as Argon2id strings.

-- A landlord's policy (TOML text), so every `charter serve` process reads the same one.
CREATE TABLE landlord_policies (
  landlord_id BIGINT NOT NULL PRIMARY KEY REFERENCES landlords (landlord_id),
  policy_toml TEXT   NOT NULL,
  source      TEXT   NOT NULL,
  updated_ms  BIGINT NOT NULL
);

CREATE TABLE accounts (
  landlord_id     BIGINT  NOT NULL REFERENCES landlords (landlord_id),
  account_id      BIGINT  NOT NULL,
  username        TEXT    NOT NULL,  -- stored lower-cased
  display_name    TEXT    NOT NULL,
  role            TEXT    NOT NULL,
  person_ref      TEXT    NOT NULL DEFAULT '',
  password_hash   TEXT    NOT NULL,  -- crypto_pwhash_str (Argon2id)
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until_ms BIGINT  NOT NULL DEFAULT 0,
  disabled        INTEGER NOT NULL DEFAULT 0,
  created_ms      BIGINT  NOT NULL,
  PRIMARY KEY (landlord_id, account_id),
  UNIQUE (landlord_id, username)
);

CREATE TABLE sessions (
  landlord_id BIGINT NOT NULL,
  token_hash  TEXT   NOT NULL,
  account_id  BIGINT NOT NULL,
  csrf_token  TEXT   NOT NULL,
  created_ms  BIGINT NOT NULL,
  expires_ms  BIGINT NOT NULL,
  PRIMARY KEY (landlord_id, token_hash),
  FOREIGN KEY (landlord_id, account_id) REFERENCES accounts (landlord_id, account_id)
);

CREATE TABLE api_tokens (
  landlord_id BIGINT NOT NULL REFERENCES landlords (landlord_id),
  token_id    BIGINT NOT NULL,
  token_hash  TEXT   NOT NULL,
  name        TEXT   NOT NULL,
  role        TEXT   NOT NULL,
  created_ms  BIGINT NOT NULL,
  revoked     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (landlord_id, token_id),
  UNIQUE (landlord_id, token_hash)
);

-- Who viewed whose record (UK GDPR accountability): one row per read of a case.
CREATE TABLE case_views (
  landlord_id BIGINT NOT NULL REFERENCES landlords (landlord_id),
  view_id     BIGINT NOT NULL,
  case_id     BIGINT NOT NULL,
  person_ref  TEXT   NOT NULL,
  viewer      TEXT   NOT NULL,   -- username or "token:NAME"
  viewer_role TEXT   NOT NULL,
  purpose     TEXT   NOT NULL,   -- "api", "web", "subject-access", ...
  at_ms       BIGINT NOT NULL,
  PRIMARY KEY (landlord_id, view_id)
);
CREATE INDEX case_views_by_person ON case_views (landlord_id, person_ref, at_ms);
CREATE INDEX case_views_by_case ON case_views (landlord_id, case_id, at_ms);

-- The person a case is about (person.account on the received event, or after rectification).
ALTER TABLE cases ADD COLUMN person_ref TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_by_person ON cases (landlord_id, person_ref, case_id);
