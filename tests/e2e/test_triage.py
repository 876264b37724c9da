"""End to end: triage and owners, Code 6.13 by account, and the tenure of a converted complaint,
over HTTP on SQLite and PostgreSQL.

Usage: python3 tests/e2e/test_triage.py path/to/charter

Every new contact waits in the queue (GET /cases?unassigned=true) until it is assigned to an
active staff account; reassigning needs a reason; an unknown or empty owner is 422 on `owner`;
`?owner=` lists a person's cases; `charter rebuild` re-derives the owner. At stage 2 the account
(X-Charter-Actor for an API token) that acknowledged or responded at stage 1 may not acknowledge
or respond (409 code-6.13), whatever name is typed. A complaint raised from a service request
keeps the household's tenure, or takes the one the conversion states. Python standard library only.
"""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"


class Triage(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "triage")
        harness.add_user(cls.db, "ivy", "investigating_manager", name="Ivy Okonkwo")
        harness.add_user(cls.db, "ravi", "reviewing_manager", name="Ravi Chandran")
        harness.add_user(cls.db, "grace", "governance", name="Grace Adeyemi")
        cls.server = harness.Server(cls.db).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def create(self, kind="complaint", received="2025-06-02T09:00:00Z", **extra):
        status, case = self.server.request("POST", API + "/cases", {
            "kind": kind, "received_at": received, "channel": "phone",
            "summary": "Boiler broken", "person": {"name": "Ada Resident"}, **extra})
        self.assertEqual(status, 201, case)
        self.assertIsNone(case["owner"])
        return case["id"]

    def act(self, cid, body, status=200, actor=None):
        headers = {"X-Charter-Actor": actor} if actor else None
        got, out = self.server.request("POST", f"{API}/cases/{cid}/actions", body, headers)
        self.assertEqual(got, status, out)
        return out

    def error(self, cid, body, status, rule, field, actor=None):
        out = self.act(cid, body, status, actor)
        self.assertEqual(out["error"]["rule"], rule, out)
        self.assertEqual(out["error"].get("field", ""), field, out)
        return out

    def ids(self, query):
        status, page = self.server.request("GET", f"{API}/cases?{query}&limit=200")
        self.assertEqual(status, 200, page)
        return [c["id"] for c in page["cases"]]

    def test_every_kind_waits_unassigned_until_given_an_owner(self):
        enquiry = self.create("enquiry")
        complaint = self.create()
        closed = self.create("service_request")
        self.act(closed, {"action": "respond", "response": "Fixed"})
        self.act(closed, {"action": "close", "reason": "Done"})
        queue = self.ids("unassigned=true")
        self.assertIn(enquiry, queue)
        self.assertIn(complaint, queue)
        self.assertNotIn(closed, queue)  # a finished case waits for no one

        # Unknown, empty, or not an active staff account: 422 on owner.
        self.error(enquiry, {"action": "assign", "owner": "nobody"}, 422, "enum", "owner")
        self.error(enquiry, {"action": "assign", "owner": ""}, 422, "required", "owner")
        self.error(enquiry, {"action": "assign"}, 422, "required", "owner")
        self.error(enquiry, {"action": "assign", "owner": "grace"}, 422, "enum", "owner")
        self.error(enquiry, {"action": "assign", "owner": "ivy", "colour": "red"}, 422,
                   "unknown", "colour")
        # A finished case is not assigned.
        self.error(closed, {"action": "assign", "owner": "ivy"}, 409, "case-finished", "")

        case = self.act(enquiry, {"action": "assign", "owner": " IVY "}, actor="cass")
        self.assertEqual(case["owner"], "ivy")
        self.assertEqual(case["events"][-1]["type"], "assigned")
        self.assertEqual(case["events"][-1]["actor"], "cass")
        self.assertIsNone(case["events"][-1]["data"]["previous_owner"])
        self.assertNotIn(enquiry, self.ids("unassigned=true"))
        self.assertIn(enquiry, self.ids("owner=ivy"))

        # Reassigning is an event with who and why; the same owner again is 409.
        self.error(enquiry, {"action": "assign", "owner": "ravi"}, 422, "required", "reason")
        self.error(enquiry, {"action": "assign", "owner": "ivy", "reason": "again"}, 409,
                   "already-assigned", "owner")
        case = self.act(enquiry, {"action": "assign", "owner": "ravi",
                                  "reason": "Ravi knows the estate"}, actor="cass")
        self.assertEqual(case["owner"], "ravi")
        status, full = self.server.request("GET", f"{API}/cases/{enquiry}")
        self.assertEqual(status, 200, full)
        assigned = [e for e in full["events"] if e["type"] == "assigned"]
        self.assertEqual(len(assigned), 2)
        self.assertEqual(assigned[1]["actor"], "cass")
        self.assertEqual(assigned[1]["data"]["previous_owner"], "ivy")
        self.assertEqual(assigned[1]["data"]["reason"], "Ravi knows the estate")
        self.assertEqual(self.ids("owner=ravi"), [enquiry])
        self.assertNotIn(enquiry, self.ids("owner=ivy"))

        # The list parameters are checked.
        status, out = self.server.request("GET", f"{API}/cases?unassigned=maybe")
        self.assertEqual(status, 422, out)
        self.assertEqual(out["error"]["field"], "unassigned")
        status, out = self.server.request("GET", f"{API}/cases?owner=")
        self.assertEqual(status, 422, out)
        self.assertEqual(out["error"]["field"], "owner")

    def test_stage_2_by_another_account(self):
        cid = self.create(received="2025-06-02T09:00:00Z")
        case = self.act(cid, {"action": "acknowledge", "at": "2025-06-02T11:00:00Z",
                              "definition": "Boiler", "handler": "Ivy Okonkwo"}, actor="ivy")
        self.assertEqual(case["stage1"]["acknowledged_by"], "ivy")
        self.assertIsNone(case["stage1"]["responded_by"])
        case = self.act(cid, {"action": "respond", "at": "2025-06-06T10:00:00Z",
                              "decision": "not_upheld",
                              "elements": [{"summary": "Boiler", "finding": "not_upheld",
                                            "reasons": "Repaired on time"}]}, actor="sam")
        self.assertEqual(case["stage1"]["responded_by"], "sam")
        self.act(cid, {"action": "request_escalation", "at": "2025-06-10T09:00:00Z"})
        ack2 = {"action": "acknowledge", "at": "2025-06-10T11:00:00Z",
                "definition": "Review", "handler": "Service Director"}
        # A different name typed by the same account is still the same person (Code 6.13).
        out = self.error(cid, ack2, 409, "code-6.13", "", actor="ivy")
        self.assertIn("6.13", out["error"]["message"])
        self.error(cid, ack2, 409, "code-6.13", "", actor="sam")
        case = self.act(cid, ack2, actor="ravi")
        self.assertEqual(case["stage2"]["acknowledged_by"], "ravi")
        respond2 = {"action": "respond", "at": "2025-06-20T10:00:00Z", "decision": "not_upheld",
                    "elements": [{"summary": "Boiler", "finding": "upheld",
                                  "reasons": "Stage 1 was right"}]}
        self.error(cid, respond2, 409, "code-6.13", "", actor="sam")
        self.error(cid, respond2, 409, "code-6.13", "", actor="ivy")
        case = self.act(cid, respond2, actor="ravi")
        self.assertEqual(case["stage2"]["responded_by"], "ravi")
        self.assertEqual(case["status"], "closed")

    def test_a_converted_complaint_keeps_the_tenure(self):
        sr = self.create("service_request", tenure="shared_ownership")
        complaint = self.act(sr, {"action": "convert_to_complaint",
                                  "at": "2025-06-05T09:00:00Z"}, status=201)
        self.assertEqual(complaint["kind"], "complaint")
        self.assertEqual(complaint["tenure"], "shared_ownership")
        self.assertIsNone(complaint["owner"])  # a new contact: in the queue
        self.assertIn(complaint["id"], self.ids("unassigned=true"))
        sr2 = self.create("service_request", tenure="shared_ownership")
        stated = self.act(sr2, {"action": "convert_to_complaint", "at": "2025-06-05T09:00:00Z",
                                "tenure": "leasehold"}, status=201)
        self.assertEqual(stated["tenure"], "leasehold")
        self.error(sr2, {"action": "convert_to_complaint", "at": "2025-06-05T10:00:00Z",
                         "tenure": "freehold"}, 422, "enum", "tenure")

    def test_rebuild_re_derives_the_owner(self):
        cid = self.create("mp_enquiry")
        self.act(cid, {"action": "assign", "owner": "ivy"})
        before = self.ids("owner=ivy")
        self.assertIn(cid, before)
        out = subprocess.run([harness.CHARTER, "rebuild", "--db", self.db], capture_output=True,
                             text=True, timeout=300)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(self.ids("owner=ivy"), before)
        self.assertNotIn(cid, self.ids("unassigned=true"))



