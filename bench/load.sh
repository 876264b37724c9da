#!/usr/bin/env bash
# HTTP load: durable POST /api/v1/cases against a real `charter serve` on a fresh SQLite file
# (WAL, synchronous=FULL), at 1, 16 and 64 connections, each beside the trivial GET
# /api/v1/health measured just before it (x_health: the figure's ratio to it, so runs on a
# noisy machine compare); then GET /api/v1/cases/{id} (each read durably in the view log) at
# the same counts. Prints one line per run, then the server's memory, the cases it holds and
# the view records written. The server is stopped and the files removed on any
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
# One wrk run: prints its line with the ratio to the health rate at the same connections.
declare -A HEALTH
run() {
  local script=$1 c=$2 name=$3 t
  t=$(( c < 2 ? 1 : 2 ))
  # In the background and waited for, so that a signal stops the run at once (a foreground
  # command would hold the traps until it ended).
  wrk -t"$t" -c"$c" -d"${DURATION}s" --timeout 10s -s "$script" "http://127.0.0.1:$PORT" \
    >"$TMP/wrk" 2>&1 &
  WRK=$!
  wait "$WRK" || true
  WRK=""
  local line rps
  line=$(grep '^requests=' "$TMP/wrk") || { echo "wrk failed: $(cat "$TMP/wrk")"; return; }
  rps=$(sed -n 's/.* rps=\([0-9]*\).*/\1/p' <<<"$line")
  [[ $name == health ]] && HEALTH[$c]=$rps
  local ratio
  ratio=$(awk -v a="$rps" -v b="${HEALTH[$c]:-0}" \
    'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }')
  printf "%-6s connections=%-3d %s x_health=%s\n" "$name" "$c" "$line" "$ratio"
}
for C in 1 16 64; do
  run bench/health.lua "$C" health
  run bench/post_case.lua "$C" post
done
[[ $(grep -c . <<<"$(sqlite3 "$TMP/load.db" 'select 1 from cases limit 1')") == 1 ]] ||
  { echo "no cases were created: nothing to read" >&2; exit 1; }
export CASES=$(sqlite3 "$TMP/load.db" 'select count(*) from cases')
for C in 1 16 64; do
  run bench/get_case.lua "$C" get
done
echo "rss_kb=$(ps -o rss= -p "$PID")"
echo "cases=$(sqlite3 "$TMP/load.db" 'select count(*) from cases')"
echo "views=$(sqlite3 "$TMP/load.db" 'select count(*) from case_views')"
