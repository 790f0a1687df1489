"""nn.save / nn.load: round trips, atomic writes, and every bad-file path leaving the model untouched."""

import io
import os
import pathlib
import pickle
import zipfile

import numpy as np
import pytest

import autograd
import nn


def make_model(seed):
    autograd.manual_seed(seed)
    model = nn.MLP(3, [5], 2, batchnorm=True)
    model(autograd.randn(8, 3))  # running statistics move away from 0 / 1
    return model


def same_state(a, b):
    sa, sb = a.state_dict(), b.state_dict()
    return list(sa) == list(sb) and all(
        np.array_equal(sa[k], sb[k]) and sa[k].dtype == sb[k].dtype for k in sa
    )


def test_round_trip_restores_parameters_and_buffers(tmp_path):
    source, target = make_model(0), make_model(1)
    assert not same_state(source, target)
    path = tmp_path / "model.npz"
    assert nn.save(source, path) == str(path)
    assert nn.load(target, path) is target
    assert same_state(source, target)
    assert target.layers[1].num_batches_tracked.item() == 1
    x = np.ones((2, 3))
    source.eval(), target.eval()
    assert np.array_equal(source(x).numpy(), target(x).numpy())


def test_file_is_a_plain_npz_without_pickles(tmp_path):
    model = make_model(0)
    path = tmp_path / "model.npz"
    nn.save(model, str(path))
    with np.load(path, allow_pickle=False) as archive:
        assert sorted(archive.files) == sorted(model.state_dict())
        assert np.array_equal(archive["layers.0.weight"], model.layers[0].weight.numpy())
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]  # no temporary left behind


def test_failed_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "model.npz"
    nn.save(make_model(0), path)
    before = path.read_bytes()
    calls = []

    def failing_write(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full (simulated)")
        return original(*args, **kwargs)

    original = np.lib.format.write_array
    monkeypatch.setattr(np.lib.format, "write_array", failing_write)
    with pytest.raises(OSError, match="simulated"):
        nn.save(make_model(1), path)
    assert len(calls) == 3
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]


def test_missing_file(tmp_path):
    model = make_model(0)
    before = {k: np.array(v) for k, v in model.state_dict().items()}  # copies
    with pytest.raises(FileNotFoundError, match="no such file.*absent.npz"):
        nn.load(model, tmp_path / "absent.npz")
    assert all(np.array_equal(before[k], v) for k, v in model.state_dict().items())


@pytest.mark.parametrize("kind", ["truncated", "text", "npy", "empty", "corrupt"])
def test_unreadable_files_are_clear_errors_and_change_nothing(tmp_path, kind):
    model = make_model(0)
    good = tmp_path / "good.npz"
    nn.save(make_model(1), good)
    bad = tmp_path / "bad.npz"
    if kind == "truncated":
        bad.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    elif kind == "text":
        bad.write_text("weights: 1 2 3\n")
    elif kind == "npy":
        np.save(tmp_path / "bad.npy", np.ones(3))
        os.replace(tmp_path / "bad.npy", bad)
    elif kind == "empty":
        bad.write_bytes(b"")
    else:  # flip bytes inside the stored arrays
        data = bytearray(good.read_bytes())
        data[200:260] = bytes(60)
        bad.write_bytes(bytes(data))
    before = {k: np.array(v) for k, v in model.state_dict().items()}  # copies
    with pytest.raises(ValueError, match="not a readable .npz archive written by nn.save"):
        nn.load(model, bad)
    assert all(np.array_equal(before[k], v) for k, v in model.state_dict().items())


def test_foreign_or_mismatched_archives_are_rejected_without_changes(tmp_path):
    model = make_model(0)
    before = {k: np.array(v) for k, v in model.state_dict().items()}  # copies
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, something=np.ones(3))
    with pytest.raises(ValueError, match="unexpected: something"):
        nn.load(model, foreign)
    other = tmp_path / "other.npz"
    nn.save(nn.MLP(3, [6], 2, batchnorm=True), other)
    with pytest.raises(
        nn.StateDictError, match=r"layers.0.weight: shape \(6, 3\) in the state dict, \(5, 3\)"
    ):
        nn.load(model, other)
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, **{k: v for k, v in before.items()}, extra=np.array([{"a": 1}], dtype=object))
    with pytest.raises(ValueError, match="not a readable"):
        nn.load(model, pickled)
    assert all(np.array_equal(before[k], v) for k, v in model.state_dict().items())


def test_arguments_are_checked(tmp_path):
    with pytest.raises(TypeError, match="nn.save: expected a Module"):
        nn.save({"w": np.ones(2)}, tmp_path / "x.npz")
    with pytest.raises(TypeError, match="nn.load: expected a Module"):
        nn.load(tmp_path / "x.npz", nn.Linear(1, 1))
    nn.save(nn.Linear(1, 1), pathlib.Path(tmp_path) / "y.npz")
    assert (tmp_path / "y.npz").exists()


# ---- autograd.save / autograd.load: PyTorch's torch.save / torch.load, for ported programs ---------


def test_torch_save_load_round_trips_a_state_dict_into_a_new_model(tmp_path):
    source, target = make_model(0), make_model(1)
    path = tmp_path / "model.pt"
    autograd.save(source.state_dict(), path)
    state = autograd.load(path)
    assert list(state) == list(source.state_dict())
    assert all(isinstance(v, autograd.Tensor) and not v.requires_grad for v in state.values())
    target.load_state_dict(state)
    assert same_state(source, target)
    assert [p.name for p in tmp_path.iterdir()] == ["model.pt"]  # no temporary left behind


