"""Values a user could type that a shell, sbatch or YAML would misread if
they were not quoted: quotes, command substitutions, separators, newlines
that start a directive, a carriage return, variables. Shared by the
launcher round trips (slurm_roundtrip.py, k8s_check.py, private_slurm.py).
Each side effect they would have creates a file named PWNED-*."""
import glob
import os

STORE = ("postgresql://u:p'w\"d@h:5432/db?experiment=a'b;touch PWNED-semi;"
         "$(touch PWNED-dollar)`touch PWNED-tick`\n#SBATCH --uid=0\n"
         "touch PWNED-line\r\n&& touch PWNED-and || touch PWNED-or | "
         "${HOME} $HOME $(HOME) $$(HOME) \\ \\' \" end")

# Arguments after `--`, passed to each worker as they are.
EXTRA = ["--lease", "$(touch PWNED-extra)", "'", "", "-", "--", "a b",
         "x\ny", "$(NASIR_STORE)", "\u00e9\u2028\u0085"]

# A directory name for the fake nasir.
NASIR_DIR = "bin 'q' $(touch PWNED-path) `touch PWNED-path2`"


def side_effects(root):
    """The PWNED-* files anywhere under root (must be none)."""
    return sorted(glob.glob(os.path.join(glob.escape(root), "**", "PWNED*"),
                            recursive=True))


def read_argv(path):
    """The arguments a fake nasir recorded (NUL-separated)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data.endswith(b"\0") or data == b"", data
    return [a.decode("utf-8", "surrogateescape") for a in data.split(b"\0")[:-1]]
