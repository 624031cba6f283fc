"""A reference evaluator (numpy, float64) for the ONNX ops that nasir's ONNX
export writes (docs/onnx.md). onnx 1.12 has no reference evaluator and
OpenCV 4.6 cannot run every op, so this second, independent reading of the
ONNX operator specs checks the models of every layer kind. It knows only
these ops, and fails on any other."""
import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from onnx import numpy_helper


def _attrs(node):
    out = {}
    for a in node.attribute:
        if a.type == a.INTS:
            out[a.name] = list(a.ints)
        elif a.type == a.INT:
            out[a.name] = a.i
        elif a.type == a.FLOAT:
            out[a.name] = a.f
        elif a.type == a.STRING:
            out[a.name] = a.s
        else:
            raise ValueError("%s: attribute %s of an unexpected type" % (node.name, a.name))
    return out


def _windows(x, a, fill):
    """x padded with `fill`, its windows strided and dilated: N, C, O..., K...."""
    k = a["kernel_shape"]
    r = len(k)
    st = a.get("strides", [1] * r)
    p = a.get("pads", [0] * 2 * r)
    d = a.get("dilations", [1] * r)
    x = np.pad(x, [(0, 0), (0, 0)] + [(p[i], p[i + r]) for i in range(r)], constant_values=fill)
    win = [d[i] * (k[i] - 1) + 1 for i in range(r)]
    v = sliding_window_view(x, win, axis=tuple(range(2, 2 + r)))
    return v[(slice(None), slice(None)) + tuple(slice(None, None, s) for s in st)
             + tuple(slice(None, None, s) for s in d)], r


def _conv(x, w, b, a):
    v, r = _windows(x, a, 0.0)
    g = a.get("group", 1)
    n, c = v.shape[:2]
    m = w.shape[0]
    vg = v.reshape((n, g, c // g) + v.shape[2:])
    wg = w.reshape((g, m // g) + w.shape[1:])
    sp = "opq"[:r]
    ks = "klj"[:r]
    y = np.einsum("ngc%s%s,gmc%s->ngm%s" % (sp, ks, ks, sp), vg, wg)
    y = y.reshape((n, m) + y.shape[3:])
    if b is not None:
        y = y + b.reshape((1, -1) + (1,) * r)
    return y


def _avg_pool(x, a):
    v, r = _windows(x, a, 0.0)
    axes = tuple(range(-r, 0))
    total = v.sum(axis=axes)
    if a.get("count_include_pad", 0):
        return total / np.prod(a["kernel_shape"])
    ones = np.ones((1, 1) + x.shape[2:])
    count, _ = _windows(ones, a, 0.0)
    return total / count.sum(axis=axes)


def _reshape(x, shape):
    shape = [x.shape[i] if s == 0 else int(s) for i, s in enumerate(shape)]
    return x.reshape(shape)


_erf = np.vectorize(math.erf)


def _node(op, i, a):
    if op == "Conv":
        return _conv(i[0], i[1], i[2] if len(i) > 2 else None, a)
    if op == "MaxPool":
        v, r = _windows(i[0], a, -np.inf)
        return v.max(axis=tuple(range(-r, 0)))
    if op == "AveragePool":
        return _avg_pool(i[0], a)
    if op == "GlobalAveragePool":
        return i[0].mean(axis=tuple(range(2, i[0].ndim)), keepdims=True)
    if op == "Flatten":
        ax = a.get("axis", 1)
        return i[0].reshape(int(np.prod(i[0].shape[:ax])), -1)
    if op == "Gemm":
        w = i[1].T if a.get("transB", 0) else i[1]
        return i[0] @ w + (i[2] if len(i) > 2 else 0)
    if op == "MatMul":
        return i[0] @ i[1]
    if op == "BatchNormalization":
        x, s, b, m, v = i
        sh = (1, -1) + (1,) * (x.ndim - 2)
        eps = a.get("epsilon", 1e-5)
        return (x - m.reshape(sh)) / np.sqrt(v.reshape(sh) + eps) * s.reshape(sh) + b.reshape(sh)
    if op == "ReduceMean":
        return i[0].mean(axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1)))
    if op == "Pad":
        p, r = a["pads"], i[0].ndim
        if a.get("mode", b"constant") not in (b"constant", "constant"):
            raise ValueError("%s: only constant padding" % op)
        return np.pad(i[0], [(p[k], p[k + r]) for k in range(r)], constant_values=a.get("value", 0.0))
    if op == "Reshape":
        return _reshape(i[0], i[1])
    if op == "Concat":
        return np.concatenate(i, axis=a["axis"])
    if op == "Sum":
        return sum(i[1:], i[0])
    binary = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide}
    if op in binary:
        return binary[op](i[0], i[1])
    unary = {"Relu": lambda x: np.maximum(x, 0), "Sigmoid": lambda x: 1 / (1 + np.exp(-x)),
             "Tanh": np.tanh, "Sqrt": np.sqrt, "Erf": _erf, "Identity": lambda x: x}
    if op in unary:
        return unary[op](i[0])
    if op == "Clip":
        return np.clip(i[0], a["min"], a["max"])
    if op == "HardSigmoid":
        return np.clip(a["alpha"] * i[0] + a["beta"], 0, 1)
    raise ValueError("the reference evaluator does not know %s" % op)


def run(model, x):
    """The graph's output for input x, in float64."""
    g = model.graph
    env = {t.name: numpy_helper.to_array(t).astype(np.float64)
           if t.data_type == t.FLOAT else numpy_helper.to_array(t) for t in g.initializer}
    env[g.input[0].name] = x.astype(np.float64)
    for n in g.node:
        env[n.output[0]] = _node(n.op_type, [env[name] for name in n.input], _attrs(n))
    return env[g.output[0].name]
