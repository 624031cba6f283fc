"""Errors raise nasir.Error (a ValueError) naming the .nas file:line:col; no
input, however broken, crashes the interpreter."""
import json
import os
import random

import pytest

from conftest import EXAMPLE_SPACES, example


def test_error_is_a_value_error(nasir):
    assert issubclass(nasir.Error, ValueError)


def test_a_syntax_error_names_file_line_col(nasir, tmp_path):
    path = tmp_path / "broken.nas"
    path.write_text("space s(input [3, 8, 8], classes 10) {\n  x = conv(input, 8, k=)\n}\n")
    with pytest.raises(nasir.Error) as e:
        nasir.Space.load(str(path))
    assert "%s:2:" % path in str(e.value)
    assert "error:" in str(e.value)
    with pytest.raises(nasir.Error, match=r"text\.nas:2:\d+: error"):
        nasir.Space.parse(path.read_text(), name="text.nas")


def test_a_missing_file_and_space(nasir, tmp_path):
    with pytest.raises(nasir.Error, match="cannot read"):
        nasir.Space.load(str(tmp_path / "none.nas"))
    with pytest.raises(nasir.Error, match="no space named 'other'"):
        nasir.Space.load(example("nb201.nas"), space="other")
    with pytest.raises(nasir.Error, match="declares no space"):
        nasir.Space.parse("def f(x) {\n  return relu(x)\n}\n")


def test_decisions_errors_name_the_label(nasir):
    space = nasir.Space.load(example("nb201.nas"))
    good = space.sample(seed=0)
    label = sorted(good)[0]
    with pytest.raises(nasir.Error, match="nope"):
        space.specialize({**good, label: "nope"})
    with pytest.raises(nasir.Error, match="no_such_label"):
        space.specialize({**good, "no_such_label": "x"})
    with pytest.raises(nasir.Error) as e:
        space.specialize({**good, label: "nope"})
    assert "nb201.nas:" in str(e.value)  # the site's file:line:col


def test_a_violated_constraint_says_how_to_build_anyway(nasir):
    space = nasir.Space.parse("""
space s(input [3, 8, 8], classes 10) {
  x = relu(conv(input, one_of [4, 64] as w, k=3))
  return linear(flatten(x), classes)
  constraint params <= 5000
}
""", name="bound.nas")
    with pytest.raises(nasir.Error, match=r"bound\.nas:5:\d+: error: the candidate has \d+ params.*ignore_constraints=True"):
        space.specialize({"w": 64})
    assert space.specialize({"w": 64}, ignore_constraints=True).params > 5000
    assert all(space.sample(seed=s)["w"] == 4 for s in range(5))


HOSTILE_DECISIONS = [
    None, 3, "text", [1, 2], b"{}", {1: "a"}, {"x": object()}, {"x": float("nan")},
    {"x": 2**100}, {"x": {"y": 1}}, {"x": None}, {"x": True}, {"x": [1, "a"]},
]


@pytest.mark.parametrize("decisions", HOSTILE_DECISIONS, ids=repr)
def test_hostile_decisions_raise(nasir, decisions):
    space = nasir.Space.load(example("nb201.nas"))
    calls = [space.specialize, space.fingerprint, space.mutate]
    if decisions is not None:  # cost(None): the space's range
        calls.append(space.cost)
    for call in calls:
        with pytest.raises(nasir.Error):
            call(decisions)


def test_deeply_nested_decisions_raise(nasir):
    space = nasir.Space.load(example("nb201.nas"))
    deep = []
    for _ in range(100000):
        deep = [deep]
    with pytest.raises(nasir.Error):
        space.specialize({"cell.e1_0": deep})
    cyclic = {}
    cyclic["x"] = cyclic
    with pytest.raises(nasir.Error):
        space.specialize(cyclic)


def test_hostile_arguments_raise(nasir):
    space = nasir.Space.load(example("nb201.nas"))
    for seed in (-1, 2**64, "1", 1.5, None):
        with pytest.raises(nasir.Error):
            space.sample(seed=seed)
    for k in (0, -3, "2"):
        with pytest.raises(nasir.Error):
            space.mutate(space.sample(), k=k)
    for binding in ({"input": "3xx"}, {"input": [0, 3]}, {"input": [3.5]}, {"input": 7},
                    {"classes": 0}, {"classes": "10"}, {"classes": 2**40}):
        with pytest.raises(nasir.Error):
            nasir.Space.load(example("mlp.nas"), **binding)
    with pytest.raises(nasir.Error):
        nasir.Space.parse(b"space")
    with pytest.raises(nasir.Error):
        nasir.torch_module("{")
    with pytest.raises(nasir.Error):
        nasir.torch_module({"format": "nasir-candidate", "version": 1, "nodes": []})


def test_nested_source_raises(nasir):
    for text in ["space s(input [4], classes 2) {\n  return " + "(" * 100000 + "input\n}\n",
                 "space s(input [4], classes 2) {\n  return " + "relu(" * 20000 + "input" + ")" * 20000 + "\n}\n",
                 "[" * 100000, "\0\0\0", "space s(input [99999999999999999999], classes 2) {}"]:
        try:
            nasir.Space.parse(text, name="deep.nas")
        except nasir.Error:
            pass


def _sources():
    for name in EXAMPLE_SPACES:
        with open(example(name)) as f:
            yield name, f.read()


def test_truncated_and_mangled_sources_never_crash(nasir):
    """Every example cut at many points and with bytes flipped: each either
    compiles or raises nasir.Error (a crash would kill the test run)."""
    rng = random.Random(0)
    outcomes = {"ok": 0, "error": 0}
    for name, text in _sources():
        cuts = sorted(set(rng.randrange(len(text)) for _ in range(40)))
        variants = [text[:c] for c in cuts]
        for _ in range(40):
            chars = list(text)
            for _ in range(rng.randint(1, 4)):
                chars[rng.randrange(len(chars))] = rng.choice("(){}[]=,.:;\"'#0123456789xk \n\\\0\u00e9")
            variants.append("".join(chars))
        for v in variants:
            try:
                space = nasir.Space.parse(v, name=name)
            except nasir.Error as e:
                assert str(e)
                outcomes["error"] += 1
                continue
            outcomes["ok"] += 1
            try:
                space.check()
                space.count()
                d = space.sample(seed=1)
                space.specialize(d).to_json()
            except nasir.Error:
                pass
    assert outcomes["error"] > 0 and outcomes["ok"] > 0
