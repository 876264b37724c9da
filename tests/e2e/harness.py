"""Shared helpers for the end-to-end tests: start a real `charter serve`, talk HTTP to it.

Python standard library only, so the tests need nothing beyond Debian's python3.
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import unittest

CHARTER = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/charter"
SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def api_token(db, role="complaints_admin", landlord="demo", name="e2e"):
    """A new API token on `db` (a SQLite file or postgresql://...; `charter token create`), for
    `Authorization: Bearer`."""
    out = subprocess.run([CHARTER, "token", "create", "--db", db, "--landlord", landlord,
                          "--role", role, "--name", name],
                         capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"charter token create failed: {out.stderr}")
    return out.stdout.strip()


def die_with_parent():
    """preexec_fn for a server: Linux sends it SIGTERM when the test process ends, so a test
    that ctest kills on a timeout never leaves a `charter serve` running after the suite."""
    import ctypes
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _drain(pipe):
    for _ in iter(pipe.readline, ""):
        pass


class Server:
    """A `charter serve` process on an ephemeral port. Every request carries an API token of
    the demo landlord's complaints administrator (made on the database before serving) unless
    the request gives its own Authorization header, or the Server is made with token=False."""

    def __init__(self, db, *extra, token=True):
        self.db = db
        self.extra = list(extra)
        self.proc = None
        self.port = None
        self.want_token = token
        self.token = None

    def start(self):
        if self.want_token and self.token is None:
            self.token = api_token(self.db)
        self.proc = subprocess.Popen(
            [CHARTER, "serve", "--db", self.db, "--port", "0", *self.extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            preexec_fn=die_with_parent)
        # The "listening on" line may come after warnings; read up to it, then keep draining
        # both pipes so a chatty server can never block on a full pipe.
        seen = []
        m = None
        while m is None and len(seen) < 50:
            line = self.proc.stdout.readline()
            if not line:
                break
            seen.append(line)
            m = re.search(r"listening on https?://[\d.]+:(\d+)", line)
        if not m:
            err = self.proc.stderr.read() if self.proc.poll() is not None else ""
            raise RuntimeError(f"server did not start: {''.join(seen)!r} {err}")
        for pipe in (self.proc.stdout, self.proc.stderr):
            threading.Thread(target=_drain, args=(pipe,), daemon=True).start()
        self.port = int(m.group(1))
        self.banner = seen  # what the server printed up to "listening on"
        return self

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def request(self, method, path, body=None, headers=None, timeout=30):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = None
            hdrs = dict(headers or {})
            if self.token and not any(k.lower() == "authorization" for k in hdrs):
                hdrs["Authorization"] = f"Bearer {self.token}"
            if body is not None:
                data = body if isinstance(body, (bytes, str)) else json.dumps(body)
                hdrs.setdefault("Content-Type", "application/json")
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            raw = resp.read()
            try:
                payload = json.loads(raw) if raw else None
            except ValueError:
                payload = raw
            return resp.status, payload
        finally:
            conn.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --- PostgreSQL (the pg helper's tests: crash, backup, two processes) ----------------------
# CHARTER_PG_DSN (postgresql://user@host:port/db, set by scripts/test.sh) names a server on
# which the tests may create databases.
PG_DSN = os.environ.get("CHARTER_PG_DSN", "")


def pg_dsn_for(dbname):
    """The CHARTER_PG_DSN URI with its database replaced by `dbname`."""
    m = re.match(r"^(postgres(?:ql)?://[^/?]*)(/[^?]*)?(\?.*)?$", PG_DSN)
    if not m:
        raise RuntimeError(f"CHARTER_PG_DSN is not a postgresql:// URI: {PG_DSN!r}")
    return f"{m.group(1)}/{dbname}{m.group(3) or ''}"


def psql(sql, dsn=None):
    """Runs SQL with psql on CHARTER_PG_DSN (or dsn); returns stdout (unaligned, tuples only)."""
    out = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                          "-d", dsn or PG_DSN, "-c", sql],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def new_pg_database(prefix="e2e"):
    """A new, empty PostgreSQL database; its DSN."""
    name = f"{prefix}_{os.getpid()}_{int(time.time() * 1000) % 10**9}"
    psql(f"CREATE DATABASE {name}")
    return pg_dsn_for(name)


def drop_pg_database(dsn):
    name = dsn.rsplit("/", 1)[1].split("?")[0]
    try:
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    except subprocess.CalledProcessError:
        pass


# --- Both databases (the API suites run on each) -------------------------------------------
# A suite's class is written for SQLite; its PostgreSQL twin is the same class with
# BACKEND = "postgresql", made by on_both(). Each class gets a database of its own.
def fresh_database(backend, tmpdir, name="t"):
    """A new, empty database for one suite: a SQLite file in `tmpdir`, or a new PostgreSQL
    database (CREATE DATABASE on CHARTER_PG_DSN's server) so suites never see each other's data."""
    if backend == "postgresql":
        return new_pg_database(name)
    return os.path.join(tmpdir, f"{name}.db")


def drop_database(db):
    if db and db.startswith("postgres"):
        drop_pg_database(db)


def on_both(cls, module_globals):
    """Adds `cls`'s PostgreSQL twin (NamePostgres, skipped without CHARTER_PG_DSN) to the module."""
    twin = unittest.skipUnless(PG_DSN, "CHARTER_PG_DSN is not set")(
        type(cls.__name__ + "Postgres", (cls,),
             {"BACKEND": "postgresql", "__module__": cls.__module__}))
    module_globals[twin.__name__] = twin
    return cls


def run(module_name):
    """Runs the module's tests and prints the closing 'N passed, N failed' line."""
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[module_name])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    passed = result.testsRun - failed - len(result.skipped)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


# --- Accounts and signed-in web sessions (the report pages need a session) ------------------
def add_user(db, username, role, password="e2e password 1234", landlord="demo", person=None,
             name="E2E User"):
    """An account on the SQLite file `db` (`charter user add`, password on stdin)."""
    args = [CHARTER, "user", "add", "--db", db, "--landlord", landlord, "--username", username,
            "--role", role, "--name", name]
    if person:
        args += ["--person", person]
    out = subprocess.run(args, input=password + "\n", capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"charter user add failed: {out.stderr}")
    return password


def raw_request(port, method, path, headers=None, body=None, timeout=30):
    """One request with exactly the given headers: (status, headers dict, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=dict(headers or {}))
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def sign_in(port, username, password):
    """Signs in on the web form; answers the Cookie header value of the session."""
    import re
    from urllib.parse import urlencode
    # The sign-in form carries its own CSRF token (a cookie and the same value in the form).
    _, page_headers, page = raw_request(port, "GET", "/sign-in")
    cookie = page_headers.get("set-cookie", "").split(";")[0]
    token = re.search(rb'name="signin_token" value="([^"]*)"', page)
    status, headers, body = raw_request(
        port, "POST", "/sign-in", {"Content-Type": "application/x-www-form-urlencoded",
                                   "Cookie": cookie},
        urlencode({"username": username, "password": password, "next": "/",
                   "signin_token": token.group(1).decode() if token else ""}))
    if status != 303 or "set-cookie" not in headers:
        raise RuntimeError(f"sign-in failed: {status} {body[:200]!r}")
    return headers["set-cookie"].split(";")[0]
