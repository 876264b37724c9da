"""Two `charter serve` processes on one PostgreSQL database serve the same landlord at once:
writes through both, every answered write readable through both, case ids unique and gapless
(they come from the database, not from either process), and a stale concurrent action on one
case is refused as a conflict rather than lost; both are signed in, and agree at once on a
session made through either and a token revoked on the database. Skipped without
CHARTER_PG_DSN."""
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402

SECONDS = float(os.environ.get("CHARTER_TWO_PROCESS_SECONDS", "3"))
WRITERS = 8


def complaint(tag):
    return {"kind": "complaint", "received_at": "2025-03-21T17:30:00+00:00", "channel": "phone",
            "summary": tag, "person": {"name": "A Resident"}}


@unittest.skipUnless(harness.PG_DSN, "CHARTER_PG_DSN is not set")
class TwoProcesses(unittest.TestCase):
    def test_two_servers_on_one_database(self):
        dsn = harness.new_pg_database("two")
        try:
            with harness.Server(dsn) as a, harness.Server(dsn) as b:
                answered = {}
                failures = []
                lock = threading.Lock()
                stop = threading.Event()

                def writer(server, n):
                    i = 0
                    while not stop.is_set():
                        i += 1
                        tag = f"{server.port}-w{n}-{i}"
                        status, got = server.request("POST", "/api/v1/cases", complaint(tag))
                        with lock:
                            if status != 201:
                                failures.append((status, got))
                            elif got["id"] in answered:
                                failures.append(("duplicate id", got["id"]))
                            else:
                                answered[got["id"]] = tag
                        if i % 2 == 0:
                            s, _ = server.request("POST", f"/api/v1/cases/{got['id']}/actions", {
                                "action": "note", "text": f"note from {server.port}"})
                            if s != 200:
                                with lock:
                                    failures.append((s, "note"))

                threads = [threading.Thread(target=writer, args=(srv, n))
                           for srv in (a, b) for n in range(WRITERS)]
                for t in threads:
                    t.start()
                time.sleep(SECONDS)
                stop.set()
                for t in threads:
                    t.join()
                self.assertEqual(failures, [])
                self.assertGreater(len(answered), 2 * WRITERS)
                by_port = {a.port: 0, b.port: 0}
                for case_id, tag in answered.items():
                    by_port[int(tag.split("-")[0])] += 1
                    for server in (a, b):
                        status, got = server.request("GET", f"/api/v1/cases/{case_id}")
                        self.assertEqual(status, 200, f"case {case_id} missing via {server.port}")
                        self.assertEqual(got["summary"], tag)
                self.assertGreater(by_port[a.port], 0)
                self.assertGreater(by_port[b.port], 0)
                self.assertEqual(sorted(answered), list(range(1, len(answered) + 1)),
                                 "case ids are not unique and gapless across the processes")

                # An action through one process, then the same stale action through the other:
                # the Code's rules see the first (acknowledged once, the second refused).
                case_id = min(answered)
                ack = {"action": "acknowledge", "at": "2025-03-24T10:00:00+00:00",
                       "definition": "As received", "handler": "Investigating Officer"}
                s1, _ = a.request("POST", f"/api/v1/cases/{case_id}/actions", ack)
                s2, _ = b.request("POST", f"/api/v1/cases/{case_id}/actions", ack)
                self.assertEqual(s1, 200)
                self.assertEqual(s2, 409)
                status, page = a.request("GET", "/api/v1/cases?limit=200")
                total = len(page["cases"])
                while page.get("next_cursor"):
                    status, page = a.request(
                        "GET", f"/api/v1/cases?limit=200&cursor={page['next_cursor']}")
                    total += len(page["cases"])
                self.assertEqual(total, len(answered))
                print(f"two processes: {len(answered)} cases ({by_port[a.port]} + "
                      f"{by_port[b.port]}), ids 1..{len(answered)}, all readable through both")
        finally:
            harness.drop_pg_database(dsn)

    def test_sign_in_and_revocation_agree_across_processes(self):
        dsn = harness.new_pg_database("twoauth")
        try:
            token = harness.api_token(dsn, role="investigating_manager", name="shared")
            add = subprocess.run(
                [harness.CHARTER, "user", "add", "--db", dsn, "--landlord", "demo", "--username",
                 "officer", "--role", "investigating_manager", "--name", "Olu Officer"],
                input="kettle pigeon marble\n", capture_output=True, text=True, timeout=300)
            self.assertEqual(add.returncode, 0, add.stderr)
            bearer = {"Authorization": f"Bearer {token}"}
            with harness.Server(dsn, token=False) as a, harness.Server(dsn, token=False) as b:
                for server in (a, b):
                    self.assertEqual(server.request("GET", "/api/v1/cases")[0], 401)
                    self.assertEqual(server.request("GET", "/api/v1/me", headers=bearer)[0], 200)
                # A session made through a is good through b (the sessions table is shared),
                # and signing out through b ends it in a.
                conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
                conn.request("POST", "/api/v1/session", body=json.dumps(
                    {"landlord": "demo", "username": "officer", "password": "kettle pigeon marble"}),
                    headers={"Content-Type": "application/json"})
                resp = conn.getresponse()
                csrf = json.loads(resp.read())["csrf_token"]
                self.assertEqual(resp.status, 201)
                cookie = resp.getheader("Set-Cookie").split(";", 1)[0]
                conn.close()
                status, me = b.request("GET", "/api/v1/me", headers={"Cookie": cookie})
                self.assertEqual(status, 200, me)
                self.assertEqual(me["username"], "officer")
                status, _ = b.request("DELETE", "/api/v1/session",
                                      headers={"Cookie": cookie, "X-CSRF-Token": csrf})
                self.assertEqual(status, 204)
                self.assertEqual(a.request("GET", "/api/v1/me", headers={"Cookie": cookie})[0], 401)
                # Revoked on the database: both refuse the token from the next request.
                out = subprocess.run([harness.CHARTER, "token", "revoke", "--db", dsn,
                                      "--landlord", "demo", "--name", "shared"],
                                     capture_output=True, text=True, timeout=300)
                self.assertEqual(out.returncode, 0, out.stderr)
                for server in (a, b):
                    self.assertEqual(server.request("GET", "/api/v1/me", headers=bearer)[0], 401)
        finally:
            harness.drop_pg_database(dsn)


if __name__ == "__main__":
    harness.run(__name__)
