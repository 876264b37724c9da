#!/usr/bin/env bash
# Installs everything Charter needs to build, run and test, from Debian 12 packages only.
# Idempotent: skips apt-get when every package is already installed.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost-dev libboost-system-dev
  libsqlite3-dev sqlite3
  nlohmann-json3-dev libtomlplusplus-dev libfmt-dev libspdlog-dev libcli11-dev
  libexpected-dev libhowardhinnant-date-dev tzdata
  libsodium-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  wrk curl python3 procps valgrind
  libpq-dev postgresql-15 postgresql-client-15
  # web: PDF letters, HTML templates, the browser tests (Debian's chromium, driven
  # by npm playwright-core; no browser is ever downloaded)
  libhpdf-dev libkainjow-mustache-dev chromium nodejs
  libxlsxwriter-dev
  # hardening: TLS (OpenSSL under Beast's ssl_stream; the openssl CLI makes the
  # tests' self-signed certificate) and the libFuzzer targets (clang with its runtimes)
  libssl-dev openssl clang libclang-rt-14-dev
  # operations: the Prometheus metrics (prometheus-cpp's core registry and text format)
  prometheus-cpp-dev
  # letters in accessible formats: braille (liblouis and its tables; lou_translate for the
  # tests), audio (eSpeak NG's library and voices, libsndfile to write Ogg Vorbis), and
  # poppler-utils for the tests that read the PDFs back
  liblouis-dev liblouis-data liblouis-bin libespeak-ng-dev espeak-ng-data libsndfile1-dev
  poppler-utils
  # the outbox: email out through libcurl's SMTP client; the tests' SMTP server (aiosmtpd)
  libcurl4-openssl-dev python3-aiosmtpd
  # many machines: the reverse proxy of packaging/nginx/charter.conf, run by
  # tests/e2e/test_nginx.py in front of several processes
  nginx
  # email in: MIME read by GMime 3, HTML bodies made text by libxml2's HTML parser
  libgmime-3.0-dev libxml2-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# npm comes with some nodejs builds (NodeSource) and separately with Debian's.
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if ((${#missing[@]})); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
