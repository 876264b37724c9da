"""End to end: the JSON API over HTTP against a real `charter serve` on a real SQLite file and,
when CHARTER_PG_DSN is set, on a real PostgreSQL (a fresh database per run).

Usage: python3 tests/e2e/test_api.py path/to/charter

Drives a complaint through the whole Complaint Handling Code journey (received out of hours on
a Friday by phone, acknowledged, extended once, answered, escalated, acknowledged at stage 2 by
a different person, answered at stage 2, closed), checks the refusals (409 for the same
reviewer, 404 for an unknown id), and lists with filters and cursor paging.

Python standard library only. Prints a closing line "N passed, N failed".
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

CHARTER = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/charter"
API = "/api/v1"


class Reply:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers  # lower-case names
        self.raw = raw
        try:
            self.json = json.loads(raw) if raw else None
        except ValueError:
            self.json = None

    def error(self):
        if isinstance(self.json, dict) and isinstance(self.json.get("error"), dict):
            return self.json["error"]
        return {}

    def __repr__(self):
        return f"<{self.status} {self.raw[:300]!r}>"


class CharterServer:
    """A `charter serve` on an ephemeral port. Its output is drained in the background so a
    chatty log can never fill the pipe and stall the server."""

    def __init__(self, db, *extra):
        self.db = db
        self.extra = list(extra)
        self.proc = None
        self.port = None
        self.output = []
        self.token = None  # an API token (sign-in): sent on every request without its own

    def start(self):
        if self.token is None:
            self.token = harness.api_token(self.db)
        self.proc = subprocess.Popen(
            [CHARTER, "serve", "--db", self.db, "--port", "0", *self.extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=harness.die_with_parent)
        # The "listening on" line may follow warnings (e.g. no web assets); read up to it.
        line, m = "", None
        for _ in range(50):
            line = self.proc.stdout.readline().decode("utf-8", "replace")
            m = re.search(r"listening on http://[\d.]+:(\d+)", line)
            if m or not line:
                break
        if not m:
            err = self.proc.stderr.read().decode("utf-8", "replace") if self.proc.poll() is not None else ""
            raise RuntimeError(f"server did not start: {line!r} {err}")
        self.port = int(m.group(1))
        for stream in (self.proc.stdout, self.proc.stderr):
            threading.Thread(target=self._drain, args=(stream,), daemon=True).start()
        return self

    def _drain(self, stream):
        for line in iter(stream.readline, b""):
            if len(self.output) < 10000:
                self.output.append(line.decode("utf-8", "replace"))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def request(self, method, path, body=None, headers=None, content_type="application/json",
                timeout=30):
        """One request on a fresh connection. `body`: dict/list (JSON-encoded), str or bytes."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            hdrs = dict(headers or {})
            if self.token and not any(k.lower() == "authorization" for k in hdrs):
                hdrs["Authorization"] = f"Bearer {self.token}"
            data = None
            if body is not None:
                if isinstance(body, (bytes, bytearray)):
                    data = bytes(body)
                elif isinstance(body, str):
                    data = body.encode("utf-8", "surrogateescape")
                else:
                    data = json.dumps(body).encode("utf-8")
                if content_type is not None:
                    hdrs.setdefault("Content-Type", content_type)
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            raw = resp.read()
            return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, raw)
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.request("POST", path, body=body, **kw)

    def act(self, case_id, body, **kw):
        return self.post(f"{API}/cases/{case_id}/actions", body, **kw)


def clock(case, name):
    for c in case["clocks"]:
        if c["name"] == name:
            return c
    raise AssertionError(f"no clock {name} in {[c['name'] for c in case['clocks']]}")


def new_complaint(**over):
    body = {
        "kind": "complaint",
        "received_at": "2025-03-21T17:30:00Z",  # Fri, after 17:00 GMT
        "channel": "phone",
        "summary": "Damp and mould in the back bedroom, reported three times",
        "person": {"name": "Ann Smith", "phone": "01632 960001",
                   "vulnerabilities": ["asthma"]},
    }
    body.update(over)
    return body


