#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL 15: initdb in a temporary directory, a free port
# on 127.0.0.1, CHARTER_PG_DSN exported for the command, torn down (and deleted) on exit.
#   scripts/with-postgres.sh ctest --output-on-failure
# As root, the server runs as the `postgres` account Debian's package creates. Skipped (the
# command runs on SQLite only) when CHARTER_PG_DSN is already set, when CHARTER_NO_PG=1, or when
# PostgreSQL is not installed.
set -euo pipefail
if [[ -n "${CHARTER_PG_DSN:-}" || "${CHARTER_NO_PG:-}" == 1 ]]; then exec "$@"; fi
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$BIN" || ! -x "$BIN/initdb" ]]; then
  echo "with-postgres: PostgreSQL is not installed; running on SQLite only" >&2
  exec "$@"
fi
DIR=$(mktemp -d /tmp/charter-pg.XXXXXX)
AS=()
if [[ $(id -u) -eq 0 ]]; then
  AS=(runuser -u postgres --)
  chown postgres: "$DIR"
fi
cleanup() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U charter --auth=trust -E UTF8 --no-locale \
  >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
# fsync and synchronous_commit stay on: the crash tests prove durability on a real setting.
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -o \
  "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=on -c synchronous_commit=on -c shared_buffers=128MB" \
  start >/dev/null
export CHARTER_PG_DSN="postgresql://charter@127.0.0.1:$PORT/postgres"
echo "with-postgres: $("$BIN/postgres" --version) on $CHARTER_PG_DSN"
"$@"
