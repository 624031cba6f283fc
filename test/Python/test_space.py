"""nasir.Space: the same answers as the nasir CLI, for every example space."""
import json
import os

import pytest

from conftest import EXAMPLE_SPACES, cli, example


@pytest.fixture(scope="module", params=EXAMPLE_SPACES)
def loaded(request, nasir):
    return request.param, nasir.Space.load(example(request.param))


def test_count_is_the_cli_count(loaded, nasir):
    name, space = loaded
    printed = cli("count", example(name)).stdout.strip()
    if printed.startswith("<= "):
        # Under a cost bound with too many assignments to check one by one.
        with pytest.raises(nasir.Error, match="the count is not exact: " + printed):
            space.count()
        assert space.count(allow_bound=True) == int(printed[3:])
    else:
        count = space.count()
        assert isinstance(count, int)
        assert count == int(printed)


BOUNDED = """
space bounded(input [3, 8, 8], classes 10) {
  x = relu(conv(input, one_of [4, 8, 16, 64] as w, k=one_of [1, 3] as k, pad=1))
  return linear(flatten(x), classes)
  constraint params <= 20000
}
"""


def test_count_checks_candidates_up_to_the_limit(nasir, tmp_path):
    space = nasir.Space.parse(BOUNDED, name="bounded.nas")
    path = tmp_path / "bounded.nas"
    path.write_text(BOUNDED)
    exact = space.count()
    assert 0 < exact < 8
    assert exact == int(cli("count", str(path)).stdout)
    printed = cli("count", str(path), "--limit", "4").stdout.strip()
    assert printed == "<= 8"
    with pytest.raises(nasir.Error, match="<= 8 .*allow_bound=True"):
        space.count(limit=4)
    assert space.count(limit=4, allow_bound=True) == 8


def test_sample_is_the_cli_sample(loaded):
    name, space = loaded
    for seed in (0, 1, 7):
        d = space.sample(seed=seed)
        assert isinstance(d, dict)
        assert d == json.loads(cli("sample", example(name), "--seed", str(seed)).stdout)
    per = space.sample(seed=3, per_decision=True)
    assert per == json.loads(cli("sample", example(name), "--seed", "3", "--per-decision").stdout)


def test_mutate_is_the_cli_mutate(loaded):
    name, space = loaded
    parent = space.sample(seed=2)
    for k in (1, 2):
        r = cli("mutate", example(name), "--decisions", json.dumps(parent), "--seed", "5",
                "--k", str(k), check=False)
        if r.returncode != 0:  # nothing to mutate: the same error
            with pytest.raises(Exception) as e:
                space.mutate(parent, seed=5, k=k)
            assert str(e.value) == r.stderr.strip().removeprefix("error: ")
            continue
        child = space.mutate(parent, seed=5, k=k)
        assert child != parent
        assert child == json.loads(r.stdout)


def test_fingerprint_and_cost_are_the_cli_ones(loaded):
    name, space = loaded
    d = space.sample(seed=4)
    text = json.dumps(d)
    assert space.fingerprint(d) == cli("fingerprint", example(name), "--decisions", text).stdout.strip()
    assert space.fingerprint(d, zero_absorbing=True) == cli(
        "fingerprint", example(name), "--decisions", text, "--zero-absorbing").stdout.strip()
    cost = space.cost(d)
    assert cost == json.loads(cli("cost", example(name), "--decisions", text).stdout)
    assert set(cost) == {"params", "flops", "macs"}


def test_space_cost_range_is_the_cli_one(loaded):
    name, space = loaded
    r = cli("cost", example(name), check=False)
    if r.returncode == 0:
        assert space.cost() == json.loads(r.stdout)
    else:
        with pytest.raises(Exception) as e:
            space.cost()
        assert r.stderr.strip().removeprefix("error: ") in str(e.value)


def test_specialize_writes_the_cli_candidate(loaded):
    name, space = loaded
    d = space.sample(seed=6)
    c = space.specialize(d)
    text = json.dumps(d)
    assert c.complete
    assert c.decisions == d
    assert json.loads(c.to_json()) == json.loads(
        cli("specialize", example(name), "--decisions", text, "--to", "candidate").stdout)
    assert c.to_mlir().strip() == cli("specialize", example(name), "--decisions", text).stdout.strip()
    assert c.to_dot() == cli("specialize", example(name), "--decisions", text, "--to", "dot").stdout
    cost = space.cost(d)
    assert (c.params, c.flops, c.macs) == (cost["params"], cost["flops"], cost["macs"])


