"""End to end: who may do what, over HTTP, against a real `charter serve` on a SQLite file and,
when CHARTER_PG_DSN is set, on PostgreSQL (a fresh database).

Usage: python3 tests/e2e/test_authz.py path/to/charter

Walks every API route with no credentials (401, except health and the OpenAPI document) and
every route with an API token of every role (the role matrix: 2xx where the role may, 403
where it may not), then a second landlord's administrator (another landlord's cases are 404,
never 403: existence is not disclosed) and residents signed in with a session cookie (their
own cases only; CSRF on writes). Also: the view log records each read, and subject access and
rectification answer only data protection roles.

Python standard library only. Prints a closing line "N passed, N failed".
"""
import datetime
import http.client
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
ROLES = ["resident", "representative", "front_line", "investigating_manager",
         "reviewing_manager", "complaints_admin", "governance", "system_admin"]
STAFF_WRITE = {"front_line", "investigating_manager", "reviewing_manager", "complaints_admin"}
VIEW_ANY = STAFF_WRITE | {"governance"}
STAGE1 = {"investigating_manager", "reviewing_manager", "complaints_admin"}
STAGE2 = {"reviewing_manager", "complaints_admin"}
DATA_PROTECTION = {"complaints_admin", "system_admin"}
PASSWORD = "kettle pigeon marble"


def charter(*args, stdin=None):
    out = subprocess.run([harness.CHARTER, *args], input=stdin, capture_output=True, text=True,
                         timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"charter {' '.join(args)}: {out.stderr}")
    return out.stdout.strip()


def complaint(person, summary="Damp and mould in the back bedroom"):
    return {"kind": "complaint", "received_at": "2025-03-21T17:30:00Z", "channel": "phone",
            "summary": summary,
            "person": {"name": f"Resident {person}", "account": person,
                       "phone": "01632 960001", "vulnerabilities": ["asthma"]}}


ACK = {"action": "acknowledge", "at": "2025-03-25T10:00:00Z", "handler": "Alice Brown",
       "definition": "Damp and mould not treated"}
RESPOND = {"action": "respond", "at": "2025-03-26T10:00:00Z", "decision": "upheld",
           "elements": [{"summary": "Damp", "finding": "upheld", "reasons": "Three visits"}],
           "remedies": [{"type": "apology", "description": "We are sorry"}]}
ESCALATE = {"action": "request_escalation", "at": "2025-04-01T09:00:00Z",
            "reason": "Not fixed"}
ACK2 = {"action": "acknowledge", "at": "2025-04-02T10:00:00Z", "handler": "Bob Green",
        "definition": "Review of the stage 1 response"}


