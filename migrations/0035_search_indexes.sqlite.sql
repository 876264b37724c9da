-- 0035_search_indexes (SQLite): see 0035_search_indexes.sql; the same column and indexes, then
-- the two new indexes analysed, as 0034 does: an index without statistics in sqlite_stat1
-- looks far more selective to the planner than it is, and would be read in place of the older
-- ones until the next ANALYZE (0034_work_indexes.sqlite.sql).
ALTER TABLE cases ADD COLUMN phone_norm TEXT NOT NULL DEFAULT '';
UPDATE cases SET phone_norm = substr(search_text, length(rtrim(search_text, '0123456789')) + 1)
  WHERE rtrim(search_text, '0123456789') <> search_text;
CREATE INDEX cases_by_phone ON cases (landlord_id, phone_norm, case_id);
CREATE INDEX cases_by_area_received ON cases (landlord_id, service_area, received_ms);
ANALYZE cases_by_phone;
ANALYZE cases_by_area_received;
