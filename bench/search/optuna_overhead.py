"""Optuna's overhead per trial on the NAS-Bench-201 table (bench/search/overhead.sh).

  /usr/bin/python3 bench/search/optuna_overhead.py NB201_DIR [--trials 1000,10000]
      [--samplers random,tpe] [--repeats R]

The same search as nasir's (bench/search/overhead_bench.cpp): the six NB201
edges as categorical parameters, an in-memory storage, seed 1, and a trivial
objective that looks up the CIFAR-10 12-epoch validation accuracy in the same
table. The overhead per trial is the wall time of study.optimize minus the time
inside the table look-ups, divided by the trials; best and median of R runs.
Prints one line per run: sampler trials best_us median_us.
"""
import argparse
import csv
import os
import statistics
import time

import optuna

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
EDGES = ["e1_0", "e2_0", "e2_1", "e3_0", "e3_1", "e3_2"]


def load(directory):
    table = {}
    with open(os.path.join(directory, "nb201_12ep_val_test.csv")) as f:
        for row in csv.DictReader(f):
            table[row["cellstr"]] = float(row["cifar10-val"])
    return table


def arch(p):
    return "|{}~0|+|{}~0|{}~1|+|{}~0|{}~1|{}~2|".format(*(p[e] for e in EDGES))


def run(table, sampler_name, trials):
    sampler = (optuna.samplers.RandomSampler(seed=1) if sampler_name == "random"
               else optuna.samplers.TPESampler(seed=1))
    study = optuna.create_study(direction="maximize", sampler=sampler,
                                storage=optuna.storages.InMemoryStorage())
    inside = [0.0]

    def objective(trial):
        p = {e: trial.suggest_categorical(e, OPS) for e in EDGES}
        t0 = time.perf_counter()
        acc = table[arch(p)]
        inside[0] += time.perf_counter() - t0
        return acc

    t0 = time.perf_counter()
    study.optimize(objective, n_trials=trials)
    total = time.perf_counter() - t0
    return (total - inside[0]) / trials * 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("nb201_dir")
    ap.add_argument("--trials", default="1000,10000")
    ap.add_argument("--samplers", default="random,tpe")
    ap.add_argument("--tpe-trials", default="",
                    help="trials for TPE (default: --trials)")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    table = load(args.nb201_dir)
    for sampler in args.samplers.split(","):
        counts = args.tpe_trials if sampler == "tpe" and args.tpe_trials else args.trials
        for trials in (int(n) for n in counts.split(",")):
            runs = sorted(run(table, sampler, trials) for _ in range(args.repeats))
            print(sampler, trials, "%.1f" % runs[0], "%.1f" % statistics.median(runs),
                  flush=True)


if __name__ == "__main__":
    main()
