#!/usr/bin/env bash
# The main job: installs everything (scripts/setup.sh), then runs a real architecture search on
# real MNIST on the CPU: the MLP space of examples/mlp.nas, bound to MNIST's 1x28x28 images and
# 10 classes, regularized evolution, each candidate trained for one epoch by the LibTorch
# runtime in worker processes. Ends with the leaderboard and where the results are.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/scripts/setup.sh"
nasir=$build/bin/nasir
out=${NASIR_RUN_DIR:-$root/.data/runs/main-job}
mkdir -p "$out"

echo "== the space"
"$nasir" check "$root/examples/mlp.nas"
echo "candidates: $("$nasir" count "$root/examples/mlp.nas" 2>/dev/null)"

if "$nasir" help 2>/dev/null | grep -q '^  search'; then
  echo "== search (MNIST, 1 epoch per candidate)"
  exec "$nasir" search "$root/examples/mlp.nas" --strategy evolution \
    --evaluator train --data mnist --epochs 1 --budget "${NASIR_BUDGET:-32}" --jobs 2 \
    --seed 0 --store "$out/experiment.db" --resume
fi

# Without the search driver: the deepest real pipeline, one sampled candidate end to end.
echo "== sample, specialize for MNIST, lower, train"
"$nasir" sample "$root/examples/mlp.nas" --seed 0 --input 1x28x28 --classes 10 > "$out/decisions.json"
cat "$out/decisions.json"
"$nasir" specialize "$root/examples/mlp.nas" --input 1x28x28 --classes 10 \
  --decisions @"$out/decisions.json" --to candidate > "$out/candidate.json"
"$build/bin/nasir-train" "$out/candidate.json" --data mnist --epochs 1 --threads 2
