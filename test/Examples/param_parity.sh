#!/usr/bin/env bash
# For every example space, several sampled candidates, bound to MNIST's and to
# CIFAR's input shape: the parameter count and FLOPs of the compiler's cost
# interface (nasir cost) equal what the LibTorch runtime builds (nasir-train
# --describe counts sum(p.numel()) over the real torch::nn modules).
set -euo pipefail
nasir=$1 train=$2 examples=$3 tmp=$4
mkdir -p "$tmp"
checked=0
for space in nb201 nb101 mobilenet darts mlp; do
  for shape in "1x28x28 10" "3x32x32 100"; do
    set -- $shape
    for seed in 1 2 3; do
      args=("$examples/$space.nas" --input "$1" --classes "$2")
      "$nasir" sample "${args[@]}" --seed "$seed" > "$tmp/d.json"
      "$nasir" specialize "${args[@]}" --decisions @"$tmp/d.json" --to candidate > "$tmp/c.json"
      compiler=$("$nasir" cost "${args[@]}" --decisions @"$tmp/d.json" | tr -d ' ')
      runtime=$("$train" "$tmp/c.json" --describe)
      cp=$(echo "$compiler" | sed 's/.*"params":\([0-9]*\).*/\1/')
      rp=$(echo "$runtime" | sed 's/.*"params":\([0-9]*\).*/\1/')
      cf=$(echo "$compiler" | sed 's/.*"flops":\([0-9]*\).*/\1/')
      rf=$(echo "$runtime" | sed 's/.*"flops":\([0-9]*\).*/\1/')
      if [ "$cp" != "$rp" ] || [ "$cf" != "$rf" ]; then
        echo "MISMATCH $space $shape seed $seed: compiler $compiler runtime $runtime"
        exit 1
      fi
      checked=$((checked + 1))
    done
  done
done
echo "parity: $checked candidates"
