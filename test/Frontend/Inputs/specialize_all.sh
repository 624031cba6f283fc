#!/usr/bin/env bash
# Specializes every candidate of a space (nasir enumerate) and prints, per
# candidate, its decisions and the channels that reach the classifier, so a
# test can compare them with what the decisions say.
set -euo pipefail
nasir=$1 space=$2 tmp=$3
mkdir -p "$tmp"
"$nasir" enumerate "$space" > "$tmp/all.jsonl"
while IFS= read -r decisions; do
  "$nasir" specialize "$space" --decisions "$decisions" --to mlir > "$tmp/c.mlir"
  if grep -q "nas.choice\|nas.repeat\|?x?" "$tmp/c.mlir"; then
    echo "not specialized: $decisions"; exit 1
  fi
  "$nasir" specialize "$space" --decisions "$decisions" --to candidate > /dev/null
  channels=$(sed -n 's/.*nn.global_avg_pool %[0-9]* : tensor<?x\([0-9]*\)x.*/\1/p' "$tmp/c.mlir")
  echo "$decisions channels $channels"
done < "$tmp/all.jsonl"
echo "specialized $(wc -l < "$tmp/all.jsonl")"
