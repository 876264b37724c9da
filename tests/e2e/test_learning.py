"""End to end: learning actions and the Ombudsman over HTTP, against a real `charter serve`
and a real SQLite file.

Usage: python3 tests/e2e/test_learning.py path/to/charter

A complaint goes through both stages; learning actions are recorded and completed, the
Ombudsman's referral, determination and orders recorded, each with its bad input (422 naming
the field) and its out-of-order step (409 naming the rule). Then the quarterly action plan,
the public "you said, we did" list (no sign-in, no personal data) and the annual report's
figures must match. Python standard library only.
"""
import datetime
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
RESIDENT = "Yvonne Quartermaine"


class LearningApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls.tmp.name, "charter.db")
        cls.server = harness.Server(cls.db).start()
        cls.governance = harness.api_token(cls.db, role="governance", name="board")
        cls.case = cls.complaint("2025-06-02T09:00:00Z")
        cid = cls.case["id"]
        for body in [
            {"action": "acknowledge", "at": "2025-06-02T11:00:00Z", "definition": "Damp",
             "handler": "Officer One"},
            {"action": "respond", "at": "2025-06-06T10:00:00Z", "decision": "not_upheld",
             "elements": [{"summary": "Damp", "finding": "not_upheld", "reasons": "Dry"}]},
            {"action": "request_escalation", "at": "2025-06-09T10:00:00Z"},
            {"action": "acknowledge", "at": "2025-06-10T10:00:00Z", "definition": "Review",
             "handler": "Reviewer Two"},
            {"action": "respond", "at": "2025-06-17T10:00:00Z", "decision": "upheld",
             "elements": [{"summary": "Damp", "finding": "overturned", "reasons": "Wet"}],
             "remedies": [{"type": "apology", "description": "We are sorry"}]},
        ]:
            # Stage 2 (after the escalation) by another account (Code 6.13).
            actor = {"X-Charter-Actor": "reviewer.two"} if body["at"] >= "2025-06-10" else None
            status, out = cls.server.request("POST", f"{API}/cases/{cid}/actions", body, actor)
            assert status == 200, out

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    @classmethod
    def complaint(cls, received, kind="complaint"):
        status, case = cls.server.request("POST", API + "/cases", {
            "kind": kind, "received_at": received, "channel": "email",
            "summary": "Damp in the bedroom", "person": {"name": RESIDENT},
            "service_area": "Repairs"})
        assert status == 201, case
        return case

    def act(self, body, status=200, cid=None, token=None):
        headers = {"Authorization": f"Bearer {token}"} if token else None
        got, out = self.server.request("POST", f"{API}/cases/{cid or self.case['id']}/actions",
                                       body, headers=headers)
        self.assertEqual(got, status, out)
        return out

    def error(self, body, status, rule, field=None, cid=None):
        out = self.act(body, status, cid)
        self.assertEqual(out["error"]["rule"], rule, out)
        if field is not None:
            self.assertEqual(out["error"]["field"], field, out)
        self.assertTrue(out["error"]["message"])

    def test_1_learning_actions(self):
        base = {"action": "learning_action", "at": "2025-06-20T10:00:00Z",
                "lesson": "Damp reports closed without a survey", "owner": "Head of Repairs",
                "due": "2025-07-31", "you_said": "Damp came back because nobody found the cause"}
        self.error({**base, "owner": None}, 422, "required", "owner")
        self.error({**base, "due": "2025-06-01"}, 422, "not-later", "due")
        self.error({**base, "due": "31/07/2025"}, 422, "format", "due")
        self.error({**base, "lesson": "x" * 10001}, 422, "too-long", "lesson")
        self.error({**base, "owner_name": "x"}, 422, "unknown", "owner_name")
        sr = self.complaint("2025-06-02T09:00:00Z", kind="service_request")
        self.error(base, 409, "not-a-complaint", cid=sr["id"])
        # Allowed on the closed complaint, whatever its finding; the service area defaults to
        # the case's.
        case = self.act(base)
        case = self.act({**base, "lesson": "Surveys not booked", "due": "2025-06-30",
                         "you_said": None})
        clocks = {c["name"]: c for c in case["clocks"]}
        self.assertEqual(clocks["learning.1"]["due"], "2025-07-31")
        self.assertEqual(clocks["learning.2"]["status"], "missed")  # today is long after June

        done = {"action": "complete_learning_action", "at": "2025-07-15T10:00:00Z",
                "learning_action": 2, "improvement": "Surveys booked on the first call",
                "publish": True}
        self.error(done, 422, "required", "you_said")  # nothing to publish in public words
        self.error({**done, "learning_action": 9}, 409, "unknown-learning-action",
                   "learning_action")
        self.error({**done, "learning_action": "two"}, 422, "type", "learning_action")
        self.error({**done, "completed_on": "2025-06-01", "learning_action": 1}, 422,
                   "before-previous-event", "completed_on")
        case = self.act({**done, "learning_action": 1,
                         "improvement": "Every damp report now gets a survey of the cause"})
        self.error({**done, "learning_action": 1}, 409, "already-completed", "learning_action")
        clocks = {c["name"]: c for c in case["clocks"]}
        self.assertEqual(clocks["learning.1"]["status"], "met")
        # Governance only reads.
        self.act({**base, "at": "2025-07-16T10:00:00Z"}, 403, token=self.governance)

    def test_2_ombudsman(self):
        # A complaint received just now, still inside the landlord's process: no referral yet
        # (the steps below take "now" as their time).
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        early = self.complaint(now.isoformat().replace("+00:00", "Z"))
        refer = {"action": "ombudsman_referral", "reference": "HOS-202601"}
        self.error(refer, 409, "internal-process-not-complete", cid=early["id"])
        self.error({"action": "ombudsman_determination", "outcome": "maladministration"}, 409,
                   "no-referral", cid=early["id"])
        self.error({"action": "ombudsman_order", "at": "2025-07-01T10:00:00Z",
                    "order": "Pay", "due": "2025-08-01"}, 409, "no-determination")
        self.error({**refer, "at": "2025-07-01T10:00:00Z", "reference": None}, 422, "required",
                   "reference")
        self.act({**refer, "at": "2025-07-01T10:00:00Z"})
        self.error({**refer, "at": "2025-07-02T10:00:00Z"}, 409, "already-referred")
        det = {"action": "ombudsman_determination", "at": "2025-09-01T10:00:00Z",
               "outcome": "maladministraton"}
        self.error(det, 422, "enum", "outcome")
        self.error({**det, "outcome": "maladministration", "compensation": "lots"}, 422, "type",
                   "compensation")
        self.act({**det, "outcome": "maladministration", "compensation": 300,
                  "findings": [{"summary": "Damp", "outcome": "maladministration"}]})
        order = {"action": "ombudsman_order", "at": "2025-09-01T11:00:00Z",
                 "order": "Apologise and pay the compensation", "due": "2025-09-29"}
        self.act(order)
        self.act({**order, "order": "Review damp cases", "due": "2025-10-27"})
        comply = {"action": "complete_ombudsman_order", "at": "2025-09-20T10:00:00Z", "order": 1}
        case = self.act(comply)
        self.error(comply, 409, "already-completed", "order")
        self.error({**comply, "order": 5}, 409, "unknown-order", "order")
        clocks = {c["name"]: c for c in case["clocks"]}
        self.assertEqual(clocks["ombudsman.order.1"]["status"], "met")
        self.assertEqual(clocks["ombudsman.order.2"]["status"], "missed")

    def test_3_action_plan(self):
        status, out = self.server.request("GET", f"{API}/learning-actions?period=2025-26")
        self.assertEqual(status, 200, out)
        self.assertEqual([q["quarter"] for q in out["quarters"]],
                         ["2025-26-Q1", "2025-26-Q2", "2025-26-Q3", "2025-26-Q4"])
        q1 = out["quarters"][0]["service_areas"]
        self.assertEqual([a["service_area"] for a in q1], ["Repairs"])
        # Due on the quarter's last day and not done: still open at its end.
        self.assertEqual([(a["number"], a["status"]) for a in q1[0]["actions"]], [(2, "open")])
        q2 = out["quarters"][1]["service_areas"][0]["actions"]
        self.assertEqual(sorted((a["number"], a["status"], a["carried_over"]) for a in q2),
                         [(1, "completed", False), (2, "overdue", True)])
        status, out = self.server.request(
            "GET", f"{API}/learning-actions?period=2025-26-Q1&service_area=Estates")
        self.assertEqual(status, 200, out)
        self.assertEqual(out["quarters"][0]["service_areas"], [])
        for query, field, rule in [("", "period", "required"), ("?period=2025", "period", None),
                                   ("?period=2025-26&colour=red", "colour", "unknown-parameter")]:
            status, out = self.server.request("GET", f"{API}/learning-actions{query}")
            self.assertEqual(status, 422, out)
            self.assertEqual(out["error"]["field"], field)
            if rule:
                self.assertEqual(out["error"]["rule"], rule)
        status, _ = self.server.request("GET", f"{API}/learning-actions?period=2025-26",
                                        headers={"Authorization": "Bearer nope"})
        self.assertEqual(status, 401)
        status, _ = self.server.request("GET", f"{API}/learning-actions?period=2025-26",
                                        headers={"Authorization": f"Bearer {self.governance}"})
        self.assertEqual(status, 200)

    def test_4_public_list_has_no_personal_data(self):
        status, out = self.server.request("GET", f"{API}/public/you-said-we-did",
                                          headers={"Authorization": "none"})
        self.assertEqual(status, 200, out)
        self.assertEqual(len(out["items"]), 1)
        item = out["items"][0]
        self.assertEqual(set(item), {"service_area", "you_said", "we_did", "month"})
        self.assertEqual(item["we_did"], "Every damp report now gets a survey of the cause")
        self.assertEqual(item["month"], "2025-07")
        raw = json.dumps(out)
        for private in (RESIDENT, self.case["reference"], "Head of Repairs"):
            self.assertNotIn(private, raw)

    def test_5_annual_report(self):
        status, out = self.server.request("GET", f"{API}/reports/annual?period=2025-26")
        self.assertEqual(status, 200, out)
        self.assertEqual(out["learning"]["raised"], 2)
        self.assertEqual(out["learning"]["completed"], 1)
        self.assertEqual(out["learning"]["overdue"], 1)
        self.assertEqual(out["learning"]["published"], 1)
        om = out["ombudsman"]
        self.assertEqual(om["referrals"], 1)
        self.assertEqual(om["determinations"], 1)
        self.assertEqual({b["key"]: b["count"] for b in om["by_outcome"]}["maladministration"], 1)
        self.assertEqual(om["orders_made"], 2)
        self.assertEqual(om["orders_due"], 2)
        self.assertEqual(om["orders_on_time"], 1)
        self.assertEqual(om["compensation"], 300)
        rows = {r["provision"]: r for r in out["self_assessment"]}
        # One row per "must" of the Code (app/code_provisions.cc), evidence from the figures.
        self.assertIn("findings against the landlord in the year: 1", rows["8.1"]["evidence"])
        self.assertIn("1 Ombudsman referrals and 1 determinations", rows["9.7"]["evidence"])
        self.assertIn("2 learning actions raised", rows["9.1"]["evidence"])


