-- 0026_calls_visits: the phones and reception records the contact measures read (calls_percent,
-- visits_percent; docs/policy.md "Measures", docs/imports.md "calls" and "visits").
--
-- Times are the landlord's wall clock (seconds since 1970-01-01 00:00 as the clock on the wall
-- reads, no zone): a telephony export and a reception log record local times, and a wait is a
-- difference of two of them. The *_day columns are the local date as a day number (days since
-- 1970-01-01), the key the measures' periods select on.
--
-- A call or visit is keyed by its id within the landlord: importing it again replaces it, so a
-- record is never counted twice.

CREATE TABLE calls (
  landlord_id           BIGINT NOT NULL,
  call_id               TEXT   NOT NULL,
  started_local         BIGINT NOT NULL,  -- local seconds
  started_day           BIGINT NOT NULL,  -- local day number
  wait_seconds          BIGINT NOT NULL,  -- until answered, or until the caller gave up
  answered              BIGINT NOT NULL,  -- 1 answered, 0 abandoned
  transferred           BIGINT NOT NULL,  -- 1 when passed on to a second response
  transfer_wait_seconds BIGINT,           -- the second response's wait, when recorded
  PRIMARY KEY (landlord_id, call_id)
);

CREATE INDEX calls_by_day ON calls (landlord_id, started_day);

CREATE TABLE reception_visits (
  landlord_id   BIGINT NOT NULL,
  visit_id      TEXT   NOT NULL,
  arrived_local BIGINT NOT NULL,  -- local seconds
  arrived_day   BIGINT NOT NULL,  -- local day number
  came_to_see   TEXT   NOT NULL,  -- the officer asked for; '' = anyone
  seen_local    BIGINT,           -- null while waiting (or if the visitor left unseen)
  seen_by       TEXT   NOT NULL,  -- '' until seen
  PRIMARY KEY (landlord_id, visit_id)
);

CREATE INDEX reception_visits_by_day ON reception_visits (landlord_id, arrived_day);
