#!/usr/bin/env bash
# The Debian package (packaging/CMakeLists.txt), built with CPack, installed for real with dpkg
# and serving the demo from what it installed:
#   - its contents and dependencies (dpkg-shlibdeps found the shared libraries' packages);
#   - the postinst: the `charter` system user, /var/lib/charter owned by it, the config file
#     readable by the service's group only, and the systemd unit valid (systemd-analyze);
#   - the installed binary, run as the service's user from / (nowhere near the source tree),
#     makes the demo and serves it with its config file: the home page, the GOV.UK assets and a
#     letter from the installed templates;
#   - an upgrade (installing again) runs the migrations on the configured database;
#   - a purge removes the files and keeps the database.
# Needs root (dpkg); answers 77 (skipped) otherwise, or when a charter package this test did
# not install is present. Cleans up what it made: the package, the user, /var/lib/charter.
#   tests/package/test_package.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "$1" && pwd)
if [[ $(id -u) != 0 ]]; then echo "skipped: installing a package needs root"; exit 77; fi
if dpkg -s charter >/dev/null 2>&1; then
  echo "skipped: a charter package is already installed here; not touching it"; exit 77
fi
TMP=$(mktemp -d)
had_user=$(getent passwd charter >/dev/null && echo yes || echo no)
had_state=$([[ -e /var/lib/charter ]] && echo yes || echo no)
SERVER=""
cleanup() {
  [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  pkill -u charter 2>/dev/null || true  # anything else the test started as the service's user
  dpkg --purge charter >/dev/null 2>&1 || true
  [[ $had_state == no ]] && rm -rf /var/lib/charter
  [[ $had_user == no ]] && getent passwd charter >/dev/null && deluser --system --quiet charter >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== building the package"
(cd "$BUILD" && cpack -G DEB -B "$TMP" >"$TMP/cpack.log" 2>&1) || { cat "$TMP/cpack.log"; fail "cpack"; }
DEB=$(ls "$TMP"/charter_*.deb)
echo "$(basename "$DEB"): $(du -h "$DEB" | cut -f1)"
contents=$(dpkg-deb --contents "$DEB")
for f in ./usr/bin/charter ./usr/share/charter/assets/govuk-frontend.min.css \
         ./usr/share/charter/assets/charter.css ./usr/share/charter/templates/letters/acknowledgement.mustache \
         ./usr/share/charter/templates/letters/cy/acknowledgement.mustache ./usr/share/charter/nginx/charter.conf \
         ./lib/systemd/system/charter.service ./etc/charter/charter.conf; do
  grep -q " $f\$" <<<"$contents" || fail "the package lacks $f"
done
depends=$(dpkg-deb --field "$DEB" Depends)
for lib in libpq5 libsqlite3-0 adduser; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
[[ $(dpkg-deb --field "$DEB" Conffiles 2>/dev/null; dpkg-deb --ctrl-tarfile "$DEB" | tar -xO ./conffiles) == *"/etc/charter/charter.conf"* ]] \
  || fail "charter.conf is not a conffile"

echo "== installing"
dpkg -i "$DEB" >"$TMP/install.log" 2>&1 || { cat "$TMP/install.log"; fail "dpkg -i"; }
getent passwd charter >/dev/null || fail "no charter user"
[[ $(stat -c %U /var/lib/charter) == charter ]] || fail "/var/lib/charter is not the charter user's"
[[ $(stat -c '%a %G' /etc/charter/charter.conf) == "640 charter" ]] \
  || fail "charter.conf is $(stat -c '%a %G' /etc/charter/charter.conf)"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /lib/systemd/system/charter.service 2>"$TMP/verify.log" || true
  if grep -v -e "Failed to connect" -e "not running" -e "^$" "$TMP/verify.log" | grep -qi "charter.service"; then
    cat "$TMP/verify.log"; fail "systemd-analyze verify charter.service"
  fi
fi
grep -q '^ExecStart=/usr/bin/charter --config /etc/charter/charter.conf serve$' \
  /lib/systemd/system/charter.service || fail "the unit does not start charter serve with its config"

echo "== serving the demo from the installed files"
cd /
as_charter() { runuser -u charter -- "$@"; }
DB=/var/lib/charter/charter.db  # the database charter.conf names
as_charter /usr/bin/charter demo --db "$DB" --scale 0.02 --no-serve >"$TMP/demo.log" 2>&1 \
  || { cat "$TMP/demo.log"; fail "charter demo as the charter user"; }
TOKEN=$(as_charter /usr/bin/charter token create --db "$DB" --landlord demo --role complaints_admin)
# setpriv execs the server itself (runuser would stay as its parent), so $SERVER is the server.
setpriv --reuid=charter --regid=charter --init-groups \
  /usr/bin/charter --config /etc/charter/charter.conf serve --port 0 \
  >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVER=$!
for _ in $(seq 100); do grep -qs listening "$TMP/serve.out" && break; sleep 0.1; done
PORT=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$TMP/serve.out" | head -1)
[[ -n "$PORT" ]] || { cat "$TMP/serve.err"; fail "charter serve did not start"; }
grep -q "listening on http://127.0.0.1:" "$TMP/serve.out" || fail "not on the config's address: $(cat "$TMP/serve.out")"
URL="http://127.0.0.1:$PORT"
home=$(curl -fsS "$URL/") || fail "GET /"
grep -q "Make a complaint" <<<"$home" || fail "the home page: $home"
curl -fsS -o /dev/null "$URL/assets/govuk-frontend.min.css" || fail "the GOV.UK assets from /usr/share/charter"
grep -q "assets not found" "$TMP/serve.err" && fail "charter serve did not find its assets"
api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
case_id=$(api -X POST "$URL/api/v1/cases" -d '{"kind":"complaint","received_at":"2026-12-01T10:00:00Z",
  "channel":"phone","summary":"Package test","person":{"name":"Ada Resident"}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
api -X POST "$URL/api/v1/cases/$case_id/actions" -d '{"action":"acknowledge","at":"2026-12-02T10:00:00Z",
  "definition":"Heating broken; wants it fixed","handler":"Ivy Okonkwo",
  "responsibility":"We are responsible for the heating repair"}' >/dev/null || fail "acknowledge"
letter=$(api -X POST "$URL/api/v1/cases/$case_id/letters" -d '{"letter":"acknowledgement","channel":"post"}') \
  || fail "a letter from the installed templates"
n=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["number"])' "$letter")
text=$(api "$URL/api/v1/cases/$case_id/letters/$n?format=text") || fail "the letter as text"
grep -q "Ada Resident" <<<"$text" || fail "the letter: $text"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
pgrep -u charter >/dev/null && fail "a process of the charter user outlived the server"

echo "== upgrading runs the migrations on the configured database"
dpkg -i "$DEB" >"$TMP/upgrade.log" 2>&1 || { cat "$TMP/upgrade.log"; fail "dpkg -i again"; }
grep -q "/var/lib/charter/charter.db: schema up to date" "$TMP/upgrade.log" \
  || { cat "$TMP/upgrade.log"; fail "the upgrade did not migrate the configured database"; }

echo "== purging keeps the records"
dpkg --purge charter >"$TMP/purge.log" 2>&1 || { cat "$TMP/purge.log"; fail "dpkg --purge"; }
[[ ! -e /usr/bin/charter ]] || fail "/usr/bin/charter is still there"
[[ -e "$DB" ]] || fail "the purge removed the database"
echo "package: built, installed, served the demo, upgraded and purged"
