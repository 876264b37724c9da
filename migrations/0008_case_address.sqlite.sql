-- 0008_case_address (SQLite): the resident's address on the case projection (see
-- 0008_case_address.sql), filled from the received event where nothing has changed it since.
ALTER TABLE cases ADD COLUMN person_address TEXT NOT NULL DEFAULT '';
UPDATE cases SET person_address = coalesce(
    (SELECT CAST(json_extract(e.data, '$.person.address') AS TEXT) FROM events e
      WHERE e.landlord_id = cases.landlord_id AND e.case_id = cases.case_id AND e.seq = 1
        AND json_valid(e.data)), '')
  WHERE NOT EXISTS (SELECT 1 FROM events e
      WHERE e.landlord_id = cases.landlord_id AND e.case_id = cases.case_id
        AND e.type IN ('person_rectified', 'anonymised'));
