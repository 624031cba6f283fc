"""nasir launch k8s with hostile values: the Job parses as YAML into the
structure a batch/v1 Indexed Job needs, and after the kubelet's $(VAR)
expansion the container runs exactly the arguments given.

  k8s_check.py NASIR WORKDIR [KUBECTL]

With KUBECTL, each Job is also decoded by Kubernetes' own Go types
(`kubectl set env --local`, offline): every field written must survive
that typed round trip unchanged (a misspelt or unknown field is dropped
there, a wrong type is an error). Prints one line per check passed; exits 1
on the first that fails.
"""
import json
import os
import shutil
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(__file__))
import hostile  # noqa: E402

nasir, work = sys.argv[1:3]
kubectl = sys.argv[3] if len(sys.argv) > 3 else None
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
NASIR_PATH = "/opt/" + hostile.NASIR_DIR + "/nasir $(HOME)"
SECRET_URL = "postgresql://w:s3cr$(HOME)t@db/nas?experiment=x"


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def expand(text, env):
    """The kubelet's expansion of $(VAR) in a command or argument
    (k8s.io/kubernetes third_party/forked/golang/expansion: `$$` is `$`,
    `$(NAME)` the variable's value, or kept as it is when undefined)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "$" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "$":
                out.append("$")
                i += 2
                continue
            if nxt == "(":
                close = text.find(")", i + 2)
                if close >= 0:
                    name = text[i + 2:close]
                    out.append(env.get(name, "$(" + name + ")"))
                    i = close + 1
                    continue
                out.append("$(")
                i += 2
                continue
            out.append("$" + nxt)
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def launch(options, path):
    cmd = [nasir, "launch", "k8s", "--workers", "3", "--image",
           "registry.example.com/team/nasir:0.12@sha256:abc", "--nasir",
           NASIR_PATH, "--output", path] + options + ["--"] + hostile.EXTRA
    r = subprocess.run(cmd, capture_output=True)
    if r.returncode != 0:
        fail("nasir launch k8s exited %d: %s" % (r.returncode, r.stderr))
    with open(path, "rb") as f:
        text = f.read()
    return r.stderr, yaml.safe_load(text.decode("utf-8"))


def subset(ours, theirs, where="job"):
    """Every field of `ours` is in `theirs` with the same value (quantities
    may come back as strings)."""
    if isinstance(ours, dict):
        if not isinstance(theirs, dict):
            fail("%s: %r became %r" % (where, ours, theirs))
        for k, v in ours.items():
            if k not in theirs:
                fail("%s.%s: dropped by the typed decoding" % (where, k))
            subset(v, theirs[k], where + "." + k)
    elif isinstance(ours, list):
        if not isinstance(theirs, list) or len(ours) != len(theirs):
            fail("%s: %r became %r" % (where, ours, theirs))
        for i, (a, b) in enumerate(zip(ours, theirs)):
            subset(a, b, "%s[%d]" % (where, i))
    elif ours != theirs and not (isinstance(ours, int) and str(ours) == theirs):
        fail("%s: %r became %r" % (where, ours, theirs))


def typed_round_trip(path, job):
    r = subprocess.run([kubectl, "set", "env", "--local", "-f", path, "-o",
                        "json", "NASIR_TYPED_CHECK=1"], capture_output=True)
    if r.returncode != 0:
        fail("kubectl: %s" % r.stderr)
    typed = json.loads(r.stdout)
    c = typed["spec"]["template"]["spec"]["containers"][0]
    c["env"] = [e for e in c["env"] if e["name"] != "NASIR_TYPED_CHECK"]
    if not c["env"]:
        del c["env"]
    subset(job, typed)


def check(job, gpus, env, store):
    if job["apiVersion"] != "batch/v1" or job["kind"] != "Job":
        fail("apiVersion/kind: %r %r" % (job["apiVersion"], job["kind"]))
    spec = job["spec"]
    for key, value in [("completionMode", "Indexed"), ("completions", 3),
                       ("parallelism", 3), ("backoffLimit", 9)]:
        if spec.get(key) != value:
            fail("spec.%s is %r" % (key, spec.get(key)))
    pod = spec["template"]["spec"]
    if pod["restartPolicy"] != "Never" or len(pod["containers"]) != 1:
        fail("pod: %r" % pod)
    c = pod["containers"][0]
    if c["image"] != "registry.example.com/team/nasir:0.12@sha256:abc":
        fail("image %r" % c["image"])
    for field in ("command", "args"):
        if not all(isinstance(a, str) for a in c[field]):
            fail("%s holds a non-string: %r" % (field, c[field]))
    command = [expand(a, env) for a in c["command"]]
    args = [expand(a, env) for a in c["args"]]
    want = ["worker", "--store", store, "--jobs", "1"]
    if gpus:
        want += ["--device", "cuda:0"]
    want += ["--threads", "2"] + hostile.EXTRA
    if command != [NASIR_PATH] or args != want:
        fail("expanded command %r args %r, not %r" % (command, args, want))
    limits = c["resources"]["limits"]
    if gpus and limits.get("nvidia.com/gpu") != 1:
        fail("limits %r" % limits)
    if not gpus and "nvidia.com/gpu" in limits:
        fail("a CPU worker asks for a GPU: %r" % limits)


# The URL on the command line; one GPU.
path = os.path.join(work, "job.yaml")
stderr, job = launch(["--store", hostile.STORE, "--gpus", "1", "--cpu", "2",
                      "--memory", "4Gi"], path)
if b"warning: the --store URL holds a password" not in stderr:
    fail("no password warning: %r" % stderr)
# The container's environment as the kubelet sees it (HOME is set in most
# images): any unescaped $(HOME) would turn into this.
check(job, True, {"HOME": "/root-EXPANDED"}, hostile.STORE)
print("store URL: parses, Indexed Job of 3, args verbatim after expansion")
if kubectl:
    typed_round_trip(path, job)
    print("store URL: every field survives Kubernetes' typed decoding")

# The URL from a Secret; no GPU.
path = os.path.join(work, "job-secret.yaml")
stderr, job = launch(["--store-secret", "nasir-store", "--store-secret-key",
                      "url.txt", "--cpu", "2"], path)
if stderr:
    fail("unexpected stderr %r" % stderr)
c = job["spec"]["template"]["spec"]["containers"][0]
if c["env"] != [{"name": "NASIR_STORE", "valueFrom": {"secretKeyRef": {
        "name": "nasir-store", "key": "url.txt"}}}]:
    fail("env %r" % c["env"])
check(job, False, {"HOME": "/root-EXPANDED", "NASIR_STORE": SECRET_URL},
      SECRET_URL)
print("store secret: the URL comes from secretKeyRef, args verbatim")
if kubectl:
    typed_round_trip(path, job)
    print("store secret: every field survives Kubernetes' typed decoding")
