#!/usr/bin/env python3
"""check_curves.py TRIALS.jsonl|- [--trials N]

Checks the learning curves in `nasir report STORE --json`: every ok trial
that nasir-train trained has `curve`, one entry per epoch of its budget
(epochs 1..n, in order), with finite losses >= 0 and accuracies in [0, 1],
the train loss lower at the end than after the first epoch; its last entry is the trial's final result (val_accuracy, val_loss and the
train loss `loss` equal the metrics exactly: the same doubles through the
result line, the store and the JSON). Reused and failed trials have none.
--trials N: exactly N trials have a curve. Prints one summary line.
"""
import json
import math
import sys


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def main():
    src = sys.argv[1]
    want = None
    if "--trials" in sys.argv:
        want = int(sys.argv[sys.argv.index("--trials") + 1])
    lines = (sys.stdin if src == "-" else open(src)).read().splitlines()
    with_curve = []
    for line in lines:
        t = json.loads(line)
        if "id" not in t:
            continue  # a one-shot search's last line
        curve = t.get("curve")
        if t["status"] != "ok":
            if curve:
                fail("trial %d (%s) has a curve" % (t["id"], t["status"]))
            continue
        if not curve:
            fail("ok trial %d has no curve" % t["id"])
        m = t["metrics"]
        epochs = t["epochs"] or int(m["epochs"])
        if [p["epoch"] for p in curve] != list(range(1, epochs + 1)):
            fail("trial %d: epochs %s, budget %d" % (t["id"], [p["epoch"] for p in curve], epochs))
        for p in curve:
            if sorted(p) != ["epoch", "train_accuracy", "train_loss", "val_accuracy", "val_loss"]:
                fail("trial %d: fields %s" % (t["id"], sorted(p)))
            for k in ("train_loss", "val_loss"):
                if not (isinstance(p[k], (int, float)) and math.isfinite(p[k]) and p[k] >= 0):
                    fail("trial %d epoch %d: %s = %r" % (t["id"], p["epoch"], k, p[k]))
            for k in ("train_accuracy", "val_accuracy"):
                if not (isinstance(p[k], (int, float)) and 0 <= p[k] <= 1):
                    fail("trial %d epoch %d: %s = %r" % (t["id"], p["epoch"], k, p[k]))
        last = curve[-1]
        # Training lowers the training loss (same seed, same numbers).
        if len(curve) > 1 and not last["train_loss"] < curve[0]["train_loss"]:
            fail("trial %d: train loss %r after %r" % (t["id"], last["train_loss"], curve[0]["train_loss"]))
        for k, metric in (("val_accuracy", "val_accuracy"), ("val_loss", "val_loss"),
                          ("train_loss", "loss")):
            if last[k] != m[metric]:
                fail("trial %d: last %s %r != metrics %s %r" % (t["id"], k, last[k], metric, m[metric]))
        if abs(100 * last["val_accuracy"] - m["accuracy"]) > 1e-9:
            fail("trial %d: accuracy %r" % (t["id"], m["accuracy"]))
        with_curve.append((t["id"], len(curve)))
    if want is not None and len(with_curve) != want:
        fail("%d trials with a curve, expected %d" % (len(with_curve), want))
    print("curves: %d trials, epochs %s; the last epoch is the result"
          % (len(with_curve), sorted(n for _, n in with_curve)))


main()
