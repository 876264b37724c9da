#!/usr/bin/env bash
# The speed of `charter import ... cases` (docs/imports.md, "Speed"): N generated cases
# (build/tests/gen_history) imported into a fresh database of each engine, one after the other.
#   bench/import.sh [N] [sqlite|postgresql|both]      (default 100000 both)
# Prints, per engine: cases/s, wall time and peak RSS of the import (/usr/bin/time -v), and
# checks the fixture and the result: the history file has N lines and its completion stamp
# (written last), and the database holds N cases and N imported references afterwards.
# PostgreSQL is a throw-away server of scripts/with-postgres.sh (stopped and deleted at the
# end); the SQLite file and the history are under ${WORK:-/tmp/charter-import-bench}.
set -euo pipefail
N=${1:-100000}
ENGINES=${2:-both}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build}
CHARTER=${CHARTER:-$BUILD/charter}
GEN=$BUILD/tests/gen_history
WORK=${WORK:-/tmp/charter-import-bench}
mkdir -p "$WORK"
HIST=$WORK/history-$N.jsonl

# The fixture: made once per N, trusted only with its stamp and its line count.
if [[ ! -f $HIST.done ]] || [[ $(wc -l <"$HIST") -ne $N ]]; then
  rm -f "$HIST" "$HIST.done"
  echo "generating $N cases into $HIST"
  "$GEN" "$N" >"$HIST.part"
  mv "$HIST.part" "$HIST"
  date -u +%FT%TZ >"$HIST.done"
fi
[[ $(wc -l <"$HIST") -eq $N ]] || { echo "fixture $HIST does not hold $N lines" >&2; exit 1; }
echo "fixture: $HIST, $N lines, $(du -h "$HIST" | cut -f1), made $(cat "$HIST.done")"

run_import() {  # ENGINE DB
  local out=$WORK/import-$1.log
  /usr/bin/time -v "$CHARTER" import --db "$2" --landlord hist --today 2026-12-01 cases "$HIST" \
    >"$out" 2>&1 || { cat "$out" >&2; return 1; }
  local wall rss rate cpu
  wall=$(grep 'Elapsed (wall clock)' "$out" | awk '{print $NF}')
  # CPU seconds of the import process (user + system): the figure a busy machine disturbs least.
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$out")
  rss=$(grep 'Maximum resident set size' "$out" | awk '{print $NF}')
  rate=$(grep -o '([0-9]* cases/s)' "$out" | tr -d '()')
  grep -E '^(imported|rollups|secondary)' "$out"
  echo "RESULT engine=$1 cases=$N rate=\"$rate\" wall=$wall cpu_s=$cpu" \
    "us_per_case=$(awk -v c="$cpu" -v n="$N" 'BEGIN {printf "%.0f", c * 1e6 / n}')" \
    "peak_rss_mb=$((rss / 1024)) load=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
}

count_sqlite() { sqlite3 "$1" "SELECT (SELECT count(*) FROM cases) || ' ' || (SELECT count(*) FROM imported_cases)"; }

if [[ $ENGINES == sqlite || $ENGINES == both ]]; then
  DB=$WORK/import-$N.db
  rm -f "$DB" "$DB-wal" "$DB-shm"
  "$CHARTER" landlord add --db "$DB" --slug hist --name "History bench" >/dev/null  # creates and migrates
  run_import sqlite "$DB"
  [[ $(count_sqlite "$DB") == "$N $N" ]] || { echo "sqlite: expected $N cases" >&2; exit 1; }
  echo "sqlite file: $(du -h "$DB" | cut -f1)"
  rm -f "$DB" "$DB-wal" "$DB-shm"
fi

if [[ $ENGINES == postgresql || $ENGINES == both ]]; then
  # shellcheck disable=SC2016
  "$ROOT/scripts/with-postgres.sh" bash -c '
    set -euo pipefail
    '"$(declare -f run_import)"'
    CHARTER='"$CHARTER"' HIST='"$HIST"' WORK='"$WORK"' N='"$N"'
    "$CHARTER" landlord add --db "$CHARTER_PG_DSN" --slug hist --name "History bench" >/dev/null
    run_import postgresql "$CHARTER_PG_DSN"
    got=$(psql "$CHARTER_PG_DSN" -Atc "SELECT (SELECT count(*) FROM cases) || '"' '"' || (SELECT count(*) FROM imported_cases)")
    [[ $got == "$N $N" ]] || { echo "postgresql: expected $N cases, got $got" >&2; exit 1; }
    echo "postgresql database: $(psql "$CHARTER_PG_DSN" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")"
  '
fi
