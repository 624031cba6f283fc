"""nasir: search spaces of neural architectures, from Python.

    import nasir
    space = nasir.Space.load("examples/nb201.nas")
    decisions = space.sample(seed=0)          # a dict, the CLI's decisions JSON
    candidate = space.specialize(decisions)
    model = candidate.to_torch()              # a torch.nn.Module

Everything runs the compiler's own code (the `_nasir` extension over
lib/Driver and lib/Transforms), the same code as the `nasir` CLI: the same
decisions, counts, fingerprints, costs and candidates. Errors raise
nasir.Error (a ValueError) whose message names the .nas file:line:col.
See docs/python.md.
"""
import json as _json
import os as _os

from . import _nasir
from ._nasir import Error
from ._tools import find_tool

Error.__module__ = "nasir"

__all__ = ["Error", "Space", "Candidate", "torch_module", "layer_kinds"]


def _add_installed_std():
    # An installed package carries the standard library of blocks (std/*.nas)
    # next to it; the frontend finds imports in NASIR_PATH. A build tree finds
    # them in the sources without this.
    here = _os.path.dirname(_os.path.abspath(__file__))
    if not _os.path.isdir(_os.path.join(here, "std")):
        return
    dirs = [d for d in _os.environ.get("NASIR_PATH", "").split(":") if d]
    if here not in dirs:
        _os.environ["NASIR_PATH"] = ":".join(dirs + [here])


_add_installed_std()


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _seed(seed):
    if not _is_int(seed) or not 0 <= seed < 2**64:
        raise Error("seed must be an integer in [0, 2^64), not %r" % (seed,))
    return seed


