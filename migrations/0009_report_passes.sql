-- 0009_report_passes: the annual report in a handful of index-only passes (issue 4: < 1 s at
-- 1,000,000 cases). Portable SQL (SQLite 3.40 and PostgreSQL 15).
--
-- clocks.tenure: the tenure of the clock's case, written with the clock by the case
-- projection (and re-derived by `charter rebuild`), so CH02's tally by tenure reads one
-- covering index instead of joining every clock stopped in the year to case_facts.
ALTER TABLE clocks ADD COLUMN tenure TEXT NOT NULL DEFAULT '';
UPDATE clocks SET tenure = coalesce((SELECT f.tenure FROM case_facts f WHERE
  f.landlord_id = clocks.landlord_id AND f.case_id = clocks.case_id), '');
-- Replaces clocks_by_met and clocks_met_cover (both are prefixes of it, or lack the tenure).
DROP INDEX IF EXISTS clocks_met_cover;
DROP INDEX IF EXISTS clocks_by_met;
CREATE INDEX clocks_met_tenure ON clocks (landlord_id, name, met_day, tenure, status,
  original_due_day, case_id);
-- One grouped pass over the cases received in a period answers every count, volume and
-- refusal of the report (report_queries.h: kFactsByReceived), read from the index alone.
CREATE INDEX case_facts_received_dims ON case_facts (landlord_id, received_day, kind, tenure,
  service_area, theme, channel, status, refusal_reason);
-- Stage 1 outcomes by decision in one pass, read from the index alone (replaces
-- case_facts_s1_responded, a prefix of it).
DROP INDEX IF EXISTS case_facts_s1_responded;
CREATE INDEX case_facts_s1_outcomes ON case_facts (landlord_id, stage1_responded_day,
  stage1_decision, escalated_day, elements, elements_upheld, extensions, remedies, compensation);
