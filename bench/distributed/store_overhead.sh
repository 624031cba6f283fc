#!/usr/bin/env bash
# The store's cost per trial on SQLite and on PostgreSQL, side by side, in one
# run (nasir-store-bench: bench/distributed/store_overhead.cpp). Starts a
# private PostgreSQL server (scripts/pg-server.sh) in a temporary folder,
# and measures it as configured by default (synchronous_commit=on: a commit
# waits for its WAL to reach the disk) and with synchronous_commit=off (set
# per connection through the URL: a commit survives nasir's crash, as
# SQLite's WAL mode with synchronous=NORMAL does, but a crash of the server
# or the machine may lose the last ~0.6 s of commits).
#
#   bench/distributed/store_overhead.sh [TRIALS] [REPEATS]    # default 500 3
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$root/build}
trials=${1:-500}
repeats=${2:-3}
[ -n "${NASIR_BENCH_NO_BUILD:-}" ] ||
  flock /tmp/nasir-build.lock nice -n 19 ninja -C "$build" nasir-store-bench >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/nasir-store-bench.XXXXXX")
pg=$(mktemp -d "${TMPDIR:-/tmp}/nasir-store-bench-pg.XXXXXX") # its own: postgres must reach it
cleanup() { "$root/scripts/pg-server.sh" stop "$pg" >/dev/null 2>&1 || true; rm -rf "$work" "$pg"; }
trap cleanup EXIT
url=$("$root/scripts/pg-server.sh" start "$pg")
echo "# $(nproc) cores; $(uname -sr); $("$("$root/scripts/pg-server.sh" bin)/postgres" --version)"
nice -n 19 "$build/bin/nasir-store-bench" --trials "$trials" --repeats "$repeats" \
  "$work/sqlite" "$url" "$url?options=-c%20synchronous_commit%3Doff"