def test_torch_save_load_keeps_the_nest_types_dtypes_and_requires_grad():
    obj = {  # the shapes of an optimiser's state_dict, and the other leaves save stores
        0: {"step": 3, "exp_avg": autograd.tensor([1.5, -2.0])},
        "groups": [{"lr": 0.1, "betas": (0.9, 0.999), "nesterov": False, "name": None}],
        "w": autograd.tensor([[1.0, 2.0]], requires_grad=True),
        "f32": autograd.tensor([1.0], dtype=autograd.float32),
        "labels": autograd.tensor([3, 1]),
        "mask": autograd.tensor([True, False]),
        "array": np.arange(4, dtype=np.int32),
        "scalar": np.float32(2.5),
        "inf": float("inf"),
    }
    buffer = io.BytesIO()
    autograd.save(obj, buffer)
    buffer.seek(0)
    back = autograd.load(buffer)
    assert list(back) == list(obj) and back["groups"] == obj["groups"]
    assert back[0]["step"] == 3 and np.array_equal(back[0]["exp_avg"].numpy(), [1.5, -2.0])
    assert back["w"].requires_grad and back["w"].is_leaf
    assert back["f32"].dtype == np.float32 and back["labels"].dtype == np.int64 and back["mask"].dtype == bool
    assert back["array"].dtype == np.int32 and np.array_equal(back["array"], np.arange(4))
    assert type(back["scalar"]) is np.float32 and back["scalar"] == 2.5
    assert back["inf"] == float("inf")


def test_torch_save_pickles_a_whole_model_and_load_needs_weights_only_false(tmp_path):
    """The tutorials' torch.save(model) / torch.load(path, weights_only=False), and PyTorch's rule
    that a default (weights-only) load refuses to unpickle."""
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 2), nn.ReLU())
    path = tmp_path / "model.pth"
    autograd.save({"model": model, "epoch": 3, "keys": {(1, 2): "a"}}, path)
    with pytest.raises(
        pickle.UnpicklingError, match=r"2 pickled object\(s\) \(a whole Sequential.*weights_only=False"
    ):
        autograd.load(path)
    back = autograd.load(path, weights_only=False)
    assert back["epoch"] == 3 and back["keys"] == {(1, 2): "a"}
    x = autograd.randn(4, 3)
    assert np.array_equal(back["model"](x).numpy(), model(x).numpy())
    assert back["model"] is not model
    plain = tmp_path / "plain.pth"
    autograd.save(model.state_dict(), plain)
    assert all(not name.endswith(".pkl") for name in zipfile.ZipFile(plain).namelist())


def test_torch_save_refuses_what_it_cannot_pickle_and_keeps_the_old_file(tmp_path):
    path = tmp_path / "model.pt"
    autograd.save({"w": autograd.tensor([1.0])}, path)
    before = path.read_bytes()
    with pytest.raises(
        TypeError, match=r"obj\['a'\]\[1\] is a function that cannot be pickled.*state_dict\(\)"
    ):
        autograd.save({"a": [1, lambda: 0]}, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.pt"]


def test_torch_load_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="load: no such file.*absent.pt"):
        autograd.load(tmp_path / "absent.pt")
    text = tmp_path / "text.pt"
    text.write_text("weights: 1 2 3\n")
    with pytest.raises(ValueError, match="text.pt' is not a file written by autograd.save"):
        autograd.load(text)
    good = tmp_path / "good.pt"
    autograd.save({"w": autograd.tensor([1.0, 2.0])}, good)
    truncated = tmp_path / "truncated.pt"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    with pytest.raises(ValueError, match="not a file written by autograd.save"):
        autograd.load(truncated)
    with pytest.raises(RuntimeError, match="map_location='cuda'.*CPU only"):
        autograd.load(good, map_location="cuda")
    assert np.array_equal(autograd.load(good, map_location=autograd.device("cpu"))["w"].numpy(), [1.0, 2.0])


def test_torch_load_names_a_pytorch_file(tmp_path):
    torch = pytest.importorskip("torch")
    path = tmp_path / "torch.pt"
    torch.save({"w": torch.ones(2)}, path)
    with pytest.raises(ValueError, match="a PyTorch file \\(pickled\\), which chainrule does not read"):
        autograd.load(path)


def test_nested_state_with_none_and_empty_containers_round_trips(tmp_path):
    """An optimiser-like state (dicts, lists, None, empty containers) comes back as it was saved."""

    class Holder:
        def __init__(self, state):
            self.state = state

        def state_dict(self):
            return self.state

        def load_state_dict(self, state):
            self.state = state

    saved = {
        "groups": [{"lr": 0.5, "line_search_fn": None, "params": [0, 1]}],
        "empty": {},
        "none_list": [],
        "x": None,
    }
    nn.save(Holder(saved), tmp_path / "state.npz")
    loaded = nn.load(Holder(None), tmp_path / "state.npz").state
    assert loaded["x"] is None and loaded["groups"][0]["line_search_fn"] is None
    assert loaded["empty"] == {} and loaded["none_list"] == []
    assert float(loaded["groups"][0]["lr"]) == 0.5 and list(loaded["groups"][0]["params"]) == [0, 1]
