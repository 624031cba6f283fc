#!/bin/sh
# One-shot GPU check (device machine: Python PyTorch with CUDA, no Debian packages).
# Builds the runtime-only configuration against python3's torch, trains the MNIST CNN on CUDA
# (fp32, then --amp), and runs the step benchmark on CUDA. Inputs carried in .devcarry/:
# nlohmann headers + a config, zlib headers + lib, gzipped MNIST.
set -x
out=${OUT:-/tmp/out}
mkdir -p "$out"
nvidia-smi --query-gpu=name,memory.total --format=csv
tp=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
cmake -G Ninja -S . -B /tmp/b -DNASIR_ENABLE_MLIR=OFF -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$tp" -DNASIR_RUNTIME_CXX_STANDARD=20 -Dnlohmann_json_DIR=$PWD/.devcarry/json \
  -DZLIB_INCLUDE_DIR=$PWD/.devcarry/zlib -DZLIB_LIBRARY=$PWD/.devcarry/zlib/libz.so \
  >"$out/cmake.log" 2>&1 || { tail -30 "$out/cmake.log"; exit 1; }
ninja -C /tmp/b nasir-train nasir-step-bench >"$out/build.log" 2>&1 || { grep -m5 -A5 error "$out/build.log"; exit 1; }
export LD_LIBRARY_PATH=$PWD/.devcarry/zlib:${LD_LIBRARY_PATH:-}
for amp in "" "--amp"; do
  /tmp/b/bin/nasir-train test/Runtime/Inputs/mnist_cnn.json --data mnist:.devcarry/mnist \
    --device cuda --epochs 2 --threads 8 $amp --progress plain 2>"$out/train$amp.err" | tee -a "$out/train.json"
  tail -3 "$out/train$amp.err"
done
PYTHON=python3 STEPS=20 ROUNDS=3 NB201_BATCH=256 MBV2_BATCH=256 sh bench/run.sh /tmp/b 8 cuda 2>&1 | tee "$out/bench.txt"
