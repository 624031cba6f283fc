"""Runs a job array that `nasir launch slurm` wrote on a private Slurm
cluster (one slurmctld and one slurmd on this machine, auth/none, ports of
its own, every file under WORKDIR), with a fake nasir: sbatch accepts the
script (--test-only, then a real submission), both array tasks run, as task
0 and task 1, each with one GPU of the node's two, and each worker gets its
arguments verbatim; nothing the hostile store URL spells runs.

  private_slurm.py NASIR FAKE_NASIR WORKDIR

Needs root (slurmd starts jobs as their user) and the auth/none plugin of
Slurm 22.05. Prints one line per check passed; exits 1 on the first that
fails (with the daemons' logs).
"""
import atexit
import os
import shutil
import socket
import stat
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import hostile  # noqa: E402

nasir, fake, work = sys.argv[1:4]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(os.path.join(work, hostile.NASIR_DIR))
for d in ("state", "spool", "argv", "submit"):
    os.makedirs(os.path.join(work, d))
fake_copy = os.path.join(work, hostile.NASIR_DIR, 'nasir "fake"')
shutil.copy(fake, fake_copy)
daemons = []


def logs():
    for name in ("slurmctld.log", "slurmd.log"):
        p = os.path.join(work, name)
        if os.path.exists(p):
            with open(p, errors="replace") as f:
                print("---- " + name + "\n" + "".join(f.readlines()[-30:]))


def stop():
    """Stops the daemons this script started (once; also at exit, so a
    failure anywhere, a closed stdout included, leaves none behind)."""
    for p in daemons:
        if p.poll() is None:
            p.terminate()
    for p in daemons:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    daemons.clear()


atexit.register(stop)


def fail(message):
    print("FAIL: " + message)
    logs()
    stop()
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


ctld_port, d_port = free_port(), free_port()
conf = os.path.join(work, "slurm.conf")
with open(conf, "w") as f:
    f.write(f"""ClusterName=nasirlaunch
SlurmctldHost=localhost
SlurmctldPort={ctld_port}
SlurmdPort={d_port}
AuthType=auth/none
CredType=cred/none
SlurmUser=root
SlurmdUser=root
StateSaveLocation={work}/state
SlurmdSpoolDir={work}/spool
SlurmctldPidFile={work}/slurmctld.pid
SlurmdPidFile={work}/slurmd.pid
SlurmctldLogFile={work}/slurmctld.log
SlurmdLogFile={work}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
GresTypes=gpu
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=localhost CPUs=2 RealMemory=500 Gres=gpu:2 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
""")
# Two GPUs whose devices are character devices like /dev/null (slurmd
# wants character or block devices): Slurm hands one to each task and names
# it in CUDA_VISIBLE_DEVICES as it would a real one.
os.makedirs(os.path.join(work, "dev"))
for i in range(2):
    os.mknod(os.path.join(work, "dev", "nvidia%d" % i),
             stat.S_IFCHR | 0o666, os.makedev(1, 3))
with open(os.path.join(work, "gres.conf"), "w") as f:
    f.write("NodeName=localhost Name=gpu File=%s/dev/nvidia[0-1]\n" % work)
env = dict(os.environ, SLURM_CONF=conf, NASIR_ARGV_DIR=os.path.join(work, "argv"))
env["PATH"] = os.pathsep.join([env.get("PATH", ""), "/usr/sbin", "/usr/bin"])
for k in list(env):
    if k.startswith("SLURM_") and k != "SLURM_CONF":
        del env[k]
for cmd in (["slurmctld", "-D"], ["slurmd", "-D", "-N", "localhost"]):
    daemons.append(subprocess.Popen(cmd, env=env, cwd=work,
                                    stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL))
    time.sleep(1)
deadline = time.time() + 30
while True:
    r = subprocess.run(["sinfo", "-h", "-o", "%t"], env=env,
                       capture_output=True, text=True)
    if r.stdout.strip() == "idle":
        break
    if time.time() > deadline:
        fail("the private cluster did not come up: %r %r" % (r.stdout, r.stderr))
    time.sleep(0.5)
print("private cluster: slurmctld and slurmd up, node idle")

script = os.path.join(work, "submit", "job.sh")
cmd = [nasir, "launch", "slurm", "--store", hostile.STORE, "--workers", "2",
       "--gpus-per-worker", "1", "--cpus-per-worker", "1", "--time", "5",
       "--partition", "debug", "--job-name", "nasir-test", "--nasir",
       fake_copy, "--output", script, "--"] + hostile.EXTRA
