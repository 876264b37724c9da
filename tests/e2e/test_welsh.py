"""End to end: letters and resident pages in Welsh, and translation requests for other
languages, through the JSON API and the pages of a real `charter serve`, on a real SQLite file
and, when CHARTER_PG_DSN is set, on a real PostgreSQL.

Usage: python3 tests/e2e/test_welsh.py path/to/charter

A complaint from a resident whose language is Welsh ("cy"): the acknowledgement is issued in
Welsh by default and the Code content check still refuses it (409) until the case has what the
Code requires; `?format=text` reads in Welsh with a Welsh date, the HTML is lang="cy", the
braille is liblouis's Welsh (it reads back through cy-cy-g2), `"language": "en"` gives English
and a bad language is a 422 on `language`. A complaint from a resident whose language is Polish:
the letter is English with a translation request due in ten working days; attaching a file that
is not on the case is a 422 on `attachment`, attaching the uploaded translation closes the
request, and doing it again is a 409. The public pages switch language with ?lang=cy (and
remember it in a cookie), and the Welsh resident's portal is Welsh by default.
"""
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
PASSWORD = "e2e password 1234"
WELSH_DAYS = r"dydd (Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul) \d{1,2} (Ionawr|Chwefror|Mawrth|" \
             r"Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) \d{4}"