class ServiceAreasFromThePolicy(unittest.TestCase):
    """With a policy that lists its service areas (policies/example-000-001.toml), a case, a
    converted complaint, a learning action and the action plan's filter take only those:
    anything else is 422 {field: service_area, rule: enum}. The same on PostgreSQL."""
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "areas")
        policy = os.path.join(harness.SOURCE_DIR, "policies", "example-000-001.toml")
        cls.server = harness.Server(cls.db, "--policy", policy).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def new_case(self, kind, area, status):
        got, out = self.server.request("POST", API + "/cases", {
            "kind": kind, "received_at": "2025-06-02T09:00:00Z", "channel": "email",
            "summary": "Damp in the bedroom", "person": {"name": RESIDENT},
            "service_area": area})
        self.assertEqual(got, status, out)
        return out

    def assert_enum(self, out):
        self.assertEqual(out["error"]["field"], "service_area", out)
        self.assertEqual(out["error"]["rule"], "enum", out)

    def test_cases_take_only_the_policys_areas(self):
        for kind in ("complaint", "service_request", "enquiry"):
            for area in ("Not a service area", "repairs", '=HYPERLINK("http://x","y")'):
                self.assert_enum(self.new_case(kind, area, 422))
        self.new_case("complaint", "Repairs", 201)

    def test_conversion_and_learning_actions_take_only_the_policys_areas(self):
        request = self.new_case("service_request", "Repairs", 201)
        got, out = self.server.request("POST", f"{API}/cases/{request['id']}/actions", {
            "action": "convert_to_complaint", "at": "2025-06-03T09:00:00Z",
            "summary": "Still damp", "service_area": "Nowhere"})
        self.assertEqual(got, 422, out)
        self.assert_enum(out)
        case = self.new_case("complaint", "Repairs", 201)
        base = {"action": "learning_action", "at": "2025-06-20T10:00:00Z",
                "lesson": "Damp reports closed without a survey", "owner": "Head of Repairs",
                "due": "2025-07-31"}
        got, out = self.server.request("POST", f"{API}/cases/{case['id']}/actions",
                                       {**base, "service_area": "Nowhere"})
        self.assertEqual(got, 422, out)
        self.assert_enum(out)
        got, out = self.server.request("POST", f"{API}/cases/{case['id']}/actions",
                                       {**base, "service_area": "Tenancy management"})
        self.assertEqual(got, 200, out)
        got, out = self.server.request("GET", f"{API}/learning-actions?period=2025-26"
                                              "&service_area=Nowhere")
        self.assertEqual(got, 422, out)
        self.assert_enum(out)


harness.on_both(ServiceAreasFromThePolicy, globals())


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
