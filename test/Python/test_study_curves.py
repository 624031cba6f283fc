"""A trial's learning curve told from Python: Study.tell(trial, metrics,
curve=[...]) or trial.report(epoch, ...) before tell(). The store keeps it
(trials.curve), `nasir report --json` shows it (`curve`) and the HTML
report's learning curves draw it; a curve that is not one raises nasir.Error
naming the epoch and the field, before anything is told."""
import json
import math

import pytest

try:
    import numpy
except ImportError:
    numpy = None

from conftest import cli, example
from test_study import pg_store  # noqa: F401  (the fixture)

NB201 = example("nb201.nas")
FIELDS = ("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy")


def made_up_curve(trial_id, epochs=3):
    """A curve that differs per trial, of numbers exact in binary (so that
    the store's shortest round-trip text gives them back equal)."""
    return [{"epoch": e,
             "train_loss": 2.0 / (e * 4),
             "train_accuracy": 0.5 + e / 16,
             "val_loss": 3.0 / (e * 4) + trial_id / 64,
             "val_accuracy": 0.25 + e / 8 + trial_id / 256}
            for e in range(1, epochs + 1)]


def shortest(v):
    """A number as the report writes it (formatShortest: 75, 0.8125)."""
    text = repr(v)
    return text[:-2] if text.endswith(".0") else text


def report_trials(store):
    out = cli("report", store, "--json").stdout
    return {t["id"]: t for t in (json.loads(l) for l in out.splitlines() if l.strip())}


def tell_curves(nasir, store, budget):
    """Runs a study to its budget, telling each trial a curve: by curve=
    for even ids, by trial.report() for odd ones. {id: curve told}."""
    told = {}
    with nasir.Study(NB201, strategy="random", store=store, seed=5,
                     budget=budget) as study:
        while (trial := study.ask(timeout=120)) is not None:
            curve = made_up_curve(trial.id)
            last = curve[-1]["val_accuracy"]
            if trial.id % 2 == 0:
                # NumPy's scalars are numbers too (a training loop's values).
                given = curve if numpy is None else [
                    {k: (numpy.int64 if k == "epoch" else numpy.float64)(v)
                     for k, v in p.items()} for p in curve]
                study.tell(trial, {"accuracy": 100 * last}, curve=given)
            else:
                for point in curve:
                    values = {k: v for k, v in point.items() if k != "epoch"}
                    trial.report(point["epoch"], **values)
                assert trial.curve == curve
                study.tell(trial, {"accuracy": 100 * last})
            told[trial.id] = curve
        trials = {t["id"]: t for t in study.trials()}
    return told, trials


def test_tell_stores_the_curve_and_the_report_draws_it(nasir, tmp_path):
    store = str(tmp_path / "curves.db")
    told, trials = tell_curves(nasir, store, 4)
    assert len(told) == 4
    reported = report_trials(store)
    for id, curve in told.items():
        assert reported[id]["status"] == "ok"
        assert reported[id]["curve"] == curve, id
        assert trials[id]["curve"] == curve, id
    html = tmp_path / "report.html"
    cli("report", store, "--html", str(html))
    page = html.read_text()
    assert '<svg class="curves"' in page
    for id, curve in told.items():
        last = curve[-1]
        # The tooltip of the last epoch's dot (ReportCurves.cpp's pointTip).
        tip = ("trial %d, epoch 3: val accuracy %s%%, val loss %s"
               % (id, shortest(100 * last["val_accuracy"]),
                  shortest(last["val_loss"])))
        assert tip in page, tip


def test_a_trial_without_a_curve_has_none(nasir, tmp_path):
    store = str(tmp_path / "plain.db")
    with nasir.Study(NB201, strategy="random", store=store, seed=5,
                     budget=1) as study:
        trial = study.ask(timeout=120)
        study.tell(trial, {"accuracy": 50.0}, curve=[])
        assert study.ask(timeout=120) is None
    assert "curve" not in report_trials(store)[trial.id]
    html = tmp_path / "report.html"
    cli("report", store, "--html", str(html))
    assert '<svg class="curves"' not in html.read_text()


def point(**changes):
    p = {"epoch": 1, "train_loss": 0.5, "train_accuracy": 0.75,
         "val_loss": 0.625, "val_accuracy": 0.6875}
    p.update(changes)
    return {k: v for k, v in p.items() if v is not ...}