class Teams(unittest.TestCase):
    """A team the policy lists ([[teams]]) may own cases: assign names it, ?owner= lists its
    cases, and My work shows each member the person's own cases and their team's, counting
    only their own in "You have N open cases"."""
    BACKEND = "sqlite"
    POLICY = (
        'id = "teams-e2e"\nname = "Teams"\nextends = "hos-code-2024"\n'
        '[[teams]]\nname = "complaints"\nmembers = ["ivy"]\n')

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "teams")
        policy = os.path.join(cls.tmp.name, "teams.toml")
        with open(policy, "w", encoding="utf-8") as f:
            f.write(cls.POLICY)
        harness.add_user(cls.db, "ivy", "investigating_manager", name="Ivy Okonkwo")
        harness.add_user(cls.db, "ravi", "reviewing_manager", name="Ravi Chandran")
        cls.server = harness.Server(cls.db, "--policy", policy).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def create(self, summary):
        status, case = self.server.request("POST", API + "/cases", {
            "kind": "complaint", "received_at": "2025-06-02T09:00:00Z", "channel": "phone",
            "summary": summary, "person": {"name": "Ada Resident"}})
        self.assertEqual(status, 201, case)
        return case["id"]

    def assign(self, cid, owner, status=200):
        got, out = self.server.request("POST", f"{API}/cases/{cid}/actions",
                                       {"action": "assign", "owner": owner})
        self.assertEqual(got, status, out)
        return out

    def test_a_team_owns_and_its_members_see_it(self):
        team_case = self.create("Team case: mould")
        own_case = self.create("Ivy's own case: boiler")
        other = self.create("Ravi's case: fence")
        self.assertEqual(self.assign(team_case, " Complaints ")["owner"], "complaints")
        self.assign(own_case, "ivy")
        self.assign(other, "ravi")
        out = self.assign(other, "repairs", 422)
        self.assertEqual((out["error"]["field"], out["error"]["rule"]), ("owner", "enum"))
        status, page = self.server.request("GET", f"{API}/cases?owner=complaints")
        self.assertEqual([c["id"] for c in page["cases"]], [team_case])

        cookie = harness.sign_in(self.server.port, "ivy", "e2e password 1234")
        status, _, body = harness.raw_request(self.server.port, "GET", "/staff",
                                              {"Cookie": cookie})
        self.assertEqual(status, 200)
        html = body.decode()
        self.assertIn("You have 1 open case.", html)
        self.assertIn('id="assigned-to-you">Assigned to you (1)', html)
        self.assertIn('id="assigned-to-team-complaints">Assigned to your team, complaints (1)',
                      html)
        self.assertIn("Team case: mould", html)
        self.assertNotIn("fence", html)
        # Received Mon 2 Jun 2025 and never acknowledged: the queue says the date is past.
        self.assertIn('govuk-tag--red">Overdue</strong> Mon 9 Jun 2025', html)
        # Ravi is in no team: no team section.
        cookie = harness.sign_in(self.server.port, "ravi", "e2e password 1234")
        _, _, body = harness.raw_request(self.server.port, "GET", "/staff", {"Cookie": cookie})
        self.assertNotIn("assigned-to-team", body.decode())


harness.on_both(Triage, globals())
harness.on_both(Teams, globals())

if __name__ == "__main__":
    harness.run(__name__)
