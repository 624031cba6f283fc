#!/usr/bin/env bash
# Ranking quality of one-shot estimates (issue 13, section 3): Kendall tau between the accuracy a
# trained supernet gives a sub-network (inherited weights, batch-norm statistics recalibrated:
# `nasir-train --score`) and the accuracy of the same network trained stand-alone, over N
# candidates sampled uniformly from a CNN space.
#
#   bench/oneshot-rank.sh [ESTIMATOR...]     (default: spos gdas)
#
# ESTIMATOR: spos, gdas or darts (a supernet trained by `nasir-train --oneshot ESTIMATOR`), or
# proxy (stand-alone training for PROXY_STEPS steps per epoch: the low-fidelity estimate that
# multi-fidelity strategies use, for comparison). Each candidate is trained stand-alone once;
# every estimator ranks the same candidates. Env (defaults):
#   SPACE (examples/cnn.nas)  DATA (mnist)  CANDIDATES (30)  SEED (0)  EPOCHS (2: stand-alone)
#   SUPERNET_EPOCHS (4)  PROXY_STEPS (50)  MAX_STEPS (0 = all: steps per epoch of every
#   training, for quick tries)  THREADS (2)  RECIPE (nasir-train options of every training)
#   OUT (a new folder under /tmp; kept: candidates, results, the supernets)  BUILD_DIR (build)
# Prints one table row per estimator: candidates, tau, and the stand-alone accuracy range.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BUILD_DIR:-$root/build}/bin
space=${SPACE:-$root/examples/cnn.nas}
data=${DATA:-mnist}
n=${CANDIDATES:-30}
seed=${SEED:-0}
epochs=${EPOCHS:-2}
supernet_epochs=${SUPERNET_EPOCHS:-4}
proxy_steps=${PROXY_STEPS:-50}
max_steps=${MAX_STEPS:-0}
threads=${THREADS:-2}
read -r -a recipe <<< "${RECIPE:---optimizer adamw --lr 3e-3 --warmup-epochs 0.2}"
out=${OUT:-$(mktemp -d /tmp/oneshot-rank.XXXXXX)}
estimators=("$@")
[ ${#estimators[@]} -gt 0 ] || estimators=(spos gdas)
for e in "${estimators[@]}"; do
  case $e in
    spos | gdas | darts | proxy) ;;
    *) echo "oneshot-rank.sh: unknown estimator '$e' (spos, gdas, darts or proxy)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
train=("$bin/nasir-train" --data "$data" --threads "$threads" --seed "$seed" --quiet
  --max-steps-per-epoch "$max_steps" "${recipe[@]}")

# The candidates: N distinct decisions, one JSON object a line.
"$bin/nasir" sample "$space" --count "$n" --seed "$seed" > "$out/candidates.jsonl"
count=$(wc -l < "$out/candidates.jsonl")
echo "$count candidates of $space on $data in $out" >&2

# Stand-alone training of each (kept: a second run reuses the results).
i=0
while IFS= read -r decisions; do
  i=$((i + 1))
  result=$out/standalone-$i.json
  [ -s "$result" ] && continue
  "$bin/nasir" specialize "$space" --decisions "$decisions" --to candidate > "$out/candidate-$i.json"
  nice -n 19 "${train[@]}" "$out/candidate-$i.json" --epochs "$epochs" > "$result.tmp"
  mv "$result.tmp" "$result"
  echo "stand-alone $i/$count: $(cat "$result" | head -c 120)" >&2
done < "$out/candidates.jsonl"

# Each estimator's estimates, one JSON line per candidate in $out/ESTIMATOR.jsonl.
for e in "${estimators[@]}"; do
  est=$out/$e.jsonl
  [ -s "$est" ] && continue
  rm -f "$est.tmp"
  if [ "$e" = proxy ]; then
    for j in $(seq 1 "$count"); do
      nice -n 19 "${train[@]}" "$out/candidate-$j.json" --epochs 1 \
        --max-steps-per-epoch "$proxy_steps" >> "$est.tmp"
    done
  else
    "$bin/nasir" relax "$space" --to supernet > "$out/supernet.json"
    nice -n 19 "${train[@]}" "$out/supernet.json" --oneshot "$e" --epochs "$supernet_epochs" \
      --save "$out/$e.ckpt" > "$out/$e-supernet.json"
    nice -n 19 "$bin/nasir-train" "$out/supernet.json" --data "$data" --threads "$threads" \
      --seed "$seed" --quiet --load "$out/$e.ckpt" --score "$out/candidates.jsonl" \
      > "$out/$e-scores.json"
    /usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
if r.get("status") != "ok":
    sys.exit("oneshot-rank.sh: scoring failed: %s" % r.get("reason"))
for s in r["scores"]:
    print(json.dumps(s))' "$out/$e-scores.json" > "$est.tmp"
  fi
  mv "$est.tmp" "$est"
done

/usr/bin/python3 - "$out" "$count" "${estimators[@]}" <<'PY'
import json, sys, os
out, count, estimators = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

def tau_b(x, y):
    """Kendall's tau-b (ties in either list count as neither)."""
    conc = disc = tx = ty = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                tx += 1
            elif dy == 0:
                ty += 1
            elif (dx > 0) == (dy > 0):
                conc += 1
            else:
                disc += 1
    denom = ((conc + disc + tx) * (conc + disc + ty)) ** 0.5
    return (conc - disc) / denom if denom else float("nan")

truth = []
for i in range(1, count + 1):
    r = json.load(open(os.path.join(out, "standalone-%d.json" % i)))
    if r.get("status") != "ok":
        sys.exit("oneshot-rank.sh: candidate %d failed: %s" % (i, r.get("reason")))
    truth.append(r["val_accuracy"])
print("| estimator | candidates | Kendall tau | stand-alone val accuracy (min-max) | estimate (min-max) |")
print("| --- | --- | --- | --- | --- |")
for e in estimators:
    est = [json.loads(l)["val_accuracy"] for l in open(os.path.join(out, e + ".jsonl"))]
    if len(est) != count:
        sys.exit("oneshot-rank.sh: %s has %d estimates for %d candidates" % (e, len(est), count))
    print("| %s | %d | %.3f | %.2f-%.2f%% | %.2f-%.2f%% |" % (
        e, count, tau_b(est, truth), 100 * min(truth), 100 * max(truth),
        100 * min(est), 100 * max(est)))
PY
