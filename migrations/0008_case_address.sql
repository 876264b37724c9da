-- 0008_case_address: the resident's address on the case projection, so staff search finds a
-- case by address as well as by reference, name and summary (issue 3).
--
-- Portable version: the column only; a case written before it is found by address after
-- `charter rebuild`. The dialect files (0008_case_address.sqlite.sql / .pg.sql) also fill it
-- from the received event, except for cases whose person was since corrected or anonymised
-- (their address comes from folding every event, which only a rebuild does).
ALTER TABLE cases ADD COLUMN person_address TEXT NOT NULL DEFAULT '';
