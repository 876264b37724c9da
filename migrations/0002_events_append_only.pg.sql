-- 0002_events_append_only (PostgreSQL): the event log may only grow. Complaint records are
-- legal records: an UPDATE, DELETE or TRUNCATE on events is refused by the database itself.
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'events are append-only';
END
$fn$;

CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();

CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
