"""Prints the facts the one-shot lit tests check of nasir-train --oneshot's JSON line (stdin).

`oneshot_check.py` prints the status, the fields of spec section 3, whether every weight vector
sums to 1, whether the final weights moved from uniform, and each label's argmax shape;
`oneshot_check.py --same A B` compares two results' weights and history (resume)."""
import json
import sys


def weights_sum_to_one(d):
    vectors = [l["weights"] for l in d["labels"].values()]
    for h in d["history"]:
        vectors += list(h["weights"].values())
    return all(abs(sum(v) - 1) < 1e-9 for v in vectors)


def moved(d):
    return any(max(abs(w - 1 / len(l["weights"])) for w in l["weights"]) > 1e-6
               for l in d["labels"].values())


if len(sys.argv) == 4 and sys.argv[1] == "--same":
    a, b = (json.load(open(p)) for p in sys.argv[2:])
    same_weights = a["labels"] == b["labels"]
    same_history = [{k: h[k] for k in ("epoch", "train_loss", "weights")} for h in a["history"]] == \
        [{k: h[k] for k in ("epoch", "train_loss", "weights")} for h in b["history"]]
    print("same weights:", same_weights, "same history:", same_history)
    sys.exit(0)

d = json.loads(sys.stdin.read())
print("status", d["status"], "oneshot", d["oneshot"], "epochs", d["epochs"])
for field in ("labels", "history", "argmax", "seconds_per_step", "peak_rss_bytes", "train_seconds"):
    print("field", field, "present" if field in d else "MISSING")
print("history epochs", [h["epoch"] for h in d["history"]])
print("val accuracy in [0, 1]:", all(0 <= h["val_accuracy"] <= 1 for h in d["history"]))
print("seconds per step > 0:", d["seconds_per_step"] > 0, "peak rss > 1 MB:", d["peak_rss_bytes"] > 1 << 20)
print("weights sum to 1:", weights_sum_to_one(d))
print("moved from uniform:", moved(d))
for name in sorted(d["argmax"]):
    v = d["argmax"][name]
    kind = d["labels"][name]["kind"]
    if kind == "inputs":
        print("argmax", name, "sorted list of", len(v), v == sorted(v))
    else:
        print("argmax", name, "an option:", v in d["labels"][name]["options"])
