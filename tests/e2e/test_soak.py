"""End to end: a soak. A mixed load against a real `charter serve` for a bounded time, with the
server's resident memory sampled; fails on a growth trend.

Usage: python3 tests/e2e/test_soak.py path/to/charter

The load: SOAK_CLIENTS keep-alive clients (default 8), each looping over creates (a complaint,
a service request or an enquiry), actions that walk its complaints through the Code (acknowledge,
note, extend, respond, escalate, stage 2) with a share of refused ones (409/422), gets, lists
(filters, paging, a text search) and the deadline helper. Every answer must be below 500 and
none may be refused for a reason other than the one we provoked.

Memory: /proc/PID/status once a second: VmRSS (reported) and RssAnon, its anonymous part (the
heap; the rest is file pages such as the SQLite database mapped in, which follow the data and
are not a leak). The first third of the run (at least 10 s) is warm-up; over the rest a least-
squares line is fitted to RssAnon, separately for its two halves. SQLite's page cache (up to 64
MB per connection) keeps growing while the data grows, so creates are kept to a small share
(SOAK_CREATE_SHARE, 3%) once each client has 40 cases; its growth flattens, while a leak grows
as fast in the second half as in the first. The test fails when the second half's slope
exceeds SOAK_MAX_SLOPE_MB_PER_MIN (default 4 MB/min) plus twice the rate the data (database +
WAL files) grew over the same time (the writer's and a reader's page cache may each follow it),
or RssAnon after warm-up grows by more than SOAK_MAX_GROWTH_MB (default 48 MB). At the ~650
requests/s seen here, a leak of ~100 bytes per request is ~4 MB/min. Weak spot: a smaller leak
needs the long variant to show.

Duration: CHARTER_SOAK_SECONDS (default 60 in CI). The long variant:

    CHARTER_SOAK_SECONDS=3600 python3 tests/e2e/test_soak.py build/charter

Prints the figures (requests, rate, RSS at start/after warm-up/end/peak, slope). Python
standard library only. Prints a closing line "N passed, N failed".
"""
import http.client
import json
import os
import random
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

API = "/api/v1"
SECONDS = float(os.environ.get("CHARTER_SOAK_SECONDS", "60"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "8"))
MAX_SLOPE = float(os.environ.get("SOAK_MAX_SLOPE_MB_PER_MIN", "4"))
MAX_GROWTH = float(os.environ.get("SOAK_MAX_GROWTH_MB", "48"))
# Creates are few once each client has its 40 cases, so the database (and SQLite's page cache,
# up to 64 MB a connection, which grows with it) stays nearly the same size after warm-up.
CREATE_SHARE = float(os.environ.get("SOAK_CREATE_SHARE", "0.03"))


