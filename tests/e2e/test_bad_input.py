"""End to end: thousands of malformed requests against a real `charter serve`.

Usage: python3 tests/e2e/test_bad_input.py path/to/charter

Wrong types for every field, missing fields, huge bodies, deep nesting, invalid UTF-8, bad
dates, wrong content types, bad query parameters, transitions out of order, random JSON and
garbage request lines over a raw socket; slow clients (slowloris headers, trickled bodies, a
hundred at once) cut off by the per-request timeout, header floods and declared-huge bodies. The rules checked: never a 5xx, every 4xx is a JSON
error with a rule and a message (and a field where one is at fault), and the server is still
up and healthy at the end.

Python standard library only. Prints a closing line "N passed, N failed".
"""
import http.client
import json
import os
import random
import re
import socket
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_api import API, CharterServer, new_complaint  # noqa: E402
import harness  # noqa: E402

SEED = int(os.environ.get("CHARTER_FUZZ_SEED", "20250321"))

WRONG_VALUES = [
    None, True, False, 0, -1, 1.5, 1e308, -1e308, 2 ** 63, -(2 ** 63) - 1, 2 ** 80,
    "", " ", "\t\n", "x" * 100_000, "\u0000", "\u202e\u200b", "\ud7ff", "😀" * 50,
    "'; DROP TABLE cases; --", "<script>alert(1)</script>", "%00", "${jndi:ldap://x}",
    [], [1, 2, 3], [None], {}, {"a": 1}, {"": ""}, [[[[[]]]]],
]

BAD_INSTANTS = [
    "2025", "2025-03-21", "2025-03-21T17:30", "2025-03-21T17:30:00", "2025-03-21 17:30",
    "2025-02-30T10:00:00Z", "2025-13-01T10:00:00Z", "2025-00-10T10:00:00Z",
    "2025-03-21T25:00:00Z", "2025-03-21T17:60:00Z", "2025-03-21T17:30:61Z",
    "2025-03-21T17:30:00+25:00", "2025-03-21T17:30:00+01", "2025-03-21T17:30:00ZZ",
    "21/03/2025 17:30", "yesterday", "now", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
    "-2025-03-21T17:30:00Z", "2025-03-21T17:30:00.Z", "2025-03-21T17:30:00.1234567890Z",
    "2025-03-21T17:30:00Z\u0000", "２０２５-03-21T17:30:00Z", "2025-03-21T17:30:00Z ",
    "1800-01-01T00:00:00Z", "2101-01-01T00:00:00Z", "2999-01-01T00:00:00Z",
]

BAD_DATES = [
    "", "2025", "2025-3-1", "2025-02-29", "2024-02-30", "2025-04-31", "2025-13-01", "2025-00-01",
    "25-04-01", "2025/04/01", "01-04-2025", "2025-04-01T00:00:00Z", "tomorrow", "0000-00-00",
    "99999-01-01", "2025-04-01 ", " 2025-04-01", "2025-04-0١",
]

ACTIONS = ["acknowledge", "extend", "respond", "request_escalation", "refuse", "withdraw",
           "close", "note", "convert_to_complaint"]

ACTION_FIELDS = {
    "acknowledge": ["at", "handler", "definition", "responsibility"],
    "extend": ["at", "new_due", "reason", "good_reason", "ombudsman_details_given", "clock"],
    "respond": ["at", "decision", "elements", "remedies", "outstanding_actions", "apology",
                "response"],
    "request_escalation": ["at", "reason"],
    "refuse": ["at", "reason", "evidence", "court_filing_date", "discretion_considered",
               "issue_date", "awareness_date", "ombudsman_rights_given"],
    "withdraw": ["at", "reason"],
    "close": ["at", "reason"],
    "note": ["at", "text"],
    "convert_to_complaint": ["at", "summary", "channel", "received_by", "received_at", "person",
                             "service_area", "theme"],
}


