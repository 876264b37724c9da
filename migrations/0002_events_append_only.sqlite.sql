-- 0002_events_append_only (SQLite): the event log may only grow. Complaint records are legal
-- records: an UPDATE or DELETE on events is refused by the database itself.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;
