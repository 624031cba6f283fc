"""nasir launch slurm with hostile values, the script run by bash with a
fake nasir: the worker gets every argument verbatim and nothing else runs.

  slurm_roundtrip.py NASIR FAKE_NASIR WORKDIR

Prints one line per check passed; exits 1 on the first that fails.
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import hostile  # noqa: E402

nasir, fake, work = sys.argv[1:4]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(os.path.join(work, hostile.NASIR_DIR))
fake_copy = os.path.join(work, hostile.NASIR_DIR, 'nasir "fake"')
shutil.copy(fake, fake_copy)


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def launch(extra_options, script):
    cmd = [nasir, "launch", "slurm", "--store", hostile.STORE, "--workers",
           "2", "--nasir", fake_copy, "--output", script] + extra_options
    cmd += ["--"] + hostile.EXTRA
    r = subprocess.run(cmd, capture_output=True)
    if r.returncode != 0:
        fail("nasir launch slurm exited %d: %s" % (r.returncode, r.stderr))
    if b"warning: the --store URL holds a password" not in r.stderr:
        fail("no password warning: %r" % r.stderr)
    with open(script, "rb") as f:
        return f.read()


def run(script, env_extra=None):
    argv_dir = os.path.join(work, "argv")
    shutil.rmtree(argv_dir, ignore_errors=True)
    os.makedirs(argv_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLURM")}
    env["NASIR_ARGV_DIR"] = argv_dir
    env.update(env_extra or {})
    r = subprocess.run(["bash", script], cwd=work, env=env,
                       capture_output=True)
    runs = [hostile.read_argv(os.path.join(argv_dir, n))
            for n in sorted(os.listdir(argv_dir)) if n.startswith("argv-")]
    return r.returncode, runs


def expected(device, threads):
    argv = ["worker", "--store", hostile.STORE, "--jobs", "1"]
    if device:
        argv += ["--device", device]
    if threads:
        argv += ["--threads", str(threads)]
    return argv + hostile.EXTRA


# One worker per task, on the CPU.
script = os.path.join(work, "job.sh")
text = launch([], script)
lines = text.split(b"\n")
if any(c < 0x20 and c != 0x0A or c == 0x7F for c in text):
    fail("the script holds a control character")
directives = [l for l in lines if l.startswith(b"#SBATCH")]
if directives != [b"#SBATCH --job-name=nasir-worker", b"#SBATCH --array=0-1",
                  b"#SBATCH --output=nasir-worker-%A_%a.out",
                  b"#SBATCH --ntasks=1"]:
    fail("directives: %r" % directives)
print("script: printable lines only, exactly the 4 directives")
rc, runs = run(script)
if rc != 0 or runs != [expected(None, None)]:
    fail("rc %d, runs %r" % (rc, runs))
print("cpu task: the worker got its %d arguments verbatim" % len(runs[0]))

# Two GPUs per task: two workers, cuda:0 and cuda:1, two threads each.
script2 = os.path.join(work, "job-gpus.sh")
text = launch(["--gpus-per-worker", "2", "--cpus-per-worker", "4",
               "--time", "1-00:30", "--partition", "gpu,debug",
               "--job-name", "nas.w-1"], script2)
for d in [b"#SBATCH --gres=gpu:2", b"#SBATCH --cpus-per-task=4",
          b"#SBATCH --time=1-00:30", b"#SBATCH --partition=gpu,debug",
          b"#SBATCH --job-name=nas.w-1",
          b"#SBATCH --output=nas.w-1-%A_%a.out"]:
    if d not in text.split(b"\n"):
        fail("missing %r" % d)
rc, runs = run(script2, {"SLURM_ARRAY_TASK_ID": "1"})
want = sorted([expected("cuda:0", 2), expected("cuda:1", 2)])
if rc != 0 or sorted(runs) != want:
    fail("rc %d, runs %r" % (rc, runs))
print("2-gpu task: 2 workers, cuda:0 and cuda:1, arguments verbatim")
rc, runs = run(script2, {"FAKE_NASIR_EXIT": "3"})
if rc != 3 or len(runs) != 2:
    fail("a failing worker: rc %d, %d runs" % (rc, len(runs)))
print("2-gpu task: a failing worker fails the task (exit 3)")

effects = hostile.side_effects(work)
if effects:
    fail("side effects: %r" % effects)
print("no side effect")
