"""examples/python/train_mnist.py: a whole search on MNIST through
nasir.Study, at a tiny budget (3 trials of at most 60,000 parameters,
2,000 training images, 2 epochs), each trial's learning curve reported
epoch by epoch and kept in the store.
Skipped without the MNIST files (scripts/fetch-data.sh) or PyTorch."""
import json
import os
import subprocess
import sys

import pytest

from conftest import BUILD_DIR, SOURCE_DIR, cli

SCRIPT = os.path.join(SOURCE_DIR, "examples", "python", "train_mnist.py")
MNIST = os.path.join(os.environ.get("NASIR_DATA_DIR", os.path.join(SOURCE_DIR, ".data")),
                     "mnist", "train-images-idx3-ubyte")


def test_train_mnist_tiny(tmp_path):
    pytest.importorskip("torch")
    if not os.path.exists(MNIST):
        pytest.skip("no MNIST at %s (scripts/fetch-data.sh)" % MNIST)
    store = str(tmp_path / "mnist.db")
    env = dict(os.environ, PYTHONPATH=os.path.join(BUILD_DIR, "python"))
    r = subprocess.run(
        [sys.executable, SCRIPT, "--budget", "3", "--store", store,
         "--train-size", "2000", "--val-size", "500", "--epochs", "2",
         "--threads", "1", "--option", "population=2", "--option", "tournament=1",
         "--option", "max_params=60000"],
        capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    trials = [json.loads(l) for l in cli("report", store, "--json").stdout.splitlines()]
    ok = [t for t in trials if t["status"] == "ok"]
    assert len(ok) == 3
    for t in ok:
        # Trained: far above chance (10%) after two epochs on 2,000 images.
        assert 30.0 < t["metrics"]["accuracy"] <= 100.0, t
        # The curve the script reported: the result is its last epoch's.
        curve = t["curve"]
        assert [p["epoch"] for p in curve] == [1, 2], t
        assert 100.0 * curve[-1]["val_accuracy"] == t["metrics"]["accuracy"]
        for p in curve:
            assert 0.0 < p["train_loss"] and 0.0 < p["val_loss"], p
            assert 0.1 < p["train_accuracy"] <= 1.0, p
        assert t["metrics"]["params"] <= 60000  # --max-params reached the search
        assert "trial %d  accuracy" % t["id"] in r.stdout
    best = max(ok, key=lambda t: t["metrics"]["accuracy"])
    assert "best: trial %d," % best["id"] in r.stdout
