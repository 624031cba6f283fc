#!/usr/bin/env python3
"""compare.py MODEL.py WEIGHTS IN.f32 REF.f32 [--tol 1e-5]

Imports an exported PyTorch file (it must need nothing but torch), loads the
weights with its own loader, runs the input saved by nasir-forward and checks
the output against the LibTorch runtime's (max abs diff <= tol)."""
import importlib.util
import sys

import torch

model_py, weights, inp, ref = sys.argv[1:5]
tol = float(sys.argv[sys.argv.index("--tol") + 1]) if "--tol" in sys.argv else 1e-5
spec = importlib.util.spec_from_file_location("exported", model_py)
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
model = mod.build(weights)


def raw(path):
    return torch.frombuffer(bytearray(open(path, "rb").read()), dtype=torch.float32)


x = raw(inp).reshape(-1, *mod.INPUT_SHAPE)
with torch.no_grad():
    y = model(x)
expected = raw(ref).reshape(y.shape)
diff = (y - expected).abs().max().item()
layers = sum(1 for _ in model.modules()) - 1
print("%s: output %s, %d layers, %d parameters, max abs diff %.3g"
      % (mod.SPACE, tuple(y.shape), layers, sum(p.numel() for p in model.parameters()), diff))
if not diff <= tol:
    print("FAIL: the exported module differs from the runtime by %g > %g" % (diff, tol))
    sys.exit(1)
print("OK")
