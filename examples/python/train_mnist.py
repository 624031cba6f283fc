#!/usr/bin/env python3
"""A complete search on MNIST, evaluated by a plain PyTorch training loop
through nasir.Study's ask and tell.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/train_mnist.py \
        [--space examples/mlp.nas] [--strategy evolution] [--budget 20] \
        [--store mnist.db] [--train-size 10000] [--val-size 2000] [--epochs 1] \
        [--option population=8 --option tournament=3]

MNIST is read from $NASIR_DATA_DIR/mnist, else <repo>/.data/mnist (the IDX
files of scripts/fetch-data.sh). The study's driver is `nasir search`'s: the
results are in the store (`nasir report mnist.db`; each trial's learning
curve, reported epoch by epoch with trial.report(), is in `nasir report
mnist.db --json` and drawn by `--html`), and running the script again on
the same store with a larger --budget continues the search.
"""
import argparse
import math
import os
import struct
import time

import torch

import nasir

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def read_idx(path):
    """An IDX file (MNIST's format) as a uint8 tensor of its shape."""
    with open(path, "rb") as f:
        data = f.read()
    zero, kind, dims = struct.unpack(">HBB", data[:4])
    if zero != 0 or kind != 0x08:
        raise ValueError("%s: not an IDX file of bytes" % path)
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]),
                            dtype=torch.uint8).reshape(shape)


def load_mnist(train_size, val_size):
    """(x_train, y_train, x_val, y_val): the first train_size training images
    and the first val_size test images, scaled to [0, 1], [N, 1, 28, 28]."""
    root = os.path.join(os.environ.get("NASIR_DATA_DIR",
                                       os.path.join(REPO, ".data")), "mnist")
    def part(images, labels, n):
        x = read_idx(os.path.join(root, images))[:n].float().unsqueeze(1) / 255.0
        return x, read_idx(os.path.join(root, labels))[:n].long()
    x_train, y_train = part("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                            train_size)
    x_val, y_val = part("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
                        val_size)
    return x_train, y_train, x_val, y_val


def evaluate(model, x, y, batch=1000):
    """(mean cross-entropy, accuracy as a fraction) of the model on x, y."""
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for idx in torch.arange(len(x)).split(batch):
            out = model(x[idx])
            loss += torch.nn.functional.cross_entropy(
                out, y[idx], reduction="sum").item()
            correct += (out.argmax(1) == y[idx]).sum().item()
    return loss / len(x), correct / len(x)


def train_and_score(model, data, epochs, seed, trial, batch=64):
    """Trains with Adam, reporting each epoch's losses and accuracies to the
    trial (its learning curve, stored by tell()); the last epoch's
    validation accuracy in percent."""
    x_train, y_train, x_val, y_val = data
    torch.manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    val_accuracy = 0.0
    for epoch in range(1, epochs + 1):
        model.train()
        loss_sum, correct = 0.0, 0
        for idx in torch.randperm(len(x_train)).split(batch):
            opt.zero_grad()
            out = model(x_train[idx])
            loss = torch.nn.functional.cross_entropy(out, y_train[idx])
            loss.backward()
            opt.step()
            # The training values as seen during the epoch (the weights
            # change under them, as in most training logs).
            loss_sum += loss.item() * len(idx)
            correct += (out.argmax(1) == y_train[idx]).sum().item()
        if not math.isfinite(loss_sum):
            raise ValueError("the training loss diverged in epoch %d" % epoch)
        val_loss, val_accuracy = evaluate(model, x_val, y_val)
        trial.report(epoch, train_loss=loss_sum / len(x_train),
                     train_accuracy=correct / len(x_train),
                     val_loss=val_loss, val_accuracy=val_accuracy)
    return 100.0 * val_accuracy


def option(text):
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError("expected NAME=VALUE, got %r" % text)
    return key, value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--space", default=os.path.join(REPO, "examples", "mlp.nas"))
    parser.add_argument("--strategy", default="evolution")
    parser.add_argument("--budget", type=int, default=20)
    parser.add_argument("--store", default="mnist.db")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train-size", type=int, default=10000)
    parser.add_argument("--val-size", type=int, default=2000)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0,
                        help="PyTorch threads (0: its default)")
    parser.add_argument("--option", type=option, action="append", default=[],
                        help="a `nasir search` option of the strategy, NAME=VALUE")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)

    data = load_mnist(args.train_size, args.val_size)
    space = nasir.Space.load(args.space, input=(1, 28, 28), classes=10)
    with nasir.Study(space, strategy=args.strategy, store=args.store,
                     seed=args.seed, budget=args.budget,
                     **dict(args.option)) as study:
        while (trial := study.ask()) is not None:
            t0 = time.time()
            model = trial.candidate.to_torch()
            try:
                accuracy = train_and_score(model, data, args.epochs,
                                           args.seed + trial.id, trial)
            except (RuntimeError, ValueError) as e:  # e.g. out of memory
                study.tell(trial, failed=str(e))
                continue
            study.tell(trial, {"accuracy": accuracy})
            print("trial %d  accuracy %.2f  params %d  %.1fs  %s" % (
                trial.id, accuracy, trial.candidate.params, time.time() - t0,
                trial.decisions), flush=True)
        best = study.best()
    if best is None:
        print("no trial was evaluated")
        return 1
    print("best: trial %d, accuracy %.2f, %s" % (
        best["id"], best["metrics"]["accuracy"], best["decisions"]))
    print("the results: nasir report %s" % args.store)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
