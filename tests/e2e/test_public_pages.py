"""End to end: what a person meets in the browser outside the API. A real `charter serve` on a
real SQLite file. Errors on page routes are GOV.UK pages with the right status (not found,
forbidden, an expired session's form, too large, a wrong method, a conflict such as an
incomplete TSM return), while the API keeps its JSON errors. Python standard library only.

Usage: python3 tests/e2e/test_public_pages.py path/to/charter
"""
import json
import os
import re
import sys
import tempfile
import unittest
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def text(body):
    return body.decode("utf-8", "replace")


class ErrorsArePages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls.tmp.name, "charter.db")
        cls.password = harness.add_user(cls.db, "ivy@demo.example", "investigating_manager")
        cls.server = harness.Server(cls.db, "--landlord-name", "Northside Homes").start()
        cls.port = cls.server.port
        cls.session = harness.sign_in(cls.port, "ivy@demo.example", cls.password)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def page(self, method, path, headers=None, body=None):
        status, hdrs, raw = harness.raw_request(self.port, method, path, headers, body)
        return status, hdrs, text(raw)

    def assertGovukPage(self, hdrs, body, heading):
        self.assertTrue(hdrs.get("content-type", "").startswith("text/html"), hdrs)
        self.assertIn('class="govuk-template"', body)
        self.assertIn("govuk-header", body)
        self.assertIn(f'<h1 class="govuk-heading-l">{heading}</h1>', body)
        self.assertIn("What you can do", body)
        self.assertIn("Northside Homes", body)
        self.assertNotIn('{"error"', body)

    def test_unknown_page_is_a_not_found_page(self):
        for path in ("/nope", "/staff/nothing/here", "/portal/cases/1/nope/x"):
            status, hdrs, body = self.page("GET", path)
            self.assertEqual(status, 404, path)
            self.assertGovukPage(hdrs, body, "Page not found")

    def test_a_folder_under_assets_is_a_not_found_page(self):
        for path in ("/assets/fonts", "/assets/images", "/assets/nothing.css", "/assets/fonts/nope"):
            status, hdrs, body = self.page("GET", path)
            self.assertEqual(status, 404, path)
            self.assertGovukPage(hdrs, body, "Page not found")

    def test_api_errors_stay_json(self):
        status, hdrs, body = self.page("GET", f"{API}/nope")
        self.assertEqual(status, 404)
        self.assertEqual(json.loads(body)["error"]["rule"], "not-found")
        status, hdrs, body = self.page("POST", f"{API}/cases", {"Content-Type": "application/json"},
                                       "x" * (2 * 1024 * 1024))
        self.assertEqual(status, 413)
        self.assertEqual(json.loads(body)["error"]["rule"], "too-large")

    def test_wrong_method_is_a_page(self):
        status, hdrs, body = self.page("DELETE", "/sign-in")
        self.assertEqual(status, 405)
        self.assertGovukPage(hdrs, body, "This page cannot do that")

    def test_too_large_is_a_page(self):
        status, hdrs, body = self.page("POST", "/staff/new", dict(FORM, Cookie=self.session),
                                       "summary=" + "x" * (2 * 1024 * 1024))
        self.assertEqual(status, 413)
        self.assertGovukPage(hdrs, body, "What you sent is too large")
        status, hdrs, body = self.page("POST", "/sign-in", FORM, "username=" + "x" * 20000)
        self.assertEqual(status, 413)
        self.assertGovukPage(hdrs, body, "What you sent is too large")

    def test_expired_session_form_is_a_page(self):
        status, hdrs, body = self.page("POST", "/staff/new", dict(FORM, Cookie="charter_session=gone"),
                                       "kind=complaint&summary=x")
        self.assertEqual(status, 403)
        self.assertGovukPage(hdrs, body, "Your session has ended")
        self.assertIn('href="/sign-in', body)

    def test_forbidden_is_a_page(self):
        # A signed-in form without its CSRF token.
        status, hdrs, body = self.page("POST", "/staff/new", dict(FORM, Cookie=self.session),
                                       "kind=complaint&summary=x")
        self.assertEqual(status, 403)
        self.assertIn("govuk-template", body)
        self.assertNotIn('{"error"', body)

    def test_bad_form_is_a_page(self):
        status, hdrs, body = self.page("POST", "/sign-in", FORM, "username=%ZZ")
        self.assertEqual(status, 400)
        self.assertGovukPage(hdrs, body, "There is a problem with what you sent")

    def test_incomplete_tsm_return_is_a_conflict_page(self):
        status, hdrs, body = self.page("GET", "/performance?period=2025-26", {"Cookie": self.session})
        self.assertEqual(status, 200)
        link = re.search(r'href="([^"]*)">TSM figures for the annual return', body)
        self.assertIsNotNone(link, "the Performance page links to the TSM return")
        self.assertFalse(link.group(1).startswith("/api/"), link.group(1))
        status, hdrs, body = self.page("GET", link.group(1).replace("&amp;", "&"),
                                       {"Cookie": self.session})
        self.assertEqual(status, 409)
        self.assertGovukPage(hdrs, body, "The TSM return is not complete")
        self.assertIn("CH01", body)


