"""Crash consistency: SIGKILL `charter serve` at random moments under a write load, ROUNDS
times, on SQLite and (when CHARTER_PG_DSN is set) on PostgreSQL. Afterwards every write that
was answered is present, and nothing is half-written: every case's projection folds exactly its
stored events, histories have no gaps, every complaint has its clocks, and every answered conversion
(two cases in one transaction) is there whole.

Bounded in CI (CHARTER_CRASH_ROUNDS, default 20 kills per database, 0.2-0.8 s of load each);
the long variant: CHARTER_CRASH_ROUNDS=200 CHARTER_CRASH_MAX_LOAD=3 ctest -R e2e.test_crash
"""
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402

ROUNDS = int(os.environ.get("CHARTER_CRASH_ROUNDS", "20"))
MAX_LOAD = float(os.environ.get("CHARTER_CRASH_MAX_LOAD", "0.8"))
WRITERS = 12

# Portable integrity queries: each must answer 0.
CHECKS = {
    "projection version differs from the stored events":
        "SELECT count(*) FROM cases c WHERE c.version <> (SELECT count(*) FROM events e "
        "WHERE e.landlord_id = c.landlord_id AND e.case_id = c.case_id)",
    "events without a case projection":
        "SELECT count(*) FROM events e WHERE e.seq = 1 AND NOT EXISTS (SELECT 1 FROM cases c "
        "WHERE c.landlord_id = e.landlord_id AND c.case_id = e.case_id)",
    "gaps in a history":
        "SELECT count(*) FROM events e WHERE e.seq > 1 AND NOT EXISTS (SELECT 1 FROM events p "
        "WHERE p.landlord_id = e.landlord_id AND p.case_id = e.case_id AND p.seq = e.seq - 1)",
    "complaints without clocks":
        "SELECT count(*) FROM cases c WHERE c.kind = 'complaint' AND NOT EXISTS (SELECT 1 FROM "
        "clocks k WHERE k.landlord_id = c.landlord_id AND k.case_id = c.case_id)",
}


def body(kind, tag):
    return {"kind": kind, "received_at": "2025-03-21T17:30:00+00:00", "channel": "phone",
            "summary": tag, "person": {"name": "A Resident"}}


ACK = {"action": "acknowledge", "at": "2025-03-24T10:00:00+00:00",
       "definition": "Boiler not repaired; wants it fixed", "handler": "Investigating Officer"}
CONVERT = {"action": "convert_to_complaint", "at": "2025-03-24T10:00:00+00:00",
           "summary": "Unhappy it is still not fixed"}


def crash_and_check(test, db, query):
    rng = random.Random(20261123)
    answered = {}    # id -> summary (201)
    acked = set()    # ids whose acknowledgement was answered 200
    converted = {}   # service request id -> complaint id (answered 201)
    lock = threading.Lock()
    started = time.time()
    for round_no in range(ROUNDS):
        server = harness.Server(db).start()
        stop = threading.Event()

        def writer(n):
            i = 0
            while not stop.is_set():
                i += 1
                tag = f"r{round_no}-w{n}-{i}"
                kind = "service_request" if i % 4 == 0 else "complaint"
                try:
                    status, got = server.request("POST", "/api/v1/cases", body(kind, tag),
                                                 timeout=10)
                except Exception:
                    return  # the server died under us: expected
                if status != 201:
                    continue
                with lock:
                    answered[got["id"]] = tag
                action = ACK if kind == "complaint" and i % 3 == 0 else (
                    CONVERT if kind == "service_request" else None)
                if action is None:
                    continue
                try:
                    s, res = server.request("POST", f"/api/v1/cases/{got['id']}/actions",
                                            action, timeout=10)
                except Exception:
                    return
                if s in (200, 201):
                    with lock:
                        if action is ACK:
                            acked.add(got["id"])
                        else:
                            converted[got["id"]] = res["id"]
                            answered[res["id"]] = res["summary"]

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.2, MAX_LOAD))
        server.kill()
        stop.set()
        for t in threads:
            t.join()

    test.assertGreater(len(answered), 0)
    with harness.Server(db) as server:
        for case_id, tag in answered.items():
            status, got = server.request("GET", f"/api/v1/cases/{case_id}")
            test.assertEqual(status, 200, f"case {case_id} was answered but is lost")
            test.assertEqual(got["summary"], tag)
            types = [e["type"] for e in got["events"]]
            test.assertEqual(types[0], "received")
            if case_id in acked:
                test.assertIn("acknowledged", types, f"case {case_id} lost its acknowledgement")
        for sr, complaint in converted.items():
            status, got = server.request("GET", f"/api/v1/cases/{sr}")
            test.assertIn("linked", [e["type"] for e in got["events"]])
            status, got = server.request("GET", f"/api/v1/cases/{complaint}")
            test.assertEqual(status, 200, f"converted complaint {complaint} is lost")
    total = int(query("SELECT count(*) FROM cases"))
    for what, sql in CHECKS.items():
        test.assertEqual(int(query(sql)), 0, what)
    print(f"{ROUNDS} kills in {time.time() - started:.0f}s: {len(answered)} answered creates, "
          f"{len(acked)} acknowledgements, {len(converted)} conversions, all present; "
          f"{total} cases stored, none half-written")


class CrashSqlite(unittest.TestCase):
    def test_sigkill_under_load_sqlite(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "crash.db")

            def query(sql):
                c = sqlite3.connect(db)
                try:
                    return c.execute(sql).fetchone()[0]
                finally:
                    c.close()

            crash_and_check(self, db, query)


@unittest.skipUnless(harness.PG_DSN, "CHARTER_PG_DSN is not set")
class CrashPostgres(unittest.TestCase):
    def test_sigkill_under_load_postgresql(self):
        dsn = harness.new_pg_database("crash")
        try:
            crash_and_check(self, dsn, lambda sql: harness.psql(sql, dsn))
        finally:
            harness.drop_pg_database(dsn)


if __name__ == "__main__":
    harness.run(__name__)
