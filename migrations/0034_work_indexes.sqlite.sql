-- 0034_work_indexes (SQLite): see 0034_work_indexes.sql; the same two indexes, then analysed.
-- A database in service has statistics (sqlite_stat1, from PRAGMA optimize) for its older
-- indexes; an index without them looks, to the planner, far more selective than it is, so at
-- 1,000,000 cases the unfiltered case list chose cases_by_handler_status and sorted every case
-- (0.5 s a page, bench/scale.sh) until the next ANALYZE. Only the new indexes are read (on an
-- empty database this costs nothing; at 5,000,000 cases a few seconds).
CREATE INDEX cases_by_handler_status ON cases (landlord_id, handler, status, case_id);
CREATE INDEX cases_with_due ON cases (landlord_id, next_due_day) WHERE next_due_day IS NOT NULL;
ANALYZE cases_by_handler_status;
ANALYZE cases_with_due;