def test_check_summarizes_as_the_cli(loaded):
    name, space = loaded
    s = space.check()
    line = cli("check", example(name)).stdout
    assert ("%d labels, %d choices, %d repeats, %d selects, %d ops"
            % (s["labels"], s["choices"], s["repeats"], s["selects"], s["ops"])) in line
    assert space.name in s["spaces"]


def test_labels_describe_the_decisions(loaded):
    name, space = loaded
    labels = space.labels()
    by_label = {l["label"]: l for l in labels}
    assert len(by_label) == len(labels)
    for l in labels:
        assert l["kind"] in ("choice", "repeat", "select")
        assert l["options"]
        assert l["sites"] and all(":" in s for s in l["sites"])
        assert l["ops"] >= len(l["sites"])
        assert l["when"] is None or all(isinstance(c, dict) and c for c in l["when"])
    # Every sampled decision names a label with that option, and the label is
    # active: unconditional, or one of its conditions holds.
    for seed in range(5):
        d = space.sample(seed=seed)
        for label, value in d.items():
            entry = by_label[label]
            assert value in entry["options"]
            assert entry["when"] is None or any(
                all(d.get(k) == v for k, v in cond.items()) for cond in entry["when"])


def test_labels_show_conditions_and_sharing(nasir):
    space = nasir.Space.parse("""
def block(x) {
  shared k = one_of [3, 5]
  return relu(conv(x, 8, k=k, pad=2))
}

space s(input [1, 8, 8], classes 10) {
  x = block(input)
  x = block(x)
  x = one_of { plain: relu(x) | deep: relu(conv(x, 8, k=one_of [1, 3] as inner, pad=1)) } as act
  return linear(flatten(x), classes)
}
""", name="shared.nas")
    labels = {l["label"]: l for l in space.labels()}
    assert labels["act"]["when"] is None
    assert labels["act"]["options"] == ["plain", "deep"]
    assert labels["act"]["sites"][0].startswith("shared.nas:10:")
    assert labels["inner"]["when"] == [{"act": "deep"}]
    assert labels["inner"]["options"] == [1, 3]
    assert labels["block.k"]["when"] is None
    assert labels["block.k"]["ops"] > 1  # the two blocks share it
    assert labels["inner"]["ops"] == 1


def test_a_cell_shares_its_labels(nasir):
    labels = nasir.Space.load(example("nb201.nas")).labels()
    assert len(labels) == 6
    for l in labels:
        assert l["ops"] == 15 and len(l["sites"]) == 1  # one cell, used 15 times


def test_labels_of_a_repeat_are_per_iteration(nasir):
    labels = {l["label"]: l for l in nasir.Space.load(example("mlp.nas")).labels()}
    assert labels["depth"]["kind"] == "repeat"
    assert labels["depth"]["options"] == [0, 1, 2, 3]
    # The second iteration's width exists when depth is 2 or 3.
    second = [l for l in labels if l.startswith("layer.") and l.endswith("#1")]
    assert second
    for l in second:
        assert sorted(c["depth"] for c in labels[l]["when"]) == [2, 3]


def test_space_picks_and_binds(nasir):
    space = nasir.Space.load(example("mlp.nas"), input=(1, 8, 8), classes=10)
    d = space.sample(seed=1)
    doc = json.loads(space.specialize(d).to_json())
    assert doc["input"] == [1, 8, 8] and doc["num_classes"] == 10
    same = nasir.Space.load(example("mlp.nas"), input="1x8x8", classes=10)
    assert same.specialize(d).to_json() == space.specialize(d).to_json()
    with open(example("nb201.nas")) as f:
        parsed = nasir.Space.parse(f.read(), name=example("nb201.nas"))
    assert parsed.name == "nb201"
    assert parsed.count() == nasir.Space.load(example("nb201.nas")).count()
    mlir = nasir.Space.parse(parsed.to_mlir(), name="nb201.mlir", mlir=True)
    assert mlir.count() == parsed.count()


def test_a_candidate_outlives_its_space(nasir):
    c = nasir.Space.load(example("nb201.nas")).specialize(
        nasir.Space.load(example("nb201.nas")).sample(seed=0))
    import gc
    gc.collect()
    assert json.loads(c.to_json())["format"] == "nasir-candidate"


def test_partial_decisions_leave_sites_open(nasir):
    space = nasir.Space.load(example("nb201.nas"))
    d = space.sample(seed=0)
    label = sorted(d)[0]
    c = space.specialize({label: d[label]})
    assert not c.complete
    assert "nas.choice" in c.to_mlir()
    with pytest.raises(nasir.Error, match="leaves decisions open"):
        c.params
