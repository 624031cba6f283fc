"""StudyClient: a Python process asks and tells the trials of a search that
`nasir search --jobs 0` drives; the search observes them and reaches its
budget, and `nasir report` reads the results."""
import os
import subprocess
import time

import pytest

from conftest import BIN_DIR, SOURCE_DIR, cli

SPACE = os.path.join(SOURCE_DIR, "test", "Search", "Inputs", "widths.mlir")


def start_search(tmp_path, budget):
    store = str(tmp_path / "s.db")
    proc = subprocess.Popen(
        [os.path.join(BIN_DIR, "nasir"), "search", SPACE, "--strategy", "random",
         "--seed", "1", "--evaluator", "command", "--command", "false", "--jobs", "0",
         "--budget", str(budget), "--store", store, "--work-dir", str(tmp_path / "t"),
         "--progress", "plain"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while not os.path.exists(store) and time.time() < deadline:
        time.sleep(0.05)
    return store, proc


def open_client(nasir, store, space):
    deadline = time.time() + 60
    while True:
        try:
            return nasir.StudyClient(space, store)
        except nasir.Error:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def test_budget_reached_and_reported(nasir, tmp_path):
    space = nasir.Space.load(SPACE)
    store, proc = start_search(tmp_path, 4)
    client = open_client(nasir, store, space)
    told = []
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            trial = client.ask()
        except StopIteration:
            break
        if trial is None:
            time.sleep(0.05)
            continue
        assert isinstance(trial.decisions, dict)
        assert trial.candidate.params > 0
        client.tell(trial, {"accuracy": 50.0 + trial.id})
        with pytest.raises(nasir.Error, match="told already"):
            client.tell(trial, {"accuracy": 1.0})
        told.append(trial.id)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert len(told) == 4 and len(set(told)) == 4
    report = cli("report", store, "--json").stdout
    for id in told:
        assert '"accuracy":%s' % format(50.0 + id, "g") in report.replace(" ", "") \
            or '"accuracy":%d' % (50 + id) in report.replace(" ", "")
    client.close()


def test_errors(nasir, tmp_path):
    space = nasir.Space.load(SPACE)
    with pytest.raises(nasir.Error, match="holds no experiment"):
        nasir.StudyClient(space, str(tmp_path / "none.db"))
    store, proc = start_search(tmp_path, 1)
    client = open_client(nasir, store, space)
    fake = nasir.Trial(space, 12345, {}, 0)
    with pytest.raises(nasir.Error, match="not asked by this study"):
        client.tell(fake, {"accuracy": 1.0})
    trial = None
    deadline = time.time() + 60
    while trial is None and time.time() < deadline:
        trial = client.ask()
    with pytest.raises(nasir.Error, match="either metrics or failed"):
        client.tell(trial)
    client.tell(trial, failed="diverged")
    out, err = proc.communicate(timeout=60)
    assert "diverged" in cli("report", store, "--json").stdout, err
    client.close()
