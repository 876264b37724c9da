"""End to end: anti-social behaviour reports by level over HTTP on SQLite and PostgreSQL, with
policies/example-003.toml (level1: first contact within 24 hours, action plan within 5 working
days; level2: 3 and 10 working days; level3: 5 and 20).

Usage: python3 tests/e2e/test_asb.py path/to/charter

A report's `category` is its level (422 enum naming `category` for one the policy does not
define, 422 required when missing); `party_ref` and `hate_incident` are recorded at receipt
(422 asb-report-only on other kinds). The level's clocks run and stop on contact_reporter and
agree_action_plan; steps in the wrong order are 409 with the reason; the close takes the outcome
and the reporter's satisfaction. NM01 is counted from the cases: a second report about the same
party while its case is open is not a new case. Python standard library only.
"""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
POLICY = os.path.join(harness.SOURCE_DIR, "policies", "example-003.toml")


class Asb(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "asb")
        cls.server = harness.Server(cls.db, "--policy", POLICY).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def create(self, received, status=201, **fields):
        body = {"kind": "asb_report", "received_at": received, "channel": "phone",
                "summary": "Threats on the stairs", "person": {"name": "Ada Resident"}}
        body.update(fields)
        got, case = self.server.request("POST", API + "/cases", body)
        self.assertEqual(got, status, case)
        return case

    def act(self, cid, body, status=200):
        got, out = self.server.request("POST", f"{API}/cases/{cid}/actions", body)
        self.assertEqual(got, status, out)
        return out

    def error(self, out, rule, field):
        self.assertEqual(out["error"]["rule"], rule, out)
        self.assertEqual(out["error"].get("field", ""), field, out)

    def clock(self, case, name):
        for c in case["clocks"]:
            if c["name"] == name:
                return c
        self.fail(f"no clock {name} in {[c['name'] for c in case['clocks']]}")

    def test_the_level_is_required_and_one_of_the_policys(self):
        self.error(self.create("2025-03-24T10:00:00Z", 422, category="level9"), "enum", "category")
        self.error(self.create("2025-03-24T10:00:00Z", 422), "required", "category")
        got, out = self.server.request("POST", API + "/cases", {
            "kind": "complaint", "received_at": "2025-03-24T10:00:00Z", "channel": "phone",
            "summary": "Noise", "party_ref": "FLAT-3"})
        self.assertEqual(got, 422, out)
        self.error(out, "asb-report-only", "party_ref")

    def test_level_one_clocks_stop_on_contact_and_plan(self):
        # Friday 21 March 2025 at 17:30: contact due at 17:30 on Saturday (24 hours); the plan
        # 5 working days from day zero, Monday 24 March (after office hours), so Monday 31 March.
        case = self.create("2025-03-21T17:30:00Z", category="level1", party_ref="FLAT-12",
                           hate_incident=True)
        self.assertEqual(self.clock(case, "asb.contact.level1")["due_at"], "2025-03-22T17:30:00Z")
        self.assertEqual(self.clock(case, "asb.plan.level1")["due"], "2025-03-31")
        self.assertEqual(case["asb"]["level"], "level1")
        self.assertTrue(case["asb"]["hate_incident"])
        cid = case["id"]
        contacted = self.act(cid, {"action": "contact_reporter", "at": "2025-03-22T09:00:00Z"})
        self.assertEqual(self.clock(contacted, "asb.contact.level1")["status"], "met")
        planned = self.act(cid, {"action": "agree_action_plan", "at": "2025-03-27T10:00:00Z",
                                 "plan": "Warning letter; diary sheets", "review_on": "2025-04-10"})
        self.assertEqual(self.clock(planned, "asb.plan.level1")["status"], "met")
        self.assertEqual(planned["asb"]["next_review_on"], "2025-04-10")

    def test_steps_in_the_wrong_order_are_409_with_the_reason(self):
        cid = self.create("2025-03-24T10:00:00Z", category="level2")["id"]
        self.error(self.act(cid, {"action": "review_action_plan", "notes": "No change",
                                  "at": "2025-03-24T11:00:00Z"}, 409), "no-action-plan", "")
        out = self.act(cid, {"action": "agree_action_plan", "plan": "Visit",
                             "review_on": "2025-04-07", "at": "2025-03-24T11:00:00Z"}, 409)
        self.error(out, "not-contacted", "")
        self.assertIn("first contact", out["error"]["message"])
        self.act(cid, {"action": "contact_reporter", "at": "2025-03-24T12:00:00Z"})
        self.error(self.act(cid, {"action": "contact_reporter", "at": "2025-03-24T13:00:00Z"}, 409),
                   "already-contacted", "")
        self.error(self.act(cid, {"action": "close", "satisfaction": "satisfied",
                                  "at": "2025-03-25T10:00:00Z"}, 422), "required", "outcome")
        closed = self.act(cid, {"action": "close", "outcome": "resolved",
                                "satisfaction": "dissatisfied", "at": "2025-03-25T10:00:00Z"})
        self.assertEqual(closed["status"], "closed")
        self.assertEqual(closed["asb"]["satisfaction"], "dissatisfied")
        # Closed after first contact without a plan (resolved then): the plan clock no longer
        # runs, so it is not counted as missed.
        self.assertNotIn("asb.plan.level2", [c["name"] for c in closed["clocks"]])

    def test_nm01_is_counted_from_the_cases(self):
        # Two reports about one household while its case is open are one case; a third about
        # another household is another. One of them is a hate incident.
        self.create("2024-06-03T10:00:00Z", category="level3", party_ref="HH-9")
        self.create("2024-06-10T10:00:00Z", category="level1", party_ref="HH-9",
                    hate_incident=True)
        self.create("2024-06-12T10:00:00Z", category="level3", party_ref="HH-10")
        got, ms = self.server.request("GET", f"{API}/measures?period=2024-06")
        self.assertEqual(got, 200, ms)
        by = {m["code"]: m for m in ms if m.get("tenure", "") in ("", None)}
        self.assertEqual(by["NM01-1"]["numerator"], 2, by["NM01-1"])
        self.assertEqual(by["NM01-2"]["numerator"], 1, by["NM01-2"])


harness.on_both(Asb, globals())

if __name__ == "__main__":
    harness.run(__name__)
