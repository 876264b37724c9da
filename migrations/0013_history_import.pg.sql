-- 0013_history_import (PostgreSQL): see 0013_history_import.sql. The rollup triggers of 0009
-- fire unless the transaction has set charter.bulk_load to 'on' (SET LOCAL, which only the
-- bulk import does: it recomputes the landlord's rollups from the rows once before COMMIT).
CREATE TABLE imported_cases (
  landlord_id BIGINT NOT NULL,
  legacy_ref  TEXT   NOT NULL,
  case_id     BIGINT NOT NULL,
  PRIMARY KEY (landlord_id, legacy_ref),
  FOREIGN KEY (landlord_id, case_id) REFERENCES cases (landlord_id, case_id)
);
DROP TRIGGER case_facts_months ON case_facts;
CREATE TRIGGER case_facts_months AFTER INSERT OR UPDATE OR DELETE ON case_facts
  FOR EACH ROW WHEN (current_setting('charter.bulk_load', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION case_facts_months();
DROP TRIGGER clocks_months ON clocks;
CREATE TRIGGER clocks_months AFTER INSERT OR UPDATE OR DELETE ON clocks
  FOR EACH ROW WHEN (current_setting('charter.bulk_load', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION clocks_months();
