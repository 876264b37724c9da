"""Email in end to end (docs/mail-in.md): the real messages of tests/mail piped into
`charter mail-in` as an MTA's pipe would, and POSTed to /api/v1/mail-in as a remote gateway
would, while a real `charter serve` runs on the same database; what arrived is read back
through the API (the triage queue, the case's events and files, the quarantine).

  * a multipart message becomes a complaint waiting for triage, from its sender, with the text
    as a note and the PDF and the message itself on the file; the .exe is named as refused;
  * the same Message-ID twice is logged once ("already received", exit 0);
  * a reply whose subject carries the case reference joins that case as a note; an unknown
    reference is a new contact;
  * HTML-only, ISO-8859-1 and encoded-word messages read as text;
  * malformed, sender-less and oversized messages are quarantined with the reason, exit 0;
  * a database that cannot be reached answers exit 75 (EX_TEMPFAIL) so the MTA retries;
  * the HTTP route: 201 / 200 duplicate / 202 quarantined, 415 without message/rfc822, 403 for
    a role that may not log contacts, 422 on a bad kind;
  * through a real SMTP server (Debian's aiosmtpd) whose handler pipes each message it is given
    into `charter mail-in`, as Postfix's pipe to an alias does.

Runs on SQLite and, when CHARTER_PG_DSN is set, on PostgreSQL.
"""
import os
import re
import smtplib
import socket
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402

from aiosmtpd.controller import Controller  # noqa: E402

API = "/api/v1"
FIXTURES = os.path.join(harness.SOURCE_DIR, "tests", "mail")


