#!/bin/sh
# The peers of the NAS-Bench-201 benchmark on the same tables and protocol (docs/benchmarks.md):
# Optuna's RandomSampler and TPESampler, and regularized evolution in Python.
#   bench/search/peers.sh [SEEDS] [-- more options of peers_nb201.py]     (default 100 seeds)
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
seeds=${1:-100}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
exec /usr/bin/python3 "$here/bench/search/peers_nb201.py" "$here/../shared/data/nasbench201" \
  --seeds "$seeds" "$@"
