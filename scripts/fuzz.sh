#!/bin/sh
# Fuzzes the .nas frontend with libFuzzer for SECONDS (default 60).
#
#   scripts/fuzz.sh [SECONDS]
#
# Builds nasir-frontend-fuzzer in build-fuzz/ (or $NASIR_FUZZ_BUILD) with
# clang++-19, our code instrumented with -fsanitize=fuzzer,address and linked
# against the same static MLIR libraries as the tools. The seed corpus is
# examples/*.nas and frontend/std/*.nas; new inputs accumulate in
# build-fuzz/fuzz-corpus. Exits non-zero when libFuzzer finds a crash, a
# sanitizer report, a hang (-timeout) or runaway memory (-rss_limit_mb); the
# input that triggered it is saved under build-fuzz/fuzz-artifacts/.
set -eu

SECONDS_TO_RUN=${1:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${NASIR_FUZZ_BUILD:-$ROOT/build-fuzz}
JOBS=${NASIR_FUZZ_JOBS:-2}

if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -G Ninja -S "$ROOT" -B "$BUILD" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DCMAKE_C_FLAGS="-fsanitize=address,fuzzer-no-link" \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,fuzzer-no-link" \
    -DNASIR_ENABLE_TORCH=OFF -DNASIR_BUILD_FUZZER=ON >/dev/null
fi
ninja -C "$BUILD" -j "$JOBS" nasir-frontend-fuzzer

mkdir -p "$BUILD/fuzz-corpus" "$BUILD/fuzz-artifacts"
# Debian's MLIR libraries are not instrumented: container-overflow checks
# would report false positives across that boundary.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_container_overflow=0:detect_leaks=1}
exec "$BUILD/bin/nasir-frontend-fuzzer" \
  -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 \
  -max_len=8192 -print_final_stats=1 \
  -artifact_prefix="$BUILD/fuzz-artifacts/" \
  "$BUILD/fuzz-corpus" "$ROOT/examples" "$ROOT/frontend/std"
