"""Checks nasir's answers on a small space against its enumeration.

nested_brute.py ENUM [--count N] [--samples FILE] [--free ENUM_FREE]
                [--warnings FILE]
  ENUM: `nasir enumerate` of the space (one decisions line per candidate);
  --count: `nasir count`'s answer, compared with the distinct lines;
  --samples: `nasir sample` lines: each must be a candidate, and the draws
    uniform (chi-square over the candidates within 5 sigma);
  --free, --warnings: the enumeration of the space without its rules, and
    `nasir check`'s output: the options warned as in no valid candidate must
    be exactly the values that some free assignment has and no valid one.
"""
import collections, json, math, re, sys

def lines(path):
    with open(path) as f:
        return [l.strip() for l in f if l.strip()]

args = sys.argv[1:]
opt = {args[i]: args[i + 1] for i in range(1, len(args), 2)}
enum = lines(args[0])
cands = set(enum)
print(f"enumerated {len(enum)}, distinct {len(cands)}")
if "--count" in opt:
    print(f"count {opt['--count']}, equal {int(opt['--count']) == len(cands)}")
if "--samples" in opt:
    s = lines(opt["--samples"])
    c = collections.Counter(s)
    invalid = sum(v for k, v in c.items() if k not in cands)
    exp = len(s) / len(cands)
    chi = sum((c.get(k, 0) - exp) ** 2 / exp for k in cands)
    dof = len(cands) - 1
    print(f"samples {len(s)}, invalid {invalid}, chi2 within 5 sigma "
          f"{abs(chi - dof) < 5 * math.sqrt(2 * dof)}")
if "--free" in opt:
    def values(rows):
        seen = set()
        for r in rows:
            for k, v in json.loads(r).items():
                seen.add((k, json.dumps(v)))
        return seen
    free = values(lines(opt["--free"]))
    unreachable = free - values(enum)
    warned = set()
    for l in lines(opt["--warnings"]):
        m = re.search(r"warning: option (\S+) of '([^']+)' is in no valid"
                      r"[^,]*(, nor of '([^']+)' for any (.*))?$", l)
        if not m:
            continue
        warned.add((m.group(2), m.group(1)))
        if m.group(3):
            # "nor of 'k#i1#i2' for any i1 >= 0, i2 >= 1": every iteration
            # at or after those (the labels the free space has).
            stem = m.group(4)[:m.group(4).index("#i1")]
            least = [int(b.split(">=")[1]) for b in m.group(5).split(",")]
            for label, _ in free:
                parts = label[len(stem):].split("#")[1:]
                if (label.startswith(stem + "#") and len(parts) == len(least)
                        and all(p.isdigit() and int(p) >= b
                                for p, b in zip(parts, least))):
                    warned.add((label, m.group(1)))
    print(f"unreachable {len(unreachable)}, warned {len(warned)}, equal "
          f"{unreachable == warned}")
