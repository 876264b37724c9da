#!/usr/bin/env bash
# Charter at scale (issue 13 item 2): N cases of generated history (build/tests/gen_history)
# imported with `charter import ... cases`, then a real `charter serve` measured over HTTP by
# bench/scale_client.py (annual report, My work, case lists, searches; p50/p99/max), the
# server's resident memory read from /proc, and `charter rebuild` after a calendar change, timed.
#
#   bench/scale.sh N [sqlite|postgres]          (default: 1000000 sqlite)
#
# The fixture is kept for the next run in $SCALE_DIR (default build/scale): SQLite in
# scale-N.db; PostgreSQL in a cluster of its own under /var/tmp/charter-scale-pg (database
# scale_N), started on a free port for the run and stopped after. It is reused only when its
# stamp (a bench_fixture row written after the import committed) names N and the landlord
# holds exactly N cases; anything else is dropped and built again (nice -n 10). Everything the
# script starts (server, PostgreSQL, load) is stopped on any exit, an error or Ctrl-C included.
# Env: CHARTER (build/charter), GEN (build/tests/gen_history), RUNS (200 per measure),
# SCALE_DIR, PG_DIR, REBUILD_TIMEOUT (seconds; 0 = none; a rebuild cut short leaves every
# chunk it committed, consistent), FIXTURE_ONLY=1 (build or check the fixture, measure nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
ENGINE=${2:-sqlite}
CHARTER=${CHARTER:-build/charter}
if [[ -z "${GEN:-}" ]]; then
  GEN=build/tests/gen_history
  [[ -x "$GEN" ]] || GEN=build/bench/gen_history
fi
RUNS=${RUNS:-200}
SCALE_DIR=${SCALE_DIR:-build/scale}
PG_DIR=${PG_DIR:-/var/tmp/charter-scale-pg}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
mkdir -p "$SCALE_DIR"
TMP=$(mktemp -d)
SERVE=""    # the server's pid
PG_UP=""    # set when this script started PostgreSQL
AS=()
[[ $(id -u) -eq 0 ]] && AS=(runuser -u postgres --)

cleanup() {
  if [[ -n "$SERVE" ]]; then kill "$SERVE" 2>/dev/null || true; wait "$SERVE" 2>/dev/null || true; fi
  if [[ -n "$PG_UP" ]]; then "${AS[@]}" "$PGBIN/pg_ctl" -D "$PG_DIR" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ -x "$CHARTER" && -x "$GEN" ]] || { echo "build charter and gen_history first" >&2; exit 1; }
[[ "$ENGINE" == sqlite || "$ENGINE" == postgres ]] || { echo "engine: sqlite or postgres" >&2; exit 2; }

