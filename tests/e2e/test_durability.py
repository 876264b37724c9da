"""Durability: SIGKILL the server while it accepts writes; every write it answered is there.

The bounded CI variant kills it ROUNDS times (default 5); CHARTER_DURABILITY_ROUNDS=20 (or
more) is the long variant.
"""
import os
import random
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402

ROUNDS = int(os.environ.get("CHARTER_DURABILITY_ROUNDS", "5"))
WRITERS = 16


def complaint(tag):
    return {"kind": "complaint", "received_at": "2025-03-21T17:30:00+00:00", "channel": "phone",
            "summary": tag, "person": {"name": "A Resident"}}


class Durability(unittest.TestCase):
    def test_answered_writes_survive_sigkill(self):
        rng = random.Random(20261123)
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "durable.db")
            answered = {}   # id -> summary, for every 201
            acked = set()   # ids whose acknowledge was answered 200
            lock = threading.Lock()
            for round_no in range(ROUNDS):
                server = harness.Server(db).start()
                stop = threading.Event()

                def writer(n):
                    i = 0
                    while not stop.is_set():
                        tag = f"r{round_no}-w{n}-{i}"
                        i += 1
                        try:
                            status, body = server.request("POST", "/api/v1/cases", complaint(tag),
                                                          timeout=10)
                        except Exception:
                            return  # the server died under us: expected
                        if status != 201:
                            continue
                        with lock:
                            answered[body["id"]] = tag
                        if i % 3 == 0:
                            try:
                                s, _ = server.request(
                                    "POST", f"/api/v1/cases/{body['id']}/actions",
                                    {"action": "acknowledge", "at": "2025-03-24T10:00:00+00:00",
                                     "definition": "Boiler not repaired; wants it fixed",
                                     "handler": "Investigating Officer"}, timeout=10)
                            except Exception:
                                return
                            if s == 200:
                                with lock:
                                    acked.add(body["id"])

                threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
                for t in threads:
                    t.start()
                time.sleep(rng.uniform(0.3, 1.5))
                server.kill()
                stop.set()
                for t in threads:
                    t.join()

            self.assertGreater(len(answered), 0)
            with harness.Server(db) as server:
                for case_id, tag in answered.items():
                    status, body = server.request("GET", f"/api/v1/cases/{case_id}")
                    self.assertEqual(status, 200, f"case {case_id} answered 201 but lost")
                    self.assertEqual(body["summary"], tag)
                    types = [e["type"] for e in body["events"]]
                    self.assertEqual(types[0], "received")
                    if case_id in acked:
                        self.assertIn("acknowledged", types, f"case {case_id} lost its ack")
                    self.assertTrue(any(c["name"] == "stage1.acknowledge" for c in body["clocks"]))
                # Nothing half-written: every listed case loads whole.
                cursor, listed = None, 0
                while True:
                    path = "/api/v1/cases?limit=200" + (f"&cursor={cursor}" if cursor else "")
                    status, page = server.request("GET", path)
                    self.assertEqual(status, 200)
                    listed += len(page["cases"])
                    cursor = page.get("next_cursor")
                    if not cursor:
                        break
                self.assertGreaterEqual(listed, len(answered))
            print(f"{ROUNDS} kills, {len(answered)} answered creates, {len(acked)} answered "
                  f"acknowledgements, all present; {listed} cases listed")


if __name__ == "__main__":
    harness.run(__name__)
