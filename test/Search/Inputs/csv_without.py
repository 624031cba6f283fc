#!/usr/bin/env python3
"""Copies a CSV from stdin to stdout without the named columns (measured
times, process ids: what differs between two runs of the same search)."""
import csv
import sys

drop = set(sys.argv[1:])
rows = csv.reader(sys.stdin)
header = next(rows)
keep = [i for i, name in enumerate(header) if name not in drop]
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow([header[i] for i in keep])
for row in rows:
    out.writerow([row[i] for i in keep])
