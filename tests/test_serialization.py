"""nn.save / nn.load: round trips, atomic writes, and every bad-file path leaving the model untouched."""

import os
import pathlib

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
