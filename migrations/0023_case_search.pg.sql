-- 0023_case_search (PostgreSQL): see 0023_case_search.sql. The search text is indexed by a
-- pg_trgm GIN index (contrib; pg_trgm is a trusted extension, so the database owner may
-- create it), which answers LIKE '%term%' for terms of three characters or more (shorter
-- terms are checked row by row). A write whose row changes adds its trigrams to the index's
-- pending list (fastupdate), merged later by vacuum.
--
-- Existing rows: email, phone, tenancy reference and service area come from the received
-- event (seq 1), except for cases whose person was since corrected or anonymised, which are
-- searched by reference, name, address and summary until `charter rebuild` rewrites them.
-- The extension goes in schema public once per database (each Charter schema names its operator
-- class as public.gin_trgm_ops, so a search_path without public still finds it); the LIKE
-- operator itself is pg_catalog's. Lower-casing is ASCII only (translate), as app/case_search.h's lowerAscii.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
ALTER TABLE cases ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN service_area TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_by_service_area ON cases (landlord_id, service_area, case_id);
CREATE INDEX cases_by_received ON cases (landlord_id, received_ms);

CREATE TEMP TABLE search_fill ON COMMIT DROP AS
  SELECT e.landlord_id, e.case_id,
         coalesce(e.data::jsonb #>> '{person,email}', '') AS email,
         regexp_replace(coalesce(e.data::jsonb #>> '{person,phone}', ''), '[ ()\t.-]', '', 'g')
           AS phone,
         coalesce(e.data::jsonb #>> '{person,tenancy_ref}', '') AS tenancy,
         coalesce(e.data::jsonb #>> '{service_area}', '') AS area
    FROM events e WHERE e.seq = 1;
UPDATE search_fill f SET email = '', phone = '', tenancy = ''
  WHERE EXISTS (SELECT 1 FROM events e
      WHERE e.landlord_id = f.landlord_id AND e.case_id = f.case_id
        AND e.type IN ('person_rectified', 'anonymised'));
UPDATE search_fill SET phone = CASE
    WHEN phone LIKE '+44%' THEN '0' || substr(phone, 4)
    WHEN phone LIKE '0044%' THEN '0' || substr(phone, 5)
    WHEN phone LIKE '+%' THEN substr(phone, 2)
    WHEN length(phone) = 12 AND phone LIKE '44%' THEN '0' || substr(phone, 3)
    ELSE phone END;
UPDATE cases c SET service_area = f.area,
    search_text = translate(
      c.reference || E'\n' || replace(c.person_name, E'\n', ' ') || E'\n'
      || replace(c.person_address, E'\n', ' ') || E'\n' || replace(f.email, E'\n', ' ') || E'\n'
      || replace(f.tenancy, E'\n', ' ') || E'\n' || replace(c.summary, E'\n', ' ') || E'\n',
      'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') || f.phone
  FROM search_fill f WHERE f.landlord_id = c.landlord_id AND f.case_id = c.case_id;

CREATE INDEX cases_search_trgm ON cases USING gin (search_text public.gin_trgm_ops);
