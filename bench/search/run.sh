#!/bin/sh
# NAS-Bench-201 search benchmark + search overhead (docs/benchmarks.md).
#   bench/search/run.sh [SEEDS]     (default 100)
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
ninja -C "$here/build" -j2 nasir-search-bench
"$here/build/bin/nasir-search-bench" "$here/test/Search/Inputs/nb201cell.mlir" \
  "$here/../shared/data/nasbench201" --seeds "${1:-100}"
