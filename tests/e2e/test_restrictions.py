"""End to end: contact warnings and restrictions on a person, and the choice to complain, over
HTTP against a real `charter serve`, on SQLite and PostgreSQL.

Usage: python3 tests/e2e/test_restrictions.py path/to/charter

A restriction needs a warning first (409 policy-4.16) unless immediate with a reason; it is
reviewed (its review date a clock) and lifted; it survives a restart; residents never see it
(403 in the API, nothing on the portal) while staff see a banner on every case of the person;
and it never stops a complaint being logged nor counted in the measures. A service request
records the offer of the choice to complain, and "complain" raises the complaint with it.
Python standard library only.
"""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
PASSWORD = "e2e password 1234"


class Restrictions(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "restrict")
        cls.server = harness.Server(cls.db).start()  # migrates, makes the demo landlord
        harness.add_user(cls.db, "officer", "complaints_admin", name="Olive Officer")
        harness.add_user(cls.db, "ada", "resident", person="R-ADA", name="Ada Resident")
        cls.resident_token = harness.api_token(cls.db, role="resident", name="ada-token")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def post(self, path, body, status):
        got, out = self.server.request("POST", API + path, body)
        self.assertEqual(got, status, out)
        return out

    def error(self, path, body, status, rule, field):
        out = self.post(path, body, status)
        self.assertEqual((out["error"]["rule"], out["error"].get("field", "")), (rule, field), out)

    def case(self, ref, kind="complaint", summary="Damp in the bedroom"):
        _, case = self.server.request("POST", API + "/cases", {
            "kind": kind, "received_at": "2025-06-02T09:00:00Z", "channel": "phone",
            "summary": summary, "person": {"name": "Ada Resident", "account": ref}})
        return case

    def restrict(self, ref):
        self.post(f"/people/{ref}/restrictions",
                  {"action": "warn", "behaviour": "Shouted at the repairs officer",
                   "warned_on": "2025-05-01"}, 201)
        return self.post(f"/people/{ref}/restrictions",
                         {"action": "impose", "kind": "single_point_of_contact",
                          "behaviour": "Abusive calls continued after the warning",
                          "starts_on": "2025-05-20", "review_on": "2099-08-20"}, 201)

    def test_warning_first_then_review_and_lift(self):
        ref = "R-LIFT"
        impose = {"action": "impose", "kind": "written_only", "behaviour": "Abusive emails",
                  "review_on": "2099-01-01"}
        self.error(f"/people/{ref}/restrictions", impose, 409, "policy-4.16", "immediate")
        self.error(f"/people/{ref}/restrictions", {**impose, "kind": "no_contact"}, 422, "enum", "kind")
        self.error(f"/people/{ref}/restrictions", {**impose, "immediate": True}, 422, "required",
                   "immediate_reason")
        out = self.post(f"/people/{ref}/restrictions",
                        {**impose, "immediate": True,
                         "immediate_reason": "Threatened an officer with violence"}, 201)
        self.assertTrue(out["restricted"])
        r = out["restrictions"][0]
        self.assertEqual((r["number"], r["status"], r["decided_by"]), (1, "active", "token:e2e"))
        self.assertEqual(out["clocks"][0]["name"], "restriction.1.review.1")
        self.assertEqual(out["clocks"][0]["status"], "running")
        self.error(f"/people/{ref}/restrictions/1/actions", {"action": "lift", "reson": "x"},
                   422, "unknown", "reson")
        out = self.post(f"/people/{ref}/restrictions/1/actions",
                        {"action": "review", "review_on": "2099-06-01", "reasons": "Still needed"}, 200)
        self.assertEqual(out["restrictions"][0]["review_on"], "2099-06-01")
        self.assertEqual([c["status"] for c in out["clocks"]], ["met", "running"])
        out = self.post(f"/people/{ref}/restrictions/1/actions",
                        {"action": "lift", "reason": "No incidents since"}, 200)
        self.assertFalse(out["restricted"])
        self.error(f"/people/{ref}/restrictions/1/actions", {"action": "lift", "reason": "x"},
                   409, "already-lifted", "")
        self.error(f"/people/{ref}/restrictions/7/actions", {"action": "lift", "reason": "x"},
                   409, "unknown-restriction", "number")

    def test_survives_a_restart(self):
        self.restrict("R-KEEP")
        self.server.stop()
        self.server.start()
        status, out = self.server.request("GET", f"{API}/people/R-KEEP/restrictions")
        self.assertEqual(status, 200, out)
        self.assertTrue(out["restricted"])
        self.assertEqual(len(out["warnings"]), 1)

    def test_residents_never_see_them(self):
        self.restrict("R-ADA")
        status, out = self.server.request("GET", f"{API}/people/R-ADA/restrictions",
                                          headers={"Authorization": f"Bearer {self.resident_token}"})
        self.assertEqual(status, 403, out)

    def test_a_restricted_person_still_complains_and_is_counted(self):
        def stage1_received():
            status, out = self.server.request("GET", f"{API}/measures?period=2025-26")
            self.assertEqual(status, 200, out)
            return {m["code"]: m for m in out}["CH01-1"]["numerator"]
        before = stage1_received()
        self.restrict("R-COUNT")
        case = self.case("R-COUNT")
        self.assertEqual(case["status"], "open", case)
        self.assertEqual(stage1_received(), before + 1)
        # The staff case page carries the banner; the resident's portal never does.
        cookie = harness.sign_in(self.server.port, "officer", PASSWORD)
        status, _, page = harness.raw_request(self.server.port, "GET", f"/staff/cases/{case['id']}",
                                              {"Cookie": cookie})
        self.assertEqual(status, 200)
        self.assertIn(b"Contact restriction", page)
        self.assertIn(b"Single point of contact", page)

    def test_the_portal_shows_no_banner(self):
        self.restrict("R-ADA2")
        harness.add_user(self.db, "ada2", "resident", person="R-ADA2", name="Ada Two")
        case = self.case("R-ADA2")
        cookie = harness.sign_in(self.server.port, "ada2", PASSWORD)
        status, _, page = harness.raw_request(self.server.port, "GET", f"/portal/cases/{case['id']}",
                                              {"Cookie": cookie})
        self.assertEqual(status, 200, page[:300])
        self.assertNotIn(b"restriction", page.lower())

    def test_the_choice_to_complain(self):
        sr = self.case("R-SR", kind="service_request", summary="Boiler not fixed after three visits")
        path = f"/cases/{sr['id']}/actions"
        self.error(path, {"action": "offer_complaint", "choice": "maybe"}, 422, "enum", "choice")
        out = self.post(path, {"action": "offer_complaint", "choice": "not_now",
                               "note": "Will wait for the next visit"}, 200)
        self.assertEqual(out["events"][-1]["type"], "complaint_offered")
        complaint = self.post(path, {"action": "offer_complaint", "choice": "complain",
                                     "note": "Unhappy with three failed visits"}, 201)
        self.assertEqual(complaint["kind"], "complaint")
        self.assertEqual(complaint["summary"], "Unhappy with three failed visits")
        _, source = self.server.request("GET", f"{API}/cases/{sr['id']}")
        self.assertEqual([e["type"] for e in source["events"]][-2:], ["complaint_offered", "linked"])
        self.assertEqual(source["status"], "open")  # the request goes on (Code 1.5)
        self.error(f"/cases/{complaint['id']}/actions", {"action": "offer_complaint", "choice": "declined"},
                   409, "not-a-service-request", "")

    def test_letters_sent_subject_access_and_retention(self):
        ref = "R-OLD"
        path = f"/people/{ref}/restrictions"
        out = self.restrict(ref)
        warning_letter = out["warnings"][0]["letter"]["number"]
        restriction_letter = out["restrictions"][0]["letter"]["number"]
        self.assertIsNone(out["restrictions"][0]["letter"]["sent_on"])
        sent = {"action": "letter_sent", "letter": warning_letter, "channel": "post",
                "sent_on": "2025-05-02"}
        self.error(path, {**sent, "channel": "portal"}, 422, "enum", "channel")
        self.error(path, {**sent, "sent_on": "2025-04-30"}, 422, "before-previous-event",
                   "sent_on")
        self.error(path, {**sent, "letter": 99}, 409, "unknown-letter", "letter")
        out = self.post(path, sent, 201)
        self.assertEqual(out["warnings"][0]["letter"],
                         {"number": warning_letter, "sent_on": "2025-05-02", "channel": "post"})
        self.error(path, sent, 409, "already-sent", "letter")
        out = self.post(path, {"action": "letter_sent", "letter": restriction_letter,
                               "channel": "email", "sent_on": "2025-05-21"}, 201)
        self.assertEqual(out["restrictions"][0]["letter"]["channel"], "email")

        # The person's only case finished long ago.
        status, case = self.server.request("POST", API + "/cases", {
            "kind": "complaint", "received_at": "2015-06-01T09:00:00Z", "channel": "phone",
            "summary": "Old complaint", "person": {"name": "Ada Resident", "account": ref}})
        self.assertEqual(status, 201, case)
        self.post(f"/cases/{case['id']}/actions",
                  {"action": "withdraw", "at": "2015-06-02T09:00:00Z"}, 200)

        # Subject access includes the person's stream: restrictions, letters, every event.
        status, doc = self.server.request("GET", f"{API}/people/{ref}/subject-access")
        self.assertEqual(status, 200, doc)
        held = doc["restrictions"]
        self.assertEqual(held["restrictions"][0]["behaviour"],
                         "Abusive calls continued after the warning")
        self.assertEqual([e["type"] for e in held["events"]],
                         ["contact_warning_given", "restriction_imposed", "person_letter_sent",
                          "person_letter_sent"])

        # Retention anonymises the case, and with the person's last case their stream; a person
        # with an old finished case and a current one keeps theirs.
        self.restrict("R-HELD")
        self.case("R-HELD")
        status, held_old = self.server.request("POST", API + "/cases", {
            "kind": "complaint", "received_at": "2015-06-01T09:00:00Z", "channel": "phone",
            "summary": "Old complaint", "person": {"name": "Ada Resident", "account": "R-HELD"}})
        self.assertEqual(status, 201, held_old)
        self.post(f"/cases/{held_old['id']}/actions",
                  {"action": "withdraw", "at": "2015-06-02T09:00:00Z"}, 200)
        out = subprocess.run([harness.CHARTER, "retention", "--db", self.db, "--landlord",
                              "demo", "--years", "6"], capture_output=True, text=True,
                             timeout=300)
        self.assertEqual(out.returncode, 0, out.stderr)
        status, doc = self.server.request("GET", f"{API}/people/{ref}/subject-access")
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["cases"], [])
        events = doc["restrictions"]["events"]
        self.assertEqual(len(events), 5)
        self.assertEqual(events[-1]["type"], "anonymised")
        self.assertNotIn("Abusive calls", str(events))
        self.assertNotIn("Shouted", str(events))
        # A person with a case still held keeps theirs.
        status, kept = self.server.request("GET", f"{API}/people/R-HELD/restrictions")
        self.assertEqual(status, 200, kept)
        self.assertEqual(kept["restrictions"][0]["behaviour"],
                         "Abusive calls continued after the warning")


harness.on_both(Restrictions, globals())


if __name__ == "__main__":
    harness.run(__name__)
