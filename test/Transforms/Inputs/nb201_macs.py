#!/usr/bin/env python3
"""Multiply-accumulates of NAS-Bench-201 networks, counted from the benchmark's
own network definition, not from nasir's space: xautodl's TinyNetwork (C=16,
N=5 cells per stage), with

  stem        Conv2d(3, 16, 3, padding 1, bias False) + BN
  cell        InferCell: every edge runs its op (zero, identity, ReLUConvBN 1x1
              or 3x3 without bias, AvgPool 3x3), each node sums its edges
  reduction   ResNetBasicblock(C, 2C, stride 2): ReLUConvBN 3x3 stride 2,
              ReLUConvBN 3x3, downsample AvgPool2d(2) + Conv2d 1x1 (bias False)
  head        BN + ReLU, global average pool, Linear(64, classes)

MACs count convolutions (out_h * out_w * C_out * C_in * k * k) and the linear
layer (in * out) only. NB201's flop_benchmark.py counts the same modules and
adds their biases: its "FLOPs" are these MACs + classes.

Two counts per cell: NB201's, over every module of the network, and the live
one, which leaves out the edges into a node that does not reach the cell's
output (node 2 when e3_2 is none; node 1 when e3_1 is none and node 2 is not
reached through e2_1): the network computes them and drops the result, and a
nasir candidate keeps only what reaches its output (docs/decisions.md, "Live
ops only").

  nb201_macs.py TABLE HW CLASSES ROW...   prints, per table row, the row's
      decisions (nasir's labels cell.eJ_I) as one JSON line on stdout and
      "LIVE NB201" (the two counts) on stderr
"""
import csv
import json
import sys


def edges(arch):
    """`|op~0|+|op~0|op~1|+|op~0|op~1|op~2|` -> {"cell.e1_0": op, ...}."""
    out = {}
    for j, node in enumerate(arch.strip("|").split("|+|"), start=1):
        for term in node.split("|"):
            op, i = term.split("~")
            out["cell.e%d_%s" % (j, i)] = op
    return out


def live_edges(d):
    """The edges into nodes that reach the cell's output."""
    live2 = d["cell.e3_2"] != "none"
    live1 = d["cell.e3_1"] != "none" or (d["cell.e2_1"] != "none" and live2)
    live = {3: True, 2: live2, 1: live1}
    return {k: v for k, v in d.items() if live[int(k[len("cell.e")])]}


def macs(decisions, hw, classes, c=16, n=5):
    total = hw * hw * c * 3 * 9  # stem
    s = hw
    for stage in range(3):
        if stage > 0:
            cin, c, s = c, 2 * c, s // 2
            total += s * s * c * cin * 9  # conv_a, stride 2
            total += s * s * c * c * 9  # conv_b
            total += s * s * c * cin  # downsample 1x1 after the 2x2 pool
        for _ in range(n):
            for op in decisions.values():
                if op == "nor_conv_3x3":
                    total += s * s * c * c * 9
                elif op == "nor_conv_1x1":
                    total += s * s * c * c
    return total + c * classes


def main():
    table, hw, classes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rows = [int(r) for r in sys.argv[4:]]
    with open(table) as f:
        archs = [r["ArchitectureString"] for r in csv.DictReader(f)]
    for r in rows:
        d = edges(archs[r])
        print(json.dumps(d, sort_keys=True))
        print(macs(live_edges(d), hw, classes), macs(d, hw, classes),
              file=sys.stderr)


if __name__ == "__main__":
    main()
