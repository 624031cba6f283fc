#!/usr/bin/python3
"""The peers of nasir's NAS-Bench-201 benchmark, on the same tables and protocol.

    /usr/bin/python3 bench/search/peers_nb201.py NB201_DIR [--methods optuna-random,optuna-tpe,rea]
        [--datasets cifar10,cifar100,imagenet] [--budgets 50,100,200] [--seeds 100]

Protocol (NB201_DIR/README.md, as bench/search/nb201_bench.cpp): a search sees the 12-epoch
validation accuracy (`<dataset>-val` of nb201_12ep_val_test.csv) as its reward; every proposal is
one query, repeats included (the NAS-Bench-201 papers' convention: nasir's `--budget-counts
proposals`). After B queries the architecture with the best validation accuracy is reported with
its 200-epoch test accuracy (nb201_200ep_test.csv, the same row). Each seed runs once for the
largest budget; the figure at a smaller B is that run's best among its first B queries (none of
the methods knows its budget, so this is the run it would have made with budget B).

Methods:
  optuna-random  Optuna's RandomSampler(seed), one categorical per edge (NB201's five ops).
  optuna-tpe     Optuna's TPESampler(seed) with its defaults (10 random startup trials,
                 independent per-parameter densities), the same six categoricals.
  rea            regularized evolution (Real et al. 2019) with the settings of NAS-Bench-201's
                 own code (AutoDL-Projects exps/NATS-algos/regularized_ea.py): population 10,
                 tournament sample 3; the child of the sample's best changes one random edge to
                 another op; the oldest member dies. The first 10 queries are random cells.

Printed per cell: mean +- standard deviation of the 200-epoch test accuracy over the seeds, and in
parentheses the percentage of seeds that found the global optimum: the architecture with the best
validation accuracy of the whole table (its reported test accuracy is that architecture's).
"""
import argparse
import csv
import math
import os
import random
import sys

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
EDGES = ["e1_0", "e2_0", "e2_1", "e3_0", "e3_1", "e3_2"]  # the order of NB201's cell string
TEST_COLUMN = {"cifar10": "CIFAR10TestAccuracy200Epochs",
               "cifar100": "CIFAR100TestAccuracy200Epochs",
               "imagenet": "ImageNetTestAccuracy200Epochs"}


def cell_ops(cellstr):
    """The six ops of '|op~0|+|op~0|op~1|+|op~0|op~1|op~2|', in EDGES order."""
    ops = []
    for node in cellstr.strip("|").split("|+|"):
        for term in node.split("|"):
            op, _, _ = term.partition("~")
            ops.append(op)
    return tuple(ops)


class Table:
    """Validation (12 epochs) and test (200 epochs) accuracy of every cell of one dataset."""

    def __init__(self, root, dataset):
        val_path = os.path.join(root, "nb201_12ep_val_test.csv")
        test_path = os.path.join(root, "nb201_200ep_test.csv")
        with open(val_path, newline="") as f:
            rows = list(csv.DictReader(f))
        with open(test_path, newline="") as f:
            tests = list(csv.DictReader(f))
        if len(rows) != len(tests):
            sys.exit(f"error: {val_path} and {test_path} differ in rows")
        self.index = {}
        self.val, self.test = [], []
        for i, (r, t) in enumerate(zip(rows, tests)):
            if r["cellstr"] != t["ArchitectureString"]:
                sys.exit(f"error: {test_path}: row {i + 2}: not the cell of {val_path}")
            self.index[cell_ops(r["cellstr"])] = i
            self.val.append(float(r[dataset + "-val"]))
            self.test.append(float(t[TEST_COLUMN[dataset]]))
        best = max(range(len(self.val)), key=lambda i: self.val[i])
        self.optimum_test = self.test[best]

    def query(self, ops):
        i = self.index[tuple(ops)]
        return self.val[i], self.test[i]


def run_optuna(table, sampler, queries):
    import optuna
    history = []

    def objective(trial):
        ops = [trial.suggest_categorical(e, OPS) for e in EDGES]
        val, test = table.query(ops)
        history.append((val, test))
        return val

    study = optuna.create_study(direction="maximize", sampler=sampler)
    study.optimize(objective, n_trials=queries)
    return history


def run_rea(table, seed, queries, population=10, sample=3):
    rng = random.Random(seed)
    history, alive = [], []  # alive: (ops, val), oldest first
    while len(history) < queries:
        if len(alive) < population:
            ops = [rng.choice(OPS) for _ in EDGES]
        else:
            parent = max(rng.sample(alive, sample), key=lambda m: m[1])[0]
            ops = list(parent)
            edge = rng.randrange(len(EDGES))
            ops[edge] = rng.choice([o for o in OPS if o != ops[edge]])
        val, test = table.query(ops)
        history.append((val, test))
        alive.append((ops, val))
        if len(alive) > population:
            alive.pop(0)
    return history


def method_runner(name):
    if name == "rea":
        return lambda table, seed, queries: run_rea(table, seed, queries)
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if name == "optuna-random":
        return lambda table, seed, queries: run_optuna(
            table, optuna.samplers.RandomSampler(seed=seed), queries)
    if name == "optuna-tpe":
        return lambda table, seed, queries: run_optuna(
            table, optuna.samplers.TPESampler(seed=seed), queries)
    sys.exit(f"error: --methods: unknown method '{name}' (optuna-random, optuna-tpe, rea)")


def positive_list(flag, text):
    try:
        values = [int(x) for x in text.split(",")]
    except ValueError:
        values = []
    if not values or min(values) <= 0:
        sys.exit(f"error: {flag} expects positive integers separated by commas, got '{text}'")
    return values


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("nb201_dir")
    p.add_argument("--methods", default="optuna-random,optuna-tpe,rea")
    p.add_argument("--datasets", default="cifar10,cifar100,imagenet")
    p.add_argument("--budgets", default="50,100,200")
    p.add_argument("--seeds", default="100")
    a = p.parse_args()
    budgets = positive_list("--budgets", a.budgets)
    seeds = positive_list("--seeds", a.seeds)[0]
    datasets = a.datasets.split(",")
    for d in datasets:
        if d not in TEST_COLUMN:
            sys.exit(f"error: --datasets: unknown dataset '{d}' (cifar10, cifar100, imagenet)")
    runners = [(m, method_runner(m)) for m in a.methods.split(",")]
    print("| dataset | method | budget counts | "
          + " | ".join(f"{b} queries" for b in budgets) + " |")
    print("| --- | --- | --- | " + " | ".join("---" for _ in budgets) + " |")
    for d in datasets:
        table = Table(a.nb201_dir, d)
        for name, run in runners:
            chosen = {b: [] for b in budgets}
            for seed in range(seeds):
                history = run(table, seed, max(budgets))
                for b in budgets:
                    # The best validation accuracy of the first b queries (the first on ties).
                    best = max(range(b), key=lambda i: (history[i][0], -i))
                    chosen[b].append(history[best][1])
            cells = []
            for b in budgets:
                xs = chosen[b]
                mean = sum(xs) / len(xs)
                sd = math.sqrt(max(0.0, sum(x * x for x in xs) / len(xs) - mean * mean))
                found = 100.0 * sum(x == table.optimum_test for x in xs) / len(xs)
                cells.append(f"{mean:.2f} +- {sd:.2f} ({found:.0f}%)")
            print(f"| {d} | {name} | proposals | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
