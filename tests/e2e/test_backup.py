"""charter backup / charter restore, on SQLite and (with CHARTER_PG_DSN) PostgreSQL: a backup
taken while the server is running restores to exactly the cases it held (compared case by case,
events, clocks and all), later writes are gone, and a backup taken under a write load restores
to a consistent database. Also charter migrate-data: a SQLite landlord moved to PostgreSQL
reads the same there."""
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402


def charter(*args):
    out = subprocess.run([harness.CHARTER, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise AssertionError(f"charter {' '.join(args)} failed: {out.stdout} {out.stderr}")
    return out.stdout


def complaint(tag):
    return {"kind": "complaint", "received_at": "2025-03-21T17:30:00+00:00", "channel": "phone",
            "summary": tag, "person": {"name": "A Resident"}}


def all_cases(server):
    """Every case, fetched whole (GET /cases/{id}), by id."""
    ids, cursor = [], None
    while True:
        path = "/api/v1/cases?limit=200" + (f"&cursor={cursor}" if cursor else "")
        status, page = server.request("GET", path)
        assert status == 200, page
        ids += [c["id"] for c in page["cases"]]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    out = {}
    for i in ids:
        status, got = server.request("GET", f"/api/v1/cases/{i}")
        assert status == 200
        out[i] = got
    return out


def fill(server, n, prefix):
    for i in range(n):
        status, got = server.request("POST", "/api/v1/cases", complaint(f"{prefix}{i}"))
        assert status == 201, got
        if i % 3 == 0:
            status, _ = server.request("POST", f"/api/v1/cases/{got['id']}/actions", {
                "action": "acknowledge", "at": "2025-03-24T10:00:00+00:00",
                "definition": "As received", "handler": "Investigating Officer"})
            assert status == 200


def backup_restore_compare(test, db, restore_target, backup_file):
    with harness.Server(db) as server:
        fill(server, 40, "kept-")
        before = all_cases(server)
        # Online: the server is running (and idle) while the backup is taken.
        charter("backup", "--db", db, "--to", backup_file)
        fill(server, 10, "after-backup-")
        test.assertEqual(len(all_cases(server)), 50)
    charter("restore", "--from", backup_file, "--db", restore_target)
    with harness.Server(restore_target) as server:
        after = all_cases(server)
    test.assertEqual(sorted(after), sorted(before))
    for i, case in before.items():
        test.assertEqual(after[i], case, f"case {i} differs after restore")

    # A backup under a write load is one consistent snapshot.
    with harness.Server(db) as server:
        stop = threading.Event()

        def load():
            n = 0
            while not stop.is_set():
                n += 1
                server.request("POST", "/api/v1/cases", complaint(f"load-{n}"))

        threads = [threading.Thread(target=load) for _ in range(4)]
        for t in threads:
            t.start()
        try:
            time.sleep(0.3)  # writes are flowing
            charter("backup", "--db", db, "--to", backup_file + ".2")
        finally:
            stop.set()
            for t in threads:
                t.join()
    charter("restore", "--from", backup_file + ".2", "--db", restore_target)
    with harness.Server(restore_target) as server:
        restored = all_cases(server)
    test.assertGreaterEqual(len(restored), 50)
    ids = sorted(restored)
    test.assertEqual(ids, list(range(1, len(ids) + 1)), "the snapshot has holes")
    for case in restored.values():
        test.assertEqual(case["version"], len(case["events"]))
    return len(before), len(restored)


class Backup(unittest.TestCase):
    def test_sqlite_backup_restore_compare(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "live.db")
            n, m = backup_restore_compare(self, db, os.path.join(tmp, "restored.db"),
                                          os.path.join(tmp, "backup.db"))
            print(f"sqlite: {n} cases restored identical; snapshot under load: {m} cases")

    @unittest.skipUnless(harness.PG_DSN, "CHARTER_PG_DSN is not set")
    def test_postgresql_backup_restore_compare(self):
        db = harness.new_pg_database("backup")
        target = harness.new_pg_database("restored")
        try:
            with tempfile.TemporaryDirectory() as tmp:
                n, m = backup_restore_compare(self, db, target, os.path.join(tmp, "backup.dump"))
            print(f"postgresql: {n} cases restored identical; snapshot under load: {m} cases")
        finally:
            harness.drop_pg_database(db)
            harness.drop_pg_database(target)

    @unittest.skipUnless(harness.PG_DSN, "CHARTER_PG_DSN is not set")
    def test_migrate_data_sqlite_to_postgresql(self):
        target = harness.new_pg_database("moved")
        try:
            with tempfile.TemporaryDirectory() as tmp:
                db = os.path.join(tmp, "source.db")
                with harness.Server(db) as server:
                    fill(server, 30, "moved-")
                    before = all_cases(server)
                out = charter("migrate-data", "--from", db, "--to", target)
                self.assertIn("counts match", out)
                self.assertRegex(out, r"events\s+40 rows copied")
                # A second run refuses: the landlord's data is already there.
                again = subprocess.run([harness.CHARTER, "migrate-data", "--from", db, "--to",
                                        target], capture_output=True, text=True)
                self.assertNotEqual(again.returncode, 0)
                self.assertIn("already holds", again.stderr)
                with harness.Server(target) as server:
                    after = all_cases(server)
                    self.assertEqual(after, before)
                    # Ids continue after the moved ones.
                    status, got = server.request("POST", "/api/v1/cases", complaint("new"))
                    self.assertEqual(status, 201)
                    self.assertEqual(got["id"], 31)
        finally:
            harness.drop_pg_database(target)


if __name__ == "__main__":
    harness.run(__name__)
