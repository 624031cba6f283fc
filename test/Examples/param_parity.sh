#!/usr/bin/env bash
# For every example space, several sampled candidates, bound to MNIST's and to
# CIFAR's input shape: the parameter count, FLOPs and MACs of the compiler's
# cost interface (nasir cost) equal what the LibTorch runtime builds
# (nasir-train --describe counts sum(p.numel()) over the real torch::nn
# modules; FLOPs and MACs from the layer table, lib/Layers).
#
# Then every layer of the layer table (nasir-forward --layers, lib/Layers):
# each must occur in the candidate of one of the networks in LAYERS/*.mlir,
# whose parameters the compiler, the runtime and the exported PyTorch module
# count alike (and FLOPs and MACs the compiler and the runtime), and whose exported
# module computes the runtime's outputs (COMPARE: test/Export/Inputs/compare.py).
set -euo pipefail
nasir=$1 train=$2 examples=$3 tmp=$4 forward=$5 layers=$6 compare=$7
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
      cmac=$(echo "$compiler" | sed -n 's/.*"macs":\([0-9]*\).*/\1/p')
      rmac=$(echo "$runtime" | sed -n 's/.*"macs":\([0-9]*\).*/\1/p')
      if [ "$cp" != "$rp" ] || [ "$cf" != "$rf" ] || [ -z "$cmac" ] || [ "$cmac" != "$rmac" ]; then
        echo "MISMATCH $space $shape seed $seed: compiler $compiler runtime $runtime"
        exit 1
      fi
      checked=$((checked + 1))
    done
  done
done
echo "parity: $checked candidates"

covered=" "
networks=0
for net in "$layers"/*.mlir; do
  name=$(basename "$net" .mlir)
  "$nasir" specialize "$net" --decisions '{}' --to candidate > "$tmp/$name.json"
  covered="$covered$(sed -n 's/.*"op": "\([a-z0-9_]*\)".*/\1/p' "$tmp/$name.json" | tr '\n' ' ')"
  compiler=$("$nasir" cost "$net" --decisions '{}' | tr -d ' ')
  runtime=$("$train" "$tmp/$name.json" --describe)
  "$nasir" export --candidate "$tmp/$name.json" --to pytorch -o "$tmp/$name.py"
  "$forward" "$tmp/$name.json" --save-init "$tmp/$name.pt" --batch 3 --seed 5 \
    --input "$tmp/$name.in" --output "$tmp/$name.ref" > /dev/null
  pytorch=$(/usr/bin/python3 "$compare" "$tmp/$name.py" "$tmp/$name.pt" "$tmp/$name.in" "$tmp/$name.ref") || {
    echo "OUTPUTS DIFFER $name: $pytorch"
    exit 1
  }
  cp=$(echo "$compiler" | sed 's/.*"params":\([0-9]*\).*/\1/')
  rp=$(echo "$runtime" | sed 's/.*"params":\([0-9]*\).*/\1/')
  pp=$(echo "$pytorch" | sed -n 's/.* \([0-9]*\) parameters.*/\1/p')
  cf=$(echo "$compiler" | sed 's/.*"flops":\([0-9]*\).*/\1/')
  rf=$(echo "$runtime" | sed 's/.*"flops":\([0-9]*\).*/\1/')
  cmac=$(echo "$compiler" | sed -n 's/.*"macs":\([0-9]*\).*/\1/p')
  rmac=$(echo "$runtime" | sed -n 's/.*"macs":\([0-9]*\).*/\1/p')
  if [ "$cp" != "$rp" ] || [ "$cp" != "$pp" ] || [ "$cf" != "$rf" ] || [ -z "$cmac" ] || [ "$cmac" != "$rmac" ]; then
    echo "MISMATCH $name: compiler $compiler runtime $runtime pytorch $pytorch"
    exit 1
  fi
  networks=$((networks + 1))
done
kinds=0
for kind in $("$forward" --layers); do
  case "$covered" in
    *" $kind "*) kinds=$((kinds + 1)) ;;
    *) echo "LAYER $kind is in no network of $layers: add it to one"; exit 1 ;;
  esac
done
echo "layers: $kinds kinds in $networks networks"
