"""Writes a space of N nested repeats, or (--count) its number of candidates
by formula, with Python's big integers.

Modes: `per12` per-iteration repeats of depth {1, 2} around a layer with a
width k in {4, 8}; `shared12` the same with shared repeats; `per01`
per-iteration repeats of depth {0, 1}, each body with its own width k;
`per12req` per12 with a rule in the innermost body (`require dN == 2 implies
k == 4`: the second iteration of the innermost repeat never takes k = 8).

Counting: a body with c choices of 2 values around a nest counting n has
2^c * n candidates (the innermost body: its layer's k); a per-iteration repeat of depths D counts
sum_{d in D} body^d; a shared one sum_{d in D} (body if d > 0 else 1).
"""
import sys

args = [a for a in sys.argv[1:] if a != "--count"]
n, mode = int(args[0]), args[1]
depths = [0, 1] if mode == "per01" else [1, 2]

if "--count" in sys.argv:
    inner = 2  # the innermost layer's k
    for level in reversed(range(n)):
        # per01: a level's body has its own width, but for the innermost
        body = inner * (2 if mode == "per01" and level < n - 1 else 1)
        if mode == "shared12":
            inner = sum(body if d > 0 else 1 for d in depths)
        else:
            inner = sum(body ** d for d in depths)
    print(inner if inner < 2 ** 512 else "more than 2^512")
    sys.exit(0)

shared = "shared " if mode == "shared12" else ""
lines = ["space nest(input [4], classes 2) {", "  x = flatten(input)"]
ind = "  "
for i in range(n):
    lines.append(f"{ind}repeat one_of {depths} as d{i} (x) {shared}{{")
    ind += "  "
    if mode == "per01" and i < n - 1:
        lines.append(f"{ind}x = linear(relu(linear(x, one_of [4, 8] as w{i})), 4)")
lines.append(f"{ind}x = linear(relu(linear(x, one_of [4, 8] as k)), 4)")
if mode == "per12req":
    lines.append(f"{ind}require d{n - 1} == 2 implies k == 4")
for i in range(n):
    ind = ind[:-2]
    lines.append(f"{ind}}}")
lines += ["  return linear(x, classes)", "}"]
print("\n".join(lines))
