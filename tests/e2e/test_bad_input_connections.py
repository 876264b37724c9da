"""End to end: what a real `charter serve` does with too many connections, with a connection
that never speaks, and with requests for files under /assets that are not assets.

Usage: python3 tests/e2e/test_bad_input_connections.py path/to/charter

- Connections: at most --max-connections-per-address from one client address and
  --max-connections in all; one more is answered 503 (or closed) at once, never held, and the
  others (another address) are served meanwhile. Clients come from several loopback addresses
  (127.0.0.2, 127.0.0.3, ...), which Linux routes to the server on 127.0.0.1.
- The first byte: a new connection that sends nothing is closed after the first-byte timeout
  (10 s by default), while a kept-alive connection that has already sent a request may sit
  idle for the (longer) idle timeout.
- Assets: a folder, a path out of the assets folder however encoded, and a link out of it are
  404, never a 200 (empty, or with the file outside).

Python standard library only. Prints a closing line "N passed, N failed".
"""
import http.client
import os
import socket
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"


def open_silent(port, source):
    return socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))


def answer_within(s, seconds):
    """What the server sent before closing `s` (b"" for a bare close), or None when it held the
    connection open and silent for `seconds`."""
    s.settimeout(0.2)
    out = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            continue
        except OSError:  # reset: closed
            return out
        if not chunk:
            return out
        out += chunk
    return out or None


def request_on(s, path, token):
    """GET `path` on the open socket `s`; the status line's code (0 when none came back)."""
    s.settimeout(10)
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    try:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n{auth}\r\n".encode())
        head = s.recv(65536)
    except OSError:
        return 0
    return int(head.split(b" ")[1]) if head.startswith(b"HTTP/1.1 ") else 0


class ConnectionLimitsTest(unittest.TestCase):
    PER_ADDRESS = 3
    TOTAL = 8

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.server = harness.Server(os.path.join(cls.tmp.name, "limits.db"),
                                    "--max-connections", str(cls.TOTAL),
                                    "--max-connections-per-address", str(cls.PER_ADDRESS),
                                    "--first-byte-timeout", "60").start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.sockets = []

    def tearDown(self):
        for s in self.sockets:
            s.close()
        time.sleep(0.3)  # the server sees the closes and frees their places

    def hold(self, source, n):
        for _ in range(n):
            self.sockets.append(open_silent(self.server.port, source))
        time.sleep(0.3)  # accepted

    def assert_turned_away(self, source):
        s = open_silent(self.server.port, source)
        self.sockets.append(s)
        start = time.monotonic()
        out = answer_within(s, 5)
        self.assertIsNotNone(out, f"a connection from {source} over the limit was held open")
        self.assertLess(time.monotonic() - start, 3)
        if out:
            self.assertTrue(out.startswith(b"HTTP/1.1 503"), out[:200])
            self.assertIn(b'"rule":"too-many"', out)
            self.assertIn(b"Content-Security-Policy", out)

    def test_one_address_is_limited_and_others_are_served(self):
        self.hold("127.0.0.2", self.PER_ADDRESS)
        self.assert_turned_away("127.0.0.2")
        self.assertEqual(self.server.request("GET", f"{API}/health")[0], 200)
        # The held connections themselves are served.
        self.assertEqual(request_on(self.sockets[0], f"{API}/health", self.server.token), 200)
        # One closes: its address has room again.
        self.sockets.pop(0).close()
        time.sleep(0.3)
        s = open_silent(self.server.port, "127.0.0.2")
        self.sockets.append(s)
        self.assertEqual(request_on(s, f"{API}/health", self.server.token), 200)

    def test_all_addresses_together_are_limited(self):
        for source, n in (("127.0.0.3", 3), ("127.0.0.4", 3), ("127.0.0.5", 2)):
            self.hold(source, n)
        self.assert_turned_away("127.0.0.6")
        self.assert_turned_away("127.0.0.1")
        for s in self.sockets[:2]:
            s.close()
        self.sockets = self.sockets[2:]
        time.sleep(0.3)
        self.assertEqual(self.server.request("GET", f"{API}/health")[0], 200)

    def test_a_flood_from_one_address_leaves_the_server_up(self):
        for _ in range(50):
            try:
                self.sockets.append(open_silent(self.server.port, "127.0.0.7"))
            except OSError:
                pass
        time.sleep(0.5)
        self.assertEqual(self.server.request("GET", f"{API}/health")[0], 200)
        self.assertIsNone(self.server.proc.poll(), "the server died")


