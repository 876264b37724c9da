"""End to end: repairs, call-backs and compliments over HTTP on SQLite and PostgreSQL, with
policies/example-003.toml (seed 003's service standards).

Usage: python3 tests/e2e/test_repairs.py path/to/charter

A service request's `category` is one of the policy's (422 enum otherwise, 422
service-request-only on another kind) and its repair clock applies: 24 hours from the report
for an emergency (an instant, due_at), 5 or 20 working days otherwise. Appointments are booked,
kept, missed or rearranged; a completed repair meets its clock if in time and may be
post-inspected. A contact not resolved at first contact runs the 1-working-day call-back clock.
A compliment names whom it praises and is shared. The measures (appointments kept, resolved at
first contact, repairs inspected, repairs in time by priority) and the breakdowns by contractor
and by person or team come from the stores' projections, and `charter rebuild` re-derives them.
Python standard library only.
"""
import os
import subprocess
import sys
import tempfile
import unittest
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
POLICY = os.path.join(harness.SOURCE_DIR, "policies", "example-003.toml")
PASSWORD = "e2e password 1234"


class Repairs(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "repairs")
        harness.add_user(cls.db, "casey", "front_line", PASSWORD, name="Casey Jones")
        harness.add_user(cls.db, "mo", "complaints_admin", PASSWORD, name="Mo Admin")
        cls.server = harness.Server(cls.db, "--policy", POLICY).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def create(self, kind="service_request", received="2025-07-01T09:00:00Z", status=201,
               **extra):
        got, case = self.server.request("POST", API + "/cases", {
            "kind": kind, "received_at": received, "channel": "phone",
            "summary": "No heating", "person": {"name": "Ada Resident"}, **extra})
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

    def measure(self, period, code):
        status, ms = self.server.request("GET", f"{API}/measures?period={period}")
        self.assertEqual(status, 200, ms)
        for m in ms:
            if m["code"] == code:
                return m
        self.fail(f"no measure {code}")

    def services(self, period):
        status, out = self.server.request("GET", f"{API}/reports/services?period={period}")
        self.assertEqual(status, 200, out)
        return out

    def test_category_is_the_policys_and_only_on_service_requests(self):
        self.error(self.create(category="cosmetic", status=422), "enum", "category")
        self.error(self.create("enquiry", category="urgent", status=422),
                   "service-request-only", "category")
        self.error(self.create(about="Repairs team", status=422), "compliment-only", "about")
        case = self.create(category="routine", received="2025-03-24T10:00:00Z")
        self.assertEqual(case["category"], "routine")
        names = [c["name"] for c in case["clocks"]]
        self.assertIn("repairs.routine", names)
        self.assertNotIn("repairs.urgent", names)
        # 20 working days from Monday 24 March 2025, Good Friday and Easter Monday skipped.
        self.assertEqual(self.clock(case, "repairs.routine")["due"], "2025-04-23")

    def test_emergency_is_an_instant_clock_met_by_completion_in_time(self):
        case = self.create(category="emergency", received="2025-08-01T17:30:00Z")
        clock = self.clock(case, "repairs.emergency")
        self.assertEqual(clock["due_at"], "2025-08-02T17:30:00Z")
        done = self.act(case["id"], {"action": "complete_repair", "at": "2025-08-02T11:00:00Z",
                                     "completed_at": "2025-08-02T10:00:00Z"})
        self.assertEqual(self.clock(done, "repairs.emergency")["status"], "met")
        self.assertEqual(done["repair"]["completed_at"], "2025-08-02T10:00:00Z")
        self.error(self.act(case["id"], {"action": "complete_repair"}, 409),
                   "already-completed", "")

    def test_appointments_and_the_repair_measures(self):
        acme = self.create(category="routine")["id"]
        self.error(self.act(acme, {"action": "book_appointment", "date": "2025-07-04",
                                   "slot": "noon"}, 422), "enum", "slot")
        self.act(acme, {"action": "book_appointment", "at": "2025-07-01T10:00:00Z",
                        "date": "2025-07-03", "slot": "am", "contractor": "Acme Repairs"})
        self.error(self.act(acme, {"action": "book_appointment", "at": "2025-07-01T10:05:00Z",
                                   "date": "2025-07-04", "slot": "pm"}, 409),
                   "appointment-booked", "")
        self.act(acme, {"action": "appointment_missed", "at": "2025-07-03T16:00:00Z",
                        "reason": "No access"})
        self.error(self.act(acme, {"action": "appointment_kept", "at": "2025-07-03T16:05:00Z"},
                            409), "no-appointment", "")
        self.act(acme, {"action": "book_appointment", "at": "2025-07-03T16:10:00Z",
                        "date": "2025-07-08", "slot": "pm", "contractor": "Acme Repairs"})
        self.act(acme, {"action": "appointment_kept", "at": "2025-07-08T15:00:00Z"})
        done = self.act(acme, {"action": "complete_repair", "at": "2025-07-08T15:30:00Z"})
        self.assertEqual([a["outcome"] for a in done["repair"]["appointments"]],
                         ["missed", "kept"])
        self.assertEqual(self.clock(done, "repairs.routine")["status"], "met")
        inspected = self.act(acme, {"action": "post_inspect", "at": "2025-07-09T10:00:00Z",
                                    "outcome": "pass", "notes": "Good job"})
        self.assertEqual(inspected["repair"]["inspection"]["outcome"], "pass")

        bolt = self.create(category="urgent")["id"]
        self.error(self.act(bolt, {"action": "post_inspect", "outcome": "pass"}, 409),
                   "not-completed", "")
        self.act(bolt, {"action": "book_appointment", "at": "2025-07-01T10:00:00Z",
                        "date": "2025-07-10", "slot": "all_day", "contractor": "Bolt Ltd"})
        self.act(bolt, {"action": "appointment_kept", "at": "2025-07-10T14:00:00Z"})
        late = self.act(bolt, {"action": "complete_repair", "at": "2025-07-10T15:00:00Z"})
        # 5 working days from Tuesday 1 July is Tuesday 8 July.
        self.assertEqual(self.clock(late, "repairs.urgent")["status"], "missed")

        self.assertEqual(self.measure("2025-07", "appointments.kept")["value"], 66.7)
        self.assertEqual(self.measure("2025-07", "repairs.inspected")["value"], 50.0)
        self.assertEqual(self.measure("2025-07", "repairs.urgent")["value"], 0.0)
        out = self.services("2025-07")
        by = {r["key"]: r for r in out["repairs_by_contractor"]}
        self.assertEqual((by["Acme Repairs"]["completed"], by["Acme Repairs"]["in_time"]), (1, 1))
        self.assertEqual((by["Bolt Ltd"]["completed"], by["Bolt Ltd"]["in_time"]), (1, 0))
        cat = {r["key"]: r for r in out["repairs_by_category"]}
        self.assertEqual(cat["urgent"]["percent"], 0.0)
        self.assertEqual(cat["routine"]["percent"], 100.0)

        # The projections are re-derived from the events.
        rebuilt = subprocess.run([harness.CHARTER, "rebuild", "--db", self.db, "--policy", POLICY],
                                 capture_output=True, text=True, timeout=300)
        self.assertEqual(rebuilt.returncode, 0, rebuilt.stderr)
        self.assertEqual(self.services("2025-07"), out)

    def test_call_back_runs_only_when_not_resolved_at_first_contact(self):
        open_ = self.create("enquiry", received="2025-09-01T10:00:00Z",
                            resolved_at_first_contact=False)
        self.assertFalse(open_["resolved_at_first_contact"])
        self.assertEqual(self.clock(open_, "callback")["due"], "2025-09-02")
        called = self.act(open_["id"], {"action": "log_update", "at": "2025-09-02T11:00:00Z",
                                        "text": "Called back"})
        self.assertEqual(self.clock(called, "callback")["status"], "met")
        resolved = self.create("enquiry", received="2025-09-01T11:00:00Z",
                               resolved_at_first_contact=True)
        self.assertNotIn("callback", [c["name"] for c in resolved["clocks"]])
        self.error(self.create("enquiry", resolved_at_first_contact="yes", status=422),
                   "type", "resolved_at_first_contact")
        self.assertEqual(self.measure("2025-09", "contacts.resolved_first_time")["value"], 50.0)
        self.assertEqual(self.measure("2025-09", "callback")["value"], 100.0)

    def test_compliments_are_shared_and_listed_for_the_person_praised(self):
        mine = self.create("compliment", received="2025-10-01T10:00:00Z", about="casey")
        self.assertEqual(mine["compliment"]["about"], "casey")
        by_name = self.create("compliment", received="2025-10-02T10:00:00Z",
                              about="Casey Jones")["id"]
        team = self.create("compliment", received="2025-10-03T10:00:00Z",
                           about="Repairs team")["id"]
        shared = self.act(mine["id"], {"action": "share_compliment", "with": "casey",
                                       "at": "2025-10-02T09:00:00Z"})
        self.assertEqual(shared["compliment"]["shared"][0]["with"], "casey")
        self.error(self.act(team, {"action": "share_compliment"}, 422), "required", "with")
        repair = self.create(category="routine")["id"]
        self.error(self.act(repair, {"action": "share_compliment", "with": "x"}, 409),
                   "not-a-compliment", "")
        status, listed = self.server.request("GET", f"{API}/compliments?about={quote('Repairs team')}")
        self.assertEqual(status, 200, listed)
        self.assertEqual([c["id"] for c in listed["compliments"]], [team])
        out = self.services("2025-10")
        about = {r["key"]: r for r in out["compliments_by_about"]}
        self.assertEqual((about["casey"]["received"], about["casey"]["shared"]), (1, 1))
        self.assertEqual(about["Repairs team"]["shared"], 0)

        # The person praised sees their own list, by username and by name.
        cookie = harness.sign_in(self.server.port, "casey", PASSWORD)
        status, _, page = harness.raw_request(self.server.port, "GET", "/staff/compliments",
                                              {"Cookie": cookie})
        self.assertEqual(status, 200)
        text = page.decode()
        self.assertIn(mine["reference"], text)
        self.assertIn(f"CH-{by_name:06d}", text)
        self.assertNotIn(f"CH-{team:06d}", text)
        # The performance page shows the breakdowns to those who may see reports.
        admin = harness.sign_in(self.server.port, "mo", PASSWORD)
        status, _, perf = harness.raw_request(self.server.port, "GET",
                                              "/performance?period=2025-10", {"Cookie": admin})
        self.assertEqual(status, 200)
        self.assertIn("Compliments, by the person or team praised", perf.decode())


harness.on_both(Repairs, globals())

if __name__ == "__main__":
    harness.run(__name__)
