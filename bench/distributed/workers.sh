#!/bin/sh
# Trials per second of `nasir search --jobs 0` with 1, 2 and 4 `nasir worker`s
# on a fake 1-second evaluation (the command evaluator running
# test/Search/Inputs/worker_eval.sh, which sleeps 1 s and prints a result):
# what the work queue costs beside the evaluation itself (ideal: W trials/s
# with W workers).
#
#   bench/distributed/workers.sh [BUILD] [POSTGRES_URL] [TRIALS]
#
# BUILD is the build folder (default build); with a postgresql:// URL (its
# database must exist; the experiments bench-workers-W are dropped and made
# again: test/Search/Inputs/pg-reset.sh), the same runs on PostgreSQL. TRIALS
# per run (default 24). Prints one table row per store and worker count.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
pg=${2:-}
trials=${3:-24}
nasir=$build/bin/nasir
[ -x "$nasir" ] || { echo "no $nasir: build first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run STORE WORKERS: prints the seconds from the search's start to its end.
run() {
  store=$1 workers=$2
  i=0
  while [ $i -lt "$workers" ]; do
    "$nasir" worker --store "$store" > /dev/null 2> "$tmp/w$i.err" &
    i=$((i + 1))
  done
  t0=$(date +%s.%N)
  "$nasir" search "$root/test/Search/Inputs/widths.mlir" --strategy random \
    --seed 1 --budget "$trials" --evaluator command --command "$root/test/Search/Inputs/worker_eval.sh /dev/null 1" \
    --jobs 0 --store "$store" --work-dir "$tmp/trials-$workers" \
    --progress none > /dev/null
  t1=$(date +%s.%N)
  wait
  echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }'
}

printf '%-10s %7s %6s %9s %8s %10s\n' store workers trials seconds trials/s efficiency
for w in 1 2 4; do
  for kind in sqlite ${pg:+postgres}; do
    if [ "$kind" = sqlite ]; then
      store=$tmp/w$w.db
    else
      store="$pg?experiment=bench-workers-$w"
      "$root/test/Search/Inputs/pg-reset.sh" "$store"
    fi
    s=$(run "$store" "$w")
    echo "$kind $w $trials $s" | awk '{ r = $3 / $4; printf "%-10s %7d %6d %9.2f %8.2f %9.0f%%\n", $1, $2, $3, $4, r, 100 * r / $2 }'
  done
done
