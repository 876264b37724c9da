"""End to end: what a response promises, followed through over HTTP, on SQLite and PostgreSQL.

Usage: python3 tests/e2e/test_follow_through.py path/to/charter

An upheld response must carry a remedy (Code 7.1); each outstanding action and dated remedy is a
clock (action.N, remedy.N) completed through the API, after closure too (Code 6.6, 7.3), with
its 409s and 422s; a stage 2 award restating stage 1's is counted once in the annual report;
the 12-month refusal is refused on a recorded issue date (Code 2.3); a complaint closed early
needs a ground (001 §4.12) and can still be escalated. Python standard library only.
"""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"


def clock(case, name):
    for c in case["clocks"]:
        if c["name"] == name:
            return c
    raise AssertionError(f"no clock {name} in {[c['name'] for c in case['clocks']]}")


class FollowThrough(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "follow")
        cls.server = harness.Server(cls.db).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def complaint(self, received, **extra):
        status, case = self.server.request("POST", API + "/cases", {
            "kind": "complaint", "received_at": received, "channel": "email",
            "summary": "Boiler broken", "person": {"name": "Ada Resident"}, **extra})
        self.assertEqual(status, 201, case)
        return case["id"]

    def act(self, cid, body, status=200, actor=None):
        headers = {"X-Charter-Actor": actor} if actor else None
        got, out = self.server.request("POST", f"{API}/cases/{cid}/actions", body, headers)
        self.assertEqual(got, status, out)
        return out

    def error(self, cid, body, status, rule, field):
        out = self.act(cid, body, status)
        self.assertEqual(out["error"]["rule"], rule, out)
        self.assertEqual(out["error"]["field"], field, out)

    def answered(self):
        cid = self.complaint("2025-06-02T09:00:00Z")
        self.act(cid, {"action": "acknowledge", "at": "2025-06-02T11:00:00Z",
                       "definition": "Boiler", "handler": "Officer One"})
        respond = {"action": "respond", "at": "2025-06-06T10:00:00Z", "decision": "upheld",
                   "elements": [{"summary": "Boiler repair", "finding": "upheld", "reasons": "Late"}]}
        self.error(cid, respond, 422, "required", "remedies")
        respond["remedies"] = [
            {"type": "apology", "description": "We are sorry"},
            {"type": "financial", "description": "For the cold weeks", "amount": 150,
             "due": "2025-06-20", "element": 1}]
        respond["outstanding_actions"] = [
            {"description": "Replace the boiler", "due": "2025-06-27", "owner": "Repairs"}]
        case = self.act(cid, respond)
        self.assertEqual([r["number"] for r in case["stage1"]["remedies"]], [1, 2])
        self.assertEqual(case["stage1"]["remedies"][1]["element_summary"], "Boiler repair")
        self.assertEqual(case["stage1"]["outstanding_actions"][0]["number"], 1)
        self.assertEqual(clock(case, "action.1")["due"], "2025-06-27")
        self.assertEqual(clock(case, "remedy.2")["due"], "2025-06-20")
        return cid

    def test_promises_are_completed_after_closure(self):
        cid = self.answered()
        self.act(cid, {"action": "close", "at": "2025-06-09T10:00:00Z"})
        done = {"action": "complete_outstanding_action", "at": "2025-06-26T10:00:00Z",
                "number": 1, "completed_on": "2025-06-25", "evidence": "Job sheet 4471"}
        self.error(cid, {**done, "number": 2}, 409, "unknown-outstanding-action", "number")
        self.error(cid, {**done, "number": "one"}, 422, "type", "number")
        self.error(cid, {**done, "completed_on": "2025-06-27"}, 422, "future", "completed_on")
        self.error(cid, {**done, "completed_on": "25/06/2025"}, 422, "format", "completed_on")
        self.error(cid, {k: v for k, v in done.items() if k != "evidence"}, 422, "required",
                   "evidence")
        case = self.act(cid, done)
        self.assertEqual(case["status"], "closed")
        self.assertEqual(clock(case, "action.1")["status"], "met")
        self.assertEqual(case["stage1"]["outstanding_actions"][0]["completed_on"], "2025-06-25")
        self.error(cid, done, 409, "already-completed", "number")

        paid = {"action": "complete_remedy", "at": "2025-06-26T10:00:00Z", "number": 2,
                "completed_on": "2025-06-24", "paid_on": "2025-06-23", "evidence": "BACS 99812"}
        self.error(cid, {**paid, "number": 3}, 409, "unknown-remedy", "number")
        self.error(cid, {**paid, "number": 1}, 422, "financial-only", "paid_on")
        case = self.act(cid, paid)
        remedy = case["stage1"]["remedies"][1]
        self.assertEqual((remedy["completed_on"], remedy["paid_on"]), ("2025-06-24", "2025-06-23"))
        self.assertEqual(clock(case, "remedy.2")["status"], "missed")  # due 20 June
        self.error(cid, paid, 409, "already-completed", "number")

    def compensation(self):
        status, out = self.server.request("GET", f"{API}/reports/annual?period=2025-26")
        self.assertEqual(status, 200, out)
        return out["outcomes"]["compensation"]

    def test_stage_two_award_replaces_stage_one_in_the_annual_report(self):
        cid = self.answered()  # stage 1: 150 for "Boiler repair"
        before = self.compensation()
        self.act(cid, {"action": "request_escalation", "at": "2025-06-10T09:00:00Z"})
        # Stage 2 by another account (Code 6.13).
        self.act(cid, {"action": "acknowledge", "at": "2025-06-10T11:00:00Z",
                       "definition": "Review", "handler": "Reviewer Two"}, actor="reviewer.two")
        case = self.act(cid, {
            "action": "respond", "at": "2025-06-20T10:00:00Z", "decision": "upheld",
            "elements": [{"summary": "boiler  repair", "finding": "upheld", "reasons": "Agreed"}],
            "remedies": [
                {"type": "financial", "description": "Revised award", "amount": 250, "element": 1},
                {"type": "financial", "description": "Time and trouble", "amount": 50,
                 "additional": True}]}, actor="reviewer.two")
        self.assertTrue(case["stage1"]["remedies"][1]["superseded"])
        self.assertEqual([r["number"] for r in case["stage2"]["remedies"]], [3, 4])
        # 250 replaces the 150 of stage 1 and 50 adds to it: 300 in all, not 450.
        self.assertEqual(self.compensation() - before, 300 - 150)

    def test_twelve_month_refusal_on_a_recorded_issue_date(self):
        cid = self.complaint("2025-04-09T10:00:00+01:00", issue_date="2024-04-10")
        refusal = {"action": "refuse", "at": "2025-04-10T10:00:00+01:00",
                   "reason": "over-12-months", "evidence": "Resident says it began long ago",
                   "discretion_considered": "No good reason for the delay"}
        self.error(cid, refusal, 409, "code-2.3", "reason")
        late = self.complaint("2025-04-11T10:00:00+01:00", issue_date="2024-04-10")
        self.act(late, {**refusal, "at": "2025-04-14T10:00:00+01:00"})

    def test_closing_early_needs_a_ground_and_the_resident_may_still_escalate(self):
        cid = self.complaint("2025-07-01T09:00:00Z")
        close = {"action": "close", "at": "2025-07-02T10:00:00Z", "reason": "Resolved by phone"}
        self.error(cid, close, 422, "required", "ground")
        self.error(cid, {**close, "ground": "no_contact", "evidence": "Two calls"}, 409,
                   "policy-4.12", "ground")
        case = self.act(cid, {**close, "ground": "resolution_agreed",
                              "evidence": "Agreed the repair on 4 July settles it"})
        self.assertEqual(case["status"], "closed")
        self.assertIn("stage1.acknowledge", [c["name"] for c in case["clocks"]])
        case = self.act(cid, {"action": "request_escalation", "at": "2025-07-10T09:00:00Z"})
        self.assertEqual((case["stage"], case["status"]), (2, "open"))


harness.on_both(FollowThrough, globals())


if __name__ == "__main__":
    harness.run(__name__)
