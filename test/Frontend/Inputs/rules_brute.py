"""Brute force for examples/rules.nas, written from the space's text and not
from nasir: every assignment of the product space, filtered by its requires.
Reads decisions (one JSON object a line) on stdin. By default they must be
the whole enumeration; with --valid, each must be one of the assignments."""
import itertools, json, sys


def candidates():
    blocks = [(k, e, act) for k in [3, 5, 7] for e in [1, 3, 6]
              for act in ["relu6", "hardswish"]]
    for d in [1, 2, 3]:
        def ok(k, e, act):
            return ((not k == 7 or e <= 3)
                    and (not act == "hardswish" or k in [5, 7])
                    and (not (d == 3 and e == 6) or k == 3))
        for chosen in itertools.product([b for b in blocks if ok(*b)], repeat=d):
            for w in [64, 128]:
                if d == 1 and w != 128:
                    continue
                a = {"d": d, "w": w}
                for i, (k, e, act) in enumerate(chosen):
                    a.update({f"block.k#{i}": k, f"block.e#{i}": e,
                              f"block.act#{i}": act})
                yield json.dumps(a, sort_keys=True)


expected = set(candidates())
got = [json.dumps(json.loads(l), sort_keys=True) for l in sys.stdin if l.strip()]
if sys.argv[1:] == ["--valid"]:
    print(f"{len(got)} decisions, invalid {sum(g not in expected for g in got)}")
else:
    print(f"brute force {len(expected)}, enumerated {len(got)}, "
          f"distinct {len(set(got))}, equal {set(got) == expected}")
