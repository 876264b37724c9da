-- 0024_admin_changes: what the system administrator changed (app/admin.h), and the landlord's
-- contact details that the public pages show. Every change made on the administration pages is
-- written here, in the same transaction as the change where the change is this store's own.

CREATE TABLE admin_changes (
  landlord_id BIGINT NOT NULL REFERENCES landlords (landlord_id),
  change_id   BIGINT NOT NULL,  -- max + 1 within the landlord
  at_ms       BIGINT NOT NULL,  -- UTC epoch milliseconds
  actor       TEXT   NOT NULL,  -- the administrator's username
  action      TEXT   NOT NULL,  -- account_created, account_disabled, token_revoked, ...
  subject     TEXT   NOT NULL,  -- the account's username, the token's name, "contact details"
  detail      TEXT   NOT NULL,  -- plain words, never a secret
  PRIMARY KEY (landlord_id, change_id)
);

CREATE TABLE landlord_contacts (
  landlord_id BIGINT NOT NULL PRIMARY KEY REFERENCES landlords (landlord_id),
  phone       TEXT   NOT NULL,
  email       TEXT   NOT NULL,
  address     TEXT   NOT NULL,
  updated_ms  BIGINT NOT NULL
);
