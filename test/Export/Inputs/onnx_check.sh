#!/usr/bin/env bash
# onnx_check.sh NASIR NASIR-TRAIN NASIR-FORWARD EXAMPLES RUNTIME-INPUTS LAYER-NETS INPUTS-DIR TMP
#
# For candidates of every example space (EXAMPLES/*.nas), ONNX models written
# by nasir-train --export-onnx pass onnx's checker and compute what the
# LibTorch runtime computes (nasir-forward: same input and weights, max abs
# diff < 1e-4) both in OpenCV's DNN module and in the numpy reference
# evaluator (INPUTS-DIR/check_onnx.py), with
#   fresh:    sample seed 1, fresh weights of a fixed seed (--export-onnx
#             --seed 1 --save W, the runtime loading W),
#   init:     sample seed 2, nasir-forward's fresh weights with batch-norm
#             statistics moved off their defaults (--load),
#   trained:  sample seed 3 bound to digits' 1x8x8 input, the weights of a
#             short nasir-train run on sklearn's digits (--save).
# Then the networks that hold every layer kind (LAYER-NETS/*.mlir and
# RUNTIME-INPUTS/{all_ops,sequence_ops}.json) and one small candidate per kind
# OpenCV might not run (single_ops.py): the checker and the numpy evaluator
# must pass; OpenCV 4.6 may fail (the lines say where).
set -euo pipefail
nasir=$1 train=$2 forward=$3 examples=$4 inputs=$5 layernets=$6 dir=$7 tmp=$8
mkdir -p "$tmp"
py=/usr/bin/python3

# check NAME CANDIDATE WEIGHTS [check_onnx options]: export with WEIGHTS, compare.
check() {
  local name=$1 cand=$2 weights=$3
  shift 3
  "$train" "$cand" --export-onnx "$tmp/$name.onnx" --load "$weights" > "$tmp/$name.export"
  "$forward" "$cand" --load "$weights" --batch 3 --seed 5 \
    --input "$tmp/$name.in" --output "$tmp/$name.ref" > /dev/null
  "$py" "$dir/check_onnx.py" "$name" "$tmp/$name.onnx" "$tmp/$name.in" "$tmp/$name.ref" "$@"
}

# sample SPACE SEED OUT [bind options]: a candidate of SPACE.
sample() {
  local space=$1 seed=$2 out=$3
  shift 3
  "$nasir" sample "$space" "$@" --seed "$seed" > "$out.decisions"
  "$nasir" specialize "$space" "$@" --decisions @"$out.decisions" --to candidate > "$out"
}

spaces=0
for space in "$examples"/*.nas; do
  s=$(basename "$space" .nas)
  sample "$space" 1 "$tmp/$s-1.json"
  "$train" "$tmp/$s-1.json" --export-onnx "$tmp/$s-fresh.onnx" --seed 1 \
    --save "$tmp/$s-fresh.pt" > /dev/null
  "$forward" "$tmp/$s-1.json" --load "$tmp/$s-fresh.pt" --batch 3 --seed 5 \
    --input "$tmp/$s-fresh.in" --output "$tmp/$s-fresh.ref" > /dev/null
  "$py" "$dir/check_onnx.py" "$s-fresh" "$tmp/$s-fresh.onnx" "$tmp/$s-fresh.in" "$tmp/$s-fresh.ref"

  sample "$space" 2 "$tmp/$s-2.json"
  "$forward" "$tmp/$s-2.json" --save-init "$tmp/$s-init.pt" --batch 2 --seed 2 \
    --input /dev/null --output /dev/null > /dev/null
  check "$s-init" "$tmp/$s-2.json" "$tmp/$s-init.pt"

  sample "$space" 3 "$tmp/$s-digits.json" --input 1x8x8 --classes 10
  "$train" "$tmp/$s-digits.json" --data digits --epochs 1 --max-steps-per-epoch 5 \
    --batch-size 32 --threads 1 --quiet --save "$tmp/$s-digits.pt" > "$tmp/$s-digits.train"
  check "$s-trained" "$tmp/$s-digits.json" "$tmp/$s-digits.pt"
  spaces=$((spaces + 1))
done
echo "spaces: $spaces"

init_and_check() {
  local name=$1 cand=$2
  "$forward" "$cand" --save-init "$tmp/$name.pt" --batch 2 --seed 1 \
    --input /dev/null --output /dev/null > /dev/null
  check "$name" "$cand" "$tmp/$name.pt" --opencv-may-fail
}
for net in "$layernets"/*.mlir; do
  n=$(basename "$net" .mlir)
  "$nasir" specialize "$net" --decisions '{}' --to candidate > "$tmp/layers-$n.json"
  init_and_check "layers-$n" "$tmp/layers-$n.json"
done
for n in all_ops sequence_ops; do
  init_and_check "$n" "$inputs/$n.json"
done
for n in $("$py" "$dir/single_ops.py" "$tmp/single"); do
  init_and_check "single-$n" "$tmp/single/$n.json"
done
