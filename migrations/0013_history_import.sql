-- 0013_history_import: the legacy references of cases brought in by `charter import ... cases`
-- (docs/imports.md), so a second import of the same history is refused line by line.
-- PostgreSQL replaces this file (0013_history_import.pg.sql) to let the import's own
-- transaction write rows the monthly rollup triggers skip (SQLite's import drops and recreates
-- those triggers inside its transaction instead).
CREATE TABLE imported_cases (
  landlord_id BIGINT NOT NULL,
  legacy_ref  TEXT   NOT NULL,
  case_id     BIGINT NOT NULL,
  PRIMARY KEY (landlord_id, legacy_ref),
  FOREIGN KEY (landlord_id, case_id) REFERENCES cases (landlord_id, case_id)
);
