#!/usr/bin/env python3
"""Checks nasir's fingerprints against NAS-Bench-201's own equivalence classes.

Reads `nasir enumerate examples/nb201.nas --fingerprint --nb201-zero` on stdin
(one `decisions<TAB>fingerprint` line per candidate) and the NB201 table. Fails
unless: every one of the 15,625 assignments maps to a distinct NB201 architecture
string of the table, and no NB201 class (UniqueString) is split between two
fingerprints. Prints the number of classes each side finds.
"""
import csv, json, re, sys

table = sys.argv[1]
by_arch = {}
with open(table) as f:
    for row in csv.DictReader(f):
        by_arch[row["ArchitectureString"]] = row["UniqueString"]

edge = re.compile(r"e(\d)_(\d)$")
seen_arch, fp_of_class, classes_of_fp = set(), {}, {}
n = 0
for line in sys.stdin:
    decisions, fp = line.rstrip("\n").split("\t")
    ops = {}
    for label, op in json.loads(decisions).items():
        m = edge.search(label)
        if m:
            ops[(int(m.group(1)), int(m.group(2)))] = op
    arch = "+".join("|" + "|".join(f"{ops[(j, i)]}~{i}" for i in range(j)) + "|"
                    for j in (1, 2, 3))
    if arch not in by_arch:
        sys.exit(f"error: {arch} (from {decisions}) is not in the table")
    if arch in seen_arch:
        sys.exit(f"error: two assignments map to {arch}")
    seen_arch.add(arch)
    cls = by_arch[arch]
    if fp_of_class.setdefault(cls, fp) != fp:
        sys.exit(f"error: NB201 class {cls} split between fingerprints "
                 f"{fp_of_class[cls]} and {fp} (at {arch})")
    classes_of_fp.setdefault(fp, set()).add(cls)
    n += 1

if n != 15625:
    sys.exit(f"error: {n} candidates, expected 15625")
merged = sum(1 for c in classes_of_fp.values() if len(c) > 1)
print(f"candidates: {n}")
print(f"nb201 classes: {len(fp_of_class)}")
print(f"nasir classes: {len(classes_of_fp)}")
print(f"nasir classes that merge several nb201 classes: {merged}")