def memory_kb(pid):
    """VmRSS and its anonymous part (RssAnon: the heap; the rest is file pages such as the
    SQLite database and WAL index mapped in, which grow with the data and are not a leak)."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                out[name] = int(rest.split()[0])
    if "VmRSS" not in out:
        raise RuntimeError("no VmRSS")
    return out


def db_size(db):
    total = 0
    for suffix in ("", "-wal"):
        try:
            total += os.path.getsize(db + suffix)
        except OSError:
            pass
    return total


def slope_per_second(points):
    """Least-squares slope of (t, y) points."""
    n = len(points)
    mt = sum(t for t, _ in points) / n
    my = sum(y for _, y in points) / n
    num = sum((t - mt) * (y - my) for t, y in points)
    den = sum((t - mt) ** 2 for t, _ in points)
    return num / den if den else 0.0


class Client:
    def __init__(self, port, token):
        self.port = port
        self.token = token
        self.conn = None

    def request(self, method, path, body=None, actor=None):
        headers = {"X-Charter-Actor": actor} if actor else {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                raw = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.close()
                return resp.status, (json.loads(raw) if raw else None)
            except (http.client.HTTPException, ConnectionError, BrokenPipeError):
                # A kept-alive connection the server closed between requests: retry once.
                self.close()
                if attempt == 1:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def complaint(rng):
    return {
        "kind": "complaint", "received_at": "2025-03-21T17:30:00Z",
        "channel": rng.choice(["phone", "email", "letter", "in_person", "web_form"]),
        "summary": "Damp in the back bedroom " + "x" * rng.randint(0, 400),
        "person": {"name": f"Resident {rng.randint(1, 10**6)}", "phone": "01632 960001",
                   "vulnerabilities": ["asthma"] if rng.random() < 0.3 else []},
    }


# The steps a complaint walks through, in order (each is valid once the one before it was).
JOURNEY = [
    {"action": "acknowledge", "at": "2025-03-24T10:00:00Z", "handler": "Alice",
     "definition": "The damp is not fixed"},
    {"action": "note", "text": "Called the resident", "at": "2025-03-25T10:00:00Z"},
    {"action": "extend", "new_due": "2025-04-23", "reason": "Survey needed",
     "at": "2025-03-26T10:00:00Z"},
    {"action": "respond", "decision": "upheld", "at": "2025-04-10T10:00:00Z",
     "elements": [{"summary": "Damp", "finding": "upheld", "reasons": "Not fixed in time"}],
     "remedies": [{"type": "apology", "description": "We are sorry"}]},
    {"action": "request_escalation", "at": "2025-04-14T10:00:00Z", "reason": "Still damp"},
    {"action": "acknowledge", "at": "2025-04-15T10:00:00Z", "handler": "Bob",
     "definition": "Stage 2 review"},
    {"action": "respond", "decision": "upheld", "at": "2025-04-25T10:00:00Z",
     "elements": [{"summary": "Damp", "finding": "upheld", "reasons": "Agreed"}],
     "remedies": [{"type": "apology", "description": "We are sorry"}]},
]


class SoakTest(unittest.TestCase):
    def test_mixed_load_without_memory_growth(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        db = os.path.join(tmp.name, "soak.db")
        server = harness.Server(db).start()
        self.addCleanup(server.stop)
        # Drain the server's output so a chatty log can never fill the pipe and stall it.
        for stream in (server.proc.stdout, server.proc.stderr):
            threading.Thread(target=lambda s=stream: [None for _ in iter(s.readline, "")],
                             daemon=True).start()
        pid = server.proc.pid
        token = getattr(server, "token", None)

        stop = threading.Event()
        lock = threading.Lock()
        counts = {}
        failures = []
        samples = []
        data_mb = []
        start = time.monotonic()

        def record(op, status):
            with lock:
                counts[(op, status)] = counts.get((op, status), 0) + 1

        def worker(seed):
            rng = random.Random(seed)
            client = Client(server.port, token)
            mine = []  # [case id, next journey step]
            try:
                while not stop.is_set():
                    r = rng.random()
                    if r < CREATE_SHARE or len(mine) < 40:
                        kind = rng.random()
                        if kind < 0.7:
                            body = complaint(rng)
                        else:
                            body = {"kind": rng.choice(["service_request", "enquiry"]),
                                    "received_at": "2025-03-21T10:00:00Z", "channel": "email",
                                    "summary": "Tap dripping"}
                        status, payload = client.request("POST", f"{API}/cases", body)
                        record("create", status)
                        if status != 201:
                            failures.append(("create", status, payload))
                            continue
                        if body["kind"] == "complaint":
                            mine.append([payload["id"], 0])
                            if len(mine) > 200:
                                mine.pop(0)
                    elif r < 0.30:
                        case = rng.choice(mine)
                        if case[1] < len(JOURNEY) and rng.random() < 0.85:
                            # Stage 2 (after the escalation) by another account (Code 6.13).
                            status, payload = client.request(
                                "POST", f"{API}/cases/{case[0]}/actions", JOURNEY[case[1]],
                                actor="reviewer" if case[1] >= 4 else None)
                            record("action", status)
                            if status == 200:
                                case[1] += 1
                            else:
                                failures.append(("action", case[1], status, payload))
                        else:
                            # Out of order or after the end: refused, never a 5xx.
                            body = rng.choice([JOURNEY[0], JOURNEY[3], {"action": "bogus"}])
                            status, payload = client.request(
                                "POST", f"{API}/cases/{case[0]}/actions", body)
                            record("refused", status)
                            if status not in (200, 409, 422):
                                failures.append(("refused", status, payload))
                            elif status == 200:
                                case[1] = len(JOURNEY)  # the journey no longer applies
                    elif r < 0.70:
                        cid = rng.choice(mine)[0]
                        status, payload = client.request("GET", f"{API}/cases/{cid}")
                        record("get", status)
                        if status != 200:
                            failures.append(("get", status, payload))
                    elif r < 0.97:
                        query = rng.choice([
                            "limit=50", "kind=complaint&stage=1&limit=20", "status=open",
                            "overdue=true&limit=10", "q=damp&limit=5", "handler=Alice",
                            "due_before=2025-06-01&limit=100", "limit=20&cursor=5"])
                        status, payload = client.request("GET", f"{API}/cases?{query}")
                        record("list", status)
                        if status != 200:
                            failures.append(("list", query, status, payload))
                    else:
                        status, payload = client.request(
                            "GET", f"{API}/calendar/deadline?received_at=2025-03-21T17%3A30%3A00Z")
                        record("deadline", status)
                        if status != 200:
                            failures.append(("deadline", status, payload))
                    if len(failures) > 20:
                        stop.set()
            except Exception as e:  # noqa: BLE001
                failures.append(("exception", repr(e)))
                stop.set()
            finally:
                client.close()

        def sampler():
            while not stop.is_set():
                try:
                    m = memory_kb(pid)
                    samples.append((time.monotonic() - start, m["VmRSS"] / 1024.0,
                                    m.get("RssAnon", m["VmRSS"]) / 1024.0))
                    data_mb.append((samples[-1][0], db_size(db) / 1048576.0))
                except (OSError, RuntimeError):
                    failures.append(("server gone",))
                    stop.set()
                    return
                stop.wait(1.0)

        threads = [threading.Thread(target=worker, args=(1000 + i,)) for i in range(CLIENTS)]
        threads.append(threading.Thread(target=sampler))
        for t in threads:
            t.start()
        stop.wait(SECONDS)
        stop.set()
        for t in threads:
            t.join(timeout=120)
        elapsed = time.monotonic() - start

        total = sum(counts.values())
        fivexx = sum(n for (op, status), n in counts.items() if status >= 500)
        warm = max(10.0, SECONDS / 3)
        after = [(t, anon) for t, _, anon in samples if t >= warm]
        after_rss = [(t, rss) for t, rss, _ in samples if t >= warm]
        by_op = {}
        for (op, status), n in sorted(counts.items()):
            by_op.setdefault(op, []).append(f"{status}x{n}")
        print(f"\nsoak: {elapsed:.0f} s, {CLIENTS} clients, {total} requests "
              f"({total / elapsed:.0f}/s), 5xx: {fivexx}", file=sys.stderr)
        print("  " + "; ".join(f"{op}: {' '.join(v)}" for op, v in by_op.items()),
              file=sys.stderr)
        self.assertTrue(server.proc.poll() is None, "the server died")
        self.assertEqual(fivexx, 0)
        self.assertEqual(failures, [])
        self.assertGreater(total, 100, "the load did not run")
        self.assertGreaterEqual(len(after), 5, f"too few samples after warm-up: {samples}")
        # A leak grows the same in both halves of the measured window; a cache filling up (the
        # page cache following the data, allocator arenas) flattens. The limit applies to the
        # second half.
        half = after[len(after) // 2:]
        first_slope = slope_per_second(after[:len(after) // 2 + 1]) * 60.0
        slope = slope_per_second(half) * 60.0
        growth = after[-1][1] - after[0][1]
        data_half = [(t, y) for t, y in data_mb if t >= half[0][0]]
        data_slope = max(0.0, slope_per_second(data_half) * 60.0) if len(data_half) > 1 else 0.0
        limit = MAX_SLOPE + 2 * data_slope
        rss_slope = slope_per_second(after_rss) * 60.0
        peak = max(rss for _, rss, _ in samples)
        print(f"  VmRSS MB: start {samples[0][1]:.1f}, after warm-up ({warm:.0f} s) "
              f"{after_rss[0][1]:.1f}, end {after_rss[-1][1]:.1f}, peak {peak:.1f}, slope after "
              f"warm-up {rss_slope:+.2f} MB/min", file=sys.stderr)
        print(f"  RssAnon MB: start {samples[0][2]:.1f}, after warm-up {after[0][1]:.1f}, end "
              f"{after[-1][1]:.1f}; slope after warm-up {first_slope:+.2f} MB/min in the first "
              f"half, {slope:+.2f} MB/min in the second (limit {limit:.2f} = {MAX_SLOPE} + 2 x the "
              f"data's {data_slope:.2f} MB/min), "
              f"growth {growth:+.1f} MB (limit {MAX_GROWTH})", file=sys.stderr)
        self.assertLessEqual(slope, limit, f"RSS grows: {samples}")
        self.assertLessEqual(growth, MAX_GROWTH, f"RSS grows: {samples}")
        # Still healthy afterwards.
        status, _ = Client(server.port, token).request("GET", f"{API}/health")
        self.assertEqual(status, 200)


if __name__ == "__main__":
    sys.argv = sys.argv[:1] + sys.argv[2:]
    harness.run(__name__)
