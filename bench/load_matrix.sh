#!/usr/bin/env bash
# HTTP load on both databases: durable case creation (post_case.lua) and the stage 1 journey
# (journey.lua: create, acknowledge, respond), at 16 and 64 connections, with one `charter
# serve` and (PostgreSQL only: a SQLite file has one writer process) two processes on one
# database, the connections split evenly between them. Each configuration gets a fresh database.
#   bench/load_matrix.sh [DURATION_SECONDS]      (default 10)
# PostgreSQL: CHARTER_PG_DSN, else a throw-away server (scripts/with-postgres.sh).
# Prints one line per run: workload, database, processes, connections, requests/s, p50, p99
# (for two processes: the summed requests/s and the worse of the two p50/p99), and each
# figure's ratio to the trivial GET /api/v1/health (bench/health.lua) measured first in the same
# run (one process on PostgreSQL, 16 connections): what the machine does at all at that moment.
# SCRIPTS (default both workloads) and CONNECTIONS (default "16 64") limit the matrix.
# Every server it starts is stopped, and every database it makes dropped, on any exit.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${CHARTER_PG_DSN:-}" && "${CHARTER_NO_PG:-}" != 1 ]]; then
  exec bash scripts/with-postgres.sh bash "$0" "$@"
fi
DURATION=${1:-10}
CHARTER=${CHARTER:-build/charter}
TMP=$(mktemp -d)
PIDS=()     # the servers running now
PG_DBS=()   # the PostgreSQL databases made
WRKS=()     # the load generators running now
stop_servers() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
}
cleanup() {
  for p in "${WRKS[@]}"; do kill "$p" 2>/dev/null || true; done
  stop_servers
  for name in "${PG_DBS[@]}"; do
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -d "$CHARTER_PG_DSN" \
      -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts a server on $1 (database) named $2 and sets PORT. Not in $(...): the process id must
# reach PIDS in this shell, or it would be lost and the server left running.
start_server() {
  "$CHARTER" serve --db "$1" --port 0 >"$TMP/$2.out" 2>"$TMP/$2.err" &
  PIDS+=($!)
  for _ in $(seq 200); do grep -qs listening "$TMP/$2.out" && break; sleep 0.05; done
  PORT=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$TMP/$2.out" | head -1)
  if [[ -z "$PORT" ]]; then
    echo "charter serve did not start: $(cat "$TMP/$2.err")" >&2
    exit 1
  fi
}

# Sets DB to a fresh database of kind $1 (sqlite | pg) named after $2 (not in $(...), so that
# PG_DBS, for the cleanup, is this shell's).
fresh_db() {
  if [[ $1 == sqlite ]]; then
    DB="$TMP/$2.db"
  else
    local name="bench_$2_$$"
    PG_DBS+=("$name")
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -d "$CHARTER_PG_DSN" \
      -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
    DB="${CHARTER_PG_DSN%/*}/$name"
  fi
}

run() {  # $1 workload script, $2 db kind, $3 processes, $4 connections
  local script=$1 kind=$2 procs=$3 conns=$4 name
  name="$(basename "$script" .lua)_${kind}_${procs}p_${conns}c"
  fresh_db "$kind" "$name"
  local db=$DB
  local ports=()
  # Every request is signed in (an API token), on both databases.
  export CHARTER_TOKEN=$("$CHARTER" token create --db "$db" --landlord demo --role complaints_admin)
  for i in $(seq "$procs"); do
    start_server "$db" "${name}_$i"
    ports+=("$PORT")
  done
  local per=$(( conns / procs ))
  WRKS=()
  for i in $(seq "$procs"); do
    wrk -t2 -c"$per" -d"${DURATION}s" --timeout 10s -s "$script" "http://127.0.0.1:${ports[$((i-1))]}" \
      >"$TMP/$name.wrk$i" 2>&1 &
    WRKS+=($!)
  done
  for p in "${WRKS[@]}"; do wait "$p"; done
  WRKS=()
  stop_servers
  python3 - "$name" "$TMP/health_rps" "$TMP/$name".wrk* <<'PY'
import os, re, sys
name, health_file, files = sys.argv[1], sys.argv[2], sys.argv[3:]
rps = p50 = p99 = 0.0
non2xx = 0
for f in files:
    line = next((l for l in open(f) if l.startswith("requests=")), None)
    if line is None:
        print(f"{name}: wrk failed: {open(f).read()}")
        sys.exit(0)
    kv = dict(x.split("=") for x in line.split())
    rps += float(kv["rps"]); p50 = max(p50, float(kv["p50_ms"])); p99 = max(p99, float(kv["p99_ms"]))
    non2xx += int(kv["non2xx"])
w, kind, procs, conns = name.rsplit("_", 3)
if w == "health" and not os.path.exists(health_file):
    open(health_file, "w").write(f"{rps}")
health = float(open(health_file).read()) if os.path.exists(health_file) else 0
ratio = f" x_health={rps / health:5.3f}" if health else ""
print(f"{w:<10} {kind:<7} processes={procs[:-1]} connections={conns[:-1]:<3} rps={rps:7.0f} "
      f"p50_ms={p50:7.2f} p99_ms={p99:8.2f} non2xx={non2xx}{ratio}"
      + ("  <- NOT A FIGURE: requests failed, so this is not the workload" if non2xx else ""))
PY
}

echo "charter load matrix: ${DURATION}s per run, $(nproc) cores shared by client, server and database"
run bench/health.lua pg 1 16
for script in ${SCRIPTS:-bench/post_case.lua bench/journey.lua}; do
  for conns in ${CONNECTIONS:-16 64}; do
    run "$script" sqlite 1 "$conns"
    run "$script" pg 1 "$conns"
    run "$script" pg 2 "$conns"
  done
done
