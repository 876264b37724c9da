"""End to end: correspondence on the case file (Code 5.12) and additional or linked complaints
(Code 6.8), over HTTP on SQLite and PostgreSQL.

Usage: python3 tests/e2e/test_attachments.py path/to/charter

Files are PUT raw with their Content-Type and read back byte for byte with the SHA-256 the
server computed; the type is read from the content (a PNG sent as a PDF is refused, as is a
file of no accepted type); a file over 10 MB is 413 while other routes keep their 1 MB limit;
a tampered file is never served; subject access lists the files and retention removes them.
A new issue is added to a stage 1 complaint (definition restated, letter issued, the response
must answer it) and refused after the response (409 code-6.8), when it is logged as a new
complaint linked both ways. Python standard library only.
"""
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
EML = (b"From: Ada Resident <ada@example.org>\r\nTo: complaints@example.org\r\n"
       b"Subject: My boiler\r\nDate: Mon, 2 Jun 2025 09:00:00 +0100\r\n\r\nIt is still broken.\r\n")
DOCX = (b"PK\x03\x04" + bytes(26) + b"[Content_Types].xml" + bytes(10) + b"PK\x03\x04"
        + bytes(26) + b"word/document.xml" + bytes(40))


class Attachments(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "attach")
        cls.server = harness.Server(cls.db).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    def complaint(self, received="2025-06-02T09:00:00Z", person=None):
        body = {"kind": "complaint", "received_at": received, "channel": "email",
                "summary": "Boiler broken", "person": {"name": "Ada Resident"}}
        if person:
            body["person"]["account"] = person
        status, case = self.server.request("POST", API + "/cases", body)
        self.assertEqual(status, 201, case)
        return case["id"]

    def act(self, cid, body, status=200):
        got, out = self.server.request("POST", f"{API}/cases/{cid}/actions", body)
        self.assertEqual(got, status, out)
        return out

    def put(self, cid, name, data, content_type):
        headers = {"Authorization": f"Bearer {self.server.token}"}
        if content_type:
            headers["Content-Type"] = content_type
        status, headers, body = harness.raw_request(
            self.server.port, "PUT", f"{API}/cases/{cid}/attachments/{name}", headers, data)
        import json
        return status, headers, (json.loads(body) if body else None)

    def download(self, cid, name):
        return harness.raw_request(self.server.port, "GET", f"{API}/cases/{cid}/attachments/{name}",
                                   {"Authorization": f"Bearer {self.server.token}"})

    def assertError(self, got, status, rule, field):
        self.assertEqual(got[0], status, got)
        self.assertEqual(got[2]["error"]["rule"], rule, got)
        self.assertEqual(got[2]["error"]["field"], field, got)

    # --- files --------------------------------------------------------------------------
    def test_checksum_round_trip_and_safe_download(self):
        cid = self.complaint()
        status, headers, rec = self.put(cid, "Letter%20from%20Ada.pdf", PDF, "application/pdf")
        self.assertEqual(status, 201, rec)
        self.assertEqual(rec["sha256"], hashlib.sha256(PDF).hexdigest())
        self.assertEqual(rec["size"], len(PDF))
        self.assertEqual(rec["content_type"], "application/pdf")
        self.assertEqual(rec["name"], "Letter from Ada.pdf")
        for name, data, ctype in (("email.eml", EML, "message/rfc822"),
                                  ("note.txt", b"Phoned Ada.\n", "text/plain; charset=utf-8"),
                                  ("photo.png", PNG, "image/png"),
                                  ("report.docx", DOCX, "application/vnd.openxmlformats-"
                                   "officedocument.wordprocessingml.document")):
            got = self.put(cid, name, data, ctype)
            self.assertEqual(got[0], 201, (name, got))
        status, listing = self.server.request("GET", f"{API}/cases/{cid}/attachments")
        self.assertEqual(status, 200, listing)
        self.assertEqual([a["name"] for a in listing["attachments"]][0], "Letter from Ada.pdf")
        self.assertEqual(len(listing["attachments"]), 5)
        status, headers, body = self.download(cid, "Letter%20from%20Ada.pdf")
        self.assertEqual(status, 200)
        self.assertEqual(body, PDF)
        self.assertEqual(hashlib.sha256(body).hexdigest(), headers["x-checksum-sha256"])
        self.assertEqual(headers["content-type"], "application/pdf")
        self.assertEqual(headers["content-disposition"],
                         'attachment; filename="Letter_from_Ada.pdf"')
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        self.assertIn("no-store", headers["cache-control"])
        # The same bytes again: nothing new. Different bytes under the name: refused.
        self.assertEqual(self.put(cid, "Letter%20from%20Ada.pdf", PDF, "application/pdf")[0], 200)
        self.assertError(self.put(cid, "Letter%20from%20Ada.pdf", PDF + b" ", "application/pdf"),
                         409, "exists", "name")

    def test_type_is_read_from_the_content(self):
        cid = self.complaint()
        self.assertError(self.put(cid, "lying.pdf", PNG, "application/pdf"),
                         422, "type-mismatch", "content_type")
        self.assertError(self.put(cid, "tool.pdf", b"MZ\x90\x00\x03" + bytes(100),
                                  "application/pdf"), 422, "unsupported-type", "content")
        self.assertError(self.put(cid, "page.html", b"<html><script>x</script></html>\x00",
                                  "text/html"), 422, "unsupported-type", "content")
        self.assertError(self.put(cid, "bare.pdf", PDF, None), 415, "media-type", "Content-Type")
        self.assertError(self.put(cid, ".hidden", PDF, "application/pdf"), 422, "format", "name")
        self.assertError(self.put(cid, "empty.txt", b"", "text/plain"), 422, "required", "body")
        status, listing = self.server.request("GET", f"{API}/cases/{cid}/attachments")
        self.assertEqual(listing["attachments"], [])
        self.assertEqual(self.put(999999, "a.pdf", PDF, "application/pdf")[0], 404)

    def test_size_limit_only_on_the_upload_route(self):
        cid = self.complaint()
        big = PDF + bytes(10 * 1024 * 1024)
        self.assertError(self.put(cid, "big.pdf", big, "application/pdf"), 413, "too-large", "body")
        huge = PDF + bytes(11 * 1024 * 1024)
        status, _, body = harness.raw_request(
            self.server.port, "PUT", f"{API}/cases/{cid}/attachments/huge.pdf",
            {"Authorization": f"Bearer {self.server.token}", "Content-Type": "application/pdf"},
            huge)
        self.assertEqual(status, 413, body[:200])
        exactly = PDF + bytes(10 * 1024 * 1024 - len(PDF))
        self.assertEqual(self.put(cid, "exactly.pdf", exactly, "application/pdf")[0], 201)
        # Every other route keeps the 1 MB body limit.
        status, out = self.server.request("POST", f"{API}/cases",
                                          '{"summary": "' + "x" * (2 * 1024 * 1024) + '"}')
        self.assertEqual(status, 413, str(out)[:200])

    def test_a_tampered_file_is_never_served(self):
        cid = self.complaint()
        self.assertEqual(self.put(cid, "t.txt", b"Original words\n", "text/plain")[0], 201)
        import base64
        forged = base64.b64encode(b"Forged words!!\n").decode()
        sql = (f"UPDATE attachments SET content_b64 = '{forged}' WHERE case_id = {cid} "
               f"AND name = 't.txt'")
        if self.BACKEND == "postgresql":
            harness.psql(sql, self.db)
        else:
            with sqlite3.connect(self.db) as c:
                c.execute(sql)
        status, _, body = self.download(cid, "t.txt")
        self.assertEqual(status, 500)
        self.assertNotIn(b"Forged", body)

    def test_subject_access_lists_and_retention_removes(self):
        cid = self.complaint(person="P-ATT")
        self.assertEqual(self.put(cid, "letter.txt", b"Dear Ada\n", "text/plain")[0], 201)
        status, doc = self.server.request("GET", f"{API}/people/P-ATT/subject-access")
        self.assertEqual(status, 200, doc)
        files = doc["cases"][0]["attachments"]
        self.assertEqual([f["name"] for f in files], ["letter.txt"])
        self.assertEqual(files[0]["sha256"], hashlib.sha256(b"Dear Ada\n").hexdigest())
        # A case finished long ago: retention anonymises it and deletes its files.
        old = self.complaint("2015-06-01T09:00:00Z")
        self.act(old, {"action": "withdraw", "at": "2015-06-02T09:00:00Z"})
        self.assertEqual(self.put(old, "old.txt", b"Old letter\n", "text/plain")[0], 201)
        out = subprocess.run([harness.CHARTER, "retention", "--db", self.db, "--landlord", "demo",
                              "--years", "6"], capture_output=True, text=True, timeout=300)
        self.assertEqual(out.returncode, 0, out.stderr)
        status, listing = self.server.request("GET", f"{API}/cases/{old}/attachments")
        self.assertEqual(listing["attachments"], [])
        status, listing = self.server.request("GET", f"{API}/cases/{cid}/attachments")
        self.assertEqual(len(listing["attachments"]), 1)

    def test_documents_on_the_timeline_and_shared_with_the_resident(self):
        harness.add_user(self.db, "ada.doc", "resident", person="P-DOC", name="Ada Resident")
        cid = self.complaint(person="P-DOC")
        note = b"Internal note about the visit\n"
        self.assertEqual(self.put(cid, "response.pdf", PDF, "application/pdf")[0], 201)
        self.assertEqual(self.put(cid, "internal.txt", note, "text/plain")[0], 201)
        self.assertEqual(self.put(cid, "response.pdf", PDF, "application/pdf")[0], 200)  # no-op
        _, case = self.server.request("GET", f"{API}/cases/{cid}")
        added = [e for e in case["events"] if e["type"] == "attachment_added"]
        self.assertEqual([(e["data"]["name"], e["data"]["size"]) for e in added],
                         [("response.pdf", len(PDF)), ("internal.txt", len(note))])
        self.assertEqual(added[0]["actor"], "token:e2e")
        out = self.act(cid, {"action": "share_attachment", "name": "nothing.pdf"}, 409)
        self.assertEqual((out["error"]["rule"], out["error"]["field"]),
                         ("unknown-attachment", "name"))
        self.act(cid, {"action": "share_attachment", "name": "response.pdf"})
        out = self.act(cid, {"action": "share_attachment", "name": "response.pdf"}, 409)
        self.assertEqual((out["error"]["rule"], out["error"]["field"]), ("unchanged", "shared"))

        cookie = harness.sign_in(self.server.port, "ada.doc", "e2e password 1234")
        status, _, page = harness.raw_request(self.server.port, "GET", f"/portal/cases/{cid}",
                                              {"Cookie": cookie})
        self.assertEqual(status, 200)
        self.assertIn(b"response.pdf", page)
        self.assertNotIn(b"internal.txt", page)
        base = f"/portal/cases/{cid}/documents/"
        status, headers, body = harness.raw_request(self.server.port, "GET", base + "response.pdf",
                                                    {"Cookie": cookie})
        self.assertEqual(status, 200)
        self.assertEqual(body, PDF)
        # Never the others, and no longer once unshared.
        status, _, _ = harness.raw_request(self.server.port, "GET", base + "internal.txt",
                                           {"Cookie": cookie})
        self.assertEqual(status, 404)
        self.act(cid, {"action": "share_attachment", "name": "response.pdf", "shared": False})
        status, _, _ = harness.raw_request(self.server.port, "GET", base + "response.pdf",
                                           {"Cookie": cookie})
        self.assertEqual(status, 404)
        # Another resident's case is not found either.
        other = self.complaint(person="P-OTHER")
        self.assertEqual(self.put(other, "theirs.pdf", PDF, "application/pdf")[0], 201)
        self.act(other, {"action": "share_attachment", "name": "theirs.pdf"})
        status, _, _ = harness.raw_request(self.server.port, "GET",
                                           f"/portal/cases/{other}/documents/theirs.pdf",
                                           {"Cookie": cookie})
        self.assertEqual(status, 404)

    # --- Code 6.8 -----------------------------------------------------------------------
    def test_add_issue_then_log_separately(self):
        cid = self.complaint()
        self.act(cid, {"action": "acknowledge", "at": "2025-06-02T11:00:00Z",
                       "definition": "Boiler", "handler": "Officer One"})
        case = self.act(cid, {"action": "add_issue", "at": "2025-06-04T10:00:00Z",
                              "summary": "The tap leaks too",
                              "definition": "Boiler not repaired; kitchen tap leaks"})
        self.assertEqual(case["added_issues"][0]["summary"], "The tap leaks too")
        self.assertEqual(case["stage1"]["definition"], "Boiler not repaired; kitchen tap leaks")
        respond = {"action": "respond", "at": "2025-06-06T10:00:00Z", "decision": "not_upheld",
                   "elements": [{"summary": "Boiler", "finding": "not_upheld", "reasons": "Fixed"}]}
        out = self.act(cid, respond, 409)
        self.assertEqual((out["error"]["rule"], out["error"]["field"]), ("code-6.8", "elements"))
        respond["elements"].append({"summary": "Tap", "finding": "not_upheld", "reasons": "Fine"})
        self.act(cid, respond)
        out = self.act(cid, {"action": "add_issue", "at": "2025-06-09T10:00:00Z",
                             "summary": "Noise", "definition": "x"}, 409)
        self.assertEqual(out["error"]["rule"], "code-6.8")
        new = self.act(cid, {"action": "log_separately", "at": "2025-06-09T10:00:00Z",
                             "summary": "Noise from the flat above",
                             "reason": "Raised after the stage 1 response"}, 201)
        self.assertEqual(new["kind"], "complaint")
        self.assertEqual(new["linked_case"], cid)
        self.assertEqual(new["related"][0]["relation"], "raised_during")
        self.assertEqual(new["stage"], 1)
        status, first = self.server.request("GET", f"{API}/cases/{cid}")
        self.assertEqual([(r["id"], r["relation"]) for r in first["related"]],
                         [(new["id"], "logged_separately")])
        out = self.act(cid, {"action": "log_separately", "summary": ""}, 422)
        self.assertEqual((out["error"]["rule"], out["error"]["field"]), ("required", "summary"))
        # The letter telling the resident the issue was added passes the Code's content check
        # (a letter records today's time, so it comes after the dated steps above).
        status, letter = self.server.request("POST", f"{API}/cases/{cid}/letters",
                                             {"letter": "issue_added"})
        self.assertEqual(status, 201, letter)
        self.assertEqual(letter["kind"], "issue_added")


harness.on_both(Attachments, globals())

if __name__ == "__main__":
    harness.run(__name__)
