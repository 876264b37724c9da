"""The outbox end to end: email to residents through a real SMTP server (Debian's aiosmtpd, in
this process), read back as it arrived. The Done-when test of issue 14: an acknowledgement email
arrives exactly once across a SIGKILL of `charter serve` between the commit and the send, in
both places the kill can fall:

  * the send failed (the SMTP server was down) and the retry was pending: kill, bring the mail
    server up, restart; it arrives once, and a further restart sends nothing more;
  * the send was in flight (the sender had claimed the message and was waiting on a mail server
    that accepted the connection and never answered): kill, swap in the real server, restart;
    the message is sent again once its claim's lease ends, and arrives once.

A text message to a person whose contact channel is SMS goes to a local server that speaks
GOV.UK Notify's protocol (POST /v2/notifications/sms, a JWT signed with the key's secret), which
checks the token.

Runs on SQLite and, when CHARTER_PG_DSN is set, on PostgreSQL. The delivery status is read
through GET /api/v1/cases/{id}/messages.
"""
import base64
import email
import hashlib
import hmac
import http.server
import json
import os
import re
import socket
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402

from aiosmtpd.controller import Controller  # noqa: E402

API = "/api/v1"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Inbox:
    """aiosmtpd's handler: keeps every message that arrived."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"

    def count(self):
        with self.lock:
            return len(self.messages)


class Staller:
    """A mail server that accepts connections and never says a word: a send in flight."""

    def __init__(self, port):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(8)
        self.accepted = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self):
        for c in self.accepted:
            c.close()
        # shutdown wakes the thread blocked in accept(): a close alone leaves the listening
        # socket open in the kernel until accept returns, and the port taken.
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.thread.join(timeout=5)


SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"


class FakeNotify(http.server.ThreadingHTTPServer):
    """Speaks Notify's send-SMS call: checks the JWT (HS256 with the secret, iss the service id,
    iat within 30 s) and keeps each accepted request's body."""

    def __init__(self):
        self.received = []
        self.rejected = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                problem = outer.check(self.path, self.headers.get("Authorization", ""))
                if problem:
                    outer.rejected.append(problem)
                    self.send_response(403)
                    self.end_headers()
                    self.wfile.write(json.dumps({"errors": [{"message": problem}]}).encode())
                    return
                outer.received.append(body)
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps({"id": "740e5834-3a29-46b4-9a6f-16142fde533a"}).encode())

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @staticmethod
    def check(path, auth):
        if path != "/v2/notifications/sms":
            return f"wrong path {path}"
        if not auth.startswith("Bearer "):
            return "no bearer token"
        head, claims, sig = auth[len("Bearer "):].split(".")
        pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
        want = hmac.new(SECRET.encode(), f"{head}.{claims}".encode(), hashlib.sha256).digest()
        if base64.urlsafe_b64decode(pad(sig)) != want:
            return "bad signature"
        if json.loads(base64.urlsafe_b64decode(pad(head))) != {"typ": "JWT", "alg": "HS256"}:
            return "bad header"
        c = json.loads(base64.urlsafe_b64decode(pad(claims)))
        if c.get("iss") != SERVICE_ID or abs(c.get("iat", 0) - time.time()) > 30:
            return f"bad claims {c}"
        return None


