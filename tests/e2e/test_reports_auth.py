"""End to end: who may see measures and reports. A real `charter serve` on a real SQLite file
with two landlords: no credentials is 401 on the API and the sign-in page on the web; a
resident or front-line role is 403; managers and governance see their own landlord's figures,
never another's; "Our promises" and the public summary stay public. The annual report's PDF is
produced and holds the report's figures. Python standard library only.

Usage: python3 tests/e2e/test_reports_auth.py path/to/charter
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"


def charter(*args, stdin=None):
    out = subprocess.run([harness.CHARTER, *args], capture_output=True, text=True, timeout=300,
                         input=stdin)
    if out.returncode != 0:
        raise AssertionError(f"charter {' '.join(args)}: {out.stderr}")
    return out.stdout


def pdf_text(data):
    """The strings a PDF shows (libharu's Flate-compressed content streams, `(text) Tj`)."""
    shown = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            content = zlib.decompress(m.group(1))
        except zlib.error:
            continue
        for s in re.finditer(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", content):
            raw = re.sub(rb"\\([0-7]{3})", lambda o: bytes([int(o.group(1), 8)]), s.group(1))
            shown.append(raw.replace(b"\\(", b"(").replace(b"\\)", b")").decode("latin-1"))
    return "\n".join(shown)


class ReportsSignIn(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = db = os.path.join(cls.tmp.name, "charter.db")
        cls.admin = harness.api_token(db)  # demo's complaints administrator (makes the db)
        charter("landlord", "add", "--db", db, "--slug", "other", "--name", "Other Homes")
        cls.other = harness.api_token(db, landlord="other")
        cls.front = harness.api_token(db, role="front_line")
        cls.governance = harness.api_token(db, role="governance")
        stock = os.path.join(cls.tmp.name, "stock.csv")
        for landlord, homes in [("demo", 1000), ("other", 5000)]:
            with open(stock, "w") as f:
                f.write(f"as_of,tenure,homes\n2026-03-31,social_rent,{homes}\n")
            charter("import", "--db", db, "--landlord", landlord, "stock", stock)
        cls.password = harness.add_user(db, "ivy@demo.example", "investigating_manager")
        harness.add_user(db, "ada@demo.example", "resident", person="P-ADA")
        cls.server = harness.Server(db, token=False).start()
        for received in ["2025-06-02T09:00:00Z", "2025-06-03T09:00:00Z", "2025-07-01T09:00:00Z"]:
            status, case = cls.server.request("POST", API + "/cases", {
                "kind": "complaint", "received_at": received, "channel": "email",
                "summary": "Damp in the bedroom", "person": {"name": "A Resident"},
                "tenure": "social_rent"}, headers=cls.auth(cls.admin))
            assert status == 201, case
        cls.staff_cookie = harness.sign_in(cls.server.port, "ivy@demo.example", cls.password)
        cls.resident_cookie = harness.sign_in(cls.server.port, "ada@demo.example", cls.password)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    @staticmethod
    def auth(token):
        return {"Authorization": f"Bearer {token}"}

    def get(self, path, headers=None):
        return harness.raw_request(self.server.port, "GET", path, headers)

    def measures(self, token):
        status, out = self.server.request("GET", f"{API}/measures?period=2025-26",
                                          headers=self.auth(token))
        self.assertEqual(status, 200, out)
        return {m["code"]: m for m in out}

    def test_api_needs_credentials(self):
        for path in [f"{API}/measures?period=2025-26", f"{API}/measures?period=2025-26&format=csv",
                     f"{API}/measures/CH01-1/trend?period=2025-26",
                     f"{API}/reports/annual?period=2025-26",
                     f"{API}/reports/annual?period=2025-26&format=pdf"]:
            status, headers, body = self.get(path)
            self.assertEqual(status, 401, path)
            self.assertIn("www-authenticate", headers)
            status, _, _ = self.get(path, {"Authorization": "Bearer not-a-token"})
            self.assertEqual(status, 401, path)

    def test_roles_that_may_not_view_reports_get_403(self):
        status, out = self.server.request("GET", f"{API}/reports/annual?period=2025-26",
                                          headers=self.auth(self.front))
        self.assertEqual(status, 403, out)
        self.assertEqual(out["error"]["rule"], "forbidden")
        self.assertEqual(out["error"]["field"], "role")
        status, _, _ = self.get(f"{API}/measures?period=2025-26", {"Cookie": self.resident_cookie})
        self.assertEqual(status, 403)

    def test_each_landlord_sees_only_its_own_figures(self):
        demo = self.measures(self.admin)
        other = self.measures(self.other)
        self.assertEqual(demo["CH01-1"]["denominator"], 1000)
        self.assertEqual(demo["CH01-1"]["numerator"], 3)
        self.assertEqual(other["CH01-1"]["denominator"], 5000)
        self.assertEqual(other["CH01-1"]["numerator"], 0)  # demo's complaints are not counted
        self.assertEqual(self.measures(self.governance)["CH01-1"]["numerator"], 3)
        status, report = self.server.request("GET", f"{API}/reports/annual?period=2025-26",
                                             headers=self.auth(self.other))
        self.assertEqual(status, 200, report)
        self.assertEqual(report["outcomes"]["stage1_received"], 0)

    def test_public_pages_stay_public(self):
        status, _, body = self.get("/promises")
        self.assertEqual(status, 200)
        self.assertIn(b"Our promises", body)
        status, _, body = self.get(f"{API}/public/summary")
        self.assertEqual(status, 200, body)
        self.assertIn(b'"measures"', body)
        self.assertNotIn(b"numerator", body)  # published figures only

    def test_pages_need_a_staff_session(self):
        for path in ["/performance?period=2025-26", "/performance/CH02-1?period=2025-26",
                     "/reports/annual?period=2025-26"]:
            status, headers, _ = self.get(path)
            self.assertEqual(status, 303, path)
            self.assertTrue(headers["location"].startswith("/sign-in?next="), headers)
            # an API token is not a web session
            status, _, _ = self.get(path, self.auth(self.admin))
            self.assertEqual(status, 303, path)
            status, _, _ = self.get(path, {"Cookie": self.resident_cookie})
            self.assertEqual(status, 403, path)
            status, _, body = self.get(path, {"Cookie": self.staff_cookie})
            self.assertEqual(status, 200, path)
            self.assertIn(b"E2E User", body)  # signed in as, in the header
        _, _, body = self.get("/reports/annual?period=2025-26", {"Cookie": self.staff_cookie})
        self.assertIn(b"format=pdf", body)

    def test_annual_report_pdf_holds_the_figures(self):
        status, headers, body = self.get(f"{API}/reports/annual?period=2025-26&format=pdf",
                                         {"Cookie": self.staff_cookie})
        self.assertEqual(status, 200, body[:200])
        self.assertEqual(headers["content-type"], "application/pdf")
        self.assertIn("annual-report-2025-26.pdf", headers["content-disposition"])
        self.assertTrue(body.startswith(b"%PDF-"))
        self.assertIn(b"%%EOF", body[-32:])
        text = pdf_text(body)
        flowing = " ".join(text.split("\n"))  # wrapped lines joined again
        self.assertIn("Annual complaints performance and service improvement report", flowing)
        self.assertIn("Financial year 2025-26", flowing)
        self.assertIn("Stage 1 complaints received", flowing)
        self.assertIn("Self-assessment against the Complaint Handling Code", flowing)
        self.assertIn("(not recorded)", flowing)
        lines = text.split("\n")
        i = lines.index("Stage 1 complaints received")
        self.assertEqual(lines[i + 1], "3")  # the value beside its label
        j = lines.index("CH01-1")
        self.assertIn("3.0", lines[j + 1:j + 8])  # 3 complaints per 1,000 homes
        status, _, _ = self.get(f"{API}/reports/annual?period=2025-26&format=doc",
                                {"Cookie": self.staff_cookie})
        self.assertEqual(status, 422)


if __name__ == "__main__":
    harness.run(__name__)
