"""End to end: subject access requests and data breaches over HTTP on SQLite and PostgreSQL,
with policies/example-003.toml.

Usage: python3 tests/e2e/test_data_protection.py path/to/charter

A subject access request's `sar.respond` clock is due one calendar month after receipt as the
ICO counts it; it pauses while identity or clarification is awaited (paused, not overdue), the
month starts again when identity is confirmed, it may be extended by up to two further months
(409 extension-beyond-law after that), and its response links the subject-access export. A
data breach's `breach.report_ico` clock is 72 hours, met by the ICO decision (reported, or not
reportable with the reason). Bad fields are 422 naming the field and rule; the actions need the
data-protection permission (403 for front-line staff). Python standard library only.
"""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
POLICY = os.path.join(harness.SOURCE_DIR, "policies", "example-003.toml")


class DataProtection(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "dataprotection")
        cls.server = harness.Server(cls.db, "--policy", POLICY).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def create(self, kind, received, status=201, account="T-1001"):
        person = {"name": "Ada Resident"}
        if account:
            person["account"] = account
        got, case = self.server.request("POST", API + "/cases", {
            "kind": kind, "received_at": received, "channel": "email",
            "summary": "Data protection", "person": person})
        self.assertEqual(got, status, case)
        return case

    def act(self, cid, body, status=200, headers=None):
        got, out = self.server.request("POST", f"{API}/cases/{cid}/actions", body,
                                       headers=headers)
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

    def test_bad_fields_are_422_naming_the_field(self):
        self.error(self.create("subject_access", "2025-09-03T09:00:00Z", 422), "enum", "kind")
        sar = self.create("subject_access_request", "2025-09-03T09:00:00Z")["id"]
        self.error(self.act(sar, {"action": "pause_clock", "reason": "holiday",
                                  "at": "2025-09-04T09:00:00Z"}, 422), "enum", "reason")
        self.error(self.act(sar, {"action": "pause_clock", "at": "2025-09-04T09:00:00Z"}, 422),
                   "required", "reason")
        bad = self.act(sar, {"action": "extend", "new_due": "2025-13-01", "reason": "Complex",
                             "at": "2025-09-04T09:00:00Z"}, 422)
        self.assertEqual(bad["error"]["field"], "new_due", bad)
        breach = self.create("data_breach", "2025-03-03T09:00:00Z")["id"]
        self.error(self.act(breach, {"action": "respond", "at": "2025-03-04T09:00:00Z"}, 422),
                   "required", "ico_decision")
        self.error(self.act(breach, {"action": "respond", "ico_decision": "maybe",
                                     "at": "2025-03-04T09:00:00Z"}, 422), "enum", "ico_decision")

    def test_one_calendar_month_extended_by_at_most_two_more(self):
        case = self.create("subject_access_request", "2025-09-03T09:00:00Z")
        clock = self.clock(case, "sar.respond")
        self.assertEqual(clock["due"], "2025-10-03")
        beyond = {"action": "extend", "new_due": "2025-12-04", "reason": "Complex: many records",
                  "at": "2025-09-20T09:00:00Z"}
        self.error(self.act(case["id"], beyond, 409), "extension-beyond-law", "new_due")
        extended = self.act(case["id"], dict(beyond, new_due="2025-12-03"))
        self.assertEqual(self.clock(extended, "sar.respond")["due"], "2025-12-03")
        # 31 January 2026: February has no 31st, and Saturday 28 February moves to Monday.
        late_jan = self.create("subject_access_request", "2026-01-31T10:00:00Z")
        self.assertEqual(self.clock(late_jan, "sar.respond")["due"], "2026-03-02")

    def test_pause_for_identity_restarts_the_month_and_respond_links_the_export(self):
        cid = self.create("subject_access_request", "2025-09-03T09:00:00Z")["id"]
        paused = self.act(cid, {"action": "pause_clock", "reason": "identity",
                                "at": "2025-09-05T09:00:00Z"})
        self.assertEqual(self.clock(paused, "sar.respond")["status"], "paused")
        self.error(self.act(cid, {"action": "pause_clock", "reason": "identity",
                                  "at": "2025-09-06T09:00:00Z"}, 409), "already-paused", "clock")
        resumed = self.act(cid, {"action": "resume_clock", "at": "2025-09-15T09:00:00Z"})
        clock = self.clock(resumed, "sar.respond")
        self.assertEqual((clock["start"], clock["due"]), ("2025-09-15", "2025-10-15"))
        self.error(self.act(cid, {"action": "resume_clock", "at": "2025-09-16T09:00:00Z"}, 409),
                   "not-paused", "clock")
        done = self.act(cid, {"action": "respond", "at": "2025-10-14T09:00:00Z"})
        self.assertEqual(self.clock(done, "sar.respond")["status"], "met")
        responded = [e for e in done["events"] if e["type"] == "responded"]
        self.assertEqual(responded[0]["data"]["export"], "/api/v1/people/T-1001/subject-access")

    def test_without_an_account_the_export_must_be_named(self):
        cid = self.create("subject_access_request", "2025-09-03T09:00:00Z", account="")["id"]
        self.error(self.act(cid, {"action": "respond", "at": "2025-09-10T09:00:00Z"}, 422),
                   "required", "export_person_ref")
        self.act(cid, {"action": "respond", "export_person_ref": "T-2002",
                       "at": "2025-09-10T09:00:00Z"})

    def test_breach_72_hours_and_the_ico_decision(self):
        case = self.create("data_breach", "2025-03-03T09:00:00Z")
        self.assertEqual(self.clock(case, "breach.report_ico")["due_at"], "2025-03-06T09:00:00Z")
        self.error(self.act(case["id"], {"action": "pause_clock", "reason": "clarification",
                                         "at": "2025-03-03T10:00:00Z"}, 409),
                   "not-pausable", "clock")
        body = {"action": "respond", "ico_decision": "not_reportable",
                "at": "2025-03-04T09:00:00Z"}
        self.error(self.act(case["id"], body, 422), "required", "reason")
        done = self.act(case["id"], dict(body, reason="Encrypted laptop; the key was not lost"))
        self.assertEqual(self.clock(done, "breach.report_ico")["status"], "met")

    def test_front_line_staff_may_not_act_on_a_request(self):
        cid = self.create("subject_access_request", "2025-09-03T09:00:00Z")["id"]
        token = harness.api_token(self.db, role="front_line", name="front")
        out = self.act(cid, {"action": "pause_clock", "reason": "identity"}, 403,
                       headers={"Authorization": f"Bearer {token}"})
        self.assertEqual(out["error"]["rule"], "forbidden", out)


harness.on_both(DataProtection, globals())

if __name__ == "__main__":
    harness.run(__name__)
