#!/usr/bin/env bash
# Installs what nasir needs on Debian 12 (only the packages that are missing), fetches MNIST,
# configures and builds. Idempotent: a second run installs nothing and rebuilds what changed.
#
#   scripts/setup.sh            # everything (compiler + LibTorch runtime)
#   BUILD_DIR=out scripts/setup.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}

packages=(
  # compiler: MLIR/LLVM 19, lit/FileCheck, clang for the fuzzer
  libmlir-19-dev mlir-19-tools llvm-19-dev llvm-19-tools clang-19 libclang-rt-19-dev
  cmake ninja-build g++ ccache python3
  # runtime and tools
  libtorch-dev nlohmann-json3-dev zlib1g-dev libsqlite3-dev sqlite3 libgtest-dev graphviz
  # real data and the PyTorch-in-Python comparison
  dataset-fashion-mnist python3-sklearn python3-torch
  # the Optuna peers of the NAS-Bench-201 benchmark (bench/search/peers.sh)
  python3-optuna
  # the report page test (headless screenshots)
  chromium
  # the PostgreSQL store and its tests (a private server), Slurm's tools for the launcher tests
  libpq-dev postgresql slurm-wlm python3-yaml
  # the Python module (pybind11) and its tests; ONNX export, checked with onnx and OpenCV's DNN
  pybind11-dev python3-dev python3-pytest libonnx-dev libprotobuf-dev protobuf-compiler
  python3-onnx python3-opencv
)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

"$root/scripts/fetch-data.sh"

launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}"
fi
ninja -C "$build"
echo "setup: built into $build"
