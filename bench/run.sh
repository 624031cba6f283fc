#!/bin/sh
# Step benchmark, side by side in one run: nasir runtime vs hand-written LibTorch (same process,
# alternating rounds) and PyTorch in Python (/usr/bin/python3, Debian python3-torch 1.13).
#
#   bench/run.sh BUILD_DIR [THREADS] [DEVICE]        e.g. bench/run.sh build-rt 2 cpu
#
# Env: NB201_BATCH (32), MBV2_BATCH (32), STEPS (5), ROUNDS (3), PYTHON (/usr/bin/python3).
# Prints the JSON lines of both and a table of per-step ms and ratios.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: bench/run.sh BUILD_DIR [THREADS] [DEVICE]}
threads=${2:-2}
device=${3:-cpu}
py=${PYTHON:-/usr/bin/python3}
steps=${STEPS:-5}
rounds=${ROUNDS:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 "$here/gen_candidates.py" "$out" >/dev/null 2>&1 || "$py" "$here/gen_candidates.py" "$out" >/dev/null
for net in nb201 mbv2; do
  if [ $net = nb201 ]; then batch=${NB201_BATCH:-32}; else batch=${MBV2_BATCH:-32}; fi
  # Python first, then C++, then Python again: the reported Python time is the faster of two.
  "$py" "$here/step_bench.py" $net --batch $batch --threads $threads --steps $steps \
    --rounds $rounds --device $device >"$out/$net.py1"
  "$build/bin/nasir-step-bench" $net "$out/$net.json" --batch $batch --threads $threads \
    --steps $steps --rounds $rounds --device $device >"$out/$net.cpp"
  "$py" "$here/step_bench.py" $net --batch $batch --threads $threads --steps $steps \
    --rounds $rounds --device $device >"$out/$net.py2"
  cat "$out/$net.cpp" "$out/$net.py1" "$out/$net.py2"
done
"$py" - "$out" <<'PY'
import json, sys, os
d = sys.argv[1]
print("| net | batch | threads | device | params | nasir ms | LibTorch ms | PyTorch ms | nasir/LibTorch | nasir/PyTorch | data fraction |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for net in ("nb201", "mbv2"):
    c = json.load(open(os.path.join(d, net + ".cpp")))
    p = [json.load(open(os.path.join(d, net + ".py%d" % i))) for i in (1, 2)]
    assert all(x["params"] == c["params"] for x in p), "parameter counts differ"
    pm = min(x["python_ms"] for x in p)
    print("| %s | %d | %d | %s | %d | %.1f | %.1f | %.1f | %.3f | %.3f | %.4f |" % (
        net, c["batch"], c["threads"], c["device"], c["params"], c["nasir_ms"], c["libtorch_ms"],
        pm, c["nasir_ms"] / c["libtorch_ms"], c["nasir_ms"] / pm, c["data_fraction"]))
PY
