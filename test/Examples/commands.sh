#!/usr/bin/env bash
# Every search command on every example space: sample -> specialize (mlir,
# candidate, dot) -> verify with nasir-opt -> mutate -> crossover -> cost ->
# fingerprint -> enumerate (first few).
set -euo pipefail
nasir=$1 opt=$2 examples=$3 tmp=$4
mkdir -p "$tmp"
for space in nb201 nb101 mobilenet darts mlp; do
  f=$examples/$space.nas
  "$nasir" sample "$f" --seed 1 > "$tmp/a.json"
  "$nasir" sample "$f" --seed 2 > "$tmp/b.json"
  "$nasir" specialize "$f" --decisions @"$tmp/a.json" --to mlir > "$tmp/a.mlir"
  "$opt" "$tmp/a.mlir" > /dev/null
  if grep -q "nas.choice\|nas.repeat\|nas.select" "$tmp/a.mlir"; then
    echo "$space: specialized network still has search constructs"; exit 1
  fi
  # (into files: grep -q closing a pipe early would fail the pipeline)
  "$nasir" specialize "$f" --decisions @"$tmp/a.json" --to candidate > "$tmp/a.cand"
  grep -q '"format": "nasir-candidate"' "$tmp/a.cand"
  "$nasir" specialize "$f" --decisions @"$tmp/a.json" --to dot > "$tmp/a.dot"
  grep -q "^digraph" "$tmp/a.dot"
  "$nasir" mutate "$f" --decisions @"$tmp/a.json" --seed 3 > "$tmp/m.json"
  cmp -s "$tmp/a.json" "$tmp/m.json" && { echo "$space: mutation changed nothing"; exit 1; }
  "$nasir" crossover "$f" --a @"$tmp/a.json" --b @"$tmp/b.json" --seed 4 > "$tmp/c.json"
  "$nasir" specialize "$f" --decisions @"$tmp/c.json" --to mlir > /dev/null
  "$nasir" cost "$f" --decisions @"$tmp/a.json" > "$tmp/a.cost"
  grep -q '"params"' "$tmp/a.cost"
  fp1=$("$nasir" fingerprint "$f" --decisions @"$tmp/a.json")
  fp2=$("$nasir" fingerprint "$f" --decisions @"$tmp/a.json")
  [ "$fp1" = "$fp2" ] && [ ${#fp1} -eq 32 ]
  [ "$("$nasir" enumerate "$f" --limit 3 | wc -l)" -eq 3 ]
  echo "$space: ok"
done
