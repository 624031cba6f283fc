#!/usr/bin/env python3
"""check_onnx.py NAME MODEL.onnx IN.f32 REF.f32 [--tol 1e-4] [--opencv-may-fail]

Checks an ONNX model written by nasir-train --export-onnx: onnx's checker
(full_check, which runs shape inference too); then the reference evaluator
of onnx_numpy.py and OpenCV's DNN module run the input that nasir-forward
saved, and each output must match the LibTorch runtime's (max abs diff <
tol). An [N, C, L] input is given to OpenCV as [N, C, L, 1] (its Python
binding reads a 3-D array as an image with channels). With --opencv-may-fail a model OpenCV cannot import or run is
reported ("opencv: cannot run ...", exit 0) instead of failing; a mismatch
always fails."""
import os
import sys

import cv2
import numpy as np
import onnx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onnx_numpy  # noqa: E402

name, model_path, inp, ref = sys.argv[1:5]
tol = float(sys.argv[sys.argv.index("--tol") + 1]) if "--tol" in sys.argv else 1e-4
may_fail = "--opencv-may-fail" in sys.argv

model = onnx.load(model_path)
onnx.checker.check_model(model, full_check=True)
opset = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")]
dims = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim[1:]]
ops = sorted({n.op_type for n in model.graph.node})
print("%s: checker OK, opset %s, %d nodes: %s" % (name, opset[0], len(model.graph.node), " ".join(ops)))

x = np.fromfile(inp, dtype=np.float32).reshape(-1, *dims)
expected = np.fromfile(ref, dtype=np.float32)


def compare(who, y):
    if y.size != expected.size:
        print("%s: %s output %s has %d values, the runtime %d" % (name, who, y.shape, y.size, expected.size))
        sys.exit(1)
    diff = float(np.abs(y.reshape(-1) - expected).max())
    print("%s: %s output %s, max abs diff %.3g (outputs up to %.3g)"
          % (name, who, tuple(y.shape), diff, float(np.abs(expected).max())))
    if not diff < tol:
        print("%s: %s MISMATCH (tolerance %g)" % (name, who, tol))
        sys.exit(1)


compare("reference", onnx_numpy.run(model, x))
try:
    net = cv2.dnn.readNetFromONNX(model_path)
    net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
    net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
    # cv2's Python binding reads a 3-D array as an image with channels: an
    # [N, C, L] batch goes in as the blob [N, C, L, 1] (the same numbers).
    net.setInput(x[..., None] if x.ndim == 3 else x)
    y = net.forward()
except cv2.error as e:
    lines = [l.strip() for l in str(e).splitlines() if "error:" in l]
    why = lines[-1] if lines else str(e).strip().splitlines()[-1]
    print("%s: opencv: cannot run: %s" % (name, why))
    sys.exit(0 if may_fail else 1)
compare("opencv", y)
print("%s: OK" % name)