def fixture(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def message(subject, body, message_id, sender="Ada Resident <ada@example.org>"):
    return (f"From: {sender}\r\nTo: complaints@landlord.example\r\nSubject: {subject}\r\n"
            f"Message-ID: <{message_id}>\r\nDate: Mon, 07 Dec 2026 09:00:00 +0000\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
            ).encode()


class MailPipe:
    """aiosmtpd's handler: each message is piped into `charter mail-in`; 250 when it was taken,
    451 (try again later) on exit 75, as Postfix's pipe transport answers."""

    def __init__(self, db):
        self.db = db
        self.outputs = []

    async def handle_DATA(self, server, session, envelope):
        out = subprocess.run([harness.CHARTER, "mail-in", "--db", self.db, "--landlord", "demo"],
                             input=envelope.original_content or envelope.content,
                             capture_output=True, timeout=120)
        self.outputs.append(out)
        if out.returncode == 0:
            return "250 Message accepted for delivery"
        if out.returncode == 75:
            return "451 4.3.0 Try again later"
        return "554 5.3.0 Not taken"


class MailInTest(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "mailin")
        cls.server = harness.Server(cls.db).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def pipe(self, raw, *extra, db=None):
        return subprocess.run([harness.CHARTER, "mail-in", "--db", db or self.db,
                               "--landlord", "demo", *extra],
                              input=raw, capture_output=True, timeout=120)

    def taken(self, raw, outcome="contact"):
        out = self.pipe(raw)
        self.assertEqual(out.returncode, 0, out.stderr)
        text = out.stdout.decode()
        m = re.search(r"CH-(\d+)", text)
        self.assertTrue(text.startswith({"contact": "new contact", "joined": "joined"}[outcome]),
                        text)
        return int(m.group(1))

    def case(self, cid):
        status, case = self.server.request("GET", f"{API}/cases/{cid}")
        self.assertEqual(status, 200, case)
        return case

    def notes(self, cid):
        return [e["data"]["text"] for e in self.case(cid)["events"] if e["type"] == "note"]

    def files(self, cid):
        status, out = self.server.request("GET", f"{API}/cases/{cid}/attachments")
        self.assertEqual(status, 200, out)
        return {a["name"]: a for a in out["attachments"]}

    def test_a_message_becomes_a_contact_waiting_for_triage_with_its_files(self):
        cid = self.taken(fixture("multipart_attachment.eml"))
        case = self.case(cid)
        self.assertEqual(case["kind"], "complaint")
        self.assertEqual(case["channel"], "email")
        self.assertEqual(case["summary"], "Damp in my bedroom, still not fixed")
        self.assertEqual(case["person"]["name"], "Amina Khan")
        self.assertEqual(case["person"]["email"], "amina.khan@example.org")
        self.assertIsNone(case["owner"])
        status, queue = self.server.request("GET", f"{API}/cases?unassigned=true&limit=200")
        self.assertEqual(status, 200, queue)
        self.assertIn(cid, [c["id"] for c in queue["cases"]])
        notes = self.notes(cid)
        self.assertTrue(any("The mould is back on the wall" in n for n in notes), notes)
        files = self.files(cid)
        self.assertEqual(files["doctor letter.pdf"]["content_type"], "application/pdf")
        emails = [n for n in files if n.startswith("email-") and n.endswith(".eml")]
        self.assertEqual(len(emails), 1, files)
        self.assertEqual(files[emails[0]]["content_type"], "message/rfc822")
        self.assertNotIn("setup.exe", files)
        self.assertTrue(any("setup.exe" in n and "Not kept" in n for n in notes), notes)
        self.assertTrue(all(e["actor"] == "mail-in" for e in self.case(cid)["events"]))

    def test_the_same_message_twice_is_logged_once(self):
        raw = message("Twice please", "Sent twice by a retrying server.", "twice-1@example.org")
        cid = self.taken(raw)
        again = self.pipe(raw)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn(b"already received", again.stdout)
        self.assertIn(f"CH-{cid:06}".encode(), again.stdout)
        status, found = self.server.request("GET", f"{API}/cases?q=Twice%20please")
        self.assertEqual(status, 200, found)
        self.assertEqual(len(found["cases"]), 1, found)

    def test_a_reply_with_the_reference_joins_its_case(self):
        cid = self.taken(message("Leaking roof", "Water comes through.", "first-7@example.org"))
        ref = f"CH-{cid:06}"
        reply = message(f"Re: We have received your complaint ({ref})",
                        "It rained again last night and the bucket overflowed.",
                        "reply-7@example.org")
        joined = self.taken(reply, "joined")
        self.assertEqual(joined, cid)
        notes = self.notes(cid)
        self.assertTrue(any("bucket overflowed" in n and "Ada Resident" in n for n in notes), notes)
        # An unknown reference is a new contact, not an error.
        other = self.taken(message("Re: CH-999999", "Which case?", "unknown-ref@example.org"))
        self.assertNotEqual(other, cid)

    def test_html_latin1_and_encoded_words_read_as_text(self):
        html = self.taken(fixture("html_only.eml"))
        self.assertTrue(any("until 3\u00a0am & the caretaker" in n for n in self.notes(html)))
        latin = self.taken(fixture("latin1.eml"))
        self.assertEqual(self.case(latin)["summary"], "R\u00e9paration du chauffage")
        self.assertTrue(any("\u00a340" in n for n in self.notes(latin)))
        encoded = self.taken(fixture("encoded_subject.eml"))
        case = self.case(encoded)
        self.assertEqual(case["summary"], "Cwyn \u2013 the boiler is broken")
        self.assertEqual(case["person"]["name"], "Si\u00f4n Jones")

    def test_bad_messages_are_quarantined_with_the_reason_never_lost(self):
        for name, reason in (("malformed.eml", "malformed"), ("no_from.eml", "no-from")):
            out = self.pipe(fixture(name))
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertIn(f"quarantined ({reason})".encode(), out.stdout)
        big = message("Huge", "x" * 100, "huge-1@example.org") + b"y" * (26 * 1024 * 1024)
        out = self.pipe(big)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn(b"quarantined (too-large)", out.stdout)
        status, q = self.server.request("GET", f"{API}/mail-in/quarantine")
        self.assertEqual(status, 200, q)
        by_id = {m["message_id"]: m for m in q["messages"]}
        self.assertEqual(by_id["malformed-1@example.org"]["reason"], "malformed")
        self.assertEqual(by_id["no-from-1@example.org"]["reason"], "no-from")
        self.assertEqual(by_id["huge-1@example.org"]["reason"], "too-large")
        self.assertEqual(by_id["huge-1@example.org"]["size"], len(big))
        # Quarantined twice is still one row.
        again = self.pipe(fixture("malformed.eml"))
        self.assertIn(b"already received", again.stdout)

    def test_an_unreachable_database_is_a_temporary_failure(self):
        raw = message("Retry me", "Later.", "retry-1@example.org")
        missing = self.pipe(raw, db=os.path.join(self.tmp.name, "no-such.db"))
        self.assertEqual(missing.returncode, 75, missing.stderr)
        if self.BACKEND == "postgresql":
            down = self.pipe(raw, db=f"postgresql://127.0.0.1:{free_port()}/nothing")
            self.assertEqual(down.returncode, 75, down.stderr)
        unknown = subprocess.run([harness.CHARTER, "mail-in", "--db", self.db, "--landlord",
                                  "nobody"], input=raw, capture_output=True, timeout=120)
        self.assertEqual(unknown.returncode, 75, unknown.stderr)
        # Nothing was written: the retry takes it in.
        self.taken(raw)

    def test_the_gateway_route(self):
        token = harness.api_token(self.db, role="front_line", name="gateway")
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "message/rfc822"}
        raw = message("Sent by the gateway", "Through HTTP.", "gateway-1@example.org")
        status, out = self.server.request("POST", f"{API}/mail-in?kind=enquiry", raw, auth)
        self.assertEqual(status, 201, out)
        self.assertEqual(out["outcome"], "contact")
        self.assertEqual(self.case(out["case_id"])["kind"], "enquiry")
        status, again = self.server.request("POST", f"{API}/mail-in", raw, auth)
        self.assertEqual(status, 200, again)
        self.assertEqual((again["outcome"], again["first_outcome"], again["case_id"]),
                         ("duplicate", "contact", out["case_id"]))
        status, q = self.server.request("POST", f"{API}/mail-in", fixture("no_from.eml").replace(
            b"no-from-1", b"no-from-http"), auth)
        self.assertEqual(status, 202, q)
        self.assertEqual(q["reason"], "no-from")
        status, err = self.server.request("POST", f"{API}/mail-in", raw,
                                          {"Authorization": f"Bearer {token}",
                                           "Content-Type": "text/plain"})
        self.assertEqual(status, 415, err)
        status, err = self.server.request("POST", f"{API}/mail-in?kind=asb_report", raw, auth)
        self.assertEqual(status, 422, err)
        self.assertEqual(err["error"]["field"], "kind")
        governance = harness.api_token(self.db, role="governance", name="board")
        status, err = self.server.request("POST", f"{API}/mail-in", raw,
                                          {"Authorization": f"Bearer {governance}",
                                           "Content-Type": "message/rfc822"})
        self.assertEqual(status, 403, err)

    def test_through_a_real_smtp_server(self):
        handler = MailPipe(self.db)
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        try:
            with smtplib.SMTP("127.0.0.1", controller.port, timeout=120) as smtp:
                smtp.sendmail("amina.khan@example.org", ["complaints@landlord.example"],
                              message("By SMTP", "Delivered by a mail server.",
                                      "smtp-1@example.org", "Amina Khan <amina.khan@example.org>"))
                smtp.sendmail("amina.khan@example.org", ["complaints@landlord.example"],
                              message("By SMTP", "Delivered by a mail server.",
                                      "smtp-1@example.org", "Amina Khan <amina.khan@example.org>"))
        finally:
            controller.stop()
        self.assertEqual([o.returncode for o in handler.outputs], [0, 0],
                         [o.stderr for o in handler.outputs])
        self.assertIn(b"new contact", handler.outputs[0].stdout)
        self.assertIn(b"already received", handler.outputs[1].stdout)
        cid = int(re.search(rb"CH-(\d+)", handler.outputs[0].stdout).group(1))
        self.assertEqual(self.case(cid)["summary"], "By SMTP")


harness.on_both(MailInTest, globals())

if __name__ == "__main__":
    harness.run(__name__)