class AuthzTest(unittest.TestCase):
    """On SQLite; AuthzTestPostgres is the same suite on PostgreSQL (harness.on_both)."""
    BACKEND = "sqlite"
    server = None
    db = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        db = cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "authz")
        charter("landlord", "add", "--db", db, "--slug", "second", "--name", "Second Homes")
        cls.tokens = {r: charter("token", "create", "--db", db, "--landlord", "demo",
                                 "--role", r, "--name", f"authz {r}") for r in ROLES}
        cls.second = charter("token", "create", "--db", db, "--landlord", "second",
                             "--role", "complaints_admin")
        for user, person in (("ada", "P-ADA"), ("bob", "P-BOB")):
            charter("user", "add", "--db", db, "--landlord", "demo", "--username", user,
                    "--role", "resident", "--name", user.title(), "--person", person,
                    stdin=PASSWORD + "\n")
        charter("user", "add", "--db", db, "--landlord", "second", "--username", "ada",
                "--role", "resident", "--name", "Ada Elsewhere", "--person", "P-ADA",
                stdin=PASSWORD + "\n")
        cls.server = harness.Server(db, token=False).start()

    @classmethod
    def tearDownClass(cls):
        if cls.server:
            cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    # ---- helpers ------------------------------------------------------------------------

    def call(self, method, path, body=None, token=None, cookie=None, csrf=None, raw=False):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        try:
            headers = {}
            data = None
            if body is not None:
                data = json.dumps(body)
                headers["Content-Type"] = "application/json"
            if token:
                headers["Authorization"] = f"Bearer {token}"
            if cookie:
                headers["Cookie"] = f"charter_session={cookie}"
            if csrf:
                headers["X-CSRF-Token"] = csrf
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            payload = resp.read()
            if raw:
                return resp.status, payload, dict((k.lower(), v) for k, v in resp.getheaders())
            try:
                return resp.status, json.loads(payload) if payload else None
            except ValueError:
                return resp.status, payload
        finally:
            conn.close()

    def admin(self, method, path, body=None):
        status, out = self.call(method, path, body, token=self.tokens["complaints_admin"])
        self.assertLess(status, 300, f"{method} {path}: {status} {out}")
        return out

    def new_case(self, person="P-ADA", stage=1, **over):
        case = self.admin("POST", f"{API}/cases", dict(complaint(person), **over))
        if stage == 2:
            # Stage 1 by the investigating manager's token, so any stage 2 handler is another
            # account (Code 6.13).
            for action in (ACK, RESPOND, ESCALATE):
                status, out = self.call("POST", f"{API}/cases/{case['id']}/actions", action,
                                        token=self.tokens["investigating_manager"])
                self.assertLess(status, 300, out)
        return case

    def sign_in(self, username, landlord="demo"):
        status, payload, headers = self.call(
            "POST", f"{API}/session",
            {"landlord": landlord, "username": username, "password": PASSWORD}, raw=True)
        self.assertEqual(status, 201, payload)
        cookie = headers["set-cookie"]
        for attr in ("HttpOnly", "SameSite=Lax", "Path=/"):
            self.assertIn(attr, cookie)
        token = cookie.split(";", 1)[0].split("=", 1)[1]
        return token, json.loads(payload)["csrf_token"]

    # ---- no credentials ---------------------------------------------------------------

    def test_every_route_needs_credentials(self):
        status, doc = self.call("GET", f"{API}/openapi.json")
        self.assertEqual(status, 200)
        self.assertEqual(self.call("GET", f"{API}/health")[0], 200)
        self.assertEqual(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer")
        self.assertEqual(doc["components"]["securitySchemes"]["session"]["in"], "cookie")
        self.assertEqual(doc["security"], [{"bearer": []}, {"session": []}])
        case = self.new_case()
        walked = 0
        public = set()
        for path, ops in doc["paths"].items():
            concrete = (path.replace("{id}", str(case["id"])).replace("{ref}", "P-ADA")
                        .replace("{", "").replace("}", ""))
            for method in ops:
                if method.upper() not in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                    continue
                # The document says which operations need credentials: only health (and
                # liveness and readiness, for probes),
                # this document and signing in/out may be called without.
                security = ops[method].get("security", doc["security"])
                if security == [] or {} in security:
                    public.add((method, path))
                    continue
                url = concrete if concrete.startswith("/api") else API + concrete
                for token in (None, "ch_1_" + "A" * 43, "garbage"):
                    status, out = self.call(method.upper(), url, {} if method != "get" else None,
                                            token=token)
                    self.assertEqual(status, 401, f"{method.upper()} {url} token={token}: {out}")
                walked += 1
        self.assertGreaterEqual(walked, 5)
        self.assertEqual({(m, p) for m, p in public if not p.startswith("/api/v1/public/")},
                         {("get", "/api/v1/health"), ("get", "/api/v1/health/live"),
                          ("get", "/api/v1/health/ready"), ("get", "/api/v1/openapi.json"),
                          ("post", "/api/v1/session"), ("delete", "/api/v1/session")})
        # The public pages' data (no personal data) is under /api/v1/public/, GET only.
        self.assertIn(("get", "/api/v1/public/you-said-we-did"), public)
        self.assertTrue(all(m == "get" for m, p in public if p.startswith("/api/v1/public/")))
        # And the routes the OpenAPI document may not list yet.
        for method, url in (("GET", f"{API}/cases"), ("GET", f"{API}/cases/{case['id']}"),
                            ("POST", f"{API}/cases"), ("GET", f"{API}/me"),
                            ("POST", f"{API}/cases/{case['id']}/actions"),
                            ("GET", f"{API}/calendar/deadline?received_at=2025-03-21T17:30:00Z"),
                            ("GET", f"{API}/people/P-ADA/views"),
                            ("GET", f"{API}/people/P-ADA/subject-access"),
                            ("POST", f"{API}/people/P-ADA/rectification")):
            status, out = self.call(method, url, {} if method == "POST" else None)
            self.assertEqual(status, 401, f"{method} {url}: {out}")

    # ---- the role matrix over API tokens ------------------------------------------------

    def test_role_matrix(self):
        seen = self.new_case()
        for role in ROLES:
            with self.subTest(role=role):
                t = self.tokens[role]
                # Who am I.
                status, me = self.call("GET", f"{API}/me", token=t)
                self.assertEqual((status, me["role"], me["landlord"]), (200, role, 1))
                # Log a contact.
                status, out = self.call("POST", f"{API}/cases", complaint("P-NEW"), token=t)
                self.assertEqual(status, 201 if role in STAFF_WRITE else 403, out)
                # List and read.
                status, out = self.call("GET", f"{API}/cases?limit=200", token=t)
                expect_list = 403 if role == "system_admin" else 200
                self.assertEqual(status, expect_list, out)
                if role in ("resident", "representative"):
                    self.assertEqual(out["cases"], [])  # a token linked to no person: nothing
                status, out = self.call("GET", f"{API}/cases/{seen['id']}", token=t)
                expect_get = 200 if role in VIEW_ANY else 403 if role == "system_admin" else 404
                self.assertEqual(status, expect_get, out)
                # Stage 1 handling.
                fresh = self.new_case()
                status, out = self.call("POST", f"{API}/cases/{fresh['id']}/actions", ACK, token=t)
                expect = (200 if role in STAGE1 else 404 if role in ("resident", "representative")
                          else 403)
                self.assertEqual(status, expect, out)
                # Stage 2 handling.
                two = self.new_case(stage=2)
                status, out = self.call("POST", f"{API}/cases/{two['id']}/actions", ACK2, token=t)
                expect = (200 if role in STAGE2 else 404 if role in ("resident", "representative")
                          else 403)
                self.assertEqual(status, expect, out)
                # Notes: staff who log contacts.
                status, out = self.call("POST", f"{API}/cases/{fresh['id']}/actions",
                                        {"action": "note", "text": "Called back"}, token=t)
                expect = (200 if role in STAFF_WRITE else 404 if role in ("resident", "representative")
                          else 403)
                self.assertEqual(status, expect, out)
                # Data protection.
                for method, url, body in (
                        ("GET", f"{API}/people/P-ADA/views", None),
                        ("GET", f"{API}/people/P-ADA/subject-access", None),
                        ("POST", f"{API}/people/P-ADA/rectification",
                         {"person": {"email": f"ada-{role}@example.org"}, "reason": "asked"})):
                    status, out = self.call(method, url, body, token=t)
                    self.assertEqual(status, 200 if role in DATA_PROTECTION else 403,
                                     f"{method} {url}: {out}")
                # The deadline helper answers every signed-in role.
                status, out = self.call(
                    "GET", f"{API}/calendar/deadline?received_at=2025-03-21T17:30:00Z", token=t)
                self.assertEqual(status, 200, out)

    # ---- another landlord ----------------------------------------------------------------

    def test_second_landlord_sees_nothing_of_the_first(self):
        case = self.new_case(person="P-ADA")
        t = self.second
        status, out = self.call("GET", f"{API}/cases/{case['id']}", token=t)
        self.assertEqual(status, 404, out)
        status, out = self.call("POST", f"{API}/cases/{case['id']}/actions", ACK, token=t)
        self.assertEqual(status, 404, out)
        status, out = self.call("GET", f"{API}/cases?limit=200", token=t)
        self.assertEqual(status, 200)
        self.assertEqual(out["cases"], [])
        status, out = self.call("GET", f"{API}/cases?q=Damp", token=t)
        self.assertEqual(out["cases"], [])
        # Its subject access export of "P-ADA" holds only what it holds itself (its own
        # resident account of that reference), nothing of the first landlord's.
        status, out = self.call("GET", f"{API}/people/P-ADA/subject-access", token=t)
        self.assertEqual(status, 200, out)
        self.assertEqual(out["landlord"]["slug"], "second")
        self.assertEqual(out["cases"], [])
        self.assertEqual([a["display_name"] for a in out["accounts"]], ["Ada Elsewhere"])
        status, out = self.call("GET", f"{API}/people/P-ADA/views", token=t)
        self.assertEqual((status, out["views"]), (200, []))
        # Its own case is its own: case ids are per landlord, and the first landlord's case of
        # the same number is untouched.
        status, own = self.call("POST", f"{API}/cases", complaint("P-ADA", "Second's own"), token=t)
        self.assertEqual(status, 201, own)
        status, again = self.call("GET", f"{API}/cases/{own['id']}", token=t)
        self.assertEqual(again["summary"], "Second's own")
        if own["id"] == case["id"]:
            self.assertEqual(self.admin("GET", f"{API}/cases/{case['id']}")["summary"],
                             case["summary"])
        # A resident of the second landlord with the same person reference sees only that
        # landlord's case.
        cookie, csrf = self.sign_in("ada", landlord="second")
        status, out = self.call("GET", f"{API}/cases?limit=200", cookie=cookie)
        self.assertEqual([c["summary"] for c in out["cases"]], ["Second's own"])

    # ---- residents with sessions ---------------------------------------------------------

    def test_residents_see_only_their_own_cases(self):
        mine = self.new_case(person="P-ADA", summary="Ada's damp")
        theirs = self.new_case(person="P-BOB", summary="Bob's leak")
        cookie, csrf = self.sign_in("ada")
        status, out = self.call("GET", f"{API}/cases/{mine['id']}", cookie=cookie)
        self.assertEqual(status, 200, out)
        status, out = self.call("GET", f"{API}/cases/{theirs['id']}", cookie=cookie)
        self.assertEqual(status, 404, out)
        status, out = self.call("GET", f"{API}/cases?limit=200", cookie=cookie)
        self.assertTrue(out["cases"])
        self.assertTrue(all(c["id"] != theirs["id"] for c in out["cases"]))
        status, out = self.call("GET", f"{API}/cases?q=Bob", cookie=cookie)
        self.assertEqual(out["cases"], [])
        # Writes with a cookie need the CSRF token.
        body = complaint("P-BOB", "Logged by Ada, claiming to be Bob")
        status, out = self.call("POST", f"{API}/cases", body, cookie=cookie)
        self.assertEqual(status, 403, out)
        self.assertEqual(out["error"]["rule"], "csrf")
        status, out = self.call("POST", f"{API}/cases", body, cookie=cookie, csrf="x" * 43)
        self.assertEqual(status, 403, out)
        status, out = self.call("POST", f"{API}/cases", body, cookie=cookie, csrf=csrf)
        self.assertEqual(status, 201, out)
        self.assertEqual(out["person"]["account"], "P-ADA")  # about Ada, whatever the body said
        # Not theirs to handle; but they may ask for stage 2 on their own answered complaint.
        status, out = self.call("POST", f"{API}/cases/{mine['id']}/actions", ACK, cookie=cookie,
                                csrf=csrf)
        self.assertEqual(status, 403, out)
        for action in (ACK, RESPOND):
            self.admin("POST", f"{API}/cases/{mine['id']}/actions", action)
        status, out = self.call("POST", f"{API}/cases/{mine['id']}/actions", ESCALATE,
                                cookie=cookie, csrf=csrf)
        self.assertEqual(status, 200, out)
        self.assertEqual(out["stage"], 2)
        self.assertEqual(out["events"][-1]["actor"], "ada")
        status, out = self.call("POST", f"{API}/cases/{theirs['id']}/actions", ESCALATE,
                                cookie=cookie, csrf=csrf)
        self.assertEqual(status, 404, out)
        # Sign out ends the session.
        self.assertEqual(self.call("DELETE", f"{API}/session", cookie=cookie, csrf=csrf)[0], 204)
        self.assertEqual(self.call("GET", f"{API}/cases", cookie=cookie)[0], 401)

    def test_wrong_password_is_refused_without_saying_which(self):
        status, out = self.call("POST", f"{API}/session",
                                {"landlord": "demo", "username": "bob", "password": "wrong one!"})
        self.assertEqual(status, 401, out)
        status2, out2 = self.call("POST", f"{API}/session",
                                  {"landlord": "demo", "username": "nobody", "password": "x" * 12})
        self.assertEqual(status2, 401)
        self.assertEqual(out["error"]["message"], out2["error"]["message"])

    # ---- the view log and subject access -------------------------------------------------

    def test_view_log_and_subject_access(self):
        case = self.new_case(person="P-LOG")
        self.call("GET", f"{API}/cases/{case['id']}", token=self.tokens["governance"])
        self.call("GET", f"{API}/cases/{case['id']}", token=self.tokens["front_line"])
        status, out = self.call("GET", f"{API}/people/P-LOG/views",
                                token=self.tokens["system_admin"])
        self.assertEqual(status, 200, out)
        viewers = [v["viewer"] for v in out["views"]]
        self.assertEqual(viewers[:2], ["token:authz front_line", "token:authz governance"])
        self.assertTrue(all(v["reference"] == case["reference"] for v in out["views"]))
        status, sar = self.call("GET", f"{API}/people/P-LOG/subject-access",
                                token=self.tokens["complaints_admin"])
        self.assertEqual(status, 200, sar)
        self.assertEqual([c["reference"] for c in sar["cases"]], [case["reference"]])
        self.assertEqual(sar["cases"][0]["person"]["vulnerabilities"], ["asthma"])
        self.assertGreaterEqual(len(sar["views"]), 2)
        status, pdf, headers = self.call("GET", f"{API}/people/P-LOG/subject-access?format=pdf",
                                         token=self.tokens["complaints_admin"], raw=True)
        if status == 200:
            self.assertEqual(headers["content-type"], "application/pdf")
            self.assertTrue(pdf.startswith(b"%PDF-"))
        else:
            self.assertEqual(status, 503)  # built without the PDF writer
        self.assertEqual(self.call("GET", f"{API}/people/P-NOBODY/subject-access",
                                   token=self.tokens["complaints_admin"])[0], 404)

    def test_revoked_token_answers_401_at_once(self):
        token = charter("token", "create", "--db", self.db, "--landlord", "demo", "--role",
                        "governance", "--name", "to revoke")
        self.assertEqual(self.call("GET", f"{API}/cases", token=token)[0], 200)
        listed = charter("token", "list", "--db", self.db, "--landlord", "demo")
        self.assertIn("to revoke", listed)
        self.assertNotIn(token, listed)  # the secret is shown once, at creation
        out = charter("token", "revoke", "--db", self.db, "--landlord", "demo", "--name",
                      "to revoke")
        self.assertIn("revoked", out)
        status, body = self.call("GET", f"{API}/cases", token=token)
        self.assertEqual(status, 401, body)
        self.assertEqual(body["error"]["rule"], "unauthenticated")
        # The other tokens still work; revoking an unknown one fails and names it.
        self.assertEqual(self.call("GET", f"{API}/cases", token=self.tokens["governance"])[0], 200)
        gone = subprocess.run([harness.CHARTER, "token", "revoke", "--db", self.db, "--landlord",
                               "demo", "--name", "to revoke"], capture_output=True, text=True)
        self.assertNotEqual(gone.returncode, 0)
        self.assertIn("to revoke", gone.stderr)
        both = subprocess.run([harness.CHARTER, "token", "revoke", "--db", self.db, "--landlord",
                               "demo"], capture_output=True, text=True)
        self.assertNotEqual(both.returncode, 0)  # --name or --id is required

    def test_serves_beyond_loopback_signed_in(self):
        # Sign-in holds on both databases, so serve may listen on every interface.
        with harness.Server(self.db, "--address", "0.0.0.0", token=False) as server:
            self.assertEqual(server.request("GET", f"{API}/cases")[0], 401)
            bearer = {"Authorization": f"Bearer {self.tokens['governance']}"}
            self.assertEqual(server.request("GET", f"{API}/cases", headers=bearer)[0], 200)
            self.assertEqual(server.request("GET", f"{API}/health")[0], 200)

    def test_web_pages_are_signed_in_and_sessions_idle_out(self):
        # The web is served on both databases, behind sign-in; --session-idle-minutes sets how
        # long a session may go unused (its expiry slides with use; tests/store/ covers that
        # with an injected clock).
        with harness.Server(self.db, "--session-idle-minutes", "5", token=False) as server:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            conn.request("GET", "/staff")
            resp = conn.getresponse()
            resp.read()
            self.assertEqual(resp.status, 303)
            self.assertIn("/sign-in", resp.getheader("Location"))
            conn.request("POST", f"{API}/session", body=json.dumps(
                {"landlord": "demo", "username": "ada", "password": PASSWORD}),
                headers={"Content-Type": "application/json"})
            resp = conn.getresponse()
            signed = json.loads(resp.read())
            self.assertEqual(resp.status, 201, signed)
            cookie = resp.getheader("Set-Cookie").split(";", 1)[0]
            left = (datetime.datetime.fromisoformat(signed["expires"].replace("Z", "+00:00"))
                    - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
            self.assertTrue(4 * 60 < left <= 5 * 60 + 5, left)
            conn.request("GET", "/portal", headers={"Cookie": cookie})
            resp = conn.getresponse()
            resp.read()
            self.assertEqual(resp.status, 200)
            conn.close()
        bad = subprocess.run([harness.CHARTER, "serve", "--db", self.db, "--port", "0",
                              "--session-idle-minutes", "-1"], capture_output=True, text=True,
                             timeout=60)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("session-idle-minutes", bad.stderr + bad.stdout)

    def test_only_the_system_administrator_opens_the_admin_pages(self):
        # The administrator signs in to /staff/admin; any other role gets the GOV.UK forbidden
        # page (403), never a 5xx, on both databases.
        harness.add_user(self.db, "root", "system_admin", password=PASSWORD, name="Rita Root")
        harness.add_user(self.db, "ivy", "investigating_manager", password=PASSWORD,
                         name="Ivy Investigator")
        root = harness.sign_in(self.server.port, "root", PASSWORD)
        status, headers, _ = harness.raw_request(self.server.port, "GET", "/staff",
                                                 {"Cookie": root})
        self.assertEqual(status, 303)
        self.assertEqual(headers["location"], "/staff/admin")
        for path in ("/staff/admin", "/staff/admin/accounts", "/staff/admin/tokens",
                     "/staff/admin/landlord", "/staff/admin/policy"):
            status, _, body = harness.raw_request(self.server.port, "GET", path, {"Cookie": root})
            self.assertEqual(status, 200, path)
        ivy = harness.sign_in(self.server.port, "ivy", PASSWORD)
        for path in ("/staff/admin", "/staff/admin/accounts", "/staff/admin/policy"):
            status, headers, body = harness.raw_request(self.server.port, "GET", path,
                                                        {"Cookie": ivy})
            self.assertEqual(status, 403, path)
            self.assertIn("text/html", headers["content-type"])
            self.assertIn(b"You cannot do this", body)
            self.assertIn(b"govuk-", body)


harness.on_both(AuthzTest, globals())


if __name__ == "__main__":
    harness.run(__name__)
