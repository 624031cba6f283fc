"""Checks what workers did to an experiment (test/Search/workers-*.test).

  workers_check.py REPORT.jsonl LOG [--trial N] [--mixed WORKER_PID|none]

REPORT.jsonl is `nasir report STORE --json`; LOG is worker_eval.sh's log.
Prints facts for FileCheck: how many trials are ok, whether each evaluated
trial was evaluated to completion exactly once (and none that is not ok),
how many workers did them, and the most starts of one trial. With --mixed
(a search with --jobs J beside workers) also whether the search evaluated
some trials itself (a worker with no device: one of its own jobs) and
whether the worker WORKER_PID evaluated the others.
"""
import collections
import json
import sys


def main():
    report, log = sys.argv[1], sys.argv[2]
    trials = [json.loads(line) for line in open(report) if line.strip()]
    starts, done = collections.Counter(), collections.Counter()
    for line in open(log):
        kind, trial = line.split()
        (starts if kind == "start" else done)[int(trial)] += 1
    ok = [t for t in trials if t["status"] == "ok"]
    ok_ids = {t["id"] for t in ok}
    twice = sorted(i for i, n in done.items() if n > 1)
    missing = sorted(i for i in ok_ids if done[i] == 0)
    stray = sorted(i for i in done if i not in ok_ids)
    print("ok trials: %d" % len(ok))
    print("statuses: %s" % " ".join(
        "%s=%d" % kv for kv in sorted(
            collections.Counter(t["status"] for t in trials).items())))
    if not twice and not missing and not stray:
        print("each evaluated once: yes")
    else:
        print("each evaluated once: NO (twice %s, never %s, not ok %s)" %
              (twice, missing, stray))
    workers = {(t["worker"]["host"], t["worker"]["pid"]) for t in ok
               if "worker" in t and "device" in t["worker"]}
    without = sorted(t["id"] for t in ok
                     if "worker" not in t or "device" not in t["worker"])
    print("workers: %d" % len(workers))
    if "--mixed" in sys.argv:
        pid = sys.argv[sys.argv.index("--mixed") + 1]
        local = [t for t in ok if "worker" in t and "device" not in t["worker"]]
        remote = [t for t in ok if "worker" in t and "device" in t["worker"]]
        print("evaluated by the search itself: %s" % ("some" if local else "none"))
        print("evaluated by worker %s: %s" % (
            "WORKER", "none" if not remote else
            "all" if all(str(t["worker"]["pid"]) == pid for t in remote)
            else "some by another"))
        print("trials with no worker named: %s" % (
            sorted(t["id"] for t in ok if "worker" not in t) or "none"))
    else:
        print("ok trials without a worker: %s" % (without or "none"))
    print("most starts of one trial: %d" % max(starts.values() or [0]))
    if "--trial" in sys.argv:
        n = int(sys.argv[sys.argv.index("--trial") + 1])
        status = next((t["status"] for t in trials if t["id"] == n), "none")
        print("trial %d: started %d, done %d, %s" %
              (n, starts[n], done[n], status))


main()