def form_token(body):
    m = re.search(r'name="form_token" value="([^"]+)"', body)
    return m.group(1) if m else None


class PublicComplaint(unittest.TestCase):
    """The visitors' home page and /complain: no account needed."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls.tmp.name, "charter.db")
        cls.server = harness.Server(cls.db, "--landlord-name", "Northside Homes",
                                    "--landlord-phone", "0161 496 0000").start()
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def page(self, method, path, headers=None, body=None):
        status, hdrs, raw = harness.raw_request(self.port, method, path, headers, body)
        return status, hdrs, text(raw)

    def blank_form(self):
        status, hdrs, body = self.page("GET", "/complain")
        self.assertEqual(status, 200)
        token = form_token(body)
        self.assertTrue(token)
        cookie = hdrs["set-cookie"].split(";")[0]
        self.assertEqual(cookie, f"charter_complain={token}")
        return token, cookie

    def send(self, fields, token, cookie):
        return self.page("POST", "/complain", dict(FORM, Cookie=cookie),
                         urlencode(dict(fields, form_token=token)))

    def complaints(self):
        status, page = self.server.request("GET", f"{API}/cases?kind=complaint&limit=200")
        self.assertEqual(status, 200, page)
        return page["cases"]

    def test_home_page_is_for_visitors(self):
        status, hdrs, body = self.page("GET", "/")
        self.assertEqual(status, 200)
        for words in ("Make a complaint", "Report a repair", "Our promises", "You said, we did",
                      "0161 496 0000", 'href="/sign-in"', 'href="/complain"',
                      'href="/portal/new?kind=service_request"'):
            self.assertIn(words, body)
        self.assertIn('govuk-header__service-name">Northside Homes</a>', body)
        self.assertNotIn(">Charter<", body)

    def test_a_complaint_needs_no_account_and_a_resend_makes_no_second_case(self):
        token, cookie = self.blank_form()
        before = len(self.complaints())
        fields = {"name": "Grace Okafor", "email": "grace@example.com", "phone": "",
                  "address": "", "what_happened": "The heating has not worked for two weeks.",
                  "what_you_want": "Fix the boiler and refund the heating costs."}
        status, _, body = self.send(fields, token, cookie)
        self.assertEqual(status, 200, body[:500])
        ref = re.search(r"Your reference<br><strong>([^<]+)</strong>", body).group(1)
        self.assertIn("Complaint received", body)
        self.assertRegex(body, r"We will acknowledge your complaint by (Monday|Tuesday|Wednesday|"
                               r"Thursday|Friday) [0-9]{1,2} [A-Z][a-z]+")
        after = self.complaints()
        self.assertEqual(len(after), before + 1)
        made = [c for c in after if c["reference"] == ref]
        self.assertEqual(len(made), 1, ref)
        status, case = self.server.request("GET", f"{API}/cases/{made[0]['id']}")
        self.assertEqual(case["channel"], "web_form")
        self.assertEqual(case["kind"], "complaint")
        self.assertEqual(case["person"]["email"], "grace@example.com")
        # Back, then Send again (the same one-time token): the same complaint, not a second.
        status, _, again = self.send(fields, token, cookie)
        self.assertEqual(status, 200)
        self.assertIn(ref, again)
        self.assertEqual(len(self.complaints()), before + 1)

    def test_errors_show_the_form_again_with_what_was_typed(self):
        token, cookie = self.blank_form()
        before = len(self.complaints())
        status, _, body = self.send({"name": "", "email": "", "phone": "", "address": "",
                                     "what_happened": "Mould in the bathroom & hall",
                                     "what_you_want": ""}, token, cookie)
        self.assertEqual(status, 422)
        self.assertIn("govuk-error-summary", body)
        self.assertIn("Enter your name", body)
        self.assertIn("Enter at least one way to contact you", body)
        self.assertIn("Tell us what you would like us to do", body)
        self.assertIn("Mould in the bathroom &amp; hall", body)
        self.assertEqual(len(self.complaints()), before)

    def test_a_form_without_its_token_is_refused(self):
        token, _ = self.blank_form()
        status, _, body = self.send({"name": "X", "email": "x@example.com",
                                     "what_happened": "a", "what_you_want": "b"}, token,
                                    "charter_complain=someone-elses")
        self.assertEqual(status, 403)
        self.assertIn("The form had expired", body)

    def test_a_large_complaint_is_refused_before_it_is_read(self):
        token, cookie = self.blank_form()
        status, hdrs, body = self.send({"name": "X", "what_happened": "x" * 20000}, token, cookie)
        self.assertEqual(status, 413)
        self.assertIn("What you sent is too large", body)


class PublicComplaintRateLimit(unittest.TestCase):
    def test_one_address_may_send_five_then_waits(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = harness.Server(os.path.join(tmp, "charter.db")).start()
            try:
                statuses = []
                for i in range(7):
                    _, hdrs, raw = harness.raw_request(server.port, "GET", "/complain")
                    token = form_token(text(raw))
                    cookie = hdrs["set-cookie"].split(";")[0]
                    status, hdrs, raw = harness.raw_request(
                        server.port, "POST", "/complain", dict(FORM, Cookie=cookie),
                        urlencode({"form_token": token, "name": f"Visitor {i}",
                                   "phone": "0161 496 0001", "what_happened": "Leak",
                                   "what_you_want": "Fix it"}))
                    statuses.append(status)
                self.assertEqual(statuses[:5], [200] * 5)
                self.assertEqual(statuses[5], 429)
                self.assertIn("retry-after", hdrs)
            finally:
                server.stop()


class IdempotentApi(unittest.TestCase):
    """Idempotency-Key on POST /api/v1/cases and actions, kept in the database."""
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "idem")
        cls.server = harness.Server(cls.db).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    BODY = {"kind": "complaint", "received_at": "2026-11-02T09:00:00Z", "channel": "email",
            "summary": "Boiler broken", "person": {"name": "Ada Resident"}}

    def count(self):
        status, page = self.server.request("GET", f"{API}/cases?limit=200")
        return len(page["cases"])

    def post(self, path, body, key):
        status, hdrs, raw = harness.raw_request(
            self.server.port, "POST", path,
            {"Authorization": f"Bearer {self.server.token}", "Content-Type": "application/json",
             "Idempotency-Key": key}, json.dumps(body))
        return status, hdrs, json.loads(raw)

    def test_the_same_key_answers_the_first_answer_without_acting_again(self):
        before = self.count()
        status, hdrs, first = self.post(f"{API}/cases", self.BODY, "create-1")
        self.assertEqual(status, 201, first)
        status, hdrs2, again = self.post(f"{API}/cases", self.BODY, "create-1")
        self.assertEqual(status, 201)
        self.assertEqual(again, first)
        self.assertEqual(hdrs2.get("idempotent-replayed"), "true")
        self.assertEqual(hdrs2.get("location"), hdrs.get("location"))
        self.assertEqual(self.count(), before + 1)
        # The same key with another body: 422 naming the header and the rule.
        status, _, err = self.post(f"{API}/cases", dict(self.BODY, summary="Other"), "create-1")
        self.assertEqual(status, 422)
        self.assertEqual(err["error"]["field"], "Idempotency-Key")
        self.assertEqual(err["error"]["rule"], "idempotency-key-reused")
        # Actions too: one note, however often it is sent.
        cid = first["id"]
        note = {"action": "note", "text": "Phoned the resident"}
        for _ in range(3):
            status, _, case = self.post(f"{API}/cases/{cid}/actions", note, "note-1")
            self.assertEqual(status, 200, case)
        notes = [e for e in case["events"] if e["type"] == "note"]
        self.assertEqual(len(notes), 1)
        # A bad key is refused.
        status, _, err = self.post(f"{API}/cases", self.BODY, "has space")
        self.assertEqual((status, err["error"]["field"]), (422, "Idempotency-Key"))

    def test_the_first_answer_holds_across_a_restart(self):
        status, _, first = self.post(f"{API}/cases", self.BODY, "restart-1")
        self.assertEqual(status, 201, first)
        before = self.count()
        self.server.stop()
        self.server.start()
        status, hdrs, again = self.post(f"{API}/cases", self.BODY, "restart-1")
        self.assertEqual(status, 201)
        self.assertEqual(again["id"], first["id"])
        self.assertEqual(self.count(), before)


harness.on_both(IdempotentApi, globals())

if __name__ == "__main__":
    harness.run(__name__)
