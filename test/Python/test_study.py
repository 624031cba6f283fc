"""nasir.Study: a search driven from Python by ask and tell. The driver is
the CLI's (`nasir search --evaluator external --jobs 0`), so the store is the
CLI's: `nasir report` reads it, a reopened Study continues it (--resume), and
several processes ask and tell on one study. The metric is made up from the
decisions, so that the best trial is known."""
import json
import os
import subprocess
import sys
import time
import uuid

import pytest

from conftest import BUILD_DIR, SOURCE_DIR, cli, example

NB201 = example("nb201.nas")
SCORES = {"none": 0, "skip_connect": 1, "avg_pool_3x3": 2, "nor_conv_1x1": 3,
          "nor_conv_3x3": 4}


def score(decisions):
    """A made-up accuracy: higher for convolutions on the edges."""
    return 50.0 + sum(SCORES[v] for v in decisions.values())


def run_to_end(study, fail=lambda trial: False):
    """Asks and tells until the study ends; {trial id: metric or None}."""
    told = {}
    while True:
        trial = study.ask(timeout=120)
        if trial is None:
            assert study.ask(timeout=0) is None  # ended, not timed out
            return told
        assert trial.id not in told
        if fail(trial):
            study.tell(trial, failed="diverged at step %d" % trial.id)
            told[trial.id] = None
        else:
            told[trial.id] = score(trial.decisions)
            study.tell(trial, {"accuracy": told[trial.id]})


def report_trials(store):
    out = cli("report", store, "--json").stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def evaluated(trials):
    return [t for t in trials if t["status"] == "ok"]


def test_evolution_reaches_budget(nasir, tmp_path):
    store = str(tmp_path / "evo.db")
    with nasir.Study(nasir.Space.load(NB201), strategy="evolution", store=store,
                     seed=3, budget=12, population=4, tournament=2) as study:
        assert study.driving
        told = run_to_end(study)
        trials = study.trials()
        best = study.best()
    ok = evaluated(trials)
    assert len(ok) == 12
    assert {t["id"] for t in ok} <= set(told)
    for t in ok:
        assert t["metrics"]["accuracy"] == score(t["decisions"]) == told[t["id"]]
    assert best["metrics"]["accuracy"] == max(told[t["id"]] for t in ok)
    assert best["id"] in told
    # The CLI reads the same experiment: the same trial objects.
    assert report_trials(store) == trials
    assert "evolution" in cli("report", store).stdout


def test_resume_continues_the_experiment(nasir, tmp_path):
    store = str(tmp_path / "resume.db")
    space = nasir.Space.load(NB201)
    with nasir.Study(space, strategy="evolution", store=store, seed=1, budget=5,
                     population=3, tournament=2) as study:
        first = run_to_end(study)
    before = report_trials(store)
    assert len(evaluated(before)) == 5
    # The same budget: nothing is left to ask.
    with nasir.Study(space, strategy="evolution", store=store, seed=1, budget=5,
                     population=3, tournament=2) as study:
        assert study.ask() is None
    # A larger one: the search goes on from where it stood.
    with nasir.Study(space, strategy="evolution", store=store, seed=1, budget=9,
                     population=3, tournament=2) as study:
        more = run_to_end(study)
        after = study.trials()
    assert min(more) > max(first)
    assert len(evaluated(after)) == 9
    assert after[:len(before)] == before
    # Without the space and options: the stored ones (--resume alone).
    with nasir.Study(None, store=store, budget=11) as study:
        trial = study.ask()
        assert trial.candidate.params > 0
        study.tell(trial, {"accuracy": score(trial.decisions)})
        run_to_end(study)
        assert len(evaluated(study.trials())) == 11
    with pytest.raises(nasir.Error, match="no store at"):
        nasir.Study(None, store=str(tmp_path / "none.db"))
    assert not os.path.exists(tmp_path / "none.db")
    # A Study that is another experiment is refused, as `--resume` refuses it.
    with pytest.raises(nasir.Error, match="--resume: --strategy random differs"):
        nasir.Study(space, strategy="random", store=store, seed=1, budget=9)


