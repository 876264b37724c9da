-- 0009_report_passes (SQLite): the annual report from monthly rollups (issue 4: < 1 s at
-- 1,000,000 cases). See 0009_report_passes.pg.sql for PostgreSQL; the two differ only in the
-- month arithmetic and the trigger syntax.
--
-- clocks.tenure: the tenure of the clock's case, written with the clock by the case
-- projection (and re-derived by `charter rebuild`), so tallies by tenure need no join.
-- case_months / clock_months: rollups kept by triggers in the same transaction as every write
-- of case_facts and clocks (projection, rebuild, bulk loads alike), so they cannot drift.
ALTER TABLE clocks ADD COLUMN tenure TEXT NOT NULL DEFAULT '';
UPDATE clocks SET tenure = coalesce((SELECT f.tenure FROM case_facts f WHERE
  f.landlord_id = clocks.landlord_id AND f.case_id = clocks.case_id), '');
-- Replaces clocks_by_met and clocks_met_cover (both are prefixes of it, or lack the tenure).
DROP INDEX IF EXISTS clocks_met_cover;
DROP INDEX IF EXISTS clocks_by_met;
CREATE INDEX clocks_met_tenure ON clocks (landlord_id, name, met_day, tenure, status,
  original_due_day, case_id);
-- The latest compliance snapshot of one check on or before a date, without scanning every
-- other check's records (the primary key leads with the date).
CREATE INDEX compliance_by_check ON compliance_records (landlord_id, check_type, as_of_day);
-- Stage 1 outcomes by decision in one pass, read from the index alone (replaces
-- case_facts_s1_responded, a prefix of it).
DROP INDEX IF EXISTS case_facts_s1_responded;
CREATE INDEX case_facts_s1_outcomes ON case_facts (landlord_id, stage1_responded_day,
  stage1_decision, escalated_day, elements, elements_upheld, extensions, remedies, compensation);

