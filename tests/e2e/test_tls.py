"""End to end: HTTPS and the security headers.

Usage: python3 tests/e2e/test_tls.py path/to/charter

Makes a self-signed certificate with the openssl CLI, starts `charter serve --tls-cert FILE
--tls-key FILE`, and talks HTTPS to it (verifying the certificate): health, a case created and
read back, the security headers (HSTS only over TLS), plain HTTP and garbage on the TLS port
refused without harm, and a missing or mismatched key refused at start. With `openssl
s_client`: TLS 1.2 offers only ECDHE suites with AEAD ciphers and picks in the server's order;
TLS 1.3 works; TLS 1.0 and 1.1 are refused. The plain server's
responses carry the same headers without HSTS.

Python standard library only. Prints a closing line "N passed, N failed".
"""
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


def make_cert(directory, name="cert"):
    key = os.path.join(directory, f"{name}.key")
    cert = os.path.join(directory, f"{name}.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=120)
    return cert, key


def token_for(db):
    make = getattr(harness, "api_token", None)
    return make(db) if make else None


class TlsServer:
    def __init__(self, db, cert, key):
        self.db, self.cert, self.key = db, cert, key
        self.proc = None
        self.port = None
        self.token = token_for(db)

    def start(self):
        self.proc = subprocess.Popen(
            [harness.CHARTER, "serve", "--db", self.db, "--port", "0", "--tls-cert", self.cert,
             "--tls-key", self.key], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            preexec_fn=harness.die_with_parent)
        m = None
        for _ in range(50):  # skip any log lines printed before "listening on"
            line = self.proc.stdout.readline()
            m = re.search(r"listening on https://[\d.]+:(\d+)", line)
            if m or not line:
                break
        if not m:
            err = self.proc.stderr.read() if self.proc.poll() is not None else ""
            raise RuntimeError(f"server did not start: {line!r} {err}")
        self.port = int(m.group(1))
        for stream in (self.proc.stdout, self.proc.stderr):
            threading.Thread(target=lambda s=stream: [None for _ in iter(s.readline, "")],
                             daemon=True).start()
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def request(self, method, path, body=None):
        ctx = ssl.create_default_context(cafile=self.cert)
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=ctx, timeout=30)
        try:
            headers = {}
            if self.token:
                headers["Authorization"] = f"Bearer {self.token}"
            data = None
            if body is not None:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, raw
        finally:
            conn.close()


def check_security_headers(test, headers, tls):
    test.assertEqual(headers.get("content-security-policy"), CSP)
    test.assertEqual(headers.get("x-content-type-options"), "nosniff")
    test.assertEqual(headers.get("x-frame-options"), "DENY")
    test.assertEqual(headers.get("referrer-policy"), "same-origin")
    if tls:
        test.assertEqual(headers.get("strict-transport-security"),
                         "max-age=31536000; includeSubDomains")
    else:
        test.assertNotIn("strict-transport-security", headers)


