"""Shared set-up of the Python module's tests (run by scripts/test.sh).

    NASIR_BUILD_DIR=build /usr/bin/python3 -m pytest test/Python

imports `nasir` from <build>/python (the build tree) and runs the CLI and
nasir-forward of <build>/bin to compare with.
"""
import os
import subprocess
import sys

import pytest

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD_DIR = os.path.abspath(os.environ.get("NASIR_BUILD_DIR", os.path.join(SOURCE_DIR, "build")))
BIN_DIR = os.path.join(BUILD_DIR, "bin")
sys.path.insert(0, os.path.join(BUILD_DIR, "python"))

EXAMPLES = os.path.join(SOURCE_DIR, "examples")
#: Every example space (examples/*.nas).
EXAMPLE_SPACES = sorted(f for f in os.listdir(EXAMPLES) if f.endswith(".nas"))


def example(name):
    return os.path.join(EXAMPLES, name)


def cli(*args, check=True):
    """Runs the nasir CLI of the build; its stdout (an argument list, no shell)."""
    r = subprocess.run([os.path.join(BIN_DIR, "nasir"), *args], capture_output=True,
                       text=True, check=False)
    if check and r.returncode != 0:
        raise AssertionError("nasir %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr))
    return r


@pytest.fixture(scope="session")
def nasir():
    import nasir as module
    return module
