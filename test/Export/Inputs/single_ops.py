#!/usr/bin/env python3
"""single_ops.py DIR: writes one small candidate per layer kind (or form of
it) whose ONNX spelling OpenCV 4.6 might not run: input -> the op -> flatten
-> output, so that onnx.test records, kind by kind, what OpenCV runs."""
import json
import math
import os
import sys


def candidate(inp, op, attrs, shape, extra=()):
    """input(inp) [-> extra nodes] -> op(shape) -> flatten -> output."""
    nodes = [{"id": 0, "op": "input", "shape": inp}]
    nodes += [dict(n, id=len(nodes) + k) for k, n in enumerate(extra)]
    i = len(nodes)
    node = {"id": i, "op": op, "inputs": [0] if not extra else [0, i - 1], "shape": shape}
    if attrs:
        node["attrs"] = attrs
    f = math.prod(shape)
    nodes += [node, {"id": i + 1, "op": "flatten", "inputs": [i], "shape": [f]},
              {"id": i + 2, "op": "output", "inputs": [i + 1], "shape": [f]}]
    return {"format": "nasir-candidate", "version": 1, "space": "single_ops", "decisions": {},
            "input": inp, "num_classes": f, "nodes": nodes}


ops = {
    "conv1d": candidate([4, 9], "conv1d", {"out_channels": 3, "kernel": 3, "padding": 1, "bias": True}, [3, 9]),
    "max_pool1d": candidate([4, 9], "max_pool1d", {"kernel": 3, "stride": 2, "padding": 1}, [4, 5]),
    "avg_pool1d": candidate([4, 9], "avg_pool1d", {"kernel": 3, "stride": 2, "padding": 1}, [4, 5]),
    "global_avg_pool-1d": candidate([4, 9], "global_avg_pool", None, [4]),
    "linear-2d": candidate([4, 9], "linear", {"out_features": 3}, [4, 3]),
    "layer_norm": candidate([4, 5, 5], "layer_norm", None, [4, 5, 5]),
    "layer_norm-no-affine": candidate([4, 5, 5], "layer_norm", {"affine": False}, [4, 5, 5]),
    "batch_norm-no-affine": candidate([4, 5, 5], "batch_norm", {"affine": False}, [4, 5, 5]),
    "mul-broadcast": candidate([4, 5, 5], "mul", None, [4, 5, 5],
                               [{"op": "global_avg_pool", "inputs": [0], "shape": [4]}]),
    "avg_pool2d-count-pad": candidate([4, 7, 7], "avg_pool2d",
                                      {"kernel": 3, "stride": 2, "padding": 1, "count_include_pad": True}, [4, 4, 4]),
    "zero-stride": candidate([4, 7, 7], "zero", {"stride": 2}, [6, 4, 4]),
}
os.makedirs(sys.argv[1], exist_ok=True)
for name, c in ops.items():
    with open(os.path.join(sys.argv[1], name + ".json"), "w") as f:
        json.dump(c, f)
print(" ".join(ops))
