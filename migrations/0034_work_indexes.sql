-- 0034_work_indexes: My work and the overdue list stay indexed reads at millions of cases
-- (issue 13 item 2, bench/scale.sh).
--
-- My work lists a handler's open, responded and (with a due date) closed cases. With only
-- cases_by_handler (landlord, handler, case_id) each of those read every case the handler ever
-- had (tens of thousands at 5,000,000 cases) to find the few still open.
CREATE INDEX cases_by_handler_status ON cases (landlord_id, handler, status, case_id);
-- The cases with a due date (an unmet clock or a commitment): a few thousand of millions. The
-- planner could not tell that from cases_by_next_due, whose every NULL counts as a row, so the
-- overdue list walked the whole table in case order; a comparison on next_due_day implies
-- IS NOT NULL, so every "next_due_day < ?" query can use this one.
CREATE INDEX cases_with_due ON cases (landlord_id, next_due_day) WHERE next_due_day IS NOT NULL;
