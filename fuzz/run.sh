#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan, UBSan) and runs one of them.
#
#   fuzz/run.sh --build-only            configure and build build-fuzz/ (ccache)
#   fuzz/run.sh --regressions           build, then run every target once over its seeds and
#                                       over fuzz/regressions/TARGET (inputs that once crashed)
#   fuzz/run.sh TARGET [SECONDS] [ARGS] build, then fuzz TARGET (request | policy | csv_stock |
#                                       csv_homes | csv_compliance | csv_survey | csv_series |
#                                       csv_asb | mail) for SECONDS
#                                       (default $CHARTER_FUZZ_SECONDS, else 25); extra ARGS go
#                                       to libFuzzer (e.g. -jobs=2 -workers=2)
#
# New inputs go to $FUZZ_BUILD_DIR/corpus/TARGET (the checked-in seeds in fuzz/corpus/TARGET
# are read, never written); a crash is saved as $FUZZ_BUILD_DIR/artifacts/TARGET/crash-*
# and the script fails. Prints libFuzzer's final stats (executions, coverage).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
BUILD=${FUZZ_BUILD_DIR:-build-fuzz}
export CCACHE_BASEDIR=$SRC CCACHE_NOHASHDIR=true

build() {
  if [[ ! -f $BUILD/build.ninja ]]; then
    CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCHARTER_FUZZ=ON \
      -DCHARTER_BUILD_TESTS=OFF -DCHARTER_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=None \
      -DCMAKE_CXX_FLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all" \
      >/dev/null
  fi
  local targets=()
  for t in $(sed -n 's/^set(CHARTER_FUZZ_TARGETS \(.*\))$/\1/p' fuzz/CMakeLists.txt); do
    targets+=("fuzz_$t")
  done
  cmake --build "$BUILD" -j "${JOBS:-2}" --target "${targets[@]}"
}

if [[ ${1:-} == --build-only ]]; then
  build
  exit 0
fi

if [[ ${1:-} == --regressions ]]; then
  build
  for t in $(sed -n 's/^set(CHARTER_FUZZ_TARGETS \(.*\))$/\1/p' fuzz/CMakeLists.txt); do
    files=(fuzz/corpus/"$t"/* )
    [[ -d fuzz/regressions/$t ]] && files+=(fuzz/regressions/"$t"/*)
    echo "fuzz_$t: ${#files[@]} inputs"
    "$BUILD/fuzz/fuzz_$t" -timeout=10 -rss_limit_mb=2048 "${files[@]}"
  done
  exit 0
fi

TARGET=${1:?usage: fuzz/run.sh --build-only | TARGET [SECONDS] [libFuzzer args]}
SECONDS_TO_RUN=${2:-${CHARTER_FUZZ_SECONDS:-25}}
shift $(( $# >= 2 ? 2 : 1 ))
[[ -x $BUILD/fuzz/fuzz_$TARGET ]] || build
mkdir -p "$BUILD/corpus/$TARGET" "$BUILD/artifacts/$TARGET"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
DICT=()
[[ -f fuzz/$TARGET.dict ]] && DICT=(-dict="fuzz/$TARGET.dict")
exec "$BUILD/fuzz/fuzz_$TARGET" -max_total_time="$SECONDS_TO_RUN" -timeout=10 \
  -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 "${DICT[@]}" \
  -artifact_prefix="$BUILD/artifacts/$TARGET/" "$@" "$BUILD/corpus/$TARGET" "fuzz/corpus/$TARGET"
