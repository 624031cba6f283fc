#!/usr/bin/env bash
# Equal CPU time (issue 13, section 3): each strategy searches the same CNN space under the same
# `nasir search --time`, on each dataset; reported is the MNIST / Fashion-MNIST test accuracy of
# its best retrained architecture (the ok trial with the most epochs, then the best validation
# accuracy: for a one-shot strategy its retrained architectures, never a supernet estimate).
#
#   bench/oneshot-equal-time.sh [STRATEGY...]   (default: darts gdas spos evolution random)
#
# Env (defaults): SPACE (examples/cnn.nas)  DATASETS ("mnist fashion-mnist")  TIME (10m)
#   EPOCHS (3: epochs of each trial, and of the one-shot retraining)  SUPERNET_EPOCHS (2)
#   ONESHOT_BUDGET (2: architectures a one-shot strategy retrains)  JOBS (1)  THREADS (2)
#   SEED (0)  MAX_FLOPS (30000000)  RECIPE (nasir-train options)  MAX_STEPS (0 = all: steps per
#   epoch, for quick tries)  OUT (a new folder under /tmp)  BUILD_DIR (build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BUILD_DIR:-$root/build}/bin
space=${SPACE:-$root/examples/cnn.nas}
read -r -a datasets <<< "${DATASETS:-mnist fashion-mnist}"
time_limit=${TIME:-10m}
epochs=${EPOCHS:-3}
supernet_epochs=${SUPERNET_EPOCHS:-2}
oneshot_budget=${ONESHOT_BUDGET:-2}
recipe="${RECIPE:---optimizer adamw --lr 3e-3 --warmup-epochs 0.2} --max-steps-per-epoch ${MAX_STEPS:-0}"
out=${OUT:-$(mktemp -d /tmp/oneshot-equal-time.XXXXXX)}
strategies=("$@")
[ ${#strategies[@]} -gt 0 ] || strategies=(darts gdas spos evolution random)
mkdir -p "$out"

rows=()
for data in "${datasets[@]}"; do
  for s in "${strategies[@]}"; do
    case $s in
      darts | gdas | spos)
        extra=(--supernet-epochs "$supernet_epochs" --budget "$oneshot_budget") ;;
      *) extra=() ;;
    esac
    store=$out/$data-$s.db
    echo "== $s on $data, --time $time_limit ($store)" >&2
    start=$SECONDS
    nice -n 19 "$bin/nasir" search "$space" --strategy "$s" "${extra[@]}" --time "$time_limit" \
      --epochs "$epochs" --evaluator train --data "$data" --jobs "${JOBS:-1}" \
      --threads "${THREADS:-2}" --seed "${SEED:-0}" --max-flops "${MAX_FLOPS:-30000000}" \
      --train-args "$recipe" --store "$store" --progress none --resume > "$out/$data-$s.log" ||
      echo "$s on $data: nasir search failed (its log: $out/$data-$s.log)" >&2
    wall=$((SECONDS - start))
    row=$("$bin/nasir" report "$store" --json | /usr/bin/python3 -c '
import json, sys
data, s, wall = sys.argv[1:]
trials = [json.loads(l) for l in sys.stdin]
ok = [t for t in trials if t.get("status") == "ok"]
if not ok:
    print("| %s | %s | %s s | 0 | - | - | - |" % (data, s, wall))
    sys.exit()
t = max(ok, key=lambda t: (t["epochs"], t["metrics"]["accuracy"]))
m = t["metrics"]
print("| %s | %s | %s s | %d | %.2f | %.2f | %.1fk |" % (
    data, s, wall, len(ok), m["accuracy"], m["test_accuracy"], m["params"] / 1000))' \
      "$data" "$s" "$wall")
    echo "$row" >&2
    rows+=("$row")
  done
done
echo "| dataset | strategy | wall | trials ok | best val % | its test % | params |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
