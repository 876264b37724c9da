"""End to end: satisfaction surveys after each service over HTTP on SQLite and PostgreSQL, with
policies/example-003.toml (seed 003: "We will ask how satisfied you are with each completed
repair"; its [[surveys]] triggers and satisfaction measures).

Usage: python3 tests/e2e/test_surveys.py path/to/charter

A complaint's stage 1 response and a repair's completion each offer one survey
(GET /api/v1/cases/{id}/surveys), none before. An answer is checked (422 naming the field and
the rule), kept once (a second is 409 survey-answered), and unknown surveys are 404. The
survey's link (/survey/{token}) opens it without signing in; a dissatisfied answer there is
offered the complaints route (a new complaint linked to a repair; a stage 2 review for a
stage 1 complaint). The satisfaction measures count the answers and the staff case page shows
them. Python standard library only.
"""
import os
import re
import sys
import tempfile
import unittest
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
POLICY = os.path.join(harness.SOURCE_DIR, "policies", "example-003.toml")
PASSWORD = "e2e password 1234"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Surveys(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "surveys")
        harness.add_user(cls.db, "mo", "complaints_admin", PASSWORD, name="Mo Admin")
        cls.server = harness.Server(cls.db, "--policy", POLICY).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def create(self, **body):
        got, case = self.server.request("POST", API + "/cases", {
            "received_at": "2025-07-01T09:00:00Z", "channel": "phone",
            "summary": "No heating", "person": {"name": "Ada Resident"}, **body})
        self.assertEqual(got, 201, case)
        return case["id"]

    def act(self, cid, body, status=200):
        got, out = self.server.request("POST", f"{API}/cases/{cid}/actions", body)
        self.assertEqual(got, status, out)
        return out

    def surveys(self, cid):
        got, out = self.server.request("GET", f"{API}/cases/{cid}/surveys")
        self.assertEqual(got, 200, out)
        return out["surveys"]

    def answer(self, cid, survey, body, status):
        got, out = self.server.request("POST", f"{API}/cases/{cid}/surveys/{survey}/response",
                                       body)
        self.assertEqual(got, status, out)
        return out

    def responded_complaint(self):
        cid = self.create(kind="complaint")
        self.act(cid, {"action": "acknowledge", "at": "2025-07-02T10:00:00Z",
                       "definition": "Boiler not repaired; wants it fixed",
                       "handler": "Ivy Okonkwo"})
        self.assertEqual(self.surveys(cid), [])  # nothing owed before the response
        self.act(cid, {"action": "respond", "at": "2025-07-08T10:00:00Z", "decision": "upheld",
                       "elements": [{"summary": "Boiler", "finding": "upheld",
                                     "reasons": "Three missed visits"}],
                       "remedies": [{"type": "apology",
                                     "description": "We are sorry for the missed visits"}]})
        return cid

    def completed_repair(self, category="urgent"):
        cid = self.create(kind="service_request", category=category)
        self.assertEqual(self.surveys(cid), [])
        self.act(cid, {"action": "complete_repair", "at": "2025-07-03T12:00:00Z",
                       "completed_at": "2025-07-03T09:15:00Z"})
        return cid

    def measure(self, code):
        status, ms = self.server.request("GET", f"{API}/measures?period=2026-27")
        self.assertEqual(status, 200, ms)
        for m in ms:
            if m["code"] == code:
                return m
        self.fail(f"no measure {code}")

    def test_a_complaint_response_offers_a_survey_answered_once(self):
        cid = self.responded_complaint()
        offered = self.surveys(cid)
        self.assertEqual(len(offered), 1, offered)
        s = offered[0]
        self.assertEqual(s["id"], "complaint.stage1")
        self.assertEqual(s["stage"], 1)
        self.assertEqual(s["question"], "complaint_handling")
        self.assertEqual(s["offered_at"], "2025-07-08T10:00:00Z")
        self.assertIsNone(s["answer"])
        self.assertRegex(s["link"], r"^/survey/\d+\.[A-Za-z0-9_-]{43}$")
        self.assertEqual(self.surveys(cid)[0]["link"], s["link"])  # offered once, same link

        for body, field, rule in [({}, "satisfaction", "required"),
                                  ({"satisfaction": "happy"}, "satisfaction", "enum"),
                                  ({"satisfaction": "satisfied", "comment": "x" * 2001},
                                   "comment", "max-length"),
                                  ({"satisfaction": "satisfied", "score": 5}, "score",
                                   "unknown-field")]:
            out = self.answer(cid, "complaint.stage1", body, 422)
            self.assertEqual((out["error"]["field"], out["error"]["rule"]), (field, rule), out)
        self.answer(cid, "complaint.stage2", {"satisfaction": "satisfied"}, 404)
        self.answer(999999, "complaint.stage1", {"satisfaction": "satisfied"}, 404)

        done = self.answer(cid, "complaint.stage1",
                           {"satisfaction": "satisfied", "comment": "  Clear letter  "}, 201)
        self.assertEqual(done["answer"]["satisfaction"], "satisfied")
        self.assertTrue(done["answer"]["satisfied"])
        self.assertEqual(done["answer"]["comment"], "Clear letter")
        again = self.answer(cid, "complaint.stage1", {"satisfaction": "very_dissatisfied"}, 409)
        self.assertEqual(again["error"]["rule"], "survey-answered")
        kept = self.surveys(cid)[0]["answer"]
        self.assertEqual(kept["satisfaction"], "satisfied")  # the second changed nothing

        m = self.measure("satisfaction.complaints_stage1")
        self.assertGreaterEqual(m["denominator"], 1)
        self.assertGreaterEqual(m["numerator"], 1)

    def test_the_link_works_without_signing_in_and_dissatisfied_may_complain(self):
        cid = self.completed_repair()
        s = self.surveys(cid)[0]
        self.assertEqual((s["id"], s["category"], s["stage"]), ("repair.completed", "urgent", None))
        port = self.server.port
        status, _, page = harness.raw_request(port, "GET", s["link"])
        self.assertEqual(status, 200)
        text = page.decode()
        self.assertIn("Tell us how we did", text)
        self.assertIn("How satisfied are you with the service you received?", text)
        # No answer chosen: the form again, the error next to the field.
        status, _, page = harness.raw_request(port, "POST", s["link"], FORM,
                                              urlencode({"comment": "Slow"}))
        self.assertEqual(status, 422)
        self.assertIn("Choose how satisfied you are", page.decode())
        status, headers, _ = harness.raw_request(
            port, "POST", s["link"], FORM,
            urlencode({"satisfaction": "very_dissatisfied", "comment": "Came back twice"}))
        self.assertEqual(status, 303)
        self.assertEqual(headers["location"], s["link"])
        status, _, page = harness.raw_request(port, "GET", s["link"])
        text = page.decode()
        self.assertIn("Thank you for telling us", text)
        self.assertIn("Make a complaint", text)
        self.assertIn(f"/portal/new?kind=complaint&amp;raised_from={cid}", text)
        # Sent again: the thanks, not a second answer.
        status, headers, _ = harness.raw_request(port, "POST", s["link"], FORM,
                                                 urlencode({"satisfaction": "very_satisfied"}))
        self.assertEqual(status, 303)
        self.assertEqual(self.surveys(cid)[0]["answer"]["satisfaction"], "very_dissatisfied")
        self.assertEqual(self.surveys(cid)[0]["answer"]["answered_by"], "link")
        # A token that opens nothing.
        status, _, _ = harness.raw_request(port, "GET", "/survey/1.nope")
        self.assertEqual(status, 404)
        status, _, _ = harness.raw_request(port, "GET", "/survey/nonsense")
        self.assertEqual(status, 404)

        m = self.measure("satisfaction.repairs")
        self.assertGreaterEqual(m["denominator"], 1)
        self.assertLess(m["numerator"], m["denominator"])

        # Staff see the answer on the case page.
        admin = harness.sign_in(port, "mo", PASSWORD)
        status, _, page = harness.raw_request(port, "GET", f"/staff/cases/{cid}",
                                              {"Cookie": admin})
        self.assertEqual(status, 200)
        text = page.decode()
        self.assertIn("Satisfaction surveys", text)
        self.assertIn("Very dissatisfied", text)
        self.assertIn("Came back twice", text)

    def test_a_dissatisfied_stage_one_answer_offers_the_review(self):
        cid = self.responded_complaint()
        link = self.surveys(cid)[0]["link"]
        status, _, _ = harness.raw_request(self.server.port, "POST", link, FORM,
                                           urlencode({"satisfaction": "dissatisfied"}))
        self.assertEqual(status, 303)
        _, _, page = harness.raw_request(self.server.port, "GET", link)
        self.assertIn("reviewed at stage 2", page.decode())
        self.assertIn(f'href="/portal/cases/{cid}"', page.decode())

    def test_a_kind_without_a_trigger_owes_no_survey(self):
        cid = self.create(kind="enquiry")
        self.assertEqual(self.surveys(cid), [])

    def test_the_openapi_document_describes_the_routes(self):
        status, doc = self.server.request("GET", API + "/openapi.json")
        self.assertEqual(status, 200)
        self.assertIn("get", doc["paths"]["/api/v1/cases/{id}/surveys"])
        self.assertIn("post", doc["paths"]["/api/v1/cases/{id}/surveys/{survey}/response"])
        self.assertIn("Survey", doc["components"]["schemas"])


harness.on_both(Surveys, globals())

if __name__ == "__main__":
    harness.run(__name__)