@unittest.skipUnless(shutil.which("openssl"), "the openssl CLI is not installed")
class TlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.cert, cls.key = make_cert(cls.tmp.name)
        cls.server = TlsServer(os.path.join(cls.tmp.name, "tls.db"), cls.cert, cls.key).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def test_https_health_and_headers(self):
        status, headers, raw = self.server.request("GET", f"{API}/health")
        self.assertEqual(status, 200, raw)
        check_security_headers(self, headers, tls=True)
        status, headers, _ = self.server.request("GET", f"{API}/nope")
        self.assertEqual(status, 404)
        check_security_headers(self, headers, tls=True)

    def test_https_create_and_read(self):
        body = {"kind": "complaint", "received_at": "2025-03-21T17:30:00Z", "channel": "phone",
                "summary": "Boiler", "person": {"name": "A Resident"}}
        status, headers, raw = self.server.request("POST", f"{API}/cases", body)
        self.assertEqual(status, 201, raw)
        case = json.loads(raw)
        status, _, raw = self.server.request("GET", f"{API}/cases/{case['id']}")
        self.assertEqual(status, 200, raw)
        self.assertEqual(json.loads(raw)["reference"], case["reference"])
        status, headers, raw = self.server.request("POST", f"{API}/cases", {"kind": 1})
        self.assertEqual(status, 422, raw)
        check_security_headers(self, headers, tls=True)

    def test_certificate_is_verified_by_the_client(self):
        # A client that does not trust the self-signed certificate refuses it: TLS is real.
        conn = http.client.HTTPSConnection("127.0.0.1", self.server.port, timeout=10,
                                           context=ssl.create_default_context())
        with self.assertRaises(ssl.SSLError):
            conn.request("GET", f"{API}/health")
            conn.getresponse()
        conn.close()

    def test_plain_http_and_garbage_on_the_tls_port(self):
        for data in (b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n", b"\x00" * 100,
                     b"\x16\x03\x01\x00\x05hello", os.urandom(3000)):
            s = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
            try:
                s.sendall(data)
                s.shutdown(socket.SHUT_WR)
                out = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    out += chunk
            except OSError:
                out = b""
            finally:
                s.close()
            self.assertNotIn(b"HTTP/1.1 5", out)
        self.assertIsNone(self.server.proc.poll(), "the server died")
        self.assertEqual(self.server.request("GET", f"{API}/health")[0], 200)

    def test_many_handshakes_at_once(self):
        errors = []

        def worker():
            try:
                for _ in range(10):
                    if self.server.request("GET", f"{API}/health")[0] != 200:
                        errors.append("status")
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])

    def s_client(self, *args):
        """`openssl s_client` against the server with `args`; (return code, its output)."""
        out = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{self.server.port}",
                              "-servername", "localhost", *args], input="", capture_output=True,
                             text=True, timeout=60)
        return out.returncode, out.stdout + out.stderr

    def test_tls12_offers_only_forward_secret_aead_suites(self):
        # Without forward secrecy (RSA key transport), CBC, SHA-1, finite-field DHE: refused,
        # even when the client offers nothing else (and is willing to go low: SECLEVEL=0).
        for weak in ("AES128-SHA256", "AES128-SHA", "AES256-GCM-SHA384", "AES128-GCM-SHA256",
                     "DHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA256",
                     "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA384"):
            code, out = self.s_client("-tls1_2", "-cipher", weak + ":@SECLEVEL=0")
            self.assertNotEqual(code, 0, (weak, out[-600:]))
            self.assertNotIn(f"Cipher is {weak}", out)
        for good in ("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
                     "ECDHE-RSA-CHACHA20-POLY1305"):
            code, out = self.s_client("-tls1_2", "-cipher", good)
            self.assertIn(f"Cipher is {good}", out, out[-600:])
        self.assertIsNone(self.server.proc.poll(), "the server died")

    def test_the_server_chooses_the_tls12_suite(self):
        # The client lists the server's third choice first; the server's first is used.
        code, out = self.s_client("-tls1_2", "-cipher",
                                  "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384:"
                                  "ECDHE-RSA-AES128-GCM-SHA256")
        self.assertIn("Cipher is ECDHE-RSA-AES128-GCM-SHA256", out, out[-600:])

    def test_tls13_and_nothing_older_than_tls12(self):
        code, out = self.s_client("-tls1_3")
        self.assertIn("TLSv1.3", out, out[-600:])
        for old in ("-tls1", "-tls1_1"):
            code, out = self.s_client(old, "-cipher", "DEFAULT:@SECLEVEL=0")
            self.assertNotEqual(code, 0, (old, out[-600:]))
            self.assertIn("Cipher is (NONE)", out)

    def test_bad_key_or_certificate_refused_at_start(self):
        other_cert, other_key = make_cert(self.tmp.name, "other")
        db = os.path.join(self.tmp.name, "bad.db")
        junk = os.path.join(self.tmp.name, "junk.pem")
        with open(junk, "w") as f:
            f.write("not a certificate\n")
        for args in (["--tls-cert", self.cert, "--tls-key", other_key],   # mismatched
                     ["--tls-cert", junk, "--tls-key", self.key],         # not PEM
                     ["--tls-cert", self.cert],                          # no key
                     ["--tls-cert", self.cert, "--tls-key", "/nonexistent.key"]):
            out = subprocess.run([harness.CHARTER, "serve", "--db", db, "--port", "0", *args],
                                 capture_output=True, text=True, timeout=60)
            self.assertNotEqual(out.returncode, 0, (args, out.stdout, out.stderr))
            self.assertNotIn("listening", out.stdout)


class PlainHeadersTest(unittest.TestCase):
    def test_plain_http_has_the_headers_but_no_hsts(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        server = harness.Server(os.path.join(tmp.name, "plain.db")).start()
        self.addCleanup(server.stop)
        token = getattr(server, "token", None)
        for path in (f"{API}/health", f"{API}/nope", f"{API}/cases/abc"):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            resp.read()
            self.assertLess(resp.status, 500)
            check_security_headers(self, {k.lower(): v for k, v in resp.getheaders()},
                                   tls=False)
            conn.close()


if __name__ == "__main__":
    sys.argv = sys.argv[:1] + sys.argv[2:]
    harness.run(__name__)
