"""End to end: the edge of identity, through a real `charter serve` (SQLite, and PostgreSQL when
CHARTER_PG_DSN is set). Each test is a hole that was open:

  * login CSRF: the API's sign-in took any Content-Type as JSON and checked no origin;
  * sign-in memory: deeply nested bodies were parsed, unthrottled, before any limit;
  * lock-out: a known user locked after five failures and an unknown one never did (the 409
    told an attacker the account existed); an over-long password answered at once for a known
    user and after a hash for an unknown one;
  * `next` after sign-in followed /%09/host and /%09%5Chost off the site;
  * answers with personal data could be cached (no Cache-Control: no-store).

Usage: python3 tests/e2e/test_auth_edge.py path/to/charter
Python standard library only. Prints a closing line "N passed, N failed".
"""
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import unittest
from urllib.parse import quote, urlencode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
PASSWORD = "kettle pigeon marble"


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class AuthEdge(unittest.TestCase):
    """Each test starts its own server: failed sign-ins are throttled per process."""
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "edge")
        cls.token = harness.api_token(cls.db)
        harness.add_user(cls.db, "ada", "resident", password=PASSWORD, person="P-ADA")
        harness.add_user(cls.db, "ivy", "complaints_admin", password=PASSWORD)

    @classmethod
    def tearDownClass(cls):
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def setUp(self):
        self.server = harness.Server(self.db, token=False).start()
        self.port = self.server.port

    def tearDown(self):
        self.server.stop()

    def raw(self, method, path, headers=None, body=None):
        if isinstance(body, str):
            body = body.encode()
        return harness.raw_request(self.port, method, path, headers, body)

    def api_sign_in(self, username, password, headers=None):
        h = {"Content-Type": "application/json"}
        h.update(headers or {})
        status, hdrs, body = self.raw("POST", f"{API}/session", h,
                                      json.dumps({"landlord": "demo", "username": username,
                                                  "password": password}))
        return status, hdrs, json.loads(body) if body else None

    # ---- login CSRF ---------------------------------------------------------------------

    def test_sign_in_takes_only_json(self):
        # What a cross-site <form enctype="text/plain"> sends: a JSON object as text/plain.
        body = '{"landlord":"demo","username":"ada","password":"' + PASSWORD + '","x":"="}\r\n'
        for ct in ("text/plain", "application/x-www-form-urlencoded", None):
            status, headers, out = self.raw("POST", f"{API}/session",
                                            {"Content-Type": ct} if ct else {}, body)
            self.assertEqual(status, 415, (ct, out))
            self.assertNotIn("set-cookie", headers)
        status, headers, out = self.api_sign_in("ada", PASSWORD)
        self.assertEqual(status, 201, out)

    def test_writes_from_another_site_are_refused(self):
        own = f"http://127.0.0.1:{self.port}"
        for foreign in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                        {"Sec-Fetch-Site": "cross-site"},
                        {"Origin": own, "Sec-Fetch-Site": "cross-site"}):
            status, headers, out = self.api_sign_in("ada", PASSWORD, foreign)
            self.assertEqual(status, 403, (foreign, out))
            self.assertEqual(out["error"]["rule"], "cross-site")
            self.assertNotIn("set-cookie", headers)
            status, _, _ = self.raw("POST", "/sign-in", dict(
                foreign, **{"Content-Type": "application/x-www-form-urlencoded",
                            "Accept": "text/html"}), "username=ada&password=x")
            self.assertEqual(status, 403, foreign)
            status, _, _ = self.raw("POST", f"{API}/cases", dict(
                foreign, **{"Content-Type": "application/json",
                            "Authorization": f"Bearer {self.token}"}), "{}")
            self.assertEqual(status, 403, foreign)
        # The service's own pages (same Origin, same-origin fetch) and reads are let through.
        status, _, out = self.api_sign_in("ada", PASSWORD,
                                          {"Origin": own, "Sec-Fetch-Site": "same-origin"})
        self.assertEqual(status, 201, out)
        status, _, _ = self.raw("GET", f"{API}/health", {"Origin": "http://evil.example",
                                                          "Sec-Fetch-Site": "cross-site"})
        self.assertEqual(status, 200)

    # ---- sign-in memory -----------------------------------------------------------------

    def test_sign_in_bodies_are_small_and_flat(self):
        headers = {"Content-Type": "application/json"}
        status, _, _ = self.raw("POST", f"{API}/session", headers,
                                json.dumps({"username": "ada", "password": "x" * 9000}))
        self.assertEqual(status, 413)
        status, _, out = self.raw("POST", f"{API}/session", headers,
                                  '{"username":"ada","password":"x","p":[[[[1]]]]}')
        self.assertEqual(status, 422, out)
        # 16 concurrent 1 MB bodies nested 500,000 deep: refused unparsed, memory stays put.
        nested = "[" * 500_000 + "]" * 500_000
        before = rss_kb(self.server.proc.pid)
        statuses = []

        def send():
            statuses.append(self.raw("POST", f"{API}/session", headers, nested)[0])
        threads = [threading.Thread(target=send) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        grown_mb = (rss_kb(self.server.proc.pid) - before) / 1024
        self.assertTrue(all(s in (413, 429) for s in statuses), statuses)
        self.assertLess(grown_mb, 120, f"the server grew by {grown_mb:.0f} MB")

    def test_a_throttled_address_is_refused_before_its_body_is_read(self):
        for i in range(11):  # an address may fail ten times before it waits
            status, _, _ = self.api_sign_in(f"nobody{i}", "wrong password")
            self.assertEqual(status, 401, i)
        status, headers, out = self.raw("POST", f"{API}/session",
                                        {"Content-Type": "application/json"}, "not json at all")
        self.assertEqual(status, 429, out)
        self.assertGreaterEqual(int(headers["retry-after"]), 1)

    # ---- throttling, not lock-out ---------------------------------------------------------

    def test_known_and_unknown_names_are_throttled_alike(self):
        answers = {}
        for user in ("ada", "nobody-here"):
            seen = [self.api_sign_in(user, "wrong password!") for _ in range(6)]
            # While the name waits, even the right password waits (a known name only has one).
            right = self.api_sign_in(user, PASSWORD)
            seen.append(right)
            answers[user] = [(s, out["error"]["rule"], out["error"]["message"]) for s, _, out in seen]
            self.assertEqual([s for s, _, _ in seen[:4]], [401] * 4, user)
            self.assertEqual([s for s, _, _ in seen[4:]], [429] * 3, user)
            self.assertIn("retry-after", seen[5][1])
        self.assertEqual(answers["ada"], answers["nobody-here"])
        # After the wait, the right password signs in.
        time.sleep(int(right[1]["retry-after"]) + 0.2)
        status, _, out = self.api_sign_in("ada", PASSWORD)
        self.assertEqual(status, 201, out)

    def test_over_long_passwords_cost_the_same_for_known_and_unknown_names(self):
        def timed(user):
            start = time.monotonic()
            status, _, _ = self.api_sign_in(user, "p" * 200)
            self.assertEqual(status, 401)
            return time.monotonic() - start
        known, unknown = [], []
        for _ in range(3):  # three free failures per name; six in all for the address
            known.append(timed("ada"))
            unknown.append(timed("nobody-at-all"))
        k, u = statistics.median(known), statistics.median(unknown)
        self.assertGreater(k, u / 3, f"known {k * 1000:.1f} ms, unknown {u * 1000:.1f} ms")
        self.assertGreater(u, k / 3, f"known {k * 1000:.1f} ms, unknown {u * 1000:.1f} ms")

    # ---- next after sign-in ---------------------------------------------------------------

    def web_sign_in(self, next_path):
        _, headers, page = self.raw("GET", "/sign-in?next=" + quote(next_path, safe=""))
        cookie = headers.get("set-cookie", "").split(";")[0]
        token = re.search(rb'name="signin_token" value="([^"]*)"', page).group(1).decode()
        shown = re.search(rb'name="next" value="([^"]*)"', page).group(1).decode()
        status, headers, _ = self.raw(
            "POST", "/sign-in", {"Content-Type": "application/x-www-form-urlencoded",
                                 "Cookie": cookie},
            urlencode({"username": "ivy", "password": PASSWORD, "next": next_path,
                       "signin_token": token}))
        self.assertEqual(status, 303)
        return shown, headers["location"]

    def test_next_stays_on_this_site(self):
        for bad in ("/\t/evil.example", "/\t\\evil.example", "/%09/evil.example",
                    "/%09%5Cevil.example", "//evil.example", "/\\evil.example",
                    "/%2F/evil.example", "/%5C%5Cevil.example", "https://evil.example/",
                    "/ /evil.example", "/%20/evil.example", "/%00"):
            shown, location = self.web_sign_in(bad)
            self.assertEqual(shown, "/", repr(bad))
            self.assertEqual(location, "/staff", repr(bad))
        for good in ("/staff/search?q=damp%20and%20mould", "/performance?period=2025-26"):
            shown, location = self.web_sign_in(good)
            self.assertEqual(location, good)

    # ---- no-store ------------------------------------------------------------------------

    def test_personal_data_is_never_cached(self):
        bearer = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        status, headers, body = self.raw("POST", f"{API}/cases", bearer, json.dumps({
            "kind": "complaint", "received_at": "2025-03-21T17:30:00Z", "channel": "phone",
            "summary": "Damp", "person": {"name": "Ada", "account": "P-ADA"}}))
        self.assertEqual(status, 201, body)
        self.assertIn("no-store", headers.get("cache-control", ""))
        case = json.loads(body)
        cookie = harness.sign_in(self.port, "ivy", PASSWORD)
        for path, creds in ((f"{API}/cases/{case['id']}", bearer),
                            (f"{API}/cases", bearer),
                            (f"{API}/me", bearer),
                            (f"{API}/people/P-ADA/views", bearer),
                            (f"{API}/people/P-ADA/subject-access", bearer),
                            ("/performance?period=2025-26", {"Cookie": cookie}),
                            ("/reports/annual?period=2025-26", {"Cookie": cookie}),
                            (f"/staff/cases/{case['id']}", {"Cookie": cookie})):
            status, headers, _ = self.raw("GET", path, creds)
            self.assertEqual(status, 200, path)
            self.assertIn("no-store", headers.get("cache-control", ""), path)
        # Assets stay cacheable for a signed-in browser.
        status, headers, _ = self.raw("GET", "/assets/charter.css", {"Cookie": cookie})
        if status == 200:
            self.assertNotIn("no-store", headers.get("cache-control", ""))


harness.on_both(AuthEdge, globals())

if __name__ == "__main__":
    harness.run(__name__)
