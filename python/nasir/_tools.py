"""Where the package finds the executables it runs: `nasir` (nasir.Study's
driver) and `nasir-train` (Candidate.to_onnx). CMake writes _paths.py with
the CLI's path relative to the package, in the build tree and installed; the
tools live in that bin/ folder. An environment variable names another one;
else the first on PATH."""
import os as _os
import shutil as _shutil

from ._nasir import Error


def find_tool(name, env, purpose):
    """The path of executable `name`: $env, else the package's bin/, else
    PATH; raises Error naming `purpose` when there is none."""
    override = _os.environ.get(env)
    if override:
        return override
    here = _os.path.dirname(_os.path.abspath(__file__))
    try:
        from ._paths import CLI_RELATIVE
        cli = _os.path.normpath(_os.path.join(here, CLI_RELATIVE))
        path = _os.path.join(_os.path.dirname(cli), name)
        if _os.access(path, _os.X_OK):
            return path
    except ImportError:
        pass
    found = _shutil.which(name)
    if not found:
        raise Error("%s runs %s, which is neither next to this package nor "
                    "on PATH; set %s to its path" % (purpose, name, env))
    return found
