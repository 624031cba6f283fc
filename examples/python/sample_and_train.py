#!/usr/bin/env python3
"""Samples candidates of a space and trains each briefly with a plain PyTorch loop.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/sample_and_train.py \
        [examples/mlp.nas] [--candidates 3] [--epochs 2]

Uses sklearn's digits (8x8 images, 10 classes; Debian: python3-sklearn), binds
the space to them, and prints each candidate's decisions, parameters and
validation accuracy.
"""
import argparse

import torch
from sklearn.datasets import load_digits

import nasir

parser = argparse.ArgumentParser()
parser.add_argument("space", nargs="?", default="examples/mlp.nas")
parser.add_argument("--candidates", type=int, default=3)
parser.add_argument("--epochs", type=int, default=2)
args = parser.parse_args()

digits = load_digits()
x = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) / 16.0  # [N, 1, 8, 8]
y = torch.tensor(digits.target)
train, val = slice(0, 1400), slice(1400, None)

space = nasir.Space.load(args.space, input=(1, 8, 8), classes=10)
print("@%s: at most %d candidates" % (space.name, space.count(allow_bound=True)))
for seed in range(args.candidates):
    candidate = space.specialize(space.sample(seed=seed))
    model = candidate.to_torch()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    torch.manual_seed(seed)
    for _ in range(args.epochs):
        model.train()
        for batch in torch.randperm(1400).split(64):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x[train][batch]), y[train][batch])
            loss.backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        accuracy = (model(x[val]).argmax(1) == y[val]).float().mean().item()
    print("%s  params %d  accuracy %.3f" % (candidate.decisions, candidate.params, accuracy))