def gone(pid, seconds=30):
    """Whether process `pid` ends within `seconds`."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if open("/proc/%d/stat" % pid).read().split(") ")[1][0] == "Z":
            return True  # ended, not yet reaped
        time.sleep(0.05)
    return False


def test_close_gives_back_what_was_asked(nasir, tmp_path):
    store = str(tmp_path / "closed.db")
    study = nasir.Study(NB201, strategy="random", store=store, seed=4, budget=4)
    driver = study._proc.pid
    kept = study.ask()
    study.close()
    assert gone(driver)
    with pytest.raises(nasir.Error, match="closed"):
        study.ask()
    # The trial asked and not told is offered again at once.
    with nasir.Study(NB201, strategy="random", store=store, seed=4,
                     budget=4) as again:
        start = time.time()
        told = run_to_end(again)
        assert time.time() - start < 25  # not after its 30 s lease
    assert kept.id in told
    assert len(evaluated(report_trials(store))) == 4


def test_a_joined_study_takes_the_driver_over(nasir, tmp_path):
    store = str(tmp_path / "takeover.db")
    options = dict(strategy="evolution", store=store, seed=6, budget=10,
                   population=3, tournament=2)
    first = nasir.Study(NB201, **options)
    second = nasir.Study(NB201, **options)
    assert first.driving and not second.driving
    told = {}
    for _ in range(3):
        trial = second.ask(timeout=60)
        second.tell(trial, {"accuracy": score(trial.decisions)})
        told[trial.id] = score(trial.decisions)
    held = second.ask(timeout=60)
    first.close()  # its driver stops before the budget
    # A trial asked under the old driver is told under the new one.
    extra = second.ask(timeout=60)
    assert extra.id != held.id
    for trial in (held, extra):
        second.tell(trial, {"accuracy": score(trial.decisions)})
        told[trial.id] = score(trial.decisions)
    told.update(run_to_end(second))
    # It started a driver of its own (a resume), which ran to the budget.
    assert second._proc is not None and second._proc.wait(30) == 0
    second.close()
    ok = evaluated(report_trials(store))
    assert len(ok) == 10 and {t["id"] for t in ok} <= set(told)


EXIT = r"""
import sys
sys.path.insert(0, sys.argv[1])
import nasir
study = nasir.Study(sys.argv[3], strategy="random", store=sys.argv[2], seed=8,
                    budget=3)