-- Cases received (basis 'received') or escalated ('escalated') per calendar month (month_day:
-- the day number of the month's first day), by every dimension a count or volume filters on.
-- Every reporting period is whole months, so a year is twelve rows per group.
CREATE TABLE case_months (
  landlord_id    BIGINT  NOT NULL,
  basis          TEXT    NOT NULL,
  month_day      INTEGER NOT NULL,
  kind           TEXT    NOT NULL,
  tenure         TEXT    NOT NULL,
  service_area   TEXT    NOT NULL,
  theme          TEXT    NOT NULL,
  channel        TEXT    NOT NULL,
  status         TEXT    NOT NULL,
  refusal_reason TEXT    NOT NULL,
  cases          BIGINT  NOT NULL,
  PRIMARY KEY (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status,
               refusal_reason)
);
-- Clocks stopped per month of met_day, by the case's tenure: stopped, met (as extended), met by
-- the original due date.
CREATE TABLE clock_months (
  landlord_id BIGINT  NOT NULL,
  name        TEXT    NOT NULL,
  month_day   INTEGER NOT NULL,
  tenure      TEXT    NOT NULL,
  stopped     BIGINT  NOT NULL,
  met         BIGINT  NOT NULL,
  met_strict  BIGINT  NOT NULL,
  PRIMARY KEY (landlord_id, name, month_day, tenure)
);
-- Compliance per check and snapshot by home tenure (listed 0: homes not in `homes`), recomputed
-- by the imports of compliance and homes in their transaction (block records fan out to homes).
CREATE TABLE compliance_tallies (
  landlord_id BIGINT  NOT NULL,
  check_type  TEXT    NOT NULL,
  as_of_day   INTEGER NOT NULL,
  tenure      TEXT    NOT NULL,
  listed      INTEGER NOT NULL,
  required    BIGINT  NOT NULL,
  compliant   BIGINT  NOT NULL,
  PRIMARY KEY (landlord_id, check_type, as_of_day, tenure, listed)
);

CREATE TRIGGER case_facts_months_insert AFTER INSERT ON case_facts BEGIN
  INSERT INTO case_months (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason, cases)
    SELECT NEW.landlord_id, 'received', (NEW.received_day - CAST(strftime('%d', NEW.received_day * 86400, 'unixepoch') AS INTEGER) + 1), NEW.kind, NEW.tenure, NEW.service_area, NEW.theme, NEW.channel, NEW.status, NEW.refusal_reason, 1 WHERE true
    ON CONFLICT (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason) DO UPDATE SET cases = cases + 1;
  INSERT INTO case_months (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason, cases)
    SELECT NEW.landlord_id, 'escalated', (NEW.escalated_day - CAST(strftime('%d', NEW.escalated_day * 86400, 'unixepoch') AS INTEGER) + 1), NEW.kind, NEW.tenure, NEW.service_area, NEW.theme, NEW.channel, NEW.status, NEW.refusal_reason, 1 WHERE NEW.escalated_day IS NOT NULL
    ON CONFLICT (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason) DO UPDATE SET cases = cases + 1;
END;
CREATE TRIGGER case_facts_months_update AFTER UPDATE ON case_facts BEGIN
  UPDATE case_months SET cases = cases - 1 WHERE OLD.received_day IS NOT NULL AND landlord_id = OLD.landlord_id AND basis = 'received' AND month_day = (OLD.received_day - CAST(strftime('%d', OLD.received_day * 86400, 'unixepoch') AS INTEGER) + 1) AND kind = OLD.kind AND tenure = OLD.tenure AND service_area = OLD.service_area AND theme = OLD.theme AND channel = OLD.channel AND status = OLD.status AND refusal_reason = OLD.refusal_reason;
  UPDATE case_months SET cases = cases - 1 WHERE OLD.escalated_day IS NOT NULL AND landlord_id = OLD.landlord_id AND basis = 'escalated' AND month_day = (OLD.escalated_day - CAST(strftime('%d', OLD.escalated_day * 86400, 'unixepoch') AS INTEGER) + 1) AND kind = OLD.kind AND tenure = OLD.tenure AND service_area = OLD.service_area AND theme = OLD.theme AND channel = OLD.channel AND status = OLD.status AND refusal_reason = OLD.refusal_reason;
  INSERT INTO case_months (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason, cases)
    SELECT NEW.landlord_id, 'received', (NEW.received_day - CAST(strftime('%d', NEW.received_day * 86400, 'unixepoch') AS INTEGER) + 1), NEW.kind, NEW.tenure, NEW.service_area, NEW.theme, NEW.channel, NEW.status, NEW.refusal_reason, 1 WHERE true
    ON CONFLICT (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason) DO UPDATE SET cases = cases + 1;
  INSERT INTO case_months (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason, cases)
    SELECT NEW.landlord_id, 'escalated', (NEW.escalated_day - CAST(strftime('%d', NEW.escalated_day * 86400, 'unixepoch') AS INTEGER) + 1), NEW.kind, NEW.tenure, NEW.service_area, NEW.theme, NEW.channel, NEW.status, NEW.refusal_reason, 1 WHERE NEW.escalated_day IS NOT NULL
    ON CONFLICT (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason) DO UPDATE SET cases = cases + 1;
END;
CREATE TRIGGER case_facts_months_delete AFTER DELETE ON case_facts BEGIN
  UPDATE case_months SET cases = cases - 1 WHERE OLD.received_day IS NOT NULL AND landlord_id = OLD.landlord_id AND basis = 'received' AND month_day = (OLD.received_day - CAST(strftime('%d', OLD.received_day * 86400, 'unixepoch') AS INTEGER) + 1) AND kind = OLD.kind AND tenure = OLD.tenure AND service_area = OLD.service_area AND theme = OLD.theme AND channel = OLD.channel AND status = OLD.status AND refusal_reason = OLD.refusal_reason;
  UPDATE case_months SET cases = cases - 1 WHERE OLD.escalated_day IS NOT NULL AND landlord_id = OLD.landlord_id AND basis = 'escalated' AND month_day = (OLD.escalated_day - CAST(strftime('%d', OLD.escalated_day * 86400, 'unixepoch') AS INTEGER) + 1) AND kind = OLD.kind AND tenure = OLD.tenure AND service_area = OLD.service_area AND theme = OLD.theme AND channel = OLD.channel AND status = OLD.status AND refusal_reason = OLD.refusal_reason;
END;
CREATE TRIGGER clocks_months_insert AFTER INSERT ON clocks BEGIN
  INSERT INTO clock_months (landlord_id, name, month_day, tenure, stopped, met, met_strict)
    SELECT NEW.landlord_id, NEW.name, (NEW.met_day - CAST(strftime('%d', NEW.met_day * 86400, 'unixepoch') AS INTEGER) + 1), NEW.tenure, 1,
      CASE WHEN NEW.status = 'met' THEN 1 ELSE 0 END,
      CASE WHEN NEW.status = 'met' AND NEW.met_day <= NEW.original_due_day THEN 1 ELSE 0 END
    WHERE NEW.met_day IS NOT NULL
    ON CONFLICT (landlord_id, name, month_day, tenure) DO UPDATE SET stopped = stopped + 1,
      met = met + excluded.met, met_strict = met_strict + excluded.met_strict;
END;
CREATE TRIGGER clocks_months_update AFTER UPDATE ON clocks BEGIN
  UPDATE clock_months SET stopped = stopped - 1,
      met = met - CASE WHEN OLD.status = 'met' THEN 1 ELSE 0 END,
      met_strict = met_strict - CASE WHEN OLD.status = 'met' AND OLD.met_day <= OLD.original_due_day THEN 1 ELSE 0 END
    WHERE OLD.met_day IS NOT NULL AND landlord_id = OLD.landlord_id AND name = OLD.name AND
      month_day = (OLD.met_day - CAST(strftime('%d', OLD.met_day * 86400, 'unixepoch') AS INTEGER) + 1) AND tenure = OLD.tenure;
  INSERT INTO clock_months (landlord_id, name, month_day, tenure, stopped, met, met_strict)
    SELECT NEW.landlord_id, NEW.name, (NEW.met_day - CAST(strftime('%d', NEW.met_day * 86400, 'unixepoch') AS INTEGER) + 1), NEW.tenure, 1,
      CASE WHEN NEW.status = 'met' THEN 1 ELSE 0 END,
      CASE WHEN NEW.status = 'met' AND NEW.met_day <= NEW.original_due_day THEN 1 ELSE 0 END
    WHERE NEW.met_day IS NOT NULL
    ON CONFLICT (landlord_id, name, month_day, tenure) DO UPDATE SET stopped = stopped + 1,
      met = met + excluded.met, met_strict = met_strict + excluded.met_strict;
END;
CREATE TRIGGER clocks_months_delete AFTER DELETE ON clocks BEGIN
  UPDATE clock_months SET stopped = stopped - 1,
      met = met - CASE WHEN OLD.status = 'met' THEN 1 ELSE 0 END,
      met_strict = met_strict - CASE WHEN OLD.status = 'met' AND OLD.met_day <= OLD.original_due_day THEN 1 ELSE 0 END
    WHERE OLD.met_day IS NOT NULL AND landlord_id = OLD.landlord_id AND name = OLD.name AND
      month_day = (OLD.met_day - CAST(strftime('%d', OLD.met_day * 86400, 'unixepoch') AS INTEGER) + 1) AND tenure = OLD.tenure;
END;

-- Backfill from the projections as they stand.
INSERT INTO case_months (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason, cases)
  SELECT landlord_id, 'received', (received_day - CAST(strftime('%d', received_day * 86400, 'unixepoch') AS INTEGER) + 1), kind, tenure, service_area, theme, channel, status, refusal_reason, count(*) FROM case_facts
  GROUP BY landlord_id, (received_day - CAST(strftime('%d', received_day * 86400, 'unixepoch') AS INTEGER) + 1), kind, tenure, service_area, theme, channel, status, refusal_reason;
INSERT INTO case_months (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason, cases)
  SELECT landlord_id, 'escalated', (escalated_day - CAST(strftime('%d', escalated_day * 86400, 'unixepoch') AS INTEGER) + 1), kind, tenure, service_area, theme, channel, status, refusal_reason, count(*) FROM case_facts
  WHERE escalated_day IS NOT NULL GROUP BY landlord_id, (escalated_day - CAST(strftime('%d', escalated_day * 86400, 'unixepoch') AS INTEGER) + 1), kind, tenure, service_area, theme, channel, status, refusal_reason;
INSERT INTO clock_months (landlord_id, name, month_day, tenure, stopped, met, met_strict)
  SELECT landlord_id, name, (met_day - CAST(strftime('%d', met_day * 86400, 'unixepoch') AS INTEGER) + 1), tenure, count(*),
    sum(CASE WHEN status = 'met' THEN 1 ELSE 0 END),
    sum(CASE WHEN status = 'met' AND met_day <= original_due_day THEN 1 ELSE 0 END)
  FROM clocks WHERE met_day IS NOT NULL GROUP BY landlord_id, name, (met_day - CAST(strftime('%d', met_day * 86400, 'unixepoch') AS INTEGER) + 1), tenure;
WITH cover AS (SELECT r.landlord_id AS l, r.check_type AS c, r.as_of_day AS d, r.home_ref AS home,
    r.compliant AS ok FROM compliance_records r WHERE r.required = 1 AND r.home_ref <> ''
  UNION ALL SELECT r.landlord_id, r.check_type, r.as_of_day, h.home_ref, r.compliant
    FROM compliance_records r JOIN homes h ON h.landlord_id = r.landlord_id AND
    h.block_ref = r.block_ref WHERE r.required = 1 AND r.home_ref = '' AND r.block_ref <> ''),
  per AS (SELECT l, c, d, home, min(ok) AS ok FROM cover GROUP BY l, c, d, home)
INSERT INTO compliance_tallies (landlord_id, check_type, as_of_day, tenure, listed, required,
    compliant)
  SELECT per.l, per.c, per.d, coalesce(t.tenure, ''), CASE WHEN t.home_ref IS NULL THEN 0 ELSE 1 END,
    count(*), sum(per.ok) FROM per LEFT JOIN homes t ON t.landlord_id = per.l AND t.home_ref = per.home
  GROUP BY per.l, per.c, per.d, coalesce(t.tenure, ''), CASE WHEN t.home_ref IS NULL THEN 0 ELSE 1 END;
