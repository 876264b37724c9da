"""Many machines: several `charter serve` processes on one PostgreSQL database behind nginx with
TLS at the proxy, using packaging/nginx/charter.conf as shipped (only its ports, certificate
paths and the proxy's own address changed; render() checks that each is still there).

Checked through https://127.0.0.1:PORT with the certificate verified: signing in sets a Secure
cookie (the proxy's X-Forwarded-Proto, believed from the --trusted-proxy only), pages and the
API work, a cross-site write is refused through the proxy, writes spread over the processes
(ids unique and gapless, each readable through every process), the sign-in throttle counts the
client's address (X-Forwarded-For), not the proxy's, readiness answers 503 while a process
drains after SIGTERM (and the proxy keeps answering), and with a process killed every request
is still answered (GETs retried by nginx, new POSTs sent to a live process). Then the whole
JSON API suite (test_api.py) runs again through the proxy.

nginx runs in the foreground with its own prefix, pid, logs and temporary paths in a temp dir,
as root or not. Skipped without CHARTER_PG_DSN or without /usr/sbin/nginx.
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import test_api  # noqa: E402  (its suite runs again through the proxy: ApiThroughNginx)

NGINX = os.environ.get("CHARTER_NGINX", "/usr/sbin/nginx")
TEMPLATE = os.path.join(harness.SOURCE_DIR, "packaging", "nginx", "charter.conf")
PROXY_ADDRESS = "127.0.0.2"  # nginx's own address towards the processes (proxy_bind)
OTHER_CLIENT = "127.0.0.3"   # a second client address (the loopback network is all local)
DRAIN_SECONDS = 3
PASSWORD = "e2e password 1234"
API = "/api/v1"

runnable = unittest.skipUnless(harness.PG_DSN and os.access(NGINX, os.X_OK),
                               "needs CHARTER_PG_DSN and nginx (/usr/sbin/nginx)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(directory):
    """A self-signed certificate for 127.0.0.1 (P-256): (certificate, key) paths."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    return cert, key


