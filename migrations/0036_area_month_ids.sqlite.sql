-- 0036_area_month_ids (SQLite): see 0036_area_month_ids.sql; the same index, then analysed, as
-- 0034 and 0035 do: an index without statistics in sqlite_stat1 looks far more selective to the
-- planner than it is (0034_work_indexes.sqlite.sql).
CREATE INDEX cases_by_area_received_id ON cases (landlord_id, service_area, received_ms, case_id);
DROP INDEX cases_by_area_received;
ANALYZE cases_by_area_received_id;
