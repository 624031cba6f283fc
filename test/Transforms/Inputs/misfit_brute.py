"""Brute force for whole-space verification: every assignment that
`nasir enumerate` lists is specialized on its own (`nasir specialize`), and
the verifier must agree with the outcome:
  - `nasir check` fails exactly when some assignment does not specialize;
  - with `constraint fits` added, `nasir count` is the number that do,
    `nasir enumerate` lists exactly those, and every sampled candidate is
    one of them (and each of them is sampled).
Prints one line per space file. Usage: misfit_brute.py NASIR SPACE.nas..."""
import json, os, subprocess, sys, tempfile

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

for path in sys.argv[2:]:
    every = lines(run("enumerate", path).stdout)
    fit = {a for a in every
           if run("specialize", path, "--decisions", a, "--to", "mlir").returncode == 0}
    check = run("check", path).returncode == 0
    with tempfile.TemporaryDirectory() as tmp:
        fits = with_fits(path, tmp)
        fits_check = run("check", fits).returncode == 0
        count = int(run("count", fits).stdout.strip() or -1)
        listed = set(lines(run("enumerate", fits).stdout))
        sampled = lines(run("sample", fits, "--count", str(50 * max(len(fit), 1)), "--seed", "1").stdout) if fit else []
    print(f"{os.path.basename(path)}: {len(every)} assignments, {len(fit)} fit; "
          f"check {'ok' if check else 'error'}, exact {check == (len(fit) == len(every))}; "
          f"fits: check {'ok' if fits_check else 'error'}, count {count == len(fit)}, "
          f"enumerate {listed == fit}, samples {set(sampled) == fit}")
