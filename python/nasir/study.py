"""nasir.Study: a search driven from Python by ask and tell (docs/python.md).

The search is the CLI's: a Study runs `nasir search SPACE --resume --store
STORE --evaluator external --jobs 0 --progress none ...` (lib/Search's
driver, the options parsed by the CLI's own parser, so every option and
every error is the CLI's) as its child process. That driver proposes trials,
offers them in the store's work queue and waits for their results; ask() and
tell() are StudyClient's claim and finish over the same store. `nasir report
STORE` reads the experiment; a Study opened again on the store continues it
(--resume); a Study opened on a store whose experiment already has a live
driver (another process, another machine on a PostgreSQL store) joins it as
a client: the store refuses a second driver (Store::acquire), which is how
the Study knows.
"""
import json as _json
import os as _os
import signal as _signal
import subprocess as _subprocess
import tempfile as _tempfile
import time as _time
import weakref as _weakref

from . import _nasir
from ._nasir import Error
from ._tools import find_tool

#: The options the Study itself gives the driver.
_OWN_OPTIONS = {"store", "jobs", "evaluator", "progress", "resume", "strategy",
                "seed", "budget", "objective", "objectives", "space", "input",
                "classes", "help", "list-strategies", "version", "command"}

#: Seconds between two looks at the store while waiting.
_POLL = 0.02


def _cli():
    """The nasir CLI of this package (the build tree's, or the installed
    one next to it; NASIR_CLI names another), else the first on PATH."""
    return find_tool("nasir", "NASIR_CLI", "nasir.Study")


def _option_args(options):
    """Keyword options as CLI arguments: population_size=10 ->
    --population-size 10 (the value always the next argument, as the CLI
    reads it); True -> the flag alone; False or None -> left out."""
    args = []
    for key, value in options.items():
        name = key.replace("_", "-")
        if name in _OWN_OPTIONS:
            raise Error("nasir.Study sets --%s itself; %s" % (
                name, "pass it as Study(..., %s=...)" % key
                if name in ("seed", "budget", "strategy", "objectives")
                else "it cannot be an option"))
        if value is None or value is False:
            continue
        if value is True:
            args.append("--" + name)
            continue
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        elif not isinstance(value, (str, int, float)):
            raise Error("option %s: %r is not a string, a number, a bool or "
                        "a list" % (key, value))
        args += ["--" + name, str(value)]
    return args


def _objective_text(objectives):
    if isinstance(objectives, str):
        return objectives
    if isinstance(objectives, (list, tuple)) and all(
            isinstance(o, str) for o in objectives):
        return ",".join(objectives)
    raise Error("objectives must be a string like 'max:accuracy,min:params' "
                "or a list of such strings, not %r" % (objectives,))


def _end(parts):
    """What close() and the interpreter's exit do: the client leaves the
    store (giving back what it asked and did not tell), the driver stops."""
    client, parts["client"] = parts["client"], None
    if client is not None:
        client.close()
    proc, parts["proc"] = parts["proc"], None
    _stop_driver(proc)


