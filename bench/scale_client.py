#!/usr/bin/env python3
"""The read side of bench/scale.sh: one keep-alive connection to a running `charter serve`,
timing each request from send to the last byte of the answer (the client's view: network,
parsing and rendering included). Signs in through the real sign-in form for the staff pages
and uses an API token for the API.

  scale_client.py PORT --token T --user U --password-file F [--runs R]

Prints one line per measure: runs, p50, p99, max in milliseconds and what the answer held
(rows of the first page, bytes), and fails (exit 1) if any answer is not 200.
"""
import argparse
import http.client
import json
import re
import sys
import time
import urllib.parse


class Client:
    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):
            # The server closed a connection left idle (--idle-timeout) while the other
            # client was measured: connect again (GETs only after sign-in, so no harm).
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
        data = r.read()
        for name, value in r.getheaders():
            if name.lower() == "set-cookie":
                k, _, rest = value.partition("=")
                self.cookies[k.strip()] = rest.split(";", 1)[0]
        return r.status, data

    def sign_in(self, user, password):
        status, page = self.request("GET", "/sign-in")
        if status != 200:
            sys.exit(f"GET /sign-in: {status}")
        m = re.search(rb'name="signin_token"[^>]*value="([^"]+)"', page) or re.search(
            rb'value="([^"]+)"[^>]*name="signin_token"', page)
        if not m:
            sys.exit("GET /sign-in: no signin_token in the form")
        form = urllib.parse.urlencode({"username": user, "password": password,
                                       "signin_token": m.group(1).decode(), "next": "/staff"})
        status, _ = self.request("POST", "/sign-in", form,
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 303 and status != 302:
            sys.exit(f"POST /sign-in as {user}: {status} (expected a redirect)")


def held(data):
    """What an answer held: the rows of a case page, else its size."""
    try:
        j = json.loads(data)
        if isinstance(j, dict) and isinstance(j.get("cases"), list):
            return f"{len(j['cases'])} rows{', more' if j.get('next_cursor') else ''}"
    except ValueError:
        pass
    return f"{len(data)} bytes"


def measure(client, name, path, runs, headers=None, failures=None):
    times = []
    data = b""
    for _ in range(runs):
        t = time.perf_counter()
        status, data = client.request("GET", path, headers=headers)
        times.append((time.perf_counter() - t) * 1000.0)
        if status != 200:
            failures.append(f"{name}: GET {path} answered {status}: {data[:200]!r}")
            print(f"{name:<44} FAILED ({status})", flush=True)
            return
    times.sort()
    at = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"{name:<44} runs {runs:>4}  p50 {at(0.5):>8.2f} ms  p99 {at(0.99):>8.2f} ms  "
          f"max {times[-1]:>8.2f} ms  ({held(data)})", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--token", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password-file", required=True)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--n", type=int, default=1000000, help="cases in the fixture")
    a = ap.parse_args()
    runs = a.runs
    api = Client(a.port)
    bearer = {"Authorization": f"Bearer {a.token}"}
    staff = Client(a.port)
    staff.sign_in(a.user, open(a.password_file).read().strip())
    failures = []
    q = urllib.parse.quote
    mid = a.n // 2
    # Realistic reads: the staff home page, the lists a team looks at, the searches a
    # call handler types.
    reads = [
        ("annual report 2025-26 (API)", "/api/v1/reports/annual?period=2025-26", 5, api, bearer),
        ("annual report 2018-19 (API)", "/api/v1/reports/annual?period=2018-19", 5, api, bearer),
        ("annual report 2025-26 (page)", "/reports/annual?period=2025-26", 5, staff, None),
        (f"My work ({a.user})", "/staff", runs, staff, None),
        ("case list: first page", "/api/v1/cases", runs, api, bearer),
        ("case list: open stage 1 complaints",
         "/api/v1/cases?kind=complaint&stage=1&status=open", runs, api, bearer),
        ("case list: overdue", "/api/v1/cases?overdue=true", runs, api, bearer),
        (f"case list: handler {a.user}", f"/api/v1/cases?handler={a.user}", runs, api, bearer),
        ("case list: Repairs, April 2024, newest",
         "/api/v1/cases?service_area=Repairs&received_from=2024-04-01&received_to=2024-04-30"
         "&order=newest", runs, api, bearer),
        ("search: a surname (okafor)", "/api/v1/cases?q=okafor", runs, api, bearer),
        ("search: okafor heating", "/api/v1/cases?q=" + q("okafor heating"), runs, api, bearer),
        ("search: okafor heating, newest first",
         "/api/v1/cases?order=newest&q=" + q("okafor heating"), runs, api, bearer),
        ("search: a reference", "/api/v1/cases?q=" + q(f"CH-{mid:06}"), runs, api, bearer),
        ("search: a phone number", "/api/v1/cases?q=" + q(f"+44 7700 {mid % 1000000:06}"),
         runs, api, bearer),
        ("search: a word nobody used", "/api/v1/cases?q=zebra", runs, api, bearer),
        ("search page: okafor heating", "/staff/search?q=" + q("okafor heating"), runs, staff,
         None),
    ]
    for name, path, n, client, headers in reads:
        measure(client, name, path, n, headers, failures)
    for f in failures:
        print(f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
