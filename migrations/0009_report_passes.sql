-- 0009_report_passes: monthly rollups for the reports (issue 4). Both dialects replace this
-- file (0009_report_passes.sqlite.sql, 0009_report_passes.pg.sql): the rollups are kept by
-- triggers, whose syntax differs.
SELECT 1;
