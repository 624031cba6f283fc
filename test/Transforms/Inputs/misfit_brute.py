"""Brute force for whole-space verification: every assignment that
`nasir enumerate` lists is specialized on its own (`nasir specialize`), and
the verifier must agree with the outcome:
  - `nasir check` fails exactly when some assignment does not specialize;
  - with `constraint fits` added, `nasir count` is the number that do,
    `nasir enumerate` lists exactly those, and every sampled candidate is
    one of them (and each of them is sampled).
A space with params/flops bounds: the assignments are those of the space
without them (a misfit has no cost, so a bound cannot rule it out); `fit`
means specializing with --ignore-constraints, and with `constraint fits` the
candidates are those that fit and meet the bounds (plain `nasir specialize`).
Prints one line per space file. Usage: misfit_brute.py NASIR SPACE.nas..."""
import json, os, re, subprocess, sys, tempfile

def run(*args):
    return subprocess.run([sys.argv[1], *args], capture_output=True, text=True)

def lines(out):
    return [json.dumps(json.loads(l), sort_keys=True) for l in out.splitlines() if l.strip()]

def with_fits(path, tmp):
    text = open(path).read().rstrip()
    assert text.endswith("}")
    out = os.path.join(tmp, os.path.basename(path))
    with open(out, "w") as f:
        f.write(text[:-1] + "  constraint fits\n}\n")
    return out

def without_bounds(path, tmp):
    text = open(path).read()
    out = os.path.join(tmp, "unbounded-" + os.path.basename(path))
    with open(out, "w") as f:
        f.write(re.sub(r"(?m)^\s*constraint (params|flops) .*$", "", text))
    return out

def specializes(path, a, *flags):
    return run("specialize", path, "--decisions", a, "--to", "mlir",
               *flags).returncode == 0

for path in sys.argv[2:]:
    bounded = re.search(r"(?m)^\s*constraint (params|flops) ", open(path).read())
    with tempfile.TemporaryDirectory() as tmp:
        every = lines(run("enumerate", without_bounds(path, tmp)).stdout)
    fit = {a for a in every if specializes(path, a, "--ignore-constraints")}
    within = {a for a in fit if specializes(path, a)}
    check = run("check", path).returncode == 0
    with tempfile.TemporaryDirectory() as tmp:
        fits = with_fits(path, tmp)
        fits_check = run("check", fits).returncode == 0
        count = int(run("count", fits).stdout.strip() or -1)
        listed = set(lines(run("enumerate", fits).stdout))
        sampled = lines(run("sample", fits, "--count", str(50 * max(len(within), 1)), "--seed", "1").stdout) if within else []
    print(f"{os.path.basename(path)}: {len(every)} assignments, {len(fit)} fit"
          f"{f', {len(within)} within bounds' if bounded else ''}; "
          f"check {'ok' if check else 'error'}, exact {check == (len(fit) == len(every))}; "
          f"fits: check {'ok' if fits_check else 'error'}, count {count == len(within)}, "
          f"enumerate {listed == within}, samples {set(sampled) == within}")
