"""`charter serve --metrics-address`: Prometheus metrics on a listener of their own, never on
the API's port. Requests are counted by route pattern and status, the writer's commits and
queue are there, and each landlord's open cases and overdue clocks are counted from the store,
on both databases."""
import http.client
import os
import re
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402


def complaint(received_at, summary):
    return {"kind": "complaint", "received_at": received_at, "channel": "phone",
            "summary": summary, "person": {"name": "A Resident"}}


def parse(text):
    """{'name{labels}': value} for every sample line; raises on a line Prometheus would refuse."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r'([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\})?) (\S+)', line)
        if not m:
            raise AssertionError(f"not an exposition line: {line!r}")
        samples[m.group(1)] = float(m.group(2))
    return samples


class Metrics(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "metrics")
        cls.server = harness.Server(cls.db, "--metrics-address", "127.0.0.1:0").start()
        line = next(l for l in cls.server.banner if l.startswith("metrics on"))
        cls.metrics_port = int(re.search(r":(\d+)/metrics", line).group(1))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def scrape(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.metrics_port, timeout=30)
        conn.request("GET", "/metrics")
        r = conn.getresponse()
        body = r.read().decode()
        conn.close()
        self.assertEqual(r.status, 200)
        self.assertTrue(r.getheader("Content-Type").startswith("text/plain; version=0.0.4"))
        return parse(body)

    def test_requests_writer_and_cases_are_counted(self):
        # Received long ago, so its acknowledgement is overdue whatever today is.
        body = complaint("2025-01-06T10:00:00Z", "old")
        body["person"]["email"] = "ada@example.org"
        status, old = self.server.request("POST", "/api/v1/cases", body)
        self.assertEqual(status, 201)
        # Acknowledged: an email queued, never sent (this server has no --smtp).
        status, _ = self.server.request("POST", f"/api/v1/cases/{old['id']}/actions", {
            "action": "acknowledge", "at": "2025-01-07T10:00:00Z",
            "definition": "Boiler not repaired; wants it fixed", "handler": "Ivy Okonkwo"})
        self.assertEqual(status, 200)
        status, _ = self.server.request("GET", f"/api/v1/cases/{old['id']}")
        self.assertEqual(status, 200)
        status, _ = self.server.request("GET", "/api/v1/no-such-thing")
        self.assertEqual(status, 404)
        m = self.scrape()
        self.assertEqual(
            m['charter_http_requests_total{method="POST",route="/api/v1/cases",status="201"}'], 1)
        self.assertEqual(
            m['charter_http_requests_total{method="GET",route="/api/v1/cases/{id}",status="200"}'], 1)
        self.assertEqual(
            m['charter_http_requests_total{method="GET",route="unmatched",status="404"}'], 1)
        self.assertEqual(m['charter_http_request_duration_seconds_count{method="POST",route="/api/v1/cases"}'], 1)
        self.assertGreaterEqual(m["charter_writer_commits_total"], 1)
        self.assertGreaterEqual(m["charter_writer_writes_total"], 1)
        self.assertEqual(m["charter_writer_queued"], 0)
        self.assertEqual(m["charter_writer_failed_batches_total"], 0)
        self.assertEqual(m['charter_cases_open{landlord="demo",kind="complaint"}'], 1)
        overdue = {k: v for k, v in m.items() if k.startswith("charter_clocks_overdue{")}
        self.assertTrue(overdue, m)
        self.assertTrue(all('landlord="demo"' in k for k in overdue), overdue)
        self.assertGreaterEqual(m["charter_http_connections_open"], 0)
        self.assertGreater(m["charter_process_resident_bytes"], 1e6)
        self.assertEqual(
            m['charter_outbox_messages{landlord="demo",channel="email",status="pending"}'], 1)
        self.assertGreaterEqual(
            m['charter_outbox_oldest_unsent_seconds{landlord="demo",channel="email"}'], 0)

    def test_the_api_port_does_not_serve_metrics(self):
        status, _ = self.server.request("GET", "/metrics")
        self.assertEqual(status, 404)


harness.on_both(Metrics, globals())

if __name__ == "__main__":
    harness.run(__name__)
