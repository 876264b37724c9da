"""End to end: Complaint Handling Failure Orders over HTTP, against a real `charter serve` on a
real SQLite file and (with CHARTER_PG_DSN) a real PostgreSQL database.

Usage: python3 tests/e2e/test_chfo.py path/to/charter

A stage 1 complaint goes unanswered past the Code's 10 working days; the resident goes to the
Ombudsman, who issues two Complaint Handling Failure Orders. One is complied with in time, the
other is not. Each bad input is a 422 naming the field, each forbidden step a 409 naming the
rule; the clocks chfo.N and the annual report's findings of non-compliance (001 §5) and the
self-assessment rows about the Ombudsman follow. Python standard library only.
"""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"


class ChfoApi(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "chfo")
        cls.server = harness.Server(cls.db).start()
        status, cls.case = cls.server.request("POST", API + "/cases", {
            "kind": "complaint", "received_at": "2025-06-02T09:00:00Z", "channel": "email",
            "summary": "Mould in the bathroom", "person": {"name": "Ottoline Hargreaves"},
            "service_area": "Repairs"})
        assert status == 201, cls.case
        status, out = cls.server.request("POST", f"{API}/cases/{cls.case['id']}/actions", {
            "action": "acknowledge", "at": "2025-06-02T11:00:00Z", "definition": "Mould",
            "handler": "Officer One"})
        assert status == 200, out

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def act(self, body, status=200):
        got, out = self.server.request("POST", f"{API}/cases/{self.case['id']}/actions", body)
        self.assertEqual(got, status, out)
        return out

    def error(self, body, status, rule, field=None):
        out = self.act(body, status)
        self.assertEqual(out["error"]["rule"], rule, out)
        if field is not None:
            self.assertEqual(out["error"]["field"], field, out)
        self.assertTrue(out["error"]["message"])

    def test_1_orders_and_compliance(self):
        chfo = {"action": "ombudsman_chfo", "at": "2025-06-25T15:00:00Z",
                "issued_on": "2025-06-25", "provision": "Code 6.2",
                "order": "Issue the stage 1 response", "comply_by": "2025-07-02"}
        # The Ombudsman does not hold the complaint yet.
        self.error(chfo, 409, "no-referral")
        # The stage 1 response was due on 16 June: overdue, so the Ombudsman may step in.
        self.act({"action": "ombudsman_referral", "at": "2025-06-20T10:00:00Z",
                  "reference": "HOS-202507777"})
        self.error({**chfo, "comply_by": "2025-06-24"}, 422, "not-later", "comply_by")
        self.error({**chfo, "comply_by": "2 July"}, 422, "format", "comply_by")
        self.error({**chfo, "provision": None}, 422, "required", "provision")
        self.error({**chfo, "issued_on": "2025-06-26"}, 422, "future", "issued_on")
        self.error({**chfo, "issued_on": "2025-06-19"}, 422, "before-previous-event", "issued_on")
        self.error({**chfo, "reason": "x"}, 422, "unknown", "reason")
        self.act(chfo)
        case = self.act({**chfo, "at": "2025-06-25T15:05:00Z", "provision": "Code 5.6",
                         "order": "Provide the complaint file to the Ombudsman",
                         "comply_by": "2025-07-09"})
        done = {"action": "complete_ombudsman_chfo", "at": "2025-07-01T10:00:00Z", "chfo": 1,
                "evidence": "Stage 1 response sent"}
        self.error({**done, "chfo": 3}, 409, "unknown-chfo", "chfo")
        self.error({**done, "chfo": "one"}, 422, "type", "chfo")
        case = self.act(done)
        self.error(done, 409, "already-completed", "chfo")
        self.act({**done, "at": "2025-07-14T10:00:00Z", "chfo": 2})  # late
        clocks = {c["name"]: c for c in case["clocks"]}
        self.assertEqual(clocks["chfo.1"]["status"], "met")
        self.assertEqual(clocks["chfo.1"]["due"], "2025-07-02")
        status, case = self.server.request("GET", f"{API}/cases/{self.case['id']}")
        self.assertEqual(status, 200, case)
        clocks = {c["name"]: c for c in case["clocks"]}
        self.assertEqual(clocks["chfo.2"]["status"], "missed")
        self.assertIn("HOS-202507777", clocks["chfo.2"]["explanation"])

    def test_2_annual_report_counts_findings_of_non_compliance(self):
        status, out = self.server.request("GET", f"{API}/reports/annual?period=2025-26")
        self.assertEqual(status, 200, out)
        om = out["ombudsman"]
        self.assertEqual(om["chfos_issued"], 2)
        self.assertEqual(om["chfos_due"], 2)
        self.assertEqual(om["chfos_on_time"], 1)
        self.assertEqual(om["chfos_open_overdue"], 0)
        rows = {r["provision"]: r for r in out["self_assessment"]}
        self.assertIn("findings of non-compliance with the Code: 2", rows["8.1"]["evidence"])
        self.assertIn("2 Complaint Handling Failure Orders issued", rows["9.7"]["evidence"])
        # The CSV names the count, and lists every row of the self-assessment, those nobody
        # answered as "Not yet answered".
        status, raw = self.server.request("GET", f"{API}/reports/annual?period=2025-26&format=csv")
        self.assertEqual(status, 200)
        text = raw.decode()
        self.assertIn("Complaint Handling Failure Orders (findings of non-compliance),2", text)
        sa_rows = [line for line in text.splitlines()
                   if line.lstrip('"').startswith("Self-assessment")]
        self.assertEqual(len(sa_rows), len(rows))
        self.assertTrue(any(",Not yet answered," in line for line in sa_rows), sa_rows[:3])
        # The year before has none.
        status, out = self.server.request("GET", f"{API}/reports/annual?period=2024-25")
        self.assertEqual(status, 200, out)
        self.assertEqual(out["ombudsman"]["chfos_issued"], 0)


harness.on_both(ChfoApi, globals())


if __name__ == "__main__":
    harness.run(__name__)
