#!/bin/sh
# Model-based search (bananas) on NAS-Bench-201 under the proposals protocol:
# every proposed candidate costs one query (docs/benchmarks.md, "Model-based
# search (bananas)"). Extra arguments go to nasir-bananas-bench
# (--strategies bananas,local,evolution,random --datasets cifar10 --option K=V).
#   bench/bananas/run.sh [SEEDS] [ARGS...]     (default 100 seeds)
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
seeds=${1:-100}
[ $# -gt 0 ] && shift
ninja -C "$here/build" -j2 nasir-bananas-bench
exec "$here/build/bin/nasir-bananas-bench" "$here/test/Search/Inputs/nb201cell.mlir" \
  "$here/../shared/data/nasbench201" --seeds "$seeds" "$@"
