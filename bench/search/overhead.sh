#!/bin/sh
# The search's overhead per trial, nasir against Optuna, in one run
# (docs/benchmarks.md "Search overhead per trial"):
#   bench/search/overhead.sh [REPEATS]          (default 3; about 2 minutes)
# NB201 space (examples/nb201.nas), CIFAR-10 table, seed 1:
#  - nasir in process: build/bin/nasir-overhead-bench (the driver, a WAL file
#    store, stopped after 1,000 and 10,000 trials): loop time minus the time
#    in the table look-ups, per trial;
#  - nasir through the command line: `nasir search ... --evaluator table`,
#    whole process, minus the start-up (the same command stopped after one
#    trial), per trial;
#  - Optuna (/usr/bin/python3, Debian python3-optuna): RandomSampler and
#    TPESampler, in-memory storage, an objective that looks up the same table
#    (bench/search/optuna_overhead.py); TPE at 1,000 trials only (its cost
#    per trial grows with the trials: 10,000 would take about an hour).
# Best and median of REPEATS runs; prints the machine load before and after.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
data=${NB201_DIR:-$here/../shared/data/nasbench201}
repeats=${1:-3}
build=$here/build
# SKIP_BUILD=1: the binaries in build/bin as they are.
[ "${SKIP_BUILD:-}" = 1 ] ||
  flock /tmp/nasir-build.lock ninja -C "$build" -j2 nasir nasir-overhead-bench > /dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
"$build/bin/nasir" emit --to=mlir "$here/examples/nb201.nas" > "$tmp/nb201.mlir"

echo
echo "nasir, in process (nasir-overhead-bench, $repeats runs each):"
"$build/bin/nasir-overhead-bench" "$tmp/nb201.mlir" "$data" --trials 1000,10000 \
  --repeats "$repeats" --store "$tmp" | tee "$tmp/inproc"

# nasir search through the command line: seconds of one run of N trials.
# `--budget-counts proposals` makes the budget count trials; without it (an
# older nasir) the budget counts evaluations and the store says the trials.
if "$build/bin/nasir" search --help 2>&1 | grep -q -- '--budget-counts'; then
  counts="--budget-counts proposals"
else
  counts=""
fi
# Without it, a budget of 1,000 or 10,000 evaluations would run to the trial
# cap (NB201 has 6,585 distinct networks): 300 and 2,000 evaluations instead,
# about 1,000 and 5,000-10,000 trials (the table says how many).
budget_for() {
  if [ -n "$counts" ]; then echo "$1"; elif [ "$1" -le 1000 ]; then echo 300; else echo 2000; fi
}
cli_once() { # strategy budget -> "seconds trials"
  rm -f "$tmp/c.db" "$tmp/c.db-wal" "$tmp/c.db-shm"
  t0=$(date +%s.%N)
  "$build/bin/nasir" search "$here/examples/nb201.nas" --strategy "$1" --seed 1 \
    --budget "$2" $counts --evaluator table --table "nb201:$data" \
    --store "$tmp/c.db" --progress none > /dev/null
  t1=$(date +%s.%N)
  n=$(sqlite3 "$tmp/c.db" "SELECT count(*) FROM trials")
  echo "$t0 $t1 $n" | awk '{ printf "%.6f %d\n", $2 - $1, $3 }'
}
# best and median of a list of numbers on stdin
stats() { sort -g | awk '{ v[NR] = $1 } END { printf "%.1f %.1f\n", v[1], v[int((NR + 1) / 2)] }'; }

echo
echo "nasir search, command line ($repeats runs each; per trial: (whole - start-up) / trials):"
echo "| strategy | trials | whole s (best) | start-up s | overhead us/trial, best | median |"
echo "| --- | --- | --- | --- | --- | --- |"
for strategy in random evolution; do
  startup=$(for r in $(seq "$repeats"); do cli_once "$strategy" 1 | cut -d' ' -f1; done | sort -g | head -1)
  for trials in 1000 10000; do
    : > "$tmp/runs"
    for r in $(seq "$repeats"); do cli_once "$strategy" "$(budget_for "$trials")" >> "$tmp/runs"; done
    n=$(head -1 "$tmp/runs" | cut -d' ' -f2)
    best=$(cut -d' ' -f1 "$tmp/runs" | sort -g | head -1)
    per=$(awk -v s="$startup" '{ printf "%.6f\n", ($1 - s) / $2 * 1e6 }' "$tmp/runs" | stats)
    echo "| $strategy | $n | $best | $startup | $(echo "$per" | cut -d' ' -f1) | $(echo "$per" | cut -d' ' -f2) |" | tee -a "$tmp/cli"
  done
done

echo
echo "Optuna $(/usr/bin/python3 -c 'import optuna; print(optuna.__version__)') (in-memory storage; sampler trials best median, us/trial):"
/usr/bin/python3 "$here/bench/search/optuna_overhead.py" "$data" --samplers random \
  --trials 1000,10000 --repeats "$repeats" | tee "$tmp/optuna"
/usr/bin/python3 "$here/bench/search/optuna_overhead.py" "$data" --samplers tpe \
  --trials 1000 --repeats 1 | tee -a "$tmp/optuna"

echo
echo "Ratio, Optuna's overhead per trial over nasir's (best runs):"
echo "| trials | Optuna random | nasir random, in process | ratio | nasir random, command line | ratio | Optuna TPE | nasir evolution, in process | ratio |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for trials in 1000 10000; do
  ore=$(awk -v n="$trials" '$1 == "random" && $2 == n { print $3 }' "$tmp/optuna")
  ote=$(awk -v n="$trials" '$1 == "tpe" && $2 == n { print $3 }' "$tmp/optuna")
  nin=$(awk -F'|' -v n="$trials" '$2 ~ /random/ && $3 + 0 == n { print $7 + 0 }' "$tmp/inproc")
  ein=$(awk -F'|' -v n="$trials" '$2 ~ /evolution/ && $3 + 0 == n { print $7 + 0 }' "$tmp/inproc")
  ncl=$(awk -F'|' -v k="$trials" '$2 ~ /random/ && NR == (k == 1000 ? 1 : 2) { print $6 + 0 }' "$tmp/cli")
  ratio() { if [ -n "$1" ] && [ -n "$2" ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; else echo "-"; fi; }
  echo "| $trials | ${ore:--} | ${nin:--} | $(ratio "$ore" "$nin") | ${ncl:--} | $(ratio "$ore" "$ncl") | ${ote:--} | ${ein:--} | $(ratio "$ote" "$ein") |"
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