class Client:
    """A keep-alive connection that reconnects when the server closes it."""

    def __init__(self, port, token=None):
        self.port = port
        self.conn = None
        self.token = token  # sent as Authorization: Bearer unless the request has its own

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.token and not any(k.lower() == "authorization" for k in headers):
            headers["Authorization"] = f"Bearer {self.token}"
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                raw = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.close()
                return resp.status, raw
            except (http.client.HTTPException, ConnectionError, BrokenPipeError):
                self.close()
                if attempt == 1:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class BadInputTest(unittest.TestCase):
    server = None
    tmp = None
    stats = {"requests": 0, "4xx": 0}

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.server = CharterServer(os.path.join(cls.tmp.name, "t.db")).start()

    @classmethod
    def tearDownClass(cls):
        alive = cls.server.alive()
        cls.server.stop()
        cls.tmp.cleanup()
        print(f"\n{cls.stats['requests']} malformed or hostile requests sent, "
              f"{cls.stats['4xx']} answered 4xx; server alive at the end: {alive}",
              file=sys.stderr)

    def setUp(self):
        self.client = Client(self.server.port, self.server.token)

    def tearDown(self):
        self.client.close()

    # ---- helpers ------------------------------------------------------------------------

    def send(self, method, path, body=None, content_type="application/json", headers=None):
        hdrs = dict(headers or {})
        data = body
        if body is not None and not isinstance(body, (bytes, str)):
            data = json.dumps(body)
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
        if data is not None and content_type is not None:
            hdrs.setdefault("Content-Type", content_type)
        status, raw = self.client.request(method, path, body=data, headers=hdrs)
        self.stats["requests"] += 1
        self.assertLess(status, 500, f"{method} {path} {data[:200] if data else ''!r} -> "
                                     f"{status} {raw[:300]!r}")
        payload = None
        if raw:
            try:
                payload = json.loads(raw)
            except ValueError:
                self.fail(f"{method} {path}: the answer is not JSON: {raw[:200]!r}")
        if status >= 400 and method != "HEAD":
            self.stats["4xx"] += 1
            self.assertIsInstance(payload, dict, raw[:200])
            err = payload.get("error")
            self.assertIsInstance(err, dict, raw[:200])
            self.assertTrue(err.get("rule"), raw[:200])
            self.assertTrue(err.get("message"), raw[:200])
        return status, payload

    def expect(self, statuses, method, path, body=None, field=None, **kw):
        status, payload = self.send(method, path, body, **kw)
        if isinstance(statuses, int):
            statuses = (statuses,)
        self.assertIn(status, statuses, f"{method} {path} {str(body)[:200]} -> {status} {payload}")
        if field is not None and status in (409, 422):
            self.assertEqual(payload["error"].get("field"), field,
                             f"{method} {path} {str(body)[:200]} -> {payload}")
        return status, payload

    def new_case(self, **over):
        status, payload = self.send("POST", f"{API}/cases", new_complaint(**over))
        self.assertEqual(status, 201, payload)
        return payload["id"]

    def fresh_complaint_at(self, step):
        """A complaint advanced to `step`: received, acknowledged, responded, escalated."""
        cid = self.new_case()
        steps = [
            {"action": "acknowledge", "at": "2025-03-24T10:00:00Z", "handler": "Alice",
             "definition": "d"},
            {"action": "respond", "at": "2025-03-28T10:00:00Z", "decision": "upheld",
             "elements": [{"summary": "s", "finding": "upheld", "reasons": "r"}],
             "remedies": [{"type": "apology", "description": "We are sorry"}]},
            {"action": "request_escalation", "at": "2025-04-01T10:00:00Z"},
        ]
        names = ["received", "acknowledged", "responded", "escalated"]
        for body in steps[:names.index(step)]:
            status, payload = self.send("POST", f"{API}/cases/{cid}/actions", body)
            self.assertEqual(status, 200, payload)
        return cid

    # ---- POST /cases ----------------------------------------------------------------------

    def test_create_wrong_types_for_every_field(self):
        for field in ("kind", "received_at", "channel", "summary", "person", "received_by",
                      "service_area", "theme", "raised_from", "issue_date", "stage"):
            for value in WRONG_VALUES:
                body = new_complaint()
                body[field] = value
                status, payload = self.send("POST", f"{API}/cases", body)
                self.assertIn(status, (201, 409, 422), (field, value, payload))
                if status == 422 and field in ("kind", "received_at", "channel"):
                    self.assertTrue(payload["error"]["field"].startswith(field), payload)

    def test_create_wrong_types_inside_person(self):
        for field in ("name", "email", "phone", "address", "tenancy_ref", "vulnerabilities",
                      "reasonable_adjustments", "contact_preference", "representative",
                      "unknown_key"):
            for value in WRONG_VALUES:
                body = new_complaint()
                body["person"] = dict(body["person"], **{field: value})
                self.expect((201, 422), "POST", f"{API}/cases", body)

    def test_create_missing_fields(self):
        for field in ("kind", "received_at", "channel", "summary"):
            body = new_complaint()
            del body[field]
            self.expect(422, "POST", f"{API}/cases", body, field=field)
        self.expect(422, "POST", f"{API}/cases", {})
        for extra in ("id", "status", "events", "__proto__", "Kind"):
            body = new_complaint()
            body[extra] = "x"
            self.expect(422, "POST", f"{API}/cases", body)

    def test_create_bad_instants(self):
        for value in [""] + BAD_INSTANTS:
            self.expect(422, "POST", f"{API}/cases", new_complaint(received_at=value),
                        field="received_at")
        # In the future: refused.
        self.expect(422, "POST", f"{API}/cases", new_complaint(received_at="2099-01-01T10:00:00Z"),
                    field="received_at")

    def test_create_bad_enums(self):
        for kind in ("", "Complaint", "COMPLAINT", "complaint ", "grumble", "service-request"):
            self.expect(422, "POST", f"{API}/cases", new_complaint(kind=kind), field="kind")
        for channel in ("", "fax", "Phone", "carrier_pigeon"):
            self.expect(422, "POST", f"{API}/cases", new_complaint(channel=channel),
                        field="channel")

    def test_not_json_bodies(self):
        bodies = [
            "", " ", "null", "true", "1", '"string"', "[]", "[{}]", "{", "}", "{]", '{"a":}',
            '{"a" 1}', "{'a': 1}", '{"a": 1,}', '{"a": NaN}', '{"a": Infinity}', '{"a": 01}',
            '{"a": 1e999999}', '{"a": "\\x41"}', '{"a": "\\ud800"}', '{"a": "\\u00"}',
            '{"a": 1} trailing', '{"a": 1}{"b": 2}', "\ufeff{}", '{"a": "\t"}',
            '{"kind": "complaint"' + " " * 5000, "\x00", "{\x00}",
        ]
        for body in bodies:
            self.expect((415, 422), "POST", f"{API}/cases", body)
            self.expect((404, 415, 422), "POST", f"{API}/cases/1/actions", body)

    def test_invalid_utf8(self):
        for raw in (b'{"summary": "\xff"}', b'{"summary": "\xc3\x28"}', b'{"\xe2\x82": 1}',
                    b'{"summary": "\xed\xa0\x80"}', b'{"summary": "\xf8\x88\x80\x80\x80"}',
                    b"\xff\xfe{\x00}\x00", b'{"summary": "\xc0\xaf"}'):
            status, payload = self.expect(422, "POST", f"{API}/cases", raw)
            self.assertEqual(payload["error"]["field"], "body")
            self.expect((404, 422), "POST", f"{API}/cases/1/actions", raw)
        # Escaped lone surrogates are valid JSON text but not valid Unicode.
        self.expect((201, 422), "POST", f"{API}/cases",
                    json.dumps(new_complaint(summary="\ud800 lone")), )

    def test_deep_nesting(self):
        for depth in (65, 100, 1000, 100_000, 500_000):
            for open_, close in (("[", "]"), ('{"a":', "}")):
                body = open_ * depth + "1" + close * depth
                status, _ = self.expect((413, 422), "POST", f"{API}/cases", body)
        # Deep but within the limit is fine as JSON, refused by the field rules.
        body = new_complaint()
        nested = []
        for _ in range(60):
            nested = [nested]
        body["person"] = {"name": "x", "vulnerabilities": nested}
        self.expect(422, "POST", f"{API}/cases", body)
        # Unbalanced.
        self.expect(422, "POST", f"{API}/cases", "[" * 50_000)
        self.expect(422, "POST", f"{API}/cases", "]" * 50_000)

    def test_huge_bodies(self):
        self.expect(413, "POST", f"{API}/cases", "x" * (1024 * 1024 + 1))
        self.expect(413, "POST", f"{API}/cases", json.dumps(new_complaint(summary="x" * 3_000_000)))
        self.expect(413, "POST", f"{API}/cases/1/actions", "[" * (2 * 1024 * 1024))
        # Large but under the limit: refused by the field length rules, not a crash.
        self.expect(422, "POST", f"{API}/cases", new_complaint(summary="x" * 900_000),
                    field="summary")
        many = new_complaint()
        many["person"] = {"name": "x", "vulnerabilities": ["v"] * 100_000}
        self.expect((201, 413, 422), "POST", f"{API}/cases", many)

    def test_wrong_content_types(self):
        body = json.dumps(new_complaint())
        for ct in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                   "application/jsonx", "json", "application/xml", "*/*", "", ";",
                   "application/json-patch+json", "text/json"):
            self.expect(415, "POST", f"{API}/cases", body, content_type=ct)
            self.expect(415, "POST", f"{API}/cases/1/actions", '{"action": "note"}',
                        content_type=ct)
        self.expect(415, "POST", f"{API}/cases", body, content_type=None)
        for ct in ("application/json", "Application/JSON", "application/json; charset=utf-8",
                   "application/json;charset=UTF-8"):
            self.expect(201, "POST", f"{API}/cases", body, content_type=ct)

    def test_bad_headers(self):
        body = json.dumps(new_complaint())
        for actor in ("", " ", "x" * 500):
            self.expect(422, "POST", f"{API}/cases", body, headers={"X-Charter-Actor": actor},
                        field="X-Charter-Actor")
        self.expect(201, "POST", f"{API}/cases", body,
                    headers={"X-Charter-Actor": "Zoë".encode("utf-8")})
        self.expect(422, "POST", f"{API}/cases", body,
                    headers={"X-Charter-Actor": "Zo\xeb".encode("latin-1")},
                    field="X-Charter-Actor")
        self.expect(431, "GET", f"{API}/health", headers={"X-Big": "h" * 40_000})
        hdrs = {f"X-H{i}": "v" * 100 for i in range(500)}
        self.expect(431, "GET", f"{API}/health", headers=hdrs)
        for rid in ("", "x" * 1000, "bad id with spaces", "\u00e9"):
            try:
                self.send("GET", f"{API}/health", headers={"X-Request-Id": rid})
            except (UnicodeEncodeError, ValueError):
                pass  # http.client refuses to send it at all

    # ---- query parameters and paths ---------------------------------------------------

    def test_bad_query_parameters(self):
        bad = {
            "kind": ["", "grumble", "COMPLAINT", "complaint,enquiry", "%00"],
            "stage": ["", "0", "3", "-1", "1.0", "one", "１", "2 "],
            "status": ["", "lost", "Open", "open,closed"],
            "overdue": ["", "yes", "no", "TRUE", "2", "maybe"],
            "due_before": BAD_DATES,
            "handler": ["", "x" * 1000, "%01"],
            "q": ["", "x" * 1000, "%7F"],
            "limit": ["", "0", "-1", "201", "1e3", "abc", "99999999999999999999999", "1.5",
                      " 5", "0x10"],
            "cursor": ["", "0", "-1", "abc", "1.5", "99999999999999999999999", "%20"],
        }
        from urllib.parse import quote
        for name, values in bad.items():
            for value in values:
                encoded = value if value.startswith("%") else quote(value, safe="")
                status, payload = self.expect((400, 422), "GET",
                                              f"{API}/cases?{name}={encoded}")
                if status == 422:
                    self.assertEqual(payload["error"]["field"], name, (name, value, payload))
        for query in ("nope=1", "kind=complaint&kind=enquiry", "limit=5&limit=5", "=1", "&&&",
                      "a=%zz", "kind=%", "kind=%C3", "q=%ff", "q=%00", "q=" + "%41" * 5000):
            self.expect((200, 400, 422), "GET", f"{API}/cases?{query}")
        for value in [""] + BAD_INSTANTS:
            self.expect((400, 422), "GET",
                        f"{API}/calendar/deadline?received_at={quote(value, safe='')}")
        for nation in ("", "wales", "England", "uk", "%00", "x" * 500):
            self.expect((400, 422), "GET", f"{API}/calendar/deadline?"
                        f"received_at=2025-03-21T17:30:00Z&nation={nation}")
        for path in (f"{API}/cases/1?x=1", f"{API}/health?x=1"):
            self.expect((200, 404, 422), "GET", path)

    def test_bad_paths_and_methods(self):
        paths = [
            "/", "/api", "/api/v1", "/api/v1/", "/api/v1/cases/", "/api/v1/cases//actions",
            "/api/v1/cases/abc", "/api/v1/cases/0", "/api/v1/cases/-1", "/api/v1/cases/1.0",
            "/api/v1/cases/1e3", "/api/v1/cases/0x10", "/api/v1/cases/99999999999999999999999",
            "/api/v1/cases/%31", "/api/v1/cases/%zz", "/api/v1/cases/%", "/api/v1/cases/%00",
            "/api/v1/cases/%ff", "/api/v1/cases/1/actions/extra", "/api/v2/cases",
            "/API/V1/CASES", "/api/v1/cases/../health", "/api/v1/cases/1%2Factions",
            "/" + "a/" * 2000, "/api/v1/cases/" + "9" * 5000,
        ]
        for path in paths:
            for method in ("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO"):
                body = '{"action": "note", "text": "t"}' if method in ("POST", "PUT", "PATCH") else None
                if path.startswith("/api/"):
                    status, _ = self.send(method, path, body)
                else:
                    # Outside /api the answers are pages (the public home, errors as pages).
                    hdrs = {"Content-Type": "application/json"} if body else {}
                    status, _ = self.client.request(method, path,
                                                    body=body.encode() if body else None,
                                                    headers=hdrs)
                    self.assertLess(status, 500, (method, path))
                # The web pages answer some paths (a 303 to sign in, 401/403 without one).
                self.assertIn(status, (200, 201, 303, 400, 401, 403, 404, 405, 409, 415, 422),
                              (method, path))
        self.expect(405, "PUT", f"{API}/cases")
        self.expect(405, "DELETE", f"{API}/cases/1")
        self.expect(405, "GET", f"{API}/cases/1/actions")

    # ---- actions ------------------------------------------------------------------------

    def test_actions_wrong_types_for_every_field(self):
        base = {
            "acknowledge": {"handler": "Alice", "definition": "d", "at": "2025-03-24T10:00:00Z"},
            "extend": {"new_due": "2025-04-24", "reason": "r", "at": "2025-03-25T10:00:00Z"},
            "respond": {"decision": "upheld", "at": "2025-03-25T10:00:00Z",
                        "elements": [{"summary": "s", "finding": "upheld", "reasons": "r"}],
                        "remedies": [{"type": "apology", "description": "We are sorry"}]},
            "request_escalation": {"at": "2025-03-25T10:00:00Z"},
            "refuse": {"reason": "over-12-months", "at": "2025-03-25T10:00:00Z"},
            "withdraw": {"at": "2025-03-25T10:00:00Z"},
            "close": {"reason": "r", "at": "2025-03-25T10:00:00Z"},
            "note": {"text": "t"},
            "convert_to_complaint": {"at": "2025-03-25T10:00:00Z"},
        }
        cid = self.fresh_complaint_at("acknowledged")
        sr = self.send("POST", f"{API}/cases",
                       {"kind": "service_request", "received_at": "2025-03-21T10:00:00Z",
                        "channel": "email", "summary": "tap"})[1]["id"]
        for action, fields in ACTION_FIELDS.items():
            target = sr if action == "convert_to_complaint" else cid
            for field in fields:
                for value in WRONG_VALUES:
                    body = dict(base[action], action=action)
                    body[field] = value
                    status, payload = self.send("POST", f"{API}/cases/{target}/actions", body)
                    # Some wrong-looking values are acceptable text (a note saying "0" is fine),
                    # so success is allowed; a server error never is.
                    self.assertIn(status, (200, 201, 409, 422), (action, field, value, payload))
                    if status in (200, 201):
                        # Keep using a case in the same state.
                        if action not in ("note",):
                            if action == "convert_to_complaint":
                                continue
                            cid = self.fresh_complaint_at("acknowledged")

    def test_action_missing_or_bad_action(self):
        cid = self.new_case()
        for body in ({}, {"action": None}, {"action": 1}, {"action": ""}, {"action": "ACK"},
                     {"action": "acknowledge "}, {"action": ["acknowledge"]},
                     {"action": {"name": "acknowledge"}}, {"action": "delete"},
                     {"action": "acknowledge", "unknown": 1}, {"text": "no action"}):
            self.expect(422, "POST", f"{API}/cases/{cid}/actions", body)
        for action in ACTIONS:
            self.expect((404,), "POST", f"{API}/cases/123456789/actions",
                        {"action": action, "text": "t"})

    def test_action_bad_instants_and_dates(self):
        cid = self.fresh_complaint_at("acknowledged")
        for value in BAD_INSTANTS + ["2099-01-01T10:00:00Z", "2025-03-20T10:00:00Z"]:
            self.expect(422, "POST", f"{API}/cases/{cid}/actions",
                        {"action": "note", "text": "t", "at": value}, field="at")
            self.expect(422, "POST", f"{API}/cases/{cid}/actions",
                        {"action": "extend", "new_due": "2025-04-24", "reason": "r",
                         "at": value}, field="at")
        for value in BAD_DATES:
            self.expect(422, "POST", f"{API}/cases/{cid}/actions",
                        {"action": "extend", "new_due": value, "reason": "r",
                         "at": "2025-03-25T10:00:00Z"}, field="new_due")
        # Extensions that are not later, not working days, or far beyond the cap.
        for new_due in ("2025-03-01", "2025-04-05", "2025-04-18", "2026-12-31"):
            self.expect((409, 422), "POST", f"{API}/cases/{cid}/actions",
                        {"action": "extend", "new_due": new_due, "reason": "r",
                         "at": "2025-03-25T10:00:00Z"})

    def test_respond_bad_elements(self):
        cid = self.fresh_complaint_at("acknowledged")
        bad_elements = [
            None, [], {}, "x", [None], [1], ["x"], [{}], [{"summary": "s"}],
            [{"summary": "s", "finding": "maybe", "reasons": "r"}],
            [{"summary": "s", "finding": "overturned", "reasons": "r"}],
            [{"summary": "", "finding": "upheld", "reasons": "r"}],
            [{"summary": "s", "finding": "upheld", "reasons": "r", "extra": 1}],
            [{"summary": "s", "finding": ["upheld"], "reasons": "r"}],
        ]
        for elements in bad_elements:
            self.expect(422, "POST", f"{API}/cases/{cid}/actions",
                        {"action": "respond", "decision": "upheld", "elements": elements,
                         "at": "2025-03-26T10:00:00Z"})
        good = [{"summary": "s", "finding": "upheld", "reasons": "r"}]
        bad_remedies = [
            "x", [None], [{}], [{"type": "cash", "description": "d"}],
            [{"type": "financial", "description": "d"}],
            [{"type": "financial", "description": "d", "amount": -5}],
            [{"type": "financial", "description": "d", "amount": "10"}],
            [{"type": "financial", "description": "d", "amount": 1e12}],
            [{"type": "apology", "description": "d", "due": "2025-02-30"}],
        ]
        for remedies in bad_remedies:
            self.expect(422, "POST", f"{API}/cases/{cid}/actions",
                        {"action": "respond", "decision": "upheld", "elements": good,
                         "remedies": remedies, "at": "2025-03-26T10:00:00Z"})
        for actions in ("x", [{}], [{"description": "d", "due": "bad", "owner": "o"}],
                        [{"description": "d", "owner": "o"}]):
            self.expect(422, "POST", f"{API}/cases/{cid}/actions",
                        {"action": "respond", "decision": "upheld", "elements": good,
                         "outstanding_actions": actions, "at": "2025-03-26T10:00:00Z"})
        for decision in (None, "", "overturned", "Upheld", 1):
            self.expect(422, "POST", f"{API}/cases/{cid}/actions",
                        {"action": "respond", "decision": decision, "elements": good,
                         "at": "2025-03-26T10:00:00Z"}, field="decision")

    def test_transitions_out_of_order(self):
        def act(cid, body):
            return self.send("POST", f"{API}/cases/{cid}/actions", body)

        respond = {"action": "respond", "decision": "upheld", "at": "2025-05-01T10:00:00Z",
                   "elements": [{"summary": "s", "finding": "upheld", "reasons": "r"}],
                   "remedies": [{"type": "apology", "description": "We are sorry"}]}
        # Received: no response before acknowledgement, no escalation before response.
        cid = self.fresh_complaint_at("received")
        self.assertEqual(act(cid, respond)[0], 409)
        self.assertEqual(act(cid, {"action": "request_escalation",
                                   "at": "2025-05-01T10:00:00Z"})[0], 409)
        # Acknowledged: no second acknowledgement, no escalation yet.
        cid = self.fresh_complaint_at("acknowledged")
        self.assertEqual(act(cid, {"action": "acknowledge", "handler": "B", "definition": "d",
                                   "at": "2025-03-25T10:00:00Z"})[0], 409)
        self.assertEqual(act(cid, {"action": "request_escalation",
                                   "at": "2025-05-01T10:00:00Z"})[0], 409)
        # Responded: no second response; escalation twice is refused the second time.
        cid = self.fresh_complaint_at("responded")
        self.assertEqual(act(cid, respond)[0], 409)
        # Escalated: the stage 1 handler may not take stage 2; no third stage.
        cid = self.fresh_complaint_at("escalated")
        status, payload = act(cid, {"action": "acknowledge", "handler": "Alice",
                                    "definition": "d", "at": "2025-04-02T10:00:00Z"})
        self.assertEqual(status, 409, payload)
        self.assertEqual(act(cid, {"action": "request_escalation",
                                   "at": "2025-04-02T10:00:00Z"})[0], 409)
        self.assertEqual(act(cid, dict(respond, at="2025-04-02T10:00:00Z"))[0], 409)
        # Finished cases take only notes.
        cid = self.fresh_complaint_at("received")
        self.assertEqual(act(cid, {"action": "withdraw", "at": "2025-03-25T10:00:00Z"})[0], 200)
        for body in ({"action": "acknowledge", "handler": "A", "definition": "d",
                      "at": "2025-03-26T10:00:00Z"},
                     {"action": "withdraw", "at": "2025-03-26T10:00:00Z"},
                     {"action": "close", "reason": "r", "at": "2025-03-26T10:00:00Z"},
                     dict(respond, at="2025-03-26T10:00:00Z")):
            self.assertEqual(act(cid, body)[0], 409, body)
        # Complaint-only actions on a compliment, which is not converted to a complaint either;
        # a complaint is not converted again.
        compliment = self.send("POST", f"{API}/cases",
                               {"kind": "compliment", "received_at": "2025-03-21T10:00:00Z",
                                "channel": "email", "summary": "q"})[1]["id"]
        for body in ({"action": "acknowledge", "handler": "A", "definition": "d"},
                     {"action": "request_escalation"},
                     {"action": "convert_to_complaint"}):
            self.assertEqual(act(compliment, body)[0], 409, body)
        self.assertEqual(act(self.new_case(), {"action": "convert_to_complaint"})[0], 409)

    def test_random_action_sequences(self):
        rng = random.Random(SEED)
        pieces = {
            "at": ["2025-03-24T10:00:00Z", "2025-04-01T10:00:00Z", "2025-06-01T10:00:00Z",
                   "2025-03-20T10:00:00Z", "bad", None],
            "handler": ["Alice", "Bob", "alice", "", None, 5],
            "definition": ["d", "", None],
            "new_due": ["2025-04-24", "2025-05-30", "2025-02-01", "x"],
            "reason": ["r", "over-12-months", "", None],
            "decision": ["upheld", "partly_upheld", "not_upheld", "overturned", None],
            "elements": [[{"summary": "s", "finding": "upheld", "reasons": "r"}],
                         [{"summary": "s", "finding": "overturned", "outcome": "upheld",
                           "reasons": "r"}], [], None],
            "text": ["t", "", None],
        }
        cases = [self.new_case() for _ in range(5)]
        for _ in range(600):
            action = rng.choice(ACTIONS + ["bogus"])
            body = {"action": action}
            for key, values in pieces.items():
                if rng.random() < 0.6:
                    value = rng.choice(values)
                    if value is not None:
                        body[key] = value
            cid = rng.choice(cases + [999999])
            status, _ = self.send("POST", f"{API}/cases/{cid}/actions", body)
            self.assertIn(status, (200, 201, 404, 409, 422))
        for cid in cases:
            status, payload = self.send("GET", f"{API}/cases/{cid}")
            self.assertEqual(status, 200)
            self.assertEqual([e["seq"] for e in payload["events"]],
                             list(range(1, len(payload["events"]) + 1)))

    def test_random_json_bodies(self):
        rng = random.Random(SEED + 1)

        def value(depth=0):
            r = rng.random()
            if depth > 4 or r < 0.3:
                return rng.choice(WRONG_VALUES[:19] + ["complaint", "phone",
                                                       "2025-03-21T17:30:00Z", "2025-04-01"])
            if r < 0.65:
                return {rng.choice(["kind", "channel", "summary", "received_at", "person", "x",
                                    "action", "at", "name", "elements"]): value(depth + 1)
                        for _ in range(rng.randint(0, 6))}
            return [value(depth + 1) for _ in range(rng.randint(0, 4))]

        cid = self.new_case()
        for _ in range(400):
            body = value()
            if isinstance(body, dict) and rng.random() < 0.5:
                body = dict(new_complaint(), **body)
            self.send("POST", f"{API}/cases", body)
            if isinstance(body, dict) and rng.random() < 0.5:
                body["action"] = rng.choice(ACTIONS)
            self.send("POST", f"{API}/cases/{cid}/actions", body)

    def test_random_bytes(self):
        rng = random.Random(SEED + 2)
        for _ in range(300):
            raw = bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))
            self.expect((415, 422), "POST", f"{API}/cases", raw)
            # Mutations of a valid body.
            valid = bytearray(json.dumps(new_complaint()).encode())
            for _ in range(rng.randint(1, 5)):
                valid[rng.randrange(len(valid))] = rng.randrange(256)
            self.expect((201, 415, 422), "POST", f"{API}/cases", bytes(valid))

    # ---- raw sockets --------------------------------------------------------------------

    def raw(self, data, read_timeout=5.0):
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=read_timeout)
        out = b""
        try:
            try:
                s.sendall(data)
            except OSError:
                pass
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            while True:
                try:
                    chunk = s.recv(65536)
                except (socket.timeout, OSError):
                    break
                if not chunk:
                    break
                out += chunk
        finally:
            s.close()
        self.stats["requests"] += 1
        for m in __import__("re").finditer(rb"HTTP/1\.[01] (\d{3})", out):
            self.assertLess(int(m.group(1)), 500, (data[:200], out[:300]))
        return out

    def test_garbage_request_lines(self):
        garbage = [
            b"\r\n\r\n", b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET /\r\n\r\n",
            b"GET / HTTP/1.1\r\n\r\n", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
            b"GET / FTP/1.1\r\nHost: x\r\n\r\n", b"G\x00T / HTTP/1.1\r\n\r\n",
            b"GET /api/v1/health HTTP/1.1\nHost: x\n\n",
            b"GET /api/v1/health HTTP/1.1\r\nHost x\r\n\r\n",
            b"GET /api/v1/health HTTP/1.1\r\n: empty\r\n\r\n",
            b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
            b"GET http://example.com/api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET * HTTP/1.1\r\nHost: x\r\n\r\n", b"CONNECT example.com:443 HTTP/1.1\r\n\r\n",
            b"GET /api/v1/health?\xff HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /api/v1/\x01health HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
            b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
            b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
            b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/json\r\n\r\nFFFFFFFFFFFFFFFF\r\n",
            b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
            b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nshort",
            b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/json\r\n\r\n" + b"1\r\n[\r\n" * 200_000,
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256)),  # a TLS hello
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            bytes(range(256)) * 4,
            b"GET /api/v1/health HTTP/1.1\r\n" + b"X: y\r\n" * 20_000 + b"\r\n",
        ]
        for data in garbage:
            self.raw(data)
        rng = random.Random(SEED + 3)
        for _ in range(200):
            line = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
            self.raw(line + b"\r\n\r\n", read_timeout=5.0)
        self.assertEqual(self.send("GET", f"{API}/health")[0], 200)

    def test_pipelined_and_half_requests(self):
        two = (b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
               b"GET /api/v1/cases/abc HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
               self.server.token.encode() + b"\r\nConnection: close\r\n\r\n")
        out = self.raw(two)
        self.assertIn(b"HTTP/1.1 200", out)
        self.assertIn(b"HTTP/1.1 422", out)
        # A client that sends half a request and goes away.
        for part in (b"GET /api/v1/hea", b"POST /api/v1/cases HTTP/1.1\r\nContent-Length: 10\r\n\r\n{"):
            s = socket.create_connection(("127.0.0.1", self.server.port), timeout=5)
            s.sendall(part)
            s.close()
        self.assertEqual(self.send("GET", f"{API}/health")[0], 200)

    def test_concurrent_bad_requests(self):
        errors = []

        def worker(seed):
            rng = random.Random(seed)
            client = Client(self.server.port, self.server.token)
            try:
                for _ in range(100):
                    choice = rng.randrange(4)
                    if choice == 0:
                        status, _ = client.request("POST", f"{API}/cases", body=b"{bad",
                                                   headers={"Content-Type": "application/json"})
                    elif choice == 1:
                        status, _ = client.request("GET", f"{API}/cases?limit=abc")
                    elif choice == 2:
                        status, _ = client.request(
                            "POST", f"{API}/cases", body=json.dumps(new_complaint()).encode(),
                            headers={"Content-Type": "application/json"})
                    else:
                        status, _ = client.request(
                            "POST", f"{API}/cases/{rng.randint(1, 50)}/actions",
                            body=json.dumps({"action": rng.choice(ACTIONS), "text": "t"}).encode(),
                            headers={"Content-Type": "application/json"})
                    if status >= 500:
                        errors.append(status)
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))
            finally:
                client.close()

        threads = [threading.Thread(target=worker, args=(SEED + i,)) for i in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.stats["requests"] += 1600
        self.assertEqual(errors, [])

    def test_zz_server_still_up(self):
        # Runs last (alphabetical order): the server survived everything above.
        self.assertTrue(self.server.alive())
        status, payload = self.send("GET", f"{API}/health")
        self.assertEqual(status, 200)
        self.assertEqual(payload, {"status": "ok"})
        status, payload = self.send("GET", f"{API}/cases?limit=5")
        self.assertEqual(status, 200)
        text = "".join(self.server.output)
        for marker in ("terminate called", "Segmentation", "AddressSanitizer", "[critical]"):
            self.assertNotIn(marker, text)


class SlowClientAndFloodTest(unittest.TestCase):
    """Slow clients (slowloris headers, trickled bodies, many at once), header floods and
    oversized declared bodies, against a server with a short per-request timeout
    (--request-timeout 2) and a long idle one (--idle-timeout 60): a trickle must be cut off by
    the request timeout, and the server must keep answering others meanwhile."""

    REQUEST_TIMEOUT = 2

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.server = harness.Server(os.path.join(cls.tmp.name, "slow.db"), "--request-timeout",
                                    str(cls.REQUEST_TIMEOUT), "--idle-timeout", "60").start()
        for stream in (cls.server.proc.stdout, cls.server.proc.stderr):
            threading.Thread(target=lambda s=stream: [None for _ in iter(s.readline, "")],
                             daemon=True).start()
        token = getattr(cls.server, "token", None)
        cls.auth = f"Authorization: Bearer {token}\r\n".encode() if token else b""

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def connect(self, source="127.0.0.1"):
        return socket.create_connection(("127.0.0.1", self.server.port), timeout=30,
                                        source_address=(source, 0))

    def read_all(self, s):
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, OSError):
                break
            if not chunk:
                break
            out += chunk
        return out

    def no_5xx(self, out):
        for m in re.finditer(rb"HTTP/1\.[01] (\d{3})", out):
            self.assertLess(int(m.group(1)), 500, out[:300])

    def trickle(self, head, tail, gap=0.2, limit=60.0):
        """Sends `head` at once, then `tail` a byte every `gap` seconds until the server closes.
        Answers (seconds the server kept the connection after `head`, what it answered)."""
        s = self.connect()
        try:
            s.sendall(head)
            start = time.monotonic()
            for i in range(len(tail)):
                try:
                    s.sendall(tail[i:i + 1])
                except OSError:
                    break
                time.sleep(gap)
                s.setblocking(False)
                try:
                    peek = s.recv(1, socket.MSG_PEEK)
                    closed = True  # an answer, or end of stream
                except BlockingIOError:
                    closed = False
                except OSError:
                    closed = True
                s.setblocking(True)
                s.settimeout(30)
                if closed or time.monotonic() - start > limit:
                    break
            held = time.monotonic() - start
            return held, self.read_all(s)
        finally:
            s.close()

    def healthy(self):
        status, _ = self.server.request("GET", f"{API}/health")
        self.assertEqual(status, 200)

    def test_slowloris_headers_cut_by_the_request_timeout(self):
        tail = b"".join(b"X-Slow-%d: y\r\n" % i for i in range(200))
        held, out = self.trickle(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n", tail)
        self.assertLess(held, self.REQUEST_TIMEOUT + 3, "kept beyond the request timeout")
        self.assertNotIn(b"200 OK", out)
        self.no_5xx(out)
        self.healthy()

    def test_slowloris_first_line_cut_by_the_request_timeout(self):
        held, out = self.trickle(b"G", b"ET /api/v1/health HTTP/1.1\r\nHost: x\r\n" * 10)
        self.assertLess(held, self.REQUEST_TIMEOUT + 3)
        self.no_5xx(out)

    def test_slow_body_cut_by_the_request_timeout(self):
        head = (b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + self.auth + b"Content-Length: 5000\r\n\r\n")
        held, out = self.trickle(head, b" " * 5000)
        self.assertLess(held, self.REQUEST_TIMEOUT + 3)
        self.no_5xx(out)
        # Chunked, trickled.
        head = (b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + self.auth + b"Transfer-Encoding: chunked\r\n\r\n")
        held, out = self.trickle(head, b"1\r\n \r\n" * 500)
        self.assertLess(held, self.REQUEST_TIMEOUT + 3)
        self.no_5xx(out)
        self.healthy()

    def test_many_slow_clients_do_not_starve_others(self):
        # A hundred, from four addresses (the server takes 64 at once from one address).
        sockets = []
        try:
            for i in range(100):
                s = self.connect(f"127.0.0.{2 + i % 4}")
                s.sendall(b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
                sockets.append(s)
            start = time.monotonic()
            for _ in range(20):
                self.healthy()
            self.assertLess(time.monotonic() - start, 10.0, "slow clients starved the others")
            # And all of them are gone after the request timeout.
            time.sleep(self.REQUEST_TIMEOUT + 1.5)
            for s in sockets:
                s.settimeout(5)
                out = self.read_all(s)
                self.no_5xx(out)
        finally:
            for s in sockets:
                s.close()
        self.healthy()

    def raw(self, data):
        s = self.connect()
        try:
            try:
                s.sendall(data)
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            out = self.read_all(s)
        finally:
            s.close()
        self.no_5xx(out)
        return out

    def test_header_floods(self):
        # Many small headers under the limit: fine.
        hdrs = b"".join(b"X-H%d: v\r\n" % i for i in range(300))
        out = self.raw(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + self.auth + hdrs +
                       b"Connection: close\r\n\r\n")
        self.assertIn(b"HTTP/1.1 200", out)
        # Over the limit, in every shape: one huge header, thousands of small ones, one name
        # repeated, a huge request line, a huge cookie.
        for flood in (b"X-Big: " + b"a" * 100_000 + b"\r\n",
                      b"".join(b"X-H%d: v\r\n" % i for i in range(5000)),
                      b"X-Same: v\r\n" * 5000,
                      b"Cookie: " + b"c=1; " * 20_000 + b"\r\n"):
            out = self.raw(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + flood + b"\r\n")
            self.assertIn(b"HTTP/1.1 431", out)
        out = self.raw(b"GET /api/v1/health?" + b"a=1&" * 50_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertRegex(out, rb"HTTP/1.1 4\d\d")
        self.healthy()

    def test_declared_huge_bodies_refused_before_reading(self):
        for length in (b"1048577", b"1000000000", b"18446744073709551615"):
            s = self.connect()
            try:
                s.sendall(b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: "
                          b"application/json\r\n" + self.auth + b"Content-Length: " + length +
                          b"\r\n\r\n{")
                s.shutdown(socket.SHUT_WR)
                out = self.read_all(s)
            finally:
                s.close()
            self.assertIn(b"HTTP/1.1 413", out, length)
        # A chunked body that grows past the limit.
        out = self.raw(b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       + self.auth + b"Transfer-Encoding: chunked\r\n\r\n" +
                       b"10000\r\n" + b"[" * 0x10000 + b"\r\n" * 1 +
                       (b"10000\r\n" + b" " * 0x10000 + b"\r\n") * 20 + b"0\r\n\r\n")
        self.assertIn(b"HTTP/1.1 413", out)
        self.healthy()


def run():
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    passed = result.testsRun - failed - len(result.skipped)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or result.testsRun == 0 else 0


if __name__ == "__main__":
    sys.argv = sys.argv[:1] + sys.argv[2:]
    sys.exit(run())
