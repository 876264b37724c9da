-- 0023_case_search: search that finds (issue 12 item 9). Each case row carries its search text
-- (app/case_search.h caseSearchText: reference, name, address, email, tenancy reference,
-- summary and phone, lower-cased, one a line) and its service area, written with the rest of
-- the projection; a list's `q` matches when the text contains every term of the query.
--
-- Portable version: the columns and plain indexes only; a case written before it is found by
-- `q` after `charter rebuild`. Both stores replace this file: 0023_case_search.sqlite.sql adds
-- an FTS5 trigram index, 0023_case_search.pg.sql a pg_trgm GIN index, and both fill the new
-- columns of existing rows.
ALTER TABLE cases ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN service_area TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_by_service_area ON cases (landlord_id, service_area, case_id);
CREATE INDEX cases_by_received ON cases (landlord_id, received_ms);