freePort() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# PostgreSQL: the bench's own cluster (kept between runs), on a free port for this run.
startPostgres() {
  if [[ ! -f "$PG_DIR/PG_VERSION" ]]; then
    mkdir -p "$PG_DIR"
    [[ ${#AS[@]} -gt 0 ]] && chown postgres: "$PG_DIR"
    "${AS[@]}" "$PGBIN/initdb" -D "$PG_DIR" -U charter --auth=trust -E UTF8 --no-locale >/dev/null
  fi
  local port
  port=$(freePort)
  # The same settings as scripts/with-postgres.sh (durable commits), with memory for 5M rows.
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 120 -o \
    "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB -c max_wal_size=8GB -c fsync=on -c synchronous_commit=on" \
    start >/dev/null
  PG_UP=1
  PSQL=(psql -X -q -t -A -h 127.0.0.1 -p "$port" -U charter)
  if [[ -z $("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'scale_$N'") ]]; then
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE scale_$N" >/dev/null
  fi
  PSQL+=(-d "scale_$N")
  DB="postgresql://charter@127.0.0.1:$port/scale_$N"
}

# The first value of a query on the fixture, or -1 when it fails (no table yet).
scalar() {
  if [[ "$ENGINE" == sqlite ]]; then
    sqlite3 "$DB" "$1" 2>/dev/null || echo -1
  else
    "${PSQL[@]}" -c "$1" 2>/dev/null || echo -1
  fi
}

complete() {
  [[ $(scalar "SELECT count(*) FROM bench_fixture WHERE cases = $N") == 1 ]] &&
    [[ $(scalar "SELECT count(*) FROM cases WHERE landlord_id = 1") == "$N" ]]
}

dropFixture() {
  if [[ "$ENGINE" == sqlite ]]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
  else
    "${PSQL[@]}" -d postgres -c "DROP DATABASE scale_$N" -c "CREATE DATABASE scale_$N" >/dev/null
  fi
}

buildFixture() {
  dropFixture
  echo "fixture: $GEN $N | $CHARTER import --db $DB --landlord demo cases - --today 2026-12-01"
  local start=$SECONDS
  "$GEN" "$N" --end 2026-11-30T17:00:00Z |
    nice -n 10 "$CHARTER" import --db "$DB" --landlord demo cases - --today 2026-12-01 | tail -3
  local took=$((SECONDS - start))
  echo "fixture: imported in ${took} s"
  # The staff account whose My work is measured (gen_history's handlers are usernames).
  echo "bench password for scale" >"$SCALE_DIR/password"
  "$CHARTER" user add --db "$DB" --landlord demo --username jo.bloggs --role investigating_manager \
    --name "Jo Bloggs" --password-file "$SCALE_DIR/password" >/dev/null
  # The stamp, last: a fixture without it is never measured.
  local stamp="CREATE TABLE bench_fixture (cases BIGINT NOT NULL, built_s BIGINT NOT NULL);
               INSERT INTO bench_fixture VALUES ($N, $took);"
  if [[ "$ENGINE" == sqlite ]]; then sqlite3 "$DB" "$stamp"; else "${PSQL[@]}" -c "$stamp" >/dev/null; fi
}

if [[ "$ENGINE" == sqlite ]]; then
  DB="$SCALE_DIR/scale-$N.db"
else
  [[ -n "$PGBIN" ]] || { echo "PostgreSQL is not installed" >&2; exit 1; }
  startPostgres
fi
if complete; then
  echo "fixture: reusing $DB (stamp and count check out)"
else
  echo "fixture: $DB missing or incomplete: building it"
  buildFixture
  complete || { echo "fixture $DB did not check out after building" >&2; exit 1; }
fi
CASES=$(scalar "SELECT count(*) FROM cases WHERE landlord_id = 1")
echo "N=$N engine=$ENGINE cases=$CASES events=$(scalar 'SELECT count(*) FROM events')" \
  "clocks=$(scalar 'SELECT count(*) FROM clocks')" \
  "fixture_built_s=$(scalar 'SELECT built_s FROM bench_fixture')"
[[ "${FIXTURE_ONLY:-}" == 1 ]] && exit 0

# The server, measured cold (its first requests read the database into memory as they go).
TOKEN=$("$CHARTER" token create --db "$DB" --landlord demo --role complaints_admin --name "scale $$")
"$CHARTER" serve --db "$DB" --port 0 >"$TMP/out" 2>"$TMP/err" &
SERVE=$!
for _ in $(seq 600); do grep -q listening "$TMP/out" && break; sleep 0.1; done
PORT=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$TMP/out" | head -1)
[[ -n "$PORT" ]] || { echo "charter serve did not start: $(cat "$TMP/err")" >&2; exit 1; }
echo "charter serve on port $PORT (pid $SERVE); rss_kb at start $(awk '/VmRSS/ {print $2}' /proc/$SERVE/status)"
python3 bench/scale_client.py "$PORT" --token "$TOKEN" --user jo.bloggs \
  --password-file "$SCALE_DIR/password" --runs "$RUNS" --n "$N"
# VmRSS is RssAnon (the process's own memory: page caches, buffers) plus RssFile (the file
# pages it maps: the binary, and the readers' mmap of the database, which are the kernel's
# page cache, shared and reclaimable) plus RssShmem (SQLite's -shm index).
echo "serve memory after the reads: rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$SERVE/status)" \
  "peak_rss_kb=$(awk '/VmHWM/ {print $2}' /proc/$SERVE/status)" \
  "anon_kb=$(awk '/RssAnon/ {print $2}' /proc/$SERVE/status)" \
  "file_kb=$(awk '/RssFile/ {print $2}' /proc/$SERVE/status)" \
  "shmem_kb=$(awk '/RssShmem/ {print $2}' /proc/$SERVE/status)"
kill "$SERVE"; wait "$SERVE" 2>/dev/null || true; SERVE=""

# A calendar change: the landlord declares an office closure; every case's clocks re-derived.
cat >"$TMP/closure.toml" <<'EOF'
id = "scale-closure"
name = "The Code with an office closure (bench/scale.sh)"
extends = "hos-code-2024"

[calendar]
closures = [ { date = 2026-11-27, reason = "Office move" } ]
EOF
echo "rebuild after a calendar change: $CHARTER rebuild --db $DB --policy closure.toml"
START=$(date +%s.%N)
if ! timeout "${REBUILD_TIMEOUT:-0}" "$CHARTER" rebuild --db "$DB" --policy "$TMP/closure.toml"; then
  echo "rebuild did not finish within REBUILD_TIMEOUT=${REBUILD_TIMEOUT:-0} s"
fi
echo "rebuild_s=$(python3 -c "print(round($(date +%s.%N) - $START, 1))") N=$N engine=$ENGINE"
