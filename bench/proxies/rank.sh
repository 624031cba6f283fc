#!/usr/bin/env bash
# Training-free proxies (issue 14, section 2), part 1: how well each proxy ranks candidates.
# N candidates are sampled uniformly from a CNN space (distinct, within --max-flops), each is
# trained stand-alone once (short training: EPOCHS epochs of MAX_STEPS steps), and each proxy
# scores all of them in ONE nasir-train process (`--proxy NAME --candidates LIST`). Prints one
# table row per proxy: candidates, Spearman rho with the trained validation accuracy, and the
# proxy's cost (median ms per candidate inside the process; the whole process's wall time).
#
#   bench/proxies/rank.sh [PROXY...]     (default: synflow snip naswot)
#
# Env (defaults): SPACE (bench/proxies/small-cnn.nas)  DATA (fashion-mnist)  CANDIDATES (30)  SEED (0)
#   EPOCHS (1)  MAX_STEPS (60: steps per epoch of the stand-alone training, batch 128)
#   MAX_FLOPS (30000000)  THREADS (1)  RECIPE (nasir-train options of the training)
#   PROXY_BATCH (128: the proxies' batch)  OUT (a new folder under /tmp; a second run reuses
#   its trainings)  BUILD_DIR (build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BUILD_DIR:-$root/build}/bin
space=${SPACE:-$root/bench/proxies/small-cnn.nas}
data=${DATA:-fashion-mnist}
n=${CANDIDATES:-30}
seed=${SEED:-0}
threads=${THREADS:-1}
read -r -a recipe <<< "${RECIPE:---optimizer adamw --lr 3e-3 --warmup-epochs 0.2}"
out=${OUT:-$(mktemp -d /tmp/proxies-rank.XXXXXX)}
proxies=("$@")
[ ${#proxies[@]} -gt 0 ] || proxies=(synflow snip naswot)
mkdir -p "$out"

# N distinct candidates within the FLOPs bound (uniform samples, the first N that fit), one
# decisions object a line.
if [ ! -s "$out/candidates.jsonl" ]; then
  "$bin/nasir" sample "$space" --count $((20 * n)) --seed "$seed" | awk '!seen[$0]++' |
    while IFS= read -r decisions; do
      flops=$("$bin/nasir" cost "$space" --decisions "$decisions" |
        /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["flops"])')
      [ "$flops" -le "${MAX_FLOPS:-30000000}" ] && echo "$decisions"
    done | head -n "$n" > "$out/candidates.jsonl" || true
fi
count=$(wc -l < "$out/candidates.jsonl")
echo "$count candidates of $space on $data in $out" >&2
: > "$out/list.txt"
i=0
while IFS= read -r decisions; do
  i=$((i + 1))
  [ -s "$out/candidate-$i.json" ] ||
    "$bin/nasir" specialize "$space" --decisions "$decisions" --to candidate > "$out/candidate-$i.json"
  echo "$out/candidate-$i.json" >> "$out/list.txt"
done < "$out/candidates.jsonl"

# Stand-alone training of each (kept: a second run reuses the results).
for i in $(seq 1 "$count"); do
  result=$out/trained-$i.json
  [ -s "$result" ] && continue
  nice -n 19 "$bin/nasir-train" "$out/candidate-$i.json" --data "$data" --threads "$threads" \
    --seed "$seed" --quiet --epochs "${EPOCHS:-1}" --max-steps-per-epoch "${MAX_STEPS:-60}" \
    "${recipe[@]}" > "$result.tmp"
  mv "$result.tmp" "$result"
  echo "trained $i/$count: $(head -c 100 "$result")" >&2
done

# Each proxy: all candidates in one process.
for p in "${proxies[@]}"; do
  start=$(date +%s.%N)
  nice -n 19 "$bin/nasir-train" --proxy "$p" --candidates "$out/list.txt" --data "$data" \
    --threads "$threads" --seed "$seed" --batch-size "${PROXY_BATCH:-128}" > "$out/$p.jsonl" || true
  echo "$(date +%s.%N) - $start" | bc > "$out/$p.wall"
done

/usr/bin/python3 - "$out" "$count" "${proxies[@]}" <<'PY'
import json, os, statistics, sys
out, count, proxies = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

def ranks(v):
    """Average ranks (1-based), ties sharing the mean of their positions."""
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0.0] * len(v)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r

def spearman(x, y):
    rx, ry = ranks(x), ranks(y)
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return sxy / (sxx * syy) ** 0.5 if sxx and syy else float("nan")

acc = []
for i in range(1, count + 1):
    r = json.load(open(os.path.join(out, "trained-%d.json" % i)))
    if r.get("status") != "ok":
        sys.exit("rank.sh: candidate %d failed to train: %s" % (i, r.get("reason")))
    acc.append(100 * r["val_accuracy"])
print("| proxy | candidates scored | Spearman rho vs. trained val accuracy | ms per candidate (median) | process wall s |")
print("| --- | --- | --- | --- | --- |")
for p in proxies:
    lines = [json.loads(l) for l in open(os.path.join(out, p + ".jsonl"))]
    # A candidate the proxy cannot score (naswot: singular kernel) ranks last.
    scores = [l["score"] if l.get("status") == "ok" and l.get("score") is not None else float("-inf")
              for l in lines]
    scored = sum(1 for s in scores if s != float("-inf"))
    ms = statistics.median(1000 * l["seconds"] for l in lines)
    wall = float(open(os.path.join(out, p + ".wall")).read())
    print("| %s | %d / %d | %.3f | %.1f | %.1f |" % (p, scored, len(lines), spearman(scores, acc), ms, wall))
print()
print("trained val accuracy: min %.2f, median %.2f, max %.2f %% over %d candidates" %
      (min(acc), statistics.median(acc), max(acc), len(acc)))
PY
