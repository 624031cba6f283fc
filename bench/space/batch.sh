#!/usr/bin/env bash
# Candidates per second of `nasir cost|fingerprint|specialize SPACE`, one
# process per candidate against one batch (--decisions @FILE.jsonl) for the
# same candidates, and checks that both print the same lines.
#
#   bench/space/batch.sh [SPACE.nas] [N]      (default examples/nb201.nas, 200)
#
# N candidates are sampled (nasir sample --count N --seed 1). The per-process
# loop runs every candidate; the batch runs the same N, then all candidates of
# the space when it has at most 20,000 (nasir enumerate), to show the rate at
# scale. Wall-clock seconds from `date +%s.%N`; prints the machine's load.
# Run it on a quiet machine; nasir from build/bin (NASIR=... to override).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
space=${1:-$root/examples/nb201.nas}
n=${2:-200}
nasir=${NASIR:-$root/build/bin/nasir}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }

"$nasir" sample "$space" --count "$n" --seed 1 > "$tmp/d.jsonl"
echo "space: $space, $n sampled candidates; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %12s %12s %8s\n' "command" "1 process/c" "batch" "speed-up"
for cmd in "cost" "fingerprint" "fingerprint --zero-absorbing" "specialize --to candidate"; do
  read -r -a args <<< "$cmd"
  t0=$(now)
  while IFS= read -r line; do
    if [ "${args[0]}" = specialize ]; then
      "$nasir" "${args[@]}" "$space" --decisions "$line" | tr -d '\n ' ; echo
    else
      "$nasir" "${args[@]}" "$space" --decisions "$line"
    fi
  done < "$tmp/d.jsonl" > "$tmp/one.out"
  t1=$(now)
  "$nasir" "${args[@]}" "$space" --decisions @"$tmp/d.jsonl" > "$tmp/batch.out"
  t2=$(now)
  if [ "${args[0]}" = specialize ]; then
    # The batch prints each document on one line, without the indentation.
    tr -d ' ' < "$tmp/batch.out" > "$tmp/batch.cmp"
  else
    cp "$tmp/batch.out" "$tmp/batch.cmp"
  fi
  if ! diff -q <(tr -d ' ' < "$tmp/one.out") <(tr -d ' ' < "$tmp/batch.cmp") > /dev/null; then
    echo "MISMATCH: nasir $cmd: the batch and one process per candidate differ"
    exit 1
  fi
  one=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
  bat=$(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')
  r1=$(rate "$n" "$one")
  rb=$(rate "$n" "$bat")
  printf '%-34s %10s/s %10s/s %7.0fx\n' "nasir $cmd" "$r1" "$rb" \
    "$(awk -v a="$rb" -v b="$r1" 'BEGIN { print a / b }')"
done

count=$("$nasir" count "$space" 2> /dev/null || echo 0)
if [[ "$count" =~ ^[0-9]+$ ]] && [ "$count" -le 20000 ]; then
  "$nasir" enumerate "$space" > "$tmp/all.jsonl"
  for cmd in "cost" "fingerprint --zero-absorbing"; do
    read -r -a args <<< "$cmd"
    t0=$(now)
    "$nasir" "${args[@]}" "$space" --decisions @"$tmp/all.jsonl" > /dev/null
    t1=$(now)
    echo "every candidate ($count), one batch: nasir $cmd: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s, $(rate "$count" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")/s"
  done
fi
