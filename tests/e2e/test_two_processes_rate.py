"""Two `charter serve` processes on one PostgreSQL database do at least what one does: the stage
1 journey (bench/journey.lua: create, acknowledge, respond; every step a durable write) driven by
wrk for a few seconds against one process, then against two (the same 16 connections split
between them), each on a fresh database. Fails when the two processes' summed requests/s fall
below 0.9 x the one process's. A bounded version of `bench/load_matrix.sh`'s PostgreSQL rows
(issue 13: the two processes once did 76 req/s against one's 1,078).

Why 0.9 and not 1.0: the machine (2 cores) is shared by wrk, the servers and PostgreSQL, and
runs of a few seconds vary by about 5% between repeats of the same configuration; the collapse
this guards against was a factor of 14. Each configuration runs twice, interleaved (1, 2, 1, 2),
and the better of its two runs counts, so a burst of other load on the machine during one run
does not decide the result. The price of that: a collapse that comes and goes is not caught.
On 2026-12-07, with three other builds on the machine, the code before this check (every batch
under the landlord's row lock) gave 119/46/131/235 req/s (1, 2, 1, 2 processes) and passed on
its better run; the check catches a steady collapse like the factor of 14 of 2026-12-04.

Every server it starts is stopped (and dies with the test: harness.die_with_parent), every
database it makes is dropped. Skipped without CHARTER_PG_DSN or without wrk."""
import os
import re
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402

SECONDS = int(os.environ.get("CHARTER_RATE_SECONDS", "4"))
CONNECTIONS = 16
MARGIN = 0.9
JOURNEY = os.path.join(harness.SOURCE_DIR, "bench", "journey.lua")


def wrk(server, connections):
    """Starts wrk running the journey against `server`; the process."""
    env = dict(os.environ, CHARTER_TOKEN=server.token)
    return subprocess.Popen(
        ["wrk", "-t1", f"-c{connections}", f"-d{SECONDS}s", "--timeout", "10s", "-s", JOURNEY,
         f"http://127.0.0.1:{server.port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        preexec_fn=harness.die_with_parent)


def figures(output):
    """wrk's closing line from journey.lua's done(), as a dict of numbers."""
    m = re.search(r"^requests=.*$", output, re.M)
    if not m:
        raise AssertionError(f"wrk printed no figures: {output}")
    return {k: float(v) for k, v in (kv.split("=") for kv in m.group(0).split())}


def measure(processes):
    """Requests/s, worse p99 (ms) and failed requests of the journey on `processes` servers."""
    dsn = harness.new_pg_database(f"rate{processes}")
    servers = []
    try:
        for _ in range(processes):
            servers.append(harness.Server(dsn).start())
        runs = [wrk(s, CONNECTIONS // processes) for s in servers]
        outputs = [r.communicate(timeout=SECONDS + 60)[0] for r in runs]
        got = [figures(o) for o in outputs]
        return (sum(g["rps"] for g in got), max(g["p99_ms"] for g in got),
                int(sum(g["non2xx"] for g in got)))
    finally:
        for s in servers:
            s.stop()
        harness.drop_pg_database(dsn)


@unittest.skipUnless(harness.PG_DSN, "CHARTER_PG_DSN is not set")
@unittest.skipUnless(shutil.which("wrk"), "wrk is not installed")
class TwoProcessesRate(unittest.TestCase):
    def test_two_processes_do_at_least_what_one_does(self):
        best = {1: (0.0, 0.0, 0), 2: (0.0, 0.0, 0)}
        for processes in (1, 2) * 3:  # best of three each: the machine is shared
            rps, p99, failed = measure(processes)
            print(f"journey, {processes} process(es), {CONNECTIONS} connections, {SECONDS}s: "
                  f"rps={rps:.0f} p99_ms={p99:.1f} non2xx={failed}", flush=True)
            self.assertEqual(failed, 0, "requests failed: the figures are not the workload")
            if rps > best[processes][0]:
                best[processes] = (rps, p99, failed)
        one, two = best[1][0], best[2][0]
        print(f"two processes / one process = {two / one:.2f} (must be >= {MARGIN})")
        self.assertGreaterEqual(two, MARGIN * one,
                                f"two processes did {two:.0f} req/s, one did {one:.0f}")


if __name__ == "__main__":
    harness.run(__name__)
