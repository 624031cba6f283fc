"""Brute force for require.mlir, written from the space's text and not from
nasir: every assignment of the product space, filtered by the predicates.
Reads `nasir enumerate` output on stdin; checks it is exactly that set."""
import itertools, json, sys

def candidates():
    for k, e, mode in itertools.product([3, 5, 7], [3, 4, 6], ["wide", "narrow"]):
        if k == 7 and not e <= 4:
            continue
        inner = ([{"w": w, "act": a} for w in [1, 2, 4] for a in ["relu", "tanh"]
                  if (w == 4 or a == "relu") and (w < k or e == 3)]
                 if mode == "wide" else [{"act": a} for a in ["relu", "tanh"]])
        for part in inner:
            for r in [1, 2, 3]:
                for ds in itertools.product([1, 2, 3], repeat=r):
                    if r == 3 and any(d == 2 and k == 5 for d in ds):
                        continue
                    for inp in [[0], [1], [2]]:  # edges <= 1: one input
                        a = {"k": k, "e": e, "mode": mode, "r": r, "in": inp, **part}
                        a.update({f"d#{i}": d for i, d in enumerate(ds)})
                        yield json.dumps(a, sort_keys=True)

expected = set(candidates())
got = [json.dumps(json.loads(l), sort_keys=True) for l in sys.stdin if l.strip()]
if len(sys.argv) == 1:
  print(f"brute force {len(expected)}, enumerated {len(got)}, "
      f"distinct {len(set(got))}, equal {set(got) == expected}")
if len(sys.argv) > 1 and sys.argv[1] == "--uniform":
    # stdin held samples, not the enumeration: every one valid, and the counts
    # per assignment as flat as uniform draws (chi-square within 5 sigma).
    counts = {c: 0 for c in expected}
    for g in got:
        counts[g] = counts.get(g, 0) + 1
    mean = len(got) / len(expected)
    chi2 = sum((n - mean) ** 2 / mean for n in counts.values())
    df = len(expected) - 1
    print(f"invalid {len(counts) - len(expected)}, "
          f"chi2 within 5 sigma {abs(chi2 - df) < 5 * (2 * df) ** 0.5}")
