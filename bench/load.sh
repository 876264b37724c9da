#!/usr/bin/env bash
# HTTP load: durable POST /api/v1/cases against a real `charter serve` on a fresh SQLite file
# (WAL, synchronous=FULL), at 1, 16 and 64 connections. Prints one line per run.
#   bench/load.sh [DURATION_SECONDS]       (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CHARTER=${CHARTER:-build/charter}
TMP=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
# The API needs a token since sign-in landed.
export CHARTER_TOKEN=$("$CHARTER" token create --db "$TMP/load.db" --landlord demo --role complaints_admin)
"$CHARTER" serve --db "$TMP/load.db" --port 0 >"$TMP/out" 2>"$TMP/err" &
PID=$!
for _ in $(seq 100); do grep -q listening "$TMP/out" && break; sleep 0.1; done
PORT=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$TMP/out" | head -1)
echo "charter serve on port $PORT, db $TMP/load.db, ${DURATION}s per run"
for C in 1 16 64; do
  T=$(( C < 2 ? 1 : 2 ))
  printf "connections=%-3d " "$C"
  wrk -t"$T" -c"$C" -d"${DURATION}s" --timeout 10s -s bench/post_case.lua "http://127.0.0.1:$PORT" \
    | grep '^requests='
done
echo "rss_kb=$(ps -o rss= -p $PID)"
echo "cases=$(sqlite3 "$TMP/load.db" 'select count(*) from cases')"