def wait_for(what, check, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Outbox(unittest.TestCase):
    BACKEND = "sqlite"

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.db = harness.fresh_database(self.BACKEND, self.tmp.name, "outbox")
        self.smtp_port = free_port()
        self.server = None
        self.controller = None
        self.inbox = Inbox()

    def tearDown(self):
        if self.server:
            self.server.kill()
        if self.controller:
            self.controller.stop()
        harness.drop_database(self.db)
        self.tmp.cleanup()

    def serve(self, *extra):
        server = harness.Server(self.db, "--smtp", f"smtp://127.0.0.1:{self.smtp_port}",
                                "--smtp-from", "complaints@northside.example",
                                "--outbox-retry-base", "1", "--outbox-retry-cap", "2", *extra)
        if self.server is not None:
            server.token = self.server.token
        self.server = server.start()
        return self.server

    def serve_plain(self, *extra):
        self.server = harness.Server(self.db, *extra).start()
        return self.server

    def mail_server_up(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.smtp_port)
        self.controller.start()

    def acknowledged_case(self):
        status, case = self.server.request("POST", API + "/cases", {
            "kind": "complaint", "received_at": "2025-03-03T10:00:00Z", "channel": "email",
            "summary": "The boiler is still broken",
            "person": {"name": "Ada Resident", "email": "ada@example.org"}})
        self.assertEqual(status, 201, case)
        status, acked = self.server.request("POST", f"{API}/cases/{case['id']}/actions", {
            "action": "acknowledge", "at": "2025-03-04T10:00:00Z",
            "definition": "Boiler not repaired; wants it fixed", "handler": "Ivy Okonkwo"})
        self.assertEqual(status, 200, acked)
        return case["id"], case["reference"]

    def messages(self, cid):
        status, out = self.server.request("GET", f"{API}/cases/{cid}/messages")
        self.assertEqual(status, 200, out)
        return out["messages"]

    def assert_arrived_once(self, reference):
        self.assertEqual(self.inbox.count(), 1, [m["Subject"] for _, m in self.inbox.messages])
        rcpt, msg = self.inbox.messages[0]
        self.assertEqual(rcpt, ["ada@example.org"])
        self.assertIn(reference, msg["Subject"])
        self.assertEqual(msg["From"], "complaints@northside.example")
        self.assertRegex(msg["Message-ID"], r"^<\d+\.2\.acknowledgement\.1@charter\.invalid>$")
        body = msg.get_payload(decode=True).decode("utf-8")
        self.assertIn("Dear Ada Resident", body)
        self.assertIn("We will send you our answer by", body)

    def test_killed_while_the_retry_waits(self):
        self.serve()  # nothing listens on the SMTP port yet
        cid, reference = self.acknowledged_case()
        failed = wait_for("a failed attempt", lambda: [
            m for m in self.messages(cid) if m["attempts"] >= 1 and m["status"] == "pending"])
        self.assertEqual(failed[0]["kind"], "acknowledgement")
        self.assertIn("SMTP", failed[0]["last_error"])
        self.server.kill()
        self.mail_server_up()
        self.serve()
        wait_for("the email", lambda: self.inbox.count() >= 1)
        sent = wait_for("the sent mark", lambda: [
            m for m in self.messages(cid) if m["status"] == "sent"])
        self.assertIsNotNone(sent[0]["sent"])
        self.assertIsNone(sent[0]["last_error"])
        # Sent is final: restarted again, nothing more goes.
        self.server.kill()
        self.serve()
        time.sleep(3)
        self.assert_arrived_once(reference)

    def test_killed_while_the_send_is_in_flight(self):
        staller = Staller(self.smtp_port)
        try:
            self.serve("--outbox-lease", "3")
            cid, reference = self.acknowledged_case()
            wait_for("the claim", lambda: [
                m for m in self.messages(cid) if m["status"] == "sending"])
            wait_for("the connection", lambda: staller.accepted)
            self.server.kill()
        finally:
            staller.close()
        self.mail_server_up()
        self.serve("--outbox-lease", "3")
        wait_for("the email", lambda: self.inbox.count() >= 1)
        sent = wait_for("the sent mark", lambda: [
            m for m in self.messages(cid) if m["status"] == "sent"])
        self.assertEqual(sent[0]["attempts"], 2)
        time.sleep(2)
        self.assert_arrived_once(reference)

    def test_a_text_message_through_notify(self):
        notify = FakeNotify()
        key_file = os.path.join(self.tmp.name, "notify-key")
        with open(key_file, "w") as f:
            f.write(f"charter_test-{SERVICE_ID}-{SECRET}\n")
        try:
            self.serve_plain("--notify-url", f"http://127.0.0.1:{notify.server_address[1]}",
                             "--notify-key-file", key_file, "--notify-sms-template", TEMPLATE)
            status, case = self.server.request("POST", API + "/cases", {
                "kind": "complaint", "received_at": "2025-03-03T10:00:00Z", "channel": "phone",
                "summary": "Text me", "person": {
                    "name": "Cy Resident", "phone": "07700 900123", "email": "cy@example.org",
                    "contact": {"channel": "sms", "language": "cy", "needs_interpreter": False,
                                "review_date": "2026-03-31"}}})
            self.assertEqual(status, 201, case)
            self.assertEqual(case["person"]["contact"]["channel"], "sms")
            self.assertEqual(case["person"]["contact"]["review_date"], "2026-03-31")
            status, _ = self.server.request("POST", f"{API}/cases/{case['id']}/actions", {
                "action": "acknowledge", "at": "2025-03-04T10:00:00Z",
                "definition": "Boiler not repaired; wants it fixed", "handler": "Ivy Okonkwo"})
            self.assertEqual(status, 200)
            sent = wait_for("the sent mark", lambda: [
                m for m in self.messages(case["id"]) if m["status"] == "sent"])
            self.assertEqual(sent[0]["channel"], "sms")
            self.assertEqual(notify.rejected, [])
            self.assertEqual(len(notify.received), 1)
            got = notify.received[0]
            self.assertEqual(got["phone_number"], "07700 900123")
            self.assertEqual(got["template_id"], TEMPLATE)
            self.assertEqual(got["reference"], f"{case['id']}.2.acknowledgement")
            self.assertIn(case["reference"], got["personalisation"]["body"])
            self.assertLessEqual(len(got["personalisation"]["body"]), 160)
        finally:
            notify.shutdown()

    def test_a_response_sends_the_survey_link_that_opens_the_survey(self):
        self.mail_server_up()
        self.serve("--public-url", "https://charter.example.org")
        cid, reference = self.acknowledged_case()
        status, out = self.server.request("POST", f"{API}/cases/{cid}/actions", {
            "action": "respond", "at": "2025-03-10T10:00:00Z", "decision": "upheld",
            "elements": [{"summary": "Boiler", "finding": "upheld", "reasons": "Missed visits"}],
            "remedies": [{"type": "apology", "description": "We are sorry for the missed visits"}]})
        self.assertEqual(status, 200, out)
        wait_for("the survey email", lambda: [
            m for _, m in self.inbox.messages if m["Subject"].startswith("How did we do?")])
        time.sleep(2)  # anything sent twice would have arrived by now
        surveys = [m for _, m in self.inbox.messages if m["Subject"].startswith("How did we do?")]
        self.assertEqual(len(surveys), 1, [m["Subject"] for _, m in self.inbox.messages])
        self.assertIn(reference, surveys[0]["Subject"])
        body = surveys[0].get_payload(decode=True).decode("utf-8")
        self.assertIn("how we handled your complaint", body)
        self.assertNotIn("{survey_link", body)
        link = re.search(r"Tell us here: https://charter\.example\.org(/survey/\S+)", body)
        self.assertIsNotNone(link, body)
        # The link is the case's recorded survey, and opens without signing in.
        status, listed = self.server.request("GET", f"{API}/cases/{cid}/surveys")
        self.assertEqual(status, 200, listed)
        self.assertEqual([s["link"] for s in listed["surveys"]], [link.group(1)])
        status, _, page = harness.raw_request(self.server.port, "GET", link.group(1))
        self.assertEqual(status, 200)
        self.assertIn("How satisfied are you with how we handled your complaint?",
                      page.decode("utf-8"))
        sent = wait_for("the sent mark", lambda: [
            m for m in self.messages(cid) if m["kind"] == "survey" and m["status"] == "sent"])
        self.assertEqual(len(sent), 1)

    def test_a_bad_contact_preference_is_refused_naming_the_field(self):
        self.serve_plain()
        for contact, field in (({"channel": "pigeon"}, "person.contact.channel"),
                               ({"format": "huge"}, "person.contact.format"),
                               ({"review_date": "31/03/2026"}, "person.contact.review_date"),
                               ({"needs_interpreter": "yes"}, "person.contact.needs_interpreter"),
                               ({"colour": "blue"}, "person.contact.colour")):
            status, out = self.server.request("POST", API + "/cases", {
                "kind": "complaint", "received_at": "2025-03-03T10:00:00Z", "channel": "phone",
                "summary": "x", "person": {"name": "A", "contact": contact}})
            self.assertEqual(status, 422, (contact, out))
            self.assertEqual(out["error"]["field"], field, out)

    def test_no_email_address_no_message_and_others_cases_hidden(self):
        self.mail_server_up()
        self.serve()
        status, case = self.server.request("POST", API + "/cases", {
            "kind": "complaint", "received_at": "2025-03-03T10:00:00Z", "channel": "phone",
            "summary": "No email", "person": {"name": "Bo Resident"}})
        self.assertEqual(status, 201, case)
        status, _ = self.server.request("POST", f"{API}/cases/{case['id']}/actions", {
            "action": "acknowledge", "at": "2025-03-04T10:00:00Z",
            "definition": "Boiler not repaired; wants it fixed", "handler": "Ivy Okonkwo"})
        self.assertEqual(status, 200)
        self.assertEqual(self.messages(case["id"]), [])
        status, out = self.server.request("GET", f"{API}/cases/999999/messages")
        self.assertEqual(status, 404, out)
        status, out = self.server.request("GET", f"{API}/cases/abc/messages")
        self.assertEqual(status, 422, out)


harness.on_both(Outbox, globals())

if __name__ == "__main__":
    harness.run(__name__)
