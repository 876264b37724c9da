-- 0035_search_indexes (PostgreSQL): see 0035_search_indexes.sql; the same column and indexes.
-- The column is filled by rewriting the table (ALTER ... TYPE ... USING), not by an UPDATE of
-- every row: the UPDATE left a dead version of every case and a new entry for it in every
-- index, the search text's GIN index included, which doubled the table (60 to 123 MB at
-- 200,000 cases) and the GIN index (22 to 51 MB) and made a search by reference two to three
-- times slower until they were rebuilt. The rewrite builds every index afresh, compact. Then
-- ANALYZE, so the first lists after it are planned from statistics (as the import ends).
ALTER TABLE cases ADD COLUMN phone_norm TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ALTER COLUMN phone_norm TYPE TEXT
  USING substr(search_text, length(rtrim(search_text, '0123456789')) + 1);
CREATE INDEX cases_by_phone ON cases (landlord_id, phone_norm, case_id);
CREATE INDEX cases_by_area_received ON cases (landlord_id, service_area, received_ms);
ANALYZE cases;
