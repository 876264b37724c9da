#!/usr/bin/env bash
# HTTP load on case reads, each written to the view log: GET /api/v1/cases/{id} (get_case.lua,
# an API token) and the staff case page GET /staff/cases/{id} (get_case_page.lua, a signed-in
# session), at 16 and 64 connections, each beside GET /api/v1/health measured just before it
# (x_health: the figure's ratio to it, so runs on a noisy machine compare). Runs on a copy of
# an existing database (the demo's: `charter demo --db DB --scale 0.1 --no-serve`), so the
# pages have real cases behind them. Prints one line per run, then the view records written.
# The server is stopped and the copy removed on any exit.
#   bench/case_reads.sh DB [DURATION_SECONDS]       (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCE_DB=${1:?usage: bench/case_reads.sh DB [DURATION_SECONDS]}
DURATION=${2:-10}
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
sqlite3 "$SOURCE_DB" ".backup '$TMP/reads.db'"
export CHARTER_TOKEN=$("$CHARTER" token create --db "$TMP/reads.db" --landlord demo \
  --role complaints_admin)
"$CHARTER" serve --db "$TMP/reads.db" --port 0 >"$TMP/out" 2>"$TMP/err" &
PID=$!
for _ in $(seq 100); do grep -q listening "$TMP/out" && break; sleep 0.1; done
PORT=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$TMP/out" | head -1)
if [[ -z "$PORT" ]]; then
  echo "charter serve did not start: $(cat "$TMP/err")" >&2
  exit 1
fi
BASE="http://127.0.0.1:$PORT"
# Sign in as the demo's complaints lead: the sign-in form's token, then the form.
JAR="$TMP/cookies"
SIGNIN_TOKEN=$(curl -s -c "$JAR" "$BASE/sign-in" |
  sed -n 's/.*name="signin_token" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -b "$JAR" -c "$JAR" -H "Origin: $BASE" \
  --data-urlencode "username=complaints" --data-urlencode "password=charter demo only" \
  --data-urlencode "signin_token=$SIGNIN_TOKEN" --data-urlencode "next=/staff" "$BASE/sign-in"
export CHARTER_COOKIE=$(awk '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 && $3 == "/" {
  printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$JAR")
export CASES=$(sqlite3 "$TMP/reads.db" 'select count(*) from cases where landlord_id = 1')
# The fixture: both scripts must find a case at id 1 and at the last id.
for path in "/api/v1/cases/1" "/api/v1/cases/$CASES"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $CHARTER_TOKEN" \
    "$BASE$path")
  [[ $code == 200 ]] || { echo "GET $path answered $code: check the fixture" >&2; exit 1; }
done
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $CHARTER_COOKIE" "$BASE/staff/cases/1")
[[ $code == 200 ]] || { echo "GET /staff/cases/1 answered $code: not signed in?" >&2; exit 1; }
echo "charter serve on port $PORT (pid $PID), $CASES cases, ${DURATION}s per run"
declare -A HEALTH
run() {
  local script=$1 c=$2 name=$3
  wrk -t2 -c"$c" -d"${DURATION}s" --timeout 10s -s "$script" "$BASE" >"$TMP/wrk" 2>&1 &
  WRK=$!
  wait "$WRK" || true
  WRK=""
  local line rps ratio
  line=$(grep '^requests=' "$TMP/wrk") || { echo "wrk failed: $(cat "$TMP/wrk")"; return; }
  rps=$(sed -n 's/.* rps=\([0-9]*\).*/\1/p' <<<"$line")
  [[ $name == health ]] && HEALTH[$c]=$rps
  ratio=$(awk -v a="$rps" -v b="${HEALTH[$c]:-0}" \
    'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }')
  printf "%-9s connections=%-3d %s x_health=%s\n" "$name" "$c" "$line" "$ratio"
}
for C in 16 64; do
  run bench/health.lua "$C" health
  run bench/get_case.lua "$C" get_api
  run bench/health.lua "$C" health
  run bench/get_case_page.lua "$C" get_page
done
echo "views=$(sqlite3 "$TMP/reads.db" 'select count(*) from case_views')"
