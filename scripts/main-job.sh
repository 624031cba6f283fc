#!/usr/bin/env bash
# The main job: installs everything (scripts/setup.sh), then runs a real architecture search on
# real MNIST on the CPU: the MLP space of examples/mlp.nas bound to MNIST's 1x28x28 images and 10
# classes, regularized evolution over 48 candidates (fresh ones drawn decision by decision), each
# trained for one epoch by the LibTorch runtime, two at a time. Ends with the leaderboard, the
# Pareto front (accuracy vs params, the objectives declared in the file) and where the results
# are. Run it again to see the finished experiment (it resumes); NASIR_BUDGET changes the size.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/scripts/setup.sh"
nasir=$build/bin/nasir
out=${NASIR_RUN_DIR:-$root/.data/runs/main-job}
mkdir -p "$out"

echo "== the space"
"$nasir" check "$root/examples/mlp.nas"
echo "== search (MNIST, 1 epoch per candidate)"
"$nasir" search "$root/examples/mlp.nas" --strategy evolution --sampling per-decision \
  --evaluator train --data mnist --epochs 1 --budget "${NASIR_BUDGET:-48}" --jobs 2 \
  --seed 0 --store "$out/experiment.db" --resume
"$nasir" report "$out/experiment.db" --html "$out/report.html" > /dev/null
echo "report: $out/report.html"
