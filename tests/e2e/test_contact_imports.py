"""End to end: phones and reception (seed 003). `charter import calls` and `charter import
visits` write call records and reception visits into a real database (SQLite, and PostgreSQL
with CHARTER_PG_DSN); a real `charter serve` with policies/example-003.toml then answers the
contact measures from them: calls answered within 20 seconds (all calls, and transferred calls
by their second response), visitors seen within 15 minutes, or by another officer within 10.
A call id seen again is counted once; a bad line names its line and column and writes nothing.

Usage: python3 tests/e2e/test_contact_imports.py path/to/charter
"""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

POLICY = os.path.join(harness.SOURCE_DIR, "policies", "example-003.toml")

# Five calls in June 2025: T1, T2 and T4 answered within 20 seconds; T3 too slow; T5 abandoned.
# T4 was transferred and its second response took 30 seconds; T2's took 5.
CALLS = ("call_id,started,wait_seconds,outcome,transferred,transfer_wait_seconds\n"
         "T1,2025-06-02 09:00:05,4,answered,no,\n"
         "T2,2025-06-02 09:03:00,15,answered,yes,5\n"
         "T3,2025-06-02 09:10:00,45,answered,no,\n"
         "T4,2025-06-03 14:00:00,20,answered,yes,30\n"
         "T5,2025-06-03 14:05:00,60,abandoned,no,\n")
# A later export overlapping the first: T5 again (the same call) and one new call in July.
MORE_CALLS = ("call_id,started,wait_seconds,outcome,transferred\n"
              "T5,2025-06-03 14:05:00,60,abandoned,no\n"
              "T6,2025-07-01 10:00:00,3,answered,no\n")
# Four visitors: two see the officer they asked for (one in 10 minutes, one in 20); one sees
# another officer after 8 minutes; one who asked for no one is seen in 14.
VISITS = ("arrived,came_to_see,seen,seen_by\n"
          "2025-06-02 09:00,Ann Lee,2025-06-02 09:10,Ann Lee\n"
          "2025-06-02 10:00,Ann Lee,2025-06-02 10:20,Ann Lee\n"
          "2025-06-02 11:00,Ann Lee,2025-06-02 11:08,Bob Roe\n"
          "2025-06-03 09:30,,2025-06-03 09:44,Bob Roe\n")


def charter(*args):
    return subprocess.run([harness.CHARTER, *args], capture_output=True, text=True, timeout=300)


class ContactImports(unittest.TestCase):
    BACKEND = "sqlite"

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.db = harness.fresh_database(self.BACKEND, self.tmp.name, "contact")
        harness.api_token(self.db)  # makes the database (and its demo landlord)

    def tearDown(self):
        harness.drop_database(self.db)
        self.tmp.cleanup()

    def imp(self, kind, text, *extra):
        path = os.path.join(self.tmp.name, kind + ".csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return charter("import", "--db", self.db, "--landlord", "demo", kind, path, *extra)

    def measures(self, period):
        with harness.Server(self.db, "--policy", POLICY) as server:
            status, ms = server.request("GET", f"/api/v1/measures?period={period}")
        self.assertEqual(status, 200, ms)
        return {m["code"]: m for m in ms}

    def test_calls_and_visits_show_in_the_measures(self):
        out = self.imp("calls", CALLS)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("imported 5 calls row(s)", out.stdout)
        out = self.imp("calls", MORE_CALLS)
        self.assertEqual(out.returncode, 0, out.stderr)
        out = self.imp("visits", VISITS)
        self.assertEqual(out.returncode, 0, out.stderr)
        out = self.imp("visits", VISITS)  # the same file again: replaces, adds nothing
        self.assertEqual(out.returncode, 0, out.stderr)
        m = self.measures("2025-06")
        calls = m["calls.answered_20s"]
        self.assertEqual((calls["numerator"], calls["denominator"]), (3, 5))  # T5 once
        self.assertEqual(calls["target"], 80)
        self.assertIs(calls["met"], False)
        transferred = m["calls.transferred_20s"]
        self.assertEqual((transferred["numerator"], transferred["denominator"]), (1, 2))
        seen = m["reception.seen_15min"]
        self.assertEqual((seen["numerator"], seen["denominator"]), (2, 3))
        another = m["reception.another_officer_10min"]
        self.assertEqual((another["numerator"], another["denominator"]), (1, 1))
        self.assertIs(another["met"], True)
        july = self.measures("2025-07")["calls.answered_20s"]
        self.assertEqual((july["numerator"], july["denominator"]), (1, 1))

    def test_a_bad_line_names_line_and_column_and_writes_nothing(self):
        out = self.imp("calls", CALLS + "T7,2025-06-04 09:00,ten,answered,no,\n")
        self.assertEqual(out.returncode, 1)
        self.assertIn("line 7, wait_seconds", out.stderr)
        out = self.imp("visits", VISITS + "2025-06-04 09:00,,2025-06-04 08:00,Ann Lee\n")
        self.assertEqual(out.returncode, 1)
        self.assertIn("line 6, seen", out.stderr)
        m = self.measures("2025-06")
        self.assertEqual(m["calls.answered_20s"]["denominator"], 0)
        self.assertEqual(m["reception.seen_15min"]["denominator"], 0)

    def test_dry_run_counts_repeats_and_writes_nothing(self):
        out = self.imp("calls", CALLS + "T1,2025-06-02 09:00:05,4,answered,no,\n", "--dry-run")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("dry run: 6 calls row(s)", out.stdout)
        self.assertIn("1 line(s) repeated an earlier id", out.stdout)
        self.assertEqual(self.measures("2025-06")["calls.answered_20s"]["denominator"], 0)


harness.on_both(ContactImports, globals())

if __name__ == "__main__":
    harness.run(__name__)
