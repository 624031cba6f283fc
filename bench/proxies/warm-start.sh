#!/usr/bin/env bash
# Training-free proxies (issue 14, section 2), part 2: the warm start at equal CPU time.
# Random search on a CNN space under the same `nasir search --time`, for several seeds, without
# and with `--warm-start-proxy N --proxy PROXY` (the proxy's scoring counts against --time: it
# runs inside the search). Prints one row per seed and a mean row: the best validation accuracy
# found and the trials evaluated.
#
#   bench/proxies/warm-start.sh
#
# Env (defaults): SPACE (bench/proxies/small-cnn.nas)  DATA (fashion-mnist)  TIME (120s)  SEEDS ("1 2 3")
#   PROXY (synflow)  N (100: candidates scored)  TOP (5: how many go first)  EPOCHS (1)
#   MAX_STEPS (60: steps per epoch of each trial, batch 128)  MAX_FLOPS (30000000)  THREADS (1)
#   RECIPE (nasir-train options)  OUT (a new folder under /tmp; finished stores are kept)
#   BUILD_DIR (build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BUILD_DIR:-$root/build}/bin
space=${SPACE:-$root/bench/proxies/small-cnn.nas}
data=${DATA:-fashion-mnist}
time_limit=${TIME:-120s}
read -r -a seeds <<< "${SEEDS:-1 2 3}"
proxy=${PROXY:-synflow}
recipe="${RECIPE:---optimizer adamw --lr 3e-3 --warmup-epochs 0.2} --max-steps-per-epoch ${MAX_STEPS:-60}"
out=${OUT:-$(mktemp -d /tmp/proxies-warm.XXXXXX)}
mkdir -p "$out"

best() { # STORE -> "best-val-% trials-ok"
  sqlite3 "$1" "SELECT printf('%.2f %d', max(accuracy), count(*)) FROM trials WHERE status = 'ok'"
}

rows=()
for seed in "${seeds[@]}"; do
  for mode in plain warm; do
    store=$out/$mode-$seed.db
    extra=()
    [ "$mode" = warm ] && extra=(--warm-start-proxy "${N:-100}" --proxy "$proxy" --proxy-top "${TOP:-5}")
    if [ ! -s "$store" ]; then
      echo "== random, seed $seed, $mode, --time $time_limit ($store)" >&2
      nice -n 19 "$bin/nasir" search "$space" --strategy random --time "$time_limit" \
        --epochs "${EPOCHS:-1}" --evaluator train --data "$data" --threads "${THREADS:-1}" \
        --seed "$seed" --max-flops "${MAX_FLOPS:-30000000}" --train-args "$recipe" \
        --store "$store" --progress none "${extra[@]}" > "$out/$mode-$seed.log" 2> "$out/$mode-$seed.err" ||
        echo "seed $seed $mode: nasir search failed (see $out/$mode-$seed.err)" >&2
    fi
  done
  read -r pb pn <<< "$(best "$out/plain-$seed.db")"
  read -r wb wn <<< "$(best "$out/warm-$seed.db")"
  rows+=("$seed $pb $pn $wb $wn")
  echo "seed $seed: random $pb % ($pn trials), with the warm start $wb % ($wn trials)" >&2
done
printf '%s\n' "${rows[@]}" | /usr/bin/python3 -c '
import statistics, sys
rows = [l.split() for l in sys.stdin if l.strip()]
print("| seed | random: best val % | trials | + warm start: best val % | trials |")
print("| --- | --- | --- | --- | --- |")
for s, pb, pn, wb, wn in rows:
    print("| %s | %s | %s | %s | %s |" % (s, pb, pn, wb, wn))
m = lambda k: statistics.fmean(float(r[k]) for r in rows)
print("| mean | %.2f | %.1f | %.2f | %.1f |" % (m(1), m(2), m(3), m(4)))'
