"""Brute force: candidates with one fingerprint report one cost.
Reads `nasir enumerate SPACE --fingerprint` lines (decisions<TAB>fingerprint)
on stdin, runs `nasir cost SPACE --decisions D` for each, and prints how many
candidates and fingerprints there are, how many fingerprints more than one
candidate shares, and whether every candidate of a fingerprint has the same
params and FLOPs. Usage: fingerprint_cost.py NASIR SPACE < enumeration"""
import collections, subprocess, sys

nasir, space = sys.argv[1], sys.argv[2]
costs = collections.defaultdict(set)
n = 0
for line in sys.stdin:
    decisions, fp = line.rstrip("\n").split("\t")
    out = subprocess.run([nasir, "cost", space, "--decisions", decisions],
                         capture_output=True, text=True, check=True).stdout
    costs[fp].add(out.strip())
    n += 1
print(f"candidates {n}, fingerprints {len(costs)}, "
      f"same cost {all(len(c) == 1 for c in costs.values())}")
