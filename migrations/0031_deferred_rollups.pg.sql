-- 0031_deferred_rollups (PostgreSQL): the monthly rollups (case_months, clock_months of 0009)
-- without a row lock held through a whole write batch.
--
-- Every case write changes a few shared rows (this month's counts). Updated in place by the
-- triggers, those rows were locked from the first write of a batch to its COMMIT, in whatever
-- order the batch's jobs came: two `charter serve` processes on one database either took turns
-- for whole batches (under the landlord's row lock, taken for that reason) or deadlocked.
--
-- Now a transaction that has set charter.defer_rollups to 'on' (SET LOCAL: the case writer,
-- PgWriter::begin) has the triggers add each change to a temporary table of its own session
-- (no lock, no WAL). charter_flush_rollups(), which the writer runs in the same round trip as
-- its COMMIT, sums those changes per row and applies them in key order: the shared rows are
-- locked only from there to COMMIT, and always in the same order, so two writers wait for each
-- other briefly and never deadlock. The rows come out exactly as the in-place triggers left
-- them (a change that sums to zero still creates its row, as in-place did). A rolled-back
-- transaction or savepoint rolls back its changes with it (a temporary table is
-- transactional). Every other writer (imports, rebuild, the accounts' pool) keeps the in-place
-- triggers of 0009 (and charter.bulk_load of 0013 still skips both).
CREATE FUNCTION charter_rollup_deltas() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  -- The session's change tables (pg_temp: this connection's own, made once per connection).
  CREATE TEMP TABLE IF NOT EXISTS case_month_deltas (
    landlord_id BIGINT, basis TEXT, month_day INTEGER, kind TEXT, tenure TEXT,
    service_area TEXT, theme TEXT, channel TEXT, status TEXT, refusal_reason TEXT, cases BIGINT);
  CREATE TEMP TABLE IF NOT EXISTS clock_month_deltas (
    landlord_id BIGINT, name TEXT, month_day INTEGER, tenure TEXT, stopped BIGINT, met BIGINT,
    met_strict BIGINT);
END
$fn$;

-- One change of case_months: deferred, or applied in place (the statements of 0009).
CREATE FUNCTION charter_case_month(l BIGINT, b TEXT, m INTEGER, k TEXT, t TEXT, sa TEXT,
    th TEXT, ch TEXT, st TEXT, rr TEXT, n BIGINT) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('charter.defer_rollups', true) = 'on' THEN
    INSERT INTO pg_temp.case_month_deltas VALUES (l, b, m, k, t, sa, th, ch, st, rr, n);
  ELSIF n < 0 THEN
    UPDATE case_months SET cases = cases + n WHERE landlord_id = l AND basis = b AND
      month_day = m AND kind = k AND tenure = t AND service_area = sa AND theme = th AND
      channel = ch AND status = st AND refusal_reason = rr;
  ELSE
    INSERT INTO case_months (landlord_id, basis, month_day, kind, tenure, service_area, theme,
        channel, status, refusal_reason, cases) VALUES (l, b, m, k, t, sa, th, ch, st, rr, n)
      ON CONFLICT (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel,
        status, refusal_reason) DO UPDATE SET cases = case_months.cases + excluded.cases;
  END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION case_facts_months() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM charter_case_month(OLD.landlord_id, 'received', charter_month_day(OLD.received_day),
      OLD.kind, OLD.tenure, OLD.service_area, OLD.theme, OLD.channel, OLD.status,
      OLD.refusal_reason, -1);
    IF OLD.escalated_day IS NOT NULL THEN
      PERFORM charter_case_month(OLD.landlord_id, 'escalated',
        charter_month_day(OLD.escalated_day), OLD.kind, OLD.tenure, OLD.service_area, OLD.theme,
        OLD.channel, OLD.status, OLD.refusal_reason, -1);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM charter_case_month(NEW.landlord_id, 'received', charter_month_day(NEW.received_day),
      NEW.kind, NEW.tenure, NEW.service_area, NEW.theme, NEW.channel, NEW.status,
      NEW.refusal_reason, 1);
    IF NEW.escalated_day IS NOT NULL THEN
      PERFORM charter_case_month(NEW.landlord_id, 'escalated',
        charter_month_day(NEW.escalated_day), NEW.kind, NEW.tenure, NEW.service_area, NEW.theme,
        NEW.channel, NEW.status, NEW.refusal_reason, 1);
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;

-- One change of clock_months (n = +1 or -1 times the clock's stopped/met/met_strict).
CREATE FUNCTION charter_clock_month(l BIGINT, nm TEXT, m INTEGER, t TEXT, s BIGINT, mt BIGINT,
    ms BIGINT) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('charter.defer_rollups', true) = 'on' THEN
    INSERT INTO pg_temp.clock_month_deltas VALUES (l, nm, m, t, s, mt, ms);
  ELSIF s < 0 THEN
    UPDATE clock_months SET stopped = stopped + s, met = met + mt, met_strict = met_strict + ms
      WHERE landlord_id = l AND name = nm AND month_day = m AND tenure = t;
  ELSE
    INSERT INTO clock_months (landlord_id, name, month_day, tenure, stopped, met, met_strict)
      VALUES (l, nm, m, t, s, mt, ms)
      ON CONFLICT (landlord_id, name, month_day, tenure) DO UPDATE SET
        stopped = clock_months.stopped + excluded.stopped, met = clock_months.met + excluded.met,
        met_strict = clock_months.met_strict + excluded.met_strict;
  END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION clocks_months() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.met_day IS NOT NULL THEN
    PERFORM charter_clock_month(OLD.landlord_id, OLD.name, charter_month_day(OLD.met_day),
      OLD.tenure, -1, CASE WHEN OLD.status = 'met' THEN -1 ELSE 0 END,
      CASE WHEN OLD.status = 'met' AND OLD.met_day <= OLD.original_due_day THEN -1 ELSE 0 END);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.met_day IS NOT NULL THEN
    PERFORM charter_clock_month(NEW.landlord_id, NEW.name, charter_month_day(NEW.met_day),
      NEW.tenure, 1, CASE WHEN NEW.status = 'met' THEN 1 ELSE 0 END,
      CASE WHEN NEW.status = 'met' AND NEW.met_day <= NEW.original_due_day THEN 1 ELSE 0 END);
  END IF;
  RETURN NULL;
END
$fn$;

-- Applies the transaction's collected changes in key order and empties the change tables.
-- A row that does not exist yet is inserted with the summed change (as the in-place insert
-- would have made it); an existing row gets the sum added.
CREATE FUNCTION charter_flush_rollups() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  WITH d AS (DELETE FROM pg_temp.case_month_deltas RETURNING *)
  INSERT INTO case_months (landlord_id, basis, month_day, kind, tenure, service_area, theme,
      channel, status, refusal_reason, cases)
    SELECT landlord_id, basis, month_day, kind, tenure, service_area, theme, channel, status,
        refusal_reason, sum(cases)
      FROM d GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ON CONFLICT (landlord_id, basis, month_day, kind, tenure, service_area, theme, channel,
      status, refusal_reason) DO UPDATE SET cases = case_months.cases + excluded.cases;
  WITH d AS (DELETE FROM pg_temp.clock_month_deltas RETURNING *)
  INSERT INTO clock_months (landlord_id, name, month_day, tenure, stopped, met, met_strict)
    SELECT landlord_id, name, month_day, tenure, sum(stopped), sum(met), sum(met_strict)
      FROM d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (landlord_id, name, month_day, tenure) DO UPDATE SET
      stopped = clock_months.stopped + excluded.stopped, met = clock_months.met + excluded.met,
      met_strict = clock_months.met_strict + excluded.met_strict;
END
$fn$;
