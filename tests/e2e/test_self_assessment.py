"""End to end: the self-assessment against the Complaint Handling Code over HTTP, against a real
`charter serve` on a real SQLite file and (SelfAssessmentPostgres) a real PostgreSQL.

Usage: python3 tests/e2e/test_self_assessment.py path/to/charter

Last financial year's complaints decide the timescale rows (6.2 not met after a late
acknowledgement, 6.3 met); every other row waits for the landlord. The complaints team answers
(each bad answer a 422 naming the field and rule), governance records the governing body's
review (Code 8.2), publishing is refused without it (409 code-8.2) and while rows are
unanswered (409 incomplete), then the year is published: public JSON, HTML and PDF, frozen
against later cases and later writes (409 published). My work reminds the team until then.
Python standard library only.
"""
import datetime
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
POLICY = os.path.join(harness.SOURCE_DIR, "policies", "example-000-001.toml")


def financial_year(d):
    start = d.year if d.month >= 4 else d.year - 1
    return start


TODAY = datetime.date.today()
LAST = financial_year(TODAY) - 1
YEAR = f"{LAST}-{(LAST + 1) % 100:02d}"


class SelfAssessment(unittest.TestCase):
    """On SQLite; SelfAssessmentPostgres is the same suite on PostgreSQL (harness.on_both)."""
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "sa")
        cls.server = harness.Server(cls.db, "--policy", POLICY).start()
        cls.governance = harness.api_token(cls.db, role="governance", name="board")
        cls.cookie = None
        if cls.BACKEND == "sqlite":
            harness.add_user(cls.db, "team", "complaints_admin")
            cls.cookie = harness.sign_in(cls.server.port, "team", "e2e password 1234")
        # Received on a Monday in June of last year: acknowledged late (6.2), answered in time (6.3).
        cid = cls.complaint(f"{LAST}-06-02T09:00:00Z")
        for body in [
            {"action": "acknowledge", "at": f"{LAST}-06-16T10:00:00Z", "definition": "Damp",
             "handler": "Officer One"},
            {"action": "respond", "at": f"{LAST}-06-18T10:00:00Z", "decision": "upheld",
             "elements": [{"summary": "Damp", "finding": "upheld", "reasons": "Wet wall"}],
             "remedies": [{"type": "apology", "description": "We are sorry"}]},
        ]:
            status, out = cls.server.request("POST", f"{API}/cases/{cid}/actions", body)
            assert status == 200, out

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    @classmethod
    def complaint(cls, received):
        status, case = cls.server.request("POST", API + "/cases", {
            "kind": "complaint", "received_at": received, "channel": "email",
            "summary": "Damp in the bedroom", "person": {"name": "Yvonne Quartermaine"},
            "service_area": "Repairs"})
        assert status == 201, case
        return case["id"]

    def put(self, body, token=None, path=""):
        headers = {"Authorization": f"Bearer {token}"} if token else None
        return self.server.request("PUT", f"{API}/self-assessments/{YEAR}{path}", body, headers)

    def get(self):
        status, out = self.server.request("GET", f"{API}/self-assessments/{YEAR}")
        self.assertEqual(status, 200, out)
        return out

    def assertRefused(self, reply, status, field, rule):
        self.assertEqual(reply[0], status, reply[1])
        self.assertEqual(reply[1]["error"].get("field", ""), field, reply[1])
        self.assertEqual(reply[1]["error"]["rule"], rule, reply[1])

    def my_work(self):
        status, _, body = harness.raw_request(self.server.port, "GET", "/staff",
                                              {"Cookie": self.cookie})
        self.assertEqual(status, 200)
        return body.decode()

    def row(self, sa, provision):
        return next(r for r in sa["rows"] if r["provision"] == provision)

    def test_the_year_from_draft_to_published(self):
        sa = self.get()
        self.assertEqual(sa["status"], "draft")
        self.assertEqual(sa["due"], f"{LAST + 1}-06-30")
        self.assertEqual(len(sa["rows"]), 70)
        late = self.row(sa, "6.2")
        self.assertEqual((late["status"], late["decided_by"], late["figure"]),
                         ("not_met", "data", "0 of 1 (0.0%)"))
        self.assertEqual(late["link"], f"/performance/complaints.stage1.acknowledged?period={YEAR}")
        self.assertEqual(self.row(sa, "6.3")["status"], "met")
        for r in sa["rows"]:  # nothing is "Yes" unless the figures or the landlord say so
            if r["decided_by"] != "data":
                self.assertEqual((r["status"], r["comply"]), ("to_complete", ""), r["provision"])
        if self.cookie:
            self.assertIn(f"self-assessment against the Complaint Handling Code for {YEAR}",
                          self.my_work())

        # Bad answers, each naming its field and rule.
        self.assertRefused(self.put({"answers": [{"provision": "6.99", "answer": "yes"}]}),
                           422, "answers[0].provision", "unknown")
        self.assertRefused(self.put({"answers": [{"provision": "1.2", "answer": "maybe"}]}),
                           422, "answers[0].answer", "enum")
        self.assertRefused(self.put({"answers": [{"provision": "1.2", "answer": "yes"},
                                                 {"provision": "9.5", "answer": "no"}]}),
                           422, "answers[1].commentary", "explanation-required")
        self.assertRefused(self.put({"answers": [{"provision": "6.2", "answer": "yes"}]}),
                           422, "answers[0].answer", "decided-by-data")
        self.assertRefused(self.put({"answers": [{"provision": "1.2", "colour": "red"}]}),
                           422, "answers[0].colour", "unknown")
        self.assertRefused(self.put({}), 422, "answers", "required")
        status, out = self.server.request("GET", f"{API}/self-assessments/2025")
        self.assertRefused((status, out), 422, "year", "financial-year")
        status, out = self.server.request("GET", f"{API}/self-assessments/2090-91")
        self.assertRefused((status, out), 422, "year", "future")
        self.assertRefused(self.put({"answers": []}, token=self.governance), 403, "role", "forbidden")

        # Publishing needs the governing body's review (Code 8.2).
        status, out = self.server.request("POST", f"{API}/self-assessments/{YEAR}/publish")
        self.assertRefused((status, out), 409, "", "code-8.2")
        tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
        review = {"reviewed_on": TODAY.isoformat(), "reviewed_by": "The Board",
                  "response": "The Board accepts the self-assessment."}
        self.assertRefused(self.put(dict(review, reviewed_on=tomorrow), self.governance, "/review"),
                           422, "reviewed_on", "not-future")
        self.assertRefused(self.put(dict(review, response=""), self.governance, "/review"),
                           422, "response", "required")
        status, out = self.put(review, self.governance, "/review")
        self.assertEqual(status, 200, out)
        self.assertEqual(out["status"], "reviewed")
        self.assertEqual(out["review"]["reviewed_by"], "The Board")
        status, out = self.server.request("POST", f"{API}/self-assessments/{YEAR}/publish")
        self.assertRefused((status, out), 409, "", "incomplete")

        # Every row answered; that clears the review, which is recorded again.
        answers = [{"provision": r["provision"], "answer": "yes", "commentary": "Evidence held"}
                   for r in sa["rows"] if r["decided_by"] != "data"]
        answers[-1] = {"provision": answers[-1]["provision"], "answer": "no",
                       "commentary": "From October"}
        status, out = self.put({"answers": answers})
        self.assertEqual(status, 200, out)
        self.assertEqual((out["status"], out["counts"]["to_complete"]), ("draft", 0))
        self.assertIsNone(out["review"])
        self.assertEqual(self.put(review, self.governance, "/review")[0], 200)
        status, published = self.server.request("POST", f"{API}/self-assessments/{YEAR}/publish")
        self.assertEqual(status, 200, published)
        self.assertEqual(published["status"], "published")
        self.assertIsNotNone(published["published_at"])
        if self.cookie:
            self.assertNotIn("self-assessment-reminder", self.my_work())

        # Public: JSON, HTML and PDF, no sign-in.
        status, public = self.server.request("GET", f"{API}/public/self-assessments/{YEAR}",
                                             headers={"Authorization": ""})
        self.assertEqual(status, 200, public)
        self.assertEqual(public["figures"], published["figures"])
        status, headers, body = harness.raw_request(self.server.port, "GET", f"/self-assessment/{YEAR}")
        self.assertEqual(status, 200)
        self.assertIn(b"The Board accepts the self-assessment.", body)
        status, headers, body = harness.raw_request(
            self.server.port, "GET", f"{API}/public/self-assessments/{YEAR}?format=pdf")
        self.assertEqual((status, headers["content-type"]), (200, "application/pdf"))
        self.assertTrue(body.startswith(b"%PDF"))
        status, _, _ = harness.raw_request(self.server.port, "GET", f"/self-assessment/{LAST - 1}-{LAST % 100:02d}")
        self.assertEqual(status, 404)

        # Frozen: a later case in the year changes the live report, not the published year.
        self.complaint(f"{LAST}-07-01T09:00:00Z")
        status, live = self.server.request("GET", f"{API}/reports/annual?period={YEAR}")
        self.assertEqual(status, 200, live)
        again = self.get()
        self.assertEqual(again["figures"], published["figures"])
        self.assertEqual(again["rows"], published["rows"])
        self.assertRefused(self.put({"answers": answers}), 409, "", "published")
        self.assertRefused(self.put(review, self.governance, "/review"), 409, "", "published")
        status, out = self.server.request("POST", f"{API}/self-assessments/{YEAR}/publish")
        self.assertRefused((status, out), 409, "", "published")


harness.on_both(SelfAssessment, globals())

if __name__ == "__main__":
    harness.run(__name__)
