"""Candidate.to_torch(): the LibTorch runtime's network in PyTorch. With the
runtime's weights (nasir-forward --save-init), the outputs are the runtime's
exactly (max abs difference 0 on CPU), for candidates of every example space
and for the runtime's test candidates that hold every op of the layer table."""
import copy
import json
import os
import pickle
import subprocess

import pytest

torch = pytest.importorskip("torch")

from conftest import BIN_DIR, EXAMPLE_SPACES, SOURCE_DIR, example

RUNTIME_INPUTS = os.path.join(SOURCE_DIR, "test", "Runtime", "Inputs")


def raw(path):
    return torch.frombuffer(bytearray(open(path, "rb").read()), dtype=torch.float32)


def runtime_forward(doc_text, tmp_path, seed):
    """The runtime's fresh weights (after a few training-mode passes) and its
    eval-mode output on a seeded batch, written by nasir-forward."""
    cand, weights = tmp_path / "c.json", tmp_path / "w.pt"
    inp, out = tmp_path / "in.f32", tmp_path / "out.f32"
    cand.write_text(doc_text)
    subprocess.run([os.path.join(BIN_DIR, "nasir-forward"), str(cand), "--save-init", str(weights),
                    "--batch", "3", "--seed", str(seed), "--input", str(inp), "--output", str(out)],
                   check=True, capture_output=True)
    return weights, raw(inp), raw(out)


def assert_same_as_runtime(nasir, doc_text, tmp_path, seed=3):
    weights, x, expected = runtime_forward(doc_text, tmp_path, seed)
    model = nasir.torch_module(doc_text)
    state = torch.jit.load(str(weights), map_location="cpu").state_dict()
    # The runtime's names, shapes and order: parameters and buffers alike.
    assert list(state) == list(model.state_dict())
    assert [p.shape for p in model.state_dict().values()] == [p.shape for p in state.values()]
    model.load_state_dict(state, strict=True)
    model.eval()
    doc = json.loads(doc_text)
    x = x.reshape(-1, *doc["input"])
    with torch.no_grad():
        y = model(x)
    assert tuple(y.shape) == (x.shape[0], doc["num_classes"])
    diff = (y - expected.reshape(y.shape)).abs().max().item()
    assert diff == 0, "max abs difference %g" % diff
    return model


@pytest.fixture(autouse=True)
def one_thread():
    # nasir-forward runs LibTorch on one thread (its default here): the same
    # kernels with the same reduction order.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.mark.parametrize("name", EXAMPLE_SPACES)
def test_example_candidates_match_the_runtime(nasir, name, tmp_path):
    space = nasir.Space.load(example(name))
    for seed in (0, 1, 2):
        c = space.specialize(space.sample(seed=seed))
        model = assert_same_as_runtime(nasir, c.to_json(), tmp_path, seed=seed + 3)
        assert sum(p.numel() for p in model.parameters()) == c.params


@pytest.mark.parametrize("doc", ["all_ops.json", "sequence_ops.json", "digits_conv1d.json"])
def test_every_layer_matches_the_runtime(nasir, doc, tmp_path):
    with open(os.path.join(RUNTIME_INPUTS, doc)) as f:
        assert_same_as_runtime(nasir, f.read(), tmp_path)


def test_the_runtime_test_candidates_cover_the_layer_table(nasir):
    from nasir.candidate_net import BUILDERS
    assert set(BUILDERS) == set(nasir.layer_kinds())
    ops = set()
    for doc in ("all_ops.json", "sequence_ops.json", "digits_conv1d.json"):
        with open(os.path.join(RUNTIME_INPUTS, doc)) as f:
            ops |= {n["op"] for n in json.load(f)["nodes"]}
    assert ops == set(nasir.layer_kinds())


def test_a_module_trains_and_copies(nasir):
    space = nasir.Space.load(example("nb201.nas"))
    model = space.specialize(space.sample(seed=0)).to_torch()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(4, 3, 32, 32), torch.tensor([0, 1, 2, 3])
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    twin = copy.deepcopy(model)
    with torch.no_grad():
        for p in twin.parameters():
            p.add_(1.0)
    model.eval(), twin.eval()
    with torch.no_grad():
        assert not torch.equal(model(x), twin(x))  # the copy has its own layers
    again = pickle.loads(pickle.dumps(model))
    with torch.no_grad():
        assert torch.equal(again(x), model(x))


def test_a_batch_that_does_not_fit_is_an_error(nasir):
    space = nasir.Space.load(example("nb201.nas"))
    model = space.specialize(space.sample(seed=0)).to_torch()
    with pytest.raises(ValueError, match="does not fit the input"):
        model(torch.randn(2, 3, 16, 16))
