"""Checks a supernet document (nasir relax) against decisions (nasir sample).

usage: supernet_labels.py SUPERNET.json DECISIONS.jsonl

The document must follow the rules of docs/candidate-format.md (version 2):
labels once each, every label a node names in the table, a mix with one input
per option, share lists of one entry per option whose widest channel count is
the node's and whose largest kernel is its kernel. Every label of every
decision line must be a label of the document, its value among the options
(a depth or value numerically, an op exactly, a pick a sorted list of min..max
distinct indices below n). Prints one summary line; exits 1 on a mismatch.
"""
import json
import sys


def fail(msg):
    print("MISMATCH:", msg)
    sys.exit(1)


doc = json.load(open(sys.argv[1]))
if doc.get("format") != "nasir-candidate" or doc.get("version") != 2:
    fail("not a version-2 candidate document")
labels = {}
for entry in doc["labels"]:
    if entry["name"] in labels:
        fail("label %s listed twice" % entry["name"])
    if entry["kind"] not in ("value", "op", "depth", "inputs"):
        fail("label %s has kind %s" % (entry["name"], entry["kind"]))
    labels[entry["name"]] = entry

ids = set()
for node in doc["nodes"]:
    for i in node.get("inputs", []):
        if i not in ids:
            fail("node %d takes %d, not an earlier node" % (node["id"], i))
    ids.add(node["id"])
    if node["op"] in ("mix", "mix_inputs"):
        entry = labels.get(node["label"])
        if entry is None:
            fail("node %d names %s, not in labels" % (node["id"], node["label"]))
        want = entry["n"] if node["op"] == "mix_inputs" else len(entry["options"])
        if len(node["inputs"]) != want:
            fail("node %d has %d inputs for %d options" % (node["id"], len(node["inputs"]), want))
    for share in node.get("share", []):
        entry = labels.get(share["label"])
        if entry is None:
            fail("node %d shares %s, not in labels" % (node["id"], share["label"]))
        for key in ("channels", "kernel", "padding"):
            if key in share and len(share[key]) != len(entry["options"]):
                fail("node %d: %s of %s has %d entries" % (node["id"], key, share["label"], len(share[key])))
        if "channels" in share and max(share["channels"]) != node["shape"][0]:
            fail("node %d: widest channels %d, shape %s" % (node["id"], max(share["channels"]), node["shape"]))
        if "kernel" in share and max(share["kernel"]) != node["attrs"]["kernel"]:
            fail("node %d: largest kernel is not its kernel" % node["id"])

checked = 0
for line in open(sys.argv[2]):
    if not line.strip():
        continue
    for label, value in json.loads(line).items():
        entry = labels.get(label)
        if entry is None:
            fail("decision %s is not a label of the supernet" % label)
        if entry["kind"] == "inputs":
            ok = (isinstance(value, list) and value == sorted(set(value))
                  and entry["min"] <= len(value) <= entry["max"]
                  and all(0 <= i < entry["n"] for i in value))
        elif isinstance(value, str):
            ok = value in entry["options"]
        else:
            ok = any(not isinstance(o, str) and abs(o - value) < 1e-9
                     for o in entry["options"])
        if not ok:
            fail("decision %s = %r is not among %r" % (label, value, entry))
        checked += 1
print("ok: %d labels, %d nodes, %d decisions checked" % (len(labels), len(doc["nodes"]), checked))
