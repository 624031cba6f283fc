#!/usr/bin/env bash
# Installs and builds (scripts/setup.sh), then runs every test: the lit suite (FileCheck tests
# of the dialects, frontend, passes and CLI), the GoogleTest suites through ctest, and the
# frontend fuzzer for a bounded time. Exits non-zero when anything fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/scripts/setup.sh"

status=0
/usr/bin/python3 /usr/lib/llvm-19/build/utils/lit/lit.py -v "$build/test" || status=1
ctest --test-dir "$build" --output-on-failure || status=1
if [ -x "$root/scripts/fuzz.sh" ]; then
  "$root/scripts/fuzz.sh" "${NASIR_FUZZ_SECONDS:-60}" || status=1
fi
exit $status
