"""Brute force for whole-space verification on random small spaces: choices of
width, value choices, concatenations and sums of earlier values, repeats
(nested too) whose body changes the carried width per iteration, and shared
instances of a def (one decision at two sites). For each space with at most
MAX assignments, every assignment is specialized on its own (one batch
`nasir specialize --to candidate` process), and under each entry limit
(NASIR_TYPESET_LIMIT 1, 2 and the default):
  - `nasir check` is ok, with no warning, exactly when every assignment fits,
    and an error otherwise;
  - with `constraint fits` added, `nasir count` is the number that fit and
    `nasir enumerate` lists exactly those (and `check` fails when none does).
Prints one line per limit, then each space it got wrong with its text.
Usage: random_misfits.py NASIR SEED SPACES [MAX]"""
import json, os, random, subprocess, sys, tempfile

nasir, seed, spaces = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
limit_assignments = int(sys.argv[4]) if len(sys.argv) > 4 else 200
rng = random.Random(seed)

def run(*args, env=None):
    return subprocess.run([nasir, *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)

def width():
    return rng.choice(["8", "16", "one_of [8, 16]"])

def body(var, indent, depth):
    """A repeat body: the carried width changes per iteration, or a nested repeat."""
    pad = "  " * indent
    if depth < 2 and rng.random() < 0.3:
        return (f"{pad}repeat one_of [1, 2] ({var}) {{\n"
                f"{body(var, indent + 1, depth + 1)}"
                f"{pad}}}\n")
    return f"{pad}{var} = conv({var}, {width()}, k=3)\n"

def space():
    lines, names = ["  v0 = conv(input, 8, k=3)"], ["v0"]
    for i in range(1, rng.randint(2, 5)):
        a, b = rng.choice(names), rng.choice(names)
        kind = rng.choice(["choice", "value", "sum", "concat", "repeat", "shared"])
        v = f"v{i}"
        if kind == "choice":
            lines.append(f"  {v} = one_of {{ p: conv({a}, {rng.choice([8, 16])}, k=3) | "
                         f"q: conv({a}, {rng.choice([8, 16])}, k=1) }}")
        elif kind == "value":
            lines.append(f"  {v} = conv({a}, {width()}, k=3)")
        elif kind == "sum":
            lines.append(f"  {v} = {a} + {b}")
        elif kind == "concat":
            lines.append(f"  {v} = concat({a}, {b})")
        elif kind == "repeat":
            depths = rng.choice(["[1, 2]", "[0, 1]", "[1, 2, 3]"])
            lines.append(f"  {v} = {a}")
            lines.append(f"  repeat one_of {depths} ({v}) {{")
            lines.append(body(v, 2, 1).rstrip("\n"))
            lines.append("  }")
        else:
            lines.append(f"  shared {v} = widen({a})")
        names.append(v)
    a, b = rng.choice(names), names[-1]
    out = a if rng.random() < 0.3 else f"{a} + {b}"
    return ("def widen(h) {\n"
            "  return one_of { p: conv(h, 8, k=3) | q: conv(h, 16, k=3) } as w\n"
            "}\n\n"
            "space s(input [3, 8, 8], classes 10) {\n" + "\n".join(lines) +
            f"\n  return linear(global_avg_pool({out}), classes)\n}}\n")

def lines(text):
    return [json.dumps(json.loads(l), sort_keys=True) for l in text.splitlines() if l.strip()]

limits = {"1": "1", "2": "2", "default": None}
tally = {k: [0, 0, 0] for k in limits}  # spaces, with a misfit, wrong
wrong = []
with tempfile.TemporaryDirectory() as tmp:
    made = 0
    while made < spaces:
        text = space()
        path, fits = os.path.join(tmp, "s.nas"), os.path.join(tmp, "f.nas")
        open(path, "w").write(text)
        open(fits, "w").write(text.rstrip()[:-1] + "  constraint fits\n}\n")
        count = run("count", path)
        if count.returncode or int(count.stdout) > limit_assignments:
            continue
        made += 1
        every = lines(run("enumerate", path).stdout)
        batch = os.path.join(tmp, "all.jsonl")
        open(batch, "w").write("\n".join(every) + "\n")
        results = run("specialize", path, "--decisions", "@" + batch, "--to", "candidate",
                      "--ignore-constraints").stdout.splitlines()
        assert len(results) == len(every), (len(results), len(every))
        fit = {a for a, r in zip(every, results) if "error" not in json.loads(r)}
        for name, value in limits.items():
            env = {"NASIR_TYPESET_LIMIT": value} if value else {}
            c = run("check", path, env=env)
            state = "error" if c.returncode else ("warning" if "may not fit" in c.stderr else "ok")
            f = run("check", fits, env=env)
            n = run("count", fits, env=env)
            listed = set(lines(run("enumerate", fits, env=env).stdout))
            # With nothing that fits, `constraint fits` leaves no candidate: an error.
            exact = (state == ("ok" if len(fit) == len(every) else "error") and
                     (f.returncode == 0) == bool(fit) and
                     n.stdout.strip() == str(len(fit)) and listed == fit)
            tally[name][0] += 1
            tally[name][1] += len(fit) < len(every)
            if not exact:
                tally[name][2] += 1
                wrong.append(f"limit {name}: {len(every)} assignments, {len(fit)} fit; check "
                             f"{state}; fits check {f.returncode}, count {n.stdout.strip()}, "
                             f"enumerate {len(listed)}\n{text}")
for name, (n, misfit, bad) in tally.items():
    print(f"limit {name}: {n} spaces, {misfit} with a misfit, {bad} wrong")
for w in wrong:
    print(w)
