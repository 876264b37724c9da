-- 0004_retention_redaction: retention may redact the data of an anonymised case's events.
--
-- Portable version: nothing to do (the portable schema has no triggers; see 0002). The
-- application redacts only cases that carry an "anonymised" event (app/subject_access.cc).
SELECT 1;
