"""Candidate.to_onnx(): the same ONNX writer as `nasir export --to onnx`
(nasir-train --export-onnx, the LibTorch runtime). For a candidate of every
example space the model passes onnx's full checker, and OpenCV's DNN module
computes what to_torch() computes with the exported weights (max abs
difference < 1e-4); errors raise nasir.Error with nasir-train's reason."""
import json
import os

import pytest

torch = pytest.importorskip("torch")
onnx = pytest.importorskip("onnx")
from onnx import numpy_helper  # noqa: E402
cv2 = pytest.importorskip("cv2")
np = pytest.importorskip("numpy")

from conftest import BIN_DIR, EXAMPLE_SPACES, example


@pytest.mark.parametrize("name", EXAMPLE_SPACES)
def test_to_onnx_runs_in_opencv_like_to_torch(nasir, name, tmp_path):
    space = nasir.Space.load(example(name))
    candidate = space.specialize(space.sample(seed=1))
    model_path, weights = tmp_path / "m.onnx", tmp_path / "w.pt"
    summary = candidate.to_onnx(model_path, seed=3, save_weights=weights)
    assert summary["status"] == "ok" and summary["opset"] == 10
    assert summary["weights"] == "fresh (seed 3)"

    model = onnx.load(str(model_path))
    onnx.checker.check_model(model, full_check=True)
    assert len(model.graph.node) == summary["nodes"]

    net = candidate.to_torch()
    net.load_state_dict(torch.jit.load(str(weights), map_location="cpu").state_dict())
    net.eval()
    shape = json.loads(candidate.to_json())["input"]
    x = torch.randn(2, *shape, generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        expected = net(x).numpy()

    dnn = cv2.dnn.readNetFromONNX(str(model_path))
    dnn.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
    dnn.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
    blob = x.numpy()
    dnn.setInput(blob[..., None] if blob.ndim == 3 else blob)
    y = dnn.forward()
    assert y.size == expected.size
    assert float(np.abs(y.reshape(expected.shape) - expected).max()) < 1e-4


def test_to_onnx_with_weights_keeps_them(nasir, tmp_path):
    space = nasir.Space.load(example("mlp.nas"))
    candidate = space.specialize(space.sample(seed=0))
    first, w = tmp_path / "a.onnx", tmp_path / "w.pt"
    candidate.to_onnx(first, seed=7, save_weights=w)
    again = tmp_path / "b.onnx"
    summary = candidate.to_onnx(again, weights=w)
    assert summary["weights"] == str(w)
    a = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(first)).graph.initializer}
    b = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(again)).graph.initializer}
    assert a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def test_to_onnx_errors(nasir, tmp_path, monkeypatch):
    space = nasir.Space.load(example("mlp.nas"))
    candidate = space.specialize(space.sample(seed=0))
    with pytest.raises(nasir.Error, match="nasir-train --export-onnx failed: .*missing.pt"):
        candidate.to_onnx(tmp_path / "m.onnx", weights=tmp_path / "missing.pt")
    assert not (tmp_path / "m.onnx").exists()
    with pytest.raises(nasir.Error, match="path must be a path"):
        candidate.to_onnx(3)
    with pytest.raises(nasir.Error, match="seed must be an integer"):
        candidate.to_onnx(tmp_path / "m.onnx", seed=-1)
    monkeypatch.setenv("NASIR_TRAIN", str(tmp_path / "no-such-train"))
    with pytest.raises(nasir.Error, match="cannot run .*no-such-train"):
        candidate.to_onnx(tmp_path / "m.onnx")


def test_to_onnx_finds_the_builds_train(nasir, monkeypatch):
    monkeypatch.delenv("NASIR_TRAIN", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    assert os.path.samefile(nasir._find_train(), os.path.join(BIN_DIR, "nasir-train"))