class FirstByteTimeoutTest(unittest.TestCase):
    """The defaults: a silent new connection goes after 10 s; a kept-alive one may idle 60 s."""

    def test_silent_connection_closed_but_kept_alive_one_waits(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        server = harness.Server(os.path.join(tmp.name, "first.db")).start()
        self.addCleanup(server.stop)
        kept = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        self.addCleanup(kept.close)
        headers = {"Authorization": f"Bearer {server.token}"}
        kept.request("GET", f"{API}/health", headers=headers)
        resp = kept.getresponse()
        resp.read()
        self.assertEqual(resp.status, 200)

        silent = open_silent(server.port, "127.0.0.1")
        self.addCleanup(silent.close)
        start = time.monotonic()
        out = answer_within(silent, 20)
        held = time.monotonic() - start
        self.assertIsNotNone(out, "a silent connection was held for 20 s")
        self.assertEqual(out, b"")
        self.assertGreater(held, 8)
        self.assertLess(held, 14)

        # The kept-alive connection has been idle as long: still served.
        kept.request("GET", f"{API}/health", headers=headers)
        resp = kept.getresponse()
        resp.read()
        self.assertEqual(resp.status, 200)


class AssetsTest(unittest.TestCase):
    SECRET = b"TOP-SECRET-OUTSIDE-THE-ASSETS"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        base = cls.tmp.name
        assets = os.path.join(base, "assets")
        os.makedirs(os.path.join(assets, "fonts"))
        os.makedirs(os.path.join(assets, "images"))
        for name, data in (("govuk-frontend.min.css", b"/* govuk */"), ("charter.css", b"body{}"),
                           ("fonts/a.woff2", b"font")):
            with open(os.path.join(assets, name), "wb") as f:
                f.write(data)
        with open(os.path.join(base, "secret.txt"), "wb") as f:
            f.write(cls.SECRET)
        os.symlink(os.path.join(base, "secret.txt"), os.path.join(assets, "leak.css"))
        cls.server = harness.Server(os.path.join(base, "assets.db"), "--assets", assets).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def get(self, target):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            conn.putrequest("GET", target, skip_accept_encoding=True)  # the target as written
            conn.endheaders()
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    def test_files_are_served(self):
        self.assertEqual(self.get("/assets/charter.css"), (200, b"body{}"))
        self.assertEqual(self.get("/assets/fonts/a.woff2"), (200, b"font"))

    def test_folders_are_404(self):
        for target in ("/assets/fonts", "/assets/images", "/assets/fonts/", "/assets/",
                       "/assets/fonts/.", "/assets/%66onts"):
            status, _ = self.get(target)
            self.assertEqual(status, 404, target)

    def test_nothing_outside_the_assets_folder(self):
        for target in ("/assets/../secret.txt", "/assets/..%2fsecret.txt",
                       "/assets/%2e%2e/secret.txt", "/assets/%2e%2e%2fsecret.txt",
                       "/assets/%2E%2E%2Fsecret.txt", "/assets/fonts/..%2f..%2fsecret.txt",
                       "/assets/..%5csecret.txt", "/assets/%252e%252e%252fsecret.txt",
                       "/assets/....//secret.txt", "/assets/.%2e/secret.txt",
                       "/assets/leak.css", "/assets/fonts/%2e%2e/%2e%2e/secret.txt",
                       "/assets/%c0%ae%c0%ae/secret.txt", "/assets/..%00/secret.txt"):
            status, body = self.get(target)
            self.assertIn(status, (400, 404), target)
            self.assertNotIn(self.SECRET, body, target)


if __name__ == "__main__":
    sys.argv = sys.argv[:1] + sys.argv[2:]
    harness.run(__name__)
