#!/usr/bin/env bash
# Installs and builds (scripts/setup.sh), then runs every test: the libFuzzer harnesses of every
# reader for a bounded time (NASIR_FUZZ_SECONDS in all, default 60, split across them; the log in
# build/fuzz.log), the lit suite (FileCheck tests
# of the dialects, frontend, passes, CLI, search, reports and exports) and the GoogleTest suites
# through ctest. Exits non-zero when anything fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/scripts/setup.sh"

status=0
fuzzlog=$build/fuzz.log
if "$root/scripts/fuzz.sh" "${NASIR_FUZZ_SECONDS:-60}" > "$fuzzlog" 2>&1; then
  grep -E '^fuzz [a-z-]+: ' "$fuzzlog"
else
  echo "fuzz: FAILED ($fuzzlog):"; tail -60 "$fuzzlog"; status=1
fi
/usr/bin/python3 /usr/lib/llvm-19/build/utils/lit/lit.py -v "$build/test" || status=1
ctest --test-dir "$build" --output-on-failure || status=1
exit $status
