-- 0031_deferred_rollups: nothing on SQLite (one writer process; its triggers of 0009 stay as
-- they are). PostgreSQL replaces this file (0031_deferred_rollups.pg.sql): the case writer's
-- transactions collect the monthly rollup changes and apply them just before COMMIT, in key
-- order, so two processes never deadlock on the shared month rows.
SELECT 1;
