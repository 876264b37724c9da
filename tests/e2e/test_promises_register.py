"""End to end: the commitments register (docs/policy.md "The commitments register") in public.
A real `charter serve` with the seed 003 example policy, on SQLite and (CHARTER_PG_DSN set) on
PostgreSQL: GET /api/v1/public/summary lists every commitment, each either measured by codes the
policy defines or saying why not; the public "Our promises" page lists the ones not measured
with their reasons, in plain words, with no internal codes or file references.

Usage: python3 tests/e2e/test_promises_register.py path/to/charter
"""
import os
import re
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

POLICY = os.path.join(harness.SOURCE_DIR, "policies", "example-003.toml")


class PromisesRegister(unittest.TestCase):
    """On SQLite; PromisesRegisterPostgres is the same suite on PostgreSQL (harness.on_both)."""
    BACKEND = "sqlite"
    server = None
    db = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "register")
        harness.api_token(cls.db)  # makes the database and the demo landlord
        cls.server = harness.Server(cls.db, "--policy", POLICY, token=False).start()

    @classmethod
    def tearDownClass(cls):
        if cls.server:
            cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def test_public_summary_lists_the_register(self):
        status, body = self.server.request("GET", "/api/v1/public/summary")
        self.assertEqual(status, 200, body)
        register = body["commitments"]
        self.assertGreater(len(register), 20)
        for c in register:
            self.assertEqual(set(c), {"text", "source", "measured_by", "not_measured"}, c)
            self.assertTrue(c["text"] and c["source"], c)
            self.assertNotEqual(bool(c["measured_by"]), bool(c["not_measured"]), c)
        calls = next(c for c in register if c["text"].startswith("We answer 80% of all calls"))
        self.assertEqual(calls["measured_by"], ["calls.answered_20s"])
        self.assertIn("calls.answered_20s", [m["code"] for m in body["measures"]])
        self.assertTrue(any(c["not_measured"] for c in register))

    def test_our_promises_lists_what_is_not_measured_and_why(self):
        status, _, page = harness.raw_request(self.server.port, "GET", "/promises")
        self.assertEqual(status, 200)
        text = page.decode()
        self.assertIn("Promises we do not measure, and why", text)
        self.assertIn("We clean up any mess made while a repair is done.", text)
        self.assertIn("It is part of every repair; there is no record that would give a figure.",
                      text)
        # No internal codes or file references for the public.
        visible = re.sub(r"<[^>]+>", " ", text)
        for internal in ("calls.answered_20s", "repairs.routine", "measured_by", "Seed 003",
                         ".toml", ".md"):
            self.assertNotIn(internal, visible)


harness.on_both(PromisesRegister, globals())


if __name__ == "__main__":
    harness.run(__name__)
