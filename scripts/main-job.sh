#!/usr/bin/env bash
# The main job: installs everything (scripts/setup.sh), then searches the CNN space of
# examples/cnn.nas on real MNIST on the CPU and hands back a trained model: the search's winner,
# trained with the full recipe, its MNIST test accuracy (the 10,000 test images, which the search
# never sees), the leaderboard and the HTML report. Ten minutes on 2 cores, the final training of
# the winner included (README, "Set up"; docs/benchmarks.md has the measurements).
#
#   scripts/main-job.sh              # the search
#   scripts/main-job.sh --baselines  # the same 10 minutes for a hand-designed CNN and random search
#
# NASIR_RUN_DIR (default .data/runs/main-job) holds the stores; a second run shows the finished
# experiment (it resumes). BUILD_DIR as for scripts/setup.sh.
set -euo pipefail

usage() {
  echo "usage: scripts/main-job.sh [--baselines]"
  echo "  (no option)  search examples/cnn.nas on MNIST; print the winner's test accuracy,"
  echo "               the leaderboard and the report's path"
  echo "  --baselines  the same 10 minutes for the hand-designed examples/cnn-hand.nas"
  echo "               (one training) and for random search over examples/cnn.nas"
}
mode=search
if [ $# -gt 1 ]; then
  echo "main-job.sh: expected at most one argument, got $#" >&2
  usage >&2
  exit 2
fi
case "${1-}" in
  "") ;;
  --baselines) mode=baselines ;;
  -h | --help) usage; exit 0 ;;
  *) echo "main-job.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/scripts/setup.sh"
nasir=$build/bin/nasir
out=${NASIR_RUN_DIR:-$root/.data/runs/main-job}
mkdir -p "$out"

# How every network here is trained (nasir-train options; measured in docs/benchmarks.md).
recipe="--optimizer adamw --lr 3e-3 --warmup-epochs 0.2 --batch-size 128"
# The strategy, one line (the measurements in docs/benchmarks.md chose it). Hyperband's one
# bracket of successive halving: 5 candidates for 1 epoch, the best retrained for 5 epochs (its
# top rung is the final training; --budget 6 ends the search there).
strategy=(--strategy hyperband --max-epochs 5 --eta 5 --brackets 2 --budget 6)
# A one-shot strategy instead (docs/oneshot.md): a supernet for E epochs, the best N retrained:
# strategy=(--strategy spos --supernet-epochs 2 --budget 1 --epochs 5)
common=(--evaluator train --data mnist --jobs 1 --threads 2 --train-args "$recipe"
  --seed 0 --progress plain)
# The bound of the searches over examples/cnn.nas (not of the hand-designed CNN, 44M FLOPs).
bound=(--max-flops 30000000)

# The winner of a store: the ok trial with the most epochs, then the best validation accuracy
# (what the search ranks by); prints "trial epochs test_accuracy val_accuracy".
winner() {
  "$nasir" report "$1" --json | /usr/bin/python3 -c '
import json, sys
ok = [t for t in map(json.loads, sys.stdin) if t.get("status") == "ok"]
if not ok:
    sys.exit("main-job.sh: no trial finished")
t = max(ok, key=lambda t: (t["epochs"], t["metrics"]["accuracy"]))
print(t["id"], t["epochs"], "%.2f" % t["metrics"]["test_accuracy"], "%.2f" % t["metrics"]["accuracy"])'
}

# Runs `nasir search` with STORE first, then prints the winner's line and the report's path.
run_search() {
  local store=$1 name=$2
  shift 2
  local start=$SECONDS
  "$nasir" search "$@" --store "$store" --resume
  local wall=$((SECONDS - start))
  local line id epochs test val
  line=$(winner "$store")
  read -r id epochs test val <<< "$line"
  "$nasir" report "$store" --html "${store%.db}.html" > /dev/null
  echo "$name: trial $id ($epochs epochs): MNIST test accuracy $test% (validation $val%), ${wall}s wall"
  echo "report: ${store%.db}.html"
}

if [ $mode = search ]; then
  echo "== the space"
  "$nasir" check "$root/examples/cnn.nas"
  echo "candidates: $("$nasir" count "$root/examples/cnn.nas")"
  echo "== search (MNIST, ${strategy[*]})"
  run_search "$out/experiment.db" winner "$root/examples/cnn.nas" "${strategy[@]}" "${bound[@]}" "${common[@]}"
  exit 0
fi

echo "== baseline 1: a hand-designed CNN (examples/cnn-hand.nas), one training of 6 epochs"
run_search "$out/hand.db" hand-designed "$root/examples/cnn-hand.nas" --strategy random \
  --budget 1 --epochs 6 "${common[@]}"
echo "== baseline 2: random search over examples/cnn.nas, 5 epochs each, --time 10m"
run_search "$out/random.db" random "$root/examples/cnn.nas" --strategy random --epochs 5 \
  --time 10m "${bound[@]}" "${common[@]}"
