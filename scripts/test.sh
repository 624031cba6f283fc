#!/usr/bin/env bash
# Installs and builds (scripts/setup.sh), then runs every test: the libFuzzer harnesses of every
# reader for a bounded time (NASIR_FUZZ_SECONDS in all, default 60, split across them; the log in
# build/fuzz.log), the lit suite (FileCheck tests
# of the dialects, frontend, passes, CLI, search, reports and exports) and the GoogleTest suites
# through ctest, the store tests on SQLite and on a private PostgreSQL server started for the run,
# and the Python module's pytest suite (test/Python) when the module was built.
# Exits non-zero when anything fails.
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
# The PostgreSQL store's tests run against a private server (scripts/pg-server.sh), started here
# and stopped at exit; the lit suite and ctest find it through NASIR_TEST_PG_URL.
pgdir=
stop_pg() {
  if [ -n "$pgdir" ]; then
    "$root/scripts/pg-server.sh" stop "$pgdir" || true
    rm -rf "$pgdir"
  fi
}
trap stop_pg EXIT
if pgbin=$("$root/scripts/pg-server.sh" bin 2>/dev/null); then
  pgdir=$(mktemp -d "${TMPDIR:-/tmp}/nasir-pg.XXXXXX")
  if url=$("$root/scripts/pg-server.sh" start "$pgdir"); then
    export NASIR_TEST_PG_URL=$url NASIR_TEST_PG_DATA=$pgdir/data NASIR_TEST_PG_BIN=$pgbin
    echo "postgres: a private server at $url for the store tests"
  else
    echo "postgres: FAILED to start a private server (see above): the PostgreSQL tests are skipped"
    status=1
  fi
else
  echo "postgres: no PostgreSQL server here (Debian package postgresql; scripts/setup.sh installs it):" \
    "the PostgreSQL store tests are skipped"
fi
/usr/bin/python3 /usr/lib/llvm-19/build/utils/lit/lit.py -v "$build/test" || status=1
ctest --test-dir "$build" --output-on-failure || status=1
# The Python module's tests (test/Python, docs/python.md), when it was built.
if ! compgen -G "$build/python/nasir/_nasir*.so" > /dev/null; then
  echo "python: SKIPPED: the nasir module was not built (it needs pybind11-dev and python3-dev)"
elif ! /usr/bin/python3 -c "import pytest" 2> /dev/null; then
  echo "python: SKIPPED: no pytest for /usr/bin/python3 (Debian: python3-pytest)"
else
  NASIR_BUILD_DIR="$build" /usr/bin/python3 -m pytest -q -p no:cacheprovider "$root/test/Python" || status=1
fi
exit $status
