#!/bin/sh
# Fuzzes every reader with libFuzzer for SECONDS in all (default 60), split
# evenly across the harnesses named (default: all of them):
#
#   scripts/fuzz.sh [SECONDS] [NAME...]
#
#   frontend   the .nas frontend (frontend/fuzz)
#   candidate  the candidate reader of nasir-train (fuzz/CandidateFuzzer.cpp)
#   decisions  the decisions parser (fuzz/DecisionsFuzzer.cpp)
#   decisions-lines  batches of decisions, one a line (fuzz/DecisionsLinesFuzzer.cpp)
#   dataset    the dataset file readers: IDX, CIFAR, CSV, gzip
#   store      the experiment store opener (SQLite file bytes)
#   result     the command evaluator's result lines
#   http       the request head of nasir report --serve (fuzz/HttpFuzzer.cpp)
#
# e.g. `scripts/fuzz.sh 600 store` runs the store harness for 10 minutes.
# Builds the harnesses in build-fuzz/ (or $NASIR_FUZZ_BUILD) with clang++-19,
# our code instrumented with -fsanitize=fuzzer,address, without LibTorch (the
# runtime's readers build without it). Seeds: fuzz/corpus/NAME (and examples,
# test inputs); new inputs accumulate in build-fuzz/fuzz-corpus/NAME. Prints
# one line per harness ("fuzz NAME: Done N runs in S second(s), no finding")
# and exits non-zero when any finds a crash, a sanitizer report, a hang
# (-timeout) or runaway memory (-rss_limit_mb); the input that triggered it
# is saved under build-fuzz/fuzz-artifacts/NAME-*, its log in
# build-fuzz/fuzz-logs/NAME.log.
set -eu

SECONDS_TO_RUN=${1:-60}
[ $# -gt 0 ] && shift
NAMES=${*:-frontend candidate decisions decisions-lines dataset store result http}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${NASIR_FUZZ_BUILD:-$ROOT/build-fuzz}
JOBS=${NASIR_FUZZ_JOBS:-2}

if [ ! -f "$BUILD/build.ninja" ]; then
  LAUNCHER=
  command -v ccache >/dev/null && LAUNCHER=-DCMAKE_CXX_COMPILER_LAUNCHER=ccache
  cmake -G Ninja -S "$ROOT" -B "$BUILD" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DCMAKE_C_FLAGS="-fsanitize=address,fuzzer-no-link" \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,fuzzer-no-link" \
    $LAUNCHER -DNASIR_ENABLE_TORCH=OFF -DNASIR_BUILD_FUZZER=ON >/dev/null
fi
TARGETS=
COUNT=0
for name in $NAMES; do
  TARGETS="$TARGETS nasir-$name-fuzzer"
  COUNT=$((COUNT + 1))
done
ninja -C "$BUILD" -j "$JOBS" $TARGETS

EACH=$((SECONDS_TO_RUN / COUNT))
[ "$EACH" -ge 1 ] || EACH=1
mkdir -p "$BUILD/fuzz-artifacts" "$BUILD/fuzz-logs"
# Debian's MLIR libraries are not instrumented: container-overflow checks
# would report false positives across that boundary, and so would LLVM's
# BumpPtrAllocator, whose inline code (instrumented in our objects) poisons
# slabs that the uninstrumented library code then reads (use-after-poison
# in MLIRContext's constructor, depending on which copy the linker keeps).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_container_overflow=0:allow_user_poisoning=0:detect_leaks=1}
status=0
for name in $NAMES; do
  case $name in
  frontend) seeds="$ROOT/examples $ROOT/frontend/std"; maxlen=8192 ;;
  candidate) seeds="$ROOT/fuzz/corpus/candidate $ROOT/test/Runtime/Inputs"; maxlen=16384 ;;
  store) seeds="$ROOT/fuzz/corpus/store"; maxlen=65536 ;;
  *) seeds="$ROOT/fuzz/corpus/$name"; maxlen=16384 ;;
  esac
  mkdir -p "$BUILD/fuzz-corpus/$name"
  log="$BUILD/fuzz-logs/$name.log"
  # shellcheck disable=SC2086 # $seeds is a list of folders
  if "$BUILD/bin/nasir-$name-fuzzer" \
      -max_total_time="$EACH" -timeout=10 -rss_limit_mb=2048 \
      -max_len="$maxlen" -print_final_stats=1 \
      -artifact_prefix="$BUILD/fuzz-artifacts/$name-" \
      "$BUILD/fuzz-corpus/$name" $seeds >"$log" 2>&1; then
    echo "fuzz $name: $(grep -E '^Done [0-9]+ runs' "$log" | tail -1), no finding"
  else
    echo "fuzz $name: FAILED ($log):"
    tail -40 "$log"
    status=1
  fi
done
exit $status
