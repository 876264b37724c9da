-- 0009_report_passes (PostgreSQL): as 0009_report_passes.sqlite.sql (read it for why); only
-- the month arithmetic and the trigger syntax differ.
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

-- The day number of the first day of the month of day number d (days since 1970-01-01).
CREATE FUNCTION charter_month_day(d integer) RETURNS integer LANGUAGE sql IMMUTABLE AS
$fn$ SELECT d - extract(day FROM DATE '1970-01-01' + d)::integer + 1 $fn$;

CREATE FUNCTION case_facts_months() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
      UPDATE case_months SET cases = cases - 1 WHERE landlord_id = OLD.landlord_id AND basis = 'received' AND month_day = charter_month_day(OLD.received_day) AND kind = OLD.kind AND tenure = OLD.tenure AND service_area = OLD.service_area AND theme = OLD.theme AND channel = OLD.channel AND status = OLD.status AND refusal_reason = OLD.refusal_reason;
    IF OLD.escalated_day IS NOT NULL THEN
      UPDATE case_months SET cases = cases - 1 WHERE landlord_id = OLD.landlord_id AND basis = 'escalated' AND month_day = charter_month_day(OLD.escalated_day) AND kind = OLD.kind AND tenure = OLD.tenure AND service_area = OLD.service_area AND theme = OLD.theme AND channel = OLD.channel AND status = OLD.status AND refusal_reason = OLD.refusal_reason;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO case_months (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason, cases)
        VALUES (NEW.landlord_id, 'received', charter_month_day(NEW.received_day), NEW.kind, NEW.tenure, NEW.service_area, NEW.theme, NEW.channel, NEW.status, NEW.refusal_reason, 1)
        ON CONFLICT (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason) DO UPDATE SET cases = case_months.cases + 1;
    IF NEW.escalated_day IS NOT NULL THEN
      INSERT INTO case_months (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason, cases)
        VALUES (NEW.landlord_id, 'escalated', charter_month_day(NEW.escalated_day), NEW.kind, NEW.tenure, NEW.service_area, NEW.theme, NEW.channel, NEW.status, NEW.refusal_reason, 1)
        ON CONFLICT (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason) DO UPDATE SET cases = case_months.cases + 1;
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER case_facts_months AFTER INSERT OR UPDATE OR DELETE ON case_facts
  FOR EACH ROW EXECUTE FUNCTION case_facts_months();

CREATE FUNCTION clocks_months() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.met_day IS NOT NULL THEN
    UPDATE clock_months SET stopped = stopped - 1,
        met = met - CASE WHEN OLD.status = 'met' THEN 1 ELSE 0 END,
        met_strict = met_strict - CASE WHEN OLD.status = 'met' AND OLD.met_day <= OLD.original_due_day THEN 1 ELSE 0 END
      WHERE landlord_id = OLD.landlord_id AND name = OLD.name AND
        month_day = charter_month_day(OLD.met_day) AND tenure = OLD.tenure;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.met_day IS NOT NULL THEN
    INSERT INTO clock_months (landlord_id, name, month_day, tenure, stopped, met, met_strict)
      VALUES (NEW.landlord_id, NEW.name, charter_month_day(NEW.met_day), NEW.tenure, 1,
        CASE WHEN NEW.status = 'met' THEN 1 ELSE 0 END,
        CASE WHEN NEW.status = 'met' AND NEW.met_day <= NEW.original_due_day THEN 1 ELSE 0 END)
      ON CONFLICT (landlord_id, name, month_day, tenure) DO UPDATE SET
        stopped = clock_months.stopped + 1, met = clock_months.met + excluded.met,
        met_strict = clock_months.met_strict + excluded.met_strict;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER clocks_months AFTER INSERT OR UPDATE OR DELETE ON clocks
  FOR EACH ROW EXECUTE FUNCTION clocks_months();

-- Backfill from the projections as they stand.
INSERT INTO case_months (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason, cases)
  SELECT landlord_id, 'received', charter_month_day(received_day), kind, tenure, service_area, theme, channel, status, refusal_reason, count(*) FROM case_facts
  GROUP BY landlord_id, charter_month_day(received_day), kind, tenure, service_area, theme, channel, status, refusal_reason;
INSERT INTO case_months (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status, refusal_reason, cases)
  SELECT landlord_id, 'escalated', charter_month_day(escalated_day), kind, tenure, service_area, theme, channel, status, refusal_reason, count(*) FROM case_facts
  WHERE escalated_day IS NOT NULL GROUP BY landlord_id, charter_month_day(escalated_day), kind, tenure, service_area, theme, channel, status, refusal_reason;
INSERT INTO clock_months (landlord_id, name, month_day, tenure, stopped, met, met_strict)
  SELECT landlord_id, name, charter_month_day(met_day), tenure, count(*),
    sum(CASE WHEN status = 'met' THEN 1 ELSE 0 END),
    sum(CASE WHEN status = 'met' AND met_day <= original_due_day THEN 1 ELSE 0 END)
  FROM clocks WHERE met_day IS NOT NULL GROUP BY landlord_id, name, charter_month_day(met_day), tenure;
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
