#!/usr/bin/env bash
# The known failure of DARTS (issue 13, section 3): on the NAS-Bench-201 cell (SPACE:
# examples/nb201.nas, or the same cell in a skeleton a 2-core machine trains,
# bench/oneshot/nb201-small.nas), bound to MNIST's 1x28x28 images and 10 classes by --data,
# DARTS' argmax tends to keep parameter-free edges (skip_connect, none). For each strategy: the
# architecture it hands back first (darts/gdas: the argmax of the final architecture weights; the
# others: their best), how many of its six edges are skip_connect and none, and its test accuracy
# after retraining.
#
#   bench/oneshot-nb201.sh [STRATEGY...]    (default: darts gdas spos)
#
# Env (defaults): SPACE (examples/nb201.nas)  DATA (mnist)  SUPERNET_EPOCHS (4)  EPOCHS (2:
#   retraining)  BUDGET (1: architectures retrained; for a strategy that is not one-shot, its
#   evaluations)  THREADS (2)
#   SEED (0)  RECIPE (nasir-train options)  MAX_STEPS (0 = all: steps per epoch, for quick tries)
#   OUT (a new folder under /tmp)  BUILD_DIR (build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BUILD_DIR:-$root/build}/bin
space=${SPACE:-$root/examples/nb201.nas}
data=${DATA:-mnist}
recipe="${RECIPE:---optimizer adamw --lr 3e-3 --warmup-epochs 0.2} --max-steps-per-epoch ${MAX_STEPS:-0}"
out=${OUT:-$(mktemp -d /tmp/oneshot-nb201.XXXXXX)}
strategies=("$@")
[ ${#strategies[@]} -gt 0 ] || strategies=(darts gdas spos)
mkdir -p "$out"

echo "| strategy | data | first architecture | skip_connect | none | retrained test % |"
echo "| --- | --- | --- | --- | --- | --- |"
for s in "${strategies[@]}"; do
  case $s in
    darts | gdas | spos) extra=(--supernet-epochs "${SUPERNET_EPOCHS:-4}") ;;
    *) extra=() ;;
  esac
  store=$out/$s.db
  echo "== $s ($store)" >&2
  nice -n 19 "$bin/nasir" search "$space" --strategy "$s" "${extra[@]}" --budget "${BUDGET:-1}" \
    --epochs "${EPOCHS:-2}" --evaluator train --data "$data" --jobs 1 --threads "${THREADS:-2}" \
    --seed "${SEED:-0}" --train-args "$recipe" --store "$store" --progress none --resume \
    > "$out/$s.log"
  # The first architecture: the lowest trial id of the one-shot strategies (the argmax comes
  # first), the best by validation accuracy otherwise.
  "$bin/nasir" report "$store" --json | /usr/bin/python3 -c '
import json, sys
s, data = sys.argv[1:]
ok = [t for t in map(json.loads, sys.stdin) if t.get("status") == "ok"]
if not ok:
    sys.exit("oneshot-nb201.sh: %s finished no trial" % s)
if s in ("darts", "gdas", "spos"):
    t = min(ok, key=lambda t: t["id"])
else:
    t = max(ok, key=lambda t: t["metrics"]["accuracy"])
edges = [t["decisions"][k] for k in sorted(t["decisions"])]
print("| %s | %s | %s | %d | %d | %.2f |" % (s, data, " ".join(edges),
      edges.count("skip_connect"), edges.count("none"), t["metrics"]["test_accuracy"]))' "$s" "$data"
done