def _stop_driver(proc):
    """Stops a driver as Ctrl-C stops `nasir search`: the trials it offered
    stay queued for the next Study (--resume)."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(_signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except _subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Study:
    """A search that Python code evaluates by ask and tell:

        study = nasir.Study(space, strategy="evolution", store="exp.db",
                            budget=50, population_size=10)
        while (trial := study.ask()) is not None:
            study.tell(trial, {"accuracy": train(trial.candidate.to_torch())})
        print(study.best())

    `space` is a Space from Space.load (or the path of a .nas file), or None
    for the one the store's experiment searches; `strategy`, `seed`,
    `budget` and `objectives` ('max:accuracy,min:params' or a list) are the
    CLI's --strategy, --seed, --budget and --objective (left out: the CLI's
    defaults, random and 0, or the stored experiment's), and every other
    keyword is the `nasir search` option of its name (population=10 is
    --population 10, time="10m" is --time 10m). The store (an SQLite file or
    a postgresql:// URL) holds the experiment; opened again, the Study
    continues it. `lease` is how long an asked
    trial stays this process's without a call to ask(), tell() or
    heartbeat()."""

    # The client and the driver, in a dict that the finalizer (close(), the
    # interpreter's exit) shares.
    _client = property(lambda self: self._parts["client"],
                       lambda self, v: self._parts.__setitem__("client", v))
    _proc = property(lambda self: self._parts["proc"],
                     lambda self, v: self._parts.__setitem__("proc", v))

    def __init__(self, space, strategy=None, store=None, *, seed=None,
                 objectives=None, budget=None, lease=30.0, **options):
        from . import Space, StudyClient
        if not isinstance(store, str) or not store:
            raise Error("store must be an SQLite file or a postgresql:// URL")
        if isinstance(space, (str, _os.PathLike)):
            space = Space.load(space)
        if space is None:  # the stored one (--resume without SPACE)
            ir, origin = _nasir.experiment_space(store)
            space = Space.parse(ir, name=origin or store, mlir=True)
            source = (None, None, None, None)
        elif isinstance(space, Space):
            source = getattr(space, "_source", None)
            if source is None:
                raise Error("nasir.Study needs a space loaded from a file "
                            "(Space.load), or None for the store's: the "
                            "search and its --resume read it")
        else:
            raise Error("space must be a nasir.Space, the path of a space "
                        "file or None (the store's), not %s"
                        % type(space).__name__)
        if strategy is not None and not isinstance(strategy, str):
            raise Error("strategy must be a name (nasir search "
                        "--list-strategies)")
        path, space_name, input, classes = source
        argv = [_cli(), "search"] + ([path] if path is not None else []) + [
            "--resume", "--store", store, "--evaluator", "external",
            "--jobs", "0", "--progress", "none"]
        if strategy is not None:
            argv += ["--strategy", strategy]
        if seed is not None:
            argv += ["--seed", str(seed)]
        if space_name:
            argv += ["--space", space_name]
        if input is not None:
            argv += ["--input", input if isinstance(input, str)
                     else "x".join(str(d) for d in input)]
        if classes is not None:
            argv += ["--classes", str(classes)]
        if budget is not None:
            argv += ["--budget", str(budget)]
        if objectives is not None:
            argv += ["--objective", _objective_text(objectives)]
        argv += _option_args(options)
        self._argv = argv
        self._space = space
        self._store = store
        self._lease = float(lease)
        self._StudyClient = StudyClient
        self._parts = {"client": None, "proc": None}
        self._finalizer = _weakref.finalize(self, _end, self._parts)
        self._log = None
        self._driver_error = None
        self._closed = False
        self._start()

    # -- the driver --------------------------------------------------------

    def _start(self):
        """Drives the search (a child `nasir search`), or joins the live
        driver that holds the store; returns once one of them runs, or
        raises the CLI's error."""
        while True:
            if _nasir.store_driver(self._store) is not None:
                self._proc = None  # another process drives: join it
                return self._connect()
            if self._log is not None:
                self._log.close()
            log = _tempfile.TemporaryFile(mode="w+b")
            proc = _subprocess.Popen(self._argv, stdin=_subprocess.DEVNULL,
                                     stdout=_subprocess.DEVNULL, stderr=log,
                                     start_new_session=True)
            self._proc, self._log = proc, log
            while True:
                rc = proc.poll()
                holder = _nasir.store_driver(self._store)
                if rc is None and holder is not None and holder[0] == proc.pid \
                        and holder[1] == _nasir.host_name():
                    return self._connect()
                if rc is not None:
                    break
                _time.sleep(_POLL)
            if rc == 0:  # nothing left to do: the experiment was finished
                return self._connect()
            if holder is not None and holder[0] != proc.pid:
                continue  # another process took the store first: join it
            raise Error(self._driver_output() or
                        "nasir search exited with code %d" % rc)

    def _driver_output(self):
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace").strip()

    def _connect(self):
        """The client of the store's work queue, once the experiment exists
        (a new driver creates it right after taking the store)."""
        while self._client is None:
            try:
                self._client = self._StudyClient(self._space, self._store,
                                                 self._lease)
            except Error:
                if self._proc is not None and self._proc.poll() is not None \
                        and self._proc.returncode != 0:
                    raise Error(self._driver_output()) from None
                if self._proc is None and \
                        _nasir.store_driver(self._store) is None:
                    raise
                _time.sleep(_POLL)

    def _check_driver(self):
        """Raises the driver's error if it failed (again on every call)."""
        if self._driver_error is not None:
            raise Error(self._driver_error)
        if self._proc is not None and self._proc.poll() not in (None, 0):
            self._driver_error = self._driver_output() or \
                "nasir search exited with code %d" % self._proc.returncode
            raise Error(self._driver_error)

    # -- ask and tell --------------------------------------------------------

    def ask(self, timeout=None):
        """The next trial to evaluate (a nasir.Trial: .id, .decisions,
        .epochs, .candidate). Waits while the search has none to offer (the
        results of trials asked by this or another process come first);
        None once the search is finished (its budget reached), or after
        `timeout` seconds without an offer."""
        if self._closed:
            raise Error("the study is closed")
        deadline = None if timeout is None else _time.monotonic() + timeout
        while True:
            try:
                trial = self._client.ask()
            except StopIteration:  # the driver ended the search
                return None
            if trial is not None:
                trial._asked = _time.monotonic()
                return trial
            self._check_driver()
            if self._proc is None and _nasir.store_driver(self._store) is None:
                # The driver this Study joined is gone: unless it ended the
                # search (it marks the store finished, then lets it go), this
                # process continues the experiment (--resume). The client
                # stays: the trials it holds are the new driver's too.
                try:
                    trial = self._client.ask()
                except StopIteration:
                    return None
                if trial is not None:
                    trial._asked = _time.monotonic()
                    return trial
                self._start()
                continue
            if deadline is not None and _time.monotonic() >= deadline:
                return None
            _time.sleep(_POLL)

    def tell(self, trial, metrics=None, failed=None, seconds=None, *,
             curve=None):
        """The result of an asked trial: a dict of metric -> number
        ({"accuracy": 93.1}), or failed="why". `seconds` (default: since
        ask()) is the trial's evaluation time in the store. `curve` is its
        learning curve, a list of one dict per epoch with the fields
        epoch (1, 2, ...), train_loss, train_accuracy, val_loss and
        val_accuracy (accuracies as fractions in [0, 1]), else the epochs
        trial.report() recorded: the store keeps it, `nasir report --json`
        shows it (`curve`) and the HTML report draws it."""
        if self._closed:
            raise Error("the study is closed")
        if seconds is None:
            asked = getattr(trial, "_asked", None)
            seconds = 0.0 if asked is None else _time.monotonic() - asked
        self._client.tell(trial, metrics, failed, seconds, curve)

    def heartbeat(self):
        """Renews the leases of the trials this process asked and did not
        tell (during a training longer than a third of `lease`)."""
        return self._client.heartbeat()

    # -- results -------------------------------------------------------------

    def trials(self):
        """Every trial of the experiment by id, each the object `nasir report
        --json` prints (id, status, decisions, metrics, ...)."""
        return _json.loads(_nasir.experiment_trials(self._store, False))

    def best(self):
        """The best evaluated trial by the primary objective (as trials()
        gives it), None before any."""
        ranked = _json.loads(_nasir.experiment_trials(self._store, True))
        return ranked[0] if ranked else None

    @property
    def store(self):
        return self._store

    @property
    def driving(self):
        """Whether this process runs the search's driver (else it joined
        another process's)."""
        return self._proc is not None and self._proc.poll() is None

    # -- the end ---------------------------------------------------------------

    def close(self):
        """Stops the driver if this Study runs it (its offered trials stay
        queued: a Study opened again continues) and leaves the store."""
        if self._closed:
            return
        self._closed = True
        self._finalizer()  # _end, once
        if self._log is not None:
            self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "<nasir.Study %s%s>" % (self._store,
                                       " (closed)" if self._closed else "")
