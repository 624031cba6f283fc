#!/bin/sh
# The NAS-Bench-201 search benchmark (docs/benchmarks.md): nasir's strategies under both
# budget units (--budget-counts proposals and evaluations), 50/100/200 queries.
#   bench/search/run.sh [SEEDS] [-- more options of nasir-search-bench]     (default 100 seeds)
# e.g. bench/search/run.sh 100 -- --strategies reinforce --datasets cifar10
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
seeds=${1:-100}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
ninja -C "$here/build" -j2 nasir-search-bench >&2 # the table alone on stdout
exec "$here/build/bin/nasir-search-bench" "$here/test/Search/Inputs/nb201cell.mlir" \
  "$here/../shared/data/nasbench201" --seeds "$seeds" "$@"
