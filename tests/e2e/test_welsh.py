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
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from urllib.parse import urlencode

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
        harness.add_user(cls.db, "gwen", "complaints_admin", name="Gwen Jones")
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

    # English that code (not a template) used to write on the Welsh pages.
    ENGLISH_ON_WELSH_PAGES = (
        "What happens next", "We will send you", "We will write to confirm", "We have sent you",
        "How do you want to hear from us", "How you want to hear from us", "No preference recorded",
        "Through their online account", "Through my online account", "In which format",
        "Review this by", "I need an interpreter", ">Save<", ">Cancel<", ">Day<", ">Month<",
        ">Year<", "There is a problem", "Error:", "Enter your name", "Tell us what happened",
        "Tell us what you would like us to do", "Enter at least one way to contact you",
        "Our promises", "the last whole year", "so far", "We have no figures",
        "How we are doing against each promise", "Promises we do not measure", "You said, we did",
        "What residents told us", "Nothing has been published yet", "Our self-assessments",
        "Each year we assess")

    def assert_welsh(self, page, where):
        self.assertIn('<html lang="cy"', page, where)
        for english in self.ENGLISH_ON_WELSH_PAGES:
            self.assertNotIn(english, page, f"{where}: {english!r} on the Welsh page")

    def rhian(self):
        if "rhian_cookie" not in type(self).__dict__:  # per class: each backend has its server
            type(self).rhian_cookie = harness.sign_in(self.server.port, "rhian", PASSWORD)
        return {"Cookie": self.rhian_cookie}

    def test_6_what_happens_next_and_how_to_hear_are_welsh(self):
        status, _, body = harness.raw_request(self.server.port, "GET",
                                              f"/portal/cases/{self.welsh}", self.rhian())
        page = html.unescape(body.decode())
        self.assertEqual(status, 200, page[:300])
        self.assert_welsh(page, "portal case")
        self.assertIn("Beth sy'n digwydd nesaf", page)
        self.assertRegex(page, "Byddwn yn anfon ein hateb atoch erbyn " + WELSH_DAYS)
        self.assertIn("Drwy lythyr", page)
        self.assertIn("Cymraeg (cy)", page)
        status, _, body = harness.raw_request(self.server.port, "GET",
                                              f"/portal/cases/{self.welsh}/contact", self.rhian())
        page = html.unescape(body.decode())
        self.assertEqual(status, 200, page[:300])
        self.assert_welsh(page, "contact preference")
        for welsh in ("Sut hoffech chi glywed gennym ni?", "Ym mha fformat?", "Print bras",
                      "Drwy fy nghyfrif ar-lein", "Mae angen cyfieithydd ar y pryd arnaf",
                      "Diwrnod", "Blwyddyn", ">Cadw<", "Canslo"):
            self.assertIn(welsh, page)

    def test_7_complaint_form_errors_are_welsh(self):
        status, headers, body = harness.raw_request(self.server.port, "GET", "/complain?lang=cy")
        token = re.search(r'name="form_token" value="([^"]+)"', body.decode()).group(1)
        status, _, body = harness.raw_request(
            self.server.port, "POST", "/complain",
            {"Content-Type": "application/x-www-form-urlencoded",
             "Cookie": f"charter_complain={token}; lang=cy"},
            urlencode({"form_token": token, "name": "", "email": "not an email"}))
        page = html.unescape(body.decode())
        self.assertEqual(status, 422, page[:300])
        self.assert_welsh(page, "complaint form errors")
        for welsh in ("Mae problem", "Gwall:", "Rhowch eich enw", "Dywedwch wrthym beth ddigwyddodd",
                      "Rhowch gyfeiriad e-bost yn y fformat cywir"):
            self.assertIn(welsh, page)

    def test_8_the_welsh_letter_gives_the_ombudsman_in_welsh(self):
        got, listing = self.server.request("GET", f"{API}/cases/{self.welsh}/letters")
        welsh = [l for l in listing["letters"] if l["language"] == "cy"]
        self.assertTrue(welsh, listing)
        status, _, body = self.fetch(self.welsh, welsh[0]["number"], "text")
        text = body.decode()
        self.assertIn("Yr Ombwdsmon Tai", text)
        self.assertIn("Ffôn 0300 111 3000", text)
        for english in ("Telephone", "Website", "Housing Ombudsman Service"):
            self.assertNotIn(english, text)
        # The PDF's page numbers are Welsh too ("Tudalen 1 o 1", not "Page 1 of 1").
        status, _, pdf = self.fetch(self.welsh, welsh[0]["number"], "pdf")
        self.assertEqual(status, 200)
        pdf_text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                                  check=True).stdout.decode()
        self.assertIn("Tudalen 1 o 1", pdf_text)
        self.assertNotIn("Page 1 of", pdf_text)

    def test_9_the_public_performance_pages_are_welsh(self):
        for path, welsh in (("/promises?lang=cy", "Ein haddewidion"),
                            ("/you-said-we-did?lang=cy", "Dywedoch chi, gwnaethom ni"),
                            ("/self-assessment?lang=cy", "Ein hunanasesiadau")):
            status, headers, body = harness.raw_request(self.server.port, "GET", path)
            page = html.unescape(body.decode())
            self.assertEqual(status, 200, f"{path}: {page[:300]}")
            self.assert_welsh(page, path)
            self.assertIn(welsh, page, path)
            self.assertIn('hreflang="en"', page, path)
            self.assertIn("lang=cy", headers.get("set-cookie", ""), path)
        status, _, body = harness.raw_request(self.server.port, "GET", "/promises",
                                              {"Cookie": "lang=cy"})
        self.assertIn("Ein haddewidion", body.decode())
        status, _, body = harness.raw_request(self.server.port, "GET", "/promises?lang=en")
        self.assertIn("Our promises", body.decode())

    def test_10_my_work_lists_translations_and_a_page_attaches_one(self):
        cid = self.new_case("Anna Nowak", "P-PL2", "Polish", "Leaking roof")
        self.acknowledge(cid)
        n = self.issue(cid, {"letter": "acknowledgement"}, 201)["number"]
        got, case = self.server.request("GET", f"{API}/cases/{cid}")
        clock = [c for c in case["clocks"] if c["name"] == f"translation.{n}"]
        self.assertEqual(len(clock), 1, case["clocks"])
        self.assertEqual(clock[0]["status"], "running")
        staff = {"Cookie": harness.sign_in(self.server.port, "gwen", PASSWORD)}
        status, _, body = harness.raw_request(self.server.port, "GET", "/staff", staff)
        page = body.decode()
        self.assertEqual(status, 200, page[:300])
        self.assertIn("Translations to attach", page)
        section = page[page.index("Translations to attach"):]
        self.assertIn(case["reference"], section)
        self.assertIn("Polish", section)
        form = f"/staff/cases/{cid}/letters/{n}/translation"
        self.assertIn(form, section)
        status, _, body = harness.raw_request(self.server.port, "GET", form, staff)
        page = body.decode()
        self.assertEqual(status, 200, page[:300])
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        post = dict(staff, **{"Content-Type": "application/x-www-form-urlencoded"})
        status, _, body = harness.raw_request(self.server.port, "POST", form, post,
                                              urlencode({"csrf_token": csrf, "attachment": ""}))
        self.assertEqual(status, 422, body[:300])
        self.assertIn("Name the attachment", body.decode())
        status, _, _ = harness.raw_request(
            self.server.port, "PUT", f"{API}/cases/{cid}/attachments/nowak-pl.pdf",
            {"Authorization": f"Bearer {self.server.token}", "Content-Type": "application/pdf"},
            b"%PDF-1.4\n% tlumaczenie\n%%EOF\n")
        self.assertIn(status, (200, 201))
        status, _, body = harness.raw_request(self.server.port, "GET", form, staff)
        self.assertIn("nowak-pl.pdf", body.decode())
        status, headers, body = harness.raw_request(
            self.server.port, "POST", form, post,
            urlencode({"csrf_token": csrf, "attachment": "nowak-pl.pdf"}))
        self.assertEqual(status, 303, body[:300])
        got, case = self.server.request("GET", f"{API}/cases/{cid}")
        clock = [c for c in case["clocks"] if c["name"] == f"translation.{n}"]
        self.assertEqual(clock[0]["status"], "met", clock)
        status, _, body = harness.raw_request(self.server.port, "GET", "/staff", staff)
        self.assertNotIn(f"/staff/cases/{cid}/letters/{n}/translation", body.decode())


harness.on_both(WelshAndTranslations, globals())


if __name__ == "__main__":
    harness.run(__name__)
