#!/usr/bin/env python3
"""Server work per request, counted rather than timed: runs `charter serve` on a fresh SQLite
file under valgrind's callgrind, sends SMALL and then SMALL+N requests of one workload (one
connection, one after another), and prints the instructions the server ran per request (the
difference of the two totals over N, so start-up and shutdown cancel out). Deterministic to a
fraction of a percent, so two builds can be compared on a busy machine where requests/s cannot.

  bench/cost_per_request.py [--charter build/charter] [--n 500] [--workload create|journey]

Checks its fixture: the database must hold exactly the cases it created, or it prints
NOT A FIGURE. Takes about a minute per workload (callgrind runs the server ~50x slower)."""
import argparse, http.client, json, os, re, sqlite3, subprocess, sys, tempfile, time

ACK = {"action": "acknowledge", "at": "2025-03-24T10:00:00+00:00",
       "definition": "Boiler not repaired; wants it fixed", "handler": "Investigating Officer"}
RESPOND = {"action": "respond", "at": "2025-03-25T10:00:00+00:00", "decision": "upheld",
           "elements": [{"summary": "Boiler", "finding": "upheld", "reasons": "Three visits did not fix it"}],
           "remedies": [{"type": "apology", "description": "We are sorry the boiler was not fixed"}]}


def send(conn, token, path, body, want):
    conn.request("POST", path, json.dumps(body),
                 {"Content-Type": "application/json", "Authorization": "Bearer " + token})
    r = conn.getresponse()
    text = r.read()
    if r.status != want:
        sys.exit(f"NOT A FIGURE: {path} answered {r.status}: {text[:200]!r}")
    return json.loads(text)


def drive(port, token, count, workload, start):
    """Sends `count` units of work; returns (requests sent, cases created)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    requests = 0
    for i in range(start, start + count):
        case = send(conn, token, "/api/v1/cases",
                    {"kind": "complaint", "received_at": "2025-03-21T17:30:00+00:00",
                     "channel": "phone", "summary": f"Boiler still broken (cost {i})",
                     "person": {"name": "A Resident"}}, 201)
        requests += 1
        if workload == "journey":
            for step in (ACK, RESPOND):
                send(conn, token, f"/api/v1/cases/{case['id']}/actions", step, 200)
                requests += 1
    return requests, count


def total_instructions(charter, workload, count):
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "cost.db")
        token = subprocess.run([charter, "token", "create", "--db", db, "--landlord", "demo",
                                "--role", "complaints_admin"], check=True, capture_output=True,
                               text=True).stdout.strip()
        out = os.path.join(tmp, "callgrind.out")
        log = open(os.path.join(tmp, "serve.out"), "w+")
        server = subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                                   charter, "serve", "--db", db, "--port", "0"],
                                  stdout=log, stderr=subprocess.DEVNULL)
        port = None
        for _ in range(600):
            log.seek(0)
            m = re.search(r"listening on .*:(\d+)$", log.read(), re.M)
            if m:
                port = int(m.group(1))
                break
            time.sleep(0.1)
        if port is None:
            server.kill()
            sys.exit("NOT A FIGURE: charter serve did not start under valgrind")
        try:
            requests, cases = drive(port, token, count, workload, 0)
        finally:
            server.send_signal(2)
            server.wait(timeout=120)
        stored = sqlite3.connect(db).execute("SELECT count(*) FROM cases").fetchone()[0]
        if stored != cases:
            sys.exit(f"NOT A FIGURE: the database holds {stored} cases, {cases} were created")
        totals = [l for l in open(out) if l.startswith(("summary:", "totals:"))]
        return requests, int(totals[0].split()[1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--charter", default="build/charter")
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--small", type=int, default=50)
    ap.add_argument("--workload", choices=["create", "journey"], default="create")
    a = ap.parse_args()
    r0, i0 = total_instructions(a.charter, a.workload, a.small)
    r1, i1 = total_instructions(a.charter, a.workload, a.small + a.n)
    per = (i1 - i0) / (r1 - r0)
    print(f"cost_per_request workload={a.workload} charter={a.charter} requests={r1 - r0} "
          f"instructions_per_request={per / 1e6:.3f}M (SQLite, callgrind, complete)")


if __name__ == "__main__":
    main()
