"""End to end: letters through the JSON API against a real `charter serve`, on a real SQLite
file and, when CHARTER_PG_DSN is set, on a real PostgreSQL.

Usage: python3 tests/e2e/test_letters.py path/to/charter

A complaint from a resident whose name has an apostrophe and whose complaint has an ampersand:
the acknowledgement is refused (409) naming each item the Code requires until the case has it,
an unknown letter is a 422 on `letter`; then the letter is issued, listed, and fetched in every
format. The text and PDF carry no HTML entities; the braille is 40 cells by 25 lines and reads
back through liblouis as the letter's words; the audio lasts as long as reading the letter takes;
the large print PDF is sans-serif, 16 pt or more. An unknown format is a 422 on `format`. A
resident reads their own case's letters and not another's; staff sign letters with their name
and job title. Needs poppler-utils (pdftotext, pdffonts) and liblouis-bin (lou_translate).
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
BRAILLE_TABLE = "en-us-brf.dis,en-ueb-g2.ctb"
NAME = "Siobhan O'Neill"
PASSWORD = "e2e password 1234"


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))


def ogg_seconds(data):
    at = data.find(b"\x01vorbis")
    rate = int.from_bytes(data[at + 12:at + 16], "little")
    last = data.rfind(b"OggS")
    return int.from_bytes(data[last + 6:last + 14], "little") / rate


def pdf_font_sizes(data):
    sizes = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        body = m.group(1)
        try:
            body = zlib.decompress(body)
        except zlib.error:
            pass
        sizes += [float(s) for s in re.findall(rb"/F\d+\s+([\d.]+)\s+Tf", body)]
    return sizes


def api_sign_in(port, username):
    """A session through POST /api/v1/session: (headers for a write, with the CSRF token)."""
    import json
    status, headers, body = harness.raw_request(
        port, "POST", API + "/session", {"Content-Type": "application/json"},
        json.dumps({"username": username, "password": PASSWORD}).encode())
    assert status == 201, body
    return {"Cookie": headers["set-cookie"].split(";")[0], "Content-Type": "application/json",
            "X-CSRF-Token": json.loads(body)["csrf_token"]}


def tool(args, data):
    return subprocess.run(args, input=data, capture_output=True, timeout=120, check=True).stdout


class LettersApi(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "letters")
        harness.add_user(cls.db, "ivy", "investigating_manager", name="Ivy Okonkwo")
        subprocess.run([harness.CHARTER, "user", "add", "--db", cls.db, "--landlord", "demo",
                        "--username", "cass", "--role", "complaints_admin", "--name",
                        "Cass Whitfield", "--job-title", "Complaints Manager"],
                       input=PASSWORD + "\n", capture_output=True, text=True, check=True)
        harness.add_user(cls.db, "siobhan", "resident", name=NAME, person="P-OWN")
        cls.server = harness.Server(cls.db).start()
        status, case = cls.server.request("POST", API + "/cases", {
            "kind": "complaint", "received_at": "2025-03-03T10:00:00Z", "channel": "email",
            "summary": "Repairs & maintenance didn't fix the boiler",
            "person": {"name": NAME, "account": "P-OWN", "address": "1 High St"}})
        assert status == 201, case
        cls.cid = case["id"]
        status, other = cls.server.request("POST", API + "/cases", {
            "kind": "complaint", "received_at": "2025-03-03T10:00:00Z", "channel": "email",
            "summary": "Someone else's case", "person": {"name": "Someone Else"}})
        assert status == 201, other
        cls.other = other["id"]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def get(self, path, headers=None):
        return harness.raw_request(self.server.port, "GET", path,
                                   {"Authorization": f"Bearer {self.server.token}", **(headers or {})})

    def letters(self, cid=None):
        return f"{API}/cases/{cid or self.cid}/letters"

    def issue(self, body, status):
        got, out = self.server.request("POST", self.letters(), body)
        self.assertEqual(got, status, out)
        return out

    def test_1_refused_until_the_letter_says_what_the_code_requires(self):
        out = self.issue({"letter": "acknowledgement"}, 409)
        msg = out["error"]["message"]
        self.assertEqual(out["error"]["field"], "letter")
        self.assertIn("the complaint definition", msg)
        self.assertIn("which aspects of the complaint we are and are not responsible for", msg)
        out = self.issue({"letter": "apology_card"}, 422)
        self.assertEqual(out["error"]["field"], "letter")
        out = self.issue({"letter": "acknowledgement", "channel": "pigeon"}, 422)
        self.assertEqual(out["error"]["field"], "channel")
        self.issue({}, 422)

    def test_2_issue_list_and_every_format(self):
        status, _ = self.server.request("POST", f"{API}/cases/{self.cid}/actions", {
            "action": "acknowledge", "at": "2025-03-04T10:00:00Z", "handler": "Ivy Okonkwo",
            "definition": "The boiler wasn't fixed after three visits; wants it fixed & compensation.",
            "responsibility": "We're responsible for the repair & the follow-up visits."})
        self.assertEqual(status, 200)
        letter = self.issue({"letter": "acknowledgement", "channel": "post"}, 201)
        n = letter["number"]
        self.assertEqual(letter["kind"], "acknowledgement")
        self.assertEqual(letter["channel"], "post")
        status, listed = self.server.request("GET", self.letters())
        self.assertEqual(status, 200)
        self.assertEqual([(x["number"], x["kind"], x["channel"]) for x in listed["letters"]],
                         [(n, "acknowledgement", "post")])
        self.assertTrue(listed["letters"][0]["created"] and listed["letters"][0]["sent"])
        base = f"{self.letters()}/{n}?format="
        expect = {"html": "text/html", "pdf": "application/pdf", "text": "text/plain",
                  "large-print": "application/pdf", "braille": "text/plain", "audio": "audio/ogg"}
        got = {}
        for fmt, ctype in expect.items():
            status, headers, body = self.get(base + fmt)
            self.assertEqual(status, 200, (fmt, body[:300]))
            self.assertTrue(headers["content-type"].startswith(ctype), (fmt, headers))
            got[fmt] = (headers, body)
        # No entities in the plain text nor in the PDF's text; the apostrophe and ampersand kept.
        text = got["text"][1].decode()
        pdf_text = tool(["pdftotext", "-", "-"], got["pdf"][1]).decode()
        for t in (text, pdf_text):
            self.assertNotIn("&apos;", t)
            self.assertNotIn("&amp;", t)
            self.assertNotIn("&#39;", t)
            self.assertIn("O'Neill", t)
            self.assertIn("repair & the follow-up", t)
        # Signed for the complaints team (an API token has no name of its own).
        self.assertIn("The complaints team", text)
        # Braille: a .brf of 40 cells by 25 lines that reads back as the letter's words.
        headers, brf = got["braille"]
        self.assertRegex(headers["content-disposition"], r'filename="[^"]+\.brf"')
        brf = brf.decode("ascii")
        for page in brf.split("\f"):
            lines = page.split("\r\n")
            self.assertLessEqual(len([x for x in lines if x != ""] and lines[:-1]), 25)
            for line in lines:
                self.assertLessEqual(len(line), 40, line)
        paragraphs = re.split(r"\r\n\r\n", brf.replace("\f", ""))
        back = []
        for p in paragraphs:
            joined = " ".join(x for x in p.split("\r\n") if x)
            if joined:
                back.append(tool(["lou_translate", "--backward", BRAILLE_TABLE],
                                 joined.replace("\\", "\\\\").encode() + b"\n").decode())
        self.assertEqual(words(" ".join(back)), words(text))
        # Audio: Ogg Vorbis as long as reading the letter aloud takes (eSpeak NG: 175 wpm).
        seconds = ogg_seconds(got["audio"][1])
        n_words = len(words(text))
        self.assertGreater(seconds, n_words / 260 * 60, (seconds, n_words))
        self.assertLess(seconds, n_words / 100 * 60, (seconds, n_words))
        # Large print: Helvetica (sans-serif) only, no text below 16 pt.
        large = got["large-print"][1]
        fonts = tool(["pdffonts", "-"], large).decode()
        self.assertIn("Helvetica", fonts)
        self.assertNotRegex(fonts, r"Times|Courier")
        sizes = pdf_font_sizes(large)
        self.assertTrue(sizes, "no text in the large print PDF")
        self.assertGreaterEqual(min(sizes), 16, sizes)
        self.assertLess(min(pdf_font_sizes(got["pdf"][1])), 16)

    def test_3_errors(self):
        status, _ = self.server.request("GET", self.letters())
        n = _["letters"][0]["number"] if _["letters"] else 1
        for path, code, field in [(f"{self.letters()}/{n}?format=hologram", 422, "format"),
                                  (f"{self.letters()}/{n}?colour=red", 422, None),
                                  (f"{self.letters()}/1?format=pdf", 404, None),
                                  (f"{self.letters()}/0", 422, "n"),
                                  (f"{API}/cases/999999/letters", 404, None),
                                  (f"{API}/cases/999999/letters/1", 404, None)]:
            status, out = self.server.request("GET", path)
            self.assertEqual(status, code, (path, out))
            if field:
                self.assertEqual(out["error"]["field"], field, out)
        status, out = self.server.request("GET", self.letters(), headers={"Authorization": "Bearer nope"})
        self.assertEqual(status, 401)

    def test_4_a_resident_sees_only_their_own_cases_letters(self):
        hdrs = api_sign_in(self.server.port, "siobhan")
        cookie = hdrs["Cookie"]
        status, _, body = harness.raw_request(self.server.port, "GET", self.letters(), {"Cookie": cookie})
        self.assertEqual(status, 200, body)
        status, _, body = harness.raw_request(self.server.port, "GET", self.letters(self.other),
                                              {"Cookie": cookie})
        self.assertEqual(status, 404, body)
        status, _, listed = self.get(self.letters())
        n = re.search(rb'"number"\s*:\s*(\d+)', listed).group(1).decode()
        status, headers, body = harness.raw_request(
            self.server.port, "GET", f"{self.letters()}/{n}?format=text", {"Cookie": cookie})
        self.assertEqual(status, 200, body)
        status, _, body = harness.raw_request(
            self.server.port, "GET", f"{self.letters(self.other)}/{n}?format=text", {"Cookie": cookie})
        self.assertEqual(status, 404, body)
        # A resident may not issue letters.
        status, _, body = harness.raw_request(self.server.port, "POST", self.letters(), hdrs,
                                              b'{"letter":"acknowledgement"}')
        self.assertEqual(status, 403, body)

    def test_5_staff_sign_with_their_name_and_job_title(self):
        status, _, body = harness.raw_request(
            self.server.port, "POST", self.letters(), api_sign_in(self.server.port, "cass"),
            b'{"letter":"acknowledgement"}')
        self.assertEqual(status, 201, body)
        n = int(re.search(rb'"number"\s*:\s*(\d+)', body).group(1))
        status, _, text = self.get(f"{self.letters()}/{n}?format=text")
        self.assertIn("Cass Whitfield\nComplaints Manager", text.decode())
        self.assertNotIn("cass\n", text.decode())


harness.on_both(LettersApi, globals())


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
