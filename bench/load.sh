#!/usr/bin/env bash
# HTTP load: durable POST /api/v1/cases against a real `charter serve` on a fresh SQLite file
# (WAL, synchronous=FULL), at 1, 16 and 64 connections. Prints one line per run, then the
# server's memory and the cases it holds. The server is stopped and the files removed on any
# exit (an error or Ctrl-C included).
#   bench/load.sh [DURATION_SECONDS]       (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CHARTER=${CHARTER:-build/charter}
TMP=$(mktemp -d)
PID=""   # the server
WRK=""   # the load generator running now
cleanup() {
  if [[ -n "$WRK" ]]; then kill "$WRK" 2>/dev/null || true; fi
  if [[ -n "$PID" ]]; then
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# The API needs a token since sign-in landed.
export CHARTER_TOKEN=$("$CHARTER" token create --db "$TMP/load.db" --landlord demo --role complaints_admin)
"$CHARTER" serve --db "$TMP/load.db" --port 0 >"$TMP/out" 2>"$TMP/err" &
PID=$!
for _ in $(seq 100); do grep -q listening "$TMP/out" && break; sleep 0.1; done
PORT=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$TMP/out" | head -1)
if [[ -z "$PORT" ]]; then
  echo "charter serve did not start: $(cat "$TMP/err")" >&2
  exit 1
fi
echo "charter serve on port $PORT (pid $PID), db $TMP/load.db, ${DURATION}s per run"
for C in 1 16 64; do
  T=$(( C < 2 ? 1 : 2 ))
  printf "connections=%-3d " "$C"
  # In the background and waited for, so that a signal stops the run at once (a foreground
  # command would hold the traps until it ended).
  wrk -t"$T" -c"$C" -d"${DURATION}s" --timeout 10s -s bench/post_case.lua "http://127.0.0.1:$PORT" \
    >"$TMP/wrk" 2>&1 &
  WRK=$!
  wait "$WRK" || true
  WRK=""
  grep '^requests=' "$TMP/wrk" || echo "wrk failed: $(cat "$TMP/wrk")"
done
echo "rss_kb=$(ps -o rss= -p "$PID")"
echo "cases=$(sqlite3 "$TMP/load.db" 'select count(*) from cases')"
