# -*- Python -*-
import glob
import os
import shutil
import subprocess
import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "nasir"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".nas", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nasir_obj_root, "test")
# A test that hangs (a search waiting for workers that died) fails after
# 15 minutes instead of holding the whole run.
lit_config.maxIndividualTestTime = 900
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Runtime"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%nasir_src", config.nasir_src_root))
config.substitutions.append(("%nasir_obj", config.nasir_obj_root))
config.substitutions.append(("%nb201_data", os.path.join(config.nasir_src_root, "..", "shared", "data", "nasbench201")))
llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tools = ["nasir-opt", "nasir", "nasir-search-bench", "nasir-fingerprint-check"]
if config.nasir_enable_torch:
    config.available_features.add("torch")
    tools.append("nasir-train")
llvm_config.add_tool_substitutions(tools, [config.nasir_tools_dir])
# ONNX export checks: nasir-train built with libonnx-dev, and Debian's python3-onnx and
# python3-opencv (test/Export/onnx.test).
if config.nasir_have_onnx and subprocess.call(
        ["/usr/bin/python3", "-c", "import onnx, cv2, numpy"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
    config.available_features.add("onnx")
if os.path.exists("/usr/bin/chromium"):
    config.available_features.add("chromium")

# The launchers' checks (test/Launch): Debian's python3-yaml parses the Jobs;
# kubectl decodes them with Kubernetes' own types, offline; a private Slurm
# cluster (slurmctld + slurmd, auth/none, as root) runs the job arrays.
if subprocess.call(["/usr/bin/python3", "-c", "import yaml"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
    config.available_features.add("python3-yaml")
if shutil.which("kubectl"):
    config.available_features.add("kubectl")
slurm_path = os.pathsep.join([config.environment["PATH"], "/usr/sbin", "/usr/bin"])
if (all(shutil.which(t, path=slurm_path) for t in
        ("slurmctld", "slurmd", "sbatch", "sinfo"))
        and glob.glob("/usr/lib/*/slurm*/auth_none.so")
        and os.geteuid() == 0):
    config.available_features.add("slurm-private-cluster")

# The PostgreSQL store's tests: scripts/test.sh starts a private server and
# sets NASIR_TEST_PG_URL (postgresql://postgres@127.0.0.1:PORT/nasir_test); a
# test names its own experiment, `%pg_url?experiment=NAME`, and drops it
# first with test/Search/Inputs/pg-reset.sh. %pg_restart restarts the server.
lit_config.parallelism_groups["postgres"] = 1  # test/Search/Postgres/lit.local.cfg
pg_url = os.environ.get("NASIR_TEST_PG_URL")
if pg_url and config.nasir_have_postgres:
    config.available_features.add("postgres")
    config.substitutions.append(("%pg_url", pg_url))
    for name in ["NASIR_TEST_PG_URL", "NASIR_TEST_PG_DATA", "NASIR_TEST_PG_BIN"]:
        if name in os.environ:
            config.environment[name] = os.environ[name]
    if "NASIR_TEST_PG_DATA" in os.environ:
        server_dir = os.path.dirname(os.path.abspath(os.environ["NASIR_TEST_PG_DATA"]))
        config.substitutions.append(
            ("%pg_restart", "%s restart %s" % (
                os.path.join(config.nasir_src_root, "scripts", "pg-server.sh"), server_dir)))
