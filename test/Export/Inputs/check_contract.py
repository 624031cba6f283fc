"""The input contract of an exported PyTorch file, on real MNIST test images.

    check_contract.py MODEL.py WEIGHTS.pt MNIST_DIR REPORT.jsonl TRIAL

Reads the raw t10k images (IDX: uint8 pixels 0..255) and labels, runs
model(preprocess(raw)) and prints the accuracy beside the test accuracy that
nasir-train reported for TRIAL (nasir report --json); OK when they agree to
one image in ten thousand.
"""
import importlib.util
import json
import os
import sys

import torch


def idx(path, header):
    with open(path, "rb") as f:
        data = f.read()
    return torch.frombuffer(bytearray(data[header:]), dtype=torch.uint8)


def main():
    model_py, weights, mnist, report, trial = sys.argv[1:6]
    spec = importlib.util.spec_from_file_location("exported", model_py)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    images = idx(os.path.join(mnist, "t10k-images-idx3-ubyte"), 16).view(-1, 28, 28)
    labels = idx(os.path.join(mnist, "t10k-labels-idx1-ubyte"), 8).long()
    model = mod.build(weights)
    with torch.no_grad():
        predicted = torch.cat([model(mod.preprocess(images[i:i + 1000])).argmax(1)
                               for i in range(0, len(images), 1000)])
    accuracy = 100.0 * (predicted == labels).double().mean().item()
    reported = None
    with open(report) as f:
        for line in f:
            row = json.loads(line)
            if row.get("id") == int(trial):
                reported = row["metrics"]["test_accuracy"]
    print("images", len(images), "accuracy %.2f" % accuracy, "reported %.2f" % reported)
    if abs(accuracy - reported) > 0.0100001:
        print("MISMATCH")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
