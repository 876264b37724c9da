-- 0036_area_month_ids: a service area's month, newest first, reads only the page's cases at
-- millions of cases (issue 13, bench/scale.sh "Repairs, April 2024, newest").
--
-- cases_by_area_received (0035) found the area's cases received in the month, but the list is
-- in case id order, which that index does not hold: every case of the month (8,000 at
-- 5,000,000 cases) was read from the table to be sorted, for the 51 rows of a page. This index
-- also holds the case id, so the list (store/core/case_sql.cc idsFirst) finds the page's ids in
-- the index alone, sorts those, and reads only the page's rows by primary key. It begins with
-- the old index's columns, so it answers every query the old one did, which is dropped.
--
-- PostgreSQL reads a month's rows whole as before (its heap, in receipt order, gives them
-- cheaply; the ids-first form measured no faster there): the index replaces the old one there
-- too, so both stores keep one schema.
--
-- Portable version (PostgreSQL). 0036_area_month_ids.sqlite.sql analyses the new index.
CREATE INDEX cases_by_area_received_id ON cases (landlord_id, service_area, received_ms, case_id);
DROP INDEX cases_by_area_received;
