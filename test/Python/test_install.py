"""`cmake --install`: the installed package imports away from the build
tree, finds the installed nasir (nasir.Study) and nasir-train
(Candidate.to_onnx) next to it, and runs both, with a PATH that has neither."""
import glob
import os
import shutil
import subprocess
import sys

import pytest

from conftest import BUILD_DIR, example

SCRIPT = r"""
import sys
import nasir, nasir._tools as tools
assert nasir.__file__.startswith(sys.argv[1]), nasir.__file__
for tool, env in (("nasir", "NASIR_CLI"), ("nasir-train", "NASIR_TRAIN")):
    path = tools.find_tool(tool, env, "the test")
    assert path == sys.argv[1] + "/bin/" + tool, path
space = nasir.Space.load(sys.argv[2])
candidate = space.specialize(space.sample(seed=0))
print(candidate.to_onnx(sys.argv[1] + "/m.onnx")["status"])
with nasir.Study(space, strategy="random", store=sys.argv[1] + "/s.db", budget=2) as study:
    while (trial := study.ask()) is not None:
        study.tell(trial, {"accuracy": 50.0})
    print(len(study.trials()), study.best()["metrics"]["accuracy"])
"""


def test_installed_package_runs_its_tools(tmp_path):
    cmake = shutil.which("cmake")
    if not cmake:
        pytest.skip("no cmake")
    prefix = str(tmp_path / "prefix")
    subprocess.run([cmake, "--install", BUILD_DIR, "--prefix", prefix], check=True,
                   capture_output=True)
    packages = glob.glob(os.path.join(prefix, "lib", "python3*", "*-packages"))
    assert len(packages) == 1, packages
    env = {k: v for k, v in os.environ.items()
           if k not in ("NASIR_CLI", "NASIR_TRAIN", "PYTHONPATH")}
    env.update(PATH="/usr/bin:/bin", PYTHONPATH=packages[0])
    r = subprocess.run([sys.executable, "-c", SCRIPT, prefix, example("mlp.nas")],
                       cwd=str(tmp_path), env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["ok", "2", "50"]