class WelshAndTranslations(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "welsh")
        harness.add_user(cls.db, "rhian", "resident", name="Rhian Evans", person="P-CY")
        cls.server = harness.Server(cls.db).start()
        cls.welsh = cls.new_case("Rhian Evans", "P-CY", "cy", "Mae'r boeler wedi torri")
        cls.polish = cls.new_case("Jan Kowalski", "P-PL", "Polish", "Broken window")

    @classmethod
    def new_case(cls, name, account, language, summary):
        status, case = cls.server.request("POST", API + "/cases", {
            "kind": "complaint", "received_at": "2025-03-03T10:00:00Z", "channel": "phone",
            "summary": summary,
            "person": {"name": name, "account": account,
                       "contact": {"channel": "letter", "language": language}}})
        assert status == 201, case
        return case["id"]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def act(self, cid, body, status=200):
        got, out = self.server.request("POST", f"{API}/cases/{cid}/actions", body)
        self.assertEqual(got, status, out)
        return out

    def acknowledge(self, cid):
        self.act(cid, {"action": "acknowledge", "at": "2025-03-04T10:00:00Z",
                       "definition": "Mae'r boeler wedi torri ers tair wythnos",
                       "handler": "Ivy Okonkwo",
                       "responsibility": "Rydym yn gyfrifol am y boeler"})

    def issue(self, cid, body, status):
        got, out = self.server.request("POST", f"{API}/cases/{cid}/letters", body)
        self.assertEqual(got, status, out)
        return out

    def fetch(self, cid, n, fmt):
        return harness.raw_request(self.server.port, "GET",
                                   f"{API}/cases/{cid}/letters/{n}?format={fmt}",
                                   {"Authorization": f"Bearer {self.server.token}"})

    def test_1_a_welsh_letter_is_checked_and_reads_in_welsh(self):
        out = self.issue(self.welsh, {"letter": "acknowledgement"}, 409)
        self.assertEqual(out["error"]["rule"], "content")
        self.assertIn("Code 5.6", out["error"]["message"])
        self.acknowledge(self.welsh)
        out = self.issue(self.welsh, {"letter": "acknowledgement"}, 201)
        self.assertEqual(out["language"], "cy")
        self.assertEqual(out["title"], "Cydnabod eich cwyn")
        self.assertIsNone(out["translation"])
        status, headers, body = self.fetch(self.welsh, out["number"], "text")
        self.assertEqual(status, 200)
        text = body.decode()
        for phrase in ("Annwyl Rhian Evans", "Diolch am eich cwyn", "Cam 1 o'n trefn gwyno",
                       "Beth sy'n digwydd nesaf", "Ombwdsmon Tai", "Yn gywir", "Ein cyfeirnod"):
            self.assertIn(phrase, text)
        self.assertRegex(text, WELSH_DAYS)
        self.assertNotIn("Dear", text)
        self.assertNotRegex(text, r"\d{4}-\d{2}-\d{2}")
        status, _, body = self.fetch(self.welsh, out["number"], "html")
        self.assertIn(b'<html lang="cy">', body)
        status, headers, brf = self.fetch(self.welsh, out["number"], "braille")
        self.assertEqual(status, 200)
        back = subprocess.run(["lou_translate", "--backward", "en-us-brf.dis,cy-cy-g2.ctb"],
                              input=brf.replace(b"\r\n", b" ").replace(b"\f", b" "),
                              capture_output=True, timeout=120, check=True).stdout.decode()
        self.assertIn("cwyn", back.lower())

    def test_2_english_on_request_and_a_bad_language_names_the_field(self):
        out = self.issue(self.welsh, {"letter": "acknowledgement", "language": "en"}, 201)
        self.assertEqual(out["language"], "en")
        self.assertEqual(out["title"], "Acknowledgement of your complaint")
        out = self.issue(self.welsh, {"letter": "acknowledgement", "language": "fr"}, 422)
        self.assertEqual(out["error"]["field"], "language")

    def test_3_another_language_is_a_translation_request_closed_by_the_attachment(self):
        self.acknowledge(self.polish)
        out = self.issue(self.polish, {"letter": "acknowledgement"}, 201)
        self.assertEqual(out["language"], "en")
        t = out["translation"]
        self.assertEqual((t["language"], t["status"]), ("Polish", "requested"))
        due = datetime.date.fromisoformat(t["due"])
        self.assertGreaterEqual((due - datetime.date.today()).days, 12)  # ten working days
        n = out["number"]
        path = f"{API}/cases/{self.polish}/letters/{n}/translation"
        got, err = self.server.request("POST", path, {"attachment": "letter-pl.pdf"})
        self.assertEqual(got, 422, err)
        self.assertEqual(err["error"]["field"], "attachment")
        got, err = self.server.request("POST", path, {})
        self.assertEqual((got, err["error"]["field"]), (422, "attachment"))
        status, _, body = harness.raw_request(
            self.server.port, "PUT", f"{API}/cases/{self.polish}/attachments/letter-pl.pdf",
            {"Authorization": f"Bearer {self.server.token}", "Content-Type": "application/pdf"},
            b"%PDF-1.4\n% Potwierdzenie skargi\n%%EOF\n")
        self.assertIn(status, (200, 201), body)
        got, done = self.server.request("POST", path, {"attachment": "letter-pl.pdf"})
        self.assertEqual(got, 200, done)
        self.assertEqual(done["translation"]["status"], "attached")
        self.assertEqual(done["translation"]["attachment"], "letter-pl.pdf")
        got, err = self.server.request("POST", path, {"attachment": "letter-pl.pdf"})
        self.assertEqual(got, 409, err)
        self.assertEqual(err["error"]["rule"], "translation")
        got, listing = self.server.request("GET", f"{API}/cases/{self.polish}/letters")
        self.assertEqual(listing["letters"][-1]["translation"]["status"], "attached")
        got, case = self.server.request("GET", f"{API}/cases/{self.polish}")
        closed = [e for e in case["events"] if e["type"] == "letter_translated"]
        self.assertEqual(len(closed), 1)
        self.assertEqual(closed[0]["data"], {"letter": n, "language": "Polish",
                                             "attachment": "letter-pl.pdf"})

    def test_4_the_public_pages_switch_language(self):
        status, headers, body = harness.raw_request(self.server.port, "GET", "/?lang=cy")
        self.assertEqual(status, 200)
        page = body.decode()
        self.assertIn('<html lang="cy"', page)
        self.assertIn("Beth hoffech chi ei wneud?", page)
        self.assertIn('href="/?lang=en"', page)
        self.assertIn("lang=cy", headers.get("set-cookie", ""))
        status, _, body = harness.raw_request(self.server.port, "GET", "/complain",
                                              {"Cookie": "lang=cy"})
        self.assertIn("Sut gallwn ni gysylltu â chi?", body.decode())
        self.assertIn("Anfon y gŵyn", body.decode())
        status, _, body = harness.raw_request(self.server.port, "GET", "/")
        self.assertIn('<html lang="en"', body.decode())
        self.assertIn("What would you like to do?", body.decode())

    def test_5_the_welsh_residents_portal_is_welsh_by_default(self):
        cookie = harness.sign_in(self.server.port, "rhian", PASSWORD)
        status, _, body = harness.raw_request(self.server.port, "GET", "/portal",
                                              {"Cookie": cookie})
        page = body.decode()
        self.assertEqual(status, 200, page[:300])
        self.assertIn('<html lang="cy"', page)
        self.assertIn("Eich achosion", page)
        status, _, body = harness.raw_request(self.server.port, "GET",
                                              f"/portal/cases/{self.welsh}", {"Cookie": cookie})
        page = body.decode()
        self.assertIn("Llythyrau", page)
        self.assertIn("Cydnabod eich cwyn", page)
        status, _, body = harness.raw_request(self.server.port, "GET", "/portal?lang=en",
                                              {"Cookie": cookie})
        self.assertIn("Your cases", body.decode())


harness.on_both(WelshAndTranslations, globals())


if __name__ == "__main__":
    harness.run(__name__)