class ApiTest(unittest.TestCase):
    """On SQLite; ApiTestPostgres is the same suite on PostgreSQL (harness.on_both)."""
    BACKEND = "sqlite"
    server = None
    tmp = None
    db = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "api")
        cls.server = CharterServer(cls.db).start()

    @classmethod
    def tearDownClass(cls):
        if cls.server:
            cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def ok(self, reply, status=200):
        self.assertEqual(reply.status, status, reply)
        return reply.json

    def create(self, body, status=201, **kw):
        return self.ok(self.server.post(f"{API}/cases", body, **kw), status)

    # ---- the journey ------------------------------------------------------------------

    def test_full_complaint_journey(self):
        s = self.server
        r = s.post(f"{API}/cases", new_complaint(), headers={"X-Charter-Actor": "Carol Jones"})
        case = self.ok(r, 201)
        cid = case["id"]
        self.assertEqual(r.headers.get("location"), f"{API}/cases/{cid}")
        self.assertTrue(r.headers.get("x-request-id"))
        self.assertEqual(case["kind"], "complaint")
        self.assertEqual(case["channel"], "phone")
        self.assertEqual(case["status"], "open")
        self.assertEqual(case["stage"], 1)
        self.assertRegex(case["reference"], r"^CH-\d+$")
        self.assertEqual(case["received_at"], "2025-03-21T17:30:00Z")
        self.assertEqual(case["person"]["name"], "Ann Smith")
        self.assertEqual(case["person"]["vulnerabilities"], ["asthma"])
        self.assertEqual(case["events"][0]["type"], "received")
        self.assertEqual(case["events"][0]["seq"], 1)
        self.assertEqual(case["events"][0]["actor"], "Carol Jones")
        ack = clock(case, "stage1.acknowledge")
        self.assertEqual(ack["start"], "2025-03-24")  # day zero: Mon 24 Mar 2025
        self.assertEqual(ack["due"], "2025-03-31")    # Mon 31 Mar 2025
        self.assertTrue(ack["statutory"])
        self.assertIn("Mon 24 Mar 2025", ack["explanation"])
        self.assertIn("Mon 31 Mar 2025", ack["explanation"])
        for key in ("name", "title", "status", "due", "original_due", "start", "met_on",
                    "provisional", "extensions", "explanation", "statutory", "provision"):
            self.assertIn(key, ack)
        self.assertEqual(clock(case, "stage2.acknowledge")["status"], "pending")

        # GET answers the same case.
        got = self.ok(s.get(f"{API}/cases/{cid}"))
        self.assertEqual(got["reference"], case["reference"])
        self.assertEqual(clock(got, "stage1.acknowledge")["due"], "2025-03-31")

        # Respond before acknowledging: refused (409, the Code provision named).
        r = s.act(cid, {"action": "respond", "at": "2025-03-26T10:00:00Z",
                        "decision": "upheld",
                        "elements": [{"summary": "x", "finding": "upheld", "reasons": "y"}]})
        self.assertEqual(r.status, 409, r)
        self.assertTrue(r.error().get("rule"))
        self.assertTrue(r.error().get("message"))

        # Acknowledge (stage 1), Thu 27 Mar 2025 10:00.
        case = self.ok(s.act(cid, {"action": "acknowledge", "at": "2025-03-27T10:00:00Z",
                                   "handler": "Alice Brown",
                                   "definition": "Damp and mould not treated; wants it fixed "
                                                 "and compensation"},
                             headers={"X-Charter-Actor": "Alice Brown"}))
        self.assertEqual(case["stage1"]["handler"], "Alice Brown")
        self.assertEqual(case["handler"], "Alice Brown")
        self.assertEqual(case["stage1"]["acknowledged_at"], "2025-03-27T10:00:00Z")
        ack = clock(case, "stage1.acknowledge")
        self.assertEqual(ack["status"], "met")
        self.assertEqual(ack["met_on"], "2025-03-27")
        respond = clock(case, "stage1.respond")
        self.assertFalse(respond["provisional"])
        self.assertEqual(respond["due"], "2025-04-10")  # 10 working days after Thu 27 Mar
        self.assertEqual(case["events"][-1]["actor"], "Alice Brown")

        # Acknowledging twice is a conflict.
        r = s.act(cid, {"action": "acknowledge", "at": "2025-03-28T10:00:00Z",
                        "handler": "Alice Brown", "definition": "again"})
        self.assertEqual(r.status, 409, r)

        # Extend once, Tue 8 Apr, to Thu 24 Apr (Easter: Good Friday and Easter Monday skipped).
        case = self.ok(s.act(cid, {"action": "extend", "at": "2025-04-08T11:00:00Z",
                                   "new_due": "2025-04-24",
                                   "reason": "Waiting for the damp survey report"}))
        respond = clock(case, "stage1.respond")
        self.assertEqual(respond["due"], "2025-04-24")
        self.assertEqual(respond["original_due"], "2025-04-10")
        self.assertEqual(len(respond["extensions"]), 1)
        self.assertEqual(respond["extensions"][0]["new_due"], "2025-04-24")
        self.assertEqual(len(case["stage1"]["extensions"]), 1)

        # Respond with elements, Tue 22 Apr.
        case = self.ok(s.act(cid, {
            "action": "respond", "at": "2025-04-22T15:00:00Z", "decision": "partly_upheld",
            "elements": [
                {"summary": "Mould not treated after three reports", "finding": "upheld",
                 "reasons": "Records show the reports and no visit"},
                {"summary": "Contractor was rude", "finding": "not_upheld",
                 "reasons": "No evidence either way; the contractor was spoken to"},
            ],
            "remedies": [
                {"type": "apology", "description": "An apology for the delay"},
                {"type": "financial", "description": "Compensation for the delay", "amount": 150},
            ],
            "outstanding_actions": [
                {"description": "Mould wash and anti-mould paint", "due": "2025-05-09",
                 "owner": "Repairs"},
            ],
        }))
        self.assertEqual(case["status"], "responded")
        self.assertEqual(case["stage1"]["decision"], "partly_upheld")
        self.assertEqual(len(case["stage1"]["elements"]), 2)
        self.assertEqual(case["stage1"]["elements"][0]["finding"], "upheld")
        self.assertEqual(len(case["stage1"]["remedies"]), 2)
        self.assertEqual(case["stage1"]["outstanding_actions"][0]["due"], "2025-05-09")
        respond = clock(case, "stage1.respond")
        self.assertEqual(respond["status"], "met")
        self.assertEqual(respond["met_on"], "2025-04-22")

        # Responding twice is a conflict.
        r = s.act(cid, {"action": "respond", "at": "2025-04-23T10:00:00Z", "decision": "upheld",
                        "elements": [{"summary": "x", "finding": "upheld", "reasons": "y"}]})
        self.assertEqual(r.status, 409, r)

        # Escalate, Thu 1 May.
        case = self.ok(s.act(cid, {"action": "request_escalation", "at": "2025-05-01T09:00:00Z",
                                   "reason": "The mould is back"}))
        self.assertEqual(case["stage"], 2)
        self.assertEqual(case["status"], "open")
        self.assertEqual(case["escalation_requested_at"], "2025-05-01T09:00:00Z")
        self.assertNotEqual(clock(case, "stage2.acknowledge")["status"], "pending")

        # Stage 2 by the stage 1 handler: 409 naming Code 6.13.
        r = s.act(cid, {"action": "acknowledge", "at": "2025-05-02T10:00:00Z",
                        "handler": "alice brown", "definition": "Stage 2 review"})
        self.assertEqual(r.status, 409, r)
        self.assertIn("6.13", r.error().get("rule", "") + r.error().get("message", ""))
        self.assertEqual(r.error().get("field"), "handler")

        # Stage 2 acknowledged by a different handler, signed in as another account (Code 6.13).
        reviewer = {"X-Charter-Actor": "bob.green"}
        case = self.ok(s.act(cid, {"action": "acknowledge", "at": "2025-05-02T10:00:00Z",
                                   "handler": "Bob Green",
                                   "definition": "Review of the stage 1 response"},
                             headers=reviewer))
        self.assertEqual(case["stage2"]["handler"], "Bob Green")
        self.assertEqual(case["handler"], "Bob Green")
        self.assertEqual(clock(case, "stage2.acknowledge")["status"], "met")
        self.assertIsNotNone(clock(case, "stage2.respond")["due"])

        # Stage 2 response.
        case = self.ok(s.act(cid, headers=reviewer, body={
            "action": "respond", "at": "2025-05-20T14:00:00Z", "decision": "upheld",
            "elements": [
                {"summary": "Mould not treated after three reports", "finding": "upheld",
                 "reasons": "Stage 1 was right"},
                {"summary": "Contractor was rude", "finding": "overturned", "outcome": "upheld",
                 "reasons": "A second tenant reported the same contractor"},
            ],
            "remedies": [{"type": "financial", "description": "Further compensation",
                          "amount": 100, "additional": True}],
        }))
        # The final response closes the complaint (Code 6.10: stage 2 is the final response).
        self.assertEqual(case["status"], "closed")
        self.assertEqual(case["stage2"]["decision"], "upheld")
        self.assertEqual(clock(case, "stage2.respond")["status"], "met")

        # No third stage.
        r = s.act(cid, {"action": "request_escalation", "at": "2025-05-21T10:00:00Z"})
        self.assertEqual(r.status, 409, r)

        # Already closed by the final response.
        r = s.act(cid, {"action": "close", "at": "2025-05-21T10:00:00Z"})
        self.assertEqual(r.status, 409, r)

        # Nothing more but notes.
        r = s.act(cid, {"action": "withdraw", "at": "2025-05-22T10:00:00Z"})
        self.assertEqual(r.status, 409, r)
        case = self.ok(s.act(cid, {"action": "note", "text": "Resident thanked us"}))
        self.assertEqual(case["events"][-1]["type"], "note")

        # The history, in order.
        got = self.ok(s.get(f"{API}/cases/{cid}"))
        types = [e["type"] for e in got["events"]]
        self.assertEqual(types, ["received", "acknowledged", "extended", "responded",
                                 "escalation_requested", "acknowledged", "responded", "note"])
        self.assertEqual([e["seq"] for e in got["events"]], list(range(1, 9)))
        for e in got["events"]:
            for key in ("seq", "type", "at", "recorded_at", "actor", "data"):
                self.assertIn(key, e)
        self.assertEqual(got["status"], "closed")

        # It lists as closed stage 2.
        page = self.ok(s.get(f"{API}/cases?status=closed&stage=2&kind=complaint"))
        self.assertIn(cid, [c["id"] for c in page["cases"]])

    # ---- refusals -------------------------------------------------------------------

    def test_unknown_id_is_404(self):
        for path in (f"{API}/cases/987654321", f"{API}/cases/987654321/actions"):
            if path.endswith("actions"):
                r = self.server.act(987654321, {"action": "note", "text": "hi"})
            else:
                r = self.server.get(path)
            self.assertEqual(r.status, 404, r)
            self.assertEqual(r.error().get("rule"), "not-found")

    def test_bad_ids(self):
        for raw in ("abc", "0", "-1", "1.5", "99999999999999999999", "%20"):
            r = self.server.get(f"{API}/cases/{raw}")
            self.assertIn(r.status, (400, 404, 422), (raw, r))
            if r.status == 422:
                self.assertEqual(r.error()["field"], "id")

    def test_unknown_route_and_method(self):
        r = self.server.get(f"{API}/nothing")
        self.assertEqual(r.status, 404)
        r = self.server.request("DELETE", f"{API}/cases/1")
        self.assertEqual(r.status, 405)
        self.assertIn("GET", r.headers.get("allow", ""))

    def test_invalid_create_names_field(self):
        body = new_complaint()
        del body["received_at"]
        r = self.server.post(f"{API}/cases", body)
        self.assertEqual(r.status, 422, r)
        self.assertEqual(r.error()["field"], "received_at")
        self.assertTrue(r.error()["rule"])
        r = self.server.post(f"{API}/cases", new_complaint(received_at="2025-02-30T10:00:00Z"))
        self.assertEqual(r.status, 422, r)
        self.assertEqual(r.error()["field"], "received_at")
        r = self.server.post(f"{API}/cases", new_complaint(kind="grumble"))
        self.assertEqual(r.status, 422, r)
        self.assertEqual(r.error()["field"], "kind")

    def test_content_type_and_body_checks(self):
        r = self.server.post(f"{API}/cases", json.dumps(new_complaint()), content_type="text/plain")
        self.assertEqual(r.status, 415, r)
        r = self.server.post(f"{API}/cases", json.dumps(new_complaint()), content_type=None)
        self.assertEqual(r.status, 415, r)
        r = self.server.post(f"{API}/cases", json.dumps(new_complaint()),
                             content_type="application/json; charset=utf-8")
        self.assertEqual(r.status, 201, r)
        r = self.server.post(f"{API}/cases", "{not json")
        self.assertEqual(r.status, 422, r)
        self.assertEqual(r.error()["field"], "body")
        r = self.server.post(f"{API}/cases", "[1,2]")
        self.assertEqual(r.status, 422, r)
        r = self.server.post(f"{API}/cases", b'{"summary": "\xff"}')
        self.assertEqual(r.status, 422, r)
        r = self.server.post(f"{API}/cases", "[" * 100 + "]" * 100)
        self.assertEqual(r.status, 422, r)
        self.assertEqual(r.error()["rule"], "depth")
        r = self.server.post(f"{API}/cases", "x" * (2 * 1024 * 1024))
        self.assertEqual(r.status, 413, r)

    def test_health_and_openapi(self):
        self.assertEqual(self.ok(self.server.get(f"{API}/health")), {"status": "ok"})
        doc = self.ok(self.server.get(f"{API}/openapi.json"))
        self.assertEqual(doc["openapi"], "3.0.3")
        for path, method in ((f"{API}/health", "get"), (f"{API}/openapi.json", "get"),
                             (f"{API}/calendar/deadline", "get"),
                             (f"{API}/cases", "post"), (f"{API}/cases", "get"),
                             (f"{API}/cases/{{id}}", "get"),
                             (f"{API}/cases/{{id}}/actions", "post")):
            self.assertIn(method, doc["paths"][path])
        schemas = doc["components"]["schemas"]
        self.assertIn("Error", schemas)
        # The lifecycle's nine, those of learning, the Ombudsman and following through
        # (openapi_learning.cc, with the CHFOs and share_attachment), add_issue and
        # log_separately (attachments_api.cc), assign (openapi_triage.cc) and offer_complaint
        # (openapi_restrictions.cc).
        # 26 + 7 repair and compliment actions (openapi_services) + pause_clock and resume_clock
        # (openapi_data_protection) + contact_reporter, agree_action_plan and review_action_plan
        # (openapi_asb) + change_contact_preference (openapi_contact)
        self.assertEqual(len(schemas["Action"]["oneOf"]), 39)
        # Every $ref resolves.
        refs = re.findall(r'"\$ref":\s*"#/components/(\w+)/(\w+)"', json.dumps(doc))
        self.assertTrue(refs)
        for section, name in refs:
            self.assertIn(name, doc["components"][section], f"{section}/{name}")
        # Every operation the document describes is served (not the router's 404 or 405); the
        # reverse, every /api/v1 route in the document, is tests/api/api_document_test.cc.
        sample = {"id": "1", "ref": "P-NOBODY", "code": "CH01-1", "n": "1", "name": "x.pdf",
                  "number": "1", "year": "2025-26", "survey": "complaint.stage1"}
        for path, ops in doc["paths"].items():
            url = re.sub(r"\{(\w+)\}", lambda m: sample[m.group(1)], path)
            for method in ops:
                if method == "parameters":  # the path item's shared parameters, not an operation
                    continue
                r = self.server.request(method.upper(), url + ("?period=2025-26" if method == "get" else ""))
                self.assertNotEqual(r.status, 405, (method, path, r))
                self.assertFalse(r.status == 404 and r.error().get("field") == "path",
                                 (method, path, r))

    def test_deadline_helper(self):
        d = self.ok(self.server.get(f"{API}/calendar/deadline?received_at=2025-03-21T17:30:00Z"))
        self.assertEqual(d["day_zero"], "2025-03-24")
        self.assertEqual(clock(d, "stage1.acknowledge")["due"], "2025-03-31")
        self.assertIn("Mon 24 Mar 2025", d["explanation"])
        # Scotland: Easter Monday is not a bank holiday there (Good Friday is).
        ew = self.ok(self.server.get(
            f"{API}/calendar/deadline?received_at=2025-04-16T10:00:00Z&nation=england-and-wales"))
        sc = self.ok(self.server.get(
            f"{API}/calendar/deadline?received_at=2025-04-16T10:00:00Z&nation=scotland"))
        self.assertEqual(ew["nation"], "england-and-wales")
        self.assertEqual(sc["nation"], "scotland")
        self.assertEqual(clock(ew, "stage1.acknowledge")["due"], "2025-04-25")
        self.assertEqual(clock(sc, "stage1.acknowledge")["due"], "2025-04-24")
        for query, field in (("", "received_at"), ("received_at=2025-03-21", "received_at"),
                             ("received_at=2025-03-21T17:30:00Z&nation=wales", "nation"),
                             ("received_at=1900-01-01T00:00:00Z", "received_at"),
                             ("received_at=2025-03-21T17:30:00Z&x=1", "x")):
            r = self.server.get(f"{API}/calendar/deadline?{query}")
            self.assertEqual(r.status, 422, (query, r))
            self.assertEqual(r.error().get("field"), field, (query, r))

    def test_openapi_validates(self):
        try:
            from openapi_spec_validator import validate_spec
        except ImportError:
            self.skipTest("python3-openapi-spec-validator is not installed")
        validate_spec(self.ok(self.server.get(f"{API}/openapi.json")))

    def test_request_id_echoed(self):
        r = self.server.get(f"{API}/health", headers={"X-Request-Id": "test-123"})
        self.assertEqual(r.headers.get("x-request-id"), "test-123")

    def test_convert_service_request(self):
        sr = self.create({"kind": "service_request", "received_at": "2025-06-02T09:00:00Z",
                          "channel": "email", "summary": "Leaking tap",
                          "person": {"name": "Dev Patel"}})
        r = self.server.act(sr["id"], {"action": "convert_to_complaint",
                                        "at": "2025-06-10T10:00:00Z",
                                        "summary": "Tap still leaking after two visits"})
        self.assertEqual(r.status, 201, r)
        complaint = r.json
        self.assertEqual(complaint["kind"], "complaint")
        self.assertEqual(complaint["raised_from"], sr["id"])
        self.assertEqual(r.headers.get("location"), f"{API}/cases/{complaint['id']}")
        sr2 = self.ok(self.server.get(f"{API}/cases/{sr['id']}"))
        self.assertIn(complaint["id"], sr2["complaints_raised"])
        # Only service requests convert.
        r = self.server.act(complaint["id"], {"action": "convert_to_complaint"})
        self.assertEqual(r.status, 409, r)

    # ---- lists ----------------------------------------------------------------------

    def test_list_filters_and_cursor_paging(self):
        s = self.server
        made = []
        for i in range(7):
            made.append(self.create({
                "kind": "enquiry", "received_at": f"2025-07-0{i + 1}T10:00:00Z",
                "channel": "letter", "summary": f"Enquiry number {i} about parking zebra{i}",
                "person": {"name": f"Person {i}"}})["id"])
        seen = []
        cursor = None
        pages = 0
        while True:
            q = f"{API}/cases?kind=enquiry&limit=3" + (f"&cursor={cursor}" if cursor else "")
            page = self.ok(s.get(q))
            pages += 1
            self.assertLessEqual(len(page["cases"]), 3)
            for c in page["cases"]:
                self.assertEqual(c["kind"], "enquiry")
                for key in ("id", "reference", "status", "stage", "summary", "received_at"):
                    self.assertIn(key, c)
            seen += [c["id"] for c in page["cases"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
            self.assertLess(pages, 20)
        self.assertEqual(len(seen), len(set(seen)), "no case twice")
        for cid in made:
            self.assertIn(cid, seen)
        self.assertEqual(seen, sorted(seen))

        page = self.ok(s.get(f"{API}/cases?q=zebra3"))
        self.assertEqual([c["id"] for c in page["cases"]], [made[3]])
        page = self.ok(s.get(f"{API}/cases?kind=enquiry&status=open"))
        self.assertTrue(set(made) <= {c["id"] for c in page["cases"]})
        page = self.ok(s.get(f"{API}/cases?kind=mp_enquiry"))
        self.assertNotIn(made[0], [c["id"] for c in page["cases"]])

        # Handler filter (a complaint with a handler).
        c = self.create(new_complaint(summary="Handler filter complaint"))
        self.ok(s.act(c["id"], {"action": "acknowledge", "at": "2025-03-24T10:00:00Z",
                                "handler": "Zed Handler", "definition": "d"}))
        page = self.ok(s.get(f"{API}/cases?handler=Zed%20Handler"))
        self.assertIn(c["id"], [x["id"] for x in page["cases"]])
        page = self.ok(s.get(f"{API}/cases?handler=Nobody+At+All"))
        self.assertNotIn(c["id"], [x["id"] for x in page["cases"]])

        # Overdue: a 2025 complaint never answered is overdue in 2026.
        page = self.ok(s.get(f"{API}/cases?overdue=true&kind=complaint&limit=200"))
        self.assertIn(c["id"], [x["id"] for x in page["cases"]])
        page = self.ok(s.get(f"{API}/cases?due_before=2025-01-01"))
        self.assertNotIn(c["id"], [x["id"] for x in page["cases"]])
        page = self.ok(s.get(f"{API}/cases?due_before=2030-01-01&limit=200"))
        self.assertIn(c["id"], [x["id"] for x in page["cases"]])

    def test_list_bad_parameters_name_the_parameter(self):
        for query, field in (("kind=grumble", "kind"), ("stage=3", "stage"),
                             ("stage=one", "stage"), ("status=lost", "status"),
                             ("overdue=maybe", "overdue"), ("due_before=2025-13-01", "due_before"),
                             ("due_before=yesterday", "due_before"), ("limit=0", "limit"),
                             ("limit=-5", "limit"), ("limit=201", "limit"), ("limit=abc", "limit"),
                             ("cursor=abc", "cursor"), ("cursor=-1", "cursor"),
                             ("colour=red", "colour"), ("limit=1&limit=2", "limit"),
                             ("handler=", "handler"), ("q=" + "x" * 300, "q")):
            r = self.server.get(f"{API}/cases?{query}")
            self.assertEqual(r.status, 422, (query, r))
            self.assertEqual(r.error().get("field"), field, (query, r))
            self.assertTrue(r.error().get("rule"), query)


harness.on_both(ApiTest, globals())


def run():
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    passed = result.testsRun - failed - len(result.skipped)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or result.testsRun == 0 else 0


if __name__ == "__main__":
    sys.argv = sys.argv[:1] + sys.argv[2:]  # leave the binary out of unittest's way
    sys.exit(run())
