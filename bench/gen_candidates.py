#!/usr/bin/env python3
"""Writes the step-benchmark candidates (nasir candidate format v1, docs/candidate-format.md).

  bench/gen_candidates.py OUT_DIR

nb201.json: the NAS-Bench-201 network for CIFAR (3x32x32, C=16, N=5 cells per stage), every
cell edge nor_conv_3x3 (ReLU -> conv3x3 -> BN), residual reduction blocks between stages.
mbv2.json: a MobileNetV2-style network for CIFAR (inverted residual blocks, width reduced).
Only the standard library is used: any python3 runs it.
"""
import json
import os
import sys


class Graph:
    def __init__(self, shape, classes):
        self.nodes = []
        self.input_shape = shape
        self.classes = classes
        self.add("input", [], shape)

    def add(self, op, inputs, shape, **attrs):
        n = {"id": len(self.nodes), "op": op, "shape": list(shape)}
        if inputs:
            n["inputs"] = list(inputs)
        if attrs:
            n["attrs"] = attrs
        self.nodes.append(n)
        return n["id"]

    def shape(self, i):
        return self.nodes[i]["shape"]

    def conv(self, x, cout, k, stride=1, pad=0, groups=1):
        c, h, w = self.shape(x)
        ho, wo = (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
        return self.add("conv2d", [x], [cout, ho, wo], out_channels=cout, kernel=k,
                        stride=stride, padding=pad, groups=groups, bias=False)

    def unary(self, op, x, **attrs):
        return self.add(op, [x], self.shape(x), **attrs)

    def doc(self, space, decisions):
        return {"format": "nasir-candidate", "version": 1, "space": space,
                "decisions": decisions, "input": self.input_shape,
                "num_classes": self.classes, "nodes": self.nodes}


def relu_conv_bn(g, x, cout, stride):
    r = g.unary("relu", x)
    c = g.conv(r, cout, 3, stride, 1)
    return g.unary("batch_norm", c)


def nb201(C=16, N=5, op="nor_conv_3x3"):
    g = Graph([3, 32, 32], 10)
    x = g.unary("batch_norm", g.conv(0, C, 3, 1, 1))
    decisions = {}
    widths = [C] * N + [2 * C] + [2 * C] * N + [4 * C] + [4 * C] * N
    reductions = [False] * N + [True] + [False] * N + [True] + [False] * N
    for i, (w, red) in enumerate(zip(widths, reductions)):
        if red:  # ResNetBasicblock(stride 2)
            a = relu_conv_bn(g, x, w, 2)
            b = relu_conv_bn(g, a, w, 1)
            c0, h0, w0 = g.shape(x)
            d = g.add("avg_pool2d", [x], [c0, h0 // 2, w0 // 2], kernel=2, stride=2)
            d = g.conv(d, w, 1)
            x = g.add("add", [d, b], g.shape(b))
        else:  # cell: node_i = sum_{j<i} op_{j->i}(node_j)
            nodes = [x]
            for t in range(1, 4):
                terms = []
                for j in range(t):
                    decisions["e%d_%d" % (j, t)] = op  # one cell, shared by all
                    terms.append(relu_conv_bn(g, nodes[j], w, 1))
                nodes.append(terms[0] if len(terms) == 1 else
                             g.add("add", terms, g.shape(terms[0])))
            x = nodes[-1]
    x = g.unary("relu", g.unary("batch_norm", x))
    x = g.add("global_avg_pool", [x], [g.shape(x)[0]])
    x = g.add("linear", [x], [10], out_features=10, bias=True)
    g.add("output", [x], [10])
    return g.doc("nb201", decisions)


# (expansion t, channels c, repeats n, stride s), MobileNetV2 on CIFAR at reduced width.
MBV2_BLOCKS = [(1, 16, 1, 1), (6, 24, 2, 1), (6, 32, 3, 2), (6, 64, 2, 2), (6, 96, 2, 1)]
MBV2_STEM, MBV2_LAST = 32, 320


def mbv2():
    g = Graph([3, 32, 32], 10)
    x = g.unary("relu6", g.unary("batch_norm", g.conv(0, MBV2_STEM, 3, 1, 1)))
    cin = MBV2_STEM
    for t, c, n, s in MBV2_BLOCKS:
        for r in range(n):
            stride = s if r == 0 else 1
            h = x
            hidden = cin * t
            if t != 1:
                h = g.unary("relu6", g.unary("batch_norm", g.conv(h, hidden, 1)))
            h = g.unary("relu6", g.unary("batch_norm", g.conv(h, hidden, 3, stride, 1, hidden)))
            h = g.unary("batch_norm", g.conv(h, c, 1))
            if stride == 1 and cin == c:
                h = g.add("add", [x, h], g.shape(h))
            x, cin = h, c
    x = g.unary("relu6", g.unary("batch_norm", g.conv(x, MBV2_LAST, 1)))
    x = g.add("global_avg_pool", [x], [MBV2_LAST])
    x = g.add("linear", [x], [10], out_features=10, bias=True)
    g.add("output", [x], [10])
    return g.doc("mobilenetv2-style", {})


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for name, doc in (("nb201", nb201()), ("mbv2", mbv2())):
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(doc, f, indent=None)
            f.write("\n")
        print(os.path.join(out, name + ".json"), len(doc["nodes"]), "nodes")


if __name__ == "__main__":
    main()
