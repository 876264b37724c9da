-- 0023_case_search (SQLite): see 0023_case_search.sql. The search text is indexed by an FTS5
-- table with the trigram tokenizer (SQLite 3.34 or later), whose index answers LIKE '%term%'
-- for terms of three characters or more (shorter terms scan it). Its rowid is
-- landlord_id * 2^40 + case_id (case ids stay below 2^40), kept by the triggers below: a write
-- that leaves the search text as it was (most do: a status, an owner, a clock) costs nothing
-- more; one that changes it replaces one row's trigrams.
--
-- Existing rows: email, phone, tenancy reference and service area come from the received
-- event (seq 1), except for cases whose person was since corrected or anonymised, which are
-- searched by reference, name, address and summary until `charter rebuild` rewrites them.
ALTER TABLE cases ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN service_area TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_by_service_area ON cases (landlord_id, service_area, case_id);
CREATE INDEX cases_by_received ON cases (landlord_id, received_ms);

CREATE TEMP TABLE search_fill AS
  SELECT e.landlord_id, e.case_id,
         coalesce(CAST(json_extract(e.data, '$.person.email') AS TEXT), '') AS email,
         replace(replace(replace(replace(replace(replace(
           coalesce(CAST(json_extract(e.data, '$.person.phone') AS TEXT), ''),
           ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), char(9), '') AS phone,
         coalesce(CAST(json_extract(e.data, '$.person.tenancy_ref') AS TEXT), '') AS tenancy,
         coalesce(CAST(json_extract(e.data, '$.service_area') AS TEXT), '') AS area
    FROM events e WHERE e.seq = 1 AND json_valid(e.data);
UPDATE search_fill SET email = '', phone = '', tenancy = ''
  WHERE EXISTS (SELECT 1 FROM events e
      WHERE e.landlord_id = search_fill.landlord_id AND e.case_id = search_fill.case_id
        AND e.type IN ('person_rectified', 'anonymised'));
UPDATE search_fill SET phone = CASE
    WHEN phone LIKE '+44%' THEN '0' || substr(phone, 4)
    WHEN phone LIKE '0044%' THEN '0' || substr(phone, 5)
    WHEN phone LIKE '+%' THEN substr(phone, 2)
    WHEN length(phone) = 12 AND phone LIKE '44%' THEN '0' || substr(phone, 3)
    ELSE phone END;
UPDATE cases SET service_area = f.area,
    search_text = lower(cases.reference) || char(10)
      || lower(replace(cases.person_name, char(10), ' ')) || char(10)
      || lower(replace(cases.person_address, char(10), ' ')) || char(10)
      || lower(replace(f.email, char(10), ' ')) || char(10)
      || lower(replace(f.tenancy, char(10), ' ')) || char(10)
      || lower(replace(cases.summary, char(10), ' ')) || char(10)
      || f.phone
  FROM search_fill f WHERE f.landlord_id = cases.landlord_id AND f.case_id = cases.case_id;
DROP TABLE search_fill;

CREATE VIRTUAL TABLE case_search USING fts5(search_text, tokenize = 'trigram');
INSERT INTO case_search (rowid, search_text)
  SELECT landlord_id * 1099511627776 + case_id, search_text FROM cases;
CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN
  INSERT INTO case_search (rowid, search_text)
    VALUES (new.landlord_id * 1099511627776 + new.case_id, new.search_text);
END;
CREATE TRIGGER cases_search_update AFTER UPDATE OF search_text ON cases
  WHEN old.search_text IS NOT new.search_text BEGIN
  UPDATE case_search SET search_text = new.search_text
    WHERE rowid = new.landlord_id * 1099511627776 + new.case_id;
END;
CREATE TRIGGER cases_search_delete AFTER DELETE ON cases BEGIN
  DELETE FROM case_search WHERE rowid = old.landlord_id * 1099511627776 + old.case_id;
END;