trial = study.ask()
study.tell(trial, {"accuracy": 1.0})
kept = study.ask()  # asked, never told
print(study._proc.pid, kept.id, flush=True)
"""


def test_interpreter_exit_stops_the_driver(nasir, tmp_path):
    store = str(tmp_path / "exit.db")
    r = subprocess.run([sys.executable, "-c", EXIT, os.path.join(BUILD_DIR, "python"),
                        store, NB201], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    driver, kept = map(int, r.stdout.split())
    assert gone(driver)
    with nasir.Study(NB201, strategy="random", store=store, seed=8,
                     budget=3) as study:
        assert study.driving
        start = time.time()
        told = run_to_end(study)
        assert time.time() - start < 25  # given back at exit, not at lease end
    assert kept in told
    assert len(evaluated(report_trials(store))) == 3


def test_failed_trials(nasir, tmp_path):
    store = str(tmp_path / "failed.db")
    with nasir.Study(NB201, strategy="random", store=store, seed=0,
                     budget=6) as study:
        told = run_to_end(study, fail=lambda trial: trial.id % 2 == 0)
    trials = {t["id"]: t for t in report_trials(store)}
    failed = [id for id, m in told.items() if m is None]
    assert failed
    for id in failed:
        assert trials[id]["status"] == "failed"
        assert trials[id]["error"] == "diverged at step %d" % id
    for id, m in told.items():
        if m is not None:
            assert trials[id]["metrics"]["accuracy"] == m


def cli_error(store, *args):
    """What `nasir search` says to the same options."""
    r = cli("search", NB201, "--store", store, "--evaluator", "external",
            "--jobs", "0", "--progress", "none", *args, check=False)
    assert r.returncode != 0
    return r.stderr.strip()


def test_bad_options_raise_the_cli_errors(nasir, tmp_path):
    store = str(tmp_path / "bad.db")
    cases = [
        ({"strategy": "evolution", "budget": 4, "population": 2, "tournament": 3},
         ["--strategy", "evolution", "--budget", "4", "--population", "2",
          "--tournament", "3"]),
        ({"strategy": "random", "budget": 4, "population": 2},
         ["--strategy", "random", "--budget", "4", "--population", "2"]),
        ({"strategy": "no-such-strategy", "budget": 4},
         ["--strategy", "no-such-strategy", "--budget", "4"]),
        ({"strategy": "random", "budget": 4, "objectives": "max:"},
         ["--strategy", "random", "--budget", "4", "--objective", "max:"]),
    ]
    for kwargs, args in cases:
        expected = cli_error(str(tmp_path / "cli.db"), *args)
        with pytest.raises(nasir.Error) as e:
            nasir.Study(NB201, store=store, **kwargs)
        assert expected.startswith("error: ")
        assert str(e.value) == expected, (kwargs, expected, str(e.value))
    with pytest.raises(nasir.Error, match="give --budget"):
        nasir.Study(NB201, store=store)
    with pytest.raises(nasir.Error, match="sets --jobs itself"):
        nasir.Study(NB201, store=store, budget=4, jobs=2)
    with pytest.raises(nasir.Error, match="loaded from a file"):
        nasir.Study(nasir.Space.parse(open(NB201).read()), store=store, budget=4)
    # None of them left an experiment behind: a good Study starts afresh.
    with nasir.Study(NB201, store=store, budget=2) as study:
        assert len(evaluated(list(run_to_end(study) and study.trials()))) == 2


WORKER = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
import nasir
sys.path.insert(0, sys.argv[2])
from test_study import score
store, me, other = sys.argv[3], sys.argv[4], sys.argv[5]
study = nasir.Study(sys.argv[6], strategy="evolution", store=store, seed=5,
                    budget=16, population=4, tournament=2)
open(me, "w").close()
while not os.path.exists(other):  # both ask from the start
    time.sleep(0.01)
told = []
while (trial := study.ask(timeout=120)) is not None:
    time.sleep(0.05)  # the training
    study.tell(trial, {"accuracy": score(trial.decisions)})
    told.append(trial.id)
print(json.dumps({"told": told, "driving": study._proc is not None}))
study.close()
"""


def two_processes(store, tmp_path):
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    here = os.path.dirname(os.path.abspath(__file__))
    marks = [str(tmp_path / "a.ready"), str(tmp_path / "b.ready")]
    procs = [subprocess.Popen(
        [sys.executable, str(script), os.path.join(BUILD_DIR, "python"), here,
         store, marks[i], marks[1 - i], NB201],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in (0, 1)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    told = [id for r in results for id in r["told"]]
    assert len(told) == len(set(told)), "a trial was told twice"
    assert all(r["told"] for r in results), results
    # One process drove the search, the other joined it.
    assert sorted(r["driving"] for r in results) == [False, True], results
    ok = evaluated(report_trials(store))
    assert len(ok) == 16
    assert {t["id"] for t in ok} == set(told)
    for t in ok:
        assert t["metrics"]["accuracy"] == score(t["decisions"])


def test_two_processes_one_study(tmp_path):
    two_processes(str(tmp_path / "shared.db"), tmp_path)


PG_URL = os.environ.get("NASIR_TEST_PG_URL")


@pytest.fixture
def pg_store():
    if not PG_URL:
        pytest.skip("NASIR_TEST_PG_URL is not set (scripts/pg-server.sh)")
    url = "%s%sexperiment=study_%s" % (PG_URL, "&" if "?" in PG_URL else "?",
                                      uuid.uuid4().hex[:12])
    yield url
    subprocess.run([os.path.join(SOURCE_DIR, "test", "Search", "Inputs",
                                 "pg-reset.sh"), url], check=False)


def test_postgres_ask_tell_and_report(nasir, pg_store):
    with nasir.Study(NB201, strategy="evolution", store=pg_store, seed=2,
                     budget=6, population=3, tournament=2) as study:
        told = run_to_end(study)
        best = study.best()
        trials = study.trials()
    assert len(evaluated(trials)) == 6
    assert best["metrics"]["accuracy"] == max(m for m in told.values())
    assert report_trials(pg_store) == trials


def test_postgres_two_processes(pg_store, tmp_path):
    two_processes(pg_store, tmp_path)