def render(upstreams, https_port, http_port, cert, key):
    """packaging/nginx/charter.conf with its ports, certificate and proxy address for this
    test. Each replaced text must be in the template exactly once, so the test fails (rather
    than testing something else) when the template changes shape."""
    with open(TEMPLATE, encoding="utf-8") as f:
        text = f.read()

    def once(old, new):
        nonlocal text
        if text.count(old) != 1:
            raise AssertionError(f"{TEMPLATE} no longer has exactly one {old!r}")
        text = text.replace(old, new)

    servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in upstreams)
    once("    server 127.0.0.1:8081 max_fails=1 fail_timeout=10s;\n", servers)
    once("    server 127.0.0.1:8082 max_fails=1 fail_timeout=10s;\n", "")
    once("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    once("    listen [::]:443 ssl http2;\n", "")  # the test needs no IPv6
    once("listen 80;", f"listen 127.0.0.1:{http_port};")
    once("    listen [::]:80;\n", "")
    once("/etc/ssl/certs/charter.example.org.pem", cert)
    once("/etc/ssl/private/charter.example.org.key", key)
    once("proxy_pass http://charter;", f"proxy_pass http://charter;\n        proxy_bind {PROXY_ADDRESS};")
    return text


def main_config(directory):
    """nginx.conf for a prefix of its own: pid, logs, temporary files all in `directory`."""
    temp = "\n".join(f"    {kind}_temp_path {directory}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""worker_processes 2;
pid {directory}/nginx.pid;
error_log {directory}/error.log info;
events {{ worker_connections 1024; }}
http {{
    access_log {directory}/access.log;
    default_type application/octet-stream;
{temp}
    include {directory}/charter.conf;
}}
"""


Reply = test_api.Reply


class Cluster:
    """`n` charter serve processes on a new PostgreSQL database, behind nginx."""

    def __init__(self, n, *extra):
        self.n = n
        self.extra = list(extra)
        self.dir = None
        self.dsn = None
        self.servers = []
        self.nginx = None

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="charter-nginx-")
        os.chmod(self.dir, 0o755)  # nginx's workers (nobody, when started as root) use it
        self.dsn = harness.new_pg_database("nginx")
        self.token = harness.api_token(self.dsn)
        for _ in range(self.n):
            server = test_api.CharterServer(self.dsn, "--trusted-proxy", PROXY_ADDRESS,
                                            "--access-log", "--log-format", "json",
                                            "--drain-seconds", str(DRAIN_SECONDS), *self.extra)
            server.token = self.token
            self.servers.append(server.start())
        self.cert, key = make_certificate(self.dir)
        self.port, http_port = free_port(), free_port()
        with open(os.path.join(self.dir, "charter.conf"), "w", encoding="utf-8") as f:
            f.write(render([s.port for s in self.servers], self.port, http_port, self.cert, key))
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(main_config(self.dir))
        base = [NGINX, "-p", self.dir, "-c", conf, "-e", os.path.join(self.dir, "error.log")]
        check = subprocess.run(base + ["-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t: {check.stderr}")
        self.nginx = subprocess.Popen(base + ["-g", "daemon off;"], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, preexec_fn=harness.die_with_parent)
        self.context = ssl.create_default_context(cafile=self.cert)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if self.request("GET", f"{API}/health/live").status == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"nginx did not answer: {self.log('error.log')}")

    def log(self, name):
        try:
            with open(os.path.join(self.dir, name), encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def log_conf(self):
        return self.log("charter.conf")

    def stop(self):
        if self.nginx and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finish, then exit
            try:
                self.nginx.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait()
        for s in self.servers:
            s.stop()
        if self.dsn:
            harness.drop_pg_database(self.dsn)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def request(self, method, path, body=None, headers=None, content_type="application/json",
                timeout=30, source=None, token=True):
        """One request through nginx over HTTPS (certificate checked), on a fresh connection
        from `source` (an address on the loopback network; default 127.0.0.1)."""
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context,
                                           timeout=timeout,
                                           source_address=(source, 0) if source else None)
        try:
            hdrs = dict(headers or {})
            if token and self.token and not any(k.lower() in ("authorization", "cookie")
                                                for k in hdrs):
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
            return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
        finally:
            conn.close()

    @property
    def origin(self):
        return f"https://127.0.0.1:{self.port}"


class ThroughProxy(test_api.CharterServer):
    """test_api's server interface (request, get, post, act) answered through the proxy."""

    def __init__(self, cluster):
        super().__init__(cluster.dsn)
        self.cluster = cluster
        self.port = cluster.port

    def request(self, method, path, body=None, headers=None, content_type="application/json",
                timeout=30):
        return self.cluster.request(method, path, body, headers, content_type, timeout)


def access_lines(server, method, path_prefix):
    """The JSON access-log lines of `server` for requests `method` to paths under the prefix."""
    out = []
    for line in list(server.output):
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("msg") == "request" and entry.get("method") == method and \
                str(entry.get("target", "")).startswith(path_prefix):
            out.append(entry)
    return out


def complaint(tag):
    return {"kind": "complaint", "received_at": "2025-03-21T17:30:00Z", "channel": "phone",
            "summary": tag, "person": {"name": "A Resident"}}


@runnable
class ManyMachines(unittest.TestCase):
    """Three processes: all take writes; the third drains after SIGTERM, the second is killed."""
    cluster = None

    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster(3)
        try:
            cls.cluster.start()
            harness.add_user(cls.cluster.dsn, "nina", "complaints_admin", password=PASSWORD)
        except Exception:
            cls.cluster.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.cluster:
            cls.cluster.stop()

    def sign_in_form(self, source=None):
        """The web sign-in through the proxy: (status, Set-Cookie of the answer)."""
        c = self.cluster
        page = c.request("GET", "/sign-in", token=False, source=source)
        self.assertEqual(page.status, 200, page)
        self.assertIn("Secure", page.headers.get("set-cookie", ""), "the form's CSRF cookie")
        cookie = page.headers["set-cookie"].split(";")[0]
        token = re.search(rb'name="signin_token" value="([^"]*)"', page.raw).group(1).decode()
        r = c.request("POST", "/sign-in", urlencode({
            "username": "nina", "password": PASSWORD, "next": "/", "signin_token": token}),
            headers={"Cookie": cookie, "Origin": c.origin, "Accept": "text/html"},
            content_type="application/x-www-form-urlencoded", source=source)
        return r.status, r.headers.get("set-cookie", "")

    def test_1_sign_in_sets_a_secure_cookie_and_pages_work(self):
        c = self.cluster
        status, set_cookie = self.sign_in_form()
        self.assertEqual(status, 303)
        self.assertIn("charter_session=", set_cookie)
        self.assertIn("; Secure", set_cookie)
        self.assertIn("HttpOnly", set_cookie)
        session = set_cookie.split(";")[0]
        for path in ("/staff", "/staff/search?q=damp"):  # whichever process serves them
            r = c.request("GET", path, headers={"Cookie": session})
            self.assertEqual(r.status, 200, (path, r))
            self.assertIn(b"<html", r.raw)
        public = c.request("GET", "/complain", token=False)  # a resident's page, signed out
        self.assertEqual(public.status, 200, public)
        # The JSON sign-in too; and straight to a process (not the trusted proxy) a forged
        # X-Forwarded-Proto is ignored: no Secure over plain HTTP.
        r = c.request("POST", f"{API}/session", {"username": "nina", "password": PASSWORD},
                      token=False)
        self.assertEqual(r.status, 201, r)
        self.assertIn("; Secure", r.headers["set-cookie"])
        status, headers, body = harness.raw_request(
            c.servers[0].port, "POST", f"{API}/session",
            {"Content-Type": "application/json", "X-Forwarded-Proto": "https"},
            json.dumps({"username": "nina", "password": PASSWORD}))
        self.assertEqual(status, 201, body)
        self.assertNotIn("Secure", headers["set-cookie"])

    def test_2_api_headers_and_cross_site(self):
        c = self.cluster
        r = c.request("GET", f"{API}/cases?limit=5", headers={"X-Request-Id": "nginx-e2e-1"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.headers.get("x-request-id"), "nginx-e2e-1")
        self.assertIn("max-age=", r.headers.get("strict-transport-security", ""))  # nginx's
        self.assertIn("default-src 'self'", r.headers.get("content-security-policy", ""))
        self.assertNotIn("nginx/", r.headers.get("server", ""))
        self.assertRegex(c.request("GET", f"{API}/health").headers.get("x-request-id", ""),
                         r"^[0-9a-f]{16,32}$")  # nginx's own id when the client sent none
        self.assertEqual(c.request("GET", f"{API}/health/ready").json, {"status": "ready"})
        self.assertEqual(c.request("GET", f"{API}/openapi.json").status, 200)
        # Writes: from the service's own origin through the proxy, yes; from another, no.
        ok = c.request("POST", f"{API}/cases", complaint("same origin"),
                       headers={"Origin": c.origin, "Sec-Fetch-Site": "same-origin"})
        self.assertEqual(ok.status, 201, ok)
        refused = c.request("POST", f"{API}/cases", complaint("elsewhere"),
                            headers={"Origin": "https://evil.example"})
        self.assertEqual(refused.status, 403, refused)
        self.assertEqual(refused.error()["rule"], "cross-site")
        # Plain HTTP on the proxy sends people to HTTPS.
        conn = http.client.HTTPConnection("127.0.0.1", int(re.search(
            r"listen 127\.0\.0\.1:(\d+);", c.log_conf()).group(1)), timeout=10)
        conn.request("GET", "/staff?x=1")
        redirect = conn.getresponse()
        self.assertEqual(redirect.status, 301)
        self.assertTrue(redirect.getheader("Location").startswith("https://127.0.0.1"))
        conn.close()

    def test_3_writes_spread_over_the_processes(self):
        c = self.cluster
        before = [len(access_lines(s, "POST", f"{API}/cases")) for s in c.servers]
        ids = {}
        lock = threading.Lock()
        failures = []

        def writer(n):
            for i in range(10):
                r = c.request("POST", f"{API}/cases", complaint(f"w{n}-{i}"))
                with lock:
                    if r.status != 201:
                        failures.append(r)
                    else:
                        ids[r.json["id"]] = f"w{n}-{i}"

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        self.assertEqual(len(ids), 40)
        self.assertEqual(sorted(ids), list(range(min(ids), min(ids) + 40)),
                         "ids unique and gapless across the processes")
        time.sleep(0.2)  # the access log line follows the answer
        for server, n in zip(c.servers, before):
            lines = access_lines(server, "POST", f"{API}/cases")[n:]
            self.assertGreater(len(lines), 0, f"no writes went to the process on {server.port}")
            # The client's address from X-Forwarded-For; the proxy's as `via`.
            self.assertEqual({(e["remote"], e.get("via")) for e in lines},
                             {("127.0.0.1", PROXY_ADDRESS)})
        for case_id, tag in list(ids.items())[:10]:
            for server in c.servers:
                r = server.get(f"{API}/cases/{case_id}")
                self.assertEqual(r.status, 200, (server.port, r))
                self.assertEqual(r.json["summary"], tag)

    def test_4_the_sign_in_throttle_counts_the_client_not_the_proxy(self):
        c = self.cluster
        statuses = []
        for i in range(40):  # each process keeps its own count: 10 free failures each
            r = c.request("POST", f"{API}/session", {"username": f"nobody{i}", "password": "x"},
                          token=False)
            statuses.append(r.status)
            if r.status == 429 and statuses[-3:] == [429, 429, 429]:
                break
        self.assertIn(429, statuses, statuses)
        self.assertTrue(set(statuses) <= {401, 429}, statuses)
        # Another client (another address, through the same proxy) is not held back ...
        r = c.request("POST", f"{API}/session", {"username": "nina", "password": PASSWORD},
                      token=False, source=OTHER_CLIENT)
        self.assertEqual(r.status, 201, r)
        # ... and its address is the one Charter logs.
        time.sleep(0.2)
        remotes = {e["remote"] for s in c.servers for e in access_lines(s, "POST", f"{API}/session")}
        self.assertIn(OTHER_CLIENT, remotes)
        self.assertNotIn(PROXY_ADDRESS, remotes)

    def test_5_readiness_fails_while_a_process_drains(self):
        c = self.cluster
        draining = c.servers[2]
        self.assertEqual(draining.get(f"{API}/health/ready").status, 200)
        stop = threading.Event()
        failures, answered = [], [0]

        def traffic():
            i = 0
            while not stop.is_set():
                i += 1
                r = c.request("POST", f"{API}/cases", complaint(f"drain {i}")) if i % 2 else \
                    c.request("GET", f"{API}/cases?limit=3")
                if r.status not in (200, 201):
                    failures.append(r)
                answered[0] += 1

        threads = [threading.Thread(target=traffic) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        started = time.time()
        draining.proc.send_signal(signal.SIGTERM)
        seen = None
        while time.time() - started < DRAIN_SECONDS - 0.5:
            r = draining.get(f"{API}/health/ready")
            if r.status == 503:
                seen = r
                break
            time.sleep(0.05)
        self.assertIsNotNone(seen, "readiness never said 503 during the drain")
        self.assertEqual(seen.error()["rule"], "shutting-down")
        self.assertEqual(seen.headers.get("retry-after"), "1")
        live = draining.get(f"{API}/health/live")
        self.assertEqual(live.status, 200)  # alive, just not taking work
        self.assertEqual(live.headers.get("connection"), "close")
        self.assertEqual(draining.get(f"{API}/health").status, 200, "health stays as it was")
        draining.proc.wait(timeout=DRAIN_SECONDS + 20)
        self.assertEqual(draining.proc.returncode, 0)
        self.assertGreaterEqual(time.time() - started, DRAIN_SECONDS - 0.5)
        time.sleep(1)  # and on, with the process gone
        stop.set()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        self.assertGreater(answered[0], 10)

    def test_6_a_killed_process_is_routed_around(self):
        c = self.cluster
        c.servers[1].proc.send_signal(signal.SIGKILL)
        c.servers[1].proc.wait()
        statuses = []
        for i in range(30):
            r = c.request("GET", f"{API}/cases?limit=2") if i % 2 else \
                c.request("POST", f"{API}/cases", complaint(f"after kill {i}"))
            statuses.append(r.status)
        self.assertEqual([s for s in statuses if s not in (200, 201)], [], statuses)
        # nginx met the dead process (refused) and went on to the live one.
        self.assertIn("connect() failed", c.log("error.log"))


@runnable
class ApiThroughNginx(test_api.ApiTest):
    """test_api.py's suite on PostgreSQL, every request through nginx to two processes."""
    BACKEND = "postgresql"
    cluster = None

    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster(2)
        try:
            cls.cluster.start()
        except Exception:
            cls.cluster.stop()
            raise
        cls.db = cls.cluster.dsn
        cls.server = ThroughProxy(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        if cls.cluster:
            cls.cluster.stop()


if __name__ == "__main__":
    sys.argv = sys.argv[:1] + sys.argv[2:]  # leave the binary out of unittest's way
    harness.run(__name__)
