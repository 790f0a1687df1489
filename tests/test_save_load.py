"""autograd.save / autograd.load: PyTorch's torch.save / torch.load of state dicts and objects."""

import io

import numpy as np
import pytest

import autograd
import nn
import optim


def _model():
    autograd.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))


def test_state_dict_round_trip_through_a_path(tmp_path):
    model = _model()
    autograd.save(model.state_dict(), tmp_path / "model.pth")
    other = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    result = other.load_state_dict(autograd.load(tmp_path / "model.pth"))
    assert repr(result) == "<All keys matched successfully>"
    x = autograd.randn(5, 3)
    np.testing.assert_array_equal(other(x).numpy(), model(x).numpy())


def test_round_trip_through_a_file_object_keeps_tensors_and_containers():
    state = {"step": 3, "w": autograd.arange(6).reshape(2, 3), "nested": [autograd.ones(2), 1.5, "x"]}
    buffer = io.BytesIO()
    autograd.save(state, buffer)
    buffer.seek(0)
    loaded = autograd.load(buffer, map_location="cpu")
    assert loaded["step"] == 3 and loaded["nested"][1:] == [1.5, "x"]
    assert loaded["w"].dtype == autograd.int64
    np.testing.assert_array_equal(loaded["w"].numpy(), np.arange(6).reshape(2, 3))
    np.testing.assert_array_equal(loaded["nested"][0].numpy(), np.ones(2))


def test_optimizer_state_round_trip(tmp_path):
    model = _model()
    opt = optim.Adam(model.parameters(), lr=0.1)
    model(autograd.randn(4, 3)).sum().backward()
    opt.step()
    autograd.save({"model": model.state_dict(), "optimizer": opt.state_dict()}, tmp_path / "ckpt.pt")
    checkpoint = autograd.load(tmp_path / "ckpt.pt")
    fresh = _model()
    fresh.load_state_dict(checkpoint["model"])
    fresh_opt = optim.Adam(fresh.parameters(), lr=0.1)
    fresh_opt.load_state_dict(checkpoint["optimizer"])
    for a, b in zip(fresh.parameters(), model.parameters()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_a_whole_module_needs_weights_only_false(tmp_path):
    model = _model()
    autograd.save(model, tmp_path / "model.pth")
    with pytest.raises(autograd.serialization.UnpicklingError, match="weights_only=False"):
        autograd.load(tmp_path / "model.pth")
    loaded = autograd.load(tmp_path / "model.pth", weights_only=False)
    x = autograd.randn(2, 3)
    np.testing.assert_array_equal(loaded(x).numpy(), model(x).numpy())


def test_bad_arguments_are_clear_errors(tmp_path):
    with pytest.raises(TypeError, match="save: f must be a path"):
        autograd.save({}, 3)
    with pytest.raises(TypeError, match="load: f must be a path"):
        autograd.load(None)
    autograd.save({}, tmp_path / "x.pt")
    with pytest.raises(RuntimeError, match="CPU only"):
        autograd.load(tmp_path / "x.pt", map_location="cuda")
