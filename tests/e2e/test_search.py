"""End to end: search that finds, its filters, newest-first paging and the list as CSV, through
GET /api/v1/cases over HTTP on SQLite and PostgreSQL (issue 12 item 9, issue 13 item 5).

Usage: python3 tests/e2e/test_search.py path/to/charter

A phone number in any spelling, an email in any case, a tenancy reference, a case reference and
several words in any order (`q`) find the same cases on both databases; service_area and
received_from/received_to filter; order=newest pages downward past the first page; format=csv
(or Accept: text/csv) answers every matching case, not one page, with formula-like cells
neutralised; format=xlsx and the staff page's /staff/search.xlsx answer the same rows as an XLSX
workbook whose cells are text, never formulas; a bad parameter is 422 naming it. Python standard library only.
"""
import csv
import html
import io
import os
import re
import zipfile
import sys
import tempfile
import unittest
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"


class Search(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "search")
        harness.add_user(cls.db, "sam", "front_line", "e2e password 1234", name="Sam Staff")
        cls.server = harness.Server(cls.db).start()
        cls.made = {}
        people = [
            ("okafor", "complaint", "2025-06-02T09:00:00Z", "Repairs",
             "The heating has failed again",
             {"name": "Grace Okafor", "phone": "07700 900123", "email": "Grace.Okafor@Example.org",
              "tenancy_ref": "TEN-40417", "address": "12 Acacia Avenue, Leeds"}),
            ("tom", "complaint", "2025-06-03T09:00:00Z", "Lettings", "Damp, heating fine",
             {"name": "Tom Okafor", "phone": "+44 113 496 0000", "address": "3 Mill Lane, York"}),
            ("formula", "service_request", "2025-06-04T09:00:00Z", "Repairs",
             "=HYPERLINK(\"http://evil\") boiler heating",
             {"name": "@Ama Mensah", "address": "9 Okafor Road, Leeds"}),
        ]
        for key, kind, received, area, summary, person in people:
            status, case = cls.server.request("POST", API + "/cases", {
                "kind": kind, "received_at": received, "channel": "phone", "summary": summary,
                "person": person, "service_area": area})
            assert status == 201, case
            cls.made[key] = case["id"]
        # 60 more so paging passes the first 50.
        for i in range(60):
            status, case = cls.server.request("POST", API + "/cases", {
                "kind": "enquiry", "received_at": "2025-06-05T09:00:00Z", "channel": "email",
                "summary": f"Bulk question {i}", "person": {"name": "Bulk Asker"}})
            assert status == 201, case

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def ids(self, query):
        status, page = self.server.request("GET", f"{API}/cases?{query}")
        self.assertEqual(status, 200, page)
        return [c["id"] for c in page["cases"]]

    def q(self, text, extra=""):
        return self.ids(f"q={quote(text)}&limit=200{extra}")

    def test_every_search_form_finds_its_case(self):
        m = self.made
        self.assertEqual(self.q("+44 7700 900123"), [m["okafor"]])
        self.assertEqual(self.q("07700900123"), [m["okafor"]])
        self.assertEqual(self.q("0113 496 0000"), [m["tom"]])
        self.assertEqual(self.q("GRACE.OKAFOR@example.ORG"), [m["okafor"]])
        self.assertEqual(self.q("ten-40417"), [m["okafor"]])
        status, case = self.server.request("GET", f"{API}/cases/{m['tom']}")
        self.assertEqual(self.q(case["reference"]), [m["tom"]])
        self.assertEqual(self.q("okafor heating"), [m["okafor"], m["tom"], m["formula"]])
        self.assertEqual(self.q("Heating OKAFOR leeds"), [m["okafor"], m["formula"]])
        self.assertEqual(self.q("okafor heating", "&order=newest"),
                         [m["formula"], m["tom"], m["okafor"]])
        self.assertEqual(self.q("okafor nothing-like-this"), [])

    def test_filters(self):
        m = self.made
        self.assertEqual(self.ids("service_area=Repairs"), [m["okafor"], m["formula"]])
        self.assertEqual(self.ids("received_from=2025-06-03&received_to=2025-06-04"),
                         [m["tom"], m["formula"]])
        self.assertEqual(self.ids("kind=complaint&q=okafor"), [m["okafor"], m["tom"]])

    def test_newest_first_pages_past_fifty(self):
        seen, cursor, pages = [], None, 0
        while True:
            query = "order=newest&limit=50" + (f"&cursor={cursor}" if cursor else "")
            status, page = self.server.request("GET", f"{API}/cases?{query}")
            self.assertEqual(status, 200, page)
            seen += [c["id"] for c in page["cases"]]
            pages += 1
            cursor = page.get("next_cursor")
            if not cursor:
                break
        self.assertEqual(pages, 2)
        self.assertEqual(len(seen), 63)
        self.assertEqual(seen, sorted(seen, reverse=True))

    def test_csv_is_every_matching_case_and_safe(self):
        for path, headers in ((f"{API}/cases?format=csv&limit=5", {}),
                              (f"{API}/cases?limit=5", {"Accept": "text/csv"})):
            status, hdrs, body = harness.raw_request(
                self.server.port, "GET", path,
                {"Authorization": f"Bearer {self.server.token}", **headers})
            self.assertEqual(status, 200, body[:300])
            self.assertTrue(hdrs["content-type"].startswith("text/csv"), hdrs)
            self.assertIn("attachment", hdrs.get("content-disposition", ""))
            rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
            self.assertEqual(rows[0][:3], ["Reference", "Received", "Kind"])
            self.assertEqual(len(rows) - 1, 63)  # every case, not one page of 5
        status, hdrs, body = harness.raw_request(
            self.server.port, "GET", f"{API}/cases?format=csv&q=boiler",
            {"Authorization": f"Bearer {self.server.token}"})
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        self.assertEqual(len(rows), 2)
        record = dict(zip(rows[0], rows[1]))
        self.assertTrue(record["Summary"].startswith("'=HYPERLINK"), record)
        self.assertEqual(record["Resident"], "'@Ama Mensah")

    def xlsx_rows(self, body):
        """The workbook's one sheet as lists of cell texts ("" for an empty cell)."""
        book = zipfile.ZipFile(io.BytesIO(body))
        strings = [html.unescape(re.sub(r"<[^>]+>", "", si)) for si in
                   re.findall(r"<si>(.*?)</si>", book.read("xl/sharedStrings.xml").decode())]
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        self.assertNotIn("<f>", sheet)  # text, never a formula
        rows = []
        for row in re.findall(r"<row [^>]*>(.*?)</row>", sheet):
            cells = {ord(col) - ord("A"): strings[int(v)] for col, v in
                     re.findall(r'<c r="([A-Z])\d+"[^>]*t="s"[^>]*><v>(\d+)</v>', row)}
            rows.append([cells.get(i, "") for i in range(max(cells) + 1)])
        return rows

    def test_xlsx_is_every_matching_case_as_text(self):
        status, hdrs, body = harness.raw_request(
            self.server.port, "GET", f"{API}/cases?format=xlsx&limit=5",
            {"Authorization": f"Bearer {self.server.token}"})
        self.assertEqual(status, 200, body[:300])
        self.assertTrue(hdrs["content-type"].startswith("application/vnd.openxmlformats"), hdrs)
        self.assertIn("cases.xlsx", hdrs.get("content-disposition", ""))
        rows = self.xlsx_rows(body)
        self.assertEqual(rows[0][:3], ["Reference", "Received", "Kind"])
        self.assertEqual(len(rows) - 1, 63)  # every case, not one page of 5
        # The staff search page offers the same download, in people's words.
        cookie = harness.sign_in(self.server.port, "sam", "e2e password 1234")
        status, _, page = harness.raw_request(self.server.port, "GET", "/staff/search?q=boiler",
                                              {"Cookie": cookie})
        self.assertIn(b"/staff/search.xlsx?", page)
        status, hdrs, body = harness.raw_request(self.server.port, "GET",
                                                 "/staff/search.xlsx?q=boiler", {"Cookie": cookie})
        self.assertEqual(status, 200, body[:300])
        rows = self.xlsx_rows(body)
        self.assertEqual(len(rows), 2)
        record = dict(zip(rows[0], rows[1]))
        self.assertEqual(record["Summary"], '=HYPERLINK("http://evil") boiler heating')
        self.assertEqual(record["Kind"], "Service request")

    def test_bad_parameters_are_422_naming_them(self):
        for query, field in (("order=sideways", "order"), ("received_from=2025-02-30",
                                                           "received_from"),
                             ("received_from=2025-06-05&received_to=2025-06-01", "received_to"),
                             ("format=xml", "format"), ("service_area=", "service_area")):
            status, out = self.server.request("GET", f"{API}/cases?{query}")
            self.assertEqual(status, 422, (query, out))
            self.assertEqual(out["error"]["field"], field, out)


harness.on_both(Search, globals())

if __name__ == "__main__":
    harness.run(__name__)