r = subprocess.run(cmd, capture_output=True)
if r.returncode != 0:
    fail("nasir launch slurm: %r" % r.stderr)

submit = os.path.join(work, "submit")
r = subprocess.run(["sbatch", "--test-only", script], env=env, cwd=submit,
                   capture_output=True, text=True)
if r.returncode != 0 or "to start at" not in r.stderr:
    fail("sbatch --test-only: %d %r" % (r.returncode, r.stderr))
print("sbatch --test-only: accepted")

# Every time form nasir accepts, sbatch accepts too (and the job names,
# partition lists and GPU counts nasir lets through).
forms = ["30", "30:00", "1:00:00", "2-0", "2-12:30", "2-12:30:00", "0",
         "UNLIMITED", "infinite"]
for i, t in enumerate(forms):
    probe = os.path.join(submit, "probe-%d.sh" % i)
    r = subprocess.run([nasir, "launch", "slurm", "--store", "s", "--workers",
                        "3", "--time", t, "--job-name", "a.b+c_d-%d" % i,
                        "--partition", "debug,debug", "--gpus-per-worker",
                        str(i % 3), "--nasir", fake_copy, "--output", probe],
                       capture_output=True)
    if r.returncode != 0:
        fail("nasir launch slurm --time %s: %r" % (t, r.stderr))
    r = subprocess.run(["sbatch", "--test-only", probe], env=env, cwd=submit,
                       capture_output=True, text=True)
    if r.returncode != 0 or "to start at" not in r.stderr:
        fail("sbatch --test-only --time %s: %d %r" % (t, r.returncode, r.stderr))
print("sbatch --test-only: accepts every --time form nasir writes (%d)" % len(forms))

r = subprocess.run(["sbatch", "--parsable", "--wait", script], env=env,
                   cwd=submit, capture_output=True, text=True, timeout=120)
if r.returncode != 0:
    fail("sbatch --wait: %d %r %r" % (r.returncode, r.stdout, r.stderr))
job = r.stdout.strip().split(";")[0]
print("sbatch --wait: the array ran and succeeded")

# sbatch read the directives: the controller holds them for each task.
r = subprocess.run(["scontrol", "show", "job", job], env=env,
                   capture_output=True, text=True)
for field in ("JobName=nasir-test", "TimeLimit=00:05:00", "Partition=debug",
              "CPUs/Task=1", "gres:gpu:1", "ArrayTaskId=0", "ArrayTaskId=1",
              "JobState=COMPLETED"):
    if field not in r.stdout:
        fail("scontrol show job %s lacks %s:\n%s" % (job, field, r.stdout))
print("scontrol: both tasks have the script's name, time, partition, CPUs, GPU")

argv_dir = env["NASIR_ARGV_DIR"]
names = sorted(os.listdir(argv_dir))
runs = {}
for n in names:
    if n.startswith("env-"):
        with open(os.path.join(argv_dir, n)) as f:
            e = dict(line.split("=", 1) for line in f.read().splitlines())
        argv = hostile.read_argv(os.path.join(argv_dir, "argv-" + n[4:]))
        runs[e["SLURM_ARRAY_TASK_ID"]] = (e, argv)
if sorted(runs) != ["0", "1"]:
    fail("tasks that ran: %r (files %r)" % (sorted(runs), names))
want = (["worker", "--store", hostile.STORE, "--jobs", "1", "--device",
         "cuda:0", "--threads", "1"] + hostile.EXTRA)
for task, (e, argv) in sorted(runs.items()):
    if e["SLURM_ARRAY_JOB_ID"] != job:
        fail("task %s ran in job %r, not %r" % (task, e["SLURM_ARRAY_JOB_ID"], job))
    if argv != want:
        fail("task %s got %r" % (task, argv))
    if e["CUDA_VISIBLE_DEVICES"] not in ("0", "1"):
        fail("task %s: CUDA_VISIBLE_DEVICES=%r" % (task, e["CUDA_VISIBLE_DEVICES"]))
    print("task %s: SLURM_ARRAY_TASK_ID=%s, one GPU, arguments verbatim"
          % (task, task))
for task in ("0", "1"):
    log = os.path.join(submit, "nasir-test-%s_%s.out" % (job, task))
    if not os.path.exists(log):
        fail("no log %s (have %r)" % (log, os.listdir(submit)))
print("logs: nasir-test-JOB_0.out and nasir-test-JOB_1.out")
effects = hostile.side_effects(work)
if effects:
    fail("side effects: %r" % effects)
print("no side effect")
stop()
