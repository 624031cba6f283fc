"""Reads `nasir report --csv` from stdin with Python's csv module (RFC 4180)
and checks its shape: every column name once, every row as long as the
header. Prints the header's size, the row count, then `column=value` for each
column named on the command line, one line per row, so that FileCheck sees
the parsed cells (unquoted) and this script checks that the numbers among
them read back as the same float as their text says."""
import csv
import sys

rows = list(csv.reader(sys.stdin))
header, body = rows[0], rows[1:]
dupes = sorted({c for c in header if header.count(c) > 1})
if dupes:
    print("FAIL: duplicate columns: " + ", ".join(dupes))
    sys.exit(1)
for i, r in enumerate(body):
    if len(r) != len(header):
        print("FAIL: row %d has %d fields, the header %d" % (i + 1, len(r), len(header)))
        sys.exit(1)
print("columns %d unique, rows %d" % (len(header), len(body)))
for r in body:
    cells = []
    for name in sys.argv[1:]:
        value = r[header.index(name)]
        try:
            if repr(float(value)) not in (value, value + ".0"):
                # the shortest form of the double the text reads as
                cells.append("%s=%s (shortest: %r)" % (name, value, float(value)))
                continue
        except ValueError:
            pass
        cells.append("%s=%s" % (name, value))
    print(" ".join(cells))