BAD_CURVES = [
    ({"epoch": 1}, r"^curve must be a list of per-epoch dicts .*not dict$"),
    ("[]", r"^curve must be a list .*not str$"),
    ([point(), 7], r"^curve\[1\]: an epoch is a dict .*not int$"),
    ([point(), point(epoch=2, val_loss="0.3")],
     r"^curve\[1\]\.val_loss: '0\.3' is not a finite number$"),
    ([point(train_loss=float("nan"))], r"^curve\[0\]\.train_loss: nan is not a finite number$"),
    ([point(val_loss=math.inf)], r"^curve\[0\]\.val_loss: inf is not a finite number$"),
    ([point(train_accuracy=True)], r"^curve\[0\]\.train_accuracy: True is not a finite number$"),
    ([point(val_accuracy=None)], r"^curve\[0\]\.val_accuracy: None is not a finite number$"),
    ([point(lr=0.1)], r"^curve\[0\]: unknown field 'lr' \(the fields: epoch, train_loss, "
                      r"train_accuracy, val_loss, val_accuracy\)$"),
    ([point(val_accuracy=...)], r"^curve\[0\]\.val_accuracy: missing$"),
    ([point(epoch=...)], r"^curve\[0\]\.epoch: missing$"),
    ([point(val_accuracy=93.1)], r"^curve\[0\]\.val_accuracy: 93\.1 is not a fraction in \[0, 1\]"),
    ([point(train_loss=-0.5)], r"^curve\[0\]\.train_loss: -0\.5 is negative$"),
    ([point(epoch=0)], r"^curve\[0\]\.epoch: 0 is not a positive integer$"),
    ([point(epoch=1.0)], r"^curve\[0\]\.epoch: 1\.0 is not a positive integer$"),
    ([point(epoch=2), point(epoch=2)], r"^curve\[1\]\.epoch: 2 after epoch 2 \(not increasing\)$"),
    ([point(epoch=e) for e in range(1, 10002)], r"^curve: 10001 epochs, more than 10000$"),
]


def test_invalid_curves_raise_and_tell_nothing(nasir, tmp_path):
    store = str(tmp_path / "bad.db")
    with nasir.Study(NB201, strategy="random", store=store, seed=5,
                     budget=1) as study:
        trial = study.ask(timeout=120)
        for curve, message in BAD_CURVES:
            with pytest.raises(nasir.Error, match=message):
                study.tell(trial, {"accuracy": 50.0}, curve=curve)
        # The C++ side reads the curve again (LearningCurve.h's reader).
        with pytest.raises(nasir.Error, match=r"^curve\[0\]\.train_loss: missing$"):
            study._client._client.tell(trial.id, {"accuracy": 50.0}, None, 0.0,
                                       '[{"epoch": 1}]')
        # trial.report() checks each epoch as it comes.
        with pytest.raises(nasir.Error, match=r"^trial %d, report\(epoch=1\): val_loss: "
                                              r"missing$" % trial.id):
            trial.report(1, train_loss=0.5, train_accuracy=0.5, val_accuracy=0.5)
        with pytest.raises(nasir.Error, match=r"report\(epoch=1\): unknown field 'loss'"):
            trial.report(1, loss=0.5)
        with pytest.raises(nasir.Error, match=r"report\(epoch=1\): val_accuracy: 1\.5 is "
                                              r"not a fraction"):
            trial.report(1, **{**point(val_accuracy=1.5, epoch=...)})
        assert trial.curve == []
        trial.report(2, **point(epoch=...))
        with pytest.raises(nasir.Error, match=r"report\(epoch=2\): epoch: 2 after epoch 2"):
            trial.report(2, **point(epoch=...))
        with pytest.raises(nasir.Error, match=r"give them or curve=, not both"):
            study.tell(trial, {"accuracy": 50.0}, curve=[point()])
        # None of it was told: the trial is still this study's to tell.
        study.tell(trial, {"accuracy": 50.0})
        assert study.ask(timeout=120) is None
    stored = report_trials(store)[trial.id]
    assert stored["status"] == "ok"
    assert stored["curve"] == [point(epoch=2)]


def test_postgres_keeps_the_curve(nasir, pg_store):  # noqa: F811
    told, trials = tell_curves(nasir, pg_store, 2)
    reported = report_trials(pg_store)
    for id, curve in told.items():
        assert reported[id]["curve"] == curve
        assert trials[id]["curve"] == curve


def test_a_failed_trial_and_the_longest_curve(nasir, tmp_path):
    store = str(tmp_path / "edges.db")
    longest = [dict(point(), epoch=e) for e in range(1, 10001)]
    with nasir.Study(NB201, strategy="random", store=store, seed=5,
                     budget=2) as study:
        first = study.ask(timeout=120)
        # The search keeps no curve of a failed trial: a curve= with failed=
        # is refused, the epochs report() recorded are dropped.
        with pytest.raises(nasir.Error, match=r"^tell\(\): a failed trial keeps "
                                              r"no curve; give failed= or curve=, "
                                              r"not both$"):
            study.tell(first, failed="diverged", curve=[point()])
        first.report(1, **point(epoch=...))
        study.tell(first, failed="diverged in epoch 2")
        second = study.ask(timeout=120)
        study.tell(second, {"accuracy": 68.75}, curve=longest)  # the most epochs
        assert study.ask(timeout=120) is None
    stored = report_trials(store)
    assert stored[first.id]["status"] == "failed"
    assert stored[first.id]["error"] == "diverged in epoch 2"
    assert "curve" not in stored[first.id]
    assert stored[second.id]["curve"] == longest
