-- 0002_events_append_only: the event log may only grow.
--
-- Portable version: nothing to do. The application never updates or deletes events; engines
-- that allow it (see 0002_events_append_only.sqlite.sql) also refuse it in the database.
-- Triggers are kept out of the portable schema (CockroachDB lacks them; cpp-anchors 4.7).
SELECT 1;