def _decisions_json(decisions):
    """Decisions (a dict of label -> value) as the CLI's JSON text."""
    if not isinstance(decisions, dict):
        raise Error("decisions must be a dict of label -> value, not %s"
                    % type(decisions).__name__)
    for label in decisions:
        if not isinstance(label, str):
            raise Error("decisions: a label must be a string, not %r" % (label,))
    try:
        return _json.dumps(decisions, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as e:
        raise Error("decisions: not JSON data: %s" % e) from None


def _binding(input, classes):
    if classes is not None and (not _is_int(classes) or not 1 <= classes < 2**31):
        raise Error("classes must be a positive integer, not %r" % (classes,))
    if input is not None and not isinstance(input, str):
        try:
            input = list(input)
        except TypeError:
            raise Error("input must be a shape: a sequence of positive "
                        "integers or a string like 1x28x28") from None
        if not all(_is_int(d) and 1 <= d < 2**31 for d in input):
            raise Error("input must be a shape of positive integers, not %r"
                        % (input,))
    return input, classes


class Space:
    """One search space (a `nas.space` of a .nas or .mlir file)."""

    def __init__(self, core):
        self._core = core

    @classmethod
    def load(cls, path, *, space=None, input=None, classes=None):
        """Loads a .nas file (or .mlir). `space` picks one of several spaces
        (default: the first); `input` (a shape, e.g. (3, 32, 32) or
        "3x32x32") and `classes` bind the dataset, as --input and --classes."""
        path = _os.fspath(path)
        input, classes = _binding(input, classes)
        loaded = cls(_nasir.load(path, space or "", input, classes))
        # What nasir.Study gives the CLI to load the same space.
        loaded._source = (path, space, input, classes)
        return loaded

    @classmethod
    def parse(cls, text, *, name="<string>", space=None, input=None,
              classes=None, mlir=False):
        """Compiles .nas source text (MLIR text with mlir=True). `name` is the
        file name errors show (name:line:col); imports resolve as for a file
        in the working directory."""
        if not isinstance(text, str):
            raise Error("text must be a str, not %s" % type(text).__name__)
        input, classes = _binding(input, classes)
        return cls(_nasir.parse(text, str(name), bool(mlir), space or "",
                                input, classes))

    @property
    def name(self):
        """The space's name (`nas.space @name`)."""
        return self._core.name

    def count(self, *, limit=None, allow_bound=False):
        """The exact number of candidates (`nasir count`). Under a params,
        FLOPs or MACs bound, candidates are checked one by one up to `limit`
        assignments (default 2,000,000); past it only an upper bound is
        known (the CLI's `<= N`): count raises, or with allow_bound=True
        returns that bound."""
        limit = _nasir.count_limit() if limit is None else limit
        if not _is_int(limit) or limit < 1:
            raise Error("limit must be a positive integer, not %r" % (limit,))
        return int(self._core.count(limit, bool(allow_bound)))

    def labels(self):
        """The decision space: a list of dicts, one per label, in canonical
        order: label, kind ("choice", "repeat" or "select"), options (the
        values decisions may give it), when (None: always active; else a list
        of alternatives, each a dict of label -> value that must all hold),
        sites (the file:line:col where the ops that take this decision
        stand) and ops (how many ops take it: more than one when the label
        is shared)."""
        return _json.loads(self._core.labels())

    def sample(self, seed=0, *, per_decision=False):
        """Decisions drawn uniformly over the candidates (`nasir sample`), or
        decision by decision with per_decision=True; they meet the space's
        constraints."""
        return _json.loads(self._core.sample(_seed(seed), bool(per_decision)))

    def mutate(self, decisions, seed=0, *, k=1):
        """Decisions with `k` of them changed (`nasir mutate`)."""
        if not _is_int(k) or not 1 <= k < 2**31:
            raise Error("k must be a positive integer, not %r" % (k,))
        return _json.loads(self._core.mutate(_decisions_json(decisions),
                                             _seed(seed), k))

    def fingerprint(self, decisions, *, zero_absorbing=False):
        """The structural fingerprint of a candidate (`nasir fingerprint`):
        equal for candidates with the same network in canonical form."""
        return self._core.fingerprint(_decisions_json(decisions),
                                      bool(zero_absorbing))

    def cost(self, decisions=None, *, ignore_constraints=False):
        """params, flops and macs of a candidate (`nasir cost`); without
        decisions, the space's range (params_min, ..., exact)."""
        text = None if decisions is None else _decisions_json(decisions)
        return _json.loads(self._core.cost(text, bool(ignore_constraints)))

    def check(self):
        """Verifies the file and the space's decision structure (`nasir
        check`): raises nasir.Error when no candidate is valid, warns about
        options no valid candidate takes; returns the summary (spaces,
        labels, choices, repeats, selects, ops)."""
        return self._core.check()

    def specialize(self, decisions, *, ignore_constraints=False):
        """The Candidate the decisions select (`nasir specialize`). Complete
        decisions must meet the space's constraints unless
        ignore_constraints=True; partial ones leave the rest open."""
        return Candidate(self._core.specialize(_decisions_json(decisions),
                                               bool(ignore_constraints)))

    def to_mlir(self):
        """The space as MLIR text."""
        return self._core.to_mlir()

    def __repr__(self):
        return "<nasir.Space @%s>" % self.name


class Candidate:
    """The network a space's decisions select."""

    def __init__(self, core):
        self._core = core

    @property
    def decisions(self):
        return _json.loads(self._core.decisions)

    @property
    def complete(self):
        """Whether no decision is left open."""
        return self._core.complete()

    @property
    def params(self):
        """Trainable parameters."""
        return self._core.cost()[0]

    @property
    def flops(self):
        """Forward FLOPs per sample (a multiply-add counts 2)."""
        return self._core.cost()[1]

    @property
    def macs(self):
        """Multiply-accumulates per sample of convolutions and linear layers."""
        return self._core.cost()[2]

    def to_json(self):
        """The candidate document (docs/candidate-format.md) as JSON text,
        what `nasir specialize --to candidate` prints and nasir-train reads."""
        return self._core.to_json()

    def to_mlir(self):
        """The specialized module as MLIR text."""
        return self._core.to_mlir()

    def to_dot(self):
        """Graphviz of the network (`nasir specialize --to dot`)."""
        return self._core.to_dot()

    def to_torch(self):
        """A torch.nn.Module of the candidate: the LibTorch runtime's layers,
        names (n<id>_<op>) and parameter order, so weights saved by
        nasir-train load with load_state_dict."""
        return torch_module(self.to_json())

    def to_onnx(self, path, *, weights=None, seed=0, save_weights=None):
        """Writes the candidate as an ONNX model at `path` (docs/onnx.md), as
        `nasir export --to onnx` does: the LibTorch runtime builds its network
        and spells it in ONNX ops, with the weights of a nasir-train --save
        file (`weights`) or a fresh initialization seeded by `seed`;
        `save_weights` keeps the exported weights in the runtime's format
        (torch.jit.load(...).state_dict() loads them into to_torch()). Runs
        the build's or the installation's nasir-train (NASIR_TRAIN overrides
        where), from an argument list. Returns nasir-train's summary (opset,
        nodes, initializer values) as a dict."""
        seed = _seed(seed)
        args = ["--export-onnx", _path_arg("path", path), "--seed", str(seed)]
        if weights is not None:
            args += ["--load", _path_arg("weights", weights)]
        if save_weights is not None:
            args += ["--save", _path_arg("save_weights", save_weights)]
        return _run_train(self.to_json(), args)

    def __repr__(self):
        return "<nasir.Candidate %s>" % self._core.decisions


def _path_arg(name, path):
    if not isinstance(path, (str, _os.PathLike)):
        raise Error("%s must be a path, not %s" % (name, type(path).__name__))
    path = _os.fspath(path)
    if not path or "\0" in path:
        raise Error("%s must be a non-empty path" % name)
    return path


def _find_train():
    """nasir-train: NASIR_TRAIN, else the package's bin/, else PATH."""
    return find_tool("nasir-train", "NASIR_TRAIN", "to_onnx")


def _run_train(document, args):
    """nasir-train on a candidate document, its JSON summary line as a dict;
    a failure raises Error with nasir-train's reason."""
    import subprocess
    import tempfile
    train = _find_train()
    with tempfile.TemporaryDirectory(prefix="nasir-") as tmp:
        doc = _os.path.join(tmp, "candidate.json")
        with open(doc, "w") as f:
            f.write(document)
        try:
            r = subprocess.run([train, doc, *args], capture_output=True, text=True)
        except OSError as e:
            raise Error("cannot run %s: %s" % (train, e)) from None
    lines = [l for l in r.stdout.splitlines() if l.strip()]
    try:
        summary = _json.loads(lines[-1]) if lines else {}
    except ValueError:
        summary = {}
    if r.returncode != 0 or summary.get("status") != "ok":
        reason = summary.get("reason") or r.stderr.strip() or "exit %d" % r.returncode
        raise Error("nasir-train --export-onnx failed: %s" % reason)
    return summary


def torch_module(document):
    """A torch.nn.Module of a candidate document (JSON text or a dict, e.g.
    from `nasir export --to candidate`), read by the runtime's own reader."""
    from .candidate_net import CandidateNet
    if isinstance(document, dict):
        document = _json.dumps(document)
    if not isinstance(document, str):
        raise Error("a candidate document is JSON text or a dict, not %s"
                    % type(document).__name__)
    return CandidateNet(_json.loads(_nasir.read_candidate(document)))


def layer_kinds():
    """Every op of the candidate format (lib/Layers' table)."""
    return _nasir.layer_kinds()


#: The fields of one epoch of a learning curve (lib/Search/LearningCurve.h,
#: what nasir-train's results carry): the losses are >= 0, the accuracies
#: fractions in [0, 1].
CURVE_FIELDS = ("epoch", "train_loss", "train_accuracy", "val_loss",
                "val_accuracy")
_FRACTIONS = ("train_accuracy", "val_accuracy")


def _is_number(v):
    import numbers
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _curve_point(point, at, after, sep="."):
    """One epoch of a curve checked (`at` names it in errors, "curve[2]",
    and at + sep + a field names the field; `after` is the previous epoch's
    number, 0 for none), as a dict of plain numbers."""
    import math
    import numbers
    if not isinstance(point, dict):
        raise Error("%s: an epoch is a dict of %s, not %s"
                    % (at, ", ".join(CURVE_FIELDS), type(point).__name__))
    for key in point:
        if key not in CURVE_FIELDS:
            raise Error("%s: unknown field %r (the fields: %s)"
                        % (at, key, ", ".join(CURVE_FIELDS)))
    out = {}
    for name in CURVE_FIELDS:
        if name not in point:
            raise Error("%s%s%s: missing" % (at, sep, name))
        v = point[name]
        if name == "epoch":
            if not isinstance(v, numbers.Integral) or isinstance(v, bool) \
                    or not 1 <= v < 2**62:
                raise Error("%s%sepoch: %r is not a positive integer"
                            % (at, sep, v))
            if v <= after:
                raise Error("%s%sepoch: %d after epoch %d (not increasing)"
                            % (at, sep, v, after))
            out[name] = int(v)
            continue
        if not _is_number(v) or not math.isfinite(v):
            raise Error("%s%s%s: %r is not a finite number"
                        % (at, sep, name, v))
        if v < 0:
            raise Error("%s%s%s: %r is negative" % (at, sep, name, v))
        if name in _FRACTIONS and v > 1:
            raise Error("%s%s%s: %r is not a fraction in [0, 1] (an accuracy "
                        "of 93%% is 0.93)" % (at, sep, name, v))
        out[name] = float(v)
    return out


def _curve_json(curve):
    """A learning curve (a list of per-epoch dicts, CURVE_FIELDS) checked,
    as the JSON text the store keeps; None for None or an empty list."""
    if curve is None:
        return None
    if not isinstance(curve, (list, tuple)):
        raise Error("curve must be a list of per-epoch dicts (%s), not %s"
                    % (", ".join(CURVE_FIELDS), type(curve).__name__))
    if len(curve) > _nasir.max_curve_points():
        raise Error("curve: %d epochs, more than %d"
                    % (len(curve), _nasir.max_curve_points()))
    points, after = [], 0
    for i, point in enumerate(curve):
        points.append(_curve_point(point, "curve[%d]" % i, after))
        after = points[-1]["epoch"]
    return _json.dumps(points, allow_nan=False) if points else None


class Trial:
    """A trial asked from a study: `.id`, `.decisions` (a dict), `.epochs`
    (0: the search's default) and `.candidate` (built on first use).
    report() records its learning curve epoch by epoch; tell() stores it."""

    def __init__(self, space, id, decisions, epochs):
        self.id = id
        self.decisions = decisions
        self.epochs = epochs
        self._space = space
        self._candidate = None
        self._curve = []

    @property
    def candidate(self):
        if self._candidate is None:
            self._candidate = self._space.specialize(self.decisions)
        return self._candidate

    def report(self, epoch, **values):
        """Records one epoch of the trial's learning curve, e.g.
        trial.report(3, train_loss=0.21, train_accuracy=0.93, val_loss=0.25,
        val_accuracy=0.92): every field of CURVE_FIELDS, the epochs 1, 2, ...
        increasing, the accuracies fractions in [0, 1]. tell() stores the
        epochs reported (unless it is given a curve=)."""
        at = "trial %d, report(epoch=%r)" % (self.id, epoch)
        if "epoch" in values:
            raise Error("%s: epoch is the first argument" % at)
        after = self._curve[-1]["epoch"] if self._curve else 0
        if len(self._curve) >= _nasir.max_curve_points():
            raise Error("%s: more than %d epochs"
                        % (at, _nasir.max_curve_points()))
        self._curve.append(_curve_point(dict(values, epoch=epoch), at, after,
                                        ": "))

    @property
    def curve(self):
        """The epochs report() recorded (a list of dicts)."""
        return [dict(p) for p in self._curve]


class StudyClient:
    """Asks and tells trials of a search that `nasir search ... --jobs 0`
    drives (its work queue, docs/distributed.md), as a `nasir worker` does:
    ask() claims an offered trial under a lease, tell() writes its result,
    which the search observes. Several processes may ask and tell on one
    store. `space` builds the trials' candidates."""

    def __init__(self, space, store, lease=30.0):
        if not isinstance(store, str):
            raise Error("store must be a path or a postgresql:// URL")
        self._space = space
        self._client = _nasir._StudyClient(store, float(lease))

    def ask(self):
        """The next offered trial; None when the search has none to offer
        now; raises StopIteration when the search is finished."""
        got = self._client.ask()
        if got is None:
            return None
        if got == "finished":
            raise StopIteration("the search is finished")
        id, decisions, epochs = got
        return Trial(self._space, id, _json.loads(decisions), epochs)

    def tell(self, trial, metrics=None, failed=None, seconds=0.0, curve=None):
        """The result of `trial`: a dict of metric -> number, or
        failed="reason"; `curve` its learning curve (a list of per-epoch
        dicts of CURVE_FIELDS), else the epochs trial.report() recorded
        (a failed trial keeps none)."""
        if not isinstance(trial, Trial):
            raise Error("tell() takes a Trial from ask(), not %s"
                        % type(trial).__name__)
        if (metrics is None) == (failed is None):
            raise Error("tell() takes either metrics or failed=")
        if metrics is not None:
            if not isinstance(metrics, dict) or not metrics or not all(
                    isinstance(k, str) and isinstance(v, (int, float))
                    and not isinstance(v, bool) for k, v in metrics.items()):
                raise Error("metrics must be a non-empty dict of name -> number")
        elif not isinstance(failed, str):
            raise Error("failed must be a string (the reason)")
        if curve is not None and trial._curve:
            raise Error("tell(): trial %d has epochs from report(); give "
                        "them or curve=, not both" % trial.id)
        if failed is not None:
            # The search keeps no curve of a failed trial (Search.cpp, as
            # for its own evaluators): the epochs report() recorded go.
            if curve is not None:
                raise Error("tell(): a failed trial keeps no curve; give "
                            "failed= or curve=, not both")
            curve = None
        else:
            curve = _curve_json(trial._curve if curve is None else curve)
        self._client.tell(trial.id, {k: float(v) for k, v in (metrics or {}).items()},
                          failed, float(seconds), curve)

    def heartbeat(self):
        """Renews the leases of the trials asked and not told (call it at
        least every lease/3 s during a long training); the ids lost."""
        return self._client.heartbeat()

    def close(self):
        self._client.close()


from .study import Study  # noqa: E402  (it uses Space and StudyClient)

__all__ += ["Trial", "StudyClient", "Study", "CURVE_FIELDS"]
