-- 0012_account_job_title: a staff account's job title, which letters carry under the name of
-- the person who signs them ("Ivy Okonkwo, Complaints Investigator"). Empty: no title shown.
ALTER TABLE accounts ADD COLUMN job_title TEXT NOT NULL DEFAULT '';
