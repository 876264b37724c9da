-- 0008_case_address (PostgreSQL): the resident's address on the case projection (see
-- 0008_case_address.sql), filled from the received event where nothing has changed it since.
ALTER TABLE cases ADD COLUMN person_address TEXT NOT NULL DEFAULT '';
UPDATE cases c SET person_address = coalesce(
    (SELECT e.data::jsonb #>> '{person,address}' FROM events e
      WHERE e.landlord_id = c.landlord_id AND e.case_id = c.case_id AND e.seq = 1), '')
  WHERE NOT EXISTS (SELECT 1 FROM events e
      WHERE e.landlord_id = c.landlord_id AND e.case_id = c.case_id
        AND e.type IN ('person_rectified', 'anonymised'));
