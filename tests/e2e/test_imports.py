"""End to end: `charter import` with good and bad CSV files on a real SQLite file (and, with
CHARTER_PG_DSN, a PostgreSQL database), and the measures a real `charter serve` then answers
from them (tsm.md example 9: the NM01 open-case rule from an ASB reports file). Python
standard library only.

Usage: python3 tests/e2e/test_imports.py path/to/charter
"""
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def charter(*args, stdin=None):
    return subprocess.run([harness.CHARTER, *args], capture_output=True, text=True, timeout=300,
                          input=stdin)


STOCK = "as_of,tenure,homes\n2026-03-31,social_rent,1000\n2026-03-31,shared_ownership,200\n"
ASB = ("report_ref,party_ref,reported_on,case_closed_on,hate_incident\n"
       "ASB-1,PERP-7,2025-06-03,,no\nASB-2,PERP-7,2025-06-10,,no\n"
       "ASB-3,PERP-7,2025-06-20,2025-07-01,no\nASB-4,PERP-7,2025-07-15,,yes\n")
SURVEY = ("response_id,tenure,collected_on,TP01\n" + "".join(
    f"S{i},social_rent,2025-09-01,{1 if i < 3 else 4}\n" for i in range(4)))


class Import(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.db = os.path.join(self.tmp.name, "charter.db")
        harness.api_token(self.db)  # makes the database (and its demo landlord)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def rows(self, table):
        con = sqlite3.connect(self.db)
        try:
            return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            con.close()

    def imp(self, kind, path, *extra):
        return charter("import", "--db", self.db, "--landlord", "demo", kind, path, *extra)

    def test_good_file_is_written(self):
        out = self.imp("stock", self.write("stock.csv", STOCK))
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("imported 2 stock row(s)", out.stdout)
        self.assertEqual(self.rows("stock_counts"), 2)

    def test_bad_line_names_line_and_column_and_writes_nothing(self):
        bad = STOCK + "2026-03-31,other,lots\n"
        out = self.imp("stock", self.write("bad.csv", bad))
        self.assertEqual(out.returncode, 1)
        self.assertIn("line 4, homes", out.stderr)
        self.assertEqual(self.rows("stock_counts"), 0)  # the two good lines were not written
        out = self.imp("compliance", self.write("c.csv", "as_of,check,home_ref,compliant\n"
                                                "2026-03-31,electrical,H1,yes\n"))
        self.assertEqual(out.returncode, 1)
        self.assertIn("line 2, check", out.stderr)
        out = self.imp("homes", self.write("h.csv", "home_ref\nH1\n"))
        self.assertEqual(out.returncode, 1)
        self.assertIn("TENURE", out.stderr)

    def test_dry_run_counts_and_writes_nothing(self):
        out = self.imp("stock", self.write("stock.csv", STOCK), "--dry-run")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("dry run: 2 stock row(s)", out.stdout)
        self.assertEqual(self.rows("stock_counts"), 0)
        out = self.imp("asb", self.write("asb.csv", ASB), "--dry-run")
        self.assertIn("2 case(s) by the open-case rule", out.stdout)
        self.assertEqual(self.rows("measure_series"), 0)

    def test_usage_errors(self):
        path = self.write("stock.csv", STOCK)
        out = charter("import", "--db", self.db, "--landlord", "nobody", "stock", path)
        self.assertNotEqual(out.returncode, 0)
        out = charter("import", "--db", self.db, "--landlord", "demo", "repairs", path)
        self.assertNotEqual(out.returncode, 0)
        out = self.imp("stock", os.path.join(self.tmp.name, "missing.csv"))
        self.assertEqual(out.returncode, 1)
        self.assertIn("cannot read", out.stderr)
        out = charter("import", "--db", self.db, "--landlord", "demo", "stock", "-", stdin=STOCK)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(self.rows("stock_counts"), 2)

    @unittest.skipUnless(harness.PG_DSN, "CHARTER_PG_DSN is not set")
    def test_import_into_postgresql(self):
        # The same command on a postgresql:// URL writes through the PostgreSQL report store.
        target = harness.new_pg_database("imports")
        try:
            path = self.write("stock.csv", STOCK)
            out = charter("import", "--db", target, "--landlord", "demo", "stock", path)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertIn("imported 2 stock row(s)", out.stdout)
            self.assertEqual(harness.psql("SELECT count(*) FROM stock_counts", target), "2")
            out = charter("import", "--db", target, "--landlord", "nobody", "stock", path)
            self.assertEqual(out.returncode, 1)
            self.assertIn("no landlord", out.stderr)
        finally:
            harness.drop_pg_database(target)

    def test_measures_from_imports_over_http(self):
        for kind, text in [("stock", STOCK), ("asb", ASB), ("survey", SURVEY)]:
            out = self.imp(kind, self.write(kind + ".csv", text))
            self.assertEqual(out.returncode, 0, out.stderr)
        with harness.Server(self.db) as server:
            status, ms = server.request("GET", "/api/v1/measures?period=2025-26")
            self.assertEqual(status, 200, ms)
            m = {(x["code"], x["tenure"]): x for x in ms}
            nm01 = next(x for x in ms if x["code"] == "NM01-1")
            self.assertEqual(nm01["numerator"], 2)      # four reports, two cases (example 9)
            self.assertEqual(nm01["denominator"], 1200)  # LCRA and LCHO combined
            hate = next(x for x in ms if x["code"] == "NM01-2")
            self.assertEqual(hate["numerator"], 1)
            tp01 = [x for x in ms if x["code"] == "TP01" and x["tenure"] == "social_rent"]
            self.assertTrue(tp01, sorted(m))
            self.assertEqual(tp01[0]["numerator"], 3)
            self.assertEqual(tp01[0]["denominator"], 4)


if __name__ == "__main__":
    harness.run(__name__)
