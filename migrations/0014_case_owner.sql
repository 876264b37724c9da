-- 0014_case_owner: who has the case (a user name or a team, from its latest "assigned" event)
-- on the case projection, so the triage queue (open cases without an owner) and a person's own
-- cases are indexed reads. '' means not assigned; no case had an owner before this migration.
ALTER TABLE cases ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_by_owner ON cases (landlord_id, owner, case_id);
