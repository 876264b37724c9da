"""End to end: a person's contact preference used, through the JSON API against a real
`charter serve`, on a real SQLite file and, when CHARTER_PG_DSN is set, on a real PostgreSQL.

Usage: python3 tests/e2e/test_contact_preferences.py path/to/charter

A complaint from a resident who asked for letters by email in braille: the change_contact_preference
action refuses a bad channel, format or date naming the field, and records a good change as an
event that the case's person then shows; a letter issued without a channel or format goes the
way the person asked; issuing it another way without a reason is a 422 on `reason`, with one
it is recorded; the resident changes their own preference through the API; the OpenAPI document
describes the action.
"""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
PASSWORD = "e2e password 1234"


class ContactPreferencesApi(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "prefs")
        harness.add_user(cls.db, "rhian", "resident", name="Rhian Evans", person="P-PREF")
        cls.server = harness.Server(cls.db).start()
        status, case = cls.server.request("POST", API + "/cases", {
            "kind": "complaint", "received_at": "2025-03-03T10:00:00Z", "channel": "phone",
            "summary": "Letters I cannot read",
            "person": {"name": "Rhian Evans", "account": "P-PREF", "email": "rhian@example.org",
                       "contact": {"channel": "email", "format": "braille",
                                   "review_date": "2025-09-30"}}})
        assert status == 201, case
        cls.cid = case["id"]
        status, out = cls.server.request("POST", f"{API}/cases/{cls.cid}/actions", {
            "action": "acknowledge", "at": "2025-03-04T10:00:00Z",
            "definition": "Letters arrive in print; wants braille", "handler": "Ivy Okonkwo",
            "responsibility": "We are responsible for how we write to residents"})
        assert status == 200, out

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def act(self, body, status=200, headers=None):
        got, out = self.server.request("POST", f"{API}/cases/{self.cid}/actions", body, headers)
        self.assertEqual(got, status, out)
        return out

    def issue(self, body, status):
        got, out = self.server.request("POST", f"{API}/cases/{self.cid}/letters", body)
        self.assertEqual(got, status, out)
        return out

    def test_1_a_letter_goes_the_way_they_asked_unless_a_reason_is_given(self):
        out = self.issue({"letter": "acknowledgement"}, 201)
        self.assertEqual(out["channel"], "email")
        self.assertEqual(out["format"], "braille")
        self.assertIsNone(out["reason"])
        out = self.issue({"letter": "acknowledgement", "channel": "post"}, 422)
        self.assertEqual(out["error"]["field"], "reason")
        self.assertIn("by post instead of by email", out["error"]["message"])
        out = self.issue({"letter": "acknowledgement", "format": "pdf"}, 422)
        self.assertEqual(out["error"]["field"], "reason")
        out = self.issue({"letter": "acknowledgement", "format": "html"}, 422)
        self.assertEqual(out["error"]["field"], "format")
        out = self.issue({"letter": "acknowledgement", "channel": "post", "format": "braille",
                          "reason": "Email address bounced"}, 201)
        self.assertEqual(out["channel"], "post")
        self.assertEqual(out["reason"], "Email address bounced")

    def test_2_a_bad_change_names_the_field(self):
        for body, field in (({"channel": "pigeon"}, "channel"),
                            ({"format": "huge"}, "format"),
                            ({"review_date": "31/03/2030"}, "review_date"),
                            ({"review_date": "2020-01-01"}, "review_date"),
                            ({"needs_interpreter": "yes"}, "needs_interpreter"),
                            ({"colour": "blue"}, "colour")):
            out = self.act({"action": "change_contact_preference", **body}, 422)
            self.assertEqual(out["error"]["field"], field, out)

    def test_3_a_change_is_an_event_and_the_person_shows_it(self):
        case = self.act({"action": "change_contact_preference", "channel": "letter",
                         "format": "large_print", "language": "cy", "needs_interpreter": True,
                         "review_date": "2030-03-31", "reason": "Asked at the home visit"})
        self.assertEqual(case["person"]["contact"], {
            "channel": "letter", "format": "large_print", "language": "cy",
            "needs_interpreter": True, "review_date": "2030-03-31"})
        event = case["events"][-1]
        self.assertEqual(event["type"], "contact_preference_changed")
        self.assertEqual(event["data"]["before"]["format"], "braille")
        status, again = self.server.request("GET", f"{API}/cases/{self.cid}")
        self.assertEqual(status, 200)
        self.assertEqual(again["person"]["contact"]["format"], "large_print")
        out = self.issue({"letter": "acknowledgement"}, 201)
        self.assertEqual((out["channel"], out["format"]), ("post", "large-print"))

    def test_4_the_resident_changes_their_own(self):
        status, headers, body = harness.raw_request(
            self.server.port, "POST", API + "/session", {"Content-Type": "application/json"},
            json.dumps({"username": "rhian", "password": PASSWORD}).encode())
        self.assertEqual(status, 201, body)
        hdrs = {"Cookie": headers["set-cookie"].split(";")[0], "Content-Type": "application/json",
                "X-CSRF-Token": json.loads(body)["csrf_token"]}
        status, _, body = harness.raw_request(
            self.server.port, "POST", f"{API}/cases/{self.cid}/actions", hdrs,
            json.dumps({"action": "change_contact_preference", "channel": "portal",
                        "format": "audio"}).encode())
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["person"]["contact"]["format"], "audio")
        # Other actions stay staff's.
        status, _, body = harness.raw_request(
            self.server.port, "POST", f"{API}/cases/{self.cid}/actions", hdrs,
            json.dumps({"action": "note", "text": "hello"}).encode())
        self.assertEqual(status, 403, body)

    def test_5_the_openapi_document_describes_the_action(self):
        status, doc = self.server.request("GET", API + "/openapi.json")
        self.assertEqual(status, 200)
        schemas = doc["components"]["schemas"]
        self.assertIn("ChangeContactPreference", schemas)
        self.assertIn("change_contact_preference", schemas["Action"]["discriminator"]["mapping"])
        self.assertIn("reason", doc["paths"][API + "/cases/{id}/letters"]["post"]["requestBody"]
                      ["content"]["application/json"]["schema"]["properties"])


harness.on_both(ContactPreferencesApi, globals())


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
