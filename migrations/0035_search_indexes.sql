-- 0035_search_indexes: a search by phone number and a service area's month stay indexed reads
-- at millions of cases (issue 13 item 2, bench/scale.sh).
--
-- A phone number was one term looked up in the search text's trigram index (0023): a number
-- has only digit trigrams, of which there are a thousand, so each is in about one case in a
-- hundred and some (077, 770, 700) in nearly every case (0.5 s at 1,000,000 cases on SQLite).
-- phone_norm is the case's phone as app/case_search.h searchPhone writes it (digits only, +44
-- as 0): the last line of the search text, which the projection and the importer write with
-- the rest of the row (store/core/case_rows.cc caseRow). A whole number is searched by
-- equality on it (store/core/case_sql.cc). Existing rows take it from their search text, so
-- both say the same until the next `charter rebuild` (which writes both again).
--
-- Portable version. Both stores replace this file: 0035_search_indexes.sqlite.sql analyses the
-- new indexes, 0035_search_indexes.pg.sql fills the column by rewriting the table.
ALTER TABLE cases ADD COLUMN phone_norm TEXT NOT NULL DEFAULT '';
UPDATE cases SET phone_norm = substr(search_text, length(rtrim(search_text, '0123456789')) + 1)
  WHERE rtrim(search_text, '0123456789') <> search_text;
CREATE INDEX cases_by_phone ON cases (landlord_id, phone_norm, case_id);
-- A service area's cases received in a period, newest first (the staff search's filters):
-- cases_by_service_area read the area's cases from the newest back to the period, and
-- cases_by_received every area's cases in the period; this one reads only the area's cases in
-- the period (a month: a few thousand at 5,000,000 cases), then sorts them.
CREATE INDEX cases_by_area_received ON cases (landlord_id, service_area, received_ms);
