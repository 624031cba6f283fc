#!/usr/bin/python3
"""PyTorch-in-Python side of the step benchmark (Debian python3-torch 1.13: run with /usr/bin/python3).

  bench/step_bench.py nb201|mbv2 [--batch N] [--threads N] [--steps N] [--rounds N] [--device cpu|cuda]

The same networks as bench/step_bench.cpp's hand-written LibTorch modules and as the candidates
of bench/gen_candidates.py (parameter counts are printed to compare). Same training step: SGD
momentum 0.9 Nesterov, weight decay 5e-4, cross-entropy, loss.item() each step. Median per-step ms
over rounds*steps steps after 3 warm-up steps. Prints one JSON line.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ReLUConvBN(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.op = nn.Sequential(nn.ReLU(inplace=False),
                                nn.Conv2d(cin, cout, 3, stride, 1, bias=False),
                                nn.BatchNorm2d(cout))

    def forward(self, x):
        return self.op(x)


class Cell(nn.Module):  # NAS-Bench-201 cell, every edge nor_conv_3x3
    def __init__(self, c):
        super().__init__()
        self.edges = nn.ModuleList([ReLUConvBN(c, c, 1) for _ in range(6)])

    def forward(self, x):
        e = self.edges
        n1 = e[0](x)
        n2 = e[1](x) + e[2](n1)
        return e[3](x) + e[4](n1) + e[5](n2)


class ResBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.a = ReLUConvBN(cin, cout, 2)
        self.b = ReLUConvBN(cout, cout, 1)
        self.down = nn.Sequential(nn.AvgPool2d(2, 2), nn.Conv2d(cin, cout, 1, bias=False))

    def forward(self, x):
        return self.down(x) + self.b(self.a(x))


class NB201(nn.Module):
    def __init__(self, C=16, N=5):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, C, 3, padding=1, bias=False), nn.BatchNorm2d(C))
        layers, c = [], C
        for s in range(3):
            if s:
                layers.append(ResBlock(c, 2 * c))
                c *= 2
            layers += [Cell(c) for _ in range(N)]
        self.body = nn.Sequential(*layers)
        self.last = nn.Sequential(nn.BatchNorm2d(c), nn.ReLU(inplace=False))
        self.fc = nn.Linear(c, 10)

    def forward(self, x):
        x = self.last(self.body(self.stem(x)))
        return self.fc(x.mean((2, 3)))


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, t):
        super().__init__()
        h = cin * t
        layers = []
        if t != 1:
            layers += [nn.Conv2d(cin, h, 1, bias=False), nn.BatchNorm2d(h), nn.ReLU6()]
        layers += [nn.Conv2d(h, h, 3, stride, 1, groups=h, bias=False), nn.BatchNorm2d(h),
                   nn.ReLU6(), nn.Conv2d(h, cout, 1, bias=False), nn.BatchNorm2d(cout)]
        self.seq = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        return x + self.seq(x) if self.residual else self.seq(x)


class MBV2(nn.Module):
    BLOCKS = [(1, 16, 1, 1), (6, 24, 2, 1), (6, 32, 3, 2), (6, 64, 2, 2), (6, 96, 2, 1)]

    def __init__(self, stem=32, last=320):
        super().__init__()
        layers = [nn.Conv2d(3, stem, 3, padding=1, bias=False), nn.BatchNorm2d(stem), nn.ReLU6()]
        cin = stem
        for t, c, n, s in self.BLOCKS:
            for r in range(n):
                layers.append(InvertedResidual(cin, c, s if r == 0 else 1, t))
                cin = c
        layers += [nn.Conv2d(cin, last, 1, bias=False), nn.BatchNorm2d(last), nn.ReLU6()]
        self.seq = nn.Sequential(*layers)
        self.fc = nn.Linear(last, 10)

    def forward(self, x):
        return self.fc(self.seq(x).mean((2, 3)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("net", choices=["nb201", "mbv2"])
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--device", default="cpu")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dev = torch.device(a.device)
    model = (NB201() if a.net == "nb201" else MBV2()).to(dev).train()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True,
                          weight_decay=5e-4)
    x = torch.randn(a.batch, 3, 32, 32, device=dev)
    y = torch.randint(0, 10, (a.batch,), device=dev)

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        loss.item()

    for _ in range(3):
        step()
    times = []
    for _ in range(a.rounds * a.steps):
        if dev.type == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        step()
        if dev.type == "cuda":
            torch.cuda.synchronize()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    print(json.dumps({"net": a.net, "batch": a.batch, "threads": torch.get_num_threads(),
                      "device": a.device, "torch": torch.__version__,
                      "params": sum(p.numel() for p in model.parameters()),
                      "python_ms": times[len(times) // 2]}))


if __name__ == "__main__":
    main()
