-- 0037_unmet_clock_names: My work's translations section reads only the unmet translation
-- clocks (issue 13: My work p99 <= 20 ms at 5,000,000 cases).
--
-- The section lists the cases with an unmet clock named "translation.*" (CaseQuery
-- open_clock_prefix). With only clocks_unmet_by_due (landlord, due_day) and clocks_met_tenure
-- (landlord, name, met_day, ...) it read every unmet clock of the landlord (36,489 rows at
-- 200,000 cases, growing with the open cases) to find the few translations. This partial index
-- holds only the unmet clocks, by name, so the prefix is one range of it. The names are ordered
-- byte for byte (COLLATE "C"), as the list compares them (store/core/case_sql.cc
-- openClockPrefix): a database's own collation could order '.' anywhere.
CREATE INDEX clocks_unmet_by_name ON clocks (landlord_id, name COLLATE "C", case_id)
  WHERE met_day IS NULL;
