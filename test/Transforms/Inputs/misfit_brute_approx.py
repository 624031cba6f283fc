"""Brute force for the verifier past its limit of entries (run with a tiny
NASIR_TYPESET_LIMIT, so the analysis summarizes values almost at once and
must resolve misfits back into decisions): it must stay exact.
  - `nasir check` passes, with no "may not fit" warning, exactly when every
    assignment specializes, and is an error otherwise;
  - with `constraint fits`, count/enumerate are exact (or, with a tiny
    NASIR_MISFIT_BUDGET, the space is refused: its exclusions would not be).
Prints one line per space file. Usage: misfit_brute_approx.py NASIR SPACE.nas..."""
import json, os, re, subprocess, sys, tempfile

def run(*args):
    return subprocess.run([sys.argv[1], *args], capture_output=True, text=True)

def lines(out):
    return [json.dumps(json.loads(l), sort_keys=True) for l in out.splitlines() if l.strip()]

for path in sys.argv[2:]:
    with tempfile.TemporaryDirectory() as tmp:
        unbounded = os.path.join(tmp, "u.nas")
        open(unbounded, "w").write(re.sub(r"(?m)^\s*constraint (params|flops) .*$", "", open(path).read()))
        every = lines(run("enumerate", unbounded).stdout)
        fit = {a for a in every
               if run("specialize", path, "--decisions", a, "--to", "mlir",
                      "--ignore-constraints").returncode == 0}
        within = {a for a in fit
                  if run("specialize", path, "--decisions", a, "--to", "mlir").returncode == 0}
        c = run("check", path)
        state = "error" if c.returncode else ("warning" if "may not fit" in c.stderr else "ok")
        all_fit = len(fit) == len(every)
        sound = (state != "ok" or all_fit) and (state != "error" or not all_fit)
        exact = state == ("ok" if all_fit else "error")
        text = open(path).read().rstrip()
        fits = os.path.join(tmp, "f.nas")
        open(fits, "w").write(text[:-1] + "  constraint fits\n}\n")
        f = run("check", fits)
        if f.returncode:
            fits_state = "refused" if "within the analysis's budget" in f.stderr else "error"
        else:
            count = int(run("count", fits).stdout.strip() or -1)
            listed = set(lines(run("enumerate", fits).stdout))
            fits_state = f"exact {count == len(within) and listed == within}"
    print(f"{os.path.basename(path)}: {len(every)} assignments, {len(fit)} fit; "
          f"check {state}, sound {sound}, exact {exact}; fits: {fits_state}")
